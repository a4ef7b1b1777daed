// User settings (roles, targets, working hours, thresholds) with defaults, and a tolerant reader for whatever storage holds.
import { recordKey } from './model';

export type RoleId = 'cold_caller' | 'account_manager' | 'closer';
export type KpiId = 'calls' | 'conversations' | 'talkTime' | 'meetings' | 'newDeals' | 'wonCount' | 'wonAmount';
export type Language = 'auto' | 'ru' | 'en';
export type KpiUnit = 'count' | 'seconds' | 'money';
export type KpiTargets = Partial<Record<KpiId, number>>;

/** Local wall-clock times "HH:MM". Lunch is both times or neither. */
export interface WorkingHours {
  start: string;
  end: string;
  lunchStart: string | null;
  lunchEnd: string | null;
}

/**
 * Ratio fact / expected-by-now at which the status drops a colour:
 * ratio >= amber → green; ratio >= red → amber; otherwise red. Invariant: 0 <= red <= amber.
 */
export interface PaceThresholds {
  amber: number;
  red: number;
}

export interface Settings {
  version: 1;
  language: Language;
  /** A call counts as a conversation when it lasts longer than this. */
  conversationMinSec: number;
  /** Working days a deal may sit in a stage before it is stalled, for stages without their own limit. */
  defaultStageLimitDays: number;
  /** By stage record key (lib/model recordKey). */
  stageLimitDays: Record<string, number>;
  /** By manager record key. */
  roles: Record<string, RoleId>;
  /** By manager record key; a 0 switches the role's KPI off for that manager. */
  targetOverrides: Record<string, KpiTargets>;
  workingHours: WorkingHours;
  paceThresholds: PaceThresholds;
}

/** The order KPIs are shown in everywhere. */
export const KPI_IDS: readonly KpiId[] = ['calls', 'conversations', 'talkTime', 'meetings', 'newDeals', 'wonCount', 'wonAmount'];
export const ROLE_IDS: readonly RoleId[] = ['cold_caller', 'account_manager', 'closer'];
export const LANGUAGES: readonly Language[] = ['auto', 'ru', 'en'];

export const KPI_UNITS: Record<KpiId, KpiUnit> = {
  calls: 'count',
  conversations: 'count',
  talkTime: 'seconds',
  meetings: 'count',
  newDeals: 'count',
  wonCount: 'count',
  wonAmount: 'money',
};

/** Daily figures per role; 2–4 KPIs each, as the articles advise. */
export const ROLE_PRESETS: Record<RoleId, KpiTargets> = {
  cold_caller: { calls: 80, conversations: 30, talkTime: 3600, newDeals: 3 },
  account_manager: { calls: 40, conversations: 20, meetings: 2, wonAmount: 300000 },
  closer: { calls: 30, meetings: 3, wonCount: 1, wonAmount: 500000 },
};

// Words CRM users put in a position ("Менеджер холодных звонков", "Account Manager"), most specific first.
const ROLE_HINTS: readonly [RegExp, RoleId | null][] = [
  // A head gets no preset of their own: they look at the team.
  [/руковод|начальник|директор|\bроп\b|head|director|lead\b|vp\b/i, null],
  [/холодн|cold|sdr|телемаркет|оператор/i, 'cold_caller'],
  [/закрыт|closer|account executive/i, 'closer'],
  [/аккаунт|account|клиент|сопровожд|retention|customer success/i, 'account_manager'],
  [/продаж|sales/i, 'closer'],
];

/** A role preset suggested by the position the CRM shows for a user; null when the words say nothing. */
export function roleFromTitle(title: string | null): RoleId | null {
  if (!title) return null;
  for (const [pattern, role] of ROLE_HINTS) if (pattern.test(title)) return role;
  return null;
}

// Frozen so that a screen editing "its" settings object cannot change the defaults for everyone.
export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({ start: '09:00', end: '18:00', lunchStart: '13:00', lunchEnd: '14:00' });
export const DEFAULT_PACE_THRESHOLDS: PaceThresholds = Object.freeze({ amber: 0.9, red: 0.6 });

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  version: 1,
  language: 'auto',
  conversationMinSec: 15,
  defaultStageLimitDays: 7,
  stageLimitDays: Object.freeze({}),
  roles: Object.freeze({}),
  targetOverrides: Object.freeze({}),
  workingHours: DEFAULT_WORKING_HOURS,
  paceThresholds: DEFAULT_PACE_THRESHOLDS,
});

/** The manager's role and today's targets: the role preset with the manager's overrides; no role → no targets. */
export function dailyTargets(settings: Settings, managerKey: string, suggested: RoleId | null = null): { role: RoleId | null; targets: KpiTargets } {
  const chosen = ownValue(settings.roles, managerKey);
  const role = chosen !== undefined && isRoleId(chosen) ? chosen : suggested;
  if (role === null) return { role: null, targets: {} };
  const merged: KpiTargets = { ...ROLE_PRESETS[role], ...ownValue(settings.targetOverrides, managerKey) };
  const targets: KpiTargets = {};
  for (const kpi of KPI_IDS) {
    const value = merged[kpi];
    // 0 is how a manager's override switches a preset KPI off.
    if (value !== undefined && Number.isFinite(value) && value > 0) targets[kpi] = value;
  }
  return { role, targets };
}

