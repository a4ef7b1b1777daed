// The demo adapter against the real demo CRM server: API read per session, incremental read, bad records, page fallback.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subDays } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsFrom, demoAdapter, mapCall, mapLead, mapTask, readKanban, type LeadContext } from '../../lib/adapters/demo';
import type { FetchJson, ReadContext } from '../../lib/adapters/types';
import { parseMessage } from '../../lib/messages';
import type { Snapshot } from '../../lib/model';
import type { DemoData } from '../demo-crm/data';
import { startDemoCrm, type DemoCrm } from '../demo-crm/server';

/** Wednesday 25 Nov 2026, 14:30 in the process's time zone (the fixture page was rendered for this instant). */
const NOW = new Date(2026, 10, 25, 14, 30);
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/demo');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** Same-origin JSON with the demo session cookie of one user, as the content script's fetch would send it. */
function fetchJsonAs(baseUrl: string, userId: string, log: string[] = []): FetchJson {
  return async (path, init) => {
    log.push(path);
    const response = await fetch(new URL(path, baseUrl), {
      method: init?.method ?? 'GET',
      headers: { Accept: 'application/json', Cookie: `demo_user=${userId}`, ...init?.headers },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${path}`);
    return response.json();
  };
}

function contextFor(baseUrl: string, fetchJson: FetchJson, patch: Partial<ReadContext> = {}): ReadContext {
  return {
    url: new URL('/leads/pipeline/101', baseUrl),
    document: new DOMParser().parseFromString('<!doctype html><title>empty</title>', 'text/html'),
    fetchJson,
    pageGlobals: null,
    cookies: '',
    now: NOW,
    since: null,
    ...patch,
  };
}

function expectValidSnapshot(snapshot: Snapshot) {
  const parsed = parseMessage({ kind: 'snapshot', part: { index: 0, count: 1 }, snapshot });
  expect(parsed.ok ? 'ok' : parsed.error).toBe('ok');
}

const stageKindOf = (data: DemoData, stageId: string) => data.pipelines.flatMap((p) => p.stages).find((s) => s.id === stageId)?.kind;

describe('demoAdapter.matches', () => {
  it.each([
    ['http://127.0.0.1:5173/leads/pipeline/101', true],
    ['http://localhost:3000/', true],
    ['https://localhost/todo', true],
    ['https://acme.amocrm.ru/leads/pipeline/1', false],
    ['http://127.0.0.2:5173/', false],
    ['file:///tmp/kanban.html', false],
  ])('%s → %s', (url, expected) => expect(demoAdapter.matches(new URL(url))).toBe(expected));
});

describe('demoAdapter.read against the demo CRM', () => {
  let crm: DemoCrm;
  beforeAll(async () => {
    crm = await startDemoCrm({ port: 0, now: NOW, seed: 42 });
  });
  afterAll(async () => {
    await crm.close();
  });

  it('as a manager reads only their own deals, tasks and calls', async () => {
    const userId = '6';
    const snapshot = await demoAdapter.read(contextFor(crm.url, fetchJsonAs(crm.url, userId)));
    const { data } = crm;
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.crm).toBe('demo');
    expect(snapshot.account).toBe(crm.url);
    expect(snapshot.accountName).toBe('Акме');
    expect(snapshot.currency).toBe('RUB');
    expect(snapshot.currentUserId).toBe(userId);
    expect(snapshot.managers).toHaveLength(7);
    expect(snapshot.pipelines.map((p) => p.name)).toEqual(['Продажи', 'Повторные продажи']);
    expect(snapshot.stages).toHaveLength(13);
    expect(snapshot.deals.map((d) => d.crmId).sort()).toEqual(data.deals.filter((d) => d.ownerId === userId).map((d) => d.id).sort());
    expect(snapshot.tasks.map((t) => t.crmId).sort()).toEqual(data.tasks.filter((t) => t.ownerId === userId).map((t) => t.id).sort());
    expect(snapshot.activities.map((a) => a.crmId).sort()).toEqual(data.activities.filter((a) => a.ownerId === userId).map((a) => a.id).sort());
    expectValidSnapshot(snapshot);
  });

  it('as the head reads all 300 deals, field by field equal to the generator', async () => {
    const snapshot = await demoAdapter.read(contextFor(crm.url, fetchJsonAs(crm.url, crm.data.truth.headId)));
    const { data } = crm;
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.currentUserId).toBe(data.truth.headId);
    expect(snapshot.deals).toHaveLength(300);
    const byId = new Map(snapshot.deals.map((d) => [d.crmId, d]));
    for (const deal of data.deals) {
      expect(byId.get(deal.id)).toEqual({
        crmId: deal.id,
        title: deal.title,
        amount: deal.amount,
        currency: 'RUB',
        pipelineId: deal.pipelineId,
        stageId: deal.stageId,
        status: stageKindOf(data, deal.stageId),
        ownerId: deal.ownerId,
        createdAt: deal.createdAt,
        stageEnteredAt: deal.stageEnteredAt,
        updatedAt: deal.updatedAt,
        closedAt: deal.closedAt,
        lossReason: deal.lossReason,
        client: deal.client,
        nextTaskAt: deal.nextTaskAt,
        url: `${crm.url}/leads/detail/${deal.id}`,
      });
    }
    expect(snapshot.tasks).toHaveLength(data.tasks.length);
    expect(snapshot.activities).toHaveLength(data.activities.length);
    const meeting = data.activities.find((a) => a.type === 'meeting');
    expect(snapshot.activities.find((a) => a.crmId === meeting?.id)).toMatchObject({ type: 'meeting', durationSec: meeting?.durationSec, direction: null });
    expectValidSnapshot(snapshot);
  });

  it('pages through the API and filters calls by the 5-week window', async () => {
    const log: string[] = [];
    await demoAdapter.read(contextFor(crm.url, fetchJsonAs(crm.url, crm.data.truth.headId, log)));
    const callPages = log.filter((p) => p.startsWith('/api/v1/calls'));
    expect(callPages.length).toBe(Math.ceil(crm.data.activities.length / 250));
    const from = Math.floor(callsFrom(NOW, null) / 1000);
    expect(callPages.every((p) => new URL(p, crm.url).searchParams.get('filter[created_at][from]') === String(from))).toBe(true);
    expect(log.filter((p) => p.startsWith('/api/v1/leads'))).toEqual([
      '/api/v1/leads?page=1&limit=250',
      '/api/v1/leads?page=2&limit=250',
    ]);
  });
});

describe('demoAdapter.read: incremental reads and board moves', () => {
  let crm: DemoCrm;
  beforeAll(async () => {
    crm = await startDemoCrm({ port: 0, now: NOW, seed: 42 });
  });
  afterAll(async () => {
    await crm.close();
  });

  it('reads only what changed since the last read, including a card moved on the board', async () => {
    const headFetch = fetchJsonAs(crm.url, crm.data.truth.headId);
    const since = NOW.getTime() - 60 * 60 * 1000;
    const moved = crm.data.deals.find((d) => d.stageId === '1002' && d.updatedAt < since - 10 * 60 * 1000);
    if (!moved) throw new Error('no deal to move');
    const before = await demoAdapter.read(contextFor(crm.url, headFetch, { since: { at: since, userId: crm.data.truth.headId } }));
    expect(before.deals.map((d) => d.crmId)).not.toContain(moved.id);
    expect(before.deals.every((d) => d.updatedAt >= since - 5 * 60 * 1000)).toBe(true);

    await headFetch(`/api/v1/leads/${moved.id}/move`, { method: 'POST', body: { status_id: 1006 } });
    const after = await demoAdapter.read(contextFor(crm.url, headFetch, { since: { at: since, userId: crm.data.truth.headId } }));
    expect(after.deals.find((d) => d.crmId === moved.id)).toMatchObject({
      stageId: '1006',
      status: 'won',
      stageEnteredAt: NOW.getTime(),
      closedAt: NOW.getTime(),
    });
  });

  it('reads everything again when another user signed in since the last read', async () => {
    const managerId = '4';
    const managerFetch = fetchJsonAs(crm.url, managerId);
    const since = { at: NOW.getTime(), userId: crm.data.truth.headId };
    const read = await demoAdapter.read(contextFor(crm.url, managerFetch, { since }));
    expect(read.deals.length).toBe(crm.data.deals.filter((d) => d.ownerId === managerId).length);
  });

  it("refuses to move another manager's deal", async () => {
    const foreign = crm.data.deals.find((d) => d.ownerId !== '2');
    await expect(fetchJsonAs(crm.url, '2')(`/api/v1/leads/${foreign?.id ?? ''}/move`, { method: 'POST', body: { status_id: 1002 } })).rejects.toThrow(
      'HTTP 404',
    );
  });
});

describe('malformed API records', () => {
  let crm: DemoCrm;
  beforeAll(async () => {
    crm = await startDemoCrm({ port: 0, now: NOW, seed: 42 });
  });
  afterAll(async () => {
    await crm.close();
  });

  it('become problems, not exceptions', async () => {
    const real = fetchJsonAs(crm.url, '6');
    const leads = JSON.parse(fixture('leads-malformed.json')) as unknown;
    const fetchJson: FetchJson = (path, init) => (path.startsWith('/api/v1/leads') ? Promise.resolve(leads) : real(path, init));
    const snapshot = await demoAdapter.read(contextFor(crm.url, fetchJson));
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['70001', '70002', '70005', '70008']);
    expect(snapshot.deals.find((d) => d.crmId === '70002')).toMatchObject({ amount: 480_000, status: 'lost', lossReason: 'Дорого', createdAt: 1_793_000_000_000 });
    expect(snapshot.deals.find((d) => d.crmId === '70005')?.amount).toBeNull();
    expect(snapshot.deals.find((d) => d.crmId === '70008')).toMatchObject({ amount: null, client: null });
    expect(snapshot.problems.map((p) => [p.code, p.itemId, p.field])).toEqual([
      ['field-missing', '70003', 'status_id'],
      ['field-invalid', '70004', 'created_at'],
      ['field-invalid', '70005', 'price'],
      ['stage-unknown', '70006', 'status_id'],
      ['record-invalid', undefined, undefined],
      ['field-missing', undefined, 'id'],
    ]);
    for (const problem of snapshot.problems) expect(problem.message).toMatch(/^Demo CRM: /);
    expect(snapshot.problems[1]?.message).toBe('Demo CRM: lead 70004 skipped: field "created_at" is not unix seconds (seen "вчера")');
    expect(snapshot.deals).toHaveLength(4);
    expectValidSnapshot(snapshot);
  });
});

describe('record mappers', () => {
  const ctx: LeadContext = { origin: 'http://127.0.0.1:5173', currency: 'RUB', stageKinds: new Map([['1001', 'open']]) };
  // Unix seconds in March 2026: times outside 2000..2100 are refused (see the next tests).
  const T = 1_773_000_000;
  const lead = { id: 1, name: 'ООО Ромашка', price: 100, responsible_user_id: 2, status_id: 1001, pipeline_id: 101, created_at: T, updated_at: T + 1_000 };

  it.each([
    ['numbers', lead, 100],
    ['numeric strings', { ...lead, id: '1', price: '100', created_at: String(T), updated_at: String(T + 1_000), status_id: '1001' }, 100],
    ['price null', { ...lead, price: null }, null],
    ['price missing', { ...lead, price: undefined }, null],
    ['price text', { ...lead, price: 'сто' }, null],
  ])('mapLead accepts %s', (_label, json, amount) => {
    const mapped = mapLead(json, ctx);
    expect(mapped.item).toMatchObject({ crmId: '1', amount, createdAt: T * 1000, updatedAt: (T + 1_000) * 1000, status: 'open', url: 'http://127.0.0.1:5173/leads/detail/1' });
  });

  it.each<[string, unknown, string]>([
    ['1970', 1_000, 'is not a time between 2000 and 2100'],
    ['milliseconds sent as seconds', T * 1000, 'is not a time between 2000 and 2100'],
    ['1e308', 1e308, 'is not a time between 2000 and 2100'],
    ['a word', 'вчера', 'is not unix seconds'],
  ])('mapLead skips a lead whose created_at is %s, with a problem', (_label, createdAt, why) => {
    const mapped = mapLead({ ...lead, created_at: createdAt }, ctx);
    expect(mapped.item).toBeNull();
    expect(mapped.problems).toEqual([expect.objectContaining({ code: 'field-invalid', itemId: '1', field: 'created_at', message: expect.stringContaining(why) as unknown })]);
  });

  it('mapLead keeps a lead whose closed_at is out of range, without it and with a problem', () => {
    const mapped = mapLead({ ...lead, closed_at: 99_999_999_999 }, ctx);
    expect(mapped.item).toMatchObject({ crmId: '1', closedAt: null });
    expect(mapped.problems).toMatchObject([{ code: 'field-invalid', field: 'closed_at' }]);
  });

  it.each([null, 42, 'lead', [], { id: 1 }])('mapLead(%j) skips without throwing', (json) => {
    const mapped = mapLead(json, ctx);
    expect(mapped.item).toBeNull();
    expect(mapped.problems.length).toBeGreaterThan(0);
  });

  it.each([
    [{ id: 1, task_type_id: 1, complete_till: T, is_completed: false, responsible_user_id: 2, entity_type: 'leads', entity_id: 5 }, { type: 'call', dealId: '5', done: false, doneAt: null }],
    [{ id: 1, task_type_id: '3', complete_till: String(T), is_completed: true, completed_at: T - 10, responsible_user_id: '2' }, { type: 'email', dealId: null, done: true, doneAt: (T - 10) * 1000 }],
    [{ id: 1, task_type_id: 77, complete_till: T, is_completed: 1, responsible_user_id: 2, entity_type: 'contacts', entity_id: 5 }, { type: 'other', dealId: null, done: true }],
    [{ id: 1, task_type_id: 'constructor', complete_till: T, is_completed: false, responsible_user_id: 2 }, { type: 'other' }],
  ])('mapTask(%j)', (json, expected) => expect(mapTask(json).item).toMatchObject(expected));

  it.each([
    [{ id: 9, type: 'call', direction: 'inbound', duration: 65, created_at: T, responsible_user_id: 2, result: 'Разговор состоялся' }, { type: 'call', direction: 'in', durationSec: 65, outcome: 'Разговор состоялся' }],
    [{ id: 9, type: 'meeting', direction: null, duration: '3600', created_at: String(T), responsible_user_id: 2 }, { type: 'meeting', direction: null, durationSec: 3600, outcome: null }],
    [{ id: 9, direction: 'outbound', duration: -5, created_at: T, responsible_user_id: 2 }, { type: 'call', direction: 'out', durationSec: null }],
    [{ id: 9, direction: '__proto__', created_at: T, responsible_user_id: 2 }, { type: 'call', direction: null }],
  ])('mapCall(%j)', (json, expected) => expect(mapCall(json).item).toMatchObject(expected));

  it('mapCall skips a call of an unknown type', () => {
    const mapped = mapCall({ id: 9, type: 'sms', created_at: T, responsible_user_id: 2 });
    expect(mapped.item).toBeNull();
    expect(mapped.problems[0]).toMatchObject({ code: 'field-invalid', itemId: '9', field: 'type' });
  });
});

describe('the kanban page fallback', () => {
  const origin = 'http://127.0.0.1:5173';
  const page = () => new DOMParser().parseFromString(fixture('kanban.html'), 'text/html');

  it('readKanban reads the saved page, including a card without amount', () => {
    const { items, problems } = readKanban(page(), NOW, origin);
    expect(problems).toEqual([]);
    const days = (n: number) => subDays(NOW, n).getTime();
    const common = { currency: 'RUB', pipelineId: '101', ownerId: '2', lossReason: null, nextTaskAt: null };
    expect(items).toEqual([
      { ...common, crmId: '10282', title: 'ООО Дельта — комплексное оснащение офиса', amount: null, stageId: '1001', status: 'open', client: 'ООО Дельта',
        createdAt: Date.parse('2026-11-24T12:59:51.000Z'), stageEnteredAt: days(1), updatedAt: days(1), closedAt: null, url: `${origin}/leads/detail/10282` },
      { ...common, crmId: '10192', title: 'ИП Соколов', amount: 244_000, stageId: '1001', status: 'open', client: 'ИП Соколов',
        createdAt: Date.parse('2026-10-23T11:22:32.000Z'), stageEnteredAt: days(33), updatedAt: days(33), closedAt: null, url: `${origin}/leads/detail/10192` },
      { ...common, crmId: '10058', title: 'ООО Кедр — обучение персонала', amount: 52_000, stageId: '1002', status: 'open', client: 'ООО Кедр',
        createdAt: Date.parse('2026-09-24T12:31:42.000Z'), stageEnteredAt: days(2), updatedAt: days(2), closedAt: null, url: `${origin}/leads/detail/10058` },
      { ...common, crmId: '10068', title: 'ООО Полимер — поставка оборудования', amount: 346_000, stageId: '1003', status: 'open', client: 'ООО Полимер',
        createdAt: Date.parse('2026-09-28T09:32:20.000Z'), stageEnteredAt: days(1), updatedAt: days(1), closedAt: null, url: `${origin}/leads/detail/10068` },
      { ...common, crmId: '10099', title: 'ООО Оптима — расходные материалы', amount: 65_000, stageId: '1007', status: 'lost', client: 'ООО Оптима',
        createdAt: Date.parse('2026-10-02T11:39:15.000Z'), stageEnteredAt: days(15), updatedAt: days(15), closedAt: days(15), url: `${origin}/leads/detail/10099` },
    ]);
  });

  it('readKanban reports a card it cannot read instead of throwing', () => {
    const doc = page();
    doc.querySelector('.lead-card[data-id="10058"] .lead-card__owner')?.removeAttribute('data-user-id');
    const price = doc.querySelector('.lead-card[data-id="10068"] .lead-card__price');
    if (price) price.textContent = '—';
    doc.querySelector('.lead-card[data-id="10192"] .lead-card__days')?.remove();
    const { items, problems } = readKanban(doc, NOW, origin);
    expect(items.map((d) => d.crmId)).toEqual(['10282', '10192', '10068', '10099']);
    expect(items.find((d) => d.crmId === '10068')?.amount).toBeNull();
    expect(items.find((d) => d.crmId === '10192')?.stageEnteredAt).toBeNull();
    expect(problems.map((p) => [p.code, p.itemId, p.field])).toEqual([
      ['days-unreadable', '10192', 'stageEnteredAt'],
      ['layout-changed', '10058', 'ownerId'],
      ['amount-unreadable', '10068', 'amount'],
    ]);
    expect(problems.every((p) => p.selector && p.message.startsWith('Demo CRM board: card '))).toBe(true);
  });

  it('readKanban takes RUB for a board whose data-currency is not an ISO code, and says so once', () => {
    const doc = page();
    doc.querySelector('.kanban[data-currency]')?.setAttribute('data-currency', 'руб');
    const { items, problems } = readKanban(doc, NOW, origin);
    expect(new Set(items.map((d) => d.currency))).toEqual(new Set(['RUB']));
    expect(problems).toEqual([expect.objectContaining({ code: 'field-invalid', field: 'currency', message: 'Demo CRM board: data-currency "руб" is not an ISO code; amounts without a currency sign taken as RUB' })]);
  });

  it('readKanban skips a card whose data-id is not an id (a lone surrogate), with a problem', () => {
    const doc = page();
    doc.querySelector('.lead-card[data-id="10058"]')?.setAttribute('data-id', '\ud800');
    const { items, problems } = readKanban(doc, NOW, origin);
    expect(items.map((d) => d.crmId)).toEqual(['10282', '10192', '10068', '10099']);
    expect(problems).toMatchObject([{ code: 'layout-changed', field: 'crmId', message: 'Demo CRM board: a card skipped: its data-id is not an id (seen "\\ud800")' }]);
  });

  it('read() falls back to the page when the API fails', async () => {
    const fetchJson: FetchJson = () => Promise.reject(new Error('HTTP 503 for /api/v1/account'));
    const snapshot = await demoAdapter.read(contextFor(origin, fetchJson, { document: page() }));
    expect(snapshot.deals).toHaveLength(5);
    expect(snapshot.problems[0]).toMatchObject({ code: 'api-unavailable' });
    expect(snapshot.problems[0]?.message).toBe(
      'Demo CRM: API unavailable (HTTP 503 for /api/v1/account), read 5 cards from the page /leads/pipeline/101; tasks and calls were not read',
    );
    expect(snapshot.currentUserId).toBe('2');
    expect(snapshot.accountName).toBe('Акме');
    expect(snapshot.managers.map((m) => m.name)).toContain('Дмитрий Орлов');
    expect(snapshot.stages.map((s) => [s.crmId, s.kind])).toEqual([
      ['1001', 'open'], ['1002', 'open'], ['1003', 'open'], ['1004', 'open'], ['1005', 'open'], ['1006', 'won'], ['1007', 'lost'],
    ]);
    expectValidSnapshot(snapshot);
  });

  it('readKanban reads a live board as the generator made it', async () => {
    const crm = await startDemoCrm({ port: 0, now: NOW, seed: 42 });
    try {
      const html = await (await fetch(`${crm.url}/leads/pipeline/101`, { headers: { Cookie: `demo_user=${crm.data.truth.headId}` } })).text();
      const { items, problems } = readKanban(new DOMParser().parseFromString(html, 'text/html'), NOW, crm.url);
      expect(problems).toEqual([]);
      const expected = crm.data.deals.filter((d) => d.pipelineId === '101');
      expect(items.map((d) => d.crmId).sort()).toEqual(expected.map((d) => d.id).sort());
      for (const deal of expected) {
        expect(items.find((d) => d.crmId === deal.id)).toMatchObject({
          title: deal.title,
          amount: deal.amount,
          stageId: deal.stageId,
          status: stageKindOf(crm.data, deal.stageId),
          ownerId: deal.ownerId,
          client: deal.client,
          createdAt: deal.createdAt,
        });
      }
      // The synthetic benchmark board renders the same markup.
      const big = await (await fetch(`${crm.url}/leads/pipeline/101?cards=2000`, { headers: { Cookie: 'demo_user=1' } })).text();
      expect(readKanban(new DOMParser().parseFromString(big, 'text/html'), NOW, crm.url).items).toHaveLength(2000);
    } finally {
      await crm.close();
    }
  });
});
