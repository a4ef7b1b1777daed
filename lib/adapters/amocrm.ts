// Adapter for amoCRM / Kommo: the account's own API v4 with the page's session first, the pipeline board as the fallback.
import { format, startOfWeek, subDays, subWeeks } from 'date-fns';
import type {
  ActivityFields,
  CallDirection,
  DealFields,
  ManagerFields,
  PipelineFields,
  Problem,
  Snapshot,
  StageFields,
  StageKind,
  TaskFields,
  TaskType,
} from '../model';
import { parseDateTime, parseMoney } from '../parse';
import {
  all,
  asObject,
  booleanOf,
  closest,
  done,
  first,
  idOf,
  mapAll,
  notAnObject,
  numberOf,
  RecordReader,
  seen,
  skipped,
  text,
  type Mapped,
  type SelectorList, clip, nonEmpty, fit, indexCards, mapEmbeddedPipeline, MAX_TEXT, pathSegment, sameOriginLink } from './kit';
import { isAmocrmHost } from './hosts';
import type { CrmAdapter, FetchJson, PageGlobals, ReadContext, ReadResult } from './types';

const CRM = 'amoCRM';
const API = '/api/v4';
/** Largest page amoCRM serves for leads, tasks, notes, users, companies and contacts. */
export const PAGE_LIMIT = 250;
/** Largest page of /api/v4/events. */
export const EVENTS_PAGE_LIMIT = 100;
/** Safety stop: 400 pages of 250 is 100 000 records of one kind. */
const MAX_PAGES = 400;
/** Incremental reads start a little before the last read, so a clock skew or a slow write is not missed. */
const SINCE_MARGIN_MS = 5 * 60 * 1000;
/** How far back a full read looks for stage changes (lead_status_changed events). */
export const STAGE_HISTORY_DAYS = 90;
/** Ids per request when looking companies and contacts up by id (keeps the URL short). */
const IDS_PER_REQUEST = 50;
/** Lead ids per events request; above this many changed leads, one scan of the history window is cheaper. */
const EVENT_LEADS_PER_REQUEST = 10;
const MAX_EVENT_LOOKUPS = 10;
/** Problems of one kind kept in full before they are summarised (a snapshot carries at most 500). */
const PROBLEMS_PER_CODE = 5;

/** The system stages every amoCRM pipeline has. */
export const WON_STATUS_ID = '142';
export const LOST_STATUS_ID = '143';

export const SELECTORS = {
  // From amoCRM's compiled board templates (interface/leads_pipeline/body, header_item, item, item_inner).
  // Newest markup first; keep older alternatives while users may still see them.
  column: ['.pipeline_status.pipeline_cell', '.pipeline_cell'],
  /** The card list of a column carries the status id: `#pipeline_items__list_<id>[data-id]`. */
  columnList: ['.pipeline_items__list[data-id]', '.js-pipeline-row[data-id]'],
  columnHead: ['.pipeline_status__head[data-id]', '[id^="status_id_"]'],
  columnTitle: ['.pipeline_status__head_title[title]', '.pipeline_status__head_title'],
  unsortedColumn: ['.pipeline_cell-unsorted'],
  card: ['.pipeline_leads__item[data-id]', '[id^="pipeline_item_"][data-id]'],
  /** Incoming requests in the "Неразобранное" column are not leads yet. */
  unsortedCard: ['.pipeline-unsorted__item'],
  title: ['a.pipeline_leads__title-text', '.pipeline_leads__lead-title-text', '.pipeline_leads__title'],
  // The classic card shows the budget in its own element; the configurable tile renders it in a field or note.
  price: ['.pipeline_leads__price'],
  priceFields: ['.pipeline_leads__note', '.pipeline_leads__field'],
  date: ['.pipeline_leads__top-date', '.pipeline_leads__date'],
  company: ['.pipeline_leads__linked-entities_company'],
  linked: ['.pipeline_leads__linked-entities'],
  lossReason: ['.pipeline_leads__loss-reason'],
  pipelineHolder: ['[data-pipeline-id]'],
} as const;

// ---------------------------------------------------------------- small shared pieces

/**
 * Keeps the first few problems of each code and summarises the rest in one line per code, so a read with
 * thousands of bad records still fits a snapshot (at most 500 problems). kit.ts has no such helper.
 */
export function limitProblems(problems: readonly Problem[], perCode = PROBLEMS_PER_CODE): Problem[] {
  const kept: Problem[] = [];
  const extra = new Map<string, { count: number; example: Problem }>();
  const shown = new Map<string, number>();
  for (const problem of problems) {
    const count = shown.get(problem.code) ?? 0;
    if (count < perCode) {
      // A snapshot's problem message holds at most 1000 characters.
      kept.push(problem.message.length > 1000 ? { ...problem, message: `${problem.message.slice(0, 997)}...` } : problem);
      shown.set(problem.code, count + 1);
    } else {
      const entry = extra.get(problem.code);
      if (entry) entry.count += 1;
      else extra.set(problem.code, { count: 1, example: problem });
    }
  }
  for (const [code, { count, example }] of extra) {
    kept.push({
      code,
      message: `${CRM}: ${count} more problems like this one: ${example.message}`.slice(0, 1000),
      ...(example.field === undefined ? {} : { field: example.field }),
    });
  }
  return kept;
}

const unix = (ms: number): string => String(Math.floor(ms / 1000));
const day = (ms: number): string => format(ms, 'dd.MM.yyyy');

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A user id: amoCRM writes 0 for "the system / a robot", which is nobody's. */
function userIdOf(value: unknown): string | null {
  const id = idOf(value);
  return id === null || id === '0' ? null : id;
}

