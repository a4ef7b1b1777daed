// What each options form does to the settings: pure functions Settings → Settings, one per kind of edit.
import {
  DEFAULT_RECOVERABLE_LOSS_REASONS,
  type DateRange,
  type KpiId,
  type KpiTargets,
  type PeriodTargetSettings,
  type RoleId,
  type RoleTargetSettings,
  type Settings,
  type StalledRule,
  type WeekdayTargets,
} from '../../lib/settings';

/** A copy of the record without the key (the stored records may be frozen defaults). */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** null = no chosen role: the one the CRM position suggests applies again. */
export function withRole(settings: Settings, managerKey: string, role: RoleId | null): Settings {
  return { ...settings, roles: role === null ? without(settings.roles, managerKey) : { ...settings.roles, [managerKey]: role } };
}

/** null = back to the role's preset for that KPI; 0 switches it off. */
export function withTarget(settings: Settings, managerKey: string, kpi: KpiId, value: number | null): Settings {
  const current: KpiTargets = Object.hasOwn(settings.targetOverrides, managerKey) ? { ...settings.targetOverrides[managerKey] } : {};
  if (value === null) delete current[kpi];
  else current[kpi] = value;
  const others = without(settings.targetOverrides, managerKey);
  return { ...settings, targetOverrides: Object.keys(current).length === 0 ? others : { ...others, [managerKey]: current } };
}

/** Every override of the manager dropped: the role's preset applies as it is. */
export function withPresetTargets(settings: Settings, managerKey: string): Settings {
  return { ...settings, targetOverrides: without(settings.targetOverrides, managerKey) };
}

/** null = the default limit applies to the stage. */
export function withStageLimit(settings: Settings, stageKey: string, days: number | null): Settings {
  return { ...settings, stageLimitDays: days === null ? without(settings.stageLimitDays, stageKey) : { ...settings.stageLimitDays, [stageKey]: days } };
}

/** The record with the key set to the value, or without the key when the value sets nothing: "nothing set" is stored as nothing. */
function withEntry<T extends object>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const others = without(record, key);
  return Object.keys(value).length === 0 ? others : { ...others, [key]: value };
}

/** The object without the parts that set nothing (undefined, or an empty object such as `{}` targets). */
function pruned<T extends object>(value: T): T {
  const setsSomething = (part: unknown) => part !== undefined && !(typeof part === 'object' && part !== null && Object.keys(part).length === 0);
  return Object.fromEntries(Object.entries(value).filter(([, part]) => setsSomething(part))) as T;
}

/** A role's own targets changed in part (daily, weekdays, week, month); a part given as undefined or empty is dropped, so it is derived again. */
export function withRoleTargets(settings: Settings, role: RoleId, change: RoleTargetSettings): Settings {
  const merged: RoleTargetSettings = { ...(Object.hasOwn(settings.roleTargets, role) ? settings.roleTargets[role] : {}), ...change };
  if (merged.weekdays !== undefined) merged.weekdays = pruned(merged.weekdays);
  return { ...settings, roleTargets: withEntry(settings.roleTargets, role, pruned(merged)) };
}

/** A manager's targets per weekday, replaced as a whole; empty = the manager's daily targets every day. */
export function withWeekdayTargets(settings: Settings, managerKey: string, weekdays: WeekdayTargets): Settings {
  return { ...settings, weekdayTargetOverrides: withEntry(settings.weekdayTargetOverrides, managerKey, pruned(weekdays)) };
}

/** A manager's week and month targets, replaced as a whole; a period left out is derived from the daily ones. */
export function withPeriodTargets(settings: Settings, managerKey: string, periods: PeriodTargetSettings): Settings {
  return { ...settings, periodTargetOverrides: withEntry(settings.periodTargetOverrides, managerKey, pruned(periods)) };
}

/** One more of the user's own days off ("YYYY-MM-DD"); the list stays sorted and holds each day once. */
export function withDayOff(settings: Settings, day: string): Settings {
  return { ...settings, daysOff: [...new Set([...settings.daysOff, day])].sort() };
}

export function withoutDayOff(settings: Settings, day: string): Settings {
  return { ...settings, daysOff: settings.daysOff.filter((other) => other !== day) };
}

/** One more vacation of a manager, kept in date order (the form has checked that it overlaps none). */
export function withVacation(settings: Settings, managerKey: string, range: DateRange): Settings {
  const current = Object.hasOwn(settings.vacations, managerKey) ? (settings.vacations[managerKey] ?? []) : [];
  const ranges = [...current, { ...range }].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { ...settings, vacations: { ...without(settings.vacations, managerKey), [managerKey]: ranges } };
}

export function withoutVacation(settings: Settings, managerKey: string, range: DateRange): Settings {
  const current = Object.hasOwn(settings.vacations, managerKey) ? (settings.vacations[managerKey] ?? []) : [];
  const ranges = current.filter((other) => other.from !== range.from || other.to !== range.to);
  const others = without(settings.vacations, managerKey);
  return { ...settings, vacations: ranges.length === 0 ? others : { ...others, [managerKey]: ranges } };
}

export function withStalledRule(settings: Settings, stalledRule: StalledRule): Settings {
  return { ...settings, stalledRule: { ...stalledRule } };
}

export function withRecoverWithinDays(settings: Settings, recoverWithinDays: number): Settings {
  return { ...settings, recoverWithinDays };
}

/** One more recoverable loss reason, at the end (the form has trimmed it and refused duplicates). */
export function withLossReason(settings: Settings, reason: string): Settings {
  return { ...settings, recoverableLossReasons: [...settings.recoverableLossReasons, reason] };
}

export function withoutLossReason(settings: Settings, reason: string): Settings {
  return { ...settings, recoverableLossReasons: settings.recoverableLossReasons.filter((other) => other !== reason) };
}

export function withDefaultLossReasons(settings: Settings): Settings {
  return { ...settings, recoverableLossReasons: [...DEFAULT_RECOVERABLE_LOSS_REASONS] };
}
