// Adapter for Bitrix24: deals, funnels, calls and meetings through the portal's own REST with the user's session (sessid); the deal kanban as the fallback.
import { startOfWeek, subWeeks } from 'date-fns';
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
import { parseDateTime, parseMoney } from '../parse';
import {
  all,
  asObject,
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
  type SelectorList, clip, nonEmpty, fit, httpStatusOf, indexCards, pathSegment, sameOriginLink, timeIn, type TimeFormat } from './kit';
import type { CrmAdapter, FetchJson, PageGlobals, ReadContext, ReadResult } from './types';

const CRM = 'Bitrix24';
/** The page's own REST endpoint: `POST /rest/<method>.json?sessid=…` (what BX.rest.callMethod does with the user's session). */
const REST = '/rest';
/** Every Bitrix24 list method answers 50 records a page; `start` is the offset, `next` the following one. */
export const PAGE_SIZE = 50;
/** Safety stop: 400 pages of 50 is 20 000 records of one kind. */
const MAX_PAGES = 400;
/** Incremental reads start a little before the last read, so a clock skew or a slow write is not missed. */
export const SINCE_MARGIN_MS = 5 * 60 * 1000;
/** Calls, meetings and tasks are read from the start of the week this many weeks ago. */
const ACTIVITY_WEEKS = 5;
/** Deals, companies and contacts fetched by id go this many ids to a request. */
const IDS_PER_REQUEST = 50;
/** Problems of one kind beyond this many are reported as one line with a count. */
const GROUP_AFTER = 3;
/** A snapshot carries at most this many problems (the background accepts 500). */
const MAX_PROBLEMS = 200;

/** Cloud zones a Bitrix24 portal lives under: `<portal>.bitrix24.<zone>`. */
export const CLOUD_ZONES = [
  'ru', 'com', 'by', 'kz', 'ua', 'de', 'eu', 'es', 'fr', 'it', 'pl', 'br', 'in', 'uk', 'jp', 'cn', 'tr', 'id', 'vn', 'mx', 'co',
  // Brazil and Turkey also answer under com.br and com.tr.
  'com.br', 'com.tr',
] as const;

export const SELECTORS = {
  // Newest markup first; alternatives for older portals and for what could not be confirmed.
  // main.kanban renders `.main-kanban-column` > `.main-kanban-column-body[data-id=<STAGE_ID>][data-type="column"]`;
  // the column container itself carries no data-id in the sources we found, so that form is the alternative.
  column: ['.main-kanban-column'],
  columnId: ['.main-kanban-column-body[data-type="column"][data-id]', '.main-kanban-column-body[data-id]', '.main-kanban-column[data-id]'],
  columnTitle: ['.main-kanban-column-title-text-inner', '.main-kanban-column-title-text'],
  columnTotal: ['.main-kanban-column-total-item'],
  // Lost stages are not columns: the board shows them as drop zones at the bottom, without cards.
  dropzone: ['.main-kanban-dropzone[data-id]'],
  dropzoneTitle: ['.main-kanban-dropzone-title', '.main-kanban-dropzone-name'],
  // `.main-kanban-item[data-id][data-type="item"]` wraps `.main-kanban-item-wrapper` > `.crm-kanban-item`.
  card: ['.main-kanban-item[data-type="item"][data-id]', '.main-kanban-item[data-id]'],
  title: ['a.crm-kanban-item-title', '.crm-kanban-item-title'],
  amount: ['.crm-kanban-item-total-price', '.crm-kanban-item-total'],
  client: ['.crm-kanban-item-contact'],
  created: ['.crm-kanban-item-date'],
  // The responsible user is on the card only when the board's card settings show the "Responsible" field.
  owner: ['.crm-kanban-item-fields-item-value-user a.crm-kanban-item-fields-item-value-name[bx-tooltip-user-id]', '.crm-kanban-item-fields-item-value-user [bx-tooltip-user-id]'],
  userName: ['#user-name', '.user-name'],
} as const satisfies Record<string, SelectorList>;

// ---------------------------------------------------------------- which pages

const zonePattern = CLOUD_ZONES.map((zone) => zone.replace('.', '\\.'))
  .sort((a, b) => b.length - a.length)
  .join('|');
const CLOUD_HOST = new RegExp(`^(?!www\\.)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.bitrix24\\.(?:${zonePattern})$`, 'i');

/** A cloud portal over https: `acme.bitrix24.ru`, not `www.bitrix24.ru` and not `bitrix24.ru` itself. */
export function matchesCloud(url: URL): boolean {
  return url.protocol === 'https:' && CLOUD_HOST.test(url.hostname.replace(/\.$/, ''));
}

/**
 * A self-hosted portal the user added by host ("crm.acme.ru", "crm.acme.ru:8443" or "https://crm.acme.ru").
 * With a scheme only that scheme matches; without one, https and http (intranet installations) both do.
 */
export function matchesSelfHosted(url: URL, userHosts: readonly string[]): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.host.toLowerCase().replace(/\.(?=:|$)/, '');
  return userHosts.some((entry) => {
    const trimmed = entry.trim().toLowerCase();
    if (trimmed === '') return false;
    try {
      const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(trimmed);
      const parsed = new URL(hasScheme ? trimmed : `https://${trimmed}`);
      if (hasScheme && parsed.protocol !== url.protocol) return false;
      return parsed.host.replace(/\.(?=:|$)/, '') === host;
    } catch {
      return false;
    }
  });
}

/** A deal card open in the side slider (its own iframe: `/crm/deal/details/<id>/?IFRAME=Y`). */
export function isDealDetailsPage(url: URL): boolean {
  return /^\/crm\/deal\/details\/\d+\/?$/.test(url.pathname);
}

export function dealUrl(origin: string, id: string): string {
  return `${origin}/crm/deal/details/${pathSegment(id)}/`;
}

// ---------------------------------------------------------------- tolerant field readers (ISO dates, Y/N)

// kit.ts reads unix seconds; Bitrix24 REST answers ISO 8601 with the portal's offset ("2026-03-12T09:15:00+03:00").
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// parseDateTime needs a reference instant only for relative words, which ISO strings never are.
const ISO_ANCHOR = new Date(0);

const ISO_TIME: TimeFormat = {
  name: 'an ISO date',
  parse(value) {
    if (typeof value !== 'string' || !ISO_DATE.test(value.trim())) return null;
    return parseDateTime(value.trim(), ISO_ANCHOR)?.getTime() ?? null;
  },
};

/** An ISO 8601 date or date-time within 2000..2100 → epoch ms; null for anything else. */
export function isoMs(value: unknown): number | null {
  return timeIn(ISO_TIME, value);
}

/** Bitrix24 flags: "Y"/"N", booleans, or 1/0. */
export function yesNo(value: unknown): boolean | null {
  if (value === true || value === 'Y' || value === 'y' || value === 1 || value === '1') return true;
  if (value === false || value === 'N' || value === 'n' || value === 0 || value === '0') return false;
  return null;
}