function stageKindOf(statusId: string): StageKind {
  if (statusId === WON_STATUS_ID) return 'won';
  if (statusId === LOST_STATUS_ID) return 'lost';
  return 'open';
}

// ---------------------------------------------------------------- page globals (MAIN world)

/**
 * Reads the signed-in user and the account from amoCRM's `APP.constant(...)` (Kommo's documented globals;
 * older pages expose the same as `AMOCRM.constant(...)`). Runs in the page's MAIN world, so it is
 * self-contained (no imports, no module-level helpers) and guards every access: it never throws.
 */
export function readPageGlobals(win: Record<string, unknown>): PageGlobals {
  const result: PageGlobals = {};
  const idText = (value: unknown): string | undefined => {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return String(value);
    if (typeof value === 'string' && /^\d{1,20}$/.test(value.trim()) && value.trim() !== '0') return value.trim();
    return undefined;
  };
  const constant = (key: string): Record<string, unknown> | undefined => {
    for (const name of ['APP', 'AMOCRM']) {
      try {
        const app = win[name];
        if ((typeof app !== 'object' && typeof app !== 'function') || app === null) continue;
        const read = (app as { constant?: unknown }).constant;
        if (typeof read !== 'function') continue;
        // One argument reads a constant; a second one would overwrite it.
        const value: unknown = read.call(app, key);
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // a page global that throws is as good as absent
      }
    }
    return undefined;
  };
  try {
    const user = constant('user');
    const userId = idText(user?.id);
    if (userId !== undefined) result.userId = userId;
    const userName = user?.name;
    if (typeof userName === 'string' && userName.trim() !== '' && userName.length <= 300) result.userName = userName.trim();
    const account = constant('account');
    const accountId = idText(account?.id);
    if (accountId !== undefined) result.accountId = accountId;
    const currency = account?.currency;
    if (typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency.trim())) result.currency = currency.trim().toUpperCase();
  } catch {
    // never throw on the page
  }
  return result;
}

// ---------------------------------------------------------------- mapping: API JSON → model

export interface AccountInfo {
  id: string | null;
  name: string;
  currency: string;
  currentUserId: string | null;
  /** users_groups: group id → name, the title shown for a manager. */
  groups: ReadonlyMap<string, string>;
  /** task_types: custom task type id → our task type. */
  taskTypes: ReadonlyMap<string, TaskType>;
}

/** What a custom task type's name means for us ("Звонок", "Встреча", "Письмо"). */
export function taskTypeFromName(name: string): TaskType {
  if (/звон|call|связат/iu.test(name)) return 'call';
  if (/встреч|meeting|meet/iu.test(name)) return 'meeting';
  if (/письм|почт|e-?mail|mail/iu.test(name)) return 'email';
  return 'other';
}

/** `GET /api/v4/account?with=users_groups,task_types`; the page globals fill in what the answer lacks. */
export function mapAccount(json: unknown, fallbackName: string, globals: PageGlobals | null): Mapped<AccountInfo> {
  const obj = asObject(json);
  if (!obj) return { item: null, problems: [{ code: 'record-invalid', message: `${CRM}: the /api/v4/account answer is not an object (seen ${seen(json)})` }] };
  const problems: Problem[] = [];
  const name = fit.name(nonEmpty(obj.name) ?? fallbackName);
  let currency = typeof obj.currency === 'string' ? obj.currency.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(currency)) {
    const fromPage = globals?.currency;
    if (fromPage !== undefined && /^[A-Z]{3}$/.test(fromPage)) {
      currency = fromPage;
    } else {
      problems.push({ code: 'field-invalid', message: `${CRM}: account field "currency" is not an ISO code (seen ${seen(obj.currency)}); assumed RUB`, field: 'currency' });
      currency = 'RUB';
    }
  }
  const currentUserId = userIdOf(obj.current_user_id) ?? globals?.userId ?? null;
  if (currentUserId === null) {
    problems.push({ code: 'field-missing', message: `${CRM}: account field "current_user_id" is missing (seen ${seen(obj.current_user_id)}) and the page did not tell; the current user is unknown`, field: 'current_user_id' });
  }
  const embedded = asObject(obj._embedded);
  const groups = new Map<string, string>();
  if (Array.isArray(embedded?.users_groups)) {
    for (const group of embedded.users_groups) {
      const g = asObject(group);
      const id = idOf(g?.id);
      const groupName = nonEmpty(g?.name);
      if (id !== null && groupName !== null) groups.set(id, groupName);
    }
  }
  const taskTypes = new Map<string, TaskType>();
  if (Array.isArray(embedded?.task_types)) {
    for (const type of embedded.task_types) {
      const t = asObject(type);
      const id = idOf(t?.id);
      const typeName = nonEmpty(t?.name);
      if (id !== null && typeName !== null) taskTypes.set(id, taskTypeFromName(typeName));
    }
  }
  return { item: { id: idOf(obj.id) ?? globals?.accountId ?? null, name, currency, currentUserId, groups, taskTypes }, problems };
}

/** One user of `GET /api/v4/users`: `rights.is_active`, `rights.group_id`. */
export function mapUser(json: unknown, groups: ReadonlyMap<string, string> = new Map()): Mapped<ManagerFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'user', json);
  const r = new RecordReader(CRM, obj, 'user');
  const crmId = r.requiredId('id');
  const name = r.requiredString('name');
  if (crmId === null || name === null) return skipped(r);
  const rights = asObject(obj.rights);
  const groupId = idOf(rights?.group_id);
  return done(r, fit.manager({
    crmId,
    name,
    title: groupId === null ? null : (groups.get(groupId) ?? null),
    active: booleanOf(rights?.is_active) ?? true,
  }));
}

