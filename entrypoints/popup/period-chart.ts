// The days a Week or Month chart shows, for one KPI: periodView's month series, and the same figures for a week's days outside the month.
import { startOfDay } from 'date-fns';
import { daysOf } from '../../lib/calendar';
import type { ChartDay } from '../../components/DailyChart';
import { dailyKpiFacts, noFacts, type KpiFacts, type SeriesDay, type WorkCalendar } from '../../lib/metrics';
import type { ActivityFields, DealFields, StageFields, TaskFields } from '../../lib/model';
import { periodTargets, roleFromTitle, type KpiId, type Settings } from '../../lib/settings';

export interface ChartInput {
  range: { start: Date; end: Date };
  kpi: KpiId;
  /** periodView(...).series: every day of `now`'s month. */
  series: readonly SeriesDay[];
  ownerId: string;
  managerKey: string;
  managerTitle: string | null;
  deals: readonly DealFields[];
  activities: readonly ActivityFields[];
  /** For `movedForward` and `overdueTasks` on days outside the series. */
  stages?: readonly StageFields[];
  tasks?: readonly TaskFields[];
  /** Won deals of every owner, for `repeatSales`; default `deals`. */
  wonDeals?: readonly DealFields[];
  settings: Settings;
  calendar: WorkCalendar;
  now: Date;
}

/**
 * One entry per day of the range. periodView's series covers the month only, so a week that starts
 * in the previous month (or ends in the next) gets those days from the same pieces periodView uses:
 * the day's targets from settings and the day's facts from dailyKpiFacts.
 */
export function chartDays(input: ChartInput): ChartDay[] {
  const { kpi, now } = input;
  const today = startOfDay(now).getTime();
  const inSeries = new Map(input.series.map((day) => [day.date.getTime(), day]));
  const days = daysOf(input.range);
  const missing = days.filter((date) => !inSeries.has(date.getTime()));
  const factsByDay =
    missing.length === 0
      ? new Map<number, KpiFacts>()
      : dailyKpiFacts({
          activities: input.activities,
          deals: input.deals,
          ownerId: input.ownerId,
          from: input.range.start,
          to: input.range.end,
          conversationMinSec: input.settings.conversationMinSec,
          stages: input.stages ?? [],
          tasks: input.tasks ?? [],
          wonDeals: input.wonDeals ?? input.deals,
          now,
        });
  const suggested = roleFromTitle(input.managerTitle);
  return days.map((date): ChartDay => {
    const at = date.getTime();
    const when = at < today ? 'past' : at === today ? 'today' : 'future';
    const known = inSeries.get(at);
    if (known) return { date, isWorkingDay: known.isWorkingDay, plan: known.plan[kpi] ?? 0, fact: known.fact[kpi], when };
    const isWorkingDay = input.calendar.isWorkingDay(date);
    const plan = isWorkingDay ? (periodTargets(input.settings, input.managerKey, suggested, { kind: 'day', start: date }, input.calendar)[kpi] ?? 0) : 0;
    return { date, isWorkingDay, plan, fact: (factsByDay.get(at) ?? noFacts())[kpi], when };
  });
}
