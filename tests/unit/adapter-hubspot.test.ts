// The HubSpot adapter against saved API answers and board pages: mappers, CSRF header, paging, owners vs users, bad records, fallback.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOfWeek, subWeeks } from 'date-fns';
import { describe, expect, it } from 'vitest';
import {
  CSRF_HEADER,
  dealProperties,
  hubspotAdapter,
  hubspotTime,
  mapCall,
  mapDeal,
  mapMeeting,
  mapOwner,
  mapPipeline,
  mapTask,
  portalIdFrom,
  readDealsBoard,
  readHubspotPageGlobals,
  stageKindOf,
  type DealContext,
} from '../../lib/adapters/hubspot';
import type { FetchJson, ReadContext } from '../../lib/adapters/types';
import { parseMessage } from '../../lib/messages';
import type { Problem, Snapshot } from '../../lib/model';
import { buildHubspotBoard, manyCards } from '../fixtures/hubspot/board-builder';
import { CSRF, fixture, HEAD_USER, hubspotAnswer, hubspotRefusal, MANAGER_USER, PORTAL } from '../fixtures/hubspot/fake-api';

const NOW = new Date('2026-11-25T14:30:00Z');
const ORIGIN = 'https://app-eu1.hubspot.com';
const COOKIES = `__hs_cookie_cat_pref=1:true_2:true_3:true; hubspotutk=1a9e5de2eb8087cacdf0bb072717e2fe; hubspotapi-prefs=0; hubspotapi-csrf=${CSRF}; csrf.app=${CSRF}`;
const BOARD_URL = new URL(`/contacts/${PORTAL}/objects/0-3/views/all/board`, ORIGIN);
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/hubspot');
const page = (name: string) => new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
const utc = (iso: string) => Date.parse(iso);
const WINDOW_START = String(startOfWeek(subWeeks(NOW, 5), { weekStartsOn: 1 }).getTime());

const httpError = (status: number, path: string) => Object.assign(new Error(`HTTP ${status} for ${path}`), { status, path });