/** One pipeline of `GET /api/v4/leads/pipelines` with its `_embedded.statuses`; 142 is won and 143 lost in every pipeline. */
export function mapPipeline(json: unknown, index: number): Mapped<{ pipeline: PipelineFields; stages: StageFields[] }> {
  return mapEmbeddedPipeline(CRM, json, index, mapStatus);
}

export function mapStatus(json: unknown, pipelineId: string, index: number): Mapped<StageFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'stage', json);
  const r = new RecordReader(CRM, obj, 'stage');
  const crmId = r.requiredId('id');
  const name = r.requiredString('name');
  if (crmId === null || name === null) return skipped(r);
  return done(r, fit.stage({ crmId, pipelineId: idOf(obj.pipeline_id) ?? pipelineId, name, order: r.optionalNumber('sort') ?? index, kind: stageKindOf(crmId) }));
}

export interface LeadContext {
  /** The CRM page origin, for deal links. */
  origin: string;
  currency: string;
  /** Status id → kind, from the pipelines (142/143 are known without them). */
  stageKinds: ReadonlyMap<string, StageKind>;
}

/**
 * One lead of `GET /api/v4/leads?with=loss_reason,contacts`. `price` 0 is how amoCRM stores "no budget",
 * so it becomes null like a missing price (the read reports those leads once, grouped).
 * The client and the stage-entry time come from other requests (see leadLinks, stageEntryTimes).
 */
export function mapLead(json: unknown, ctx: LeadContext): Mapped<DealFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'lead', json);
  const r = new RecordReader(CRM, obj, 'lead');
  const crmId = r.requiredId('id');
  const title = r.requiredString('name');
  const pipelineId = r.requiredId('pipeline_id');
  const stageId = r.requiredId('status_id');
  const ownerId = r.requiredId('responsible_user_id');
  const createdAt = r.requiredTime('created_at');
  const updatedAt = r.requiredTime('updated_at');
  if (crmId === null || title === null || pipelineId === null || stageId === null || ownerId === null || createdAt === null || updatedAt === null) {
    return skipped(r);
  }
  const status = ctx.stageKinds.get(stageId) ?? (stageId === WON_STATUS_ID || stageId === LOST_STATUS_ID ? stageKindOf(stageId) : undefined);
  if (status === undefined) {
    r.problems.push({
      code: 'stage-unknown',
      message: `${CRM}: lead ${crmId} skipped: its "status_id" ${stageId} is not a stage of any pipeline /api/v4/leads/pipelines listed`,
      itemId: crmId,
      field: 'status_id',
    });
    return skipped(r);
  }
  let amount = r.optionalNumber('price');
  if (amount !== null && amount < 0) {
    r.warn('price', 'is negative', obj.price);
    amount = null;
  }
  // with=loss_reason embeds a one-element list; tolerate a bare object too.
  const embeddedReason = asObject(obj._embedded)?.loss_reason;
  const reason = asObject(Array.isArray(embeddedReason) ? embeddedReason[0] : embeddedReason);
  return done(r, fit.deal({
    crmId,
    title,
    amount: amount === 0 ? null : amount,
    currency: ctx.currency,
    pipelineId,
    stageId,
    status,
    ownerId,
    createdAt,
    stageEnteredAt: null,
    updatedAt,
    closedAt: status === 'open' ? null : r.optionalTime('closed_at'),
    lossReason: status === 'lost' ? nonEmpty(reason?.name) : null,
    client: null,
    nextTaskAt: r.optionalTime('closest_task_at'),
    url: `${ctx.origin}/leads/detail/${pathSegment(crmId)}`,
  }));
}

/** The lead's company (`_embedded.companies`, always at most one) and main contact (`with=contacts`). */
export function leadLinks(json: unknown): { leadId: string | null; companyId: string | null; contactId: string | null } {
  const obj = asObject(json);
  const embedded = asObject(obj?._embedded);
  const companies = Array.isArray(embedded?.companies) ? embedded.companies : [];
  const contacts = Array.isArray(embedded?.contacts) ? embedded.contacts.map(asObject) : [];
  const main = contacts.find((c) => c?.is_main === true) ?? contacts[0] ?? null;
  return { leadId: idOf(obj?.id), companyId: idOf(asObject(companies[0])?.id), contactId: idOf(main?.id) };
}

// Lookups are Maps, not object literals: an id like "constructor" must not find Object.prototype.
/** Standard task types: 1 "Связаться / Звонок", 2 "Встреча"; custom ones come named in the account's task_types. */
const TASK_TYPES: ReadonlyMap<string, TaskType> = new Map([
  ['1', 'call'],
  ['2', 'meeting'],
]);

/**
 * One task of `GET /api/v4/tasks`. The API has no completion time: a completed task's `updated_at`
 * (when it was last changed, usually the completion) stands in for it.
 */
export function mapTask(json: unknown, customTypes: ReadonlyMap<string, TaskType> = new Map()): Mapped<TaskFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'task', json);
  const r = new RecordReader(CRM, obj, 'task');
  const crmId = r.requiredId('id');
  const dueAt = r.requiredTime('complete_till');
  const ownerId = r.requiredId('responsible_user_id');
  if (crmId === null || dueAt === null || ownerId === null) return skipped(r);
  const typeId = idOf(obj.task_type_id);
  let isDone = booleanOf(obj.is_completed);
  if (isDone === null) {
    r.warn('is_completed', 'is not true or false', obj.is_completed);
    isDone = false;
  }
  return done(r, fit.task({
    crmId,
    type: typeId === null ? 'other' : (TASK_TYPES.get(typeId) ?? customTypes.get(typeId) ?? 'other'),
    text: typeof obj.text === 'string' ? obj.text : '',
    dueAt,
    done: isDone,
    doneAt: isDone ? r.optionalTime('updated_at') : null,
    ownerId,
    dealId: obj.entity_type === 'leads' ? idOf(obj.entity_id) : null,
  }));
}

