// The Pipedrive adapter against saved API answers and board pages: mappers, full and incremental reads, head vs manager, bad records, fallback.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays, format, startOfWeek, subWeeks } from 'date-fns';
import { describe, expect, it } from 'vitest';
import {
  activityWindowStart,
  boardScope,
  condenseProblems,
  dueMoment,
  hoursMinutes,
  mapActivity,
  mapDeal,
  mapStage,
  mapUser,
  pipedriveAdapter,
  pipedriveDate,
  pipedriveTime,
  readPipelineBoard,
  readPipedrivePageGlobals,
  SELECTORS,
  userFromCookies,
  type DealContext,
} from '../../lib/adapters/pipedrive';
import type { FetchJson, ReadContext } from '../../lib/adapters/types';
import { parseMessage } from '../../lib/messages';
import type { Problem, Snapshot } from '../../lib/model';
import { buildPipedriveBoard } from '../fixtures/pipedrive/board-builder';
import { fixture, HEAD, MANAGER, pipedriveAnswer, pipedriveRefusal, TOKEN } from '../fixtures/pipedrive/fake-api';

const NOW = new Date('2026-11-25T14:30:00Z');
const ORIGIN = 'https://acme.pipedrive.com';
const COOKIES = `pd_referrer_session=1; pipe-session-token=${TOKEN}; ajs_user_id=%227185997%3A1002%22; pipedrive-cdl=eu-central-1`;
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/pipedrive');
const page = (name: string) => new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
const utc = (iso: string) => Date.parse(iso);

/** What the content script's fetch throws for a non-2xx answer (see entrypoints/crm.content/fetch-json.ts). */
const httpError = (status: number, path: string) => Object.assign(new Error(`HTTP ${status} for ${path}`), { status, path });

interface Logged {
  path: string;
  params: URLSearchParams;
}

type Route = (params: URLSearchParams) => unknown;

/**
 * A fake Pipedrive company (tests/fixtures/pipedrive/fake-api.ts) as the head (1001) or a manager (1002) sees it, with
 * `overrides` answering some paths differently; a non-2xx answer rejects the way the content script's fetch does.
 */