interface Logged {
  method: 'GET' | 'POST';
  path: string;
  params: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

type Route = (request: Logged) => unknown;

const bodyOf = (request: Logged) => (typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {});

/**
 * A fake HubSpot portal (tests/fixtures/hubspot/fake-api.ts) as the head (user 9001) or a manager (9002) sees it, with
 * `overrides` answering some requests differently; a non-2xx answer rejects the way the content script's fetch does.
 */
function fakeHubspot(role: 'head' | 'manager', overrides: Record<string, Route> = {}) {
  const log: Logged[] = [];
  const fetchJson: FetchJson = (path, init) => {
    const url = new URL(path, ORIGIN);
    const request: Logged = { method: init?.method ?? 'GET', path: url.pathname, params: url.searchParams, headers: init?.headers ?? {}, body: init?.body };
    log.push(request);
    // Like the real app: no CSRF header (equal to the browser's hubspotapi-csrf cookie), no answer.
    const asked = { method: request.method, path, body: request.body, headers: request.headers, cookies: COOKIES };
    const state = { userId: role === 'head' ? HEAD_USER : MANAGER_USER };
    const refused = hubspotRefusal(asked, state);
    if (refused !== null) return Promise.reject(httpError(refused.status, url.pathname));
    const route = overrides[`${request.method} ${url.pathname}`];
    if (route) {
      try {
        return Promise.resolve(route(request));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const answer = hubspotAnswer(asked, state);
    return answer.status === 200 ? Promise.resolve(answer.body) : Promise.reject(httpError(answer.status, url.pathname));
  };
  return { fetchJson, log };
}

function contextFor(fetchJson: FetchJson, patch: Partial<ReadContext> = {}): ReadContext {
  return {
    url: BOARD_URL,
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
const describeRequest = (l: Logged) => `${l.method} ${l.path}${l.params.has('after') ? ` after=${l.params.get('after')}` : ''}${typeof bodyOf(l).after === 'string' ? ` body.after=${String(bodyOf(l).after)}` : ''}`;

describe('hubspotAdapter.matches', () => {
  it.each([
    ['https://app.hubspot.com/contacts/8123456/objects/0-3/views/all/board', true],
    ['https://app-eu1.hubspot.com/contacts/8123456/record/0-3/2001', true],
    ['https://app-na2.hubspot.com/sales/8123456/deals', true],
    ['http://app.hubspot.com/', false],
    ['https://www.hubspot.com/products/crm', false],
    ['https://api.hubapi.com/crm/v3/objects/deals', false],
    ['https://developers.hubspot.com/docs', false],
    ['https://app.hubspot.com.evil.example/', false],
    ['https://knowledge.hubspot.com/', false],
  ])('%s → %s', (url, expected) => expect(hubspotAdapter.matches(new URL(url))).toBe(expected));
});

describe('HubSpot values', () => {
  it.each([
    ['2026-11-25T08:30:00.000Z', utc('2026-11-25T08:30:00Z')],
    ['2026-11-25T08:30:00Z', utc('2026-11-25T08:30:00Z')],
    ['2026-11-25T09:30:00+01:00', utc('2026-11-25T08:30:00Z')],
    ['2026-11-25', utc('2026-11-25T00:00:00Z')],
    ['1795595400000', 1795595400000],
    [1795595400000, 1795595400000],
    ['2026-02-30T08:30:00Z', null],
    ['last week', null],
    ['', null],
    [null, null],
    ['1795595400', null],
  ])('hubspotTime(%j) = %j', (value, expected) => expect(hubspotTime(value)).toBe(expected));

  it.each([
    ['/contacts/8123456/objects/0-3/views/all/board', '8123456'],
    ['/contacts/8123456/record/0-3/2001', '8123456'],
    ['/sales/8123456/deals', '8123456'],
    ['/reports-dashboard/8123456', '8123456'],
    ['/contacts/', null],
    ['/user-preferences/abc', null],
    ['/', null],
  ])('portalIdFrom(%s) = %j', (path, expected) => expect(portalIdFrom(path)).toBe(expected));

  it.each([
    [{ isClosed: 'false', probability: '0.2' }, 'open'],
    [{ isClosed: 'false', probability: '0.0' }, 'open'],
    [{ isClosed: 'true', probability: '1.0' }, 'won'],
    [{ isClosed: 'true', probability: '0.0' }, 'lost'],
    [{ isClosed: true, probability: 1 }, 'won'],
    [{ isClosed: 'true', probability: '0.5' }, null],
    [{ probability: '1.0' }, null],
    [null, null],
  ])('stageKindOf(%j) = %j', (metadata, expected) => expect(stageKindOf(metadata)).toBe(expected));

  it('asks for the date each stage was entered, in both property generations', () => {
    expect(dealProperties(['closedwon'])).toEqual(expect.arrayContaining(['dealname', 'hs_date_entered_closedwon', 'hs_v2_date_entered_closedwon', 'hs_v2_date_entered_current_stage']));
  });
});

describe('HubSpot record mappers', () => {
  const ctx: DealContext = {
    origin: ORIGIN,
    portalId: PORTAL,
    currency: 'EUR',
    stageKinds: new Map([['appointmentscheduled', 'open'], ['closedwon', 'won'], ['closedlost', 'lost']]),
  };
  const deal = {
    id: '2001',
    properties: { dealname: 'Acme', amount: '12000', dealstage: 'appointmentscheduled', pipeline: 'default', hubspot_owner_id: '310002', createdate: '2026-11-02T09:15:00.000Z', hs_lastmodifieddate: '2026-11-24T16:40:12.345Z', hs_is_closed: 'false', hs_is_closed_won: 'false' },
    createdAt: '2026-11-02T09:15:00.000Z',
    updatedAt: '2026-11-24T16:40:12.345Z',
    archived: false,
  };
  const withProps = (props: Record<string, unknown>) => ({ ...deal, properties: { ...deal.properties, ...props } });

  it.each([
    ['an open deal', deal, { status: 'open', amount: 12000, currency: 'EUR', ownerId: '310002', stageEnteredAt: null, closedAt: null, updatedAt: utc('2026-11-24T16:40:12.345Z') }],
    ['amount with decimals', withProps({ amount: '25000.50' }), { amount: 25000.5 }],
    ['amount empty', withProps({ amount: '' }), { amount: null }],
    ['amount missing', withProps({ amount: null }), { amount: null }],
    ['a deal currency', withProps({ deal_currency_code: 'usd' }), { currency: 'USD' }],
    ['won by its flags', withProps({ dealstage: 'closedwon', hs_is_closed: 'true', hs_is_closed_won: 'true', closedate: '2026-11-20T13:05:00Z' }), { status: 'won', closedAt: utc('2026-11-20T13:05:00Z') }],
    ['lost with a reason', withProps({ dealstage: 'closedlost', hs_is_closed: 'true', closedate: '2026-11-18T11:00:00.000Z', closed_lost_reason: 'Price too high' }), { status: 'lost', lossReason: 'Price too high' }],
    ['no flags: the stage tells', withProps({ dealstage: 'closedwon', hs_is_closed: null, hs_is_closed_won: null }), { status: 'won' }],
    ['stage entered (legacy property)', withProps({ hs_date_entered_appointmentscheduled: '2026-11-02T09:15:00.000Z' }), { stageEnteredAt: utc('2026-11-02T09:15:00Z') }],
    ['stage entered (v2 property wins)', withProps({ hs_date_entered_appointmentscheduled: '2026-11-01T00:00:00Z', hs_v2_date_entered_current_stage: '2026-11-03T10:00:00Z' }), { stageEnteredAt: utc('2026-11-03T10:00:00Z') }],
    ['createdate missing: the object time', withProps({ createdate: null }), { createdAt: utc('2026-11-02T09:15:00Z') }],
    ['next activity', withProps({ notes_next_activity_date: '2026-11-26T09:00:00.000Z' }), { nextTaskAt: utc('2026-11-26T09:00:00Z') }],
  ])('mapDeal: %s', (_label, json, expected) => {
    const mapped = mapDeal(json, ctx);
    expect(mapped.item).toMatchObject({ crmId: '2001', url: `${ORIGIN}/contacts/${PORTAL}/record/0-3/2001`, ...expected });
  });

  it.each([
    [null, 'record-invalid', undefined],
    [withProps({ hubspot_owner_id: null }), 'field-missing', 'hubspot_owner_id'],
    [withProps({ hubspot_owner_id: '' }), 'field-missing', 'hubspot_owner_id'],
    [withProps({ dealstage: undefined }), 'field-missing', 'dealstage'],
    [{ ...withProps({ createdate: 'last week' }), createdAt: undefined }, 'field-invalid', 'createdate'],
    [withProps({ dealstage: 'mystery', hs_is_closed: null, hs_is_closed_won: null }), 'stage-unknown', 'dealstage'],
  ])('mapDeal(%j) skips with a problem', (json, code, field) => {
    const mapped = mapDeal(json, ctx);
    expect(mapped.item).toBeNull();
    expect([mapped.problems[0]?.code, mapped.problems[0]?.field]).toEqual([code, field]);
  });

  it('keeps a deal in an unknown stage when its flags say what it is', () => {
    const mapped = mapDeal(withProps({ dealstage: 'mystery' }), ctx);
    expect(mapped.item?.status).toBe('open');
    expect(codes(mapped.problems)).toEqual([['stage-unknown', '2001', 'dealstage']]);
  });

  it.each([
    [{ hs_call_duration: '420000', hs_call_direction: 'OUTBOUND', hs_call_disposition: 'f240bbac-87c9-4f6e-bf70-924b57d47db7' }, { durationSec: 420, direction: 'out', outcome: 'Connected' }],
    [{ hs_call_duration: '15000', hs_call_direction: 'INBOUND', hs_call_disposition: '73a0d17f-1163-4015-bdd5-ec830791da20' }, { durationSec: 15, direction: 'in', outcome: 'No answer' }],
    [{ hs_call_duration: null, hs_call_direction: null, hs_call_disposition: '3b5f1a2c-0000-4000-8000-00000000beef' }, { durationSec: null, direction: null, outcome: '3b5f1a2c-0000-4000-8000-00000000beef' }],
    [{ hs_call_duration: '-5' }, { durationSec: null }],
  ])('mapCall(%j)', (props, expected) => {
    const mapped = mapCall({ id: '7001', properties: { hs_timestamp: '2026-11-25T08:10:00Z', hubspot_owner_id: '310002', ...props } }, '2001');
    expect(mapped.item).toMatchObject({ crmId: '7001', type: 'call', at: utc('2026-11-25T08:10:00Z'), ownerId: '310002', dealId: '2001', ...expected });
  });

  it('takes the deal from list associations when no batch link is given', () => {
    const json = { id: '7001', properties: { hs_timestamp: '2026-11-25T08:10:00Z', hubspot_owner_id: '310002' }, associations: { deals: { results: [{ id: '2005', type: 'call_to_deal' }] } } };
    expect(mapCall(json).item?.dealId).toBe('2005');
  });

  it.each([
    [{ hs_meeting_start_time: '2026-11-24T13:00:00Z', hs_meeting_end_time: '2026-11-24T14:00:00Z', hs_meeting_outcome: 'COMPLETED' }, { at: utc('2026-11-24T13:00:00Z'), durationSec: 3600, outcome: 'COMPLETED' }],
    [{ hs_meeting_start_time: '2026-11-27T10:00:00Z', hs_meeting_outcome: 'SCHEDULED' }, null],
    [{ hs_meeting_start_time: '2026-11-23T09:00:00Z', hs_meeting_outcome: 'CANCELED' }, null],
    [{ hs_meeting_start_time: '2026-11-23T09:00:00Z', hs_meeting_outcome: 'NO_SHOW' }, null],
  ])('mapMeeting(%j)', (props, expected) => {
    const mapped = mapMeeting({ id: '7101', properties: { hs_timestamp: '2026-11-24T13:00:00Z', hubspot_owner_id: '310003', ...props } }, NOW);
    if (expected === null) expect(mapped).toEqual({ item: null, problems: [] });
    else expect(mapped.item).toMatchObject({ type: 'meeting', direction: null, ...expected });
  });

  it.each([
    [{ hs_task_type: 'CALL', hs_task_status: 'NOT_STARTED' }, { type: 'call', done: false, doneAt: null }],
    [{ hs_task_type: 'EMAIL', hs_task_status: 'COMPLETED', hs_task_completion_date: '2026-11-24T15:30:00Z' }, { type: 'email', done: true, doneAt: utc('2026-11-24T15:30:00Z') }],
    [{ hs_task_type: 'TODO', hs_task_status: 'IN_PROGRESS' }, { type: 'other', done: false }],
    [{ hs_task_type: 'LINKED_IN_MESSAGE', hs_task_status: 'COMPLETED', hs_task_completion_date: '1795593600000' }, { type: 'other', done: true, doneAt: 1795593600000 }],
  ])('mapTask(%j)', (props, expected) => {
    const mapped = mapTask({ id: '7201', properties: { hs_timestamp: '2026-11-26T09:00:00Z', hs_task_subject: 'Call Acme', hubspot_owner_id: '310002', ...props } });
    expect(mapped.item).toMatchObject({ crmId: '7201', text: 'Call Acme', dueAt: utc('2026-11-26T09:00:00Z'), ownerId: '310002', dealId: null, ...expected });
  });

  it('maps owners: owner id for deals, user id for logins, primary team as title', () => {
    expect(mapOwner({ id: '310002', email: 'Boris@Acme.example', firstName: 'Boris', lastName: 'Petrov', userId: 9002, archived: false, teams: [{ id: '1', name: 'DACH', primary: false }, { id: '2', name: 'Field Sales', primary: true }] }).item).toEqual({
      crmId: '310002',
      name: 'Boris Petrov',
      title: 'Field Sales',
      active: true,
      userId: '9002',
      email: 'boris@acme.example',
    });
    expect(mapOwner({ id: '310009', email: 'queue@acme.example', type: 'QUEUE', archived: true }).item).toMatchObject({ name: 'queue@acme.example', title: null, active: false, userId: null });
  });

  it('maps a pipeline, skipping a stage that does not say whether it is won or lost', () => {
    const mapped = mapPipeline({ id: 'default', label: 'Sales', displayOrder: 0, stages: [
      { id: 'a', label: 'A', displayOrder: 0, metadata: { isClosed: 'false', probability: '0.1' } },
      { id: 'b', label: 'B', displayOrder: 1, metadata: { isClosed: 'true', probability: '0.5' } },
      { id: 'c', label: 'C', displayOrder: 2, metadata: { isClosed: 'true', probability: '0.0' }, archived: true },
    ] }, 0);
    expect(mapped.item?.stages).toEqual([{ crmId: 'a', pipelineId: 'default', name: 'A', order: 0, kind: 'open' }]);
    expect(codes(mapped.problems)).toEqual([['field-invalid', 'b', 'metadata']]);
  });
});

describe('hubspotAdapter.read against the API', () => {
  it('as the head reads owners, pipelines, every deal and the engagements, each request with the CSRF header and portal id', async () => {
    const { fetchJson, log } = fakeHubspot('head');
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson));

    expect(log.map(describeRequest)).toEqual([
      'GET /api/crm/v3/owners',
      'GET /api/crm/v3/owners after=310003',
      'GET /api/crm/v3/pipelines/deals',
      'GET /api/login-verify',
      'GET /api/account-info/v3/details',
      'GET /api/crm/v3/objects/deals',
      'GET /api/crm/v3/objects/deals after=2004',
      'POST /api/crm/v3/objects/calls/search',
      'POST /api/crm/v3/objects/calls/search body.after=2',
      'POST /api/crm/v4/associations/calls/deals/batch/read',
      'POST /api/crm/v3/objects/meetings/search',
      'POST /api/crm/v4/associations/meetings/deals/batch/read',
      'POST /api/crm/v3/objects/tasks/search',
      'POST /api/crm/v4/associations/tasks/deals/batch/read',
    ]);
    expect(log.every((l) => l.headers[CSRF_HEADER] === CSRF && l.params.get('portalId') === PORTAL)).toBe(true);

    const dealList = log.find((l) => l.path === '/api/crm/v3/objects/deals');
    expect(dealList?.params.get('limit')).toBe('100');
    expect(dealList?.params.get('archived')).toBe('false');
    expect(dealList?.params.get('properties')?.split(',')).toEqual(
      expect.arrayContaining(['dealname', 'amount', 'dealstage', 'pipeline', 'hubspot_owner_id', 'createdate', 'hs_lastmodifieddate', 'closedate', 'hs_is_closed_won', 'hs_is_closed', 'closed_lost_reason', 'deal_currency_code', 'hs_date_entered_closedwon', 'hs_date_entered_87654322']),
    );
    const callSearch = log.find((l) => l.path === '/api/crm/v3/objects/calls/search');
    expect(callSearch?.body).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'hs_timestamp', operator: 'GTE', value: WINDOW_START }] }],
      properties: ['hs_timestamp', 'hs_call_duration', 'hs_call_direction', 'hs_call_disposition', 'hs_call_status', 'hubspot_owner_id'],
      sorts: [{ propertyName: 'hs_timestamp', direction: 'DESCENDING' }],
      limit: 100,
    });
    expect(bodyOf(log.find((l) => l.path === '/api/crm/v3/objects/tasks/search') ?? ({} as Logged)).filterGroups).toEqual([
      { filters: [{ propertyName: 'hs_timestamp', operator: 'GTE', value: WINDOW_START }] },
      { filters: [{ propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' }] },
    ]);
    expect(log.find((l) => l.path === '/api/crm/v4/associations/calls/deals/batch/read')?.body).toEqual({ inputs: [{ id: '7001' }, { id: '7002' }, { id: '7003' }, { id: '7004' }] });

    expect(snapshot).toMatchObject({ crm: 'hubspot', account: ORIGIN, accountName: `HubSpot ${PORTAL}`, currency: 'EUR', source: 'api', currentUserId: '310001', readAt: NOW.getTime() });
    expect(snapshot.managers).toEqual([
      { crmId: '310001', name: 'Anna Keller', title: 'Sales leadership', active: true },
      { crmId: '310002', name: 'Boris Petrov', title: 'Field Sales', active: true },
      { crmId: '310003', name: 'Chloe Martin', title: 'Field Sales', active: true },
    ]);
    expect(snapshot.pipelines).toEqual([{ crmId: 'default', name: 'Sales Pipeline', order: 0 }, { crmId: '87654321', name: 'Renewals', order: 1 }]);
    // "Presentation Scheduled" holds no deal and is still a stage.
    expect(snapshot.stages.map((s) => [s.crmId, s.kind])).toEqual([
      ['appointmentscheduled', 'open'], ['qualifiedtobuy', 'open'], ['presentationscheduled', 'open'], ['contractsent', 'open'], ['closedwon', 'won'], ['closedlost', 'lost'],
      ['87654322', 'open'], ['87654323', 'won'], ['87654324', 'lost'],
    ]);
    expect(snapshot.deals.map((d) => [d.crmId, d.ownerId, d.status])).toEqual([
      ['2001', '310002', 'open'], ['2002', '310003', 'won'], ['2003', '310002', 'open'], ['2004', '310003', 'lost'], ['2005', '310001', 'open'], ['2006', '310002', 'open'],
    ]);
    expect(snapshot.deals[0]).toEqual({
      crmId: '2001',
      title: 'Acme GmbH — 20 seats',
      amount: 12000,
      currency: 'EUR',
      pipelineId: 'default',
      stageId: 'appointmentscheduled',
      status: 'open',
      ownerId: '310002',
      createdAt: utc('2026-11-02T09:15:00Z'),
      stageEnteredAt: utc('2026-11-02T09:15:00Z'),
      updatedAt: utc('2026-11-24T16:40:12.345Z'),
      closedAt: null,
      lossReason: null,
      client: null,
      nextTaskAt: utc('2026-11-26T09:00:00Z'),
      url: `${ORIGIN}/contacts/${PORTAL}/record/0-3/2001`,
    });
    expect(snapshot.deals.find((d) => d.crmId === '2002')).toMatchObject({ currency: 'USD', closedAt: utc('2026-11-20T13:05:00Z'), stageEnteredAt: utc('2026-11-20T13:05:00Z') });
    expect(snapshot.deals.find((d) => d.crmId === '2004')).toMatchObject({ lossReason: 'Price too high', stageEnteredAt: utc('2026-11-18T11:00:00Z') });
    expect(snapshot.deals.find((d) => d.crmId === '2006')?.stageEnteredAt).toBe(utc('2026-11-03T08:00:00Z'));

    expect(snapshot.activities.map((a) => [a.crmId, a.type, a.ownerId, a.dealId, a.durationSec, a.outcome])).toEqual([
      ['7001', 'call', '310002', '2001', 420, 'Connected'],
      ['7002', 'call', '310003', null, 15, 'No answer'],
      ['7003', 'call', '310001', null, null, '3b5f1a2c-0000-4000-8000-00000000beef'],
      ['7101', 'meeting', '310003', '2004', 3600, 'COMPLETED'],
    ]);
    expect(snapshot.tasks.map((t) => [t.crmId, t.type, t.done, t.dealId])).toEqual([['7201', 'call', false, '2001'], ['7202', 'email', true, '2003']]);
    expect(codes(snapshot.problems)).toEqual([
      ['amount-missing', undefined, 'amount'],
      ['field-missing', '7004', 'hubspot_owner_id'],
      ['field-missing', '7203', 'hubspot_owner_id'],
    ]);
    expect(snapshot.problems[0]?.message).toBe('HubSpot: 1 deal without amount (2003); counted without a sum');
    expect(snapshot.problems[2]?.message).toBe('HubSpot: task 7203 skipped: property "hubspot_owner_id" is empty (seen null)');
    expectValidSnapshot(snapshot);
  });

  it('as a manager maps the signed-in user to their owner id, and sees their own deals', async () => {
    const { fetchJson } = fakeHubspot('manager');
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson));
    expect(snapshot.currentUserId).toBe('310002');
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['2001', '2003', '2006']);
    expectValidSnapshot(snapshot);
  });

  it('takes the user from the page globals when it has them, without asking', async () => {
    const { fetchJson, log } = fakeHubspot('head');
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson, { pageGlobals: { userId: '9003', currency: 'chf' } }));
    expect(snapshot.currentUserId).toBe('310003');
    expect(snapshot.currency).toBe('CHF');
    expect(log.some((l) => l.path === '/api/login-verify' || l.path === '/api/account-info/v3/details')).toBe(false);
  });

  it('reads only deals and engagements changed since the last read of the same owner, through search', async () => {
    const { fetchJson, log } = fakeHubspot('manager');
    const since = { at: utc('2026-11-22T00:00:00Z'), userId: '310002' };
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson, { since }));
    const changedSince = String(since.at - 5 * 60 * 1000);
    const dealSearch = log.find((l) => l.path === '/api/crm/v3/objects/deals/search');
    expect(bodyOf(dealSearch ?? ({} as Logged))).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: changedSince }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      limit: 100,
    });
    expect(log.some((l) => l.path === '/api/crm/v3/objects/deals')).toBe(false);
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['2006', '2001']);
    expect(bodyOf(log.find((l) => l.path === '/api/crm/v3/objects/calls/search') ?? ({} as Logged)).filterGroups).toEqual([
      { filters: [{ propertyName: 'hs_timestamp', operator: 'GTE', value: WINDOW_START }, { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: changedSince }] },
    ]);
  });

  it('reads everything when someone else read last, or when it cannot tell who is signed in', async () => {
    const other = fakeHubspot('manager');
    await hubspotAdapter.read(contextFor(other.fetchJson, { since: { at: NOW.getTime(), userId: '310001' } }));
    expect(other.log.some((l) => l.path === '/api/crm/v3/objects/deals/search')).toBe(false);

    const unknown = fakeHubspot('manager', { 'GET /api/login-verify': () => ({ user: { user_id: 777 } }) });
    const snapshot = await hubspotAdapter.read(contextFor(unknown.fetchJson, { since: { at: NOW.getTime(), userId: null } }));
    expect(unknown.log.some((l) => l.path === '/api/crm/v3/objects/deals/search')).toBe(false);
    expect(snapshot.currentUserId).toBeNull();
    expect(snapshot.problems.find((p) => p.code === 'user-unknown')?.message).toBe('HubSpot: the signed-in user (user 777) is not among the deal owners; "my" figures cannot be shown');
  });

  it('without the CSRF cookie sends nothing and says why', async () => {
    const { fetchJson, log } = fakeHubspot('manager');
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson, { cookies: 'hubspotutk=1a9e5de2eb8087cacdf0bb072717e2fe', document: page('board.html') }));
    expect(log).toEqual([]);
    expect(snapshot.source).toBe('page');
    expect(snapshot.problems[0]).toEqual({
      code: 'csrf-missing',
      message: 'HubSpot: API unavailable (no "hubspotapi-csrf" cookie on the page, and every HubSpot API request must carry it as X-HubSpot-CSRF-hubspotapi; reload the page or sign in again)',
    });
  });

  it('uses the CSRF token from the page globals when the cookie string lacks it', async () => {
    const { fetchJson, log } = fakeHubspot('manager');
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson, { cookies: '', pageGlobals: { token: CSRF } }));
    expect(snapshot.source).toBe('api');
    expect(log.every((l) => l.headers[CSRF_HEADER] === CSRF)).toBe(true);
  });

  it('turns malformed deals into problems, not exceptions', async () => {
    const { fetchJson } = fakeHubspot('head', { 'GET /api/crm/v3/objects/deals': () => fixture('deals-malformed.json') });
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson));
    expect(snapshot.deals.map((d) => d.crmId)).toEqual(['2102', '2103', '2105', '2106']);
    expect(snapshot.deals.find((d) => d.crmId === '2102')?.createdAt).toBe(utc('2026-11-02T09:15:00Z'));
    expect(snapshot.deals.find((d) => d.crmId === '2105')?.title).toBe('HubSpot deal 2105');
    expect(codes(snapshot.problems).slice(0, 8)).toEqual([
      ['field-missing', '2101', 'hubspot_owner_id'],
      ['field-invalid', '2102', 'createdate'],
      ['field-invalid', '2103', 'amount'],
      ['stage-unknown', '2104', 'dealstage'],
      ['field-missing', '2104', 'hs_is_closed'],
      ['field-invalid', '2105', 'dealname'],
      ['record-invalid', undefined, undefined],
      ['amount-missing', undefined, 'amount'],
    ]);
    expect(snapshot.problems[1]?.message).toBe('HubSpot: deal 2102: property "createdate" is not a date (seen "last week"); kept the record without it');
    expect(snapshot.problems.find((p) => p.code === 'amount-missing')?.message).toBe('HubSpot: 2 deals without amount (2103, 2106); counted without a sum');
    expect(snapshot.problems.every((p) => p.message.startsWith('HubSpot: '))).toBe(true);
    expectValidSnapshot(snapshot);
  });

  it('keeps deals and other engagements when one kind fails, and calls without their deal when links fail', async () => {
    const { fetchJson } = fakeHubspot('head', {
      'POST /api/crm/v3/objects/meetings/search': () => {
        throw httpError(403, '/api/crm/v3/objects/meetings/search');
      },
      'POST /api/crm/v4/associations/calls/deals/batch/read': () => {
        throw httpError(500, '/api/crm/v4/associations/calls/deals/batch/read');
      },
    });
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson));
    expect(snapshot.deals).toHaveLength(6);
    expect(snapshot.activities.map((a) => [a.crmId, a.dealId])).toEqual([['7001', null], ['7002', null], ['7003', null]]);
    expect(snapshot.tasks).toHaveLength(2);
    expect(snapshot.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['deal-links-unavailable', 'meetings-unavailable']));
    expect(snapshot.problems.find((p) => p.code === 'meetings-unavailable')?.message).toBe(
      'HubSpot: could not read meetings (HTTP 403 for /api/crm/v3/objects/meetings/search: signed out, or no access to this portal?); deals were read',
    );
  });

  it('when account-info does not answer, takes the currency from the deals and says so', async () => {
    const { fetchJson } = fakeHubspot('head', {
      'GET /api/account-info/v3/details': () => {
        throw httpError(403, '/api/account-info/v3/details');
      },
    });
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson));
    expect(snapshot.currency).toBe('USD');
    expect(snapshot.problems.find((p) => p.code === 'currency-unknown')?.message).toBe("HubSpot: the portal's currency is unknown (account-info did not answer); assumed USD");
    expect(snapshot.deals.find((d) => d.crmId === '2001')?.currency).toBe('USD');
  });

  it('after a 401 falls back to the board and says it could not attribute the cards', async () => {
    const { fetchJson } = fakeHubspot('manager', {
      'GET /api/crm/v3/owners': () => {
        throw httpError(401, '/api/crm/v3/owners');
      },
    });
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson, { document: page('board.html') }));
    expect(snapshot.source).toBe('page');
    expect(snapshot.deals).toEqual([]);
    expect(snapshot.stages.map((s) => [s.crmId, s.kind, s.pipelineId])).toEqual([
      ['appointmentscheduled', 'open', 'all'], ['qualifiedtobuy', 'open', 'all'], ['presentationscheduled', 'open', 'all'], ['contractsent', 'open', 'all'], ['closedwon', 'won', 'all'], ['closedlost', 'lost', 'all'],
    ]);
    expect(snapshot.problems.map((p) => p.message)).toEqual([
      'HubSpot: API unavailable (HTTP 401 for /api/crm/v3/owners: signed out, or no access to this portal?)',
      "HubSpot board: 5 cards not read: cards show the owner's name, not the owner id deals are counted by; only the API can tell",
    ]);
    expectValidSnapshot(snapshot);
  });

  it('reports a page without a board instead of inventing one', async () => {
    const { fetchJson } = fakeHubspot('manager', {
      'GET /api/crm/v3/owners': () => {
        throw httpError(503, '/api/crm/v3/owners');
      },
    });
    const snapshot = await hubspotAdapter.read(contextFor(fetchJson, { url: new URL(`/contacts/${PORTAL}/record/0-3/2001`, ORIGIN) }));
    expect(codes(snapshot.problems)).toEqual([['api-unavailable', undefined, undefined], ['layout-changed', undefined, undefined]]);
    expect(snapshot.pipelines).toEqual([]);
    expectValidSnapshot(snapshot);
  });
});