/** Where a call note was read from: `/api/v4/<entity>/notes`. */
export type NoteEntity = 'leads' | 'contacts' | 'companies';

/** `params.call_status` as amoCRM words it in the card. */
export const CALL_STATUSES: ReadonlyMap<string, string> = new Map([
  ['1', 'Оставил сообщение'],
  ['2', 'Перезвонить позже'],
  ['3', 'Нет на месте'],
  ['4', 'Разговор состоялся'],
  ['5', 'Неверный номер'],
  ['6', 'Не дозвонился'],
  ['7', 'Номер занят'],
]);
const CALL_DIRECTIONS: ReadonlyMap<string, CallDirection> = new Map([
  ['call_in', 'in'],
  ['call_out', 'out'],
]);

/**
 * One call note (`note_type` call_in / call_out) of `GET /api/v4/<entity>/notes`: `params.duration` seconds,
 * `params.call_status`, `params.call_result`. Who called: the note's responsible user, else its author.
 */
export function mapCallNote(json: unknown, entity: NoteEntity = 'leads'): Mapped<ActivityFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'call note', json);
  const r = new RecordReader(CRM, obj, 'call note');
  const noteId = r.requiredId('id');
  const at = r.requiredTime('created_at');
  const direction = typeof obj.note_type === 'string' ? CALL_DIRECTIONS.get(obj.note_type) : undefined;
  if (direction === undefined) r.skip('note_type', 'is not "call_in" or "call_out"', obj.note_type);
  const ownerId = userIdOf(obj.responsible_user_id) ?? userIdOf(obj.created_by);
  if (ownerId === null) r.skip('responsible_user_id', 'names no user (nor does "created_by")', obj.responsible_user_id);
  if (noteId === null || at === null || direction === undefined || ownerId === null) return skipped(r);
  // Notes of leads, contacts and companies are separate lists: the entity keeps their ids apart.
  const crmId = `${entity}-${noteId}`;
  if (crmId.length > MAX_TEXT.id) return { item: null, problems: [...r.problems, { code: 'field-invalid', message: `${CRM}: call note skipped: its "id" is too long to keep (${noteId.length} characters)`, field: 'id' }] };
  const params = asObject(obj.params) ?? {};
  let durationSec: number | null = null;
  if (params.duration !== undefined && params.duration !== null && params.duration !== '') {
    durationSec = numberOf(params.duration);
    if (durationSec === null || durationSec < 0) {
      r.warn('params.duration', 'is not a number of seconds', params.duration);
      durationSec = null;
    } else {
      durationSec = Math.round(durationSec);
    }
  }
  const statusId = idOf(params.call_status);
  const outcome = nonEmpty(params.call_result) ?? (statusId === null ? null : (CALL_STATUSES.get(statusId) ?? null));
  return done(r, fit.activity({
    crmId,
    type: 'call',
    at,
    ownerId,
    dealId: entity === 'leads' ? idOf(obj.entity_id) : null,
    durationSec,
    direction,
    outcome,
  }));
}

export interface StageChange {
  leadId: string;
  statusId: string | null;
  at: number;
}

/** One `lead_status_changed` event of `GET /api/v4/events`: `value_after[0].lead_status.{id,pipeline_id}`. */
export function mapStageChange(json: unknown): Mapped<StageChange> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'event', json);
  const r = new RecordReader(CRM, obj, 'event');
  if (obj.type !== 'lead_status_changed') return skipped(r);
  const leadId = r.requiredId('entity_id');
  const at = r.requiredTime('created_at');
  if (leadId === null || at === null) return skipped(r);
  const after = Array.isArray(obj.value_after) ? asObject(obj.value_after[0]) : null;
  return done(r, { leadId, statusId: idOf(asObject(after?.lead_status)?.id), at });
}

/** The latest stage change of each lead. */
export function stageEntryTimes(changes: readonly StageChange[]): Map<string, StageChange> {
  const latest = new Map<string, StageChange>();
  for (const change of changes) {
    const known = latest.get(change.leadId);
    if (!known || change.at > known.at) latest.set(change.leadId, change);
  }
  return latest;
}

/**
 * When a deal entered its stage: its latest stage change; else a closed deal entered won/lost when it closed;
 * else a deal created inside the read history window that never moved entered it when it was created; else unknown.
 */
export function stageEnteredAt(deal: DealFields, latest: StageChange | undefined, historyFrom: number | null): number | null {
  if (latest) return latest.at;
  if (deal.status !== 'open') return deal.closedAt;
  if (historyFrom !== null && deal.createdAt >= historyFrom) return deal.createdAt;
  return null;
}

/** Calls and completed tasks are read from the start of the week 5 weeks ago at most (or since the last read, if later). */
export function activityFrom(now: Date, since: number | null): number {
  const oldest = startOfWeek(subWeeks(now, 5), { weekStartsOn: 1 }).getTime();
  return since === null ? oldest : Math.max(oldest, since - SINCE_MARGIN_MS);
}

// ---------------------------------------------------------------- reading the API

class ApiShapeError extends Error {}

type Query = ReadonlyArray<readonly [string, string]>;

/** `path?key=value&…` with amoCRM's bracketed filter keys and comma lists left readable. */
export function pathWith(path: string, query: Query): string {
  if (query.length === 0) return path;
  const encode = (s: string) => encodeURIComponent(s).replace(/%5B/gi, '[').replace(/%5D/gi, ']').replace(/%2C/gi, ',');
  return `${path}?${query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')}`;
}

