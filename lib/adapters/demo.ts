// Adapter for the bundled demo CRM ("ДемоCRM", tests/demo-crm): its amoCRM-like JSON API first, the kanban page as the fallback.
import { startOfWeek, subDays, subWeeks } from 'date-fns';
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
import { parseDays, parseMoney } from '../parse';
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
  RecordReader,
  seen,
  skipped,
  text,
  type Json,
  type Mapped,
  type SelectorList, mapEmbeddedPipeline, fit, pathSegment, saneMs, sameOriginLink } from './kit';
import type { CrmAdapter, FetchJson, ReadContext, ReadResult } from './types';

export { mapAll, type Mapped } from './kit';

const CRM = 'Demo CRM';
const API = '/api/v1';
/** Largest page the API serves (as in amoCRM). */
export const PAGE_LIMIT = 250;
/** Safety stop: 400 pages of 250 is 100 000 records of one kind. */
const MAX_PAGES = 400;
/** Incremental reads start a little before the last read, so a clock skew or a slow write is not missed. */
const SINCE_MARGIN_MS = 5 * 60 * 1000;

export const SELECTORS = {
  // Newest markup first; keep older alternatives while users may still see them.
  board: ['.kanban[data-pipeline-id]'],
  column: ['.kanban__column[data-stage-id]'],
  columnTitle: ['.kanban__column-title'],
  card: ['.lead-card[data-id]'],
  title: ['.lead-card__title'],
  price: ['.lead-card__price'],
  client: ['.lead-card__client'],
  owner: ['.lead-card__owner[data-user-id]', '.lead-card__owner'],
  days: ['.lead-card__days'],
  created: ['time.lead-card__created[datetime]'],
  activePipelineTab: ['.pipeline-tabs__tab--active'],
  userSwitch: ['select#user-switch', 'select.crm-user-switch__select'],
  accountName: ['.crm-header__account'],
} as const;

// ---------------------------------------------------------------- mapping: API JSON → model

/** The lead a task or call belongs to: `entity_type: "leads"` and `entity_id`. */
function leadLink(json: Json): string | null {
  const type = json.entity_type;
  if (type !== undefined && type !== null && type !== 'leads' && type !== 'lead') return null;
  return idOf(json.entity_id);
}

export interface AccountInfo {
  name: string;
  currency: string;
  currentUserId: string | null;
}

export function mapAccount(json: unknown, fallbackName: string): Mapped<AccountInfo> {
  const obj = asObject(json);
  if (!obj) return { item: null, problems: [{ code: 'record-invalid', message: `${CRM}: the account answer is not an object (seen ${seen(json)})` }] };
  const problems: Problem[] = [];
  const name = fit.name(typeof obj.name === 'string' && obj.name.trim() !== '' ? obj.name : fallbackName);
  let currency = typeof obj.currency === 'string' ? obj.currency.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(currency)) {
    problems.push({ code: 'field-invalid', message: `${CRM}: account field "currency" is not an ISO code (seen ${seen(obj.currency)}); assumed RUB`, field: 'currency' });
    currency = 'RUB';
  }
  const currentUserId = idOf(obj.current_user_id);
  if (currentUserId === null) {
    problems.push({ code: 'field-missing', message: `${CRM}: account field "current_user_id" is missing (seen ${seen(obj.current_user_id)}); the current user is unknown`, field: 'current_user_id' });
  }
  return { item: { name, currency, currentUserId }, problems };
}

export function mapUser(json: unknown): Mapped<ManagerFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'user', json);
  const r = new RecordReader(CRM, obj, 'user');
  const crmId = r.requiredId('id');
  const name = r.requiredString('name');
  if (crmId === null || name === null) return skipped(r);
  const active = booleanOf(obj.is_active);
  return done(r, fit.manager({ crmId, name, title: r.optionalString('position'), active: active ?? true }));
}

const STAGE_KINDS: readonly StageKind[] = ['open', 'won', 'lost'];

export function mapPipeline(json: unknown, index: number): Mapped<{ pipeline: PipelineFields; stages: StageFields[] }> {
  return mapEmbeddedPipeline(CRM, json, index, mapStage);
}

export function mapStage(json: unknown, pipelineId: string, index: number): Mapped<StageFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'stage', json);
  const r = new RecordReader(CRM, obj, 'stage');
  const crmId = r.requiredId('id');
  const name = r.requiredString('name');
  const kind = STAGE_KINDS.find((k) => k === obj.kind) ?? r.skip('kind', 'is not "open", "won" or "lost"', obj.kind);
  if (crmId === null || name === null || kind === null) return skipped(r);
  return done(r, fit.stage({ crmId, pipelineId: idOf(obj.pipeline_id) ?? pipelineId, name, order: r.optionalNumber('sort') ?? index, kind }));
}