/** An id that points somewhere: Bitrix24 writes "0" for "none" in COMPANY_ID, CONTACT_ID, OWNER_ID. */
function refOf(value: unknown): string | null {
  const id = idOf(value);
  return id === null || id === '0' ? null : id;
}


// ---------------------------------------------------------------- mapping: REST JSON → model

export function mapUser(json: unknown): Mapped<ManagerFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'user', json);
  const r = new RecordReader(CRM, obj, 'user', 'ID');
  const crmId = r.requiredId('ID');
  if (crmId === null) return skipped(r);
  let name = [nonEmpty(obj.NAME), nonEmpty(obj.LAST_NAME)].filter((part) => part !== null).join(' ');
  if (name === '') {
    name = nonEmpty(obj.EMAIL) ?? `${CRM} user ${crmId}`;
    r.warn('NAME', 'is empty', obj.NAME);
  }
  return done(r, fit.manager({ crmId, name, title: nonEmpty(obj.WORK_POSITION), active: yesNo(obj.ACTIVE) ?? true }));
}

/** `crm.category.list` item: `{ id, name, sort, entityTypeId, isDefault }`; the default funnel has id 0. */
export function mapCategory(json: unknown, index: number): Mapped<PipelineFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'funnel', json);
  const r = new RecordReader(CRM, obj, 'funnel', 'id');
  const crmId = r.requiredId('id');
  const name = r.requiredString('name');
  if (crmId === null || name === null) return skipped(r);
  return done(r, fit.pipeline({ crmId, name, order: r.optionalNumber('sort') ?? index }));
}

/** `crm.dealcategory.list` item (older portals): `{ ID, NAME, SORT }`. */
export function mapLegacyCategory(json: unknown, index: number): Mapped<PipelineFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'funnel', json);
  return mapCategory({ id: obj.ID, name: obj.NAME, sort: obj.SORT }, index);
}

// Lookups keyed by CRM text are Maps: a value like "constructor" must not find Object.prototype.
const STAGE_KIND_BY_SEMANTICS: ReadonlyMap<string, StageKind> = new Map([['S', 'won'], ['F', 'lost']]);
const STAGE_KIND_BY_EXTRA: ReadonlyMap<string, StageKind> = new Map([['process', 'open'], ['success', 'won'], ['failure', 'lost'], ['apology', 'lost']]);

/** `crm.status.list` item for ENTITY_ID DEAL_STAGE / DEAL_STAGE_<funnel>: SEMANTICS "S" won, "F" lost, empty open. */
export function mapStage(json: unknown, pipelineId: string, index: number): Mapped<StageFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'stage', json);
  const r = new RecordReader(CRM, obj, 'stage', 'STATUS_ID');
  const crmId = r.requiredId('STATUS_ID');
  const name = r.requiredString('NAME');
  if (crmId === null || name === null) return skipped(r);
  const semantics = obj.SEMANTICS;
  const extra = asObject(obj.EXTRA)?.SEMANTICS;
  let kind: StageKind | undefined =
    typeof semantics === 'string' && semantics !== '' ? STAGE_KIND_BY_SEMANTICS.get(semantics) : typeof extra === 'string' ? STAGE_KIND_BY_EXTRA.get(extra) : 'open';
  if (kind === undefined) {
    r.warn('SEMANTICS', 'is not "S", "F" or empty; taken as an open stage', semantics ?? extra);
    kind = 'open';
  }
  return done(r, fit.stage({ crmId, pipelineId, name, order: r.optionalNumber('SORT') ?? index, kind }));
}

/** What a deal needs from the rest of the read. */
export interface DealContext {
  origin: string;
  /** The account's base currency, for deals without a readable CURRENCY_ID. */
  currency: string;
  stages: ReadonlyMap<string, StageFields>;
  companies: ReadonlyMap<string, string>;
  contacts: ReadonlyMap<string, string>;
  /** Deal id → earliest deadline of its open activities. */
  nextTasks: ReadonlyMap<string, number>;
}

/** Fields `crm.deal.list` is asked for. */
export const DEAL_SELECT = [
  'ID', 'TITLE', 'CATEGORY_ID', 'STAGE_ID', 'STAGE_SEMANTIC_ID', 'OPPORTUNITY', 'CURRENCY_ID', 'ASSIGNED_BY_ID',
  'DATE_CREATE', 'DATE_MODIFY', 'MOVED_TIME', 'CLOSEDATE', 'CLOSED', 'COMPANY_ID', 'CONTACT_ID',
] as const;

const STATUS_BY_SEMANTIC_ID: ReadonlyMap<string, DealStatus> = new Map([['P', 'open'], ['S', 'won'], ['F', 'lost']]);

export function mapDeal(json: unknown, ctx: DealContext): Mapped<DealFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'deal', json);
  const r = new RecordReader(CRM, obj, 'deal', 'ID');
  const crmId = r.requiredId('ID');
  const title = r.requiredString('TITLE');
  const stageId = r.requiredId('STAGE_ID');
  const ownerId = r.requiredId('ASSIGNED_BY_ID');
  const createdAt = r.requiredTime('DATE_CREATE', ISO_TIME);
  const updatedAt = r.requiredTime('DATE_MODIFY', ISO_TIME);
  if (crmId === null || title === null || stageId === null || ownerId === null || createdAt === null || updatedAt === null) return skipped(r);

  const stage = ctx.stages.get(stageId);
  const semantic = typeof obj.STAGE_SEMANTIC_ID === 'string' ? STATUS_BY_SEMANTIC_ID.get(obj.STAGE_SEMANTIC_ID) : undefined;
  const status = semantic ?? stage?.kind;
  if (status === undefined) {
    r.problems.push({
      code: 'stage-unknown',
      message: `${CRM}: deal ${crmId} skipped: its stage "${stageId}" is in no funnel the portal listed and STAGE_SEMANTIC_ID is ${seen(obj.STAGE_SEMANTIC_ID)}`,
      itemId: crmId,
      field: 'STAGE_ID',
    });
    return skipped(r);
  }
  if (stage === undefined) r.warn('STAGE_ID', 'is a stage no funnel listed; kept with the status STAGE_SEMANTIC_ID gives', stageId);

  const pipelineId = idOf(obj.CATEGORY_ID) ?? stage?.pipelineId ?? /^C(\d+):/.exec(stageId)?.[1] ?? '0';

  // Bitrix24 stores an empty amount as 0: a 0 is "no amount", never a deal worth nothing.
  let amount: number | null = null;
  const opportunity = numberOf(obj.OPPORTUNITY);
  if (opportunity !== null && opportunity !== 0) {
    amount = opportunity;
  } else if (opportunity === null && !isAbsent(obj.OPPORTUNITY)) {
    r.warn('OPPORTUNITY', 'is not a number', obj.OPPORTUNITY);
  } else {
    r.problems.push({
      code: 'amount-missing',
      message: `${CRM}: deal ${crmId} has no amount (OPPORTUNITY ${seen(obj.OPPORTUNITY)}); kept without one`,
      itemId: crmId,
      field: 'OPPORTUNITY',
    });
  }
  let currency = typeof obj.CURRENCY_ID === 'string' ? obj.CURRENCY_ID.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(currency)) {
    if (!isAbsent(obj.CURRENCY_ID) || amount !== null) r.warn('CURRENCY_ID', `is not an ISO code; assumed ${ctx.currency}`, obj.CURRENCY_ID);
    currency = ctx.currency;
  }

  const stageEnteredAt = r.optionalTime('MOVED_TIME', ISO_TIME);
  // CLOSEDATE is a planned date while the deal is open; once closed, the moment it entered the final stage is the closing.
  const closedAt = status === 'open' ? null : (stageEnteredAt ?? r.optionalTime('CLOSEDATE', ISO_TIME));
  const companyId = refOf(obj.COMPANY_ID);
  const contactId = refOf(obj.CONTACT_ID);
  return done(r, fit.deal({
    crmId,
    title,
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
    // Bitrix24 has no standard loss-reason field; teams keep one failure stage per reason, so the lost stage's name is the reason.
    lossReason: status === 'lost' ? (stage?.name ?? null) : null,
    client: (companyId === null ? undefined : ctx.companies.get(companyId)) ?? (contactId === null ? undefined : ctx.contacts.get(contactId)) ?? null,
    nextTaskAt: ctx.nextTasks.get(crmId) ?? null,
    url: dealUrl(ctx.origin, crmId),
  }));
}