function embeddedList(body: unknown, key: string, path: string): unknown[] {
  // An empty list is HTTP 204 No Content: the injected fetchJson resolves null.
  if (body === null || body === undefined) return [];
  const list = asObject(asObject(body)?._embedded)?.[key];
  if (!Array.isArray(list)) throw new ApiShapeError(`${path} answered without an "_embedded.${key}" list (seen ${seen(body)})`);
  return list;
}

function hasNext(body: unknown): boolean {
  return asObject(asObject(asObject(body)?._links)?.next) !== null;
}

/**
 * Every page of a list, while the answer links a `_links.next`. The next page is asked for by number with the
 * same filters rather than by following the link: its host may be a shard (`shard152.amocrm.ru`), another origin.
 */
async function readPages(fetchJson: FetchJson, path: string, key: string, query: Query, problems: Problem[], limit = PAGE_LIMIT): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const body = await fetchJson(pathWith(path, [...query, ['limit', String(limit)], ['page', String(page)]]));
    const list = embeddedList(body, key, path);
    items.push(...list);
    if (list.length === 0 || !hasNext(body)) return items;
  }
  problems.push({ code: 'page-limit', message: `${CRM}: stopped reading ${path} after ${MAX_PAGES} pages of ${limit}; older records were not read` });
  return items;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Names of companies or contacts by id (`filter[id][]`), a few dozen per request. */
async function namesById(fetchJson: FetchJson, entity: 'companies' | 'contacts', ids: readonly string[], problems: Problem[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const part of chunks(ids, IDS_PER_REQUEST)) {
    const list = await readPages(fetchJson, `${API}/${entity}`, entity, part.map((id) => ['filter[id][]', id] as const), problems);
    for (const json of list) {
      const obj = asObject(json);
      const id = idOf(obj?.id);
      const name = nonEmpty(obj?.name);
      if (id !== null && name !== null) names.set(id, clip(name, MAX_TEXT.client));
    }
  }
  return names;
}

const STAGE_EVENTS: Query = [
  ['filter[type]', 'lead_status_changed'],
  ['filter[entity]', 'lead'],
];

/** Stage changes since `from`: of the given leads only, or (null) of every lead the user can see. */
async function readStageChanges(fetchJson: FetchJson, from: number, leadIds: readonly string[] | null, problems: Problem[]): Promise<StageChange[]> {
  const base: Query = [...STAGE_EVENTS, ['filter[created_at][from]', unix(from)]];
  const events: unknown[] = [];
  if (leadIds === null) {
    events.push(...(await readPages(fetchJson, `${API}/events`, 'events', base, problems, EVENTS_PAGE_LIMIT)));
  } else {
    for (const part of chunks(leadIds, EVENT_LEADS_PER_REQUEST)) {
      events.push(...(await readPages(fetchJson, `${API}/events`, 'events', [...base, ['filter[entity_id]', part.join(',')]], problems, EVENTS_PAGE_LIMIT)));
    }
  }
  const mapped = mapAll(events, mapStageChange);
  problems.push(...mapped.problems);
  return mapped.items;
}

const NOTE_ENTITIES: readonly NoteEntity[] = ['leads', 'contacts', 'companies'];

async function readApi(ctx: ReadContext): Promise<Snapshot> {
  const { fetchJson, now } = ctx;
  const origin = ctx.url.origin;
  const problems: Problem[] = [];
  const subdomain = ctx.url.hostname.split('.')[0] ?? ctx.url.hostname;

  const account = mapAccount(await fetchJson(pathWith(`${API}/account`, [['with', 'users_groups,task_types']])), subdomain, ctx.pageGlobals);
  problems.push(...account.problems);
  if (!account.item) throw new ApiShapeError(`${API}/account answered something that is not an account`);
  const { name, currency, currentUserId, groups, taskTypes } = account.item;
  // Another user sees other deals: "changed since" only holds for the user of the last read.
  const since = ctx.since !== null && currentUserId !== null && ctx.since.userId === currentUserId ? ctx.since.at : null;

  const pipelineList = embeddedList(await fetchJson(`${API}/leads/pipelines`), 'pipelines', `${API}/leads/pipelines`);
  const pipelines: PipelineFields[] = [];
  const stages: StageFields[] = [];
  pipelineList.forEach((json, i) => {
    const mapped = mapPipeline(json, i);
    problems.push(...mapped.problems);
    if (mapped.item) {
      pipelines.push(mapped.item.pipeline);
      stages.push(...mapped.item.stages);
    }
  });
  const stageKinds = new Map(stages.map((s) => [s.crmId, s.kind]));

  const changedSince: Query = since === null ? [] : [['filter[updated_at][from]', unix(since - SINCE_MARGIN_MS)]];
  const leadJson = await readPages(fetchJson, `${API}/leads`, 'leads', [['with', 'loss_reason,contacts'], ...changedSince], problems);
  const leads = mapAll(leadJson, (json) => mapLead(json, { origin, currency, stageKinds }));
  problems.push(...leads.problems);
  const deals = leads.items;

  // Everything below is secondary: if it fails, the deals still count.
  let managers: ManagerFields[] = [];
  try {
    const users = mapAll(await readPages(fetchJson, `${API}/users`, 'users', [], problems), (json) => mapUser(json, groups));
    managers = users.items;
    problems.push(...users.problems);
  } catch (error) {
    problems.push({ code: 'users-unavailable', message: `${CRM}: could not read the users (${describe(error)}; the list needs account admin rights); managers' names are missing` });
    const globals = ctx.pageGlobals;
    if (currentUserId !== null && globals?.userId === currentUserId && globals.userName !== undefined) {
      managers = [{ crmId: currentUserId, name: globals.userName, title: null, active: true }];
    }
  }

  await addClients(fetchJson, leadJson, deals, problems);
  await addStageEntry(fetchJson, now, since, deals, problems);

  let tasks: TaskFields[] = [];
  try {
    const taskJson =
      since === null
        ? [
            ...(await readPages(fetchJson, `${API}/tasks`, 'tasks', [['filter[is_completed]', '0']], problems)),
            ...(await readPages(fetchJson, `${API}/tasks`, 'tasks', [['filter[is_completed]', '1'], ['filter[updated_at][from]', unix(activityFrom(now, null))]], problems)),
          ]
        : await readPages(fetchJson, `${API}/tasks`, 'tasks', changedSince, problems);
    const mapped = mapAll(taskJson, (json) => mapTask(json, taskTypes));
    tasks = mapped.items;
    problems.push(...mapped.problems);
  } catch (error) {
    problems.push({ code: 'tasks-unavailable', message: `${CRM}: could not read tasks (${describe(error)}); deals and calls were read` });
  }

  const activities: ActivityFields[] = [];
  const callsFrom = activityFrom(now, since);
  for (const entity of NOTE_ENTITIES) {
    try {
      const query: Query = [
        ['filter[note_type][]', 'call_in'],
        ['filter[note_type][]', 'call_out'],
        ['filter[updated_at][from]', unix(callsFrom)],
      ];
      const mapped = mapAll(await readPages(fetchJson, `${API}/${entity}/notes`, 'notes', query, problems), (json) => mapCallNote(json, entity));
      activities.push(...mapped.items);
      problems.push(...mapped.problems);
    } catch (error) {
      problems.push({ code: 'calls-unavailable', message: `${CRM}: could not read the calls noted on ${entity} (${describe(error)}); those calls are missing` });
    }
  }

  const noBudget = deals.filter((d) => d.amount === null);
  if (noBudget.length > 0) {
    problems.push({
      code: 'amount-missing',
      message: `${CRM}: ${noBudget.length} deals without a budget ("price" empty or 0), e.g. ${noBudget.slice(0, 3).map((d) => d.crmId).join(', ')}; they count as deals but add nothing to sums`,
      field: 'price',
    });
  }

  return {
    crm: 'amocrm',
    account: origin,
    accountName: name,
    currency,
    readAt: now.getTime(),
    source: 'api',
    currentUserId,
    managers,
    pipelines,
    stages,
    deals,
    tasks,
    activities,
    problems: limitProblems(problems),
  };
}

