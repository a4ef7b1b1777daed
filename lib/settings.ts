// User settings (roles, targets, working hours, thresholds) with defaults, and a tolerant reader for whatever storage holds.
import { getISODay } from 'date-fns';
import { daysOf, parseLocalDate, periodRange, type Period } from './calendar';
import type { WorkCalendar } from './metrics/working-day';
import { recordKey, type Millis } from './model';

export type RoleId = 'cold_caller' | 'account_manager' | 'closer';
export type KpiId =
  | 'calls'
  | 'conversations'
  | 'talkTime'
  | 'meetings'
  | 'newDeals'
  | 'movedForward'
  | 'wonCount'
  | 'wonAmount'
  | 'avgDeal'
  | 'conversion'
  | 'repeatSales'
  | 'retention'
  | 'overdueTasks';
export type Language = 'auto' | 'ru' | 'en';
export type KpiUnit = 'count' | 'seconds' | 'money' | 'percent';
/**
 * How a KPI adds up and what its target means.
 * `sum`: more is better, a period's figure and target are the sums of its days'.
 * `level`: more is better, but the figure is a level over the period's data (an average, a share): never summed.
 * `limit`: "keep at most": the target is the most allowed, 0 included (0 = none allowed). It is switched
 * on by being present, so 0 does not switch it off; the figure is a level at the period's end (or now).
 */
export type KpiKind = 'sum' | 'level' | 'limit';
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

/** Days of the week, as stored (readable in an exported settings file). */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** Daily targets that differ on some days of the week ("Friday: 60 calls"). */
export type WeekdayTargets = Partial<Record<Weekday, KpiTargets>>;

/** Week and month targets set directly; a KPI missing here is the sum of the daily targets over the period's working days. */
export interface PeriodTargetSettings {
  week?: KpiTargets;
  month?: KpiTargets;
}

/** How a head adjusts a role's preset for everyone in that role. */
export interface RoleTargetSettings extends PeriodTargetSettings {
  daily?: KpiTargets;
  weekdays?: WeekdayTargets;
}

/** Local dates "YYYY-MM-DD", both ends inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

/** One rule for stalled deals: too long in the stage, or too long without any activity. */
export interface StalledRule {
  /** Working days without a call, meeting, done task or stage move after which an open deal is stalled. */
  noActivityDays: number;
  /** Whether "no next task" alone makes a deal stalled; otherwise it is a reason shown beside the others. */
  noNextTaskStalls: boolean;
}

/** What the number on the toolbar icon counts: calls still to make today, or stalled deals. */
export type ToolbarFigure = 'calls' | 'stalled';
export const TOOLBAR_FIGURES: readonly ToolbarFigure[] = ['calls', 'stalled'];

/** Which browser notifications the user opted into; nothing is shown while `enabled` is false. */
export interface NoticeSettings {
  enabled: boolean;
  /** Half, 90 % and all of today's plan reached. */
  plan50: boolean;
  plan90: boolean;
  plan100: boolean;
  /** Far fewer CRM actions today than usual by this time (lib/metrics/early-warning activityDrop). */
  activityDrop: boolean;
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
  /** By manager record key; a 0 switches the role's KPI off for that manager (not a `limit` KPI: there 0 is "none allowed"). */
  targetOverrides: Record<string, KpiTargets>;
  workingHours: WorkingHours;
  paceThresholds: PaceThresholds;
  /** On top of ROLE_PRESETS, for everyone in the role. */
  roleTargets: Partial<Record<RoleId, RoleTargetSettings>>;
  /** By manager record key: that manager's targets on given weekdays (beat `targetOverrides` on those days). */
  weekdayTargetOverrides: Record<string, WeekdayTargets>;
  /** By manager record key: week and month targets set directly. */
  periodTargetOverrides: Record<string, PeriodTargetSettings>;
  /** The user's own days off, "YYYY-MM-DD", sorted. */
  daysOff: readonly string[];
  /** By manager record key. */
  vacations: Record<string, readonly DateRange[]>;
  stalledRule: StalledRule;
  /** By deal record key: the deal is not stalled before this moment. */
  snoozes: Record<string, Millis>;
  /** Loss reasons worth another try; a CRM reason matches when it contains one of these (case and «ё» ignored). */
  recoverableLossReasons: readonly string[];
  /** How recently a deal must have been lost to be worth another try, in calendar days. */
  recoverWithinDays: number;
  /** The number on the toolbar icon. */
  toolbarFigure: ToolbarFigure;
  /** Browser notifications (opt-in: they also need the browser's "notifications" permission). */
  notices: NoticeSettings;
}

