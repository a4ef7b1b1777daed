// Until when a stalled deal is snoozed for each choice of the Snooze control, and the settings change that records it.
import { addBusinessDays, addDays, nextMonday, startOfDay } from 'date-fns';
import { nextWorkingDay, parseLocalDate } from '../../lib/calendar';
import type { WorkCalendar } from '../../lib/metrics';
import type { Settings } from '../../lib/settings';

/** "For a few working days": long enough to wait for a client's answer, short enough not to forget the deal. */
export const SNOOZE_WORKING_DAYS = 3;

export interface SnoozeMoments {
  /** The start of tomorrow. */
  tomorrow: Date;
  /** The start of the {@link SNOOZE_WORKING_DAYS}th working day after today, in the manager's calendar. */
  workingDays: Date;
  /** The start of the next Monday (a week on when today is Monday). */
  monday: Date;
}

/** A snoozed deal comes back at the start of the day chosen: the morning it needs attention again. */
export function snoozeMoments(now: Date, calendar: WorkCalendar): SnoozeMoments {
  let day: Date | null = startOfDay(now);
  for (let i = 0; i < SNOOZE_WORKING_DAYS && day !== null; i += 1) day = nextWorkingDay(day, calendar);
  return {
    tomorrow: startOfDay(addDays(now, 1)),
    // A calendar with no working day for a year (a year-long vacation) falls back to weekdays.
    workingDays: day ?? addBusinessDays(startOfDay(now), SNOOZE_WORKING_DAYS),
    monday: startOfDay(nextMonday(now)),
  };
}

/** The start of a date typed in the date picker ("2026-03-02"); null unless it is after today. */
export function snoozeOnDate(text: string, now: Date): Date | null {
  const day = parseLocalDate(text);
  return day !== null && day >= startOfDay(addDays(now, 1)) ? day : null;
}

/**
 * Settings with the deal snoozed until `until` (null: un-snoozed). Snoozes already over are dropped
 * on the way, so the record does not grow with every deal ever snoozed.
 */
export function withSnooze(settings: Settings, dealKey: string, until: Date | null, now: Date): Settings {
  const snoozes = Object.fromEntries(Object.entries(settings.snoozes).filter(([key, at]) => key !== dealKey && at > now.getTime()));
  if (until !== null) snoozes[dealKey] = until.getTime();
  return { ...settings, snoozes };
}
