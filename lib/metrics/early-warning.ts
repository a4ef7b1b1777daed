// Early signs before the revenue drops: today's CRM actions far below the manager's usual, or no calls for a long stretch.
import { startOfDay, subWeeks } from 'date-fns';
import type { ActivityFields, DealFields, TaskFields } from '../model';
import type { WorkingHours } from '../settings';
import { WEEKDAYS_CALENDAR, workingDay, workingMsBetween, type WorkCalendar, type WorkingDay } from './working-day';

/** What a manager did in the CRM in a stretch of a day. */
export interface CrmActions {
  calls: number;
  meetings: number;
  tasksDone: number;
  /** Deals that entered their current stage in the stretch (the CRM keeps only the latest entry, see {@link activityDrop}). */
  stageMoves: number;
  total: number;
}

export interface ActivityDropInput {
  /** The manager's calls and meetings, at least the last four weeks. */
  activities: readonly ActivityFields[];
  tasks: readonly TaskFields[];
  deals: readonly DealFields[];
  ownerId: string;
  now: Date;
  hours: WorkingHours;
  calendar?: WorkCalendar;
  /** A norm below this many actions says nothing yet (9:05 with a norm of 1 is not a drop); default 5. */
  minNorm?: number;
}

export type ActivityDropSkip = 'day-off' | 'outside-hours' | 'no-history' | 'first-week' | 'norm-too-small';

export interface ActivityDrop {
  warn: boolean;
  /** So far today. */
  today: CrmActions;
  /** Mean actions by the same time on the same weekday over the comparable weeks; null when there are none. */
  norm: number | null;
  /** How many of the previous four weeks the norm rests on. */
  weeks: number;
  /** Why no judgement was made; null when one was. */
  skipped: ActivityDropSkip | null;
}

export const ACTIVITY_DROP_SHARE = 0.5;
export const ACTIVITY_DROP_WEEKS = 4;
export const DEFAULT_MIN_NORM = 5;

/**
 * Today's actions so far against the mean of the same weekday, same time of day, over the previous
 * four weeks; a warning below half of it. Weeks where that day was not worked (holiday, vacation) or
 * that predate our data are left out. Never on a day off, outside working hours, or in the first week
 * of data. Stage moves are approximated by the deals whose current stage was entered that day: for
 * past weeks some of those deals have moved on since, so the norm runs low and the warning errs on
 * the quiet side.
 */
export function activityDrop(input: ActivityDropInput): ActivityDrop {
  const { now, ownerId } = input;
  const calendar = input.calendar ?? WEEKDAYS_CALENDAR;
  const activities = input.activities.filter((activity) => activity.ownerId === ownerId);
  const tasks = input.tasks.filter((task) => task.ownerId === ownerId && task.done && task.doneAt !== null);
  const deals = input.deals.filter((deal) => deal.ownerId === ownerId && deal.stageEnteredAt !== null);
  const actionsBy = (until: Date) => countActions(activities, tasks, deals, startOfDay(until).getTime(), until.getTime());
  const today = actionsBy(now);
  const result = (skipped: ActivityDropSkip | null, norm: number | null = null, weeks = 0): ActivityDrop => ({
    warn: skipped === null && norm !== null && today.total < ACTIVITY_DROP_SHARE * norm,
    today,
    norm,
    weeks,
    skipped,
  });

  const day = workingDay(now, input.hours, calendar);
  if (!day.isWorkingDay) return result('day-off');
  if (now < day.start || now >= day.end) return result('outside-hours');
  let firstSeen = Number.POSITIVE_INFINITY;
  for (const activity of activities) firstSeen = Math.min(firstSeen, activity.at);
  for (const task of tasks) firstSeen = Math.min(firstSeen, task.doneAt ?? Number.POSITIVE_INFINITY);
  if (!Number.isFinite(firstSeen)) return result('no-history');
  const dataStart = startOfDay(firstSeen);
  if (dataStart > subWeeks(startOfDay(now), 1)) return result('first-week');

  const totals: number[] = [];
  for (let week = 1; week <= ACTIVITY_DROP_WEEKS; week += 1) {
    const then = subWeeks(now, week);
    if (startOfDay(then) < dataStart || !calendar.isWorkingDay(startOfDay(then))) continue;
    totals.push(actionsBy(then).total);
  }
  if (totals.length === 0) return result('no-history');
  const norm = totals.reduce((sum, total) => sum + total, 0) / totals.length;
  if (norm < (input.minNorm ?? DEFAULT_MIN_NORM)) return result('norm-too-small', norm, totals.length);
  return result(null, norm, totals.length);
}

function countActions(
  activities: readonly ActivityFields[],
  tasks: readonly TaskFields[],
  deals: readonly DealFields[],
  from: number,
  to: number,
): CrmActions {
  const within = (at: number | null) => at !== null && at >= from && at < to;
  let calls = 0;
  let meetings = 0;
  for (const activity of activities) {
    if (!within(activity.at)) continue;
    if (activity.type === 'meeting') meetings += 1;
    else calls += 1;
  }
  const tasksDone = tasks.filter((task) => within(task.doneAt)).length;
  const stageMoves = deals.filter((deal) => within(deal.stageEnteredAt)).length;
  return { calls, meetings, tasksDone, stageMoves, total: calls + meetings + tasksDone + stageMoves };
}

export const SILENCE_MINUTES = 90;

/**
 * Since when a manager has made no call or meeting, if that has lasted at least `minutes` working
 * minutes (lunch does not count) and it is working time now; else null. A call or meeting counts
 * until it ends. Nothing yet today → the start of the working day.
 */
export function silentSince(activities: readonly ActivityFields[], ownerId: string, now: Date, day: WorkingDay, minutes = SILENCE_MINUTES): Date | null {
  if (!day.isWorkingDay || now < day.start || now >= day.end) return null;
  let last = Number.NEGATIVE_INFINITY;
  for (const activity of activities) {
    if (activity.ownerId !== ownerId || activity.at > now.getTime()) continue;
    last = Math.max(last, activity.at + (activity.durationSec ?? 0) * 1000);
  }
  const since = new Date(Math.max(last, day.start.getTime()));
  if (since >= now) return null;
  return workingMsBetween(since, now, day) >= minutes * 60_000 ? since : null;
}
