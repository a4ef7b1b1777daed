// Rules for the options forms: pure checks that turn what a person typed into a setting or a reason it is refused.
import type { MessageKey } from '../../lib/i18n';
import { parseClockTime, type KpiUnit, type PaceThresholds, type WorkingHours } from '../../lib/settings';

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
} satisfies Record<string, NumberRule>;

/**
 * Daily target overrides, by the KPI's unit. `scale` converts what is typed to what is stored:
 * talk time is typed in minutes and stored in seconds. Empty means "the role's preset"; 0 switches the KPI off.
 */
export const KPI_FIELD: Record<KpiUnit, NumberRule & { scale: number }> = {
  count: { min: 0, max: 1000, integer: true, required: false, scale: 1 },
  seconds: { min: 0, max: 1440, integer: false, required: false, scale: 60 },
  money: { min: 0, max: 1_000_000_000_000, integer: false, required: false, scale: 1 },
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
