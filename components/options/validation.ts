// Rules for the options forms: pure checks that turn what a person typed into a setting or a reason it is refused.
import { parseLocalDate } from '../../lib/calendar';
import type { MessageKey } from '../../lib/i18n';
import { KPI_IDS, KPI_UNITS, parseClockTime, type DateRange, type KpiId, type KpiTargets, type KpiUnit, type PaceThresholds, type WorkingHours } from '../../lib/settings';
import '../../lib/i18n-options';

/** A reason shown next to the field, in the user's language (lib/i18n key and its parameters). */
export interface FieldError {
  key: MessageKey;
  params?: Record<string, number | string>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: FieldError };

export interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
  /** An empty field is refused instead of meaning "not set". */
  required: boolean;
}

/** One rule per setting: a new numeric setting is one more entry here and one NumberField. */
export const RULES = {
  conversationMinSec: { min: 0, max: 3600, integer: true, required: true },
  defaultStageLimitDays: { min: 1, max: 365, integer: true, required: true },
  stageLimitDays: { min: 1, max: 365, integer: true, required: false },
  pacePercent: { min: 0, max: 100, integer: true, required: true },
  noActivityDays: { min: 1, max: 90, integer: true, required: true },
  recoverWithinDays: { min: 1, max: 365, integer: true, required: true },
} satisfies Record<string, NumberRule>;

/**
 * Daily target overrides, by the KPI's unit. `scale` converts what is typed to what is stored:
 * talk time is typed in minutes and stored in seconds. Empty means "the role's preset"; 0 switches the KPI off,
 * except a `limit` KPI's (lib/settings KPI_KINDS: overdue tasks), where 0 means "none allowed".
 */
export const KPI_FIELD: Record<KpiUnit, NumberRule & { scale: number }> = {
  count: { min: 0, max: 1000, integer: true, required: false, scale: 1 },
  seconds: { min: 0, max: 1440, integer: false, required: false, scale: 60 },
  money: { min: 0, max: 1_000_000_000_000, integer: false, required: false, scale: 1 },
  percent: { min: 0, max: 100, integer: false, required: false, scale: 1 },
};

/** Week and month targets: the same units as the daily ones, with room for a month of them (31 days × the daily maximum). */
export const PERIOD_KPI_FIELD: Record<KpiUnit, NumberRule & { scale: number }> = {
  count: { ...KPI_FIELD.count, max: 31_000 },
  seconds: { ...KPI_FIELD.seconds, max: 31 * 1440 },
  money: KPI_FIELD.money,
  // A share is a share over any period: a week's conversion is no bigger than a day's.
  percent: KPI_FIELD.percent,
};

/**
 * What the person typed → a number, null for an empty field, or the reason it is refused.
 * `badInput` is the browser saying the text is not a number at all (a number input then reports "").
 */
export function checkNumber(text: string, rule: NumberRule, badInput = false): Checked<number | null> {
  // People type "1 000" and "0,5"; the browser may hand over either.
  const normalized = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (badInput) return { ok: false, error: { key: 'opt.err.number' } };
  if (normalized === '') return rule.required ? { ok: false, error: { key: 'opt.err.required' } } : { ok: true, value: null };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized)) return { ok: false, error: { key: 'opt.err.number' } };
  const value = Number(normalized);
  if (!Number.isFinite(value)) return { ok: false, error: { key: 'opt.err.number' } };
  if (value < rule.min) return { ok: false, error: { key: 'opt.err.min', params: { min: rule.min } } };
  if (value > rule.max) return { ok: false, error: { key: 'opt.err.max', params: { max: rule.max } } };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, error: { key: 'opt.err.integer' } };
  return { ok: true, value };
}

/** Errors of a form of several fields, by field; the value is there only when there are none. */
export interface GroupCheck<F extends string, T> {
  value: T | null;
  errors: Partial<Record<F, FieldError>>;
}

export type WorkingHoursField = keyof WorkingHours;
export type WorkingHoursDraft = Record<WorkingHoursField, string>;

export function workingHoursDraft(hours: WorkingHours): WorkingHoursDraft {
  return { start: hours.start, end: hours.end, lunchStart: hours.lunchStart ?? '', lunchEnd: hours.lunchEnd ?? '' };
}