export interface LeadContext {
  /** The CRM page origin, for deal links. */
  origin: string;
  currency: string;
  /** Stage id → kind, from the pipelines. */
  stageKinds: ReadonlyMap<string, StageKind>;
}

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
  const status = ctx.stageKinds.get(stageId);
  if (status === undefined) {
    r.problems.push({
      code: 'stage-unknown',
      message: `${CRM}: lead ${crmId} skipped: its stage "status_id" ${stageId} is not in any pipeline the API listed`,
      itemId: crmId,
      field: 'status_id',
    });
    return skipped(r);
  }
  const amount = r.optionalNumber('price');
  const embedded = asObject(obj._embedded);
  const company = Array.isArray(embedded?.companies) ? asObject(embedded.companies[0]) : null;
  const reason = Array.isArray(embedded?.loss_reason) ? asObject(embedded.loss_reason[0]) : null;
  const lossReason = typeof reason?.name === 'string' ? reason.name : r.optionalString('loss_reason');
  return done(r, fit.deal({
    crmId,
    title,
    amount,
    currency: ctx.currency,
    pipelineId,
    stageId,
    status,
    ownerId,
    createdAt,
    stageEnteredAt: r.optionalTime('status_changed_at'),
    updatedAt,
    closedAt: r.optionalTime('closed_at'),
    lossReason: status === 'lost' ? lossReason : null,
    client: typeof company?.name === 'string' && company.name.trim() !== '' ? company.name : null,
    nextTaskAt: r.optionalTime('closest_task_at'),
    url: `${ctx.origin}/leads/detail/${pathSegment(crmId)}`,
  }));
}

// Lookups keyed by CRM text are Maps: a type "constructor" must not find Object.prototype.
const TASK_TYPES: ReadonlyMap<string, TaskType> = new Map([['1', 'call'], ['2', 'meeting'], ['3', 'email']]);

export function mapTask(json: unknown): Mapped<TaskFields> {
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
    type: (typeId === null ? undefined : TASK_TYPES.get(typeId)) ?? 'other',
    text: typeof obj.text === 'string' ? obj.text : '',
    dueAt,
    done: isDone,
    doneAt: isDone ? r.optionalTime('completed_at') : null,
    ownerId,
    dealId: leadLink(obj),
  }));
}

const DIRECTIONS: ReadonlyMap<string, CallDirection> = new Map([
  ['inbound', 'in'], ['in', 'in'], ['call_in', 'in'], ['outbound', 'out'], ['out', 'out'], ['call_out', 'out'],
]);

export function mapCall(json: unknown): Mapped<ActivityFields> {
  const obj = asObject(json);
  if (!obj) return notAnObject(CRM, 'call', json);
  const r = new RecordReader(CRM, obj, 'call');
  const crmId = r.requiredId('id');
  const at = r.requiredTime('created_at');
  const ownerId = r.requiredId('responsible_user_id');
  const rawType = obj.type ?? 'call';
  const type = rawType === 'call' || rawType === 'meeting' ? rawType : r.skip('type', 'is not "call" or "meeting"', rawType);
  if (crmId === null || at === null || ownerId === null || type === null) return skipped(r);
  let durationSec = r.optionalNumber('duration');
  if (durationSec !== null && durationSec < 0) {
    r.warn('duration', 'is negative', obj.duration);
    durationSec = null;
  }
  return done(r, fit.activity({
    crmId,
    type,
    at,
    ownerId,
    dealId: leadLink(obj),
    durationSec,
    direction: typeof obj.direction === 'string' ? (DIRECTIONS.get(obj.direction) ?? null) : null,
    outcome: r.optionalString('result'),
  }));
}

// ---------------------------------------------------------------- reading the API

class ApiShapeError extends Error {}

function embeddedList(body: unknown, key: string, path: string): unknown[] {
  // An empty page may come back as 204 No Content (amoCRM does that): no records.
  if (body === null || body === undefined) return [];
  const list = asObject(asObject(body)?._embedded)?.[key];
  if (!Array.isArray(list)) throw new ApiShapeError(`${path} answered without an "_embedded.${key}" list (seen ${seen(body)})`);
  return list;
}