/** The company and contact a deal points at ("0" is none). */
export function dealClientRefs(json: unknown): { companyId: string | null; contactId: string | null } {
  const obj = asObject(json);
  return { companyId: refOf(obj?.COMPANY_ID), contactId: refOf(obj?.CONTACT_ID) };
}

/** Fields `crm.activity.list` is asked for. */
export const ACTIVITY_SELECT = [
  'ID', 'OWNER_ID', 'OWNER_TYPE_ID', 'TYPE_ID', 'PROVIDER_ID', 'SUBJECT', 'START_TIME', 'END_TIME', 'DEADLINE',
  'COMPLETED', 'RESPONSIBLE_ID', 'DIRECTION', 'LAST_UPDATED', 'SETTINGS', 'ORIGIN_ID',
] as const;

/** crm.enum.activitytype: 1 meeting, 2 call, 3 task, 4 e-mail, 5 action, 6 provider-defined (e.g. CRM_TODO). */
const TASK_TYPES: ReadonlyMap<string, TaskType> = new Map([['1', 'meeting'], ['2', 'call'], ['4', 'email']]);
/** CCrmOwnerType::Deal. */
const OWNER_TYPE_DEAL = '2';
/**
 * A call the telephony recorded (Bitrix24's own or an external PBX through telephony.externalcall.*): the
 * voximplant CRM helper writes ORIGIN_ID "VI_<CALL_ID>" and END_TIME = START_TIME + CALL_DURATION. Calls planned or
 * logged by hand share the provider (VOXIMPLANT_CALL) but not the origin, and their END_TIME is a planned slot.
 */
const TELEPHONY_ORIGIN = /^VI_/;
/** Provider-defined activities (TYPE_ID 6) we read: the "to-do" of current portals; chats and the like are not sales actions. */
const TODO_PROVIDER = 'CRM_TODO';
const DIRECTIONS: ReadonlyMap<string, CallDirection> = new Map([['1', 'in'], ['2', 'out']]);

export interface ActivityRecord {
  /** Something to do (planned or done); null for records that are not tasks (a telephony log, an incoming letter). */
  task: TaskFields | null;
  /** A call or meeting that happened; null while it is only planned. */
  activity: ActivityFields | null;
}

/** One `crm.activity.list` record → the task it is and/or the call or meeting that happened. */
export function mapActivityRecord(json: unknown): Mapped<ActivityRecord> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'activity', json);
  const r = new RecordReader(CRM, obj, 'activity', 'ID');
  const crmId = r.requiredId('ID');
  const typeId = idOf(obj.TYPE_ID);
  const provider = typeof obj.PROVIDER_ID === 'string' ? obj.PROVIDER_ID : '';
  const byTelephony = typeId === '2' && typeof obj.ORIGIN_ID === 'string' && TELEPHONY_ORIGIN.test(obj.ORIGIN_ID);
  if (crmId === null) return skipped(r);
  if (typeId === '6' && provider !== TODO_PROVIDER) return { item: { task: null, activity: null }, problems: [] };
  const ownerId = r.requiredId('RESPONSIBLE_ID');
  let isDone = yesNo(obj.COMPLETED);
  if (isDone === null) {
    r.warn('COMPLETED', 'is not "Y" or "N"; taken as not done', obj.COMPLETED);
    isDone = false;
  }
  const start = r.optionalTime('START_TIME', ISO_TIME);
  const end = r.optionalTime('END_TIME', ISO_TIME);
  const deadline = r.optionalTime('DEADLINE', ISO_TIME);
  if (ownerId === null) return skipped(r);
  const dealId = idOf(obj.OWNER_TYPE_ID) === OWNER_TYPE_DEAL ? refOf(obj.OWNER_ID) : null;
  const direction = typeof obj.DIRECTION === 'string' || typeof obj.DIRECTION === 'number' ? (DIRECTIONS.get(String(obj.DIRECTION)) ?? null) : null;

  let activity: ActivityFields | null = null;
  if (isDone && (typeId === '1' || typeId === '2')) {
    const at = start ?? deadline;
    if (at === null) {
      r.warn('START_TIME', 'is missing; the call or meeting was not counted', obj.START_TIME);
    } else {
      let durationSec: number | null = null;
      // Only telephony writes the real length into END_TIME; a call logged by hand has a planned slot there.
      // A meeting's START_TIME..END_TIME is the time it was held (as the CRM records it).
      if (byTelephony || typeId === '1') {
        if (start !== null && end !== null && end >= start) durationSec = Math.round((end - start) / 1000);
        else if (start !== null && end !== null) r.warn('END_TIME', 'is before START_TIME; duration unknown', obj.END_TIME);
      }
      const settings = asObject(obj.SETTINGS);
      activity = {
        crmId,
        type: typeId === '1' ? 'meeting' : 'call',
        at,
        ownerId,
        dealId,
        durationSec,
        direction: typeId === '2' ? direction : null,
        outcome: settings?.MISSED_CALL === true || settings?.MISSED_CALL === 'Y' ? 'missed' : null,
      };
    }
  }

  // A telephony record is the call itself, not a task; an incoming letter is mail, not something planned.
  const isLog = (isDone && byTelephony) || (typeId === '4' && direction === 'in');
  let task: TaskFields | null = null;
  if (!isLog) {
    const dueAt = deadline ?? end ?? start;
    if (dueAt === null) {
      r.problems.push({
        code: 'field-missing',
        message: `${CRM}: activity ${crmId} has no DEADLINE, END_TIME or START_TIME; not counted as a task`,
        itemId: crmId,
        field: 'DEADLINE',
      });
    } else {
      task = fit.task({
        crmId,
        type: (typeId === null ? undefined : TASK_TYPES.get(typeId)) ?? 'other',
        text: typeof obj.SUBJECT === 'string' ? obj.SUBJECT : '',
        dueAt,
        done: isDone,
        // Bitrix24 keeps no completion time; the last update of a completed activity is the nearest thing.
        doneAt: isDone ? r.optionalTime('LAST_UPDATED', ISO_TIME) : null,
        ownerId,
        dealId,
      });
    }
  }
  return done(r, { task, activity });
}

