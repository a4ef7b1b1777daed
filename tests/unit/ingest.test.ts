// The background's ingest: validation, idempotent upserts, no stale overwrite, sender checks.
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestSnapshot, recordReadFailure, senderAllowed } from '../../entrypoints/background/handlers';
import { SalesDb } from '../../lib/db';
import { parseMessage, splitSnapshot, type SnapshotMessage } from '../../lib/messages';
import type { DealFields, Snapshot } from '../../lib/model';

const ACCOUNT = 'https://acme.amocrm.ru';
const T0 = Date.UTC(2026, 2, 12, 9, 0);

function deal(id: string, patch: Partial<DealFields> = {}): DealFields {
  return {
    crmId: id,
    title: `ООО Ромашка ${id}`,
    amount: 1_250_000,
    currency: 'RUB',
    pipelineId: '10',
    stageId: '101',
    status: 'open',
    ownerId: '7',
    createdAt: T0 - 86_400_000 * 20,
    stageEnteredAt: T0 - 86_400_000 * 3,
    updatedAt: T0 - 3_600_000,
    closedAt: null,
    lossReason: null,
    client: 'ООО Ромашка',
    nextTaskAt: null,
    url: `${ACCOUNT}/leads/detail/${id}`,
    ...patch,
  };
}

function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    crm: 'amocrm',
    account: ACCOUNT,
    accountName: 'acme',
    source: 'api',
    currency: 'RUB',
    readAt: T0,
    currentUserId: '7',
    managers: [{ crmId: '7', name: 'Ирина Ковалёва', title: null, active: true }],
    pipelines: [{ crmId: '10', name: 'Продажи', order: 1 }],
    stages: [{ crmId: '101', pipelineId: '10', name: 'КП отправлено', order: 3, kind: 'open' }],
    deals: [deal('1'), deal('2')],
    tasks: [],
    activities: [
      { crmId: 'c1', type: 'call', at: T0 - 60_000, ownerId: '7', dealId: '1', durationSec: 65, direction: 'out', outcome: 'answered' },
    ],
    problems: [],
    ...patch,
  };
}

const message = (s: Snapshot): SnapshotMessage => ({ kind: 'snapshot', part: { index: 0, count: 1 }, snapshot: s });

let db: SalesDb;
beforeEach(async () => {
  db = new SalesDb(`test-${Math.random()}`);
  await db.open();
});

describe('ingestSnapshot', () => {
  it('stores every record keyed by account and CRM id', async () => {
    const reply = await ingestSnapshot(db, message(snapshot()));
    expect(reply).toEqual({ ok: true, written: 6, skipped: 0 });
    expect((await db.deals.get(`${ACCOUNT}|1`))?.title).toBe('ООО Ромашка 1');
    expect((await db.accounts.get(ACCOUNT))?.currentUserId).toBe('7');
  });

  it('writes no rows when the same page is read twice', async () => {
    await ingestSnapshot(db, message(snapshot()));
    const before = await db.deals.toArray();
    const reply = await ingestSnapshot(db, message(snapshot({ readAt: T0 + 60_000 })));
    expect(reply).toEqual({ ok: true, written: 0, skipped: 0 });
    expect(await db.deals.toArray()).toEqual(before);
  });

  it('writes only the changed record', async () => {
    await ingestSnapshot(db, message(snapshot()));
    const reply = await ingestSnapshot(db, message(snapshot({ readAt: T0 + 1, deals: [deal('1', { stageId: '102', updatedAt: T0 }), deal('2')] })));
    expect(reply).toMatchObject({ written: 1 });
    expect((await db.deals.get(`${ACCOUNT}|1`))?.stageId).toBe('102');
  });

  it('never lets an older read overwrite a newer record', async () => {
    await ingestSnapshot(db, message(snapshot({ deals: [deal('1', { stageId: '102', updatedAt: T0 })] })));
    const reply = await ingestSnapshot(db, message(snapshot({ deals: [deal('1', { stageId: '101', updatedAt: T0 - 10_000 })] })));
    expect(reply).toMatchObject({ written: 0, skipped: 1 });
    expect((await db.deals.get(`${ACCOUNT}|1`))?.stageId).toBe('102');
  });

  it('keeps two accounts with the same ids apart', async () => {
    await ingestSnapshot(db, message(snapshot()));
    await ingestSnapshot(db, message(snapshot({ account: 'https://other.amocrm.ru', deals: [deal('1', { title: 'Другая' })] })));
    expect(await db.deals.count()).toBe(3);
    expect((await db.deals.get(`${ACCOUNT}|1`))?.title).toBe('ООО Ромашка 1');
  });

  it('stores a large read sent in parts, with the problems of the first part', async () => {
    const many = Array.from({ length: 45 }, (_, i) => deal(String(i)));
    const parts = splitSnapshot(snapshot({ deals: many, problems: [{ code: 'amount-missing', message: '3 cards without amount' }] }), 20);
    expect(parts).toHaveLength(3);
    for (const [index, part] of parts.entries()) {
      await ingestSnapshot(db, { kind: 'snapshot', part: { index, count: parts.length }, snapshot: part });
    }
    expect(await db.deals.count()).toBe(45);
    expect((await db.accounts.get(ACCOUNT))?.problems).toHaveLength(1);
  });
});

describe('recordReadFailure', () => {
  it('keeps stored data and remembers what failed', async () => {
    await ingestSnapshot(db, message(snapshot()));
    await recordReadFailure(db, { kind: 'read-failed', crm: 'amocrm', account: ACCOUNT, at: T0 + 5, problems: [{ code: 'http-401', message: 'amoCRM: HTTP 401' }] });
    expect(await db.deals.count()).toBe(2);
    const account = await db.accounts.get(ACCOUNT);
    expect(account?.problems[0]?.code).toBe('http-401');
    expect(account?.lastGoodReadAt).toBe(T0);
  });
});

describe('parseMessage', () => {
  it.each([
    ['not an object', 42],
    ['unknown kind', { kind: 'drop-tables' }],
    ['deal without owner', message(snapshot({ deals: [{ ...deal('1'), ownerId: '' }] }))],
    ['amount as text', { ...message(snapshot()), snapshot: { ...snapshot(), deals: [{ ...deal('1'), amount: '1 250 000' }] } }],
    ['javascript: url', message(snapshot({ deals: [deal('1', { url: 'javascript:alert(1)' })] }))],
    ['oversize', message(snapshot({ deals: Array.from({ length: 20_001 }, (_, i) => deal(String(i))) }))],
  ])('rejects %s', (_, raw) => {
    expect(parseMessage(raw).ok).toBe(false);
  });

  it('accepts a well-formed snapshot', () => {
    expect(parseMessage(message(snapshot())).ok).toBe(true);
  });
});

describe('senderAllowed', () => {
  it.each([
    [{ id: 'ext', tab: {}, url: `${ACCOUNT}/leads` }, true],
    [{ id: 'other', tab: {}, url: `${ACCOUNT}/leads` }, false],
    [{ id: 'ext', url: `${ACCOUNT}/leads` }, false],
    [{ id: 'ext', tab: {}, url: 'https://evil.example/leads' }, false],
  ])('%o → %s', (sender, allowed) => {
    expect(senderAllowed(sender, 'ext', ACCOUNT)).toBe(allowed);
  });
});