function hasNext(body: unknown): boolean {
  return asObject(asObject(asObject(body)?._links)?.next) !== null;
}

/** Every page of a list endpoint, following `_links.next`. */
async function readPages(fetchJson: FetchJson, resource: string, filters: Record<string, string>, problems: Problem[]): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ ...filters, page: String(page), limit: String(PAGE_LIMIT) });
    const path = `${API}/${resource}?${query.toString()}`;
    const body = await fetchJson(path);
    const list = embeddedList(body, resource, `${API}/${resource}`);
    items.push(...list);
    if (list.length === 0 || !hasNext(body)) return items;
  }
  problems.push({ code: 'page-limit', message: `${CRM}: stopped reading ${resource} after ${MAX_PAGES} pages of ${PAGE_LIMIT}; older records were not read` });
  return items;
}

const unix = (ms: number) => String(Math.floor(ms / 1000));

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Calls are read from the start of the week 5 weeks ago at most (or since the last read, if later). */
export function callsFrom(now: Date, since: number | null): number {
  const oldest = startOfWeek(subWeeks(now, 5), { weekStartsOn: 1 }).getTime();
  return since === null ? oldest : Math.max(oldest, since - SINCE_MARGIN_MS);
}

async function readApi(ctx: ReadContext): Promise<Snapshot> {
  const { fetchJson, now } = ctx;
  const origin = ctx.url.origin;
  const problems: Problem[] = [];

  const account = mapAccount(await fetchJson(`${API}/account`), ctx.url.hostname);
  problems.push(...account.problems);
  if (!account.item) throw new ApiShapeError(`${API}/account answered something that is not an account`);
  const { name, currency, currentUserId } = account.item;
  // Another user sees other deals: "changed since" only holds for the user of the last read.
  const since = ctx.since !== null && ctx.since.userId === currentUserId ? ctx.since.at : null;

  const users = mapAll(await readPages(fetchJson, 'users', {}, problems), mapUser);
  problems.push(...users.problems);

  const pipelineList = embeddedList(await fetchJson(`${API}/pipelines`), 'pipelines', `${API}/pipelines`);
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

  const leadFilter: Record<string, string> = since === null ? {} : { 'filter[updated_at][from]': unix(since - SINCE_MARGIN_MS) };
  const leads = mapAll(await readPages(fetchJson, 'leads', leadFilter, problems), (json) => mapLead(json, { origin, currency, stageKinds }));
  problems.push(...leads.problems);

  // Tasks and calls are secondary: if one of them fails, the deals still count.
  let tasks: TaskFields[] = [];
  try {
    const mapped = mapAll(await readPages(fetchJson, 'tasks', leadFilter, problems), mapTask);
    tasks = mapped.items;
    problems.push(...mapped.problems);
  } catch (error) {
    problems.push({ code: 'tasks-unavailable', message: `${CRM}: could not read tasks (${describe(error)}); deals and calls were read` });
  }
  let activities: ActivityFields[] = [];
  try {
    const filter = { 'filter[created_at][from]': unix(callsFrom(now, since)) };
    const mapped = mapAll(await readPages(fetchJson, 'calls', filter, problems), mapCall);
    activities = mapped.items;
    problems.push(...mapped.problems);
  } catch (error) {
    problems.push({ code: 'calls-unavailable', message: `${CRM}: could not read calls (${describe(error)}); deals and tasks were read` });
  }

  return {
    crm: 'demo',
    account: origin,
    accountName: name,
    currency,
    readAt: now.getTime(),
    source: 'api',
    currentUserId,
    managers: users.items,
    pipelines,
    stages,
    deals: leads.items,
    tasks,
    activities,
    problems,
  };
}

// ---------------------------------------------------------------- the kanban page (fallback)

function problemAt(code: string, message: string, itemId: string | undefined, field: string, selectors: SelectorList): Problem {
  return { code, message, ...(itemId === undefined ? {} : { itemId }), field, selector: selectors.join(', ') };
}

/** The board's currency (`data-currency`) when it is an ISO code; null otherwise. */
function boardCurrency(board: Element | null): string | null {
  const code = board?.getAttribute('data-currency')?.trim() ?? '';
  return /^[A-Z]{3}$/.test(code) ? code : null;
}

