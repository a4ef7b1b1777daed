// Plan vs fact for today, this week and this month, with the month's daily series and its weeks rolled up.
import { addDays, startOfDay } from 'date-fns';
import { daysOf, periodRange, type PeriodKind } from '../calendar';
import type { ActivityFields, DealFields, StageFields, TaskFields } from '../model';
import { recordKey } from '../model';
import { combineDayTargets, KPI_IDS, KPI_KINDS, periodTargets, resolveRole, roleFromTitle, type KpiId, type KpiTargets, type RoleId, type Settings } from '../settings';
import { dailyKpiFacts, kpiFacts, noFacts, type KpiFacts } from './kpi-facts';
import { expectedByNow, paceStatus, statusAgainst, worstStatus, type PaceStatus } from './pace';
import { levelStatus, missedPlan, planFact, type KpiFigure } from './plan-fact';
import { WEEKDAYS_CALENDAR, workingDay, workingMsElapsed, workingMsTotal, type WorkCalendar } from './working-day';

export interface PeriodFigure extends KpiFigure {
  /** What the plan expects by `now` (not rounded). */
  expected: number;
  status: PaceStatus;
}

export interface PeriodSummary {
  kind: PeriodKind;
  start: Date;
  /** Exclusive. */
  end: Date;
  /** The manager's working days in the period (holidays, days off and vacation excluded). */
  workingDays: number;
  /** Working days after today that are still to come in the period. */
  workingDaysLeft: number;
  figures: PeriodFigure[];
  /** The calls status when calls are a target, else the worst of the others; grey without targets. */
  status: PaceStatus;
}

export interface SeriesDay {
  date: Date;
  isWorkingDay: boolean;
  /** The day's targets; empty on a day off. */
  plan: KpiTargets;
  fact: KpiFacts;
  when: 'past' | 'today' | 'future';
  /** Targeted KPIs the day ended below plan; past working days only (a day off is never a miss). */
  missed: KpiId[];
}

export interface RollUp {
  kind: 'week' | 'month';
  /** First day of the group within the series. */
  start: Date;
  /** Day after the group's last day within the series. */
  end: Date;
  workingDays: number;
  /** The days' targets combined: summed, or for a `level` or `limit` KPI as lib/settings combineDayTargets does. */
  plan: KpiTargets;
  fact: KpiFacts;
  figures: KpiFigure[];
}

export interface PeriodView {
  role: RoleId | null;
  today: PeriodSummary;
  week: PeriodSummary;
  month: PeriodSummary;
  /** Every day of the month, for a small chart. */
  series: SeriesDay[];
  /** The month's days by week (weeks cut at the month's edges). */
  weeks: RollUp[];
  basedOn: { deals: number; activities: number };
}

export interface PeriodViewInput {
  account: string;
  ownerId: string;
  /** Enough history for the month (and the week, which may start in the previous month). */
  deals: readonly DealFields[];
  activities: readonly ActivityFields[];
  /** The pipelines' stages, for `movedForward`. */
  stages?: readonly StageFields[];
  /** The manager's tasks, every open one included, for `overdueTasks`. */
  tasks?: readonly TaskFields[];
  /** Won deals of every owner, for `repeatSales` (lib/metrics/kpi-facts); default `deals`. */
  wonDeals?: readonly DealFields[];
  managerTitle?: string | null;
  settings: Settings;
  now: Date;
  /** The manager's calendar (lib/calendar managerCalendar); default Monday–Friday. */
  calendar?: WorkCalendar;
}

