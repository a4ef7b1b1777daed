// The amoCRM / Kommo adapter against fixtures shaped like the real API v4 and board: mappers, full and incremental reads, the board fallback.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subDays } from 'date-fns';
import { describe, expect, it } from 'vitest';
import {
  activityFrom,
  amocrmAdapter,
  CALL_STATUSES,
  leadLinks,
  limitProblems,
  mainUserFromUrl,
  mapAccount,
  mapCallNote,
  mapLead,
  mapPipeline,
  mapStageChange,
  mapTask,
  mapUser,
  pathWith,
  pipelineIdFromUrl,
  readBoard,
  readPageGlobals,
  STAGE_HISTORY_DAYS,
  stageEnteredAt,
  stageEntryTimes,
  taskTypeFromName,
  type LeadContext,
} from '../../lib/adapters/amocrm';
import type { FetchJson, PageGlobals, ReadContext } from '../../lib/adapters/types';
import { parseMessage } from '../../lib/messages';
import type { DealFields, ReadCursor, Snapshot, StageKind } from '../../lib/model';
import { HttpError } from '../../entrypoints/crm.content/fetch-json';
import { amocrmAnswer, embedded, FakeHttpStatus, HEAD, fixture, type FakeOptions, type Rec } from '../fixtures/amocrm/fake-api';

/** Wednesday 25 Nov 2026, 14:30 in Moscow (the account's time zone); the fixtures' unix times are around it. */
const NOW = new Date('2026-11-25T14:30:00+03:00');
const ORIGIN = 'https://acme.amocrm.ru';
const MANAGER = '5001002';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/amocrm');
const fixtureText = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const ms = (unixSeconds: number) => unixSeconds * 1000;
const unix = (millis: number) => String(Math.floor(millis / 1000));

// ---------------------------------------------------------------- a fake amoCRM account serving the fixtures

function fakeAmo(log: string[], options: FakeOptions = {}): FetchJson {
  return async (path) => {
    log.push(path);
    try {
      return amocrmAnswer(path, options);
    } catch (error) {
      if (error instanceof FakeHttpStatus) throw new HttpError(error.status, error.path);
      throw error;
    }
  };
}

