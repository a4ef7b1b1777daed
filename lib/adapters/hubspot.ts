// Adapter for HubSpot (app.hubspot.com, app-<region>.hubspot.com): the app's own /api/crm/v3 JSON with the session and CSRF header first, the deals board as the fallback.
import { parseISO, startOfWeek, subWeeks } from 'date-fns';
import type {
  ActivityFields,
  CallDirection,
  DealFields,
  DealStatus,
  ManagerFields,
  PipelineFields,
  Problem,
  Snapshot,
  StageFields,
  StageKind,
  TaskFields,
  TaskType,
} from '../model';
import { parseMoney } from '../parse';
import {
  all,
  asObject,
  booleanOf,
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
  type Json,
  type Mapped,
  type SelectorList, clip, nonEmpty, cookieValue, httpStatusOf, pathSegment, timeFault, timeIn, type TimeFormat, condenseProblems as condense } from './kit';
import type { CrmAdapter, FetchJson, PageGlobals, ReadContext } from './types';

const CRM = 'HubSpot';
/** Largest page of the v3 list endpoints; the search endpoint allows 200, we keep one size. */
export const PAGE_LIMIT = 100;
/** HubSpot's search endpoint pages through at most 10 000 results. */
const SEARCH_CAP = 10_000;
/** Safety stop for list endpoints: 300 pages of 100. */
const MAX_PAGES = 300;
/** Association batch reads, ids per request. */
const ASSOCIATION_BATCH = 100;
const SINCE_MARGIN_MS = 5 * 60 * 1000;
const PROBLEMS_PER_KIND = 20;
const MAX_PROBLEMS = 480;
export const CSRF_COOKIE = 'hubspotapi-csrf';
export const CSRF_HEADER = 'X-HubSpot-CSRF-hubspotapi';

export const SELECTORS = {
  // HubSpot's object board ("CDB"): data-test-id attributes are what HubSpot's own tests and several extensions rely on.
  column: ['[data-test-id^="framework-data-column-"]', '[data-test-id="cdb-column"]'],
  columnName: ['[data-test-id="cdb-column-name"]'],
  columnBody: ['[data-rbd-droppable-id]', '[data-droppable-id]', '[data-test-id="cdb-column-body"]'],
  card: ['[data-test-id="cdb-column-item"]', '[data-test-id="cdbc-card"]', '[data-rbd-draggable-id]'],
  cardLink: ['a[data-test-id="cdbc-title"]', 'a[href*="/record/0-3/"]', 'a[href*="/objects/0-3/record/"]'],
  cardTitle: ['[data-test-id="cdbc-title"]', 'a[href*="/record/0-3/"]'],
  cardProperty: ['[data-test-id^="cdbc-property-"]:not([data-test-id="cdbc-property-value"]):not([data-test-id="cdbc-property-label"])'],
  cardPropertyValue: ['[data-test-id="cdbc-property-value"]'],
  /** An owner id on the card; the board shows the owner's name only, so none is known today. */
  cardOwner: ['[data-owner-id]', '[data-test-owner-id]'],
} as const;

const CLOSED_WON = 'closedwon';
const CLOSED_LOST = 'closedlost';

/** HubSpot's default call outcomes (hs_call_disposition holds their GUIDs); a portal's own outcomes stay as their GUID. */
export const CALL_OUTCOMES: ReadonlyMap<string, string> = new Map([
  ['9d9162e7-6cf3-4944-bf63-4dff82258764', 'Busy'],
  ['f240bbac-87c9-4f6e-bf70-924b57d47db7', 'Connected'],
  ['a4c4c377-d246-4b32-a13b-75a56a4cd0ff', 'Left live message'],
  ['b2cf5968-551e-4856-9783-52b3da59a7d0', 'Left voicemail'],
  ['73a0d17f-1163-4015-bdd5-ec830791da20', 'No answer'],
  ['17b47fee-58de-441e-a44c-c6300d46f273', 'Wrong number'],
]);

export const BASE_DEAL_PROPERTIES = [
  'dealname',
  'amount',
  'dealstage',
  'pipeline',
  'hubspot_owner_id',
  'createdate',
  'hs_lastmodifieddate',
  'closedate',
  'hs_is_closed_won',
  'hs_is_closed',
  'closed_lost_reason',
  'deal_currency_code',
  'notes_next_activity_date',
  'hs_v2_date_entered_current_stage',
] as const;
const CALL_PROPERTIES = ['hs_timestamp', 'hs_call_duration', 'hs_call_direction', 'hs_call_disposition', 'hs_call_status', 'hubspot_owner_id'];
const MEETING_PROPERTIES = ['hs_timestamp', 'hs_meeting_start_time', 'hs_meeting_end_time', 'hs_meeting_outcome', 'hs_meeting_title', 'hubspot_owner_id'];
const TASK_PROPERTIES = ['hs_timestamp', 'hs_task_subject', 'hs_task_status', 'hs_task_type', 'hs_task_completion_date', 'hubspot_owner_id'];

/** Deal properties to ask for: the fixed ones plus "date entered" of every stage (legacy and v2 names). */
export function dealProperties(stageIds: readonly string[]): string[] {
  return [...BASE_DEAL_PROPERTIES, ...stageIds.flatMap((id) => [`hs_date_entered_${id}`, `hs_v2_date_entered_${id}`])];
}

