// Concurrent ingest: two tabs of one account and two CRMs sending at once lose nothing, duplicate nothing, and a newer
// updatedAt always wins whatever the arrival order.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestSnapshot } from '../../entrypoints/background/handlers';
import { SalesDb } from '../../lib/db';
import { splitSnapshot, type SnapshotMessage } from '../../lib/messages';
import { recordKey, type ActivityFields, type DealFields, type Snapshot, type TaskFields } from '../../lib/model';
import { FUZZ_TIMEOUT, RUNS } from '../support/fuzz';

const AMO = 'https://acme.amocrm.ru';
const B24 = 'https://acme.bitrix24.ru';
const T0 = new Date(2026, 10, 25, 9, 0).getTime();
const MINUTE = 60_000;

function deal(account: string, id: string, updatedAt: number, patch: Partial<DealFields> = {}): DealFields {
  return {
    crmId: id, title: `Сделка ${id} @${updatedAt - T0}`, amount: 100_000, currency: 'RUB', pipelineId: 'p', stageId: 's1', status: 'open', ownerId: '7',
    createdAt: T0 - 30 * 86_400_000, stageEnteredAt: T0 - 86_400_000, updatedAt, closedAt: null, lossReason: null, client: null, nextTaskAt: null,
    url: `${account}/deal/${id}`, ...patch,
  };
}
const task = (id: string, text: string): TaskFields => ({ crmId: id, type: 'call', text, dueAt: T0 + MINUTE, done: false, doneAt: null, ownerId: '7', dealId: null });
const call = (id: string, at: number): ActivityFields => ({ crmId: id, type: 'call', at, ownerId: '7', dealId: null, durationSec: 60, direction: 'out', outcome: null });

function snapshot(account: string, readAt: number, patch: Partial<Snapshot> = {}): Snapshot {
  return {
    crm: account === AMO ? 'amocrm' : 'bitrix24', account, accountName: new URL(account).hostname.split('.')[0] ?? account, currency: 'RUB', readAt,
    source: 'api', currentUserId: '7', managers: [{ crmId: '7', name: 'Ирина', title: null, active: true }], pipelines: [{ crmId: 'p', name: 'Продажи', order: 0 }],
    stages: [{ crmId: 's1', pipelineId: 'p', name: 'Новая', order: 0, kind: 'open' }], deals: [], tasks: [], activities: [], problems: [], ...patch,
  };
}
const whole = (s: Snapshot): SnapshotMessage => ({ kind: 'snapshot', part: { index: 0, count: 1 }, snapshot: s });
const inParts = (s: Snapshot, size: number): SnapshotMessage[] => {
  const parts = splitSnapshot(s, size);
  return parts.map((part, index) => ({ kind: 'snapshot', part: { index, count: parts.length }, snapshot: part }));
};

let db: SalesDb;
beforeAll(async () => {
  db = new SalesDb(`concurrency-${Math.random()}`);
  await db.open();
});
beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
});
afterAll(async () => {
  db.close();
  await db.delete();
});

/** The version of each deal key with the greatest updatedAt among everything sent. */
function newestByKey(messages: readonly SnapshotMessage[]): Map<string, DealFields> {
  const newest = new Map<string, DealFields>();
  for (const { snapshot: s } of messages) {
    for (const d of s.deals) {
      const key = recordKey(s.account, d.crmId);
      const known = newest.get(key);
      if (!known || d.updatedAt > known.updatedAt) newest.set(key, d);
    }
  }
  return newest;
}

const withoutKeys = <T extends { key: string; account: string; seenAt: number }>({ key: _k, account: _a, seenAt: _s, ...fields }: T) => fields;