function contextFor(fetchJson: FetchJson, patch: Partial<ReadContext> = {}): ReadContext {
  return {
    url: new URL('/leads/pipeline/7001001/', ORIGIN),
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

const historyFrom = subDays(NOW, STAGE_HISTORY_DAYS).getTime();

// ---------------------------------------------------------------- matching pages

describe('amocrmAdapter.matches', () => {
  it.each([
    ['https://acme.amocrm.ru/leads/pipeline/7001001/', true],
    ['https://acme.amocrm.com/leads/list/', true],
    ['https://acme-sales.kommo.com/todo/line/', true],
    ['https://ACME.AmoCRM.ru/', true],
    ['http://acme.amocrm.ru/', false],
    ['https://www.amocrm.ru/', false],
    ['https://www.kommo.com/pricing/', false],
    ['https://developers.kommo.com/reference', false],
    ['https://amocrm.ru/', false],
    ['https://kommo.com/', false],
    ['https://a.b.amocrm.ru/', false],
    ['https://acme.amocrm.ru.evil.example/', false],
    ['https://acmeamocrm.ru/', false],
    ['https://acme.bitrix24.ru/crm/deal/kanban/', false],
  ])('%s → %s', (url, expected) => expect(amocrmAdapter.matches(new URL(url))).toBe(expected));
});

// ---------------------------------------------------------------- page globals

function fakeApp(constants: Record<string, unknown>, calls: unknown[][] = []) {
  return {
    constant(...args: unknown[]) {
      calls.push(args);
      return constants[String(args[0])];
    },
  };
}

describe('readPageGlobals', () => {
  const constants = {
    user: { id: 5001002, name: 'Дмитрий Орлов', login: 'orlov@acme.example', uuid: 'x', api_key: '', group_mates_ids: [5001003] },
    account: { id: 29384756, name: 'Акме', subdomain: 'acme', currency: 'RUB', timezone: 'Europe/Moscow' },
  };

  it('reads the user and the account from APP.constant, asking with one argument only (two would set the constant)', () => {
    const calls: unknown[][] = [];
    expect(readPageGlobals({ APP: fakeApp(constants, calls) })).toEqual({ userId: '5001002', userName: 'Дмитрий Орлов', accountId: '29384756', currency: 'RUB' });
    expect(calls.every((args) => args.length === 1)).toBe(true);
  });

  it('falls back to AMOCRM.constant when APP is missing or throws', () => {
    const throwing = { constant: () => { throw new Error('not ready'); } };
    expect(readPageGlobals({ AMOCRM: fakeApp(constants) }).userId).toBe('5001002');
    expect(readPageGlobals({ APP: throwing, AMOCRM: fakeApp(constants) }).accountId).toBe('29384756');
  });

  it.each<[string, Record<string, unknown>, PageGlobals]>([
    ['an empty window', {}, {}],
    ['APP null', { APP: null }, {}],
    ['APP a string', { APP: 'amo' }, {}],
    ['constant not a function', { APP: { constant: 5 } }, {}],
    ['constant returns text', { APP: { constant: () => 'user' } }, {}],
    ['constant returns an array', { APP: { constant: () => [1, 2] } }, {}],
    ['id 0 and a name of spaces', { APP: fakeApp({ user: { id: 0, name: '   ' } }) }, {}],
    ['ids as text, lower-case currency', { APP: fakeApp({ user: { id: ' 77 ', name: 'Ива' }, account: { id: '12', currency: 'kzt' } }) }, { userId: '77', userName: 'Ива', accountId: '12', currency: 'KZT' }],
    ['a negative id and a symbol for currency', { APP: fakeApp({ user: { id: -5 }, account: { currency: '₽' } }) }, {}],
    ['an object for a name', { APP: fakeApp({ user: { id: 5, name: { first: 'И' } } }) }, { userId: '5' }],
  ])('on garbage (%s) never throws', (_label, win, expected) => {
    expect(readPageGlobals(win)).toEqual(expected);
  });

  it('survives getters and proxies that throw', () => {
    const win: Record<string, unknown> = {};
    Object.defineProperty(win, 'APP', { get: () => { throw new Error('denied'); } });
    expect(readPageGlobals(win)).toEqual({});
    const hostile = new Proxy({}, { get: () => { throw new Error('no'); }, has: () => { throw new Error('no'); } }) as Record<string, unknown>;
    expect(readPageGlobals(hostile)).toEqual({});
    const userThrows = { APP: fakeApp({ user: new Proxy({}, { get: () => { throw new Error('no'); } }) }) };
    expect(() => readPageGlobals(userThrows)).not.toThrow();
  });

  it('is self-contained, so it can be serialised into the page (MAIN world)', () => {
    // Re-create the function from its source alone, as a script injected into the page would.
    const revived = new Function(`return (${readPageGlobals.toString()})`)() as typeof readPageGlobals;
    expect(revived({ APP: fakeApp(constants) })).toEqual(readPageGlobals({ APP: fakeApp(constants) }));
  });
});

// ---------------------------------------------------------------- mappers

const account = fixture('account.json');
const leadsPage1 = embedded(fixture('leads-page-1.json'), 'leads');
const leadsPage2 = embedded(fixture('leads-page-2.json'), 'leads');
const lead = (id: number): Rec => {
  const found = [...leadsPage1, ...leadsPage2].find((l) => l.id === id);
  if (!found) throw new Error(`no lead ${id} in the fixtures`);
  return found;
};
const STAGE_KINDS = new Map<string, StageKind>([
  ['60001002', 'open'],
  ['60001003', 'open'],
  ['60001004', 'open'],
  ['60002002', 'open'],
  ['142', 'won'],
  ['143', 'lost'],
]);
const leadCtx: LeadContext = { origin: ORIGIN, currency: 'RUB', stageKinds: STAGE_KINDS };

describe('mapAccount', () => {
  it('reads name, currency, current user, groups and task types', () => {
    const { item, problems } = mapAccount(account, 'acme', null);
    expect(problems).toEqual([]);
    expect(item).toMatchObject({ id: '29384756', name: 'Акме', currency: 'RUB', currentUserId: HEAD });
    expect([...(item?.groups ?? [])]).toEqual([['0', 'Отдел продаж'], ['112233', 'Менеджеры МСК']]);
    expect(item?.taskTypes.get('3045124')).toBe('email');
    expect(item?.taskTypes.get('3045125')).toBe('other');
  });

  it.each<[string, Rec, PageGlobals | null, { currency: string; currentUserId: string | null; problems: string[] }]>([
    ['currency missing, page knows it', { name: 'A', current_user_id: 7 }, { currency: 'KZT' }, { currency: 'KZT', currentUserId: '7', problems: [] }],
    ['currency garbage, page silent', { name: 'A', current_user_id: 7, currency: 12 }, null, { currency: 'RUB', currentUserId: '7', problems: ['field-invalid'] }],
    ['current user missing, page knows it', { name: 'A', currency: 'usd' }, { userId: '9' }, { currency: 'USD', currentUserId: '9', problems: [] }],
    ['current user 0 and page silent', { name: 'A', currency: 'EUR', current_user_id: 0 }, {}, { currency: 'EUR', currentUserId: null, problems: ['field-missing'] }],
  ])('%s', (_label, json, globals, expected) => {
    const { item, problems } = mapAccount(json, 'acme', globals);
    expect({ currency: item?.currency, currentUserId: item?.currentUserId, problems: problems.map((p) => p.code) }).toEqual(expected);
  });

  it('a non-object is a problem, not an exception', () => {
    expect(mapAccount('<html>', 'acme', null)).toMatchObject({ item: null, problems: [{ code: 'record-invalid' }] });
  });
});

describe('mapUser', () => {
  const groups = new Map([['112233', 'Менеджеры МСК']]);
  const users = embedded(fixture('users.json'), 'users');
  it.each([
    [users[1], { crmId: '5001002', name: 'Дмитрий Орлов', title: 'Менеджеры МСК', active: true }],
    [users[3], { crmId: '5001004', name: 'Игорь Павлов', title: 'Менеджеры МСК', active: false }],
    [{ id: 7, name: 'Без прав' }, { crmId: '7', name: 'Без прав', title: null, active: true }],
  ])('%#', (json, expected) => expect(mapUser(json, groups).item).toEqual(expected));

  it('a user without a name is skipped with a problem', () => {
    expect(mapUser({ id: 8 }).problems).toMatchObject([{ code: 'field-missing', itemId: '8', field: 'name' }]);
  });
});

describe('mapPipeline', () => {
  it('maps statuses with 142 won and 143 lost in every pipeline, the rest open, in sort order', () => {
    const pipelines = embedded(fixture('pipelines.json'), 'pipelines');
    const second = mapPipeline(pipelines[1], 1).item;
    expect(second?.pipeline).toEqual({ crmId: '7001002', name: 'Повторные продажи', order: 2 });
    expect(second?.stages.map((s) => [s.crmId, s.kind, s.order, s.pipelineId])).toEqual([
      ['60002001', 'open', 10, '7001002'],
      ['60002002', 'open', 20, '7001002'],
      ['60002003', 'open', 30, '7001002'],
      ['142', 'won', 10000, '7001002'],
      ['143', 'lost', 11000, '7001002'],
    ]);
  });

  it('a pipeline without statuses keeps the pipeline and says so', () => {
    const mapped = mapPipeline({ id: 5, name: 'Пустая' }, 0);
    expect(mapped.item?.stages).toEqual([]);
    expect(mapped.problems).toMatchObject([{ code: 'field-missing', field: '_embedded.statuses' }]);
  });
});

describe('mapLead', () => {
  it.each<[string, Rec, Partial<DealFields>]>([
    ['open, with a budget and a next task', lead(31000001), { amount: 1250000, status: 'open', stageId: '60001003', ownerId: MANAGER, nextTaskAt: ms(1795676400), closedAt: null, lossReason: null }],
    ['price 0 is "no budget"', lead(31000002), { amount: null, status: 'open' }],
    ['won, closed', lead(31000003), { status: 'won', closedAt: ms(1794985500), lossReason: null }],
    ['lost with its loss reason', lead(31000004), { status: 'lost', lossReason: 'Дорого', closedAt: ms(1795271400) }],
    ['price null', { ...lead(31000006), price: null }, { amount: null }],
    ['price as text', { ...lead(31000006), price: '150000' }, { amount: 150000 }],
    ['loss reason as a bare object', { ...lead(31000004), _embedded: { loss_reason: { id: 1, name: 'Нет бюджета' } } }, { lossReason: 'Нет бюджета' }],
    ['142 without pipelines listed', { ...lead(31000006), status_id: 142 }, { status: 'won' }],
  ])('%s', (_label, json, expected) => {
    const { item, problems } = mapLead(json, leadCtx);
    expect(problems).toEqual([]);
    expect(item).toMatchObject({ ...expected, currency: 'RUB', stageEnteredAt: null, client: null });
  });

  it('links to the deal card on the account origin', () => {
    expect(mapLead(lead(31000001), leadCtx).item?.url).toBe(`${ORIGIN}/leads/detail/31000001`);
  });

  it.each<[string, Rec, string, string]>([
    ['no responsible user', { ...lead(31000001), responsible_user_id: null }, 'field-missing', 'responsible_user_id'],
    ['created_at in words', { ...lead(31000001), created_at: 'вчера' }, 'field-invalid', 'created_at'],
    ['a stage no pipeline has', { ...lead(31000001), status_id: 99 }, 'stage-unknown', 'status_id'],
  ])('skips a lead with %s, naming the field', (_label, json, code, field) => {
    const { item, problems } = mapLead(json, leadCtx);
    expect(item).toBeNull();
    expect(problems).toMatchObject([{ code, field, itemId: '31000001' }]);
  });

  it('keeps a lead with a broken budget, without the budget', () => {
    const { item, problems } = mapLead({ ...lead(31000001), price: 'договорная' }, leadCtx);
    expect(item?.amount).toBeNull();
    expect(problems).toMatchObject([{ code: 'field-invalid', field: 'price' }]);
  });
});

describe('leadLinks', () => {
  it.each([
    [lead(31000001), { leadId: '31000001', companyId: '41000001', contactId: '51000001' }],
    [lead(31000003), { leadId: '31000003', companyId: '41000002', contactId: '51000001' }],
    [lead(31000002), { leadId: '31000002', companyId: null, contactId: '51000002' }],
    [lead(31000006), { leadId: '31000006', companyId: '41000002', contactId: null }],
    ['garbage', { leadId: null, companyId: null, contactId: null }],
  ])('%#', (json, expected) => expect(leadLinks(json)).toEqual(expected));
});

describe('mapTask', () => {
  const tasks = embedded(fixture('tasks.json'), 'tasks');
  const custom = new Map([['3045124', 'email' as const]]);
  it.each([
    [tasks[0], { crmId: '81000001', type: 'call', done: false, doneAt: null, dealId: '31000001', dueAt: ms(1795676400), ownerId: MANAGER }],
    [tasks[1], { crmId: '81000002', type: 'meeting', done: true, doneAt: ms(1795525800), dealId: '31000003' }],
    [tasks[2], { crmId: '81000003', type: 'email', done: false, dealId: null }],
    [tasks[3], { crmId: '81000004', type: 'call', done: true, dealId: null }],
    [tasks[4], { crmId: '81000005', type: 'other' }],
    [{ ...tasks[0], task_type_id: 'toString' }, { crmId: '81000001', type: 'other' }],
  ])('%#', (json, expected) => expect(mapTask(json, custom).item).toMatchObject(expected));

  it('a task without a due date is skipped; an odd is_completed is kept as not done', () => {
    expect(mapTask({ ...tasks[0], complete_till: null }).problems).toMatchObject([{ code: 'field-missing', field: 'complete_till' }]);
    const odd = mapTask({ ...tasks[0], is_completed: 'maybe' });
    expect(odd.item?.done).toBe(false);
    expect(odd.problems).toMatchObject([{ code: 'field-invalid', field: 'is_completed' }]);
  });

  it.each([
    ['Звонок', 'call'],
    ['Позвонить', 'call'],
    ['Встреча', 'meeting'],
    ['Письмо', 'email'],
    ['Send e-mail', 'email'],
    ['Отправить КП', 'other'],
  ])('custom task type "%s" is %s', (name, type) => expect(taskTypeFromName(name)).toBe(type));
});

describe('mapCallNote', () => {
  const notes = embedded(fixture('leads-call-notes.json'), 'notes');
  it.each([
    [notes[0], 'leads', { crmId: 'leads-91000001', direction: 'out', durationSec: 185, outcome: 'Обсудили КП, ждут счёт', ownerId: MANAGER, dealId: '31000001', at: ms(1795590900) }],
    [notes[1], 'leads', { crmId: 'leads-91000002', direction: 'in', durationSec: 0, outcome: 'Не дозвонился', ownerId: '5001003' }],
    [notes[2], 'leads', { crmId: 'leads-91000003', direction: 'out', outcome: CALL_STATUSES.get('4'), ownerId: '5001003' }],
    [embedded(fixture('contacts-call-notes.json'), 'notes')[0], 'contacts', { crmId: 'contacts-92000001', dealId: null }],
    [{ ...notes[0], responsible_user_id: 0, params: { duration: '61' } }, 'leads', { ownerId: MANAGER, durationSec: 61, outcome: null }],
  ] as const)('%#', (json, entity, expected) => {
    const mapped = mapCallNote(json, entity);
    expect(mapped.problems).toEqual([]);
    expect(mapped.item).toMatchObject({ type: 'call', ...expected });
  });

  it.each<[string, Rec, string]>([
    ['a common note', { ...notes[0], note_type: 'common' }, 'note_type'],
    ['a note type named like an object property', { ...notes[0], note_type: 'constructor' }, 'note_type'],
    ['nobody (robot) made it', { ...notes[0], responsible_user_id: 0, created_by: 0 }, 'responsible_user_id'],
  ])('skips %s', (_label, json, field) => {
    expect(mapCallNote(json).item).toBeNull();
    expect(mapCallNote(json).problems.map((p) => p.field)).toContain(field);
  });

  it('a negative duration is dropped with a warning, the call kept', () => {
    const mapped = mapCallNote({ ...notes[0], params: { duration: -3, call_status: 4 } });
    expect(mapped.item?.durationSec).toBeNull();
    expect(mapped.problems).toMatchObject([{ code: 'field-invalid', field: 'params.duration' }]);
  });
});

describe('stage entry from lead_status_changed events', () => {
  const events = embedded(fixture('events.json'), 'events');
  const changes = events.map((e) => mapStageChange(e).item).filter((c) => c !== null);

  it('reads lead, status and time, and keeps the latest per lead', () => {
    expect(mapStageChange(events[3])).toEqual({ item: { leadId: '31000007', statusId: '60001002', at: ms(1789887600) }, problems: [] });
    expect(stageEntryTimes(changes).get('31000007')?.at).toBe(ms(1793620800));
  });

  it('ignores other event types and reports broken ones', () => {
    expect(mapStageChange({ ...events[0], type: 'lead_added' })).toEqual({ item: null, problems: [] });
    expect(mapStageChange({ ...events[0], entity_id: null }).problems).toMatchObject([{ field: 'entity_id' }]);
  });

  const deal = (patch: Partial<DealFields>): DealFields => ({ ...(mapLead(lead(31000006), leadCtx).item as DealFields), ...patch });
  it.each<[string, DealFields, { at: number } | undefined, number | null, number | null]>([
    ['a stage change wins', deal({}), { at: 5 }, historyFrom, 5],
    ['closed without an event: when it closed', deal({ status: 'won', closedAt: 7 }), undefined, historyFrom, 7],
    ['created inside the window, never moved: when it was created', deal({ createdAt: historyFrom + 1 }), undefined, historyFrom, historyFrom + 1],
    ['older and never moved inside the window: unknown', deal({ createdAt: historyFrom - 1 }), undefined, historyFrom, null],
    ['history not read: unknown', deal({ createdAt: historyFrom + 1 }), undefined, null, null],
  ])('%s', (_label, d, latest, from, expected) => {
    expect(stageEnteredAt(d, latest === undefined ? undefined : { leadId: d.crmId, statusId: null, at: latest.at }, from)).toBe(expected);
  });
});

describe('small helpers', () => {
  it.each([
    ['/api/v4/leads', [], '/api/v4/leads'],
    ['/api/v4/leads', [['with', 'loss_reason,contacts'], ['filter[updated_at][from]', '1795600000']], '/api/v4/leads?with=loss_reason,contacts&filter[updated_at][from]=1795600000'],
    ['/api/v4/notes', [['filter[note_type][]', 'call_in'], ['q', 'a&b']], '/api/v4/notes?filter[note_type][]=call_in&q=a%26b'],
  ] as const)('pathWith(%s)', (path, query, expected) => expect(pathWith(path, query)).toBe(expected));

  it.each([
    ['/leads/pipeline/7001001/', '7001001'],
    ['/leads/pipeline/7001001', '7001001'],
    ['/leads/pipeline/', null],
    ['/leads/list/', null],
  ])('pipelineIdFromUrl(%s) = %s', (path, expected) => expect(pipelineIdFromUrl(new URL(path, ORIGIN))).toBe(expected));

  it.each([
    ['?filter[main_user][]=5001002', MANAGER],
    ['?filter%5Bmain_user%5D%5B%5D=5001002&useFilter=y', MANAGER],
    ['?filter[main_user][]=5001002&filter[main_user][]=5001003', null],
    ['?filter[main_user][]=5001002&filter[main_user][]=5001002', MANAGER],
    ['', null],
  ])('mainUserFromUrl(%s) = %s', (search, expected) => expect(mainUserFromUrl(new URL(`/leads/pipeline/1/${search}`, ORIGIN))).toBe(expected));

  it('limitProblems keeps a few of each code and summarises the rest in one line', () => {
    const many = Array.from({ length: 700 }, (_, i) => ({ code: 'field-invalid', message: `amoCRM: note ${i} is odd`, itemId: String(i), field: 'params' }));
    const limited = limitProblems([{ code: 'api', message: 'x' }, ...many]);
    expect(limited).toHaveLength(7);
    expect(limited.at(-1)?.message).toMatch(/^amoCRM: 695 more problems like this one: amoCRM: note 5 is odd$/);
  });
});

// ---------------------------------------------------------------- full reads

function headRequests(since: number | null): string[] {
  const callsFrom = unix(activityFrom(NOW, since));
  const notes = (entity: string) => `/api/v4/${entity}/notes?filter[note_type][]=call_in&filter[note_type][]=call_out&filter[updated_at][from]=${callsFrom}&limit=250&page=1`;
  return [
    '/api/v4/account?with=users_groups,task_types',
    '/api/v4/leads/pipelines',
    '/api/v4/leads?with=loss_reason,contacts&limit=250&page=1',
    '/api/v4/leads?with=loss_reason,contacts&limit=250&page=2',
    '/api/v4/users?limit=250&page=1',
    '/api/v4/companies?filter[id][]=41000001&filter[id][]=41000002&limit=250&page=1',
    '/api/v4/contacts?filter[id][]=51000002&filter[id][]=51000003&limit=250&page=1',
    `/api/v4/events?filter[type]=lead_status_changed&filter[entity]=lead&filter[created_at][from]=${unix(historyFrom)}&limit=100&page=1`,
    '/api/v4/tasks?filter[is_completed]=0&limit=250&page=1',
    `/api/v4/tasks?filter[is_completed]=1&filter[updated_at][from]=${callsFrom}&limit=250&page=1`,
    notes('leads'),
    notes('contacts'),
    notes('companies'),
  ];
}

describe('amocrmAdapter.read: the head of sales (sees everyone)', () => {
  it('asks for the documented endpoints, pages through leads and stops at the page without _links.next', async () => {
    const log: string[] = [];
    await amocrmAdapter.read(contextFor(fakeAmo(log)));
    expect(log).toEqual(headRequests(null));
  });

  it('reads every deal field, clients, stage entry, tasks and calls', async () => {
    const snapshot = await amocrmAdapter.read(contextFor(fakeAmo([])));
    expect(snapshot).toMatchObject({ crm: 'amocrm', account: ORIGIN, accountName: 'Акме', currency: 'RUB', source: 'api', currentUserId: HEAD, readAt: NOW.getTime() });
    expect(snapshot.problems.map((p) => p.code).sort()).toEqual(['amount-missing', 'stage-date-unknown']);
    expect(snapshot.problems.find((p) => p.code === 'amount-missing')?.message).toMatch(/^amoCRM: 1 deals without a budget .*31000002/);
    expect(snapshot.problems.find((p) => p.code === 'stage-date-unknown')?.message).toMatch(/^amoCRM: 1 open deals have not changed stage since/);

    expect(snapshot.managers).toEqual([
      { crmId: HEAD, name: 'Анна Кузнецова', title: 'Отдел продаж', active: true },
      { crmId: MANAGER, name: 'Дмитрий Орлов', title: 'Менеджеры МСК', active: true },
      { crmId: '5001003', name: 'Екатерина Смирнова', title: 'Менеджеры МСК', active: true },
      { crmId: '5001004', name: 'Игорь Павлов', title: 'Менеджеры МСК', active: false },
    ]);
    expect(snapshot.pipelines.map((p) => p.name)).toEqual(['Продажи', 'Повторные продажи']);
    expect(snapshot.stages).toHaveLength(11);
    expect(snapshot.stages.filter((s) => s.kind === 'won').map((s) => s.pipelineId)).toEqual(['7001001', '7001002']);

    const deals = new Map(snapshot.deals.map((d) => [d.crmId, d]));
    expect([...deals.keys()]).toEqual(['31000001', '31000002', '31000003', '31000004', '31000005', '31000006', '31000007']);
    expect(deals.get('31000001')).toEqual({
      crmId: '31000001',
      title: 'Поставка оборудования ООО «Ромашка»',
      amount: 1250000,
      currency: 'RUB',
      pipelineId: '7001001',
      stageId: '60001003',
      status: 'open',
      ownerId: MANAGER,
      createdAt: ms(1790842800),
      stageEnteredAt: ms(1794470700),
      updatedAt: ms(1795182120),
      closedAt: null,
      lossReason: null,
      client: 'ООО «Ромашка»',
      nextTaskAt: ms(1795676400),
      url: `${ORIGIN}/leads/detail/31000001`,
    });
    expect(deals.get('31000002')).toMatchObject({ amount: null, client: 'Мария Соколова', stageEnteredAt: ms(1794292200) });
    expect(deals.get('31000003')).toMatchObject({ status: 'won', client: 'АО «Вектор»', stageEnteredAt: ms(1794985500), closedAt: ms(1794985500) });
    expect(deals.get('31000004')).toMatchObject({ status: 'lost', lossReason: 'Дорого', stageEnteredAt: ms(1795271400), client: 'Мария Соколова' });
    // A repeat buyer: a second deal of the same company in another pipeline.
    expect(deals.get('31000005')).toMatchObject({ pipelineId: '7001002', ownerId: HEAD, client: 'ООО «Ромашка»', stageEnteredAt: ms(1789462800) });
    expect(deals.get('31000006')).toMatchObject({ stageEnteredAt: null, client: 'АО «Вектор»' });
    expect(deals.get('31000007')).toMatchObject({ stageEnteredAt: ms(1793620800), client: 'Олег Ким', ownerId: '5001004' });
    // "Счёт выставлен" is a stage without deals.
    expect(snapshot.deals.some((d) => d.stageId === '60002003')).toBe(false);
    expect(snapshot.stages.some((s) => s.crmId === '60002003')).toBe(true);

    expect(snapshot.tasks.map((t) => [t.crmId, t.type, t.done])).toEqual([
      ['81000001', 'call', false],
      ['81000003', 'email', false],
      ['81000002', 'meeting', true],
      ['81000004', 'call', true],
    ]);
    expect(snapshot.activities.map((a) => [a.crmId, a.direction, a.durationSec, a.outcome, a.dealId])).toEqual([
      ['leads-91000001', 'out', 185, 'Обсудили КП, ждут счёт', '31000001'],
      ['leads-91000002', 'in', 0, 'Не дозвонился', '31000002'],
      ['leads-91000003', 'out', 42, 'Разговор состоялся', '31000002'],
      ['contacts-92000001', 'out', 64, 'Отправить договор', null],
    ]);
    expectValidSnapshot(snapshot);
  });
});

describe('amocrmAdapter.read: a manager (sees only their own, may not list users)', () => {
  it('reads their deals, tasks and calls, and names them from the page globals', async () => {
    const log: string[] = [];
    const pageGlobals: PageGlobals = { userId: MANAGER, userName: 'Дмитрий Орлов', accountId: '29384756', currency: 'RUB' };
    const snapshot = await amocrmAdapter.read(contextFor(fakeAmo(log, { userId: MANAGER }), { pageGlobals }));
    expect(snapshot.currentUserId).toBe(MANAGER);
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['31000001', '31000003', '31000006']);
    expect(snapshot.deals.every((d) => d.ownerId === MANAGER)).toBe(true);
    expect(snapshot.tasks.map((t) => t.crmId)).toEqual(['81000001', '81000002']);
    expect(snapshot.activities.map((a) => a.crmId)).toEqual(['leads-91000001']);
    expect(snapshot.managers).toEqual([{ crmId: MANAGER, name: 'Дмитрий Орлов', title: null, active: true }]);
    expect(snapshot.problems.find((p) => p.code === 'users-unavailable')?.message).toBe(
      "amoCRM: could not read the users (HTTP 403 for /api/v4/users; the list needs account admin rights); managers' names are missing",
    );
    // All three deals belong to companies: no contacts lookup.
    expect(log.some((p) => p.startsWith('/api/v4/contacts?'))).toBe(false);
    expectValidSnapshot(snapshot);
  });
});

describe('amocrmAdapter.read: incremental reads', () => {
  const since = new Date('2026-11-23T00:00:00+03:00').getTime();
  const fromParam = unix(since - 5 * 60 * 1000);

  it('with the same user asks only for what changed since the last read, minus 5 minutes', async () => {
    const log: string[] = [];
    const cursor: ReadCursor = { at: since, userId: HEAD };
    const snapshot = await amocrmAdapter.read(contextFor(fakeAmo(log), { since: cursor }));
    const leadsCalls = log.filter((p) => p.startsWith('/api/v4/leads?'));
    expect(leadsCalls).toEqual([
      `/api/v4/leads?with=loss_reason,contacts&filter[updated_at][from]=${fromParam}&limit=250&page=1`,
      `/api/v4/leads?with=loss_reason,contacts&filter[updated_at][from]=${fromParam}&limit=250&page=2`,
    ]);
    expect(log.filter((p) => p.startsWith('/api/v4/tasks'))).toEqual([`/api/v4/tasks?filter[updated_at][from]=${fromParam}&limit=250&page=1`]);
    expect(log.filter((p) => p.includes('/notes?')).every((p) => p.includes(`filter[updated_at][from]=${fromParam}`))).toBe(true);
    // Stage history of just the changed open leads, over the whole history window.
    expect(log.filter((p) => p.startsWith('/api/v4/events'))).toEqual([
      `/api/v4/events?filter[type]=lead_status_changed&filter[entity]=lead&filter[created_at][from]=${unix(historyFrom)}&filter[entity_id]=31000002,31000005&limit=100&page=1`,
    ]);
    expect(snapshot.deals.map((d) => [d.crmId, d.stageEnteredAt])).toEqual([
      ['31000002', ms(1794292200)],
      ['31000005', ms(1789462800)],
    ]);
    expectValidSnapshot(snapshot);
  });

  it('with another user reads everything again', async () => {
    const log: string[] = [];
    await amocrmAdapter.read(contextFor(fakeAmo(log), { since: { at: since, userId: MANAGER } }));
    expect(log).toEqual(headRequests(null));
  });

  it('with an unknown current user reads everything again', async () => {
    const log: string[] = [];
    const fetchJson: FetchJson = async (path, init) => {
      const body = await fakeAmo(log)(path, init);
      return path.startsWith('/api/v4/account') ? { ...(body as Rec), current_user_id: null } : body;
    };
    await amocrmAdapter.read(contextFor(fetchJson, { since: { at: since, userId: null } }));
    expect(log.some((p) => p.includes('filter[updated_at][from]=' + fromParam))).toBe(false);
  });
});

describe('amocrmAdapter.read: bad records', () => {
  it('turns malformed leads into problems, keeps the good ones, never throws', async () => {
    const snapshot = await amocrmAdapter.read(contextFor(fakeAmo([], { leadsPages: { '1': 'leads-malformed.json' } })));
    expect(snapshot.source).toBe('api');
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['31000102', '31000106', '31000107']);
    const byItem = (id: string) => snapshot.problems.filter((p) => p.itemId === id).map((p) => `${p.code}:${p.field ?? ''}`);
    expect(byItem('31000101')).toEqual(['field-missing:responsible_user_id']);
    expect(byItem('31000102')).toEqual(['field-invalid:price']);
    expect(byItem('31000103')).toEqual(['stage-unknown:status_id']);
    expect(byItem('31000105')).toEqual(['field-invalid:created_at']);
    expect(byItem('31000107')).toEqual(['field-invalid:closest_task_at']);
    expect(snapshot.problems.filter((p) => p.code === 'record-invalid')).toHaveLength(2);
    expectValidSnapshot(snapshot);
  });

  it('answers that are not lists: secondary ones become problems, the primary one sends the read to the page', async () => {
    const broken: FetchJson = async (path, init) => (path.startsWith('/api/v4/tasks') ? { _embedded: { items: [] } } : fakeAmo([])(path, init));
    const snapshot = await amocrmAdapter.read(contextFor(broken));
    expect(snapshot.source).toBe('api');
    expect(snapshot.problems.find((p) => p.code === 'tasks-unavailable')?.message).toMatch(/\/api\/v4\/tasks answered without an "_embedded.tasks" list/);

    const noLeads: FetchJson = async (path, init) => (path.startsWith('/api/v4/leads?') ? '<html>login</html>' : fakeAmo([])(path, init));
    expect((await amocrmAdapter.read(contextFor(noLeads))).source).toBe('page');
  });

  it('thousands of bad call notes still fit a snapshot: a few in full, the rest summarised', async () => {
    const notes = Array.from({ length: 1200 }, (_, i) => ({ id: 93000000 + i, entity_id: 31000001, note_type: 'call_out', created_at: 1795590900, updated_at: 1795590900, responsible_user_id: 0, created_by: 0, params: {} }));
    const snapshot = await amocrmAdapter.read(contextFor(fakeAmo([], { notes: { leads: { _page: 1, _links: {}, _embedded: { notes } } } })));
    expect(snapshot.problems.length).toBeLessThan(20);
    expect(snapshot.problems.some((p) => /1195 more problems like this one/.test(p.message))).toBe(true);
    expectValidSnapshot(snapshot);
  });

  it('companies that cannot be read leave those clients empty; contacts are still read', async () => {
    const noCompanies: FetchJson = async (path, init) => {
      if (path.startsWith('/api/v4/companies?')) throw new HttpError(403, '/api/v4/companies');
      return fakeAmo([])(path, init);
    };
    const snapshot = await amocrmAdapter.read(contextFor(noCompanies));
    expect(snapshot.deals.map((d) => d.client)).toEqual([null, 'Мария Соколова', null, 'Мария Соколова', null, null, 'Олег Ким']);
    expect(snapshot.problems.filter((p) => p.code === 'clients-unavailable').map((p) => p.message)).toEqual([
      "amoCRM: could not read the deals' companies (HTTP 403 for /api/v4/companies); 2 of them are missing as client names",
    ]);
  });

  it('stage history that cannot be read leaves open deals without a stage date, said once', async () => {
    const noEvents: FetchJson = async (path, init) => {
      if (path.startsWith('/api/v4/events')) throw new HttpError(403, '/api/v4/events');
      return fakeAmo([])(path, init);
    };
    const snapshot = await amocrmAdapter.read(contextFor(noEvents));
    const open = snapshot.deals.filter((d) => d.status === 'open');
    expect(open.every((d) => d.stageEnteredAt === null)).toBe(true);
    expect(snapshot.problems.filter((p) => p.code === 'stage-history-unavailable')).toEqual([
      { code: 'stage-history-unavailable', message: `amoCRM: could not read stage changes (HTTP 403 for /api/v4/events); ${open.length} open deals have no stage-entry date and cannot be checked for stalling`, field: 'stageEnteredAt' },
    ]);
  });
});