// ---------------------------------------------------------------- values as HubSpot writes them

/** "2026-11-25T08:30:00.000Z", "2026-11-25" (UTC midnight) or epoch-ms text. */
const HUBSPOT_TIME: TimeFormat = {
  name: 'a date',
  parse(value) {
    if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value) : null;
    if (typeof value !== 'string') return null;
    const s = value.trim();
    if (/^\d{11,14}$/.test(s)) return Number(s);
    const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.exec(s);
    if (!m) return null;
    const ms = parseISO(m[2] === undefined ? `${m[1]}T00:00:00Z` : s).getTime();
    return Number.isFinite(ms) ? ms : null;
  },
};

/** A HubSpot time within 2000..2100 → epoch ms; null otherwise. */
export function hubspotTime(value: unknown): number | null {
  return timeIn(HUBSPOT_TIME, value);
}

function isoCurrency(value: unknown): string | null {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  return /^[A-Z]{3}$/.test(code) ? code : null;
}

/** Reads one v3 object `{ id, properties: {...}, createdAt, updatedAt, associations? }`: problems name the property. */
class PropertyReader {
  readonly r: RecordReader;
  readonly p: Json;
  constructor(obj: Json, entity: string) {
    this.r = new RecordReader(CRM, obj, entity);
    this.p = asObject(obj.properties) ?? {};
  }
  private field(name: string, why: string, value: unknown, required: boolean): null {
    const problem: Problem = {
      code: isAbsent(value) ? 'field-missing' : 'field-invalid',
      message: required
        ? `${CRM}: ${this.r.entity} ${this.r.id ?? '(without id)'} skipped: property "${name}" ${why} (seen ${seen(value)})`
        : `${CRM}: ${this.r.entity} ${this.r.id ?? '(without id)'}: property "${name}" ${why} (seen ${seen(value)}); kept the record without it`,
      ...(this.r.id === null ? {} : { itemId: this.r.id }),
      field: name,
    };
    this.r.problems.push(problem);
    return null;
  }
  requiredId(name: string): string | null {
    const value = this.p[name];
    return idOf(value) ?? this.field(name, isAbsent(value) ? 'is empty' : 'is not an id', value, true);
  }
  requiredTime(name: string): number | null {
    const value = this.p[name];
    return hubspotTime(value) ?? this.field(name, isAbsent(value) ? 'is empty' : timeFault(value, HUBSPOT_TIME), value, true);
  }
  optionalTime(name: string): number | null {
    const value = this.p[name];
    if (isAbsent(value)) return null;
    return hubspotTime(value) ?? this.field(name, timeFault(value, HUBSPOT_TIME), value, false);
  }
  optionalNumber(name: string): number | null {
    const value = this.p[name];
    if (isAbsent(value)) return null;
    return numberOf(value) ?? this.field(name, 'is not a number', value, false);
  }
  optionalString(name: string): string | null {
    return nonEmpty(this.p[name]);
  }
}

/** The first deal an object is associated with, from `associations.deals.results` (list answers) if present. */
function embeddedDealId(obj: Json): string | null {
  const results = asObject(asObject(obj.associations)?.deals)?.results;
  return Array.isArray(results) ? idOf(asObject(results[0])?.id ?? asObject(results[0])?.toObjectId) : null;
}

// ---------------------------------------------------------------- mapping: API JSON → model

/** An owner of /crm/v3/owners. The owner `id` is what deals carry in hubspot_owner_id; `userId` is the login. */
export function mapOwner(json: unknown): Mapped<ManagerFields & { userId: string | null; email: string | null }> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'owner', json);
  const r = new RecordReader(CRM, obj, 'owner');
  const crmId = r.requiredId('id');
  if (crmId === null) return skipped(r);
  const name = [nonEmpty(obj.firstName), nonEmpty(obj.lastName)].filter((s) => s !== null).join(' ') || nonEmpty(obj.email) || `Owner ${crmId}`;
  const teams = Array.isArray(obj.teams) ? obj.teams.map(asObject) : [];
  const team = nonEmpty((teams.find((t) => t?.primary === true) ?? teams[0] ?? null)?.name);
  return done(r, {
    crmId,
    name: clip(name, 300),
    title: team === null ? null : clip(team, 300),
    active: booleanOf(obj.archived) !== true,
    userId: idOf(obj.userId),
    email: nonEmpty(obj.email)?.toLowerCase() ?? null,
  });
}

/** A closed stage is won at probability 1 and lost at 0 (stage metadata comes as text: isClosed "true", probability "1.0"). */
export function stageKindOf(metadata: unknown): StageKind | null {
  const meta = asObject(metadata);
  const isClosed = booleanOf(meta?.isClosed);
  const probability = numberOf(meta?.probability);
  if (isClosed === false) return 'open';
  if (isClosed === true && probability === 1) return 'won';
  if (isClosed === true && probability === 0) return 'lost';
  return null;
}

