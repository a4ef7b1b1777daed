// Dates and weekdays on the options page, worded with date-fns in the interface language.
import { addDays, format } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import { parseLocalDate } from '../../lib/calendar';
import type { Lang } from '../../lib/i18n';
import { WEEKDAYS, type DateRange, type Weekday } from '../../lib/settings';

const LOCALE = { ru, en: enUS } as const;
// Any Monday: the weekday names are read off the week that starts with it.
const A_MONDAY = new Date(2024, 0, 1);

/** "пн" / "Mon" (short), "понедельник" / "Monday" (long). */
export function weekdayName(lang: Lang, weekday: Weekday, width: 'short' | 'long'): string {
  const day = addDays(A_MONDAY, WEEKDAYS.indexOf(weekday));
  return format(day, width === 'long' ? 'EEEE' : lang === 'ru' ? 'EEEEEE' : 'EEE', { locale: LOCALE[lang] });
}

/** "пт, 1 мая 2026" / "Fri, May 1, 2026". */
export function formatDate(date: Date, lang: Lang): string {
  return format(date, lang === 'ru' ? 'EEEEEE, d MMM yyyy' : 'EEE, MMM d, yyyy', { locale: LOCALE[lang] });
}

/** One day, or "first – last" for a longer range. */
export function formatDates(from: Date, to: Date, lang: Lang): string {
  return from.getTime() === to.getTime() ? formatDate(from, lang) : `${formatDate(from, lang)} – ${formatDate(to, lang)}`;
}

/** A stored "YYYY-MM-DD" worded; the text itself when it is not a date. */
export function formatStoredDate(text: string, lang: Lang): string {
  const date = parseLocalDate(text);
  return date === null ? text : formatDate(date, lang);
}

/** A stored range worded. */
export function formatStoredRange(range: DateRange, lang: Lang): string {
  const from = parseLocalDate(range.from);
  const to = parseLocalDate(range.to);
  return from === null || to === null ? `${range.from} – ${range.to}` : formatDates(from, to, lang);
}
