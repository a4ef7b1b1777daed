// When today's working time starts and ends, and how much of it is behind or ahead of `now`.
import { addMinutes, isWeekend, startOfDay } from 'date-fns';
import { DEFAULT_WORKING_HOURS, parseClockTime, type WorkingHours } from '../settings';

export interface WorkingDay {
  start: Date;
  end: Date;
  lunch: { start: Date; end: Date } | null;
  isWorkingDay: boolean;
}

/** Which days are worked (lib/calendar.ts builds one from the production calendar, days off and vacations). */
export interface WorkCalendar {
  isWorkingDay(day: Date): boolean;
  /**
   * A day the country works but this person does not (vacation, own day off). Optional: a calendar
   * without it knows no absences. Used to scale a hand-typed week or month target down for a vacation.
   */
  isAway?(day: Date): boolean;
}

/** Monday to Friday. */
export const WEEKDAYS_CALENDAR: WorkCalendar = { isWorkingDay: (day) => !isWeekend(day) };

/** The working day that contains `now`, in local time; a day off still gets its would-be hours. */
export function workingDay(now: Date, hours: WorkingHours, calendar: WorkCalendar = WEEKDAYS_CALENDAR): WorkingDay {
  const midnight = startOfDay(now);
  const at = (minutes: number) => addMinutes(midnight, minutes);
  let start = parseClockTime(hours.start);
  let end = parseClockTime(hours.end);
  if (start === null || end === null || start >= end) {
    // Settings pass through mergeSettings, so this only guards hand-made values.
    start = parseClockTime(DEFAULT_WORKING_HOURS.start) ?? 9 * 60;
    end = parseClockTime(DEFAULT_WORKING_HOURS.end) ?? 18 * 60;
  }
  const lunchStart = hours.lunchStart === null ? null : parseClockTime(hours.lunchStart);
  const lunchEnd = hours.lunchEnd === null ? null : parseClockTime(hours.lunchEnd);
  const lunchFits = lunchStart !== null && lunchEnd !== null && start <= lunchStart && lunchStart < lunchEnd && lunchEnd <= end;
  return {
    start: at(start),
    end: at(end),
    lunch: lunchFits ? { start: at(lunchStart), end: at(lunchEnd) } : null,
    isWorkingDay: calendar.isWorkingDay(midnight),
  };
}

/** Working milliseconds between two instants within `day` (lunch excluded); 0 on a day off. */
export function workingMsBetween(from: Date, to: Date, day: WorkingDay): number {
  if (!day.isWorkingDay) return 0;
  const worked = overlapMs(from, to, day.start, day.end);
  return day.lunch === null ? worked : worked - overlapMs(from, to, day.lunch.start, day.lunch.end);
}

export function workingMsTotal(day: WorkingDay): number {
  return workingMsBetween(day.start, day.end, day);
}

export function workingMsElapsed(now: Date, day: WorkingDay): number {
  return workingMsBetween(day.start, now, day);
}

export function workingMsLeft(now: Date, day: WorkingDay): number {
  return workingMsBetween(now, day.end, day);
}

function overlapMs(aStart: Date, aEnd: Date, bStart: Date, bEnd: Date): number {
  const start = Math.max(aStart.getTime(), bStart.getTime());
  const end = Math.min(aEnd.getTime(), bEnd.getTime());
  return Math.max(0, end - start);
}