export function mapPipeline(json: unknown, index: number): Mapped<{ pipeline: PipelineFields; stages: StageFields[] }> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'pipeline', json);
  const r = new RecordReader(CRM, obj, 'pipeline');
  const crmId = r.requiredId('id');
  const label = r.requiredString('label');
  if (crmId === null || label === null) return skipped(r);
  const problems = [...r.problems];
  const stages: StageFields[] = [];
  if (!Array.isArray(obj.stages)) {
    problems.push({ code: 'field-missing', message: `${CRM}: pipeline ${crmId} has no "stages" list (seen ${seen(obj.stages)})`, itemId: crmId, field: 'stages' });
  } else {
    obj.stages.forEach((json, i) => {
      const stage = asObject(json);
      if (!stage) {
        problems.push(...notAnObject(CRM, 'stage', json).problems);
        return;
      }
      const sr = new RecordReader(CRM, stage, 'stage');
      const stageId = sr.requiredId('id');
      const name = sr.requiredString('label');
      const kind = stageKindOf(stage.metadata) ?? sr.skip('metadata', 'does not tell open, won (closed, probability 1) or lost (closed, probability 0)', stage.metadata);
      problems.push(...sr.problems);
      if (stageId === null || name === null || kind === null || stage.archived === true) return;
      stages.push({ crmId: stageId, pipelineId: crmId, name: clip(name, 300), order: sr.optionalNumber('displayOrder') ?? i, kind });
    });
  }
  return { item: { pipeline: { crmId, name: clip(label, 300), order: r.optionalNumber('displayOrder') ?? index }, stages }, problems };
}

export interface DealContext {
  /** The page's origin (app.hubspot.com or app-eu1.hubspot.com), for deal links. */
  origin: string;
  portalId: string;
  currency: string;
  /** Stage id → kind, from the pipelines. */
  stageKinds: ReadonlyMap<string, StageKind>;
}

/** One deal of /crm/v3/objects/deals (list or search): its properties are text, dates ISO, flags "true"/"false". */
export function mapDeal(json: unknown, ctx: DealContext): Mapped<DealFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'deal', json);
  const d = new PropertyReader(obj, 'deal');
  const { r } = d;
  const crmId = r.requiredId('id');
  const pipelineId = d.requiredId('pipeline');
  const stageId = d.requiredId('dealstage');
  const ownerId = d.requiredId('hubspot_owner_id');
  // The createdate property, else the record's own createdAt (the same moment, kept by HubSpot itself).
  let createdAt = hubspotTime(d.p.createdate);
  if (createdAt === null) {
    createdAt = hubspotTime(obj.createdAt);
    if (createdAt === null) d.requiredTime('createdate');
    else if (!isAbsent(d.p.createdate)) d.optionalTime('createdate');
  }
  if (crmId === null || pipelineId === null || stageId === null || ownerId === null || createdAt === null) return skipped(r);

  // The deal's own flags decide; the stage's kind stands in when they are absent.
  const won = booleanOf(d.p.hs_is_closed_won);
  const closed = booleanOf(d.p.hs_is_closed);
  const stageKind = ctx.stageKinds.get(stageId);
  const status: DealStatus | null = won === true ? 'won' : closed === true ? 'lost' : closed === false ? 'open' : (stageKind ?? null);
  if (stageKind === undefined) {
    r.problems.push({ code: 'stage-unknown', message: `${CRM}: deal ${crmId}: its stage "${stageId}" is in no pipeline the API listed`, itemId: crmId, field: 'dealstage' });
  }
  if (status === null) {
    r.problems.push({ code: 'field-missing', message: `${CRM}: deal ${crmId} skipped: neither hs_is_closed nor its stage tells whether it is open, won or lost`, itemId: crmId, field: 'hs_is_closed' });
    return skipped(r);
  }

  const title = d.optionalString('dealname');
  if (title === null) r.warn('dealname', 'is empty', d.p.dealname);
  const amount = d.optionalNumber('amount');
  const currency = isoCurrency(d.p.deal_currency_code) ?? ctx.currency;
  const stageEnteredAt = d.optionalTime('hs_v2_date_entered_current_stage') ?? d.optionalTime(`hs_v2_date_entered_${stageId}`) ?? d.optionalTime(`hs_date_entered_${stageId}`);
  const updatedAt = hubspotTime(d.p.hs_lastmodifieddate) ?? hubspotTime(obj.updatedAt) ?? createdAt;
  const lossReason = status === 'lost' ? d.optionalString('closed_lost_reason') : null;
  return done(r, {
    crmId,
    title: clip(title ?? `${CRM} deal ${crmId}`, 1000),
    amount,
    currency,
    pipelineId,
    stageId,
    status,
    ownerId,
    createdAt,
    stageEnteredAt,
    updatedAt,
    closedAt: status === 'open' ? null : d.optionalTime('closedate'),
    lossReason: lossReason === null ? null : clip(lossReason, 1000),
    client: null,
    nextTaskAt: d.optionalTime('notes_next_activity_date'),
    url: `${ctx.origin}/contacts/${pathSegment(ctx.portalId)}/record/0-3/${pathSegment(crmId)}`,
  });
}

// Lookups keyed by CRM text are Maps: a value like "constructor" must not find Object.prototype.
const DIRECTIONS: ReadonlyMap<string, CallDirection> = new Map([['INBOUND', 'in'], ['OUTBOUND', 'out']]);

