// Adapter for Pipedrive (<company>.pipedrive.com): the web app's own /api/v1 JSON with the user's session first, the pipeline board as the fallback.
import { addDays, format, isValid, parse, parseISO, startOfWeek, subWeeks } from 'date-fns';
import type {
  ActivityFields,
  DealFields,
  DealStatus,
  ManagerFields,
  PipelineFields,
  Problem,
  Snapshot,
  StageFields,
  TaskFields,
  TaskType,
} from '../model';
import { parseMoney } from '../parse';
import {
  all,
  asObject,
  booleanOf,
  closest,
  done,
  first,
  idOf,
  isAbsent,
  mapAll,
  notAnObject,
  numberOf,
  RecordReader,
  seen,
  skipped,
  text,
  type Mapped,
  type SelectorList, clip, nonEmpty, indexCards, cookieValue, httpStatusOf, pathSegment, saneMs, timeIn, type TimeFormat, condenseProblems as condense } from './kit';
import type { CrmAdapter, FetchJson, PageGlobals, ReadContext } from './types';

const CRM = 'Pipedrive';
const API_V1 = '/api/v1';
const API_V2 = '/api/v2';
/** Largest page /api/v1/deals and /api/v1/activities serve. */
export const PAGE_LIMIT = 500;
/** Safety stop: 200 pages of 500 is 100 000 records of one kind. */
const MAX_PAGES = 200;
/** Incremental reads start a little before the last read, so a clock skew or a slow write is not missed. */
const SINCE_MARGIN_MS = 5 * 60 * 1000;
/** A snapshot carries at most 500 problems; past this many of one kind we summarise. */
const PROBLEMS_PER_KIND = 20;
const MAX_PROBLEMS = 480;
/** Subdomains of pipedrive.com that are not a company's app (the app on app.pipedrive.com talks to another origin). */
const NOT_A_COMPANY = new Set(['www', 'api', 'developers', 'app', 'oauth', 'support', 'status', 'marketplace', 'devcommunity', 'community', 'webforms', 'cdn']);

export const SELECTORS = {
  // Pipedrive's pipeline view (React, styled-components): the data-test attributes are stable, the class names are hashed.
  board: ['[data-test="pipeline-view"]'],
  stage: ['[data-test-stage-index][data-test^="stage-"]'],
  stageHeader: ['[data-test^="stage-header-"]'],
  stageTitle: ['[class*="__Title-"]', '[data-test="stage-title"]'],
  stageSummary: ['[data-test="stage-summary"]'],
  card: ['[data-test="pipeline-deal-tile"][data-test-deal-id]', '[data-test-deal-id]'],
  cardTitle: ['[class*="__Title-"]', '[data-test="deal-title"]'],
  cardValue: ['[class*="__Value-"]', '[data-test="deal-value"]'],
  cardClient: ['[class*="__Description-"]', '[data-test="deal-description"]'],
  /** An owner id on the card itself; Pipedrive's tile shows only an avatar with a name, so none is known today. */
  cardOwner: ['[data-test-owner-id]', '[data-user-id]'],
  pipelineName: ['[data-test="pipeline-select"] span', '[data-test="pipeline-select"]'],
} as const;

// ---------------------------------------------------------------- values as Pipedrive writes them

/**
 * "2026-11-25 08:30:00" (API v1, UTC) or "2026-11-25T08:30:00Z" (API v2, RFC 3339) → epoch ms; null if not such a time.
 * v1 times carry no zone: Pipedrive documents them as UTC.
 */