/** Limit in working days for a stage of one CRM account, falling back to the default. */
export function stageLimitLookup(settings: Settings, account: string): (stageId: string) => number {
  return (stageId) => ownValue(settings.stageLimitDays, recordKey(account, stageId)) ?? settings.defaultStageLimitDays;
}

/** "9:00" / "09:00" → minutes since midnight; null for anything else. */
export function parseClockTime(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/** Whatever storage returned (old version, partial, hand-edited, garbage) → valid Settings; never throws. Always a fresh object. */
export function mergeSettings(stored: unknown): Settings {
  try {
    return readSettings(stored);
  } catch {
    // Only exotic values (a Proxy, a throwing getter) get here; storage never holds them, but the contract is "never throws".
    return readSettings(undefined);
  }
}

function readSettings(stored: unknown): Settings {
  const raw = isPlainObject(stored) ? stored : {};
  const d = DEFAULT_SETTINGS;
  return {
    version: 1,
    language: isLanguage(raw.language) ? raw.language : d.language,
    conversationMinSec: readNumber(raw.conversationMinSec, (n) => n >= 0) ?? d.conversationMinSec,
    defaultStageLimitDays: readNumber(raw.defaultStageLimitDays, (n) => n > 0) ?? d.defaultStageLimitDays,
    stageLimitDays: readRecord(raw.stageLimitDays, (v) => readNumber(v, (n) => n > 0)),
    roles: readRecord(raw.roles, (v) => (isRoleId(v) ? v : undefined)),
    targetOverrides: readRecord(raw.targetOverrides, readTargets),
    workingHours: readWorkingHours(raw.workingHours),
    paceThresholds: readThresholds(raw.paceThresholds),
  };
}

function readTargets(value: unknown): KpiTargets | undefined {
  if (!isPlainObject(value)) return undefined;
  const targets: KpiTargets = {};
  for (const kpi of KPI_IDS) {
    const n = readNumber(ownValue(value, kpi), (x) => x >= 0);
    if (n !== undefined) targets[kpi] = n;
  }
  return targets;
}

function readWorkingHours(value: unknown): WorkingHours {
  if (!isPlainObject(value)) return { ...DEFAULT_WORKING_HOURS };
  const start = readClock(value.start);
  const end = readClock(value.end);
  if (start === null || end === null || start.minutes >= end.minutes) return { ...DEFAULT_WORKING_HOURS };
  const day = { start: start.text, end: end.text };
  const withLunch = (lunchStart: Clock | null, lunchEnd: Clock | null): WorkingHours =>
    lunchStart !== null &&
    lunchEnd !== null &&
    start.minutes <= lunchStart.minutes &&
    lunchStart.minutes < lunchEnd.minutes &&
    lunchEnd.minutes <= end.minutes
      ? { ...day, lunchStart: lunchStart.text, lunchEnd: lunchEnd.text }
      : { ...day, lunchStart: null, lunchEnd: null };
  // Neither lunch key stored: the user never chose, so the default lunch applies if it fits the day.
  if (!('lunchStart' in value) && !('lunchEnd' in value)) {
    return withLunch(readClock(DEFAULT_WORKING_HOURS.lunchStart), readClock(DEFAULT_WORKING_HOURS.lunchEnd));
  }
  return withLunch(readClock(value.lunchStart), readClock(value.lunchEnd));
}

function readThresholds(value: unknown): PaceThresholds {
  if (!isPlainObject(value)) return { ...DEFAULT_PACE_THRESHOLDS };
  const amber = readNumber(value.amber, (n) => n >= 0);
  const red = readNumber(value.red, (n) => n >= 0);
  if (amber === undefined || red === undefined || red > amber) return { ...DEFAULT_PACE_THRESHOLDS };
  return { amber, red };
}

interface Clock {
  /** Normalised "HH:MM". */
  text: string;
  minutes: number;
}

function readClock(value: unknown): Clock | null {
  if (typeof value !== 'string') return null;
  const minutes = parseClockTime(value);
  if (minutes === null) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { text: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`, minutes };
}

function readNumber(value: unknown, valid: (n: number) => boolean): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && valid(value) ? value : undefined;
}

/** Keeps the entries whose value reads; drops the rest (and keys that would touch the prototype). */
function readRecord<T>(value: unknown, read: (v: unknown) => T | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  if (!isPlainObject(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (key === '__proto__') continue;
    const parsed = read(entry);
    if (parsed !== undefined) out[key] = parsed;
  }
  return out;
}

/** Own property only: a manager key like "constructor" must not find Object.prototype's. */
function ownValue<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRoleId(value: unknown): value is RoleId {
  return typeof value === 'string' && (ROLE_IDS as readonly string[]).includes(value);
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