/** Deal id → earliest due time of its open tasks. */
export function nextTasksByDeal(tasks: readonly TaskFields[]): Map<string, number> {
  const next = new Map<string, number>();
  for (const task of tasks) {
    if (task.done || task.dealId === null) continue;
    const known = next.get(task.dealId);
    if (known === undefined || task.dueAt < known) next.set(task.dealId, task.dueAt);
  }
  return next;
}

// ---------------------------------------------------------------- problems, grouped

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Keeps a few problems of each kind as they are and folds the rest into one line with a count, so a
 * board of 2 000 cards without amounts is one problem, not 2 000 (the background accepts 500).
 */
export function groupProblems(problems: readonly Problem[]): Problem[] {
  const groups = new Map<string, Problem[]>();
  for (const problem of problems) {
    const key = `${problem.code}|${problem.field ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(problem);
    else groups.set(key, [problem]);
  }
  const out: Problem[] = [];
  for (const group of groups.values()) {
    const [example] = group;
    if (example === undefined) continue;
    if (group.length <= GROUP_AFTER) {
      out.push(...group);
      continue;
    }
    const ids = group.map((p) => p.itemId).filter((id): id is string => id !== undefined);
    const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? ', …' : '');
    out.push({
      code: example.code,
      message: `${CRM}: ${plural(group.length, 'record', 'records')} with the same problem${ids.length > 0 ? ` (${shown})` : ''}, e.g. ${example.message.replace(/^Bitrix24: /, '')}`.slice(0, 1000),
      ...(example.field === undefined ? {} : { field: example.field }),
      ...(example.selector === undefined ? {} : { selector: example.selector }),
    });
  }
  if (out.length > MAX_PROBLEMS) {
    const dropped = out.length - MAX_PROBLEMS + 1;
    return [...out.slice(0, MAX_PROBLEMS - 1), { code: 'problems-truncated', message: `${CRM}: ${dropped} more problems were not listed` }];
  }
  return out;
}

// ---------------------------------------------------------------- the REST client (the page's session)

/** The portal refused because of its request limits; the read should be tried again later, not replaced by the page. */
export class Bitrix24RateLimitError extends Error {
  override name = 'Bitrix24RateLimitError';
}

/** The portal's REST could not be used for this read (signed out, no rights, old portal, unexpected answer). */
export class Bitrix24RestError extends Error {
  override name = 'Bitrix24RestError';
  constructor(
    message: string,
    /** Bitrix24's own error code ("ACCESS_DENIED", "session_failed", …), "http-<status>", or "api-shape". */
    readonly code: string,
  ) {
    super(message);
  }
}

/** QUERY_LIMIT_EXCEEDED (HTTP 503): too many requests; OPERATION_TIME_LIMIT (HTTP 429): too much server time. */
const RATE_LIMIT_CODES: ReadonlySet<string> = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT']);
const SESSID = /^[A-Za-z0-9]{8,128}$/;

interface RestAnswer {
  result: unknown;
  next: number | null;
  total: number | null;
}

export type RestParams = Record<string, unknown>;

/** One read's access to the portal: the injected fetch and the session token, which the portal may renew once. */
class RestSession {
  constructor(
    private readonly fetchJson: FetchJson,
    private sessid: string,
  ) {}

  async call(method: string, params: RestParams, renewed = false): Promise<RestAnswer> {
    const path = `${REST}/${method}.json?sessid=${pathSegment(this.sessid)}`;
    let body: unknown;
    try {
      body = await this.fetchJson(path, { method: 'POST', body: params });
    } catch (error) {
      // rest's SessionAuth refuses an expired sessid with HTTP 401 and names the current one in the body (the injected
      // fetch hands JSON error bodies over as `body`): renew and retry once, as for the same answer with HTTP 200.
      const fresh = renewed || httpStatusOf(error) !== 401 ? null : this.freshSessid(asObject(asObject(error)?.body));
      if (fresh === null) throw transportError(method, error);
      return this.retryWith(fresh, method, params);
    }
    const answer = asObject(body);
    if (!answer) throw new Bitrix24RestError(`${method} answered something that is not a REST answer (seen ${seen(body)})`, 'api-shape');
    if ('error' in answer) {
      const code = typeof answer.error === 'string' ? answer.error : seen(answer.error);
      const description = typeof answer.error_description === 'string' ? answer.error_description : '';
      if (RATE_LIMIT_CODES.has(code)) {
        throw new Bitrix24RateLimitError(`${CRM}: the portal's request limit was reached (${code}) while reading ${method}; the read will be tried again later`);
      }
      // An expired sessid is answered with the current one (rest SessionAuth): retry once with it, as BX.rest does.
      const fresh = renewed ? null : this.freshSessid(answer);
      if (fresh !== null) return this.retryWith(fresh, method, params);
      throw new Bitrix24RestError(`${method} answered error ${code === '' ? '(no code)' : `"${code}"`}${description === '' ? '' : `: ${description}`}`, code === '' ? 'rest-error' : code);
    }
    if (!('result' in answer)) throw new Bitrix24RestError(`${method} answered without "result" (seen ${seen(body)})`, 'api-shape');
    return { result: answer.result, next: numberOf(answer.next), total: numberOf(answer.total) };
  }

  /** The session to renew with, from a `session_failed` answer that names a new, well-formed one; else null. */
  private freshSessid(answer: Json | null): string | null {
    const fresh = asObject(answer?.additional)?.sessid;
    return answer?.error === 'session_failed' && typeof fresh === 'string' && SESSID.test(fresh) && fresh !== this.sessid ? fresh : null;
  }

  private retryWith(sessid: string, method: string, params: RestParams): Promise<RestAnswer> {
    this.sessid = sessid;
    return this.call(method, params, true);
  }

  /** Every page of a list method, following `next` (50 records a page). */
  async list(method: string, params: RestParams, problems: Problem[]): Promise<unknown[]> {
    const items: unknown[] = [];
    let start = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.call(method, { ...params, start });
      if (!Array.isArray(answer.result)) throw new Bitrix24RestError(`${method} answered without a "result" list (seen ${seen(answer.result)})`, 'api-shape');
      items.push(...answer.result);
      if (answer.next === null || answer.next <= start || answer.result.length === 0) return items;
      start = answer.next;
    }
    problems.push({ code: 'page-limit', message: `${CRM}: stopped reading ${method} after ${MAX_PAGES} pages of ${PAGE_SIZE}; the rest was not read` });
    return items;
  }

  /** Records by id, 50 ids a request, through a list method's `@ID` (IN) filter. */
  async listByIds(method: string, ids: readonly string[], params: RestParams, problems: Problem[]): Promise<unknown[]> {
    const items: unknown[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
      const chunk = ids.slice(i, i + IDS_PER_REQUEST);
      const filter = { ...asObject(params.filter), '@ID': chunk };
      items.push(...(await this.list(method, { ...params, filter }, problems)));
    }
    return items;
  }
}

