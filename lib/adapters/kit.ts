// Building blocks every adapter shares: selector lists with alternatives, tolerant JSON field readers, problems that name the CRM.
import type { ActivityFields, DealFields, ManagerFields, PipelineFields, Problem, StageFields, TaskFields } from '../model';
import type { ReadResult } from './types';

export type SelectorList = readonly string[];

export function first(root: ParentNode, selectors: SelectorList): Element | null {
  for (const selector of selectors) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

export function all(root: ParentNode, selectors: SelectorList): Element[] {
  for (const selector of selectors) {
    const found = root.querySelectorAll(selector);
    if (found.length > 0) return [...found];
  }
  return [];
}

export function closest(el: Element, selectors: SelectorList): Element | null {
  for (const selector of selectors) {
    const found = el.closest(selector);
    if (found) return found;
  }
  return null;
}

export const text = (el: Element | null): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------- tolerant JSON field readers

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

export function seen(value: unknown): string {
  if (value === undefined) return 'nothing';
  const shown = JSON.stringify(value) ?? String(value);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

// ---------------------------------------------------------------- what the background accepts (lib/messages.ts)

/** Longest texts the background accepts (the valibot schemas of lib/messages.ts): one longer text refuses the whole snapshot part. */
export const MAX_TEXT = { id: 200, name: 300, title: 1000, client: 500, lossReason: 1000, taskText: 2000, outcome: 300 } as const;

/** A string with a lone surrogate ("\ud800" is valid JSON): encodeURIComponent throws on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ANYWHERE = new RegExp(LONE_SURROGATE.source, 'g');

export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** One segment of a link path; never throws (a lone surrogate becomes U+FFFD instead of a URIError). */
export function pathSegment(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE_ANYWHERE, '\uFFFD'));
}

/** Longest deal link the background accepts. */
export const MAX_URL = 2000;

/** A same-origin http(s) link (an `href` resolved against `base`) no longer than the background accepts; null otherwise. */
export function sameOriginLink(href: string | null | undefined, base: URL | string): URL | null {
  if (href === null || href === undefined || href.trim() === '') return null;
  try {
    const baseUrl = new URL(base);
    const url = new URL(href, baseUrl);
    return url.origin === baseUrl.origin && (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= MAX_URL ? url : null;
  } catch {
    return null;
  }
}

/**
 * Text cut to `max` UTF-16 units, ending in "…" when it was cut (never splitting an emoji's surrogate pair). A CRM text
 * longer than the background accepts is kept shortened rather than losing the whole read; nothing else is lost.
 */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max - 1;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}

const clipOrNull = (value: string | null, max: number): string | null => (value === null ? null : clip(value, max));

/** Records with every text clipped to what the background accepts: applied by each adapter to what it hands over. */
export const fit = {
  manager: (m: ManagerFields): ManagerFields => ({ ...m, name: clip(m.name, MAX_TEXT.name), title: clipOrNull(m.title, MAX_TEXT.name) }),
  pipeline: (p: PipelineFields): PipelineFields => ({ ...p, name: clip(p.name, MAX_TEXT.name) }),
  stage: (s: StageFields): StageFields => ({ ...s, name: clip(s.name, MAX_TEXT.name) }),
  deal: (d: DealFields): DealFields => ({
    ...d,
    title: clip(d.title, MAX_TEXT.title),
    lossReason: clipOrNull(d.lossReason, MAX_TEXT.lossReason),
    client: clipOrNull(d.client, MAX_TEXT.client),
  }),
  task: (t: TaskFields): TaskFields => ({ ...t, text: clip(t.text, MAX_TEXT.taskText) }),
  activity: (a: ActivityFields): ActivityFields => ({ ...a, outcome: clipOrNull(a.outcome, MAX_TEXT.outcome) }),
  /** An account or manager name. */
  name: (name: string): string => clip(name, MAX_TEXT.name),
} as const;

/** A string with something in it, trimmed; null for anything else. */
export function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** An id: a finite number or a non-empty string of at most 200 well-formed characters ("123" and 123 are the same id). */
export function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const id = value.trim();
  return id !== '' && id.length <= MAX_TEXT.id && isWellFormed(id) ? id : null;
}

/** The instants a CRM record may carry: 2000-01-01 to 2100-01-01 UTC. Anything else is a unit mix-up (ms sent as seconds) or garbage, and would break dates later (the CSV export). */
export const EARLIEST_MS = Date.UTC(2000, 0, 1);
export const LATEST_MS = Date.UTC(2100, 0, 1);