/** End after start; lunch both times or neither, in order and inside the day. Errors sit on the field to change. */
export function checkWorkingHours(draft: WorkingHoursDraft): GroupCheck<WorkingHoursField, WorkingHours> {
  const errors: Partial<Record<WorkingHoursField, FieldError>> = {};
  const clock = (field: WorkingHoursField, required: boolean): number | null => {
    const text = draft[field].trim();
    if (text === '') {
      if (required) errors[field] = { key: 'opt.err.required' };
      return null;
    }
    const minutes = parseClockTime(text);
    if (minutes === null) errors[field] = { key: 'opt.err.time' };
    return minutes;
  };
  const start = clock('start', true);
  const end = clock('end', true);
  const lunchStart = clock('lunchStart', false);
  const lunchEnd = clock('lunchEnd', false);
  if (start !== null && end !== null && end <= start) errors.end = { key: 'opt.err.endAfterStart' };
  const lunchTyped = [draft.lunchStart, draft.lunchEnd].map((text) => text.trim() !== '');
  if (lunchTyped[0] !== lunchTyped[1]) {
    errors[lunchTyped[0] ? 'lunchEnd' : 'lunchStart'] ??= { key: 'opt.err.lunchBoth' };
  } else if (lunchStart !== null && lunchEnd !== null) {
    if (lunchEnd <= lunchStart) errors.lunchEnd ??= { key: 'opt.err.lunchOrder' };
    else if (start !== null && end !== null && !errors.end && (lunchStart < start || lunchEnd > end)) {
      errors[lunchStart < start ? 'lunchStart' : 'lunchEnd'] ??= { key: 'opt.err.lunchInside' };
    }
  }
  if (Object.keys(errors).length > 0 || start === null || end === null) return { value: null, errors };
  const hhmm = (minutes: number | null) =>
    minutes === null ? null : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return {
    value: { start: hhmm(start) ?? draft.start, end: hhmm(end) ?? draft.end, lunchStart: hhmm(lunchStart), lunchEnd: hhmm(lunchEnd) },
    errors,
  };
}

export type PaceField = keyof PaceThresholds;
export type PaceDraft = Record<PaceField, string>;

/** Thresholds are stored as ratios (0.9) and typed as percents (90). */
export function paceDraft(thresholds: PaceThresholds): PaceDraft {
  const percent = (ratio: number) => String(Math.round(ratio * 10_000) / 100);
  return { amber: percent(thresholds.amber), red: percent(thresholds.red) };
}

export function checkPace(draft: PaceDraft): GroupCheck<PaceField, PaceThresholds> {
  const errors: Partial<Record<PaceField, FieldError>> = {};
  const read = (field: PaceField) => {
    const checked = checkNumber(draft[field], RULES.pacePercent);
    if (!checked.ok) errors[field] = checked.error;
    return checked.ok ? checked.value : null;
  };
  const amber = read('amber');
  const red = read('red');
  if (amber !== null && red !== null && red > amber) errors.red = { key: 'opt.err.redAboveAmber' };
  if (Object.keys(errors).length > 0 || amber === null || red === null) return { value: null, errors };
  return { value: { amber: amber / 100, red: red / 100 }, errors };
}

/** The override as typed (talk time in minutes), or '' when the preset applies. */
export function kpiShown(value: number | undefined, unit: KpiUnit): string {
  if (value === undefined) return '';
  return String(Math.round((value / KPI_FIELD[unit].scale) * 100) / 100);
}

/** A typed override → the stored figure (talk time in whole seconds). */
export function kpiStored(typed: number, unit: KpiUnit): number {
  const { scale } = KPI_FIELD[unit];
  return scale === 1 ? typed : Math.round(typed * scale);
}

/** What a target grid shows: the typed text of every cell, by {@link targetCell}. */
export type TargetDraft = Record<string, string>;

/** One cell of a target grid: a column (a weekday, "daily", "week", "month") and a KPI. */
export function targetCell(column: string, kpi: KpiId): string {
  return `${column}.${kpi}`;
}

/** The stored targets of each column as typed ('' where the column does not set the KPI). */
export function targetDraft<C extends string>(columns: readonly C[], stored: (column: C) => KpiTargets | undefined): TargetDraft {
  const draft: TargetDraft = {};
  for (const column of columns) {
    const targets = stored(column);
    for (const kpi of KPI_IDS) draft[targetCell(column, kpi)] = kpiShown(targets?.[kpi], KPI_UNITS[kpi]);
  }
  return draft;
}

