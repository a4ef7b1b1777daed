// The demo CRM's JSON API, shaped after amoCRM v4: `_embedded` lists, `page`/`limit` with `_links.next`, unix seconds.
import type { DemoActivity, DemoData, DemoDeal, DemoPipeline, DemoTask, DemoUser } from './data';

export const API_PREFIX = '/api/v1';
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 250;

/** What a signed-in user may see: the head sees everything, a manager only their own records. */
export function canSee(viewer: DemoUser, ownerId: string): boolean {
  return viewer.isHead || viewer.id === ownerId;
}

export const unix = (ms: number): number => Math.floor(ms / 1000);
const unixOrNull = (ms: number | null): number | null => (ms === null ? null : unix(ms));

export const LOSS_REASON_IDS: Record<string, number> = {
  Дорого: 501,
  'Выбрали конкурента': 502,
  'Нет бюджета': 503,
  'Не дозвонились': 504,
  Неактуально: 505,
};

/** Stable company ids: one per client name, in order of first appearance. */
export function companyIds(data: DemoData): Map<string, number> {
  const ids = new Map<string, number>();
  for (const deal of data.deals) if (!ids.has(deal.client)) ids.set(deal.client, 3001 + ids.size);
  return ids;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
  get body() {
    return { title: this.title, type: `https://httpstatus.es/${this.status}`, status: this.status, detail: this.message };
  }
}

export function accountJson(data: DemoData, viewer: DemoUser) {
  return {
    id: Number(data.account.id),
    name: data.account.name,
    subdomain: data.account.subdomain,
    currency: data.account.currency,
    currency_symbol: '₽',
    country: 'RU',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    current_user_id: Number(viewer.id),
    _links: { self: { href: `${API_PREFIX}/account` } },
  };
}

export function userJson(user: DemoUser) {
  return {
    id: Number(user.id),
    name: user.name,
    email: user.email,
    position: user.title,
    lang: 'ru',
    is_active: true,
    rights: { is_admin: user.isHead, leads: { view: user.isHead ? 'A' : 'M' } },
    _links: { self: { href: `${API_PREFIX}/users/${user.id}` } },
  };
}

export function pipelineJson(pipeline: DemoPipeline) {
  return {
    id: Number(pipeline.id),
    name: pipeline.name,
    sort: pipeline.sort,
    is_main: pipeline.isMain,
    is_archive: false,
    _links: { self: { href: `${API_PREFIX}/pipelines/${pipeline.id}` } },
    _embedded: {
      statuses: pipeline.stages.map((stage) => ({
        id: Number(stage.id),
        name: stage.name,
        sort: stage.sort,
        pipeline_id: Number(pipeline.id),
        color: stage.color,
        /** "open" | "won" | "lost". */
        kind: stage.kind,
      })),
    },
  };
}

export function leadJson(deal: DemoDeal, companies: Map<string, number>) {
  const reasonId = deal.lossReason === null ? null : (LOSS_REASON_IDS[deal.lossReason] ?? 599);
  return {
    id: Number(deal.id),
    name: deal.title,
    price: deal.amount,
    responsible_user_id: Number(deal.ownerId),
    status_id: Number(deal.stageId),
    pipeline_id: Number(deal.pipelineId),
    loss_reason_id: reasonId,
    created_at: unix(deal.createdAt),
    updated_at: unix(deal.updatedAt),
    closed_at: unixOrNull(deal.closedAt),
    closest_task_at: unixOrNull(deal.nextTaskAt),
    /** When the deal entered its current stage (the demo CRM's addition to the amoCRM shape). */
    status_changed_at: unix(deal.stageEnteredAt),
    is_deleted: false,
    _links: { self: { href: `${API_PREFIX}/leads/${deal.id}` } },
    _embedded: {
      companies: [{ id: companies.get(deal.client) ?? 0, name: deal.client }],
      loss_reason: reasonId === null || deal.lossReason === null ? [] : [{ id: reasonId, name: deal.lossReason }],
    },
  };
}

export const TASK_TYPE_IDS = { call: 1, meeting: 2, email: 3 } as const;

export function taskJson(task: DemoTask) {
  return {
    id: Number(task.id),
    task_type_id: TASK_TYPE_IDS[task.type],
    text: task.text,
    complete_till: unix(task.dueAt),
    is_completed: task.done,
    completed_at: unixOrNull(task.doneAt),
    responsible_user_id: Number(task.ownerId),
    entity_type: task.dealId === null ? null : 'leads',
    entity_id: task.dealId === null ? null : Number(task.dealId),
    created_at: unix(task.createdAt),
    updated_at: unix(task.updatedAt),
    _links: { self: { href: `${API_PREFIX}/tasks/${task.id}` } },
  };
}

export function callJson(activity: DemoActivity) {
  return {
    id: Number(activity.id),
    /** "call" | "meeting". */
    type: activity.type,
    direction: activity.direction === null ? null : activity.direction === 'in' ? 'inbound' : 'outbound',
    /** Seconds. */
    duration: activity.durationSec,
    created_at: unix(activity.at),
    responsible_user_id: Number(activity.ownerId),
    entity_type: activity.dealId === null ? null : 'leads',
    entity_id: activity.dealId === null ? null : Number(activity.dealId),
    result: activity.outcome,
    phone: activity.phone,
    _links: { self: { href: `${API_PREFIX}/calls/${activity.id}` } },
  };
}

/** `filter[<field>][from|to]` as unix seconds → ms bounds; 400 for anything that is not a number. */
export function rangeFilter(query: URLSearchParams, field: string): { from: number; to: number } {
  const bound = (edge: 'from' | 'to', fallback: number) => {
    const raw = query.get(`filter[${field}][${edge}]`);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new ApiError(400, 'Bad Request', `filter[${field}][${edge}] must be unix seconds, got "${raw}"`);
    return n * 1000;
  };
  return { from: bound('from', -Infinity), to: bound('to', Infinity) };
}

/** `filter[responsible_user_id]=2,3` (or `filter[responsible_user_id][]=2`) → the set, or null for no filter. */
export function ownerFilter(query: URLSearchParams): Set<string> | null {
  const values = [...query.getAll('filter[responsible_user_id]'), ...query.getAll('filter[responsible_user_id][]')]
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return values.length > 0 ? new Set(values) : null;
}

/** One page of a list, with `_links.next` when more remain (amoCRM style; the page size is `limit`, at most 250). */
export function paged<T, J>(path: string, query: URLSearchParams, key: string, items: T[], toJson: (item: T) => J) {
  const pageRaw = query.get('page') ?? '1';
  const limitRaw = query.get('limit') ?? String(DEFAULT_LIMIT);
  const page = Number(pageRaw);
  const limit = Number(limitRaw);
  if (!Number.isInteger(page) || page < 1) throw new ApiError(400, 'Bad Request', `page must be a positive integer, got "${pageRaw}"`);
  if (!Number.isInteger(limit) || limit < 1) throw new ApiError(400, 'Bad Request', `limit must be a positive integer, got "${limitRaw}"`);
  const size = Math.min(limit, MAX_LIMIT);
  const slice = items.slice((page - 1) * size, page * size);
  const link = (n: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(n));
    q.set('limit', String(size));
    return { href: `${path}?${q.toString()}` };
  };
  const more = page * size < items.length;
  return {
    _page: page,
    _links: { self: link(page), ...(more ? { next: link(page + 1) } : {}), ...(page > 1 ? { prev: link(page - 1) } : {}) },
    _embedded: { [key]: slice.map(toJson) },
  };
}