/** Reads the deal cards of a kanban board. Stage kind, pipeline and owner id come from data attributes the board carries. */
export function readKanban(root: ParentNode, now: Date, origin: string): ReadResult<DealFields> {
  const items: DealFields[] = [];
  const problems: Problem[] = [];
  const seenIds = new Set<string>();
  const badCurrencies = new Set<string>();
  for (const card of all(root, SELECTORS.card)) {
    const rawId = card.getAttribute('data-id') ?? '';
    const crmId = idOf(rawId);
    if (crmId === null) {
      problems.push(problemAt('layout-changed', `${CRM} board: a card skipped: its data-id is not an id (seen ${seen(rawId)})`, undefined, 'crmId', SELECTORS.card));
      continue;
    }
    if (seenIds.has(crmId)) continue;
    seenIds.add(crmId);
    const skip = (code: string, what: string, field: string, selectors: SelectorList) => {
      problems.push(problemAt(code, `${CRM} board: card ${crmId} skipped: ${what}`, crmId, field, selectors));
    };

    const titleEl = first(card, SELECTORS.title);
    const title = text(titleEl);
    if (title === '') {
      skip('layout-changed', 'no title found', 'title', SELECTORS.title);
      continue;
    }
    const column = closest(card, SELECTORS.column);
    const stageId = idOf(column?.getAttribute('data-stage-id') ?? card.getAttribute('data-stage-id'));
    if (stageId === null) {
      skip('layout-changed', 'no stage column around it', 'stageId', SELECTORS.column);
      continue;
    }
    const kind = STAGE_KINDS.find((k) => k === column?.getAttribute('data-stage-kind'));
    if (!kind) {
      skip('layout-changed', `its column has no data-stage-kind (seen ${seen(column?.getAttribute('data-stage-kind'))})`, 'status', SELECTORS.column);
      continue;
    }
    const board = closest(card, SELECTORS.board);
    const pipelineId = idOf(board?.getAttribute('data-pipeline-id'));
    if (pipelineId === null) {
      skip('layout-changed', 'no board with data-pipeline-id around it', 'pipelineId', SELECTORS.board);
      continue;
    }
    const ownerEl = first(card, SELECTORS.owner);
    const ownerId = idOf(ownerEl?.getAttribute('data-user-id'));
    if (ownerId === null) {
      skip('layout-changed', `no responsible user id (seen owner ${seen(text(ownerEl))})`, 'ownerId', SELECTORS.owner);
      continue;
    }

    let amount: number | null = null;
    const declared = boardCurrency(board);
    if (declared === null && board?.hasAttribute('data-currency')) badCurrencies.add(board.getAttribute('data-currency') ?? '');
    let currency = declared ?? 'RUB';
    const priceEl = first(card, SELECTORS.price);
    const priceText = text(priceEl);
    if (!priceEl) {
      problems.push(problemAt('amount-missing', `${CRM} board: card ${crmId} shows no amount element`, crmId, 'amount', SELECTORS.price));
    } else if (!priceEl.classList.contains('lead-card__price--empty') && !/не указан|not set/i.test(priceText)) {
      const money = parseMoney(priceText);
      if (money === null) {
        problems.push(problemAt('amount-unreadable', `${CRM} board: card ${crmId} amount ${seen(priceText)} is not a number`, crmId, 'amount', SELECTORS.price));
      } else {
        amount = money.value;
        currency = money.currency ?? currency;
      }
    }

    const daysEl = first(card, SELECTORS.days);
    const days = daysEl ? parseDays(text(daysEl)) : null;
    const stageEnteredAt = days === null ? null : saneMs(subDays(now, days).getTime());
    if (stageEnteredAt === null) {
      problems.push(problemAt('days-unreadable', `${CRM} board: card ${crmId} days in stage ${seen(text(daysEl))} unreadable`, crmId, 'stageEnteredAt', SELECTORS.days));
    }

    const createdRaw = first(card, SELECTORS.created)?.getAttribute('datetime') ?? '';
    let createdAt = saneMs(Date.parse(createdRaw));
    if (createdAt === null) {
      problems.push(problemAt('created-unreadable', `${CRM} board: card ${crmId} creation date ${seen(createdRaw)} unreadable; used the stage date`, crmId, 'createdAt', SELECTORS.created));
      createdAt = stageEnteredAt ?? now.getTime();
    }

    const url = sameOriginLink(titleEl?.getAttribute('href'), origin)?.href ?? `${origin}/leads/detail/${pathSegment(crmId)}`;
    const clientText = text(first(card, SELECTORS.client));
    items.push(fit.deal({
      crmId,
      title,
      amount,
      currency,
      pipelineId,
      stageId,
      status: kind,
      ownerId,
      createdAt,
      stageEnteredAt,
      // The page does not say when the deal last changed: the stage date is the latest change we know of,
      // so a page read never overwrites a fresher API read.
      updatedAt: stageEnteredAt ?? createdAt,
      closedAt: kind === 'open' ? null : stageEnteredAt,
      lossReason: null,
      client: clientText === '' ? null : clientText,
      nextTaskAt: null,
      url,
    }));
  }
  for (const code of badCurrencies) {
    problems.push({ code: 'field-invalid', message: `${CRM} board: data-currency ${seen(code)} is not an ISO code; amounts without a currency sign taken as RUB`, field: 'currency', selector: SELECTORS.board.join(', ') });
  }
  return { items, problems };
}