export function periodView(input: PeriodViewInput): PeriodView {
  const { settings, now, ownerId } = input;
  const calendar = input.calendar ?? WEEKDAYS_CALENDAR;
  const managerKey = recordKey(input.account, ownerId);
  const suggested = roleFromTitle(input.managerTitle ?? null);
  const role = resolveRole(settings, managerKey, suggested);
  const dayPlan = (date: Date) => periodTargets(settings, managerKey, suggested, { kind: 'day', start: date }, calendar);
  const ownDeals = input.deals.filter((deal) => deal.ownerId === ownerId);
  const ownActivities = input.activities.filter((activity) => activity.ownerId === ownerId);
  const extra = { stages: input.stages ?? [], tasks: input.tasks ?? [], wonDeals: input.wonDeals ?? input.deals, now };
  const factsIn = (start: Date, end: Date) =>
    kpiFacts({ activities: ownActivities, deals: ownDeals, ownerId, from: start, to: end, conversationMinSec: settings.conversationMinSec, ...extra });

  const summary = (kind: PeriodKind): PeriodSummary => {
    const range = periodRange({ kind, start: now });
    const plan = periodTargets(settings, managerKey, suggested, { kind, start: now }, calendar);
    const facts = factsIn(range.start, range.end);
    const days = daysOf(range).filter((date) => calendar.isWorkingDay(date));
    const today = startOfDay(now).getTime();
    const expectedShare = kind === 'day' ? null : progressShare(days, now, settings, calendar, dayPlan);
    const day = workingDay(now, settings.workingHours, calendar);
    const figures = planFact(plan, facts).map((figure): PeriodFigure => {
      // A level or a limit is not due bit by bit: the whole plan holds from the start.
      const level = levelStatus(figure, settings.paceThresholds);
      if (level !== null) return { ...figure, expected: figure.plan, status: level };
      if (expectedShare === null) {
        return { ...figure, expected: expectedByNow(figure.plan, now, day), status: paceStatus(figure.fact, figure.plan, now, day, settings.paceThresholds) };
      }
      const expected = figure.plan * expectedShare(figure.kpi);
      return { ...figure, expected, status: statusAgainst(figure.fact, figure.plan, expected, settings.paceThresholds) };
    });
    const calls = figures.find((figure) => figure.kpi === 'calls');
    return {
      kind,
      start: range.start,
      end: range.end,
      workingDays: days.length,
      workingDaysLeft: days.filter((date) => date.getTime() > today).length,
      figures,
      status: calls ? calls.status : worstStatus(figures.map((figure) => figure.status)),
    };
  };

  const month = periodRange({ kind: 'month', start: now });
  const byDay = dailyKpiFacts({
    activities: ownActivities,
    deals: ownDeals,
    ownerId,
    from: month.start,
    to: month.end,
    conversationMinSec: settings.conversationMinSec,
    ...extra,
  });
  const series = daysOf(month).map((date) => seriesDay(date, now, calendar.isWorkingDay(date) ? dayPlan(date) : {}, calendar, byDay));

  return {
    role,
    today: summary('day'),
    week: summary('week'),
    month: summary('month'),
    series,
    weeks: rollUp(series, 'week', factsIn),
    basedOn: { deals: ownDeals.length, activities: ownActivities.length },
  };
}

/**
 * Days grouped into weeks (Monday first) or months; each group's targets and facts are the sums of its days'
 * for the `sum` KPIs. The others are not sums: targets are combined by lib/settings combineDayTargets, and
 * facts are counted over the group's whole range by `factsIn` (periodView passes its own). Without it they
 * are worked out from the days: the average deal from the won sums, the conversion from each day's new
 * deals, overdue tasks and the retention as on the group's last day that has begun.
 */