describe('two tabs of one account and two CRMs at once', () => {
  it('keeps the newest version of every deal, exact counts, both accounts', async () => {
    // Tab 1: an API read at 9:05 of deals 1–6; tab 2: a read at 9:06 of deals 4–9 where 4 and 5 changed since and
    // 6 is an older copy (its page showed a stale card); Bitrix24: its own deals 1–3, same ids, another account.
    const tab1 = snapshot(AMO, T0 + 5 * MINUTE, {
      deals: ['1', '2', '3', '4', '5', '6'].map((id) => deal(AMO, id, T0 + Number(id) * 1000)),
      tasks: [task('t1', 'from tab 1')],
      activities: [call('c1', T0), call('c2', T0 + MINUTE)],
    });
    const tab2 = snapshot(AMO, T0 + 6 * MINUTE, {
      deals: [deal(AMO, '4', T0 + 4 * MINUTE, { stageId: 's2' }), deal(AMO, '5', T0 + 5 * MINUTE, { amount: 7 }), deal(AMO, '6', T0 - MINUTE, { title: 'stale' }), ...['7', '8', '9'].map((id) => deal(AMO, id, T0))],
      tasks: [task('t2', 'from tab 2')],
      activities: [call('c2', T0 + MINUTE), call('c3', T0 + 2 * MINUTE)],
    });
    const bitrix = snapshot(B24, T0 + 5 * MINUTE + 30_000, { deals: ['1', '2', '3'].map((id) => deal(B24, id, T0)), activities: [call('c1', T0)] });
    const messages = [whole(tab1), whole(tab2), whole(bitrix)];

    const replies = await Promise.all(messages.map((m) => ingestSnapshot(db, m)));

    expect(replies.every((r) => r.ok)).toBe(true);
    expect(await db.deals.count()).toBe(9 + 3);
    expect(await db.tasks.count()).toBe(2);
    expect(await db.activities.count()).toBe(3 + 1);
    expect(await db.managers.count()).toBe(2);
    expect(await db.accounts.count()).toBe(2);
    for (const [key, newest] of newestByKey(messages)) {
      const stored = await db.deals.get(key);
      expect([key, stored && withoutKeys(stored)]).toEqual([key, newest]);
    }
    expect((await db.deals.get(`${AMO}|6`))?.title).not.toBe('stale');
    expect((await db.accounts.get(AMO))?.lastReadAt).toBe(T0 + 6 * MINUTE);
    expect((await db.accounts.get(B24))?.lastReadAt).toBe(T0 + 5 * MINUTE + 30_000);
  });

  it('a big API read in parts and a page read of the same board interleaved: the page never overwrites the API data', async () => {
    const api = snapshot(AMO, T0 + 10 * MINUTE, { deals: Array.from({ length: 23 }, (_, i) => deal(AMO, String(i), T0 + 9 * MINUTE, { stageId: 's2' })) });
    // A page read knows no "last changed": its updatedAt is the creation date, older than anything the API says.
    const page = snapshot(AMO, T0 + 11 * MINUTE, { source: 'page', deals: Array.from({ length: 10 }, (_, i) => deal(AMO, String(i * 2), T0 - 30 * 86_400_000)) });
    const parts = inParts(api, 5);
    expect(parts).toHaveLength(5);
    await Promise.all([...parts.slice(0, 2).map((m) => ingestSnapshot(db, m)), ingestSnapshot(db, whole(page)), ...parts.slice(2).map((m) => ingestSnapshot(db, m))]);
    expect(await db.deals.count()).toBe(23);
    expect((await db.deals.toArray()).every((d) => d.stageId === 's2' && d.updatedAt === T0 + 9 * MINUTE)).toBe(true);
    const account = await db.accounts.get(AMO);
    expect(account?.lastReadAt).toBe(T0 + 11 * MINUTE);
    // Only the complete API read moves the cursor.
    expect(account?.cursor).toEqual({ at: T0 + 10 * MINUTE, userId: '7' });
  });
});