/** The order KPIs are shown in everywhere. */
export const KPI_IDS: readonly KpiId[] = [
  'calls',
  'conversations',
  'talkTime',
  'meetings',
  'newDeals',
  'movedForward',
  'wonCount',
  'wonAmount',
  'avgDeal',
  'conversion',
  'repeatSales',
  'retention',
  'overdueTasks',
];
export const ROLE_IDS: readonly RoleId[] = ['cold_caller', 'account_manager', 'closer'];
/** Monday first, as the week is in Russia; index + 1 is the ISO weekday. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const LANGUAGES: readonly Language[] = ['auto', 'ru', 'en'];

export const KPI_UNITS: Record<KpiId, KpiUnit> = {
  calls: 'count',
  conversations: 'count',
  talkTime: 'seconds',
  meetings: 'count',
  newDeals: 'count',
  wonCount: 'count',
  wonAmount: 'money',
  movedForward: 'count',
  avgDeal: 'money',
  conversion: 'percent',
  repeatSales: 'money',
  retention: 'percent',
  overdueTasks: 'count',
};

export const KPI_KINDS: Record<KpiId, KpiKind> = {
  calls: 'sum',
  conversations: 'sum',
  talkTime: 'sum',
  meetings: 'sum',
  newDeals: 'sum',
  movedForward: 'sum',
  wonCount: 'sum',
  wonAmount: 'sum',
  avgDeal: 'level',
  conversion: 'level',
  // Repeat sales: won amount from clients who had bought before (anyone's sale); lib/metrics/kpi-facts.
  repeatSales: 'sum',
  // The previous period's clients who bought again, in percent; a day's figure is the month to date
  // against the previous month (a day is too short to buy again); lib/metrics/kpi-facts.
  retention: 'level',
  overdueTasks: 'limit',
};

/** Whether a stored target value tracks the KPI: positive, or for a `limit` KPI also 0 ("none allowed"). */
export function isTrackedTarget(kpi: KpiId, value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && (value > 0 || (value === 0 && KPI_KINDS[kpi] === 'limit'));
}

/**
 * A week's or month's target derived from its working days' targets (only the days that set the KPI):
 * the sum for a `sum` KPI; for a `level` KPI the mean (an average deal or a conversion is not summed);
 * for a `limit` KPI the loosest day's limit (the figure is the level at the period's end). Undefined: no day sets it.
 */
export function combineDayTargets(kpi: KpiId, values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  switch (KPI_KINDS[kpi]) {
    case 'sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'level': {
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      return KPI_UNITS[kpi] === 'money' ? Math.round(mean) : Math.round(mean * 100) / 100;
    }
    case 'limit':
      return Math.max(...values);
  }
}

/** Daily figures per role; 2–4 KPIs each, as the articles advise. */
export const ROLE_PRESETS: Record<RoleId, KpiTargets> = {
  cold_caller: { calls: 80, conversations: 30, talkTime: 3600, newDeals: 3 },
  account_manager: { calls: 40, conversations: 20, meetings: 2, wonAmount: 300000 },
  closer: { calls: 30, meetings: 3, wonCount: 1, wonAmount: 500000 },
};

