// Export, import and wipe of everything we store, and CSV for Excel: pure functions over the database.
//
// The JSON export format, version 1 (what `exportAll` writes and `importAll` reads):
//
//   {
//     "format": "sales-pace-export",
//     "version": 1,
//     "exportedAt": "2026-11-18T12:30:00.000Z",     ← ISO 8601, UTC; given by the caller
//     "tables": {
//       "accounts":   [ Account, … ],               ← lib/model.ts Account, sorted by `account`
//       "managers":   [ Manager, … ],               ← sorted by `key` ("<account>|<crmId>")
//       "pipelines":  [ … ], "stages": [ … ], "deals": [ … ], "tasks": [ … ], "activities": [ … ],
//       "settings":   [ { "id": "settings", "value": Settings } ]   ← zero or one row
//     }
//   }
//
// - Every table of the database is present, in the order above, even when empty.
// - Rows are sorted by primary key (code-unit order, as IndexedDB orders strings); the keys inside a
//   row are sorted alphabetically, one row per line. So the same data always gives the same bytes,
//   whatever order the rows were written in: export → wipe → import → export is byte-for-byte
//   identical when the caller passes the same `exportedAt` (the only part that depends on the clock).
// - The settings row holds the settings as the app reads them (`mergeSettings`), every field present.
// - Import refuses a file that is not this format or version, names the first wrong field, and
//   changes nothing; a good file replaces every table in one transaction.
import { format as formatDate } from 'date-fns';
import * as v from 'valibot';
import { DATA_TABLES, type SalesDb, type SettingsRow } from './db';
import { recordKey, type Account, type Activity, type Deal, type Manager, type Pipeline, type Stage, type Task } from './model';
import { mergeSettings } from './settings';