describe('whatever the arrival order (property-based)', () => {
  /** Versions of a few deals with distinct updatedAt, spread over snapshots of two accounts, sent in any order, some at once. */
  const scenario = fc
    .record({
      versions: fc.array(
        fc.record({ account: fc.constantFrom(AMO, B24), id: fc.constantFrom('1', '2', '3', '4', '5'), stage: fc.constantFrom('s1', 's2', 's3'), snapshot: fc.nat(3) }),
        { minLength: 1, maxLength: 24 },
      ),
      times: fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 24, maxLength: 24 }),
      order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      together: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      parts: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ versions, times, order, together, parts }) => {
      // Snapshot n of an account holds the versions assigned to it (the last one of a key, as the CRM sent it, wins within a read).
      const bySnapshot = new Map<string, DealFields[]>();
      versions.forEach((v, i) => {
        const name = `${v.account}#${v.snapshot}`;
        const list = (bySnapshot.get(name) ?? []).filter((d) => d.crmId !== v.id);
        list.push(deal(v.account, v.id, T0 + (times[i] ?? i) * 1000, { stageId: v.stage }));
        bySnapshot.set(name, list);
      });
      const messages = [...bySnapshot.entries()].flatMap(([name, deals], i) => {
        const [account = AMO] = name.split('#');
        return inParts(snapshot(account, T0 + i * MINUTE, { deals }), parts);
      });
      // A shuffle driven by `order`, then runs of consecutive messages sent together (Promise.all) where `together` says so.
      const shuffled = messages.map((m, i) => ({ m, rank: order[i % order.length] ?? 0, i })).sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.m);
      const batches: SnapshotMessage[][] = [];
      shuffled.forEach((m, i) => {
        const last = batches[batches.length - 1];
        if (last && together[i % together.length]) last.push(m);
        else batches.push([m]);
      });
      return { messages, batches };
    });

  it('stores exactly one row per deal, the version with the greatest updatedAt; counts and lastReadAt exact', { timeout: FUZZ_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ messages, batches }) => {
        await Promise.all(db.tables.map((t) => t.clear()));
        let written = 0;
        for (const batch of batches) {
          const replies = await Promise.all(batch.map((m) => ingestSnapshot(db, m)));
          for (const reply of replies) if (reply.ok && 'written' in reply) written += reply.written;
        }
        const newest = newestByKey(messages);
        expect(await db.deals.count()).toBe(newest.size);
        for (const [key, version] of newest) {
          const stored = await db.deals.get(key);
          expect([key, stored && withoutKeys(stored)]).toEqual([key, version]);
        }
        // Every deal was written at least once; nothing was written for nothing.
        const sent = messages.reduce((n, m) => n + m.snapshot.deals.length + m.snapshot.managers.length + m.snapshot.pipelines.length + m.snapshot.stages.length, 0);
        expect(written).toBeGreaterThanOrEqual(newest.size);
        expect(written).toBeLessThanOrEqual(sent);
        for (const account of [AMO, B24]) {
          const reads = messages.filter((m) => m.snapshot.account === account).map((m) => m.snapshot.readAt);
          expect((await db.accounts.get(account))?.lastReadAt).toBe(reads.length === 0 ? undefined : Math.max(...reads));
        }
      }),
      { numRuns: RUNS.db },
    );
  });
});

describe('fixed: once known bugs', () => {
  // WAS A BUG: entrypoints/background/handlers.ts `keyed` keeps the LAST copy of a record within one message ("as the CRM sent
  // it") without looking at updatedAt, while across messages changedRows never lets an older updatedAt win. A read that
  // lists a deal twice (a deal updated while the pages were being read, sorted newest first as Pipedrive's incremental
  // read does) stores the older copy. Keep the copy with the greatest updatedAt in `keyed`, as changedRows does.
  it('within one message, the copy with the newer updatedAt wins', async () => {
    const newer = deal(AMO, '1', T0 + 2 * MINUTE, { stageId: 's2' });
    const older = deal(AMO, '1', T0 + MINUTE, { stageId: 's1' });
    await ingestSnapshot(db, whole(snapshot(AMO, T0 + 3 * MINUTE, { deals: [newer, older] })));
    expect((await db.deals.get(`${AMO}|1`))?.stageId).toBe('s2');
  });

  // WAS A BUG: ingestSnapshot rebuilds the account row from the message that arrives last: problems, currentUserId, name and
  // currency come from it even when its readAt is older than the stored lastReadAt (only lastReadAt/lastGoodReadAt use
  // Math.max). Two tabs: a fresh API read (readAt 9:06, no problems) and a slow page read started earlier (readAt 9:05,
  // "api-unavailable") arriving after it: the popup then shows the stale problem. Keep the account fields of the newest
  // read (compare readAt with previous.lastReadAt).
  it('an older read arriving last does not replace the problems of a newer read', async () => {
    const fresh = snapshot(AMO, T0 + 6 * MINUTE, { deals: [deal(AMO, '1', T0)] });
    const stale = snapshot(AMO, T0 + 5 * MINUTE, { source: 'page', problems: [{ code: 'api-unavailable', message: 'amoCRM: API unavailable' }] });
    await ingestSnapshot(db, whole(fresh));
    await ingestSnapshot(db, whole(stale));
    expect((await db.accounts.get(AMO))?.problems).toEqual([]);
  });
});