/** Epoch ms within EARLIEST_MS..LATEST_MS, else null. */
export function saneMs(ms: number | null): number | null {
  return ms !== null && Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS ? ms : null;
}

/** How a CRM writes times: what problems call the format, and a parser to epoch ms of any year (null: not such a time). */
export interface TimeFormat {
  name: string;
  parse(value: unknown): number | null;
}

/** A time in `format`, kept only within 2000..2100. */
export function timeIn(format: TimeFormat, value: unknown): number | null {
  return saneMs(format.parse(value));
}

/** Why a time field was not read: missing, not in `format` at all, or a time outside 2000..2100. */
export function timeFault(value: unknown, format: TimeFormat): string {
  if (isAbsent(value)) return 'is missing';
  return format.parse(value) === null ? `is not ${format.name}` : 'is not a time between 2000 and 2100';
}

/** A number, or a string holding one. */
export function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export const UNIX_SECONDS: TimeFormat = {
  name: 'unix seconds',
  parse(value) {
    const n = numberOf(value);
    return n === null ? null : Math.round(n * 1000);
  },
};

/** Unix seconds (number or numeric string) → epoch ms; null outside 2000..2100 (see saneMs). */
export function unixMs(value: unknown): number | null {
  return timeIn(UNIX_SECONDS, value);
}

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function booleanOf(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  return null;
}

/** One mapped record: the item (null when skipped) and what was wrong with it. */
export interface Mapped<T> {
  item: T | null;
  problems: Problem[];
}


/** Reads the fields of one API record, collecting problems that name the CRM, the record and the field. */
export class RecordReader {
  readonly problems: Problem[] = [];
  readonly id: string | null;
  constructor(
    /** The CRM as people call it, first word of every problem ("amoCRM", "Bitrix24"). */
    readonly crm: string,
    readonly json: Json,
    readonly entity: string,
    idField = 'id',
  ) {
    this.id = idOf(json[idField]);
  }
  private label(): string {
    return `${this.crm}: ${this.entity} ${this.id ?? '(without id)'}`;
  }
  skip(field: string, why: string, value: unknown): null {
    this.problems.push({
      code: isAbsent(value) ? 'field-missing' : 'field-invalid',
      message: `${this.label()} skipped: field "${field}" ${why} (seen ${seen(value)})`,
      ...(this.id === null ? {} : { itemId: this.id }),
      field,
    });
    return null;
  }
  warn(field: string, why: string, value: unknown): void {
    this.problems.push({
      code: 'field-invalid',
      message: `${this.label()}: field "${field}" ${why} (seen ${seen(value)}); kept the record without it`,
      ...(this.id === null ? {} : { itemId: this.id }),
      field,
    });
  }
  requiredId(field: string): string | null {
    const value = this.json[field];
    return idOf(value) ?? this.skip(field, isAbsent(value) ? 'is missing' : 'is not an id', value);
  }
  requiredString(field: string): string | null {
    const value = this.json[field];
    return typeof value === 'string' ? value : this.skip(field, isAbsent(value) ? 'is missing' : 'is not text', value);
  }
  requiredTime(field: string, format: TimeFormat = UNIX_SECONDS): number | null {
    const value = this.json[field];
    return timeIn(format, value) ?? this.skip(field, timeFault(value, format), value);
  }
  optionalTime(field: string, format: TimeFormat = UNIX_SECONDS): number | null {
    const value = this.json[field];
    if (isAbsent(value)) return null;
    const ms = timeIn(format, value);
    if (ms === null) this.warn(field, timeFault(value, format), value);
    return ms;
  }
  optionalNumber(field: string): number | null {
    const value = this.json[field];
    if (isAbsent(value)) return null;
    const n = numberOf(value);
    if (n === null) this.warn(field, 'is not a number', value);
    return n;
  }
  optionalString(field: string): string | null {
    const value = this.json[field];
    return typeof value === 'string' && value.trim() !== '' ? value : null;
  }
}

export function notAnObject(crm: string, entity: string, json: unknown): Mapped<never> {
  return {
    item: null,
    problems: [{ code: 'record-invalid', message: `${crm}: a ${entity} record is not an object (seen ${seen(json)})` }],
  };
}

export function done<T>(reader: RecordReader, item: T): Mapped<T> {
  return { item, problems: reader.problems };
}

export function skipped(reader: RecordReader): Mapped<never> {
  return { item: null, problems: reader.problems };
}