describe('the deals board', () => {
  it('reads ids, titles, amounts, stages and owner names from the saved page', () => {
    const read = readDealsBoard(page('board.html'));
    expect(read.problems).toEqual([]);
    expect(read.cards).toEqual([
      { crmId: '2001', title: 'Acme GmbH — 20 seats', amount: 12000, currency: 'EUR', stageId: 'appointmentscheduled', ownerName: 'Boris Petrov', ownerId: null },
      { crmId: '2003', title: 'Initech pilot', amount: null, currency: null, stageId: 'qualifiedtobuy', ownerName: 'Boris Petrov', ownerId: null },
      { crmId: '2005', title: 'Hooli expansion', amount: 25000.5, currency: 'EUR', stageId: 'contractsent', ownerName: 'Anna Keller', ownerId: null },
      { crmId: '2007', title: 'Wayne Enterprises — trial', amount: 2500, currency: 'USD', stageId: 'closedwon', ownerName: 'Chloe Martin', ownerId: null },
      { crmId: '2004', title: 'Umbrella Corp — lab equipment', amount: 8000, currency: 'EUR', stageId: 'closedlost', ownerName: 'Chloe Martin', ownerId: null },
    ]);
  });

  it('reports a card it cannot read instead of throwing', () => {
    const doc = page('board.html');
    doc.querySelector('[data-selenium-id="2005"] [data-test-id="cdbc-property-0"] [data-test-id="cdbc-property-value"]')?.replaceChildren('soon');
    doc.querySelector('[data-selenium-id="2007"] [data-test-id="cdbc-title"]')?.replaceChildren();
    const read = readDealsBoard(doc);
    expect(read.cards.map((c) => c.crmId)).toEqual(['2001', '2003', '2005', '2004']);
    expect(codes(read.problems)).toEqual([['amount-unreadable', '2005', 'amount'], ['layout-changed', '2007', 'title']]);
    expect(read.problems.every((p) => p.selector && p.message.startsWith('HubSpot board: card '))).toBe(true);
  });

  it('a column attribute that is no id (201 characters, found by the fuzz tests) is passed over for the column body\'s', async () => {
    const doc = page('board.html');
    const garbage = `${' '.repeat(64)}${'\u{10000}'.repeat(100)}!`;
    expect(garbage.trim()).toHaveLength(201);
    doc.querySelector('[data-column-id="contractsent"]')?.setAttribute('data-column-id', garbage);
    const read = readDealsBoard(doc);
    expect(read.stages.map((s) => s.crmId)).toEqual(['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'contractsent', 'closedwon', 'closedlost']);
    expect(read.problems).toEqual([]);
    // Before, the 201-character id went into the snapshot and the background refused the whole read.
    expectValidSnapshot(await hubspotAdapter.read(contextFor(fakeHubspot('head').fetchJson, { cookies: '', document: doc })));
  });

  it('attributes cards when the card itself carries an owner id', async () => {
    const doc = page('board.html');
    doc.querySelector('[data-selenium-id="2001"] [data-test-id="cdbc-card"]')?.setAttribute('data-owner-id', '310002');
    const snapshot = await hubspotAdapter.read(contextFor(fakeHubspot('head').fetchJson, { cookies: '', document: doc }));
    expect(snapshot.deals).toEqual([expect.objectContaining({ crmId: '2001', ownerId: '310002', amount: 12000, status: 'open', createdAt: 0, updatedAt: 0, url: `${ORIGIN}/contacts/${PORTAL}/record/0-3/2001` })]);
    expectValidSnapshot(snapshot);
  });

  it('reads a 2,000-card board', () => {
    const columns = [
      { stageId: 'appointmentscheduled', name: 'Appointment Scheduled' },
      { stageId: 'qualifiedtobuy', name: 'Qualified To Buy' },
      { stageId: 'contractsent', name: 'Contract Sent' },
      { stageId: 'closedwon', name: 'Closed Won' },
    ];
    const doc = new DOMParser().parseFromString(buildHubspotBoard(PORTAL, columns, manyCards(2000, columns)), 'text/html');
    const read = readDealsBoard(doc);
    expect(read.cards).toHaveLength(2000);
    expect(read.problems).toEqual([]);
    expect(read.cards.filter((c) => c.amount === null)).toHaveLength(Math.ceil(2000 / 7));
    expect(read.cards.find((c) => c.crmId === '900001')).toMatchObject({ stageId: 'qualifiedtobuy', amount: 1250, currency: 'EUR', ownerName: 'Chloe Martin' });
  });
});

describe('readPageGlobals', () => {
  it.each([
    ['a deals page with the CSRF cookie', { location: { pathname: `/contacts/${PORTAL}/objects/0-3/views/all/board` }, document: { cookie: COOKIES } }, { accountId: PORTAL, token: CSRF }],
    ['a settings page without a portal', { location: { pathname: '/settings' }, document: { cookie: '' } }, {}],
    ['no location or document', {}, {}],
    ['garbage', { location: 'https://app.hubspot.com/', document: null }, {}],
    ['a cookie that is not text', { location: { pathname: 42 }, document: { cookie: ['hubspotapi-csrf=x'] } }, {}],
  ])('%s', (_label, win, expected) => expect(hubspotAdapter.readPageGlobals?.(win)).toEqual(expected));

  it('never throws, even when reading the page throws', () => {
    const win: Record<string, unknown> = {};
    Object.defineProperty(win, 'location', {
      get() {
        throw new Error('SecurityError');
      },
    });
    expect(readHubspotPageGlobals(win)).toEqual({});
  });
});