/** A call engagement: hs_timestamp, hs_call_duration in milliseconds, INBOUND/OUTBOUND, an outcome GUID. */
export function mapCall(json: unknown, dealId: string | null = null): Mapped<ActivityFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'call', json);
  const d = new PropertyReader(obj, 'call');
  const crmId = d.r.requiredId('id');
  const at = d.requiredTime('hs_timestamp');
  const ownerId = d.requiredId('hubspot_owner_id');
  if (crmId === null || at === null || ownerId === null) return skipped(d.r);
  let durationMs = d.optionalNumber('hs_call_duration');
  if (durationMs !== null && durationMs < 0) {
    d.r.warn('hs_call_duration', 'is negative', d.p.hs_call_duration);
    durationMs = null;
  }
  const direction = d.optionalString('hs_call_direction');
  const disposition = d.optionalString('hs_call_disposition');
  return done(d.r, {
    crmId,
    type: 'call',
    at,
    ownerId,
    dealId: dealId ?? embeddedDealId(obj),
    durationSec: durationMs === null ? null : Math.round(durationMs / 1000),
    direction: direction === null ? null : (DIRECTIONS.get(direction.toUpperCase()) ?? null),
    outcome: disposition === null ? null : clip(CALL_OUTCOMES.get(disposition) ?? disposition, 300),
  });
}

/** Outcomes after which a meeting did not take place. */
const MEETING_NOT_HELD = new Set(['CANCELED', 'CANCELLED', 'NO_SHOW', 'RESCHEDULED']);

/** A meeting that took place (started by `now`, not cancelled); null item without problems for one that did not. */
export function mapMeeting(json: unknown, now: Date, dealId: string | null = null): Mapped<ActivityFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'meeting', json);
  const d = new PropertyReader(obj, 'meeting');
  const crmId = d.r.requiredId('id');
  const at = d.optionalTime('hs_meeting_start_time') ?? d.requiredTime('hs_timestamp');
  const ownerId = d.requiredId('hubspot_owner_id');
  if (crmId === null || at === null || ownerId === null) return skipped(d.r);
  const outcome = d.optionalString('hs_meeting_outcome');
  if (at > now.getTime() || (outcome !== null && MEETING_NOT_HELD.has(outcome.toUpperCase()))) return { item: null, problems: d.r.problems };
  const end = d.optionalTime('hs_meeting_end_time');
  return done(d.r, {
    crmId,
    type: 'meeting',
    at,
    ownerId,
    dealId: dealId ?? embeddedDealId(obj),
    durationSec: end !== null && end >= at ? Math.round((end - at) / 1000) : null,
    direction: null,
    outcome: outcome === null ? null : clip(outcome, 300),
  });
}

const TASK_TYPES: ReadonlyMap<string, TaskType> = new Map([['CALL', 'call'], ['EMAIL', 'email'], ['MEETING', 'meeting']]);

/** A task: hs_task_type CALL/EMAIL/TODO/…, due at hs_timestamp, done when hs_task_status is COMPLETED. */
export function mapTask(json: unknown, dealId: string | null = null): Mapped<TaskFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'task', json);
  const d = new PropertyReader(obj, 'task');
  const crmId = d.r.requiredId('id');
  const dueAt = d.requiredTime('hs_timestamp');
  const ownerId = d.requiredId('hubspot_owner_id');
  if (crmId === null || dueAt === null || ownerId === null) return skipped(d.r);
  const status = d.optionalString('hs_task_status');
  if (status === null) d.r.warn('hs_task_status', 'is empty; taken as not done', d.p.hs_task_status);
  const isDone = status?.toUpperCase() === 'COMPLETED';
  return done(d.r, {
    crmId,
    type: TASK_TYPES.get((d.optionalString('hs_task_type') ?? '').toUpperCase()) ?? 'other',
    text: clip(d.optionalString('hs_task_subject') ?? '', 2000),
    dueAt,
    done: isDone,
    doneAt: isDone ? d.optionalTime('hs_task_completion_date') : null,
    ownerId,
    dealId: dealId ?? embeddedDealId(obj),
  });
}

// ---------------------------------------------------------------- reading the API

class ApiShapeError extends Error {}
class NotReadable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = httpStatusOf(error);
  return status === 401 || status === 403 ? `${message}: signed out, or no access to this portal?` : message;
}

/** The portal (hub) id in the app's paths: /contacts/<portalId>/…, /sales/<portalId>/…, /reports-dashboard/<portalId>/… */
export function portalIdFrom(pathname: string): string | null {
  return /^\/[^/]+\/(\d{1,12})(?:[/?#]|$)/.exec(pathname)?.[1] ?? null;
}

interface Api {
  fetchJson: FetchJson;
  portalId: string;
  csrf: string;
}

function apiPath(api: Api, path: string, params: Record<string, string> = {}): string {
  return `/api/${path}?${new URLSearchParams({ portalId: api.portalId, ...params }).toString()}`;
}

function apiGet(api: Api, path: string, params: Record<string, string> = {}): Promise<unknown> {
  return api.fetchJson(apiPath(api, path, params), { headers: { [CSRF_HEADER]: api.csrf } });
}

function apiPost(api: Api, path: string, body: unknown): Promise<unknown> {
  return api.fetchJson(apiPath(api, path), { method: 'POST', body, headers: { [CSRF_HEADER]: api.csrf } });
}

function resultsOf(body: unknown, path: string): unknown[] {
  const results = asObject(body)?.results;
  if (!Array.isArray(results)) throw new ApiShapeError(`/api/${path} answered without a "results" list (seen ${seen(body)})`);
  return results;
}

function nextAfter(body: unknown): string | null {
  return idOf(asObject(asObject(asObject(body)?.paging)?.next)?.after);
}

/** Every page of a v3 list endpoint, following `paging.next.after`. */
async function readListPages(api: Api, path: string, params: Record<string, string>, problems: Problem[]): Promise<unknown[]> {
  const items: unknown[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = await apiGet(api, path, { ...params, limit: String(PAGE_LIMIT), ...(after === null ? {} : { after }) });
    const list = resultsOf(body, path);
    items.push(...list);
    after = nextAfter(body);
    if (list.length === 0 || after === null) return items;
  }
  problems.push({ code: 'page-limit', message: `${CRM}: stopped reading /api/${path} after ${MAX_PAGES} pages of ${PAGE_LIMIT}; the rest was not read` });
  return items;
}

interface SearchRequest {
  filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; value?: string }> }>;
  properties: string[];
  sorts: Array<{ propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }>;
}