function transportError(method: string, error: unknown): Error {
  const status = numberOf(asObject(error)?.status);
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 503 || status === 429) {
    return new Bitrix24RateLimitError(`${CRM}: the portal's request limit was reached (HTTP ${status}) while reading ${method}; the read will be tried again later`);
  }
  if (status === 401 || status === 403) return new Bitrix24RestError(`${method}: the portal refused the session (HTTP ${status}: signed out or the session expired; reload the page)`, `http-${status}`);
  return new Bitrix24RestError(`${method}: ${detail}`, status === null ? 'network' : `http-${status}`);
}

function mapIndexed<T>(list: readonly unknown[], map: (json: unknown, index: number) => Mapped<T>): ReadResult<T> {
  let index = 0;
  return mapAll(list, (json) => map(json, index++));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An ISO instant without milliseconds, as Bitrix24 filters expect ("2026-03-12T06:15:00+00:00"). */
export function isoFilterTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Calls, meetings and tasks are read from the start of the week 5 weeks ago; an incremental read also asks only for what changed. */
export function activitiesFrom(now: Date): number {
  return startOfWeek(subWeeks(now, ACTIVITY_WEEKS), { weekStartsOn: 1 }).getTime();
}

// ---------------------------------------------------------------- reading the REST

function accountNameOf(url: URL): string {
  return matchesCloud(url) ? (url.hostname.split('.')[0] ?? url.hostname) : url.hostname;
}

async function readCurrency(session: RestSession, ctx: ReadContext, problems: Problem[]): Promise<string> {
  try {
    const { result } = await session.call('crm.currency.base.get', {});
    if (typeof result === 'string' && /^[A-Z]{3}$/.test(result)) return result;
    problems.push({ code: 'field-invalid', message: `${CRM}: crm.currency.base.get answered ${seen(result)}, not a currency code`, field: 'currency' });
  } catch (error) {
    if (error instanceof Bitrix24RateLimitError) throw error;
    problems.push({ code: 'currency-unavailable', message: `${CRM}: could not read the base currency (${describe(error)})`, field: 'currency' });
  }
  const fromPage = ctx.pageGlobals?.currency;
  return fromPage !== undefined && /^[A-Z]{3}$/.test(fromPage) ? fromPage : 'RUB';
}

async function readPipelines(session: RestSession, problems: Problem[]): Promise<PipelineFields[]> {
  let mapped: ReadResult<PipelineFields>;
  try {
    const { result } = await session.call('crm.category.list', { entityTypeId: 2 });
    const categories = asObject(result)?.categories;
    if (!Array.isArray(categories)) throw new Bitrix24RestError(`crm.category.list answered without "categories" (seen ${seen(result)})`, 'api-shape');
    mapped = mapIndexed(categories, mapCategory);
  } catch (error) {
    const missingMethod = error instanceof Bitrix24RestError && (error.code === 'ERROR_METHOD_NOT_FOUND' || error.code === 'http-404');
    if (!missingMethod) throw error;
    // Portals older than crm.category.*: the deprecated methods, which leave the default funnel out.
    const list = await session.list('crm.dealcategory.list', { order: { SORT: 'ASC' }, select: ['ID', 'NAME', 'SORT'] }, problems);
    mapped = mapIndexed(list, (c, i) => mapLegacyCategory(c, i + 1));
    const { result } = await session.call('crm.dealcategory.default.get', {});
    const fallback = mapLegacyCategory({ ID: 0, SORT: 0, ...asObject(result) }, 0);
    mapped.problems.push(...fallback.problems);
    if (fallback.item) mapped.items.unshift(fallback.item);
  }
  problems.push(...mapped.problems);
  // crm.category.list leaves out funnels the user may not read; their deals are not listed to them either.
  return mapped.items;
}

async function readStages(session: RestSession, pipelines: readonly PipelineFields[], problems: Problem[]): Promise<StageFields[]> {
  const stages: StageFields[] = [];
  for (const pipeline of pipelines) {
    const entityId = pipeline.crmId === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${pipeline.crmId}`;
    const list = await session.list('crm.status.list', { filter: { ENTITY_ID: entityId }, order: { SORT: 'ASC' } }, problems);
    const mapped = mapIndexed(list, (s, i) => mapStage(s, pipeline.crmId, i));
    problems.push(...mapped.problems);
    stages.push(...mapped.items);
  }
  return stages;
}

async function readNames(session: RestSession, method: string, ids: readonly string[], select: string[], nameOf: (o: Json) => string | null, problems: Problem[]) {
  const names = new Map<string, string>();
  for (const json of await session.listByIds(method, ids, { select }, problems)) {
    const obj = asObject(json);
    const id = idOf(obj?.ID);
    const name = obj ? nameOf(obj) : null;
    if (id !== null && name !== null) names.set(id, name);
  }
  return names;
}

interface ActivityRead {
  tasks: TaskFields[];
  activities: ActivityFields[];
  /** Deals whose activities changed since the cursor (their next task may have changed). */
  touchedDeals: Set<string>;
}

async function readActivities(session: RestSession, now: Date, since: number | null, problems: Problem[]): Promise<ActivityRead & { nextTasks: Map<string, number> }> {
  const select = [...ACTIVITY_SELECT];
  // Every open activity of a deal, each read: a deal's next task must be exact, or it looks abandoned.
  const open = await session.list('crm.activity.list', { filter: { COMPLETED: 'N', OWNER_TYPE_ID: 2 }, order: { ID: 'ASC' }, select }, problems);
  // What happened or was due lately: calls, meetings, e-mail and to-dos (TYPE_ID 6 is filtered to CRM_TODO when mapped).
  const recentFilter: Json = { '@TYPE_ID': [1, 2, 4, 6], '>=DEADLINE': isoFilterTime(activitiesFrom(now)) };
  if (since !== null) recentFilter['>LAST_UPDATED'] = isoFilterTime(since - SINCE_MARGIN_MS);
  const recent = await session.list('crm.activity.list', { filter: recentFilter, order: { ID: 'ASC' }, select }, problems);

  const byId = new Map<string, ActivityRecord>();
  const touchedDeals = new Set<string>();
  const mappedOpen = mapAll(open, mapActivityRecord);
  const mappedRecent = mapAll(recent, mapActivityRecord);
  problems.push(...mappedOpen.problems, ...mappedRecent.problems);
  for (const [list, isRecent] of [[mappedOpen.items, false], [mappedRecent.items, true]] as const) {
    for (const record of list) {
      const id = record.task?.crmId ?? record.activity?.crmId;
      if (id === undefined) continue;
      byId.set(id, record);
      const dealId = record.task?.dealId ?? record.activity?.dealId ?? null;
      if (isRecent && dealId !== null) touchedDeals.add(dealId);
    }
  }
  const tasks = [...byId.values()].flatMap((r) => (r.task ? [r.task] : []));
  const activities = [...byId.values()].flatMap((r) => (r.activity ? [r.activity] : []));
  return { tasks, activities, touchedDeals, nextTasks: nextTasksByDeal(mappedOpen.items.flatMap((r) => (r.task ? [r.task] : []))) };
}

async function readApi(ctx: ReadContext, sessid: string): Promise<Snapshot> {
  const { now } = ctx;
  const origin = ctx.url.origin;
  const session = new RestSession(ctx.fetchJson, sessid);
  const problems: Problem[] = [];

  const me = mapUser((await session.call('user.current', {})).result);
  if (!me.item) throw new Bitrix24RestError(`user.current answered no user (${me.problems.map((p) => p.message).join('; ')})`, 'api-shape');
  const currentUserId = me.item.crmId;
  // What a user can see depends on who they are: "changed since" only holds for the user of the last read.
  const since = ctx.since !== null && ctx.since.userId === currentUserId ? ctx.since.at : null;

  const currency = await readCurrency(session, ctx, problems);
  const pipelines = await readPipelines(session, problems);
  const stages = await readStages(session, pipelines, problems);

  // Users, activities and client names are secondary: if one of them fails, the deals still count.
  let managers: ManagerFields[] = [me.item];
  try {
    const users = mapAll(await session.list('user.get', { sort: 'ID', order: 'ASC' }, problems), mapUser);
    problems.push(...users.problems);
    managers = users.items.some((u) => u.crmId === currentUserId) ? users.items : [me.item, ...users.items];
  } catch (error) {
    if (error instanceof Bitrix24RateLimitError) throw error;
    problems.push({ code: 'users-unavailable', message: `${CRM}: could not read the users (${describe(error)}); only the current user is known` });
  }

  let activityRead: ActivityRead & { nextTasks: Map<string, number> } = { tasks: [], activities: [], touchedDeals: new Set(), nextTasks: new Map() };
  try {
    activityRead = await readActivities(session, now, since, problems);
  } catch (error) {
    if (error instanceof Bitrix24RateLimitError) throw error;
    problems.push({
      code: 'activities-unavailable',
      message: `${CRM}: could not read calls, meetings and tasks (${describe(error)}); deals were read without their next task`,
    });
  }

  const dealParams = { select: [...DEAL_SELECT], order: { ID: 'ASC' } };
  const filter: Json = since === null ? {} : { '>DATE_MODIFY': isoFilterTime(since - SINCE_MARGIN_MS) };
  const rawDeals = await session.list('crm.deal.list', { ...dealParams, filter }, problems);
  if (since !== null) {
    // A task done or moved on a deal that did not change otherwise: read that deal again for its next task.
    const read = new Set(rawDeals.map((d) => idOf(asObject(d)?.ID)));
    const missing = [...activityRead.touchedDeals].filter((id) => !read.has(id));
    rawDeals.push(...(await session.listByIds('crm.deal.list', missing, dealParams, problems)));
  }

  let companies = new Map<string, string>();
  let contacts = new Map<string, string>();
  try {
    const refs = rawDeals.map(dealClientRefs);
    const companyIds = [...new Set(refs.flatMap((r) => (r.companyId === null ? [] : [r.companyId])))];
    const contactIds = [...new Set(refs.flatMap((r) => (r.companyId === null && r.contactId !== null ? [r.contactId] : [])))];
    companies = await readNames(session, 'crm.company.list', companyIds, ['ID', 'TITLE'], (o) => nonEmpty(o.TITLE), problems);
    contacts = await readNames(session, 'crm.contact.list', contactIds, ['ID', 'NAME', 'LAST_NAME'], (o) => [nonEmpty(o.NAME), nonEmpty(o.LAST_NAME)].filter((p) => p !== null).join(' ') || null, problems);
  } catch (error) {
    if (error instanceof Bitrix24RateLimitError) throw error;
    problems.push({ code: 'clients-unavailable', message: `${CRM}: could not read company and contact names (${describe(error)}); deals were read without their client` });
  }

  const deals = mapAll(rawDeals, (json) =>
    mapDeal(json, { origin, currency, stages: new Map(stages.map((s) => [s.crmId, s])), companies, contacts, nextTasks: activityRead.nextTasks }),
  );
  problems.push(...deals.problems);
  const uniqueDeals = [...new Map(deals.items.map((d) => [d.crmId, d])).values()];

  return {
    crm: 'bitrix24',
    account: origin,
    accountName: accountNameOf(ctx.url),
    currency,
    readAt: now.getTime(),
    source: 'api',
    currentUserId,
    managers,
    pipelines,
    stages,
    deals: uniqueDeals,
    tasks: activityRead.tasks,
    activities: activityRead.activities,
    problems: groupProblems(problems),
  };
}

// ---------------------------------------------------------------- the kanban page (fallback)

/** Counts cards with the same defect so the user reads "3 cards without amount", not three lines. */
class CardTally {
  private readonly groups = new Map<string, { what: string; advice: string; field: string; selectors: SelectorList; ids: string[] }>();
  add(code: string, what: string, field: string, selectors: SelectorList, id: string, advice = ''): void {
    const group = this.groups.get(code);
    if (group) group.ids.push(id);
    else this.groups.set(code, { what, advice, field, selectors, ids: [id] });
  }
  problems(): Problem[] {
    return [...this.groups.entries()].map(([code, { what, advice, field, selectors, ids }]) => ({
      code,
      message: `${CRM}: ${plural(ids.length, 'card', 'cards')} ${what} (${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''})${advice === '' ? '' : `; ${advice}`}`,
      ...(ids.length === 1 && ids[0] !== undefined ? { itemId: ids[0] } : {}),
      field,
      selector: selectors.join(', '),
    }));
  }
}

/** The stage id a column holds, on its body (`data-id`) or, in other markup, on the column itself. */
function columnStageId(column: Element): string | null {
  for (const selector of SELECTORS.columnId) {
    const el = column.matches(selector) ? column : column.querySelector(selector);
    const id = idOf(el?.getAttribute('data-id'));
    if (id !== null) return id;
  }
  return null;
}

/** The funnel of the board: `/crm/deal/kanban/category/<id>/`, else the "C<id>:" prefix of its stages, else the default 0. */
function pipelineOf(stageId: string, categoryFromUrl: string | null): string {
  return categoryFromUrl ?? /^C(\d+):/.exec(stageId)?.[1] ?? '0';
}

/** The success stage keeps its system id in every funnel ("WON", "C3:WON"); other columns are open stages. */
function columnKind(stageId: string): StageKind {
  return /(^|:)WON$/.test(stageId) ? 'won' : 'open';
}

export interface KanbanRead extends ReadResult<DealFields> {
  pipelineIds: string[];
  stages: StageFields[];
  managers: ManagerFields[];
}

/**
 * Reads the deal cards of a Bitrix24 kanban (`/crm/deal/kanban/`, `/crm/deal/kanban/category/<id>/`):
 * what is on screen, column by column. Lost stages are drop zones without cards, so only open and won
 * deals appear. Fields a card does not show become grouped problems, never zeros.
 */
export interface KanbanOptions {
  /** The page's URL, for the funnel id of `/crm/deal/kanban/category/<id>/`. */
  pageUrl?: URL;
  /** The account's currency (from the page's globals), for amounts that name none. */
  currency?: string;
}

export function readKanban(root: ParentNode, now: Date, origin: string, options: KanbanOptions = {}): KanbanRead {
  const { pageUrl } = options;
  const items: DealFields[] = [];
  const named: string[] = [];
  const unnamed = new Set<DealFields>();
  const stages: StageFields[] = [];
  const managers = new Map<string, ManagerFields>();
  const pipelineIds = new Set<string>();
  const tally = new CardTally();
  const partial: string[] = [];
  const seenIds = new Set<string>();
  const categoryFromUrl = pageUrl ? (/\/crm\/deal\/kanban\/category\/(\d+)\/?/.exec(pageUrl.pathname)?.[1] ?? null) : null;
  // A board repeats the same few dates on hundreds of cards: parse each text once.
  const dates = new Map<string, Date | null>();
  const dateOf = (value: string): Date | null => {
    if (!dates.has(value)) dates.set(value, parseDateTime(value, now));
    return dates.get(value) ?? null;
  };

  all(root, SELECTORS.column).forEach((column, index) => {
    const stageId = columnStageId(column);
    const cards = all(column, SELECTORS.card);
    if (stageId === null) {
      for (const card of cards) tally.add('layout-changed', 'skipped: in a column without a stage id', 'stageId', SELECTORS.columnId, idOf(card.getAttribute('data-id')) ?? '?');
      return;
    }
    const pipelineId = pipelineOf(stageId, categoryFromUrl);
    pipelineIds.add(pipelineId);
    const kind = columnKind(stageId);
    const stageName = text(first(column, SELECTORS.columnTitle)) || stageId;
    stages.push(fit.stage({ crmId: stageId, pipelineId, name: stageName, order: (index + 1) * 10, kind }));

    let shown = 0;
    for (const card of cards) {
      const crmId = card.getAttribute('data-id')?.trim() ?? '';
      // The board adds helper cards with negative ids (import and marketplace hints).
      if (!/^\d{1,20}$/.test(crmId) || crmId === '0' || seenIds.has(crmId)) continue;
      seenIds.add(crmId);
      shown += 1;
      const skip = (code: string, what: string, field: string, selectors: SelectorList, advice?: string) => tally.add(code, what, field, selectors, crmId, advice);

      const titleEl = first(card, SELECTORS.title);
      const title = text(titleEl);
      if (title === '') {
        skip('layout-changed', 'skipped: no title', 'title', SELECTORS.title);
        continue;
      }
      const ownerEl = first(card, SELECTORS.owner);
      const ownerId = ownerEl?.getAttribute('bx-tooltip-user-id')?.trim() ?? '';
      if (!/^\d{1,20}$/.test(ownerId)) {
        skip('owner-missing', 'skipped: no responsible user on the card', 'ownerId', SELECTORS.owner, 'show the "Responsible" field on the board\'s cards');
        continue;
      }
      const createdText = text(first(card, SELECTORS.created));
      const created = createdText === '' ? null : dateOf(createdText);
      if (created === null) {
        skip('created-unreadable', 'skipped: no readable creation date', 'createdAt', SELECTORS.created);
        continue;
      }
      const ownerName = text(ownerEl);
      if (ownerName !== '' && !managers.has(ownerId)) managers.set(ownerId, fit.manager({ crmId: ownerId, name: ownerName, title: null, active: true }));

      let amount: number | null = null;
      let currency: string | null = null;
      const amountEl = first(card, SELECTORS.amount);
      const amountText = text(amountEl);
      if (amountEl === null || amountText === '') {
        skip('amount-missing', 'without amount', 'amount', SELECTORS.amount);
      } else {
        const money = parseMoney(amountText);
        if (money === null) skip('amount-unreadable', `with an amount that is not a number (e.g. ${seen(amountText)})`, 'amount', SELECTORS.amount);
        else if (money.value === 0) skip('amount-missing', 'without amount', 'amount', SELECTORS.amount);
        else amount = money.value;
        currency = money?.currency ?? null;
      }

      const url = sameOriginLink(titleEl?.getAttribute('href'), origin)?.href ?? dealUrl(origin, crmId);
      const client = text(first(card, SELECTORS.client));
      const createdAt = created.getTime();
      const deal = fit.deal({
        crmId,
        title,
        amount,
        currency: currency ?? '',
        pipelineId,
        stageId,
        status: kind,
        ownerId,
        createdAt,
        // The card does not say when the deal entered its stage or last changed: unknown, and the creation
        // date as the last change, so a page read never overwrites a fresher REST read.
        stageEnteredAt: null,
        updatedAt: createdAt,
        closedAt: null,
        lossReason: null,
        client: client === '' ? null : client,
        nextTaskAt: null,
        url,
      });
      items.push(deal);
      if (currency === null) unnamed.add(deal);
      else named.push(currency);
    }
    const total = numberOf(text(first(column, SELECTORS.columnTotal)).replace(/[^\d]/g, ''));
    if (total !== null && total > shown) partial.push(`"${clip(stageName, 60)}" ${shown} of ${total}`);
  });

  all(root, SELECTORS.dropzone).forEach((zone, index) => {
    const stageId = idOf(zone.getAttribute('data-id'));
    // DELETED is the board's "delete" target, not a stage.
    if (stageId === null || stageId === 'DELETED') return;
    const pipelineId = pipelineOf(stageId, categoryFromUrl);
    stages.push(fit.stage({ crmId: stageId, pipelineId, name: text(first(zone, SELECTORS.dropzoneTitle)) || stageId, order: 1000 + index * 10, kind: 'lost' }));
  });

  // Amounts that name no currency are in the account's: the page's, else the one most cards name.
  const fallbackCurrency = options.currency ?? mostCommon(named) ?? 'RUB';
  for (const deal of unnamed) deal.currency = fallbackCurrency;

  const problems = tally.problems();
  if (partial.length > 0) {
    problems.push({
      code: 'board-partial',
      message: clip(`${CRM}: the board has not loaded all its cards (${partial.join('; ')}); scroll the columns to read the rest`, 1000),
      selector: SELECTORS.columnTotal.join(', '),
    });
  }
  return { items, problems, pipelineIds: [...pipelineIds], stages, managers: [...managers.values()] };
}

function mostCommon(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = value;
  return best;
}

function emptySnapshot(ctx: ReadContext, currency: string): Snapshot {
  return {
    crm: 'bitrix24',
    account: ctx.url.origin,
    accountName: accountNameOf(ctx.url),
    currency,
    readAt: ctx.now.getTime(),
    source: 'page',
    currentUserId: ctx.pageGlobals?.userId ?? null,
    managers: [],
    pipelines: [],
    stages: [],
    deals: [],
    tasks: [],
    activities: [],
    problems: [],
  };
}

function pageCurrency(ctx: ReadContext): string | null {
  const fromPage = ctx.pageGlobals?.currency;
  return fromPage !== undefined && /^[A-Z]{3}$/.test(fromPage) ? fromPage : null;
}

function readPage(ctx: ReadContext, reason: string): Snapshot {
  const fromPage = pageCurrency(ctx);
  const board = readKanban(ctx.document, ctx.now, ctx.url.origin, { pageUrl: ctx.url, ...(fromPage === null ? {} : { currency: fromPage }) });
  const deals = board.items;
  const currency = fromPage ?? mostCommon(deals.map((d) => d.currency)) ?? 'RUB';
  const snapshot = emptySnapshot(ctx, currency);
  const userId = ctx.pageGlobals?.userId;
  const userName = ctx.pageGlobals?.userName ?? (text(first(ctx.document, SELECTORS.userName)) || undefined);
  const managers = [...board.managers];
  if (userId !== undefined && userName !== undefined && !managers.some((m) => m.crmId === userId)) managers.push(fit.manager({ crmId: userId, name: userName, title: null, active: true }));
  const found = all(ctx.document, SELECTORS.column).length > 0;
  return {
    ...snapshot,
    managers,
    // Funnel names are not on the board; stages carry the funnel id, and a REST read names the funnels.
    pipelines: [],
    stages: board.stages,
    deals,
    problems: groupProblems([
      {
        code: 'api-unavailable',
        message: found
          ? `${CRM}: REST unavailable (${reason}); read ${deals.length} cards from the board ${ctx.url.pathname}; calls, meetings and tasks were not read`
          : `${CRM}: REST unavailable (${reason}) and no deal board on ${ctx.url.pathname}; nothing was read (open the deal kanban)`,
      },
      ...board.problems,
    ]),
  };
}

// ---------------------------------------------------------------- the adapter

/** Runs in the page's MAIN world: the session id and the current user from BX globals; never throws. */
export function readPageGlobals(win: Record<string, unknown>): PageGlobals {
  // Self-contained on purpose: it may be serialised into the page's MAIN world, where module helpers do not exist.
  const globals: PageGlobals = {};
  const get = (target: unknown, key: string): unknown => {
    try {
      return (typeof target === 'object' || typeof target === 'function') && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    } catch {
      return undefined;
    }
  };
  const invoke = (target: unknown, key: string, ...args: unknown[]): unknown => {
    try {
      const fn = get(target, key);
      return typeof fn === 'function' ? (fn as (...a: unknown[]) => unknown).apply(target, args) : undefined;
    } catch {
      return undefined;
    }
  };
  try {
    const bx = get(win, 'BX');
    // BX.message keeps every message as its own property; calling it for a missing key fires a debug event.
    const message = (key: string): unknown => get(get(bx, 'message'), key) ?? invoke(bx, 'message', key);
    const sessid = invoke(bx, 'bitrix_sessid') ?? message('bitrix_sessid');
    if (typeof sessid === 'string' && /^[A-Za-z0-9]{8,128}$/.test(sessid)) globals.token = sessid;
    const userId = message('USER_ID');
    if ((typeof userId === 'string' || typeof userId === 'number') && /^[1-9]\d{0,18}$/.test(String(userId))) globals.userId = String(userId);
    // BX.message('CURRENCY') (catalog/currency pages): { RUB: { BASE: 'Y', … }, … }.
    const currencies = message('CURRENCY');
    if (typeof currencies === 'object' && currencies !== null) {
      for (const code of Object.keys(currencies)) {
        if (/^[A-Z]{3}$/.test(code) && get(get(currencies, code), 'BASE') === 'Y') globals.currency = code;
      }
    }
    const nameEl = invoke(get(win, 'document'), 'getElementById', 'user-name');
    const name = get(nameEl, 'textContent');
    if (typeof name === 'string' && name.trim() !== '' && name.trim().length <= 300) globals.userName = name.replace(/\s+/g, ' ').trim();
  } catch {
    // A page that throws on access gives us nothing more.
  }
  return globals;
}

export const bitrix24Adapter: CrmAdapter = {
  crm: 'bitrix24',
  label: CRM,
  matches: matchesCloud,
  // About 2 requests a second per portal.
  minRequestIntervalMs: 500,

  readPageGlobals,

  async read(ctx: ReadContext): Promise<Snapshot> {
    if (isDealDetailsPage(ctx.url)) {
      // The slider frame of one deal: the board behind it is read by its own frame.
      return {
        ...emptySnapshot(ctx, pageCurrency(ctx) ?? 'RUB'),
        problems: [{ code: 'nothing-to-read', message: `${CRM}: ${ctx.url.pathname} is one deal's card (a slider frame); nothing to read here` }],
      };
    }
    const sessid = ctx.pageGlobals?.token;
    if (sessid === undefined || !SESSID.test(sessid)) {
      return readPage(ctx, ctx.pageGlobals === null ? 'the page script did not answer, so there is no session token (sessid)' : 'the page gave no session token (BX.bitrix_sessid())');
    }
    try {
      return await readApi(ctx, sessid);
    } catch (error) {
      if (error instanceof Bitrix24RateLimitError) throw error;
      return readPage(ctx, describe(error));
    }
  },
  cardIndex: (root: ParentNode) => indexCards(root, SELECTORS.card, 'data-id'),
};