// ---------------------------------------------------------------- the board

const boardUrl = (search = `?filter[main_user][]=${MANAGER}`) => new URL(`/leads/pipeline/7001001/${search}`, ORIGIN);
const boardDoc = () => new DOMParser().parseFromString(fixtureText('pipeline.html'), 'text/html');

describe('readBoard on a saved board page', () => {
  it('reads cards, amounts with no-break spaces, stages incl. an empty one; skips the unsorted requests', () => {
    const board = readBoard(boardDoc(), NOW, ORIGIN, { url: boardUrl() });
    expect(board.pipelineId).toBe('7001001');
    expect(board.stages.map((s) => [s.crmId, s.name, s.kind, s.order])).toEqual([
      ['60001002', 'Первичный контакт', 'open', 0],
      ['60001003', 'Переговоры', 'open', 1],
      ['60001004', 'Принимают решение', 'open', 2],
    ]);
    expect(board.items.map((d) => [d.crmId, d.stageId, d.amount, d.client])).toEqual([
      ['31000002', '60001002', null, 'Мария Соколова'],
      ['31000010', '60001002', 85000, 'Сергей Волков'],
      ['31000001', '60001003', 1250000, 'ООО «Ромашка»'],
      ['31000007', '60001003', 2100000, 'Олег Ким'],
    ]);
    expect(board.items[2]).toEqual({
      crmId: '31000001',
      title: 'Поставка оборудования ООО «Ромашка»',
      amount: 1250000,
      currency: 'RUB',
      pipelineId: '7001001',
      stageId: '60001003',
      status: 'open',
      ownerId: MANAGER,
      createdAt: new Date(2026, 9, 1).getTime(),
      stageEnteredAt: null,
      updatedAt: new Date(2026, 9, 1).getTime(),
      closedAt: null,
      lossReason: null,
      client: 'ООО «Ромашка»',
      nextTaskAt: null,
      url: `${ORIGIN}/leads/detail/31000001`,
    });
    expect(board.items[1]?.createdAt).toBe(new Date(2026, 10, 25, 9, 12).getTime());
    expect(board.problems).toEqual([
      {
        code: 'amount-missing',
        message: 'amoCRM board: 1 card without amount (card 31000002)',
        itemId: '31000002',
        field: 'amount',
        selector: '.pipeline_leads__price, .pipeline_leads__note, .pipeline_leads__field',
      },
      { code: 'stage-date-unknown', message: 'amoCRM board: the board shows no stage dates; 4 open deals read from it cannot be checked for stalling', field: 'stageEnteredAt' },
    ]);
  });

  it('without a one-user filter it cannot tell owners: cards are skipped, said once', () => {
    const board = readBoard(boardDoc(), NOW, ORIGIN, { url: boardUrl('') });
    expect(board.items).toEqual([]);
    expect(board.problems).toMatchObject([{ code: 'owner-unknown', message: expect.stringMatching(/^amoCRM board: 4 cards skipped: amoCRM cards do not show the responsible user/) }]);
  });

  it('reads the classic price element and its data-price too', () => {
    const html = `<div class="pipeline_status pipeline_cell pipeline_cell-142"><div class="pipeline_status__head" data-id="142"><div class="pipeline_status__head_title" title="Успешно реализовано"></div></div>
      <div class="pipeline_items__list js-pipeline-row" data-id="142">
        <div class="pipeline_leads__item" data-id="5"><a class="pipeline_leads__title-text" href="https://evil.example/x">Лицензии</a><div class="pipeline_leads__top-date">Вчера</div><div class="pipeline_leads__price" data-price="480000">480 000 ₽</div></div>
        <div class="pipeline_leads__item" data-id="6"><a class="pipeline_leads__title-text">Услуги</a><div class="pipeline_leads__top-date">12.11.2026</div><div class="pipeline_leads__price">договорная</div></div>
      </div></div>`;
    const root = new DOMParser().parseFromString(html, 'text/html');
    const board = readBoard(root, NOW, ORIGIN, { url: boardUrl() });
    expect(board.items.map((d) => [d.crmId, d.amount, d.status, d.url])).toEqual([
      ['5', 480000, 'won', `${ORIGIN}/leads/detail/5`],
      ['6', null, 'won', `${ORIGIN}/leads/detail/6`],
    ]);
    expect(board.problems.map((p) => p.code)).toEqual(['amount-unreadable']);
  });
});