/** Every page of a search, up to HubSpot's 10 000 results; `total` tells whether that cap cut it. */
async function readSearchPages(api: Api, objectType: string, request: SearchRequest): Promise<{ items: unknown[]; total: number }> {
  const path = `crm/v3/objects/${objectType}/search`;
  const items: unknown[] = [];
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const body = await apiPost(api, path, { ...request, limit: PAGE_LIMIT, ...(after === null ? {} : { after }) });
    const list = resultsOf(body, path);
    items.push(...list);
    total = numberOf(asObject(body)?.total) ?? items.length;
    after = nextAfter(body);
    if (list.length === 0 || after === null || items.length >= SEARCH_CAP) return { items, total };
  }
}

/** Object id → first associated deal id, via the v4 associations batch read. */
async function dealLinks(api: Api, objectType: string, ids: readonly string[]): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (let i = 0; i < ids.length; i += ASSOCIATION_BATCH) {
    const path = `crm/v4/associations/${objectType}/deals/batch/read`;
    const body = await apiPost(api, path, { inputs: ids.slice(i, i + ASSOCIATION_BATCH).map((id) => ({ id })) });
    for (const result of resultsOf(body, path)) {
      const row = asObject(result);
      const from = idOf(asObject(row?.from)?.id);
      const to = Array.isArray(row?.to) ? row.to : [];
      const dealId = idOf(asObject(to[0])?.toObjectId ?? asObject(to[0])?.id);
      if (from !== null && dealId !== null) links.set(from, dealId);
    }
  }
  return links;
}

/** Calls and meetings are read from the start of the week 5 weeks ago. */
export function activityWindowStart(now: Date): Date {
  return startOfWeek(subWeeks(now, 5), { weekStartsOn: 1 });
}

/** Who is signed in: the page's globals if they say, else /api/login-verify (the app's session check). */
export function signedInUser(json: unknown): { userId: string | null; email: string | null } {
  const obj = asObject(json);
  const user = asObject(obj?.user) ?? obj;
  return {
    userId: idOf(user?.user_id) ?? idOf(user?.userId) ?? idOf(user?.id),
    email: nonEmpty(user?.email)?.toLowerCase() ?? null,
  };
}

function dealsWithoutAmount(deals: readonly DealFields[], who: string): Problem[] {
  const ids = deals.filter((d) => d.amount === null).map((d) => d.crmId);
  if (ids.length === 0) return [];
  return [{ code: 'amount-missing', message: `${who}: ${ids.length} deal${ids.length === 1 ? '' : 's'} without amount (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}); counted without a sum`, field: 'amount' }];
}

/** Keeps the first problems of each kind and one line for the rest (see kit.ts). */
export function condenseProblems(problems: readonly Problem[]): Problem[] {
  return condense(CRM, problems, { perKind: PROBLEMS_PER_KIND, max: MAX_PROBLEMS, fieldWord: 'property' });
}

async function readDealRecords(api: Api, properties: string[], since: number | null, problems: Problem[]): Promise<unknown[]> {
  if (since !== null) {
    const found = await readSearchPages(api, 'deals', {
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since - SINCE_MARGIN_MS) }] }],
      properties,
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
    });
    // Search stops at 10 000: more changes than that is a full read anyway.
    if (found.total <= SEARCH_CAP) return found.items;
  }
  return readListPages(api, 'crm/v3/objects/deals', { properties: properties.join(','), archived: 'false' }, problems);
}