/** Every cell checked by its KPI's unit; the value holds the columns that set anything, in stored units. */
export function checkTargets<C extends string>(
  draft: TargetDraft,
  columns: readonly C[],
  fields: Record<KpiUnit, NumberRule & { scale: number }>,
): GroupCheck<string, Partial<Record<C, KpiTargets>>> {
  const errors: Record<string, FieldError> = {};
  const value: Partial<Record<C, KpiTargets>> = {};
  for (const column of columns) {
    const targets: KpiTargets = {};
    for (const kpi of KPI_IDS) {
      const cell = targetCell(column, kpi);
      const unit = KPI_UNITS[kpi];
      const checked = checkNumber(draft[cell] ?? '', fields[unit]);
      if (!checked.ok) errors[cell] = checked.error;
      else if (checked.value !== null) targets[kpi] = kpiStored(checked.value, unit);
    }
    if (Object.keys(targets).length > 0) value[column] = targets;
  }
  return Object.keys(errors).length > 0 ? { value: null, errors } : { value, errors };
}

/** A date typed into a date input ("YYYY-MM-DD"); empty is refused. */
function checkDate(text: string): Checked<string> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: { key: 'opt.err.required' } };
  return parseLocalDate(trimmed) === null ? { ok: false, error: { key: 'opt.err.date' } } : { ok: true, value: trimmed };
}

/** One more of the user's own days off: a real date not in the list yet. */
export function checkDayOff(text: string, daysOff: readonly string[]): Checked<string> {
  const checked = checkDate(text);
  if (checked.ok && daysOff.includes(checked.value)) return { ok: false, error: { key: 'opt.err.dayOffTwice' } };
  return checked;
}

export type VacationField = 'manager' | 'from' | 'to';
export type VacationDraft = Record<VacationField, string>;

/**
 * A vacation of one manager: both dates, the end not before the start, and no day shared with another
 * of the same manager's vacations (the one it overlaps is named, as `describe` words it).
 */
export function checkVacation(
  draft: VacationDraft,
  vacations: Readonly<Record<string, readonly DateRange[]>>,
  describe: (range: DateRange) => string,
): GroupCheck<VacationField, { managerKey: string; range: DateRange }> {
  const errors: Partial<Record<VacationField, FieldError>> = {};
  if (draft.manager === '') errors.manager = { key: 'opt.err.required' };
  const from = checkDate(draft.from);
  const to = checkDate(draft.to);
  if (!from.ok) errors.from = from.error;
  if (!to.ok) errors.to = to.error;
  if (!from.ok || !to.ok || errors.manager) return { value: null, errors };
  if (to.value < from.value) return { value: null, errors: { to: { key: 'opt.err.toBeforeFrom' } } };
  const range = { from: from.value, to: to.value };
  const taken = Object.hasOwn(vacations, draft.manager) ? (vacations[draft.manager] ?? []) : [];
  const overlap = taken.find((other) => other.from <= range.to && range.from <= other.to);
  if (overlap) return { value: null, errors: { from: { key: 'opt.err.vacationOverlap', params: { range: describe(overlap) } } } };
  return { value: { managerKey: draft.manager, range }, errors };
}

export const MAX_LOSS_REASON_LENGTH = 100;

/** How loss reasons compare: lib/metrics/lost-deals matches them ignoring case, «ё» and extra spaces. */
export function lossReasonKey(reason: string): string {
  return reason.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** One more recoverable loss reason: trimmed, not empty, not too long, not already listed in another case. */
export function checkLossReason(text: string, reasons: readonly string[]): Checked<string> {
  const reason = text.trim().replace(/\s+/g, ' ');
  if (reason === '') return { ok: false, error: { key: 'opt.err.required' } };
  if (reason.length > MAX_LOSS_REASON_LENGTH) return { ok: false, error: { key: 'opt.err.tooLong', params: { max: MAX_LOSS_REASON_LENGTH } } };
  const key = lossReasonKey(reason);
  const listed = reasons.find((other) => lossReasonKey(other) === key);
  return listed === undefined ? { ok: true, value: reason } : { ok: false, error: { key: 'opt.err.reasonTwice', params: { reason: listed } } };
}