/** The columns of the board on the page, as stages; its pipeline from the active tab. */
export function readKanbanStages(root: ParentNode): { pipelines: PipelineFields[]; stages: StageFields[] } {
  const board = first(root, SELECTORS.board);
  const pipelineId = idOf(board?.getAttribute('data-pipeline-id'));
  if (!board || pipelineId === null) return { pipelines: [], stages: [] };
  const name = board.getAttribute('data-pipeline-name') ?? text(first(root, SELECTORS.activePipelineTab));
  const stages: StageFields[] = [];
  all(board, SELECTORS.column).forEach((column, i) => {
    const crmId = idOf(column.getAttribute('data-stage-id'));
    const kind = STAGE_KINDS.find((k) => k === column.getAttribute('data-stage-kind'));
    if (crmId === null || !kind) return;
    const sort = Number(column.getAttribute('data-stage-sort'));
    stages.push(fit.stage({ crmId, pipelineId, name: text(first(column, SELECTORS.columnTitle)) || crmId, order: Number.isFinite(sort) ? sort : i, kind }));
  });
  return { pipelines: [fit.pipeline({ crmId: pipelineId, name: name || pipelineId, order: 0 })], stages };
}

/** Users from the "Вы вошли как" switch: everyone, and which one is signed in. */
export function readUserSwitch(root: ParentNode): { managers: ManagerFields[]; currentUserId: string | null } {
  const select = first(root, SELECTORS.userSwitch);
  if (!select) return { managers: [], currentUserId: null };
  const managers: ManagerFields[] = [];
  let currentUserId: string | null = null;
  for (const option of select.querySelectorAll('option')) {
    const crmId = idOf(option.getAttribute('value'));
    if (crmId === null) continue;
    managers.push(fit.manager({ crmId, name: text(option), title: option.getAttribute('data-title'), active: true }));
    if (option.hasAttribute('selected')) currentUserId = crmId;
  }
  // An empty or odd data-current-user-id is not an id: the selected option tells.
  return { managers, currentUserId: idOf(select.getAttribute('data-current-user-id')) ?? currentUserId };
}

function readPage(ctx: ReadContext, reason: string): Snapshot {
  const doc = ctx.document;
  const origin = ctx.url.origin;
  const cards = readKanban(doc, ctx.now, origin);
  const { pipelines, stages } = readKanbanStages(doc);
  const users = readUserSwitch(doc);
  const board = first(doc, SELECTORS.board);
  const accountName = fit.name(text(first(doc, SELECTORS.accountName)) || ctx.url.hostname);
  return {
    crm: 'demo',
    account: origin,
    accountName,
    currency: boardCurrency(board) ?? 'RUB',
    readAt: ctx.now.getTime(),
    source: 'page',
    currentUserId: users.currentUserId,
    managers: users.managers,
    pipelines,
    stages,
    deals: cards.items,
    tasks: [],
    activities: [],
    problems: [
      {
        code: 'api-unavailable',
        message: `${CRM}: API unavailable (${reason}), read ${cards.items.length} cards from the page ${ctx.url.pathname}; tasks and calls were not read`,
      },
      ...cards.problems,
    ],
  };
}

export const demoAdapter: CrmAdapter = {
  crm: 'demo',
  label: CRM,
  matches(url: URL): boolean {
    return (url.protocol === 'http:' || url.protocol === 'https:') && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  },
  async read(ctx: ReadContext): Promise<Snapshot> {
    try {
      return await readApi(ctx);
    } catch (error) {
      return readPage(ctx, describe(error));
    }
  },
  cardIndex(root: ParentNode): Map<string, Element> {
    const index = new Map<string, Element>();
    for (const card of all(root, SELECTORS.card)) {
      const id = card.getAttribute('data-id');
      if (id) index.set(id, card);
    }
    return index;
  },
};