function fakePipedrive(role: 'head' | 'manager', overrides: Record<string, Route> = {}) {
  const log: Logged[] = [];
  const fetchJson: FetchJson = (path, init) => {
    expect(init?.method ?? 'GET').toBe('GET');
    const url = new URL(path, ORIGIN);
    log.push({ path: url.pathname, params: url.searchParams });
    // The browser sends the session cookie with every same-origin request, whatever the page's script can read.
    const request = { method: init?.method ?? 'GET', path, cookies: COOKIES };
    const state = { userId: role === 'head' ? HEAD : MANAGER };
    const refused = pipedriveRefusal(request, state);
    if (refused !== null) return Promise.reject(httpError(refused.status, url.pathname));
    const route = overrides[url.pathname];
    if (route) {
      try {
        return Promise.resolve(route(url.searchParams));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const answer = pipedriveAnswer(request, state);
    return answer.status === 200 ? Promise.resolve(answer.body) : Promise.reject(httpError(answer.status, url.pathname));
  };
  return { fetchJson, log };
}

function contextFor(fetchJson: FetchJson, patch: Partial<ReadContext> = {}): ReadContext {
  return {
    url: new URL('/pipeline/1/user/1002', ORIGIN),
    document: new DOMParser().parseFromString('<!doctype html><title>empty</title>', 'text/html'),
    fetchJson,
    pageGlobals: null,
    cookies: COOKIES,
    now: NOW,
    since: null,
    ...patch,
  };
}

function expectValidSnapshot(snapshot: Snapshot) {
  const parsed = parseMessage({ kind: 'snapshot', part: { index: 0, count: 1 }, snapshot });
  expect(parsed.ok ? 'ok' : parsed.error).toBe('ok');
}

const codes = (problems: readonly Problem[]) => problems.map((p) => [p.code, p.itemId, p.field]);

describe('pipedriveAdapter.matches', () => {
  it.each([
    ['https://acme.pipedrive.com/pipeline/1/user/everyone', true],
    ['https://acme-gmbh.pipedrive.com/deal/501', true],
    ['https://ACME.pipedrive.com/', true],
    ['http://acme.pipedrive.com/', false],
    ['https://www.pipedrive.com/en/pricing', false],
    ['https://api.pipedrive.com/v1/deals', false],
    ['https://developers.pipedrive.com/docs/api/v1', false],
    ['https://app.pipedrive.com/', false],
    ['https://pipedrive.com/', false],
    ['https://acme.pipedrive.com.evil.example/', false],
    ['https://eu.acme.pipedrive.com/', false],
  ])('%s → %s', (url, expected) => expect(pipedriveAdapter.matches(new URL(url))).toBe(expected));
});

describe('Pipedrive values', () => {
  it.each([
    ['2026-11-25 08:30:00', utc('2026-11-25T08:30:00Z')],
    ['2026-11-25T08:30:00Z', utc('2026-11-25T08:30:00Z')],
    ['2026-11-25T09:30:00+01:00', utc('2026-11-25T08:30:00Z')],
    ['2026-11-25 08:30', utc('2026-11-25T08:30:00Z')],
    ['2026-02-30 08:30:00', null],
    ['2026-11-25', null],
    ['yesterday', null],
    ['', null],
    [null, null],
    [1795593600, null],
  ])('pipedriveTime(%j) = %j', (value, expected) => expect(pipedriveTime(value)).toBe(expected));

  it.each([
    ['2026-11-26', '10:00', utc('2026-11-26T10:00:00Z')],
    ['2026-11-26', '10:00:00', utc('2026-11-26T10:00:00Z')],
    ['2026-11-26', '', new Date(2026, 10, 26).getTime()],
    ['2026-11-26', null, new Date(2026, 10, 26).getTime()],
    ['2026-11-26', '25:00', null],
    ['26.11.2026', '', null],
    [undefined, '10:00', null],
  ])('dueMoment(%j, %j) = %j', (date, time, expected) => expect(dueMoment(date, time)).toBe(expected));

  it.each([
    ['00:07', 420],
    ['01:30', 5400],
    ['1:00', 3600],
    ['00:00:45', 45],
    ['', null],
    ['7 min', null],
    ['00:75', null],
    [null, null],
  ])('hoursMinutes(%j) = %j', (value, expected) => expect(hoursMinutes(value)).toBe(expected));

  it('a date without time is the local calendar day', () => {
    expect(pipedriveDate('2026-11-25')).toBe(new Date(2026, 10, 25).getTime());
    expect(pipedriveDate('2026-13-01')).toBeNull();
  });

  it.each([
    ['pd=1; ajs_user_id=%227185997%3A1002%22; x=y', { companyId: '7185997', userId: '1002' }],
    ['ajs_user_id="7185997:1002"', { companyId: '7185997', userId: '1002' }],
    ['ajs_user_id=%22anonymous%22', null],
    ['', null],
  ])('userFromCookies(%s)', (cookies, expected) => expect(userFromCookies(cookies)).toEqual(expected));

  it.each([
    ['/pipeline/1/user/1002', { pipelineId: '1', ownerId: '1002' }],
    ['/pipeline/1/user/everyone', { pipelineId: '1', ownerId: null }],
    ['/pipeline/3/filter/17', { pipelineId: '3', ownerId: null }],
    ['/pipeline/3', { pipelineId: '3', ownerId: null }],
    ['/deal/501', { pipelineId: null, ownerId: null }],
  ])('boardScope(%s)', (path, expected) => expect(boardScope(new URL(path, ORIGIN))).toEqual(expected));

  it('reads activities from the Monday 5 weeks back', () => {
    expect(activityWindowStart(NOW)).toEqual(startOfWeek(subWeeks(NOW, 5), { weekStartsOn: 1 }));
  });
});

describe('Pipedrive record mappers', () => {
  const ctx: DealContext = { origin: ORIGIN, currency: 'EUR', stagePipelines: new Map([['11', '1'], ['22', '2']]) };
  const deal = {
    id: 1,
    title: 'Acme',
    value: 100,
    currency: 'USD',
    status: 'open',
    stage_id: 11,
    pipeline_id: 1,
    user_id: { id: 1002, name: 'Boris Petrov', value: 1002 },
    add_time: '2026-11-02 09:15:00',
    update_time: '2026-11-24 16:40:12',
    stage_change_time: null,
  };

  it.each([
    ['v1 with user object', deal, { ownerId: '1002', amount: 100, currency: 'USD', stageEnteredAt: utc('2026-11-02T09:15:00Z') }],
    ['strict mode: bare user id', { ...deal, user_id: 1003 }, { ownerId: '1003' }],
    ['v2: owner_id and RFC 3339 times', { ...deal, user_id: undefined, owner_id: 1003, add_time: '2026-11-02T09:15:00Z', update_time: '2026-11-24T16:40:12Z' }, { ownerId: '1003', createdAt: utc('2026-11-02T09:15:00Z'), updatedAt: utc('2026-11-24T16:40:12Z') }],
    ['value null', { ...deal, value: null }, { amount: null }],
    ['value 0 is the CRM saying zero', { ...deal, value: 0 }, { amount: 0 }],
    ['no pipeline_id: from the stage', { ...deal, pipeline_id: undefined }, { pipelineId: '1' }],
    ['no currency: the account one', { ...deal, currency: '' }, { currency: 'EUR' }],
    ['won', { ...deal, status: 'won', stage_id: 22, won_time: '2026-11-20 13:05:00', close_time: '2026-11-20 13:05:00' }, { status: 'won', closedAt: utc('2026-11-20T13:05:00Z'), lossReason: null }],
    ['lost with reason', { ...deal, status: 'lost', lost_time: '2026-11-18 11:00:00', lost_reason: 'Price too high' }, { status: 'lost', closedAt: utc('2026-11-18T11:00:00Z'), lossReason: 'Price too high' }],
    ['open deals keep no loss reason', { ...deal, lost_reason: 'old reason' }, { lossReason: null, closedAt: null }],
    ['client from org_name', { ...deal, org_name: 'Acme GmbH', person_name: 'Jonas' }, { client: 'Acme GmbH' }],
    ['client from person', { ...deal, org_id: null, person_name: 'Jonas Weber' }, { client: 'Jonas Weber' }],
    ['next activity with time (UTC)', { ...deal, next_activity_date: '2026-11-26', next_activity_time: '10:00:00' }, { nextTaskAt: utc('2026-11-26T10:00:00Z') }],
  ])('mapDeal: %s', (_label, json, expected) => {
    const mapped = mapDeal(json, ctx);
    expect(mapped.item).toMatchObject({ crmId: '1', url: `${ORIGIN}/deal/1`, ...expected });
  });

  it.each([
    [null, 'record-invalid', undefined],
    ['deal', 'record-invalid', undefined],
    [{ ...deal, stage_id: undefined }, 'field-missing', 'stage_id'],
    [{ ...deal, user_id: null }, 'field-missing', 'user_id'],
    [{ ...deal, user_id: { name: 'nobody' } }, 'field-invalid', 'user_id'],
    [{ ...deal, status: 'deleted' }, 'field-invalid', 'status'],
    [{ ...deal, add_time: 'yesterday' }, 'field-invalid', 'add_time'],
    [{ ...deal, title: 42 }, 'field-invalid', 'title'],
  ])('mapDeal(%j) skips with a problem', (json, code, field) => {
    const mapped = mapDeal(json, ctx);
    expect(mapped.item).toBeNull();
    expect([mapped.problems[0]?.code, mapped.problems[0]?.field]).toEqual([code, field]);
  });

  it('keeps a deal whose value is text, saying so', () => {
    const mapped = mapDeal({ ...deal, value: 'lots' }, ctx);
    expect(mapped.item?.amount).toBeNull();
    expect(mapped.problems.map((p) => p.message)).toEqual(['Pipedrive: deal 1: field "value" is not a number (seen "lots"); kept the record without it']);
  });

  it.each([
    [{ id: 9101, type: 'call', done: true, due_date: '2026-11-25', due_time: '08:10', duration: '00:07', marked_as_done_time: '2026-11-25 08:18:00', user_id: 1002, deal_id: 501, subject: 'Intro call' },
      { type: 'call', dueAt: utc('2026-11-25T08:10:00Z'), done: true, doneAt: utc('2026-11-25T08:18:00Z'), ownerId: '1002', dealId: '501', text: 'Intro call' },
      { type: 'call', at: utc('2026-11-25T08:10:00Z'), durationSec: 420, dealId: '501', direction: null }],
    [{ id: 9103, type: 'call', done: true, due_date: '2026-11-23', due_time: '', duration: '', marked_as_done_time: '2026-11-23 17:45:10', user_id: 1001, deal_id: null },
      { dueAt: new Date(2026, 10, 23).getTime(), dealId: null },
      { at: utc('2026-11-23T17:45:10Z'), durationSec: null }],
    [{ id: 9102, type: 'meeting', done: 1, due_date: '2026-11-24', due_time: '13:00', duration: '01:00', marked_as_done_time: '2026-11-24 14:05:00', user_id: 1003, deal_id: 504 },
      { type: 'meeting', done: true },
      { type: 'meeting', durationSec: 3600 }],
    [{ id: 9001, type: 'call', done: false, due_date: '2026-11-26', due_time: '09:00', duration: '00:15', marked_as_done_time: '', user_id: 1002, deal_id: 501 },
      { type: 'call', done: false, doneAt: null },
      null],
    [{ id: 9104, type: 'lunch', done: true, due_date: '2026-11-20', due_time: '11:30', duration: '01:30', marked_as_done_time: '2026-11-20 13:10:00', user_id: 1003 },
      { type: 'other', done: true },
      null],
    [{ id: 9003, type: 'email', done: false, due_date: '2026-11-24', due_time: '15:00', assigned_to_user_id: 1002 },
      { type: 'email', ownerId: '1002' },
      null],
  ])('mapActivity(%j)', (json, task, activity) => {
    const mapped = mapActivity(json);
    expect(mapped.item?.task).toMatchObject(task);
    if (activity === null) expect(mapped.item?.activity).toBeNull();
    else expect(mapped.item?.activity).toMatchObject(activity);
  });

  it.each([
    [{ id: 1, type: 'call', done: true, due_date: null, user_id: 2 }, 'due_date'],
    [{ id: 1, type: 'call', done: true, due_date: '2026-11-25', user_id: null }, 'user_id'],
  ])('mapActivity(%j) skips without throwing', (json, field) => {
    const mapped = mapActivity(json);
    expect(mapped.item).toBeNull();
    expect(mapped.problems[0]?.field).toBe(field);
  });

  it('maps users and stages', () => {
    expect(mapUser({ id: 1004, name: 'Dmitri', active_flag: false }).item).toEqual({ crmId: '1004', name: 'Dmitri', title: null, active: false });
    expect(mapUser({ id: 1005, name: '', email: 'e@x.example' }).item?.name).toBe('e@x.example');
    expect(mapStage({ id: 14, name: 'Negotiations', pipeline_id: 1, order_nr: 4 }, 0).item).toEqual({ crmId: '14', pipelineId: '1', name: 'Negotiations', order: 4, kind: 'open' });
    expect(mapStage({ id: 14, name: 'Orphan' }, 0).problems[0]?.field).toBe('pipeline_id');
  });
});

describe('pipedriveAdapter.read against the API', () => {
  it("as the head reads every user's deals over two pages, with the session token, field by field", async () => {
    const { fetchJson, log } = fakePipedrive('head');
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson));

    expect(log.map((l) => `${l.path}?${[...l.params.entries()].filter(([k]) => k !== 'session_token').map(([k, v]) => `${k}=${v}`).join('&')}`)).toEqual([
      '/api/v1/users/me?',
      '/api/v1/users?',
      '/api/v1/pipelines?',
      '/api/v1/stages?',
      '/api/v1/deals?status=all_not_deleted&start=0&limit=500',
      '/api/v1/deals?status=all_not_deleted&start=500&limit=500',
      '/api/v1/activities?user_id=0&done=0&start=0&limit=500',
      `/api/v1/activities?user_id=0&done=1&start_date=${format(startOfWeek(subWeeks(NOW, 5), { weekStartsOn: 1 }), 'yyyy-MM-dd')}&end_date=${format(addDays(NOW, 1), 'yyyy-MM-dd')}&start=0&limit=500`,
    ]);
    expect(log.every((l) => l.params.get('session_token') === TOKEN)).toBe(true);

    expect(snapshot).toMatchObject({ crm: 'pipedrive', account: ORIGIN, accountName: 'Acme Sales GmbH', currency: 'EUR', source: 'api', currentUserId: '1001', readAt: NOW.getTime() });
    expect(snapshot.managers.map((m) => [m.crmId, m.name, m.active])).toEqual([
      ['1001', 'Anna Keller', true],
      ['1002', 'Boris Petrov', true],
      ['1003', 'Chloe Martin', true],
      ['1004', 'Dmitri Sokolov', false],
    ]);
    expect(snapshot.pipelines).toEqual([
      { crmId: '1', name: 'Sales', order: 1 },
      { crmId: '2', name: 'Renewals', order: 2 },
    ]);
    // Stage 14 holds no deal and is still a stage; every Pipedrive stage is a working stage.
    expect(snapshot.stages.map((s) => [s.crmId, s.pipelineId, s.kind])).toEqual([
      ['11', '1', 'open'], ['12', '1', 'open'], ['13', '1', 'open'], ['14', '1', 'open'], ['21', '2', 'open'], ['22', '2', 'open'],
    ]);
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['501', '502', '503', '504', '505', '506']);
    expect(snapshot.deals.find((d) => d.crmId === '501')).toEqual({
      crmId: '501',
      title: 'Acme GmbH — 20 seats',
      amount: 12000,
      currency: 'EUR',
      pipelineId: '1',
      stageId: '11',
      status: 'open',
      ownerId: '1002',
      createdAt: utc('2026-11-02T09:15:00Z'),
      stageEnteredAt: utc('2026-11-02T09:15:00Z'),
      updatedAt: utc('2026-11-24T16:40:12Z'),
      closedAt: null,
      lossReason: null,
      client: 'Acme GmbH',
      nextTaskAt: utc('2026-11-26T10:00:00Z'),
      url: `${ORIGIN}/deal/501`,
    });
    expect(snapshot.deals.find((d) => d.crmId === '502')).toMatchObject({ status: 'won', currency: 'USD', ownerId: '1003', closedAt: utc('2026-11-20T13:05:00Z'), pipelineId: '2' });
    expect(snapshot.deals.find((d) => d.crmId === '503')).toMatchObject({ amount: null, client: 'Peter Gibbons', nextTaskAt: new Date(2026, 10, 27).getTime(), stageEnteredAt: utc('2026-11-10T08:00:00Z') });
    expect(snapshot.deals.find((d) => d.crmId === '504')).toMatchObject({ status: 'lost', lossReason: 'Price too high', closedAt: utc('2026-11-18T11:00:00Z') });

    expect(snapshot.tasks.map((t) => [t.crmId, t.type, t.done])).toEqual([
      ['9001', 'call', false], ['9002', 'other', false], ['9003', 'email', false],
      ['9101', 'call', true], ['9102', 'meeting', true], ['9103', 'call', true], ['9104', 'other', true],
    ]);
    expect(snapshot.activities.map((a) => [a.crmId, a.type, a.ownerId, a.durationSec])).toEqual([
      ['9101', 'call', '1002', 420], ['9102', 'meeting', '1003', 3600], ['9103', 'call', '1001', null],
    ]);
    // The one deal without a value is one grouped line, not a silent zero.
    expect(snapshot.problems).toEqual([{ code: 'amount-missing', message: 'Pipedrive: 1 deal without amount (503); counted without a sum', field: 'value' }]);
    expectValidSnapshot(snapshot);
  });

  it('as a manager reads what Pipedrive shows them, and knows who they are', async () => {
    const { fetchJson, log } = fakePipedrive('manager');
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson));
    expect(snapshot.currentUserId).toBe('1002');
    expect(snapshot.deals.map((d) => [d.crmId, d.ownerId])).toEqual([['501', '1002'], ['503', '1002'], ['506', '1002']]);
    expect(snapshot.activities.map((a) => a.crmId)).toEqual(['9101']);
    expect(log.filter((l) => l.path === '/api/v1/deals')).toHaveLength(1);
    expectValidSnapshot(snapshot);
  });

  it('without the session cookie asks without a token (the session cookie may still do)', async () => {
    const { fetchJson, log } = fakePipedrive('manager');
    await pipedriveAdapter.read(contextFor(fetchJson, { cookies: '' }));
    expect(log.every((l) => !l.params.has('session_token'))).toBe(true);
  });

  it('reads only deals changed since the last read of the same user, newest first, stopping at older ones', async () => {
    const { fetchJson, log } = fakePipedrive('manager');
    const since = { at: utc('2026-11-22T12:00:00Z'), userId: '1002' };
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson, { since }));
    const dealCalls = log.filter((l) => l.path === '/api/v1/deals');
    expect(dealCalls).toHaveLength(1);
    expect(dealCalls[0]?.params.get('sort')).toBe('update_time DESC');
    // 503 was last changed on 10 November: older than the cursor minus 5 minutes, so not kept (nor the page after it read).
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['505', '501', '506']);
    expect(snapshot.source).toBe('api');
  });

  it('reads everything when another user read last time', async () => {
    const { fetchJson, log } = fakePipedrive('manager');
    await pipedriveAdapter.read(contextFor(fetchJson, { since: { at: NOW.getTime(), userId: '1001' } }));
    expect(log.find((l) => l.path === '/api/v1/deals')?.params.has('sort')).toBe(false);
  });

  it('moves to /api/v2/deals only when /api/v1/deals is gone', async () => {
    const { fetchJson, log } = fakePipedrive('head', {
      '/api/v1/deals': () => {
        throw httpError(410, '/api/v1/deals');
      },
      '/api/v2/deals': (q) => fixture(q.get('cursor') === null ? 'deals-v2-p1.json' : 'deals-v2-p2.json'),
    });
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson));
    const v2 = log.filter((l) => l.path === '/api/v2/deals');
    expect(v2.map((l) => [l.params.get('limit'), l.params.get('cursor')])).toEqual([['500', null], ['500', 'eyJmaWVsZCI6ImlkIiwiaWQiOjUwMn0']]);
    expect(snapshot.deals.map((d) => [d.crmId, d.ownerId, d.status])).toEqual([['501', '1002', 'open'], ['502', '1003', 'won'], ['504', '1003', 'lost']]);
    expect(snapshot.deals[0]).toMatchObject({ createdAt: utc('2026-11-02T09:15:00Z'), client: null });
    expectValidSnapshot(snapshot);
  });

  it('turns malformed deals into problems, not exceptions', async () => {
    const { fetchJson } = fakePipedrive('head', { '/api/v1/deals': () => fixture('deals-malformed.json') });
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson));
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['603', '605', '607']);
    expect(snapshot.deals.find((d) => d.crmId === '603')).toMatchObject({ amount: null, currency: 'EUR' });
    expect(codes(snapshot.problems)).toEqual([
      ['field-missing', '601', 'stage_id'],
      ['field-invalid', '602', 'add_time'],
      ['field-invalid', '603', 'value'],
      ['field-invalid', '603', 'currency'],
      ['field-missing', '604', 'user_id'],
      ['stage-unknown', '605', 'stage_id'],
      ['field-invalid', '606', 'status'],
      ['record-invalid', undefined, undefined],
      // A record without an id reports every required field it lacks.
      ['field-missing', undefined, 'id'],
      ['field-missing', undefined, 'stage_id'],
      ['field-missing', undefined, 'user_id'],
      ['field-missing', undefined, 'status'],
      ['field-missing', undefined, 'add_time'],
      ['amount-missing', undefined, 'value'],
    ]);
    expect(snapshot.problems.every((p) => p.message.startsWith('Pipedrive: '))).toBe(true);
    expect(snapshot.problems.find((p) => p.code === 'amount-missing')?.message).toBe('Pipedrive: 2 deals without amount (603, 607); counted without a sum');
    expectValidSnapshot(snapshot);
  });

  it('keeps the deals when activities fail', async () => {
    const { fetchJson } = fakePipedrive('head', {
      '/api/v1/activities': () => {
        throw httpError(403, '/api/v1/activities');
      },
    });
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson));
    expect(snapshot.deals).toHaveLength(6);
    expect(snapshot.tasks).toEqual([]);
    expect(snapshot.problems.find((p) => p.code === 'activities-unavailable')?.message).toBe(
      'Pipedrive: could not read activities (HTTP 403 for /api/v1/activities: signed out, or no access to this company?); deals were read',
    );
  });

  it('survives an answer of the wrong shape by falling back to the page', async () => {
    const { fetchJson } = fakePipedrive('head', { '/api/v1/stages': () => ({ success: true, data: { id: 11 } }) });
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson, { document: page('board.html') }));
    expect(snapshot.source).toBe('page');
    expect(snapshot.problems[0]?.message).toMatch(/^Pipedrive: API unavailable \(\/api\/v1\/stages answered without a "data" list/);
  });
});

