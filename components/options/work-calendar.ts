// The production calendar's coming changes to the ordinary week, for a read-only line on the options page.
import { addDays, endOfYear, isWeekend, startOfDay } from 'date-fns';
import { countryCalendar, RU_PRODUCTION_CALENDAR } from '../../lib/calendar';

/** Days off in a row that a public holiday makes (with the weekend around it), or a weekend day that is worked. */
export interface CalendarChange {
  kind: 'days-off' | 'working-day';
  from: Date;
  /** Inclusive. */
  to: Date;
  /** The year's decree is in lib/calendar; otherwise only the fixed holidays and the law's own moves are known. */
  decreed: boolean;
}

/**
 * The next `count` changes from the day of `now` to the end of next year: each run of days off that holds
 * a weekday holiday (from its first to its last day off), and each worked weekend day.
 */
export function upcomingCalendarChanges(now: Date, count: number): CalendarChange[] {
  const calendar = countryCalendar('RU');
  const changes: CalendarChange[] = [];
  const decreed = (day: Date) => Object.hasOwn(RU_PRODUCTION_CALENDAR, day.getFullYear());
  const last = startOfDay(endOfYear(addDays(endOfYear(now), 1)));
  // The days off in a row so far; `holiday`: one of them is a weekday.
  let run = null as { from: Date; to: Date; holiday: boolean } | null;
  for (let day = startOfDay(now); day <= last && changes.length < count; day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) {
      run = run ? { ...run, to: day, holiday: run.holiday || !isWeekend(day) } : { from: day, to: day, holiday: !isWeekend(day) };
      continue;
    }
    if (run?.holiday) changes.push({ kind: 'days-off', from: run.from, to: run.to, decreed: decreed(run.from) && decreed(run.to) });
    run = null;
    if (isWeekend(day) && changes.length < count) changes.push({ kind: 'working-day', from: day, to: day, decreed: decreed(day) });
  }
  if (run?.holiday && changes.length < count) changes.push({ kind: 'days-off', from: run.from, to: run.to, decreed: decreed(run.from) && decreed(run.to) });
  return changes;
}

/** The years of these changes whose decree lib/calendar does not have yet. */
export function undecreedYears(changes: readonly CalendarChange[]): number[] {
  const years = changes.flatMap((change) => [change.from.getFullYear(), change.to.getFullYear()]);
  return [...new Set(years)].filter((year) => !Object.hasOwn(RU_PRODUCTION_CALENDAR, year)).sort((a, b) => a - b);
}