const PIPEDRIVE_TIME: TimeFormat = {
  name: 'a "YYYY-MM-DD HH:MM:SS" time',
  parse(value) {
    if (typeof value !== 'string') return null;
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
    if (!m) return null;
    const ms = parseISO(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`).getTime();
    return Number.isFinite(ms) ? ms : null;
  },
};

/** A Pipedrive time within 2000..2100 → epoch ms; null otherwise. */
export function pipedriveTime(value: unknown): number | null {
  return timeIn(PIPEDRIVE_TIME, value);
}

/** "2026-11-25" → local midnight of that calendar day (a date without a time is the user's own day); null otherwise. */
export function pipedriveDate(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return null;
  const day = parse(value.trim(), 'yyyy-MM-dd', new Date(0));
  return isValid(day) ? saneMs(day.getTime()) : null;
}

/** An activity's due moment: date + "HH:MM" time in UTC, or only the date (the user's calendar day). */
export function dueMoment(date: unknown, time: unknown): number | null {
  if (typeof date !== 'string') return null;
  if (typeof time === 'string' && time.trim() !== '') {
    return /^\d{2}:\d{2}(:\d{2})?$/.test(time.trim()) ? pipedriveTime(`${date.trim()} ${time.trim()}`) : null;
  }
  return pipedriveDate(date);
}

/** Activity duration "01:30" (hours:minutes) → seconds; null when empty or unreadable. */
export function hoursMinutes(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/.exec(value.trim());
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

/** v1 answers `user_id` as an object ({ id, name, value }) or, in strict mode, as a bare id. */
function embeddedId(value: unknown): string | null {
  const obj = asObject(value);
  return obj ? (idOf(obj.id) ?? idOf(obj.value)) : idOf(value);
}

function isoCurrency(value: unknown): string | null {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  return /^[A-Z]{3}$/.test(code) ? code : null;
}

// ---------------------------------------------------------------- mapping: API JSON → model

export function mapUser(json: unknown): Mapped<ManagerFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'user', json);
  const r = new RecordReader(CRM, obj, 'user');
  const crmId = r.requiredId('id');
  const name = nonEmpty(obj.name) ?? nonEmpty(obj.email) ?? r.skip('name', 'is missing', obj.name);
  if (crmId === null || name === null) return skipped(r);
  return done(r, { crmId, name: clip(name, 300), title: null, active: booleanOf(obj.active_flag) ?? true });
}

export function mapPipeline(json: unknown, index: number): Mapped<PipelineFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'pipeline', json);
  const r = new RecordReader(CRM, obj, 'pipeline');
  const crmId = r.requiredId('id');
  const name = r.requiredString('name');
  if (crmId === null || name === null) return skipped(r);
  return done(r, { crmId, name: clip(name, 300), order: r.optionalNumber('order_nr') ?? index });
}

/** Pipedrive stages are all working stages: won and lost are a deal's status, not a column. */
export function mapStage(json: unknown, index: number): Mapped<StageFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'stage', json);
  const r = new RecordReader(CRM, obj, 'stage');
  const crmId = r.requiredId('id');
  const name = r.requiredString('name');
  const pipelineId = r.requiredId('pipeline_id');
  if (crmId === null || name === null || pipelineId === null) return skipped(r);
  return done(r, { crmId, pipelineId, name: clip(name, 300), order: r.optionalNumber('order_nr') ?? index, kind: 'open' });
}

export interface DealContext {
  /** The company's origin, for deal links. */
  origin: string;
  /** The account's currency, for deals that name none. */
  currency: string;
  /** Stage id → its pipeline, from /stages. */
  stagePipelines: ReadonlyMap<string, string>;
}

const STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];

/** One deal of /api/v1/deals (or /api/v2/deals, whose names differ a little). */
export function mapDeal(json: unknown, ctx: DealContext): Mapped<DealFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'deal', json);
  const r = new RecordReader(CRM, obj, 'deal');
  const crmId = r.requiredId('id');
  const title = typeof obj.title === 'string' ? obj.title : r.skip('title', isAbsent(obj.title) ? 'is missing' : 'is not text', obj.title);
  const stageId = r.requiredId('stage_id');
  const ownerField = obj.user_id === undefined && obj.owner_id !== undefined ? 'owner_id' : 'user_id';
  const ownerId = embeddedId(obj[ownerField]) ?? r.skip(ownerField, isAbsent(obj[ownerField]) ? 'is missing' : 'is not a user', obj[ownerField]);
  const status = STATUSES.find((s) => s === obj.status) ?? r.skip('status', 'is not "open", "won" or "lost"', obj.status);
  const createdAt = r.requiredTime('add_time', PIPEDRIVE_TIME);
  if (crmId === null || title === null || stageId === null || ownerId === null || status === null || createdAt === null) return skipped(r);

  const pipelineId = idOf(obj.pipeline_id) ?? ctx.stagePipelines.get(stageId) ?? null;
  if (pipelineId === null) return { item: null, problems: [...r.problems, { code: 'field-missing', message: `${CRM}: deal ${crmId} skipped: field "pipeline_id" is missing and stage ${stageId} is in no pipeline the API listed`, itemId: crmId, field: 'pipeline_id' }] };
  if (!ctx.stagePipelines.has(stageId)) {
    r.problems.push({ code: 'stage-unknown', message: `${CRM}: deal ${crmId}: its stage ${stageId} is not in /stages (deleted stage?); kept the deal`, itemId: crmId, field: 'stage_id' });
  }

  let amount: number | null = null;
  if (!isAbsent(obj.value)) {
    amount = numberOf(obj.value);
    if (amount === null) r.warn('value', 'is not a number', obj.value);
  }
  let currency = isoCurrency(obj.currency);
  if (currency === null) {
    if (!isAbsent(obj.currency)) r.warn('currency', 'is not an ISO 4217 code', obj.currency);
    currency = ctx.currency;
  }
  // A deal that never moved has no stage_change_time: it has been in its stage since it was added.
  const stageEnteredAt = isAbsent(obj.stage_change_time) ? createdAt : r.optionalTime('stage_change_time', PIPEDRIVE_TIME);
  const updatedAt = r.optionalTime('update_time', PIPEDRIVE_TIME) ?? createdAt;
  const closedAt =
    status === 'won' ? (r.optionalTime('won_time', PIPEDRIVE_TIME) ?? r.optionalTime('close_time', PIPEDRIVE_TIME)) : status === 'lost' ? (r.optionalTime('lost_time', PIPEDRIVE_TIME) ?? r.optionalTime('close_time', PIPEDRIVE_TIME)) : null;
  const client = nonEmpty(obj.org_name) ?? nonEmpty(asObject(obj.org_id)?.name) ?? nonEmpty(obj.person_name) ?? nonEmpty(asObject(obj.person_id)?.name);
  let nextTaskAt: number | null = null;
  if (!isAbsent(obj.next_activity_date)) {
    nextTaskAt = dueMoment(obj.next_activity_date, obj.next_activity_time);
    if (nextTaskAt === null) r.warn('next_activity_date', 'is not a date with an optional "HH:MM" time', [obj.next_activity_date, obj.next_activity_time]);
  }
  const lostReason = nonEmpty(obj.lost_reason);
  return done(r, {
    crmId,
    title: clip(title, 1000),
    amount,
    currency,
    pipelineId,
    stageId,
    status,
    ownerId,
    createdAt,
    stageEnteredAt,
    updatedAt,
    closedAt,
    lossReason: status === 'lost' && lostReason !== null ? clip(lostReason, 1000) : null,
    client: client === null ? null : clip(client, 500),
    nextTaskAt,
    url: `${ctx.origin}/deal/${pathSegment(crmId)}`,
  });
}

// Lookups keyed by CRM text are Maps: a type "constructor" must not find Object.prototype.
const TASK_TYPES: ReadonlyMap<string, TaskType> = new Map([['call', 'call'], ['meeting', 'meeting'], ['email', 'email']]);

export interface MappedActivity {
  /** Every activity is planned work (a task), done or not. */
  task: TaskFields;
  /** A done call or meeting is also something that happened. */
  activity: ActivityFields | null;
}

/** One activity of /api/v1/activities: due_date + due_time (UTC), duration "HH:MM", done, marked_as_done_time. */
export function mapActivity(json: unknown): Mapped<MappedActivity> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'activity', json);
  const r = new RecordReader(CRM, obj, 'activity');
  const crmId = r.requiredId('id');
  const ownerId = embeddedId(obj.user_id) ?? idOf(obj.assigned_to_user_id) ?? r.skip('user_id', isAbsent(obj.user_id) ? 'is missing' : 'is not a user', obj.user_id);
  const dueAt =
    dueMoment(obj.due_date, obj.due_time) ??
    r.skip('due_date', isAbsent(obj.due_date) ? 'is missing' : 'is not a "YYYY-MM-DD" date with an optional "HH:MM" time', [obj.due_date, obj.due_time]);
  if (crmId === null || ownerId === null || dueAt === null) return skipped(r);

  let isDone = booleanOf(obj.done);
  if (isDone === null) {
    r.warn('done', 'is not true or false', obj.done);
    isDone = false;
  }
  const kind = typeof obj.type === 'string' ? obj.type : '';
  const type = TASK_TYPES.get(kind) ?? 'other';
  const doneAt = isDone ? r.optionalTime('marked_as_done_time', PIPEDRIVE_TIME) : null;
  const dealId = idOf(obj.deal_id);
  const task: TaskFields = { crmId, type, text: clip(nonEmpty(obj.subject) ?? '', 2000), dueAt, done: isDone, doneAt, ownerId, dealId };

  let activity: ActivityFields | null = null;
  if (isDone && (type === 'call' || type === 'meeting')) {
    let durationSec: number | null = null;
    if (!isAbsent(obj.duration)) {
      durationSec = hoursMinutes(obj.duration);
      if (durationSec === null) r.warn('duration', 'is not "HH:MM"', obj.duration);
    }
    // A logged call carries its own time; without one, the moment it was marked done is the best we know.
    const hasTime = nonEmpty(obj.due_time) !== null;
    activity = { crmId, type, at: hasTime ? dueAt : (doneAt ?? dueAt), ownerId, dealId, durationSec, direction: null, outcome: null };
  }
  return done(r, { task, activity });
}

// ---------------------------------------------------------------- reading the API

class ApiShapeError extends Error {}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = httpStatusOf(error);
  return status === 401 || status === 403 ? `${message}: signed out, or no access to this company?` : message;
}

/** Segment's `ajs_user_id` cookie on Pipedrive reads `"<companyId>:<userId>"`. */
export function userFromCookies(cookies: string): { userId: string; companyId: string } | null {
  const value = cookieValue(cookies, 'ajs_user_id');
  const m = value === null ? null : /^"?(\d+):(\d+)"?$/.exec(value);
  return m?.[1] && m[2] ? { companyId: m[1], userId: m[2] } : null;
}

/** The `data` of a Pipedrive envelope `{ success, data, additional_data }`; an empty list may come back as `data: null`. */
function envelopeData(body: unknown, path: string): unknown {
  const obj = asObject(body);
  if (!obj) throw new ApiShapeError(`${path} answered something that is not a Pipedrive envelope (seen ${seen(body)})`);
  if (obj.success === false) throw new ApiShapeError(`${path} answered success: false (${seen(obj.error ?? obj.error_info)})`);
  return obj.data;
}

function envelopeList(body: unknown, path: string): unknown[] {
  const data = envelopeData(body, path);
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) throw new ApiShapeError(`${path} answered without a "data" list (seen ${seen(data)})`);
  return data;
}

interface Session {
  fetchJson: FetchJson;
  /** The `pipe-session-token` cookie the web app sends as `session_token`; null when the page did not show it. */
  token: string | null;
}

function get(session: Session, path: string, params: Record<string, string> = {}): Promise<unknown> {
  const query = new URLSearchParams(params);
  if (session.token !== null) query.set('session_token', session.token);
  const qs = query.toString();
  return session.fetchJson(qs === '' ? path : `${path}?${qs}`);
}

/**
 * Every page of a v1 list, following `additional_data.pagination`. `enough` lets an incremental read stop once a page
 * (sorted newest first) reaches records older than it needs.
 */
async function readStartPages(
  session: Session,
  path: string,
  params: Record<string, string>,
  problems: Problem[],
  enough: (page: unknown[]) => boolean = () => false,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let start = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = await get(session, path, { ...params, start: String(start), limit: String(PAGE_LIMIT) });
    const list = envelopeList(body, path);
    items.push(...list);
    const pagination = asObject(asObject(asObject(body)?.additional_data)?.pagination);
    const next = numberOf(pagination?.next_start) ?? start + list.length;
    if (list.length === 0 || pagination?.more_items_in_collection !== true || enough(list) || next <= start) return items;
    start = next;
  }
  problems.push({ code: 'page-limit', message: `${CRM}: stopped reading ${path} after ${MAX_PAGES} pages of ${PAGE_LIMIT}; the rest was not read` });
  return items;
}

/** Every page of a v2 list, following `additional_data.next_cursor`. */
async function readCursorPages(session: Session, path: string, params: Record<string, string>, problems: Problem[]): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = await get(session, path, { ...params, limit: String(PAGE_LIMIT), ...(cursor === null ? {} : { cursor }) });
    const list = envelopeList(body, path);
    items.push(...list);
    cursor = nonEmpty(asObject(asObject(body)?.additional_data)?.next_cursor);
    if (list.length === 0 || cursor === null) return items;
  }
  problems.push({ code: 'page-limit', message: `${CRM}: stopped reading ${path} after ${MAX_PAGES} pages of ${PAGE_LIMIT}; the rest was not read` });
  return items;
}

/**
 * Deals: /api/v1/deals is what the web app itself calls with the session. Pipedrive deprecated it in favour of
 * /api/v2/deals (documented for API tokens and OAuth only), so v2 is used only when v1 is gone (404/410).
 * Incremental: v1 sorted by update_time newest first, stopping at the first page older than `since`; v2 `updated_since`.
 */
async function readDealRecords(session: Session, since: number | null, problems: Problem[]): Promise<unknown[]> {
  const threshold = since === null ? null : since - SINCE_MARGIN_MS;
  const isOld = (deal: unknown) => {
    const updated = pipedriveTime(asObject(deal)?.update_time);
    return threshold !== null && updated !== null && updated < threshold;
  };
  try {
    const params: Record<string, string> = { status: 'all_not_deleted', ...(threshold === null ? {} : { sort: 'update_time DESC' }) };
    const deals = await readStartPages(session, `${API_V1}/deals`, params, problems, (page) => page.some(isOld));
    return threshold === null ? deals : deals.filter((deal) => !isOld(deal));
  } catch (error) {
    const status = httpStatusOf(error);
    if (status !== 404 && status !== 410) throw error;
    const params: Record<string, string> = threshold === null ? {} : { updated_since: new Date(threshold).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    return readCursorPages(session, `${API_V2}/deals`, params, problems);
  }
}

/** Calls and meetings are read from the start of the week 5 weeks ago. */
export function activityWindowStart(now: Date): Date {
  return startOfWeek(subWeeks(now, 5), { weekStartsOn: 1 });
}

export interface AccountInfo {
  name: string;
  currency: string;
  currentUserId: string | null;
}

/** /api/v1/users/me: the signed-in user, with the company's name and the user's default currency. */
export function mapMe(json: unknown, fallbackName: string, fallbackCurrency: string | null): Mapped<AccountInfo> {
  const obj = asObject(json);
  if (!obj) return { item: null, problems: [{ code: 'record-invalid', message: `${CRM}: /users/me is not a user (seen ${seen(json)})` }] };
  const problems: Problem[] = [];
  const currentUserId = idOf(obj.id);
  if (currentUserId === null) {
    problems.push({ code: 'field-missing', message: `${CRM}: /users/me has no "id" (seen ${seen(obj.id)}); the current user is unknown`, field: 'id' });
  }
  let currency = isoCurrency(obj.default_currency);
  if (currency === null) {
    currency = fallbackCurrency ?? 'USD';
    problems.push({ code: 'field-invalid', message: `${CRM}: /users/me field "default_currency" is not an ISO code (seen ${seen(obj.default_currency)}); assumed ${currency}`, field: 'default_currency' });
  }
  return { item: { name: clip(nonEmpty(obj.company_name) ?? fallbackName, 300), currency, currentUserId }, problems };
}

function dealsWithoutAmount(deals: readonly DealFields[]): Problem[] {
  const ids = deals.filter((d) => d.amount === null).map((d) => d.crmId);
  if (ids.length === 0) return [];
  const shown = ids.slice(0, 5).join(', ');
  return [{ code: 'amount-missing', message: `${CRM}: ${ids.length} deal${ids.length === 1 ? '' : 's'} without amount (${shown}${ids.length > 5 ? ', …' : ''}); counted without a sum`, field: 'value' }];
}

/** Keeps the first problems of each kind and one line for the rest (see kit.ts). */
export function condenseProblems(problems: readonly Problem[]): Problem[] {
  return condense(CRM, problems, { perKind: PROBLEMS_PER_KIND, max: MAX_PROBLEMS, fieldWord: 'field' });
}

async function readApi(ctx: ReadContext): Promise<Snapshot> {
  const { now } = ctx;
  const origin = ctx.url.origin;
  const problems: Problem[] = [];
  const session: Session = { fetchJson: ctx.fetchJson, token: cookieValue(ctx.cookies, 'pipe-session-token') ?? ctx.pageGlobals?.token ?? null };

  const me = mapMe(envelopeData(await get(session, `${API_V1}/users/me`), `${API_V1}/users/me`), ctx.url.hostname.split('.')[0] ?? ctx.url.hostname, isoCurrency(ctx.pageGlobals?.currency));
  problems.push(...me.problems);
  if (!me.item) throw new ApiShapeError(`${API_V1}/users/me answered something that is not a user`);
  const { name, currency, currentUserId } = me.item;
  // What a user can see depends on who they are: "changed since" only holds for the user of the last read.
  const since = currentUserId !== null && ctx.since !== null && ctx.since.userId === currentUserId ? ctx.since.at : null;

  const users = mapAll(envelopeList(await get(session, `${API_V1}/users`), `${API_V1}/users`), mapUser);
  problems.push(...users.problems);
  const pipelines: PipelineFields[] = [];
  envelopeList(await get(session, `${API_V1}/pipelines`), `${API_V1}/pipelines`).forEach((json, i) => {
    const mapped = mapPipeline(json, i);
    problems.push(...mapped.problems);
    if (mapped.item) pipelines.push(mapped.item);
  });
  const stageList = envelopeList(await get(session, `${API_V1}/stages`), `${API_V1}/stages`);
  const stages: StageFields[] = [];
  stageList.forEach((json, i) => {
    const mapped = mapStage(json, i);
    problems.push(...mapped.problems);
    if (mapped.item) stages.push(mapped.item);
  });
  const stagePipelines = new Map(stages.map((s) => [s.crmId, s.pipelineId]));

  const deals = mapAll(await readDealRecords(session, since, problems), (json) => mapDeal(json, { origin, currency, stagePipelines }));
  problems.push(...deals.problems, ...dealsWithoutAmount(deals.items));

  // Activities are secondary: if they fail, the deals still count.
  const tasks: TaskFields[] = [];
  const activities: ActivityFields[] = [];
  try {
    const from = activityWindowStart(now);
    const open = await readStartPages(session, `${API_V1}/activities`, { user_id: '0', done: '0' }, problems);
    const finished = await readStartPages(
      session,
      `${API_V1}/activities`,
      { user_id: '0', done: '1', start_date: format(from, 'yyyy-MM-dd'), end_date: format(addDays(now, 1), 'yyyy-MM-dd') },
      problems,
    );
    const mapped = mapAll([...open, ...finished], mapActivity);
    problems.push(...mapped.problems);
    for (const item of mapped.items) {
      tasks.push(item.task);
      if (item.activity) activities.push(item.activity);
    }
  } catch (error) {
    problems.push({ code: 'activities-unavailable', message: `${CRM}: could not read activities (${describe(error)}); deals were read` });
  }

  return {
    crm: 'pipedrive',
    account: origin,
    accountName: name,
    currency,
    readAt: now.getTime(),
    source: 'api',
    currentUserId,
    managers: users.items,
    pipelines,
    stages,
    deals: deals.items,
    tasks,
    activities,
    problems: condenseProblems(problems),
  };
}

// ---------------------------------------------------------------- the pipeline board (fallback)

/** What `/pipeline/<id>/user/<userId|everyone>` or `/pipeline/<id>/filter/<id>` says about the board on screen. */
export function boardScope(url: URL): { pipelineId: string | null; ownerId: string | null } {
  const m = /^\/pipeline\/(\d+)(?:\/(user|filter)\/([^/]+))?/.exec(url.pathname);
  return { pipelineId: m?.[1] ?? null, ownerId: m?.[2] === 'user' && m[3] && /^\d+$/.test(m[3]) ? m[3] : null };
}

export interface BoardCard {
  crmId: string;
  title: string;
  amount: number | null;
  currency: string | null;
  stageId: string;
  client: string | null;
  /** From the card itself; Pipedrive's tile carries none today. */
  ownerId: string | null;
  url: string;
}

export interface BoardRead {
  stages: StageFields[];
  cards: BoardCard[];
  problems: Problem[];
}

function problemAt(code: string, message: string, itemId: string | undefined, field: string, selectors: SelectorList): Problem {
  return { code, message, ...(itemId === undefined ? {} : { itemId }), field, selector: selectors.join(', ') };
}

function stageTitle(column: Element): string {
  const header = first(column, SELECTORS.stageHeader);
  if (!header) return '';
  const titled = text(first(header, SELECTORS.stageTitle));
  if (titled !== '') return titled;
  // Without a title element: the header's text minus the stage's sum.
  const summary = text(first(header, SELECTORS.stageSummary));
  return text(header).replace(summary, '').trim();
}

/** Reads the stage columns and deal tiles of a Pipedrive pipeline view. Pure: no owner, status or dates are invented. */
export function readPipelineBoard(root: ParentNode, origin: string, pipelineId: string): BoardRead {
  const problems: Problem[] = [];
  const stages: StageFields[] = [];
  const stageIds = new Set<string>();
  all(root, SELECTORS.stage).forEach((column, i) => {
    const crmId = /^stage-(\d+)$/.exec(column.getAttribute('data-test') ?? '')?.[1];
    if (!crmId || stageIds.has(crmId)) return;
    stageIds.add(crmId);
    const index = Number(column.getAttribute('data-test-stage-index'));
    stages.push({ crmId, pipelineId, name: clip(stageTitle(column) || crmId, 300), order: Number.isFinite(index) ? index : i, kind: 'open' });
  });

  const cards: BoardCard[] = [];
  const seenIds = new Set<string>();
  for (const tile of all(root, SELECTORS.card)) {
    const crmId = tile.getAttribute('data-test-deal-id')?.trim() ?? '';
    // The forecast view renders the same tile with "forecast-<id>": not a board card.
    if (!/^\d+$/.test(crmId) || seenIds.has(crmId)) continue;
    seenIds.add(crmId);
    // No fallback to the deal link's first child: without the title element that is the organisation or person (the client).
    const title = text(first(tile, SELECTORS.cardTitle));
    if (title === '') {
      problems.push(problemAt('layout-changed', `${CRM} board: card ${crmId} skipped: no title found`, crmId, 'title', SELECTORS.cardTitle));
      continue;
    }
    const column = closest(tile, SELECTORS.stage);
    const stageId = /^stage-(\d+)$/.exec(column?.getAttribute('data-test') ?? '')?.[1];
    if (!stageId) {
      problems.push(problemAt('layout-changed', `${CRM} board: card ${crmId} skipped: no stage column around it`, crmId, 'stageId', SELECTORS.stage));
      continue;
    }
    const valueText = text(first(tile, SELECTORS.cardValue));
    let amount: number | null = null;
    let currency: string | null = null;
    if (valueText !== '') {
      const money = parseMoney(valueText);
      if (money === null) {
        problems.push(problemAt('amount-unreadable', `${CRM} board: card ${crmId} amount ${seen(valueText)} is not a number`, crmId, 'amount', SELECTORS.cardValue));
      } else {
        amount = money.value;
        currency = money.currency;
      }
    }
    const client = text(first(tile, SELECTORS.cardClient));
    const ownerEl = first(tile, SELECTORS.cardOwner);
    cards.push({
      crmId,
      title: clip(title, 1000),
      amount,
      currency,
      stageId,
      client: client === '' ? null : clip(client, 500),
      ownerId: idOf(ownerEl?.getAttribute('data-test-owner-id') ?? ownerEl?.getAttribute('data-user-id')),
      url: `${origin}/deal/${crmId}`,
    });
  }
  return { stages, cards, problems };
}

function mostCommon(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

function readPage(ctx: ReadContext, reason: string): Snapshot {
  const doc = ctx.document;
  const origin = ctx.url.origin;
  const readAt = ctx.now.getTime();
  const scope = boardScope(ctx.url);
  const cookieUser = userFromCookies(ctx.cookies);
  const currentUserId = idOf(ctx.pageGlobals?.userId) ?? cookieUser?.userId ?? null;
  const pageCurrency = isoCurrency(ctx.pageGlobals?.currency);
  const apiProblem: Problem = { code: 'api-unavailable', message: `${CRM}: API unavailable (${reason})` };
  const base = {
    crm: 'pipedrive' as const,
    account: origin,
    accountName: ctx.url.hostname.split('.')[0] ?? ctx.url.hostname,
    readAt,
    source: 'page' as const,
    currentUserId,
    managers: [],
    tasks: [],
    activities: [],
  };

  const board = first(doc, SELECTORS.board);
  if (!board || scope.pipelineId === null) {
    return {
      ...base,
      currency: pageCurrency ?? 'USD',
      pipelines: [],
      stages: [],
      deals: [],
      problems: [
        apiProblem,
        {
          code: 'layout-changed',
          message: `${CRM}: could not read this page either: ${board ? `the address ${ctx.url.pathname} names no pipeline` : `no pipeline board on ${ctx.url.pathname}`}; nothing was read`,
          selector: SELECTORS.board.join(', '),
        },
      ],
    };
  }

  const read = readPipelineBoard(board, origin, scope.pipelineId);
  const currency = pageCurrency ?? mostCommon(read.cards.flatMap((c) => (c.currency ? [c.currency] : []))) ?? 'USD';
  const deals: DealFields[] = [];
  let unowned = 0;
  for (const card of read.cards) {
    const ownerId = card.ownerId ?? scope.ownerId;
    if (ownerId === null) {
      unowned += 1;
      continue;
    }
    deals.push({
      crmId: card.crmId,
      title: card.title,
      amount: card.amount,
      currency: card.currency ?? currency,
      pipelineId: scope.pipelineId,
      stageId: card.stageId,
      // The pipeline view lists open deals; won and lost ones leave the board.
      status: 'open',
      ownerId,
      // The board shows no dates: 0 means "unknown", so a page read never looks newer than an API read.
      createdAt: 0,
      stageEnteredAt: null,
      updatedAt: 0,
      closedAt: null,
      lossReason: null,
      client: card.client,
      nextTaskAt: null,
      url: card.url,
    });
  }
  const problems: Problem[] = [
    { ...apiProblem, message: `${apiProblem.message}; read ${deals.length} of ${read.cards.length} cards from the board ${ctx.url.pathname}; activities were not read` },
    ...read.problems,
  ];
  if (unowned > 0) {
    problems.push({
      code: 'owner-unknown',
      message: `${CRM} board: ${unowned} card${unowned === 1 ? '' : 's'} not read: the board shows no deal owners and is not filtered by one person (open …/pipeline/${scope.pipelineId}/user/<id>, or let the API work)`,
      field: 'ownerId',
      selector: SELECTORS.cardOwner.join(', '),
    });
  }
  if (deals.length > 0) {
    problems.push({ code: 'dates-unavailable', message: `${CRM} board: the board shows no creation or stage dates; ${deals.length} deals were read without them`, field: 'createdAt' });
  }
  problems.push(...dealsWithoutAmount(deals).map((p) => ({ ...p, message: p.message.replace(`${CRM}:`, `${CRM} board:`) })));
  const pipelineName = text(first(doc, SELECTORS.pipelineName));
  return {
    ...base,
    currency,
    pipelines: [{ crmId: scope.pipelineId, name: clip(pipelineName || scope.pipelineId, 300), order: 0 }],
    stages: read.stages,
    deals,
    problems: condenseProblems(problems),
  };
}

// ---------------------------------------------------------------- the adapter

/** MAIN world: Pipedrive keeps no documented user global, but its Segment cookie and session cookie are on the page. */
export function readPipedrivePageGlobals(win: Record<string, unknown>): PageGlobals {
  try {
    const doc = asObject(win.document);
    const cookies = typeof doc?.cookie === 'string' ? doc.cookie : '';
    const user = userFromCookies(cookies);
    const token = cookieValue(cookies, 'pipe-session-token');
    return {
      ...(user ? { userId: user.userId, accountId: user.companyId } : {}),
      ...(token ? { token } : {}),
    };
  } catch {
    return {};
  }
}

/** The name lib/adapters/globals.ts imports page-globals readers by. */
export { cookieValue } from './kit';
export { readPipedrivePageGlobals as readPageGlobals };

/** A company's Pipedrive app: https://<company>.pipedrive.com (not www., api., developers., app., …). */
export function matchesHost(url: URL): boolean {
  const m = /^([a-z0-9][a-z0-9-]*)\.pipedrive\.com$/i.exec(url.hostname);
  return url.protocol === 'https:' && m?.[1] !== undefined && !NOT_A_COMPANY.has(m[1].toLowerCase());
}

export const pipedriveAdapter: CrmAdapter = {
  crm: 'pipedrive',
  label: CRM,
  matches: matchesHost,
  readPageGlobals: readPipedrivePageGlobals,
  async read(ctx: ReadContext): Promise<Snapshot> {
    try {
      return await readApi(ctx);
    } catch (error) {
      return readPage(ctx, describe(error));
    }
  },
  cardIndex: (root: ParentNode) => indexCards(root, SELECTORS.card, 'data-test-deal-id'),
};