describe('the pipeline board fallback', () => {
  const unauthorized = () => {
    throw httpError(401, '/api/v1/users/me');
  };

  it('after a 401 reads the board filtered by one person as that person’s open deals', async () => {
    const { fetchJson } = fakePipedrive('manager', { '/api/v1/users/me': unauthorized });
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson, { document: page('board.html') }));
    expect(snapshot.source).toBe('page');
    expect(snapshot.currentUserId).toBe('1002');
    expect(snapshot.pipelines).toEqual([{ crmId: '1', name: 'Sales', order: 0 }]);
    expect(snapshot.stages.map((s) => [s.crmId, s.name, s.order])).toEqual([['11', 'Lead In', 0], ['12', 'Contact Made', 1], ['13', 'Proposal Made', 2], ['14', 'Negotiations Started', 3]]);
    const common = { pipelineId: '1', status: 'open', ownerId: '1002', createdAt: 0, updatedAt: 0, stageEnteredAt: null, closedAt: null, lossReason: null, nextTaskAt: null };
    expect(snapshot.deals).toEqual([
      { ...common, crmId: '501', title: 'Acme GmbH — 20 seats', amount: 12000, currency: 'EUR', stageId: '11', client: 'Acme GmbH', url: `${ORIGIN}/deal/501` },
      { ...common, crmId: '503', title: 'Initech pilot', amount: null, currency: 'EUR', stageId: '12', client: 'Peter Gibbons', url: `${ORIGIN}/deal/503` },
      { ...common, crmId: '507', title: 'Wayne Enterprises — trial', amount: 2500, currency: 'USD', stageId: '12', client: 'Wayne Enterprises', url: `${ORIGIN}/deal/507` },
      { ...common, crmId: '508', title: 'Soylent — annual plan', amount: 24500, currency: 'EUR', stageId: '14', client: null, url: `${ORIGIN}/deal/508` },
    ]);
    expect(snapshot.problems.map((p) => p.code)).toEqual(['api-unavailable', 'dates-unavailable', 'amount-missing']);
    expect(snapshot.problems[0]?.message).toBe(
      'Pipedrive: API unavailable (HTTP 401 for /api/v1/users/me: signed out, or no access to this company?); read 4 of 4 cards from the board /pipeline/1/user/1002; activities were not read',
    );
    expectValidSnapshot(snapshot);
  });

  it("does not guess owners on everyone's board: it says it could not read the cards", async () => {
    const { fetchJson } = fakePipedrive('manager', { '/api/v1/users/me': unauthorized });
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson, { url: new URL('/pipeline/1/user/everyone', ORIGIN), document: page('board.html') }));
    expect(snapshot.deals).toEqual([]);
    expect(snapshot.stages).toHaveLength(4);
    expect(snapshot.problems.find((p) => p.code === 'owner-unknown')).toMatchObject({
      message: 'Pipedrive board: 4 cards not read: the board shows no deal owners and is not filtered by one person (open …/pipeline/1/user/<id>, or let the API work)',
      selector: SELECTORS.cardOwner.join(', '),
    });
    expectValidSnapshot(snapshot);
  });

  it('reports a page without a board instead of inventing one', async () => {
    const { fetchJson } = fakePipedrive('manager', { '/api/v1/users/me': unauthorized });
    const snapshot = await pipedriveAdapter.read(contextFor(fetchJson, { url: new URL('/deal/501', ORIGIN) }));
    expect(snapshot.deals).toEqual([]);
    expect(codes(snapshot.problems)).toEqual([['api-unavailable', undefined, undefined], ['layout-changed', undefined, undefined]]);
    expect(snapshot.problems[1]?.message).toBe('Pipedrive: could not read this page either: no pipeline board on /deal/501; nothing was read');
    expectValidSnapshot(snapshot);
  });

  it('reports a card it cannot read instead of throwing', () => {
    const doc = page('board.html');
    doc.querySelector('[data-test-deal-id="507"] [class*="__Value-"]')?.replaceChildren('call me');
    doc.querySelector('[data-test-deal-id="508"] [class*="__Title-"]')?.remove();
    const read = readPipelineBoard(doc, ORIGIN, '1');
    expect(read.cards.map((c) => c.crmId)).toEqual(['501', '503', '507']);
    expect(read.cards.find((c) => c.crmId === '507')?.amount).toBeNull();
    expect(codes(read.problems)).toEqual([['amount-unreadable', '507', 'amount'], ['layout-changed', '508', 'title']]);
    expect(read.problems.every((p) => p.selector && p.message.startsWith('Pipedrive board: card '))).toBe(true);
  });

  it('reads a 2,000-card board', () => {
    const html = buildPipedriveBoard({ stageIds: [11, 12, 13, 14, 15], cards: 2000 });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const read = readPipelineBoard(doc, ORIGIN, '1');
    expect(read.cards).toHaveLength(2000);
    expect(read.problems).toEqual([]);
    expect(read.stages).toHaveLength(5);
    expect(read.cards.filter((c) => c.amount === null)).toHaveLength(read.cards.filter((c) => Number(c.crmId) % 7 === 0).length);
    expect(read.cards.find((c) => c.crmId === '100001')).toMatchObject({ stageId: '12', amount: 1250, currency: 'EUR', title: 'Deal 100001 — Client 154' });
  });
});