/** The client of each deal: its company's name, else its main contact's. */
async function addClients(fetchJson: FetchJson, leadJson: readonly unknown[], deals: DealFields[], problems: Problem[]): Promise<void> {
  const links = new Map(leadJson.map(leadLinks).flatMap((l) => (l.leadId === null ? [] : [[l.leadId, l] as const])));
  const companyIds = new Set<string>();
  const contactIds = new Set<string>();
  for (const deal of deals) {
    const link = links.get(deal.crmId);
    if (link?.companyId) companyIds.add(link.companyId);
    else if (link?.contactId) contactIds.add(link.contactId);
  }
  const names = async (entity: 'companies' | 'contacts', ids: ReadonlySet<string>): Promise<Map<string, string>> => {
    if (ids.size === 0) return new Map();
    try {
      return await namesById(fetchJson, entity, [...ids], problems);
    } catch (error) {
      problems.push({ code: 'clients-unavailable', message: `${CRM}: could not read the deals' ${entity} (${describe(error)}); ${ids.size} of them are missing as client names` });
      return new Map();
    }
  };
  const companies = await names('companies', companyIds);
  const contacts = await names('contacts', contactIds);
  for (const deal of deals) {
    const link = links.get(deal.crmId);
    const client = link?.companyId ? companies.get(link.companyId) : link?.contactId ? contacts.get(link.contactId) : undefined;
    deal.client = client ?? null;
  }
}

/**
 * Leads carry no "entered the stage at" field in API v4: it comes from `lead_status_changed` events. A full read
 * scans the history window; an incremental one asks only about the leads that changed (their old moves matter too).
 */
async function addStageEntry(fetchJson: FetchJson, now: Date, since: number | null, deals: DealFields[], problems: Problem[]): Promise<void> {
  const historyFrom = subDays(now, STAGE_HISTORY_DAYS).getTime();
  const openIds = deals.filter((d) => d.status === 'open').map((d) => d.crmId);
  let latest = new Map<string, StageChange>();
  let readFailed: string | null = null;
  try {
    // Few changed leads: ask about them; many (or a full read): one scan of the window is fewer requests.
    const byLead = since !== null && openIds.length <= EVENT_LEADS_PER_REQUEST * MAX_EVENT_LOOKUPS;
    if (!byLead) latest = stageEntryTimes(await readStageChanges(fetchJson, historyFrom, null, problems));
    else if (openIds.length > 0) latest = stageEntryTimes(await readStageChanges(fetchJson, historyFrom, openIds, problems));
  } catch (error) {
    readFailed = describe(error);
  }
  let unknown = 0;
  for (const deal of deals) {
    deal.stageEnteredAt = stageEnteredAt(deal, latest.get(deal.crmId), readFailed === null ? historyFrom : null);
    if (deal.status === 'open' && deal.stageEnteredAt === null) unknown += 1;
  }
  if (readFailed !== null) {
    problems.push({ code: 'stage-history-unavailable', message: `${CRM}: could not read stage changes (${readFailed}); ${unknown} open deals have no stage-entry date and cannot be checked for stalling`, field: 'stageEnteredAt' });
  } else if (unknown > 0) {
    problems.push({
      code: 'stage-date-unknown',
      message: `${CRM}: ${unknown} open deals have not changed stage since ${day(historyFrom)} (stage history is read ${STAGE_HISTORY_DAYS} days back); when they entered their stage is unknown, they have been there at least that long`,
      field: 'stageEnteredAt',
    });
  }
}

