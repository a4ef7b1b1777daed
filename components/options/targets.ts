// What an empty target field falls back to: the inherited daily figure on a weekday, and week and month figures derived over working days.
import { countryCalendar, daysOf, managerCalendar, periodRange, type PeriodKind } from '../../lib/calendar';
import { formatKpiValue, t, type Lang } from '../../lib/i18n';
import type { WorkCalendar } from '../../lib/metrics/working-day';
import { isTrackedTarget, KPI_IDS, KPI_UNITS, periodTargets, ROLE_PRESETS, type KpiId, type KpiTargets, type RoleId, type Settings, type Weekday } from '../../lib/settings';
import { kpiShown } from './validation';
import '../../lib/i18n-options';

/** Whose targets a form edits: everyone in a role, or one manager (in the role chosen or suggested for them; null = none). */
export type TargetSubject = { kind: 'role'; role: RoleId } | { kind: 'manager'; key: string; role: RoleId | null; isCurrentUser: boolean };

/** The grid column of the targets every day has, beside the seven weekdays. */
export type DayColumn = 'daily' | Weekday;

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * What a day's target is when its cell is left empty, 0 included (a KPI switched off).
 * A role: the preset, and on a weekday also the role's daily targets (`roleDaily`: as being typed, else as stored).
 * A manager: the role's preset, daily and weekday targets under the manager's own daily ones.
 */
export function inheritedDayTargets(settings: Settings, subject: TargetSubject, column: DayColumn, roleDaily?: KpiTargets): KpiTargets {
  if (subject.role === null) return {};
  const preset = ROLE_PRESETS[subject.role];
  const roleTargets = own(settings.roleTargets, subject.role);
  if (subject.kind === 'role') return column === 'daily' ? { ...preset } : { ...preset, ...(roleDaily ?? roleTargets?.daily) };
  return {
    ...preset,
    ...roleTargets?.daily,
    ...(column === 'daily' ? {} : roleTargets?.weekdays?.[column]),
    ...own(settings.targetOverrides, subject.key),
  };
}

/** A week or month target left empty: its value, which KPIs come from the role's direct target, and the working days it is summed over. */
export interface DerivedPeriod {
  targets: KpiTargets;
  /** KPIs whose value is the role's own week or month target, not a sum of daily ones. */
  fromRole: ReadonlySet<KpiId>;
  workingDays: number;
}

/** The calendar a subject's targets are counted over: a role has the country's working days, a manager also their own days off and vacations. */
export function subjectCalendar(settings: Settings, subject: TargetSubject): WorkCalendar {
  return subject.kind === 'role' ? countryCalendar('RU') : managerCalendar(settings, subject.key, subject.isCurrentUser);
}

/** The period's targets without the subject's own direct ones, through lib/settings periodTargets, for the period that contains `now`. */
export function derivedPeriod(settings: Settings, subject: TargetSubject, kind: Exclude<PeriodKind, 'day'>, now: Date): DerivedPeriod {
  const calendar = subjectCalendar(settings, subject);
  const workingDays = daysOf(periodRange({ kind, start: now })).filter((day) => calendar.isWorkingDay(day)).length;
  if (subject.role === null) return { targets: {}, fromRole: new Set(), workingDays };
  const role = subject.role;
  const withoutRoleDirect: Settings = { ...settings, roleTargets: { ...settings.roleTargets, [role]: { ...own(settings.roleTargets, role), [kind]: undefined } } };
  const period = { kind, start: now };
  // A role is counted as a manager nobody has set anything for (no manager key is empty).
  if (subject.kind === 'role') return { targets: periodTargets(withoutRoleDirect, '', role, period, calendar), fromRole: new Set(), workingDays };
  const withoutOwn = (base: Settings): Settings => ({
    ...base,
    periodTargetOverrides: { ...base.periodTargetOverrides, [subject.key]: { ...own(base.periodTargetOverrides, subject.key), [kind]: undefined } },
  });
  const applied = periodTargets(withoutOwn(settings), subject.key, role, period, calendar);
  const summed = periodTargets(withoutOwn(withoutRoleDirect), subject.key, role, period, calendar);
  return { targets: applied, fromRole: new Set(KPI_IDS.filter((kpi) => applied[kpi] !== summed[kpi])), workingDays };
}

/** What an empty target field shows: the value that applies instead (as it would be typed), "off" for a KPI switched off (a limit of 0 is on: "none allowed"). */
export function targetPlaceholder(lang: Lang, value: number | undefined, kpi: KpiId, currency: string): string {
  if (!isTrackedTarget(kpi, value)) return t(lang, 'opt.team.off');
  const unit = KPI_UNITS[kpi];
  return unit === 'money' ? formatKpiValue(value, 'count', lang, currency) : kpiShown(value, unit);
}