/** A board of `count` cards over five columns (incl. won, lost and an empty one); every 10th card shows no budget. */
function generatedBoard(count: number): string {
  const columns = ['60001002', '60001003', '142', '143'];
  const cards = new Map<string, string[]>(columns.map((c) => [c, []]));
  for (let i = 0; i < count; i += 1) {
    const id = 40000000 + i;
    const price = i % 10 === 0 ? '' : `<span class="pipeline_leads__note pipeline_leads__grey h-text-overflow">${(1000 * (i + 1)).toLocaleString('ru-RU').replace(/\s/g, '\u00a0')}\u00a0₽</span>`;
    cards.get(columns[i % columns.length] ?? '60001002')?.push(
      `<div id="pipeline_item_${id}" class="pipeline_leads__item pipeline_leads__item_flex js-hs-prevent" data-id="${id}"><div class="pipeline_leads__info" id="lead_${id}"><div class="pipeline_leads__top-block"><div class="pipeline_leads__linked-entities">Клиент ${i % 97}</div><div class="pipeline_leads__top-date">${(i % 28) + 1}.10.2026</div></div><div class="pipeline_leads__lead-title"><a class="pipeline_leads__title-text h-text-overflow js-navigate-link" title="Сделка #${id}" href="/leads/detail/${id}">Сделка #${id}</a></div><div class="pipeline_leads__middle-block">${price}</div></div></div>`,
    );
  }
  const column = (id: string, items: string[]) =>
    `<div class="pipeline_status pipeline_cell pipeline_cell-${id}"><div class="pipeline_cell-head pipeline_cell-head-${id}"><div class="pipeline_status__head-wrapper"><div id="status_id_${id}" class="pipeline_status__head" data-id="${id}"><div class="pipeline_status__head_title" title="Этап ${id}"><span class="block-selectable">Этап ${id}</span></div></div></div></div><div id="pipeline_items__list_${id}" class="pipeline_items__list js-pipeline-row" data-id="${id}">${items.join('')}</div></div>`;
  return `<!doctype html><html><body><div class="pipeline_wrapper pipeline_row">${[...cards].map(([id, items]) => column(id, items)).join('')}${column('60001004', [])}</div></body></html>`;
}