// ---------------------------------------------------------------- the pipeline board (fallback)

export interface BoardOptions {
  /** The board's URL: `/leads/pipeline/<id>/` names the pipeline, `filter[main_user][]=<id>` the one responsible user shown. */
  url?: URL;
  /** Used for amounts that show no currency. */
  currency?: string;
}

export interface BoardRead extends ReadResult<DealFields> {
  /** The board's columns as stages (the unsorted "Неразобранное" column excluded). */
  stages: StageFields[];
  pipelineId: string | null;
}

/** `/leads/pipeline/123/` → "123". */
export function pipelineIdFromUrl(url: URL | undefined): string | null {
  return /\/leads\/pipeline\/(\d+)/.exec(url?.pathname ?? '')?.[1] ?? null;
}

/** The one responsible user a board is filtered to ("Мои сделки" and the user filter), else null. */
export function mainUserFromUrl(url: URL | undefined): string | null {
  if (!url) return null;
  const users = [...url.searchParams.getAll('filter[main_user][]'), ...url.searchParams.getAll('filter[main_user]')].flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => /^\d+$/.test(v));
  const distinct = [...new Set(users)];
  return distinct.length === 1 ? (distinct[0] ?? null) : null;
}

function statusIdOfColumn(column: Element): string | null {
  const fromList = first(column, SELECTORS.columnList)?.getAttribute('data-id');
  if (fromList && /^\d+$/.test(fromList)) return fromList;
  const head = first(column, SELECTORS.columnHead);
  const fromHead = head?.getAttribute('data-id') ?? /^status_id_(\d+)$/.exec(head?.id ?? '')?.[1];
  if (fromHead && /^\d+$/.test(fromHead)) return fromHead;
  for (const name of column.classList) {
    const match = /^pipeline_cell-(\d+)$/.exec(name);
    if (match?.[1]) return match[1];
  }
  return null;
}

type MoneyRead = { amount: number | null; currency: string | null } | 'missing' | 'unreadable';

/** The budget on a card: the classic price element, else a field of the tile that reads as money with a currency. */
function priceOf(card: Element): MoneyRead {
  const priceEl = first(card, SELECTORS.price);
  if (priceEl) {
    const attr = numberOf(priceEl.getAttribute('data-price'));
    const money = parseMoney(text(priceEl));
    if (money === null && attr === null) return 'unreadable';
    const value = attr ?? money?.value ?? null;
    return { amount: value === 0 ? null : value, currency: money?.currency ?? null };
  }
  for (const field of card.querySelectorAll(SELECTORS.priceFields.join(', '))) {
    const money = parseMoney(text(field));
    if (money?.currency) return { amount: money.value === 0 ? null : money.value, currency: money.currency };
  }
  return 'missing';
}

class GroupedProblems {
  private readonly groups = new Map<string, { what: string; field: string; selectors: SelectorList; ids: string[] }>();
  add(code: string, what: string, field: string, selectors: SelectorList, cardId: string): void {
    const group = this.groups.get(code) ?? { what, field, selectors, ids: [] };
    group.ids.push(cardId);
    this.groups.set(code, group);
  }
  count(code: string): number {
    return this.groups.get(code)?.ids.length ?? 0;
  }
  list(): Problem[] {
    return [...this.groups].map(([code, { what, field, selectors, ids }]) => ({
      code,
      message: `${CRM} board: ${ids.length} ${ids.length === 1 ? 'card' : 'cards'} ${what} (${ids.length === 1 ? 'card' : 'e.g. cards'} ${ids.slice(0, 5).join(', ')})`,
      ...(ids.length === 1 && ids[0] !== undefined ? { itemId: ids[0] } : {}),
      field,
      selector: selectors.join(', '),
    }));
  }
}

/**
 * Reads the cards of an amoCRM pipeline board (`/leads/pipeline/<id>/`). Cards show no responsible user, so the
 * owner is known only when the board is filtered to one user (`filter[main_user][]`); cards show no stage date.
 */