// Words CRM users put in a position ("Менеджер холодных звонков", "Account Manager"), most specific first.
const ROLE_HINTS: readonly [RegExp, RoleId | null][] = [
  // A head gets no preset of their own: they look at the team.
  [/руковод|начальник|директор|\bроп\b|head|director|lead(?:er|ership)?\b|vp\b/i, null],
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
export const DEFAULT_STALLED_RULE: StalledRule = Object.freeze({ noActivityDays: 5, noNextTaskStalls: false });
/** Reasons after which a client often comes back (the articles: about a fifth of lost leads can be). */
export const DEFAULT_RECOVERABLE_LOSS_REASONS: readonly string[] = Object.freeze([
  'Дорого',
  'Нет бюджета',
  'Не дозвонились',
  'Нет ответа',
  'Неактуально сейчас',
  'Отложили',
  'Too expensive',
  'No budget',
  'Could not reach',
  'No response',
  'Not now',
  'Postponed',
]);

/** Off until the user switches notices on; then every kind is on until unticked. */
export const DEFAULT_NOTICES: NoticeSettings = Object.freeze({ enabled: false, plan50: true, plan90: true, plan100: true, activityDrop: true });

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
  roleTargets: Object.freeze({}),
  weekdayTargetOverrides: Object.freeze({}),
  periodTargetOverrides: Object.freeze({}),
  daysOff: Object.freeze([]),
  vacations: Object.freeze({}),
  stalledRule: DEFAULT_STALLED_RULE,
  snoozes: Object.freeze({}),
  recoverableLossReasons: DEFAULT_RECOVERABLE_LOSS_REASONS,
  recoverWithinDays: 30,
  toolbarFigure: 'calls',
  notices: DEFAULT_NOTICES,
});

/** The role chosen for the manager, else the suggested one (from the CRM position), else none. */
export function resolveRole(settings: Settings, managerKey: string, suggested: RoleId | null = null): RoleId | null {
  const chosen = ownValue(settings.roles, managerKey);
  return chosen !== undefined && isRoleId(chosen) ? chosen : suggested;
}

/**
 * The manager's role and everyday targets: the role preset with the manager's overrides; no role → no targets.
 * Weekday differences and days off are left out: see {@link periodTargets}.
 */
export function dailyTargets(settings: Settings, managerKey: string, suggested: RoleId | null = null): { role: RoleId | null; targets: KpiTargets } {
  const role = resolveRole(settings, managerKey, suggested);
  if (role === null) return { role: null, targets: {} };
  return { role, targets: positive({ ...ROLE_PRESETS[role], ...ownValue(settings.targetOverrides, managerKey) }) };
}

/**
 * Targets of one manager for a day, a week (Monday–Sunday) or a month: the period that contains `period.start`.
 *
 * A day: the most specific setting wins per KPI: role preset < role's daily < role's weekday <
 * manager's daily < manager's weekday; a day the calendar does not work has no targets at all.
 * A week or month, per KPI: the manager's direct target, else the sum of the daily targets over the
 * working days when the manager's own daily targets mention the KPI, else the role's direct target,
 * else that sum. A direct target is scaled down by the share of the period the manager is away
 * (calendar.isAway); holidays are the plan's business. A 0 anywhere switches the KPI off.
 * `level` and `limit` KPIs (KPI_KINDS) are not sums: derived from the days by {@link combineDayTargets}
 * (an everyday 40 % conversion is a 40 % week), a direct target is not scaled by presence, and a
 * `limit` KPI keeps a 0 target ("none allowed").
 */
export function periodTargets(settings: Settings, managerKey: string, suggestedRole: RoleId | null, period: Period, calendar: WorkCalendar): KpiTargets {
  const role = resolveRole(settings, managerKey, suggestedRole);
  if (role === null) return {};
  const range = periodRange(period);
  if (range.kind === 'day') return calendar.isWorkingDay(range.start) ? dayTargetsOf(settings, managerKey, role, range.start) : {};

  const days = daysOf(range);
  const working = days.filter((day) => calendar.isWorkingDay(day));
  const away = calendar.isAway ? days.filter((day) => calendar.isAway?.(day) === true).length : 0;
  const presence = working.length + away === 0 ? 0 : working.length / (working.length + away);
  const daily = working.map((day) => dayTargetsOf(settings, managerKey, role, day));
  const own = ownValue(settings.periodTargetOverrides, managerKey)?.[range.kind];
  const roleDirect = ownValue(settings.roleTargets, role)?.[range.kind];
  const targets: KpiTargets = {};
  for (const kpi of KPI_IDS) {
    const direct = own?.[kpi] ?? (managerSetsDaily(settings, managerKey, kpi) ? undefined : roleDirect?.[kpi]);
    if (KPI_KINDS[kpi] !== 'sum') {
      // Nobody working in the period: nothing to hold a level or a limit to.
      if (working.length === 0) continue;
      const value =
        direct ??
        combineDayTargets(
          kpi,
          daily.flatMap((day) => {
            const target = day[kpi];
            return target === undefined ? [] : [target];
          }),
        );
      if (isTrackedTarget(kpi, value)) targets[kpi] = value;
      continue;
    }
    const value = direct !== undefined ? Math.round(direct * presence) : daily.reduce((sum, targets) => sum + (targets[kpi] ?? 0), 0);
    if (Number.isFinite(value) && value > 0) targets[kpi] = value;
  }
  return targets;
}