/** Maps a list, keeping what maps and collecting every problem. */
export function mapAll<T>(list: readonly unknown[], map: (json: unknown) => Mapped<T>): ReadResult<T> {
  const items: T[] = [];
  const problems: Problem[] = [];
  for (const json of list) {
    const mapped = map(json);
    problems.push(...mapped.problems);
    if (mapped.item !== null) items.push(mapped.item);
  }
  return { items, problems };
}

/** The board's cards by deal id (read from `attribute`), from the first selector that finds any: one pass for the overlay. */
export function indexCards(root: ParentNode, selectors: SelectorList, attribute: string): Map<string, Element> {
  const index = new Map<string, Element>();
  for (const selector of selectors) {
    const cards = root.querySelectorAll(selector);
    if (cards.length === 0) continue;
    for (const card of cards) {
      const id = card.getAttribute(attribute)?.trim();
      if (id && !index.has(id)) index.set(id, card);
    }
    break;
  }
  return index;
}

/** The HTTP status of a failed request, from the injected fetch's error ("HTTP 401 for /api/v1/users/me"). */
export function httpStatusOf(error: unknown): number | null {
  const status = asObject(error)?.status;
  if (typeof status === 'number') return status;
  const m = error instanceof Error ? /\bHTTP (\d{3})\b/.exec(error.message) : null;
  return m ? Number(m[1]) : null;
}

/** The value of one cookie in a `document.cookie` string. */
export function cookieValue(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/**
 * Keeps the first problems of each kind and one line counting the rest, so a bad page or export never
 * floods the user or the 500-problem limit of a snapshot. In the order they were found.
 */
export function condenseProblems(crm: string, problems: readonly Problem[], options: { perKind?: number; max?: number; fieldWord?: string } = {}): Problem[] {
  const { perKind = 20, max = 480, fieldWord = 'field' } = options;
  const counts = new Map<string, number>();
  const out: Problem[] = [];
  const overflow = new Map<string, { sample: Problem; rest: number }>();
  for (const problem of problems) {
    const kind = `${problem.code}|${problem.field ?? ''}`;
    const count = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, count);
    if (count <= perKind) out.push(problem);
    else overflow.set(kind, { sample: overflow.get(kind)?.sample ?? problem, rest: count - perKind });
  }
  const summaries: Problem[] = [...overflow.values()].slice(0, 100).map(({ sample, rest }) => ({
    code: sample.code,
    message: `${crm}: ${rest} more like this (${sample.code}${sample.field ? `, ${fieldWord} "${sample.field}"` : ''})`,
    ...(sample.field === undefined ? {} : { field: sample.field }),
  }));
  const room = max - summaries.length;
  if (out.length <= room) return [...out, ...summaries];
  return [...out.slice(0, room), ...summaries, { code: 'problems-truncated', message: `${crm}: ${out.length - room} more problems not shown` }];
}

/**
 * One pipeline in the amoCRM-style shape `{ id, name, sort, _embedded: { statuses: [...] } }` (amoCRM
 * and the demo CRM), each status mapped by the CRM's own `mapStage`.
 */
export function mapEmbeddedPipeline(
  crm: string,
  json: unknown,
  index: number,
  mapStage: (status: unknown, pipelineId: string, index: number) => Mapped<StageFields>,
): Mapped<{ pipeline: PipelineFields; stages: StageFields[] }> {
  const obj = asObject(json);
  if (!obj) return notAnObject(crm, 'pipeline', json);
  const r = new RecordReader(crm, obj, 'pipeline');
  const crmId = r.requiredId('id');
  const name = r.requiredString('name');
  if (crmId === null || name === null) return skipped(r);
  const order = r.optionalNumber('sort') ?? index;
  const statuses = asObject(obj._embedded)?.statuses;
  const stages: StageFields[] = [];
  const problems = [...r.problems];
  if (!Array.isArray(statuses)) {
    problems.push({ code: 'field-missing', message: `${crm}: pipeline ${crmId} has no "_embedded.statuses" list (seen ${seen(statuses)})`, itemId: crmId, field: '_embedded.statuses' });
  } else {
    statuses.forEach((status, i) => {
      const mapped = mapStage(status, crmId, i);
      problems.push(...mapped.problems);
      if (mapped.item) stages.push(mapped.item);
    });
  }
  return { item: { pipeline: fit.pipeline({ crmId, name, order }), stages: stages.map(fit.stage) }, problems };
}