describe('readPageGlobals', () => {
  it.each([
    ['the Segment and session cookies', { document: { cookie: COOKIES } }, { userId: '1002', accountId: '7185997', token: TOKEN }],
    ['only a session', { document: { cookie: `pipe-session-token=${TOKEN}` } }, { token: TOKEN }],
    ['no cookies', { document: { cookie: '' } }, {}],
    ['no document', {}, {}],
    ['a document that is not an object', { document: 'html' }, {}],
    ['a cookie that is not text', { document: { cookie: 42 } }, {}],
    ['a broken percent-encoding', { document: { cookie: 'pipe-session-token=%E0%A4%A; ajs_user_id=%22%' } }, { token: '%E0%A4%A' }],
  ])('%s', (_label, win, expected) => expect(pipedriveAdapter.readPageGlobals?.(win)).toEqual(expected));

  it('never throws, even when reading the page throws', () => {
    const win: Record<string, unknown> = {};
    Object.defineProperty(win, 'document', {
      get() {
        throw new Error('SecurityError');
      },
    });
    expect(readPipedrivePageGlobals(win)).toEqual({});
  });
});

describe('condenseProblems', () => {
  it('keeps a snapshot within 500 problems however bad the export', () => {
    const many: Problem[] = Array.from({ length: 3000 }, (_, i) => ({ code: i % 2 ? 'field-invalid' : 'field-missing', message: `p${i}`, itemId: String(i), field: `f${i % 40}` }));
    const condensed = condenseProblems(many);
    expect(condensed.length).toBeLessThanOrEqual(500);
    expect(condensed.some((p) => /more like this/.test(p.message))).toBe(true);
  });

  it('summarises one flood of the same problem in one line', () => {
    const many: Problem[] = Array.from({ length: 50 }, (_, i) => ({ code: 'field-missing', message: `p${i}`, itemId: String(i), field: 'user_id' }));
    const condensed = condenseProblems(many);
    expect(condensed).toHaveLength(21);
    expect(condensed[20]).toEqual({ code: 'field-missing', message: 'Pipedrive: 30 more like this (field-missing, field "user_id")', field: 'user_id' });
  });
});