function dayTargetsOf(settings: Settings, managerKey: string, role: RoleId, day: Date): KpiTargets {
  const weekday = weekdayOf(day);
  const roleTargets = ownValue(settings.roleTargets, role);
  return positive({
    ...ROLE_PRESETS[role],
    ...roleTargets?.daily,
    ...roleTargets?.weekdays?.[weekday],
    ...ownValue(settings.targetOverrides, managerKey),
    ...ownValue(settings.weekdayTargetOverrides, managerKey)?.[weekday],
  });
}

function managerSetsDaily(settings: Settings, managerKey: string, kpi: KpiId): boolean {
  if (ownValue(settings.targetOverrides, managerKey)?.[kpi] !== undefined) return true;
  const weekdays = ownValue(settings.weekdayTargetOverrides, managerKey);
  return weekdays !== undefined && WEEKDAYS.some((weekday) => weekdays[weekday]?.[kpi] !== undefined);
}

export function weekdayOf(day: Date): Weekday {
  return WEEKDAYS[getISODay(day) - 1] ?? 'mon';
}

/** Keeps the KPIs with a tracked target ({@link isTrackedTarget}): 0 is how an override switches a preset KPI off, except a `limit` KPI's. */
function positive(merged: KpiTargets): KpiTargets {
  const targets: KpiTargets = {};
  for (const kpi of KPI_IDS) {
    const value = merged[kpi];
    if (isTrackedTarget(kpi, value)) targets[kpi] = value;
  }
  return targets;
}

/** Until when a deal (by record key) is snoozed; null if it never was. The caller compares with its `now`. */
export function snoozeOf(settings: Settings, dealKey: string): Millis | null {
  return ownValue(settings.snoozes, dealKey) ?? null;
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
    roleTargets: readRoleTargets(raw.roleTargets),
    weekdayTargetOverrides: readRecord(raw.weekdayTargetOverrides, readWeekdayTargets),
    periodTargetOverrides: readRecord(raw.periodTargetOverrides, readPeriodTargets),
    daysOff: readDates(raw.daysOff),
    vacations: readRecord(raw.vacations, readRanges),
    stalledRule: readStalledRule(raw.stalledRule),
    snoozes: readRecord(raw.snoozes, (v) => readNumber(v, (n) => n > 0)),
    recoverableLossReasons: readReasons(raw.recoverableLossReasons),
    recoverWithinDays: readNumber(raw.recoverWithinDays, (n) => n > 0) ?? d.recoverWithinDays,
    toolbarFigure: isToolbarFigure(raw.toolbarFigure) ? raw.toolbarFigure : d.toolbarFigure,
    notices: readNotices(raw.notices),
  };
}

/** Each switch on its own: a stored `true`/`false` wins, anything else is the default. */
function readNotices(value: unknown): NoticeSettings {
  const d = DEFAULT_NOTICES;
  const stored = isPlainObject(value) ? value : {};
  const flag = (key: keyof NoticeSettings) => {
    const v = ownValue(stored, key);
    return typeof v === 'boolean' ? v : d[key];
  };
  return { enabled: flag('enabled'), plan50: flag('plan50'), plan90: flag('plan90'), plan100: flag('plan100'), activityDrop: flag('activityDrop') };
}