export function rollUp(series: readonly SeriesDay[], kind: 'week' | 'month', factsIn?: (start: Date, end: Date) => KpiFacts): RollUp[] {
  const groups = new Map<number, SeriesDay[]>();
  for (const day of series) {
    const key = periodRange({ kind, start: day.date }).start.getTime();
    const group = groups.get(key);
    if (group) group.push(day);
    else groups.set(key, [day]);
  }
  return [...groups.values()].map((days) => {
    const plan: KpiTargets = {};
    const fact = noFacts();
    for (const kpi of KPI_IDS) {
      const targets = days.flatMap((day) => {
        const target = day.plan[kpi];
        return target === undefined ? [] : [target];
      });
      const combined = combineDayTargets(kpi, targets);
      if (combined !== undefined) plan[kpi] = combined;
      if (KPI_KINDS[kpi] === 'sum') fact[kpi] = days.reduce((sum, day) => sum + day.fact[kpi], 0);
    }
    const first = days[0]?.date ?? new Date(Number.NaN);
    const last = days[days.length - 1]?.date ?? first;
    const end = addDays(last, 1);
    const levels = factsIn ? factsIn(first, end) : levelsFromDays(days, fact);
    for (const kpi of KPI_IDS) if (KPI_KINDS[kpi] !== 'sum') fact[kpi] = levels[kpi];
    if (levels.retentionClients !== undefined) fact.retentionClients = levels.retentionClients;
    return { kind, start: first, end, workingDays: days.filter((day) => day.isWorkingDay).length, plan, fact, figures: planFact(plan, fact) };
  });
}

/** The non-`sum` facts of a group of days from the days' own figures (see {@link rollUp}). */
function levelsFromDays(days: readonly SeriesDay[], sums: Record<KpiId, number>): KpiFacts {
  const levels = noFacts();
  levels.avgDeal = sums.wonCount > 0 ? Math.round(sums.wonAmount / sums.wonCount) : 0;
  const createdWon = days.reduce((sum, day) => sum + Math.round((day.fact.conversion * day.fact.newDeals) / 100), 0);
  levels.conversion = sums.newDeals > 0 ? (createdWon / sums.newDeals) * 100 : 0;
  const begun = days.filter((day) => day.when !== 'future');
  const lastBegun = begun[begun.length - 1]?.fact;
  levels.overdueTasks = lastBegun?.overdueTasks ?? 0;
  // Each day's retention is the month to date against the previous month: the last begun day's is the group's.
  levels.retention = lastBegun?.retention ?? 0;
  if (lastBegun?.retentionClients !== undefined) levels.retentionClients = lastBegun.retentionClients;
  return levels;
}

function seriesDay(date: Date, now: Date, plan: KpiTargets, calendar: WorkCalendar, byDay: Map<number, KpiFacts>): SeriesDay {
  const today = startOfDay(now).getTime();
  const when = date.getTime() < today ? 'past' : date.getTime() === today ? 'today' : 'future';
  const fact = { ...(byDay.get(date.getTime()) ?? noFacts()) };
  const isWorkingDay = calendar.isWorkingDay(date);
  const missed = when === 'past' && isWorkingDay ? KPI_IDS.filter((kpi) => missedPlan(kpi, plan[kpi], fact)) : [];
  return { date, isWorkingDay, plan, fact, when, missed };
}

/**
 * The share of a week's or month's plan due by `now`, per KPI: the daily targets of the working days
 * already over plus today's pro-rated by its working time, over all the period's daily targets. So a
 * Friday with a lighter target weighs less, and a direct week target follows the same shape. Without
 * daily targets for the KPI every working day weighs the same.
 */
function progressShare(
  workingDays: readonly Date[],
  now: Date,
  settings: Settings,
  calendar: WorkCalendar,
  dayPlan: (date: Date) => KpiTargets,
): (kpi: KpiId) => number {
  const today = startOfDay(now).getTime();
  const day = workingDay(now, settings.workingHours, calendar);
  const todayShare = workingMsTotal(day) > 0 ? workingMsElapsed(now, day) / workingMsTotal(day) : 0;
  const plans = workingDays.map((date) => ({ at: date.getTime(), plan: dayPlan(date) }));
  return (kpi) => {
    const weighted = plans.some(({ plan }) => (plan[kpi] ?? 0) > 0);
    let total = 0;
    let done = 0;
    for (const { at, plan } of plans) {
      const weight = weighted ? (plan[kpi] ?? 0) : 1;
      total += weight;
      if (at < today) done += weight;
      else if (at === today) done += weight * todayShare;
    }
    return total > 0 ? done / total : 0;
  };
}