export function readBoard(root: ParentNode, now: Date, origin: string, options: BoardOptions = {}): BoardRead {
  const items: DealFields[] = [];
  const problems: Problem[] = [];
  const grouped = new GroupedProblems();
  const pipelineId = pipelineIdFromUrl(options.url) ?? first(root, SELECTORS.pipelineHolder)?.getAttribute('data-pipeline-id') ?? null;
  const ownerId = mainUserFromUrl(options.url);

  const stageOfColumn = new Map<Element, StageFields>();
  const stages: StageFields[] = [];
  all(root, SELECTORS.column).forEach((column) => {
    if (SELECTORS.unsortedColumn.some((s) => column.matches(s))) return;
    const statusId = statusIdOfColumn(column);
    if (statusId === null) return;
    const titleEl = first(column, SELECTORS.columnTitle);
    const name = (titleEl?.getAttribute('title') ?? '').trim() || text(titleEl) || statusId;
    const stage = fit.stage({ crmId: statusId, pipelineId: pipelineId ?? '', name, order: stages.length, kind: stageKindOf(statusId) });
    stageOfColumn.set(column, stage);
    if (pipelineId !== null) stages.push(stage);
  });

  const seenIds = new Set<string>();
  for (const card of all(root, SELECTORS.card)) {
    if (SELECTORS.unsortedCard.some((s) => card.matches(s))) continue;
    const crmId = card.getAttribute('data-id')?.trim() ?? '';
    if (!/^\d+$/.test(crmId) || seenIds.has(crmId)) continue;
    seenIds.add(crmId);

    const titleEl = first(card, SELECTORS.title);
    const title = (titleEl?.getAttribute('title') ?? '').trim() || text(titleEl);
    if (title === '') {
      grouped.add('layout-changed', 'skipped: no title found', 'title', SELECTORS.title, crmId);
      continue;
    }
    const column = closest(card, SELECTORS.column);
    const stage = column ? stageOfColumn.get(column) : undefined;
    if (!stage) {
      grouped.add('stage-unknown', 'skipped: no stage column with a status id around them', 'stageId', SELECTORS.column, crmId);
      continue;
    }
    if (pipelineId === null) {
      grouped.add('pipeline-unknown', 'skipped: the page does not say which pipeline it shows (open /leads/pipeline/<id>/)', 'pipelineId', SELECTORS.pipelineHolder, crmId);
      continue;
    }
    if (ownerId === null) {
      grouped.add('owner-unknown', 'skipped: amoCRM cards do not show the responsible user; filter the board to one user (e.g. «Мои сделки») to read it', 'ownerId', ['filter[main_user][]'], crmId);
      continue;
    }
    const dateText = text(first(card, SELECTORS.date));
    const created = dateText === '' ? null : parseDateTime(dateText, now);
    if (created === null) {
      grouped.add('date-unreadable', `skipped: no readable date on the card (seen ${seen(dateText)})`, 'createdAt', SELECTORS.date, crmId);
      continue;
    }
    const createdAt = created.getTime();

    let amount: number | null = null;
    let currency = options.currency ?? 'RUB';
    const price = priceOf(card);
    if (price === 'missing') {
      grouped.add('amount-missing', 'without amount', 'amount', [...SELECTORS.price, ...SELECTORS.priceFields], crmId);
    } else if (price === 'unreadable') {
      grouped.add('amount-unreadable', 'with an amount that is not a number', 'amount', SELECTORS.price, crmId);
    } else {
      amount = price.amount;
      currency = price.currency ?? currency;
      if (amount === null) grouped.add('amount-missing', 'without amount', 'amount', SELECTORS.price, crmId);
    }

    const url = sameOriginLink(titleEl?.getAttribute('href'), origin)?.href ?? `${origin}/leads/detail/${pathSegment(crmId)}`;
    const company = text(first(card, SELECTORS.company));
    const linked = text(first(card, SELECTORS.linked)).replace(/,\s*$/, '');
    const reasonEl = first(card, SELECTORS.lossReason);
    const reason = (reasonEl?.getAttribute('title') ?? '').trim() || text(reasonEl);
    items.push(fit.deal({
      crmId,
      title,
      amount,
      currency,
      pipelineId,
      stageId: stage.crmId,
      status: stage.kind,
      ownerId,
      createdAt,
      // The board shows no stage date; reported once below.
      stageEnteredAt: null,
      // The page does not say when the deal last changed: its creation is the latest change we know of,
      // so a page read never overwrites a fresher API read.
      updatedAt: createdAt,
      closedAt: null,
      lossReason: stage.kind === 'lost' && reason !== '' ? reason : null,
      client: company || linked || null,
      nextTaskAt: null,
      url,
    }));
  }
  problems.push(...grouped.list());
  const openCards = items.filter((d) => d.status === 'open').length;
  if (openCards > 0) {
    problems.push({ code: 'stage-date-unknown', message: `${CRM} board: the board shows no stage dates; ${openCards} open deals read from it cannot be checked for stalling`, field: 'stageEnteredAt' });
  }
  return { items, problems, stages, pipelineId };
}

function readPage(ctx: ReadContext, reason: string): Snapshot {
  const origin = ctx.url.origin;
  const globals = ctx.pageGlobals;
  const board = readBoard(ctx.document, ctx.now, origin, { url: ctx.url, ...(globals?.currency ? { currency: globals.currency } : {}) });
  const currencies = new Set(board.items.filter((d) => d.amount !== null).map((d) => d.currency));
  const currency = globals?.currency ?? (currencies.size === 1 ? [...currencies][0] : undefined) ?? 'RUB';
  const problems: Problem[] = [
    {
      code: 'api-unavailable',
      message: `${CRM}: API unavailable (${reason}), read ${board.items.length} cards from the page ${ctx.url.pathname} (only the cards the board has loaded); tasks and calls were not read`,
    },
    ...board.problems,
  ];
  if (!globals?.currency && currencies.size !== 1) {
    problems.push({ code: 'currency-unknown', message: `${CRM}: the page did not tell the account's currency; assumed RUB`, field: 'currency' });
  }
  const userId = globals?.userId ?? null;
  return {
    crm: 'amocrm',
    account: origin,
    accountName: ctx.url.hostname.split('.')[0] ?? ctx.url.hostname,
    currency,
    readAt: ctx.now.getTime(),
    source: 'page',
    currentUserId: userId,
    managers: userId !== null && globals?.userName ? [{ crmId: userId, name: globals.userName, title: null, active: true }] : [],
    pipelines: [],
    stages: board.stages,
    deals: board.items,
    tasks: [],
    activities: [],
    problems: limitProblems(problems),
  };
}

// ---------------------------------------------------------------- the adapter


export const amocrmAdapter: CrmAdapter = {
  crm: 'amocrm',
  label: CRM,
  matches: isAmocrmHost,
  readPageGlobals,
  async read(ctx: ReadContext): Promise<Snapshot> {
    try {
      return await readApi(ctx);
    } catch (error) {
      return readPage(ctx, describe(error));
    }
  },
  cardIndex: (root: ParentNode) => indexCards(root, SELECTORS.card, 'data-id'),
};