function readRoleTargets(value: unknown): Partial<Record<RoleId, RoleTargetSettings>> {
  const out: Partial<Record<RoleId, RoleTargetSettings>> = {};
  if (!isPlainObject(value)) return out;
  for (const role of ROLE_IDS) {
    const entry = ownValue(value, role);
    if (!isPlainObject(entry)) continue;
    const read: RoleTargetSettings = { ...readPeriodTargets(entry) };
    const daily = readTargets(ownValue(entry, 'daily'));
    if (daily !== undefined) read.daily = daily;
    const weekdays = readWeekdayTargets(ownValue(entry, 'weekdays'));
    if (weekdays !== undefined) read.weekdays = weekdays;
    out[role] = read;
  }
  return out;
}

function readWeekdayTargets(value: unknown): WeekdayTargets | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: WeekdayTargets = {};
  for (const weekday of WEEKDAYS) {
    const targets = readTargets(ownValue(value, weekday));
    if (targets !== undefined) out[weekday] = targets;
  }
  return out;
}

function readPeriodTargets(value: unknown): PeriodTargetSettings | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: PeriodTargetSettings = {};
  const week = readTargets(ownValue(value, 'week'));
  const month = readTargets(ownValue(value, 'month'));
  if (week !== undefined) out.week = week;
  if (month !== undefined) out.month = month;
  return out;
}

/** Valid local dates, each once, in order. */
function readDates(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const dates = value.filter((v): v is string => typeof v === 'string' && parseLocalDate(v) !== null);
  return [...new Set(dates)].sort();
}

function readRanges(value: unknown): DateRange[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((range: unknown) => {
    if (!isPlainObject(range)) return [];
    const { from, to } = range;
    if (typeof from !== 'string' || typeof to !== 'string' || parseLocalDate(from) === null || parseLocalDate(to) === null || from > to) return [];
    return [{ from, to }];
  });
}

function readStalledRule(value: unknown): StalledRule {
  const d = DEFAULT_STALLED_RULE;
  if (!isPlainObject(value)) return { ...d };
  return {
    noActivityDays: readNumber(value.noActivityDays, (n) => n > 0) ?? d.noActivityDays,
    noNextTaskStalls: typeof value.noNextTaskStalls === 'boolean' ? value.noNextTaskStalls : d.noNextTaskStalls,
  };
}

/** A stored list wins even when empty (the user removed every reason); anything else → the defaults. */
function readReasons(value: unknown): string[] {
  if (!Array.isArray(value)) return [...DEFAULT_RECOVERABLE_LOSS_REASONS];
  const reasons = value.flatMap((v: unknown) => (typeof v === 'string' && v.trim() !== '' ? [v.trim()] : []));
  return [...new Set(reasons)];
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

function isToolbarFigure(value: unknown): value is ToolbarFigure {
  return typeof value === 'string' && (TOOLBAR_FIGURES as readonly string[]).includes(value);
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** KPIs judged by clients' whole history (a colleague's earlier sale makes a repeat purchase). */
const CLIENT_KPIS: readonly KpiId[] = ['repeatSales', 'retention'];

/**
 * Whether any target anywhere (a manager's, a role's, by weekday, week or month) tracks a KPI that needs
 * everyone's won deals; when none does, a manager's screen can skip reading the whole team's sales.
 */
export function tracksClientKpis(settings: Settings): boolean {
  const targetSets: KpiTargets[] = [
    ...Object.values(ROLE_PRESETS),
    ...Object.values(settings.targetOverrides),
    ...Object.values(settings.weekdayTargetOverrides).flatMap((days) => Object.values(days)),
    ...Object.values(settings.periodTargetOverrides).flatMap((periods) => [periods.week ?? {}, periods.month ?? {}]),
    ...Object.values(settings.roleTargets).flatMap((role) => (role ? [role.daily ?? {}, role.week ?? {}, role.month ?? {}, ...Object.values(role.weekdays ?? {})] : [])),
  ];
  return targetSets.some((targets) => CLIENT_KPIS.some((kpi) => targets[kpi] !== undefined));
}