/** Calls, meetings or tasks in the window (tasks: also every open one), newest first, with their deal links. */
async function readEngagements(
  api: Api,
  objectType: 'calls' | 'meetings' | 'tasks',
  properties: string[],
  from: number,
  since: number | null,
  problems: Problem[],
): Promise<Array<{ json: unknown; dealId: string | null }>> {
  const changed = since === null ? [] : [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since - SINCE_MARGIN_MS) }];
  const inWindow = { filters: [{ propertyName: 'hs_timestamp', operator: 'GTE', value: String(from) }, ...changed] };
  const stillOpen = { filters: [{ propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' }, ...changed] };
  const found = await readSearchPages(api, objectType, {
    filterGroups: objectType === 'tasks' ? [inWindow, stillOpen] : [inWindow],
    properties,
    sorts: [{ propertyName: 'hs_timestamp', direction: 'DESCENDING' }],
  });
  if (found.total > found.items.length) {
    problems.push({ code: 'page-limit', message: `${CRM}: ${found.total} ${objectType} match, HubSpot's search returns ${SEARCH_CAP}: the oldest ${found.total - found.items.length} were not read` });
  }
  const ids = found.items.flatMap((json) => {
    const id = idOf(asObject(json)?.id);
    return id === null ? [] : [id];
  });
  let links = new Map<string, string>();
  try {
    links = await dealLinks(api, objectType, ids);
  } catch (error) {
    problems.push({ code: 'deal-links-unavailable', message: `${CRM}: could not read which deals ${objectType} belong to (${describe(error)}); they were kept without a deal` });
  }
  return found.items.map((json) => {
    const id = idOf(asObject(json)?.id);
    return { json, dealId: id === null ? null : (links.get(id) ?? null) };
  });
}

function mapLinked<T>(found: ReadonlyArray<{ json: unknown; dealId: string | null }>, map: (json: unknown, dealId: string | null) => Mapped<T>) {
  const items: T[] = [];
  const problems: Problem[] = [];
  for (const { json, dealId } of found) {
    const mapped = map(json, dealId);
    problems.push(...mapped.problems);
    if (mapped.item !== null) items.push(mapped.item);
  }
  return { items, problems };
}

async function readApi(ctx: ReadContext): Promise<Snapshot> {
  const { now } = ctx;
  const origin = ctx.url.origin;
  const problems: Problem[] = [];

  const csrf = cookieValue(ctx.cookies, CSRF_COOKIE) ?? ctx.pageGlobals?.token ?? null;
  if (csrf === null) {
    throw new NotReadable('csrf-missing', `no "${CSRF_COOKIE}" cookie on the page, and every HubSpot API request must carry it as ${CSRF_HEADER}; reload the page or sign in again`);
  }
  const portalId = portalIdFrom(ctx.url.pathname) ?? idOf(ctx.pageGlobals?.accountId) ?? null;
  if (portalId === null) throw new NotReadable('portal-unknown', `the address ${ctx.url.pathname} names no portal (hub) id, and the page did not tell one`);
  const api: Api = { fetchJson: ctx.fetchJson, portalId, csrf };

  const owners = mapAll(await readListPages(api, 'crm/v3/owners', {}, problems), mapOwner);
  problems.push(...owners.problems);
  const pipelines: PipelineFields[] = [];
  const stages: StageFields[] = [];
  resultsOf(await apiGet(api, 'crm/v3/pipelines/deals'), 'crm/v3/pipelines/deals').forEach((json, i) => {
    const mapped = mapPipeline(json, i);
    problems.push(...mapped.problems);
    if (mapped.item) {
      pipelines.push(mapped.item.pipeline);
      stages.push(...mapped.item.stages);
    }
  });

  // The current user, as an owner id (the id deals carry).
  let user: { userId: string | null; email: string | null } = { userId: idOf(ctx.pageGlobals?.userId), email: null };
  if (user.userId === null) {
    try {
      user = signedInUser(await apiGet(api, 'login-verify'));
    } catch (error) {
      problems.push({ code: 'user-unknown', message: `${CRM}: could not ask who is signed in (${describe(error)})` });
    }
  }
  const me = owners.items.find((o) => user.userId !== null && o.userId === user.userId) ?? owners.items.find((o) => user.email !== null && o.email === user.email);
  const currentUserId = me?.crmId ?? null;
  if (currentUserId === null) {
    problems.push({ code: 'user-unknown', message: `${CRM}: the signed-in user (user ${user.userId ?? '?'}${user.email ? `, ${user.email}` : ''}) is not among the deal owners; "my" figures cannot be shown` });
  }
  const since = currentUserId !== null && ctx.since !== null && ctx.since.userId === currentUserId ? ctx.since.at : null;

  let currency = isoCurrency(ctx.pageGlobals?.currency);
  if (currency === null) {
    try {
      currency = isoCurrency(asObject(await apiGet(api, 'account-info/v3/details'))?.companyCurrency);
    } catch {
      // told below
    }
  }

  const stageKinds = new Map(stages.map((s) => [s.crmId, s.kind]));
  const dealJson = await readDealRecords(api, dealProperties(stages.map((s) => s.crmId)), since, problems);
  if (currency === null) {
    const codes = dealJson.flatMap((json) => {
      const code = isoCurrency(asObject(asObject(json)?.properties)?.deal_currency_code);
      return code === null ? [] : [code];
    });
    currency = codes[0] ?? 'USD';
    problems.push({ code: 'currency-unknown', message: `${CRM}: the portal's currency is unknown (account-info did not answer); assumed ${currency}`, field: 'currency' });
  }
  const deals = mapAll(dealJson, (json) => mapDeal(json, { origin, portalId, currency: currency ?? 'USD', stageKinds }));
  problems.push(...deals.problems, ...dealsWithoutAmount(deals.items, CRM));

  // Engagements are secondary: if one kind fails, the deals and the other kinds still count.
  const from = activityWindowStart(now).getTime();
  const activities: ActivityFields[] = [];
  const tasks: TaskFields[] = [];
  try {
    const found = await readEngagements(api, 'calls', CALL_PROPERTIES, from, since, problems);
    const mapped = mapLinked(found, (json, dealId) => mapCall(json, dealId));
    activities.push(...mapped.items);
    problems.push(...mapped.problems);
  } catch (error) {
    problems.push({ code: 'calls-unavailable', message: `${CRM}: could not read calls (${describe(error)}); deals were read` });
  }
  try {
    const found = await readEngagements(api, 'meetings', MEETING_PROPERTIES, from, since, problems);
    const mapped = mapLinked(found, (json, dealId) => mapMeeting(json, now, dealId));
    activities.push(...mapped.items);
    problems.push(...mapped.problems);
  } catch (error) {
    problems.push({ code: 'meetings-unavailable', message: `${CRM}: could not read meetings (${describe(error)}); deals were read` });
  }
  try {
    const found = await readEngagements(api, 'tasks', TASK_PROPERTIES, from, since, problems);
    const mapped = mapLinked(found, (json, dealId) => mapTask(json, dealId));
    tasks.push(...mapped.items);
    problems.push(...mapped.problems);
  } catch (error) {
    problems.push({ code: 'tasks-unavailable', message: `${CRM}: could not read tasks (${describe(error)}); deals were read` });
  }

  return {
    crm: 'hubspot',
    account: origin,
    accountName: `${CRM} ${portalId}`,
    currency,
    readAt: now.getTime(),
    source: 'api',
    currentUserId,
    managers: owners.items.map(({ crmId, name, title, active }) => ({ crmId, name, title, active })),
    pipelines,
    stages,
    deals: deals.items,
    tasks,
    activities,
    problems: condenseProblems(problems),
  };
}

// ---------------------------------------------------------------- the deals board (fallback)

export interface BoardCard {
  crmId: string;
  title: string;
  amount: number | null;
  currency: string | null;
  stageId: string;
  /** The owner's name as the card shows it (not an id). */
  ownerName: string | null;
  ownerId: string | null;
}

export interface BoardRead {
  stages: StageFields[];
  cards: BoardCard[];
  problems: Problem[];
}

function problemAt(code: string, message: string, itemId: string | undefined, field: string, selectors: SelectorList): Problem {
  return { code, message, ...(itemId === undefined ? {} : { itemId }), field, selector: selectors.join(', ') };
}

function columnStageId(column: Element): string | null {
  // Through idOf like every other id: an attribute that is no id (too long, broken text) is a column without one.
  const own = idOf(column.getAttribute('data-column-id'));
  if (own !== null) return own;
  const body = first(column, SELECTORS.columnBody);
  return idOf(body?.getAttribute('data-rbd-droppable-id') ?? body?.getAttribute('data-droppable-id') ?? null);
}

function cardDealId(card: Element): string | null {
  for (const link of card.querySelectorAll('a[href]')) {
    const id = /\/(?:record\/0-3|objects\/0-3\/record)\/(\d+)/.exec(link.getAttribute('href') ?? '')?.[1];
    if (id) return id;
  }
  const attr = card.getAttribute('data-selenium-id') ?? card.getAttribute('data-rbd-draggable-id') ?? '';
  return /^\d+$/.test(attr) ? attr : null;
}

const AMOUNT_LABEL = /amount|сумма|betrag|montant|importe|valor/i;
const OWNER_LABEL = /owner|ответственн|владел|besitzer|propriétaire|propietario/i;

/** Reads the columns and cards of HubSpot's deals board. Pure: stage kinds come from HubSpot's fixed closedwon/closedlost ids only. */
export function readDealsBoard(root: ParentNode): BoardRead {
  const problems: Problem[] = [];
  const stages: StageFields[] = [];
  const cards: BoardCard[] = [];
  const seenCards = new Set<string>();
  all(root, SELECTORS.column).forEach((column, i) => {
    const stageId = columnStageId(column);
    if (stageId === null) {
      problems.push(problemAt('layout-changed', `${CRM} board: column ${i + 1} has no stage id`, undefined, 'stageId', SELECTORS.columnBody));
      return;
    }
    const kind: StageKind = stageId === CLOSED_WON ? 'won' : stageId === CLOSED_LOST ? 'lost' : 'open';
    stages.push({ crmId: stageId, pipelineId: '', name: clip(text(first(column, SELECTORS.columnName)) || stageId, 300), order: i, kind });
    for (const card of all(column, SELECTORS.card)) {
      const crmId = cardDealId(card);
      if (crmId === null) {
        problems.push(problemAt('layout-changed', `${CRM} board: a card in column "${stageId}" has no deal link`, undefined, 'crmId', SELECTORS.cardLink));
        continue;
      }
      if (seenCards.has(crmId)) continue;
      seenCards.add(crmId);
      const title = text(first(card, SELECTORS.cardTitle));
      if (title === '') {
        problems.push(problemAt('layout-changed', `${CRM} board: card ${crmId} skipped: no title found`, crmId, 'title', SELECTORS.cardTitle));
        continue;
      }
      let amount: number | null = null;
      let currency: string | null = null;
      let ownerName: string | null = null;
      for (const property of all(card, SELECTORS.cardProperty)) {
        const valueText = text(first(property, SELECTORS.cardPropertyValue));
        const label = text(property).replace(valueText, '');
        if (AMOUNT_LABEL.test(label) && valueText !== '' && valueText !== '--') {
          const money = parseMoney(valueText);
          if (money === null) {
            problems.push(problemAt('amount-unreadable', `${CRM} board: card ${crmId} amount ${seen(valueText)} is not a number`, crmId, 'amount', SELECTORS.cardPropertyValue));
          } else {
            amount = money.value;
            currency = money.currency;
          }
        } else if (OWNER_LABEL.test(label) && valueText !== '' && valueText !== '--') {
          ownerName = clip(valueText, 300);
        }
      }
      const ownerEl = first(card, SELECTORS.cardOwner);
      cards.push({
        crmId,
        title: clip(title, 1000),
        amount,
        currency,
        stageId,
        ownerName,
        ownerId: idOf(ownerEl?.getAttribute('data-owner-id') ?? ownerEl?.getAttribute('data-test-owner-id')),
      });
    }
  });
  return { stages, cards, problems };
}

function readPage(ctx: ReadContext, code: string, reason: string): Snapshot {
  const origin = ctx.url.origin;
  const portalId = portalIdFrom(ctx.url.pathname) ?? idOf(ctx.pageGlobals?.accountId);
  const read = readDealsBoard(ctx.document);
  const currency = isoCurrency(ctx.pageGlobals?.currency) ?? read.cards.find((c) => c.currency !== null)?.currency ?? 'USD';
  // The board is one pipeline; its id is not on the page, so the stages get the board's address as a stand-in.
  const pipelineId = /\/views\/([^/]+)\/board/.exec(ctx.url.pathname)?.[1] ?? 'board';
  const deals: DealFields[] = [];
  let unowned = 0;
  for (const card of read.cards) {
    if (card.ownerId === null || portalId === null) {
      unowned += 1;
      continue;
    }
    deals.push({
      crmId: card.crmId,
      title: card.title,
      amount: card.amount,
      currency: card.currency ?? currency,
      pipelineId,
      stageId: card.stageId,
      status: card.stageId === CLOSED_WON ? 'won' : card.stageId === CLOSED_LOST ? 'lost' : 'open',
      ownerId: card.ownerId,
      createdAt: 0,
      stageEnteredAt: null,
      updatedAt: 0,
      closedAt: null,
      lossReason: null,
      client: null,
      nextTaskAt: null,
      url: `${origin}/contacts/${portalId}/record/0-3/${card.crmId}`,
    });
  }
  const problems: Problem[] = [{ code, message: `${CRM}: API unavailable (${reason})` }];
  if (read.cards.length === 0 && read.stages.length === 0) {
    problems.push({ code: 'layout-changed', message: `${CRM}: no deals board on ${ctx.url.pathname} either; nothing was read`, selector: SELECTORS.column.join(', ') });
  } else {
    problems.push(...read.problems);
    if (unowned > 0) {
      problems.push({
        code: 'owner-unknown',
        message: `${CRM} board: ${unowned} card${unowned === 1 ? '' : 's'} not read: cards show the owner's name, not the owner id deals are counted by; only the API can tell`,
        field: 'ownerId',
        selector: SELECTORS.cardOwner.join(', '),
      });
    }
    problems.push(...dealsWithoutAmount(deals, `${CRM} board`));
  }
  return {
    crm: 'hubspot',
    account: origin,
    accountName: portalId === null ? CRM : `${CRM} ${portalId}`,
    currency,
    readAt: ctx.now.getTime(),
    source: 'page',
    currentUserId: null,
    managers: [],
    pipelines: read.stages.length > 0 ? [{ crmId: pipelineId, name: 'Deals board', order: 0 }] : [],
    stages: read.stages.map((s) => ({ ...s, pipelineId })),
    deals,
    tasks: [],
    activities: [],
    problems: condenseProblems(problems),
  };
}

// ---------------------------------------------------------------- the adapter

/**
 * MAIN world: the portal id from the address and the CSRF cookie the app's own requests echo. HubSpot keeps no
 * documented global with the signed-in user, so `userId` stays unset and the adapter asks /api/login-verify.
 */
export function readHubspotPageGlobals(win: Record<string, unknown>): PageGlobals {
  try {
    const pathname = asObject(win.location)?.pathname;
    const accountId = typeof pathname === 'string' ? portalIdFrom(pathname) : null;
    const cookie = asObject(win.document)?.cookie;
    const token = typeof cookie === 'string' ? cookieValue(cookie, CSRF_COOKIE) : null;
    return { ...(accountId ? { accountId } : {}), ...(token ? { token } : {}) };
  } catch {
    return {};
  }
}

/** The name lib/adapters/globals.ts imports page-globals readers by. */
export { cookieValue } from './kit';
export { readHubspotPageGlobals as readPageGlobals };

/** HubSpot's app: https://app.hubspot.com and the regional https://app-<region>.hubspot.com (app-eu1, app-na2, …). */
export function matchesHost(url: URL): boolean {
  return url.protocol === 'https:' && /^app(?:-[a-z0-9]+)?\.hubspot\.com$/i.test(url.hostname);
}

export const hubspotAdapter: CrmAdapter = {
  crm: 'hubspot',
  label: CRM,
  matches: matchesHost,
  readPageGlobals: readHubspotPageGlobals,
  async read(ctx: ReadContext): Promise<Snapshot> {
    try {
      return await readApi(ctx);
    } catch (error) {
      if (error instanceof NotReadable) return readPage(ctx, error.code, error.message);
      return readPage(ctx, 'api-unavailable', describe(error));
    }
  },
};