describe('readBoard on a 2,000-card board', () => {
  it('reads every card fast and groups what is missing into one problem per kind (cards come column by column)', () => {
    const root = new DOMParser().parseFromString(generatedBoard(2000), 'text/html');
    const board = readBoard(root, NOW, ORIGIN, { url: boardUrl() });
    expect(board.items).toHaveLength(2000);
    expect(board.stages.map((s) => [s.crmId, s.kind])).toEqual([
      ['60001002', 'open'],
      ['60001003', 'open'],
      ['142', 'won'],
      ['143', 'lost'],
      ['60001004', 'open'],
    ]);
    expect(board.items.filter((d) => d.amount === null)).toHaveLength(200);
    expect(board.items.find((d) => d.crmId === '40001234')?.amount).toBe(1235000);
    expect(board.problems.map((p) => p.code)).toEqual(['amount-missing', 'stage-date-unknown']);
    expect(board.problems[0]?.message).toBe('amoCRM board: 200 cards without amount (e.g. cards 40000000, 40000020, 40000040, 40000060, 40000080)');
  });
});

// ---------------------------------------------------------------- API unavailable → the page

describe('amocrmAdapter.read: API unavailable', () => {
  const pageGlobals: PageGlobals = { userId: MANAGER, userName: 'Дмитрий Орлов', currency: 'RUB' };

  it.each([401, 403, 502])('HTTP %i reads the board instead and says why', async (status) => {
    const log: string[] = [];
    const snapshot = await amocrmAdapter.read(contextFor(fakeAmo(log, { failWith: status }), { url: boardUrl(), document: boardDoc(), pageGlobals }));
    expect(log).toEqual(['/api/v4/account?with=users_groups,task_types']);
    expect(snapshot).toMatchObject({ crm: 'amocrm', source: 'page', accountName: 'acme', currency: 'RUB', currentUserId: MANAGER });
    expect(snapshot.problems[0]).toEqual({
      code: 'api-unavailable',
      message: `amoCRM: API unavailable (HTTP ${status} for /api/v4/account), read 4 cards from the page /leads/pipeline/7001001/ (only the cards the board has loaded); tasks and calls were not read`,
    });
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['31000002', '31000010', '31000001', '31000007']);
    expect(snapshot.stages).toHaveLength(3);
    expect(snapshot.managers).toEqual([{ crmId: MANAGER, name: 'Дмитрий Орлов', title: null, active: true }]);
    expect(snapshot.tasks).toEqual([]);
    expectValidSnapshot(snapshot);
  });

  it('without page globals it still reads the board, assuming the currency it sees', async () => {
    const snapshot = await amocrmAdapter.read(contextFor(fakeAmo([], { failWith: 401 }), { url: boardUrl(), document: boardDoc() }));
    expect(snapshot.currency).toBe('RUB');
    expect(snapshot.currentUserId).toBeNull();
    expect(snapshot.problems.some((p) => p.code === 'currency-unknown')).toBe(false);
    expectValidSnapshot(snapshot);
  });
});