export const EXPORT_FORMAT = 'sales-pace-export';
export const EXPORT_VERSION = 1;
/** Every table, in file order. A test checks that this covers every table of the database. */
export const EXPORT_TABLES = ['accounts', ...DATA_TABLES, 'settings'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** Largest JSON text importAll reads, in characters (a file's size in bytes is at least that). */
export const MAX_IMPORT_SIZE = 200 * 1024 * 1024;
/** Largest number of rows of one table in a file. */
export const MAX_IMPORT_ROWS = 2_000_000;

export interface ExportTables {
  accounts: Account[];
  managers: Manager[];
  pipelines: Pipeline[];
  stages: Stage[];
  deals: Deal[];
  tasks: Task[];
  activities: Activity[];
  settings: SettingsRow[];
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  tables: ExportTables;
}

export type ImportErrorCode = 'too-large' | 'not-json' | 'wrong-format' | 'wrong-version' | 'invalid' | 'write-failed';
export type TableCounts = Record<ExportTable, number>;

export type ParseResult = { ok: true; file: ExportFile; counts: TableCounts } | ImportFailure;
export type ImportResult = { ok: true; counts: TableCounts } | ImportFailure;
/** `error` names what is wrong (in English, with the field path); `code` lets a screen say it in the user's language. */
export interface ImportFailure {
  ok: false;
  code: ImportErrorCode;
  error: string;
}

// ---------------------------------------------------------------------------------------------
// Export

/** Every table as the export format's text (see the top of this file). */
export async function exportAll(db: SalesDb, exportedAt: Date | number): Promise<string> {
  const tables = await db.transaction('r', db.tables, async () => {
    const [accounts, managers, pipelines, stages, deals, tasks, activities, settings] = await Promise.all([
      db.accounts.toArray(),
      db.managers.toArray(),
      db.pipelines.toArray(),
      db.stages.toArray(),
      db.deals.toArray(),
      db.tasks.toArray(),
      db.activities.toArray(),
      db.settings.toArray(),
    ]);
    return { accounts, managers, pipelines, stages, deals, tasks, activities, settings };
  });
  // The settings as the app reads them: a stored value from an older version exports complete and valid.
  const settings = tables.settings.map((row) => ({ id: row.id, value: mergeSettings(row.value) }));
  return serializeExport({ ...tables, settings }, new Date(exportedAt));
}

/** The export text for these rows: fixed table order, rows by primary key, keys sorted, one row per line. */
export function serializeExport(tables: ExportTables, exportedAt: Date): string {
  const lines = [
    '{',
    `  "format": ${JSON.stringify(EXPORT_FORMAT)},`,
    `  "version": ${EXPORT_VERSION},`,
    `  "exportedAt": ${JSON.stringify(exportedAt.toISOString())},`,
    '  "tables": {',
  ];
  EXPORT_TABLES.forEach((name, i) => {
    const comma = i < EXPORT_TABLES.length - 1 ? ',' : '';
    const rows = sortByPrimaryKey(name, tables[name] as readonly object[]);
    if (rows.length === 0) {
      lines.push(`    ${JSON.stringify(name)}: []${comma}`);
      return;
    }
    lines.push(`    ${JSON.stringify(name)}: [`);
    rows.forEach((row, j) => lines.push(`      ${JSON.stringify(canonical(row))}${j < rows.length - 1 ? ',' : ''}`));
    lines.push(`    ]${comma}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

const PRIMARY_KEY: Record<ExportTable, string> = {
  accounts: 'account',
  managers: 'key',
  pipelines: 'key',
  stages: 'key',
  deals: 'key',
  tasks: 'key',
  activities: 'key',
  settings: 'id',
};

function sortByPrimaryKey<T extends object>(table: ExportTable, rows: readonly T[]): T[] {
  const field = PRIMARY_KEY[table];
  const keyOf = (row: T) => String((row as Record<string, unknown>)[field]);
  // Plain `<` compares UTF-16 code units, the order IndexedDB keeps string keys in.
  return [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/** The same value with every object's keys in sorted order, so serialisation never depends on write order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Import

// Row schemas mirror lib/messages.ts (what ingest accepts) plus the keys ingest adds; strict, so a
// field we do not know is reported rather than dropped.
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const millis = v.pipe(v.number(), v.finite(), v.integer());
const currency = v.pipe(v.string(), v.regex(/^[A-Z]{3}$/));
const origin = v.pipe(v.string(), v.maxLength(300), v.url());
const keyedEntries = { key: v.pipe(v.string(), v.minLength(1), v.maxLength(600)), account: origin, crmId: id, seenAt: millis };

/** `key` must be what ingest would make of account and crmId, or later reads would duplicate the record. */
function keyed<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(
    v.strictObject({ ...keyedEntries, ...entries }),
    v.check((row) => {
      const { key, account, crmId } = row as v.InferOutput<v.ObjectSchema<typeof keyedEntries, undefined>>;
      return key === recordKey(account, crmId);
    }, 'key must be "<account>|<crmId>"'),
  );
}

const ProblemSchema = v.strictObject({
  code: text(80),
  message: text(1000),
  itemId: v.optional(text(200)),
  field: v.optional(text(200)),
  selector: v.optional(text(500)),
});

const AccountSchema = v.strictObject({
  account: origin,
  crm: v.picklist(['demo', 'amocrm', 'bitrix24', 'pipedrive', 'hubspot', 'generic']),
  name: text(300),
  currency,
  currentUserId: v.nullable(id),
  lastReadAt: millis,
  lastGoodReadAt: v.nullable(millis),
  cursor: v.nullable(v.strictObject({ at: millis, userId: v.nullable(id) })),
  problems: v.pipe(v.array(ProblemSchema), v.maxLength(500)),
});

const ManagerSchema = keyed({ name: text(300), title: v.nullable(text(300)), active: v.boolean() });
const PipelineSchema = keyed({ name: text(300), order: v.pipe(v.number(), v.finite()) });
const StageSchema = keyed({ pipelineId: id, name: text(300), order: v.pipe(v.number(), v.finite()), kind: v.picklist(['open', 'won', 'lost']) });
const DealFieldsSchema = keyed({
  title: text(1000),
  amount: v.nullable(v.pipe(v.number(), v.finite())),
  currency,
  pipelineId: id,
  stageId: id,
  status: v.picklist(['open', 'won', 'lost']),
  ownerId: id,
  createdAt: millis,
  stageEnteredAt: v.nullable(millis),
  updatedAt: millis,
  closedAt: v.nullable(millis),
  lossReason: v.nullable(text(1000)),
  client: v.nullable(text(500)),
  nextTaskAt: v.nullable(millis),
  url: v.pipe(v.string(), v.maxLength(2000), v.regex(/^https?:\/\//), v.url()),
});
// As at ingest (lib/messages.ts): a deal link opens its own account's site, nothing else becomes a link in our UI.
const DealSchema = v.pipe(
  DealFieldsSchema,
  v.check((deal) => {
    const { url, account } = deal as { url: string; account: string };
    return new URL(url).origin === new URL(account).origin;
  }, 'url must be on the account origin'),
);
const TaskSchema = keyed({
  type: v.picklist(['call', 'meeting', 'email', 'other']),
  text: text(2000),
  dueAt: millis,
  done: v.boolean(),
  doneAt: v.nullable(millis),
  ownerId: id,
  dealId: v.nullable(id),
});
const ActivitySchema = keyed({
  type: v.picklist(['call', 'meeting']),
  at: millis,
  ownerId: id,
  dealId: v.nullable(id),
  durationSec: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0))),
  direction: v.nullable(v.picklist(['in', 'out'])),
  outcome: v.nullable(text(300)),
});
// The value is checked against lib/settings.ts after parsing (see settingsProblem), so new settings need no change here.
const SettingsRowSchema = v.strictObject({ id: v.literal('settings'), value: v.record(v.string(), v.unknown()) });

const rows = <T extends v.GenericSchema>(row: T) => v.pipe(v.array(row), v.maxLength(MAX_IMPORT_ROWS));
const TablesSchema = v.strictObject({
  accounts: rows(AccountSchema),
  managers: rows(ManagerSchema),
  pipelines: rows(PipelineSchema),
  stages: rows(StageSchema),
  deals: rows(DealSchema),
  tasks: rows(TaskSchema),
  activities: rows(ActivitySchema),
  settings: v.pipe(v.array(SettingsRowSchema), v.maxLength(1)),
});
const ExportFileSchema = v.strictObject({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(EXPORT_VERSION),
  exportedAt: v.pipe(v.string(), v.isoTimestamp()),
  tables: TablesSchema,
});

// The parsed rows must stay the model's rows: a drift (a field added to lib/model.ts) is a compile error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Parsed = v.InferOutput<typeof TablesSchema>;
const rowsMatchModel: [
  Same<Parsed['accounts'], Account[]>,
  Same<Parsed['managers'], Manager[]>,
  Same<Parsed['pipelines'], Pipeline[]>,
  Same<Parsed['stages'], Stage[]>,
  Same<Parsed['deals'], Deal[]>,
  Same<Parsed['tasks'], Task[]>,
  Same<Parsed['activities'], Activity[]>,
] = [true, true, true, true, true, true, true];
void rowsMatchModel;

/** Reads an export file's text; never throws. Checks everything before anything is written. */
export function parseExport(json: string, options: { maxSize?: number } = {}): ParseResult {
  const maxSize = options.maxSize ?? MAX_IMPORT_SIZE;
  if (json.length > maxSize) {
    return fail('too-large', `the file is larger than ${formatSize(maxSize)} (${formatSize(json.length)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return fail('not-json', `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(raw) || raw.format !== EXPORT_FORMAT) {
    const seen = isRecord(raw) ? JSON.stringify(raw.format ?? null).slice(0, 60) : Array.isArray(raw) ? 'an array' : JSON.stringify(raw).slice(0, 60);
    return fail('wrong-format', `not a Sales Pace export: "format" must be "${EXPORT_FORMAT}", found ${seen}`);
  }
  if (raw.version !== EXPORT_VERSION) {
    return fail('wrong-version', `export version ${JSON.stringify(raw.version ?? null).slice(0, 20)} is not supported; this version of Sales Pace reads version ${EXPORT_VERSION}`);
  }
  const parsed = v.safeParse(ExportFileSchema, raw, { abortEarly: true });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return fail('invalid', issue ? describeIssue(raw, issue) : 'the file does not match the export format');
  }
  const file = parsed.output;
  for (const table of EXPORT_TABLES) {
    const duplicate = firstDuplicate(file.tables[table].map((row) => String((row as Record<string, unknown>)[PRIMARY_KEY[table]])));
    if (duplicate !== null) return fail('invalid', `tables.${table}: the ${PRIMARY_KEY[table]} ${JSON.stringify(duplicate)} appears twice`);
  }
  const settings = file.tables.settings[0];
  if (settings) {
    const problem = settingsProblem(settings.value);
    if (problem) return fail('invalid', `tables.settings[0].value.${problem}`);
  }
  return { ok: true, file, counts: countRows(file.tables) };
}

/** Replaces every table with the file's rows, in one transaction: on any failure nothing changes. */
export async function replaceAll(db: SalesDb, tables: ExportTables): Promise<ImportResult> {
  try {
    await db.transaction('rw', db.tables, async () => {
      await Promise.all(db.tables.map((table) => table.clear()));
      await Promise.all([
        db.accounts.bulkAdd(tables.accounts),
        db.managers.bulkAdd(tables.managers),
        db.pipelines.bulkAdd(tables.pipelines),
        db.stages.bulkAdd(tables.stages),
        db.deals.bulkAdd(tables.deals),
        db.tasks.bulkAdd(tables.tasks),
        db.activities.bulkAdd(tables.activities),
        db.settings.bulkAdd(tables.settings),
      ]);
    });
  } catch (error) {
    return fail('write-failed', `could not write the data, nothing was changed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ok: true, counts: countRows(tables) };
}

/** Validates an export file's text and, when it is good, replaces all data with it. */
export async function importAll(db: SalesDb, json: string, options: { maxSize?: number } = {}): Promise<ImportResult> {
  const parsed = parseExport(json, options);
  if (!parsed.ok) return parsed;
  return replaceAll(db, parsed.file.tables);
}

/** Deletes every row of every table (data, accounts and settings) in one transaction. */
export async function wipeAll(db: SalesDb): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
  });
}

/** The first setting the app would not read as written ("workingHours: …"), or null when all read back unchanged. */
function settingsProblem(value: Record<string, unknown>): string | null {
  const read = mergeSettings(value) as unknown as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(read, key)) return `${key}: unknown setting`;
    const given = JSON.stringify(canonical(value[key]));
    if (given !== JSON.stringify(canonical(read[key]))) return `${key}: ${given.slice(0, 80)} is not a valid value`;
  }
  return null;
}

function describeIssue(raw: unknown, issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  const keys = path.map((item) => item.key);
  // "tables.deals[3].amount", with the row's key when there is one, so a person can find it in the file.
  let where = '';
  keys.forEach((key) => {
    where += typeof key === 'number' ? `[${key}]` : where === '' ? String(key) : `.${String(key)}`;
  });
  let row = '';
  if (keys[0] === 'tables' && typeof keys[1] === 'string' && typeof keys[2] === 'number' && isRecord(raw) && isRecord(raw.tables)) {
    const table = raw.tables[keys[1]];
    const item: unknown = Array.isArray(table) ? table[keys[2]] : undefined;
    const field = PRIMARY_KEY[keys[1] as ExportTable] as string | undefined;
    if (field && isRecord(item) && typeof item[field] === 'string') row = ` (${field} ${JSON.stringify(item[field]).slice(0, 120)})`;
  }
  return `${where || '(root)'}${row}: ${issue.message}`;
}

function countRows(tables: ExportTables): TableCounts {
  const counts = {} as TableCounts;
  for (const table of EXPORT_TABLES) counts[table] = tables[table].length;
  return counts;
}

function firstDuplicate(keys: string[]): string | null {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return null;
}

function formatSize(chars: number): string {
  return `${Math.round((chars / 1024 / 1024) * 10) / 10} MB`;
}

function fail(code: ImportErrorCode, error: string): ImportFailure {
  return { ok: false, code, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * How Excel splits a CSV it opens by double-click: it takes the list separator from the system's
 * regional settings. In Russian (and most European) locales the decimal separator is the comma, so
 * the list separator is ";" and Russian Excel splits only on ";" — a comma-separated file opens as
 * one column there. English (US/UK) Excel splits on ",". So Russian files use ";" with decimal
 * commas, English ones "," with decimal points; the options page picks by the interface language.
 */
export interface CsvDialect {
  separator: ';' | ',';
  decimal: ',' | '.';
}
export const CSV_RU: CsvDialect = { separator: ';', decimal: ',' };
export const CSV_EN: CsvDialect = { separator: ',', decimal: '.' };

export type CsvValue = string | number | boolean | null;
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

/** UTF-8 byte order mark: without it Excel reads the file in the system's ANSI code page and Cyrillic breaks. */
export const BOM = '\uFEFF';
// A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV text: BOM, a header line, one line per row, CRLF line ends (RFC 4180), quotes where needed. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[], dialect: CsvDialect = CSV_RU): string {
  const line = (cells: CsvValue[]) => cells.map((cell) => csvCell(cell, dialect)).join(dialect.separator);
  const lines = [line(columns.map((column) => column.header)), ...rows.map((row) => line(columns.map((column) => column.value(row))))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** One cell: numbers with the dialect's decimal mark; text defused against formulas, quoted when it holds a separator, quote or line break. */
export function csvCell(value: CsvValue, dialect: CsvDialect = CSV_RU): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Our own numbers are not text from the page; a negative amount must stay a number.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', dialect.decimal) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[";,\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Local date and time as Excel reads it in any locale: "2026-11-18 15:30". */
export function csvTime(millis: number | null): string | null {
  return millis === null ? null : formatDate(new Date(millis), 'yyyy-MM-dd HH:mm');
}

/** Names to show instead of CRM ids, looked up by record key (the same CRM id in two accounts is two records). */
export interface CsvLookups {
  accounts?: readonly Account[];
  managers?: readonly Manager[];
  pipelines?: readonly Pipeline[];
  stages?: readonly Stage[];
  deals?: readonly Deal[];
}

function nameLookup(lookups: CsvLookups) {
  const byKey = (items: readonly { key: string; name: string }[] | undefined) => new Map((items ?? []).map((item) => [item.key, item.name]));
  const managers = byKey(lookups.managers);
  const pipelines = byKey(lookups.pipelines);
  const stages = byKey(lookups.stages);
  const deals = new Map((lookups.deals ?? []).map((deal) => [deal.key, deal.title]));
  const accounts = new Map((lookups.accounts ?? []).map((account) => [account.account, account.name]));
  const find = (map: Map<string, string>, account: string, crmId: string | null) => (crmId === null ? null : (map.get(recordKey(account, crmId)) ?? null));
  return {
    account: (account: string) => accounts.get(account) ?? account,
    manager: (account: string, crmId: string) => find(managers, account, crmId),
    pipeline: (account: string, crmId: string) => find(pipelines, account, crmId),
    stage: (account: string, crmId: string) => find(stages, account, crmId),
    deal: (account: string, crmId: string | null) => find(deals, account, crmId),
  };
}

/** Column headers are the field names of lib/model.ts (as listed under "What is tracked"), plus the looked-up names. */
export function dealsCsv(deals: readonly Deal[], lookups: CsvLookups = {}, dialect: CsvDialect = CSV_RU): string {
  const name = nameLookup(lookups);
  const columns: CsvColumn<Deal>[] = [
    { header: 'account', value: (d) => name.account(d.account) },
    { header: 'crmId', value: (d) => d.crmId },
    { header: 'title', value: (d) => d.title },
    { header: 'client', value: (d) => d.client },
    { header: 'amount', value: (d) => d.amount },
    { header: 'currency', value: (d) => d.currency },
    { header: 'pipeline', value: (d) => name.pipeline(d.account, d.pipelineId) ?? d.pipelineId },
    { header: 'stage', value: (d) => name.stage(d.account, d.stageId) ?? d.stageId },
    { header: 'status', value: (d) => d.status },
    { header: 'owner', value: (d) => name.manager(d.account, d.ownerId) },
    { header: 'ownerId', value: (d) => d.ownerId },
    { header: 'createdAt', value: (d) => csvTime(d.createdAt) },
    { header: 'stageEnteredAt', value: (d) => csvTime(d.stageEnteredAt) },
    { header: 'updatedAt', value: (d) => csvTime(d.updatedAt) },
    { header: 'closedAt', value: (d) => csvTime(d.closedAt) },
    { header: 'lossReason', value: (d) => d.lossReason },
    { header: 'nextTaskAt', value: (d) => csvTime(d.nextTaskAt) },
    { header: 'url', value: (d) => d.url },
  ];
  return toCsv(sortByPrimaryKey('deals', deals), columns, dialect);
}

/** Calls and meetings, oldest first, with the manager's name and the deal's title. */
export function activitiesCsv(activities: readonly Activity[], lookups: CsvLookups = {}, dialect: CsvDialect = CSV_RU): string {
  const name = nameLookup(lookups);
  const columns: CsvColumn<Activity>[] = [
    { header: 'account', value: (a) => name.account(a.account) },
    { header: 'crmId', value: (a) => a.crmId },
    { header: 'type', value: (a) => a.type },
    { header: 'at', value: (a) => csvTime(a.at) },
    { header: 'owner', value: (a) => name.manager(a.account, a.ownerId) },
    { header: 'ownerId', value: (a) => a.ownerId },
    { header: 'durationSec', value: (a) => a.durationSec },
    { header: 'direction', value: (a) => a.direction },
    { header: 'outcome', value: (a) => a.outcome },
    { header: 'dealId', value: (a) => a.dealId },
    { header: 'deal', value: (a) => name.deal(a.account, a.dealId) },
  ];
  const sorted = [...activities].sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return toCsv(sorted, columns, dialect);
}
