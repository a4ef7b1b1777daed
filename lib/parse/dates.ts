// Reads the dates and times CRM pages show ("Сегодня 14:30", "12 мар", "12.03.2026 09:15", ISO, unix time) into a Date in the user's time zone.
import { addDays, differenceInMilliseconds, fromUnixTime, isValid, parse, parseISO, startOfDay, toDate } from 'date-fns';
import { enUS } from 'date-fns/locale/en-US';
import { ru } from 'date-fns/locale/ru';
import { uz } from 'date-fns/locale/uz';

/** Words a CRM uses instead of a date, as days from today (ru, en, kk, uz). */
const RELATIVE_DAYS: ReadonlyMap<string, number> = new Map([
  ['позавчера', -2], ['вчера', -1], ['сегодня', 0], ['завтра', 1], ['послезавтра', 2],
  ['yesterday', -1], ['today', 0], ['tomorrow', 1],
  ['кеше', -1], ['бүгін', 0], ['ертең', 1],
  ['kecha', -1], ['bugun', 0], ['ertaga', 1],
]);

/** Month names are read by date-fns in these locales, in this order (Kazakh has its own table below). */
const MONTH_LOCALES = [ru, enUS, uz] as const;

/**
 * Kazakh month names, full and as date-fns abbreviates them, to month index. Not date-fns' kk locale: its parse
 * patterns look at the first letter only, so "қараша" (November) read as "қаңтар" (January) and "маусым" as "мамыр".
 */
const KAZAKH_MONTHS: ReadonlyMap<string, number> = new Map(
  [
    ['қаңтар', 'қаң'], ['ақпан', 'ақп'], ['наурыз', 'нау'], ['сәуір', 'сәу'], ['мамыр', 'мам'], ['маусым', 'мау'],
    ['шілде', 'шіл'], ['тамыз', 'там'], ['қыркүйек', 'қыр'], ['қазан', 'қаз'], ['қараша', 'қар'], ['желтоқсан', 'жел'],
  ].flatMap(([wide = '', short = ''], month) => [[wide, month], [short, month]] as const),
);

/** Words that carry no date: "12 марта 2026 г. в 14:30", "Today at 2:30 PM". */
const FILLER_WORDS: ReadonlySet<string> = new Set(['в', 'г', 'года', 'год', 'at', 'on', 'yil']);

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/iu;
const UNIX_SECONDS = /^\d{10}$/u;
const UNIX_MILLISECONDS = /^\d{13}$/u;
/** A clock time anywhere in the text, 24-hour or with am/pm (dots already removed). */
const CLOCK_TIME = /(?:^|\s)(\d{1,2}:\d{2}(?::\d{2})?)(?:\s?([ap])m)?(?=\s|$)/u;

const DAY_MONTH_YEAR = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/u;
const DAY_MONTH_SHORT_YEAR = /^(\d{1,2})\.(\d{1,2})\.(\d{2})$/u;
const DAY_MONTH = /^(\d{1,2})\.(\d{1,2})$/u;
const DAY_MONTH_NAME = /^(\d{1,2}) (\p{L}{3,})(?: (\d{4}))?$/u;
const MONTH_NAME_DAY = /^(\p{L}{3,}) (\d{1,2})(?: (\d{4}))?$/u;

function valid(date: Date): Date | null {
  return isValid(date) ? date : null;
}

/** "12 марта 2026" in any of MONTH_LOCALES; null when no locale knows the month or the day does not exist. */
function parseMonthName(day: string, month: string, year: number, now: Date): Date | null {
  // date-fns' English abbreviations stop at "sep"; CRMs in en-GB write "Sept".
  const monthWord = month === 'sept' ? 'sep' : month;
  const kazakh = KAZAKH_MONTHS.get(monthWord);
  if (kazakh !== undefined) {
    return valid(parse(`${day}.${kazakh + 1}.${year}`, 'd.M.yyyy', now));
  }
  for (const locale of MONTH_LOCALES) {
    const date = parse(`${day} ${monthWord} ${year}`, 'd MMMM yyyy', now, { locale });
    if (isValid(date)) return date;
  }
  return null;
}

/**
 * The local midnights the date part may mean. A day and month without a year could be in last year,
 * this year or next year; the caller keeps the one nearest to `now`.
 */
function candidateDays(datePart: string, now: Date): Date[] {
  const offset = datePart === '' ? 0 : RELATIVE_DAYS.get(datePart);
  if (offset !== undefined) {
    // At the ends of the Date range (a broken clock) the day a word means may not exist: no candidate, not an Invalid Date.
    const day = valid(addDays(startOfDay(now), offset));
    return day === null ? [] : [day];
  }

  const nearbyYears = [-1, 0, 1].map((delta) => now.getFullYear() + delta);
  const named = DAY_MONTH_NAME.exec(datePart) ?? MONTH_NAME_DAY.exec(datePart);
  const found: Array<Date | null> = [];
  if (DAY_MONTH_YEAR.test(datePart)) {
    found.push(valid(parse(datePart, 'd.M.yyyy', now)));
  } else if (DAY_MONTH_SHORT_YEAR.test(datePart)) {
    // date-fns puts a two-digit year in the century that brings it within 50 years of `now`.
    found.push(valid(parse(datePart, 'd.M.yy', now)));
  } else if (DAY_MONTH.test(datePart)) {
    for (const year of nearbyYears) found.push(valid(parse(`${datePart}.${year}`, 'd.M.yyyy', now)));
  } else if (named !== null) {
    const [, first = '', second = '', year] = named;
    const [day, month] = /^\d/u.test(first) ? [first, second] : [second, first];
    const years = year === undefined ? nearbyYears : [Number(year)];
    for (const y of years) found.push(parseMonthName(day, month, y, now));
  }
  return found.filter((d): d is Date => d !== null);
}

/** Puts "14:30", "9:15 pm" or "09:15:30" on `day`; null when the clock reading is impossible ("25:00", "13:00 pm"). */
function atClockTime(day: Date, clock: string, meridiem: string | undefined): Date | null {
  const withSeconds = clock.split(':').length === 3;
  if (meridiem === undefined) return valid(parse(clock, withSeconds ? 'H:mm:ss' : 'H:mm', day));
  return valid(parse(`${clock} ${meridiem}m`, withSeconds ? 'h:mm:ss a' : 'h:mm a', day, { locale: enUS }));
}

function nearestTo(now: Date, dates: readonly Date[]): Date | null {
  let best: Date | null = null;
  for (const date of dates) {
    if (best === null || Math.abs(differenceInMilliseconds(date, now)) < Math.abs(differenceInMilliseconds(best, now))) {
      best = date;
    }
  }
  return best;
}

/** "Сегодня 14:30", "12.03.2026 09:15", ISO, unix seconds … → Date in the user's time zone; null if unreadable. */
export function parseDateTime(text: string, now: Date): Date | null {
  const trimmed = text.replace(/[\s\u00a0\u2007\u2009\u202f]+/gu, ' ').trim();
  if (trimmed === '' || !isValid(now)) return null;

  // Machine formats first: an ISO string without a zone is local time, with a zone it is that instant.
  if (ISO_8601.test(trimmed)) return valid(parseISO(trimmed));
  if (UNIX_SECONDS.test(trimmed)) return valid(fromUnixTime(Number(trimmed)));
  if (UNIX_MILLISECONDS.test(trimmed)) return valid(toDate(Number(trimmed)));

  const words = trimmed
    .toLowerCase()
    .replace(/(\p{L})\./gu, '$1') // "мар.", "г.", "p.m."
    .replace(/(\d)(?:st|nd|rd|th)(?![\p{L}])/gu, '$1') // "March 12th"
    .replace(/,/gu, ' ')
    .split(' ')
    .filter((word) => word !== '' && !FILLER_WORDS.has(word))
    .join(' ');

  const clock = CLOCK_TIME.exec(words);
  const datePart = (clock === null ? words : words.slice(0, clock.index) + words.slice(clock.index + clock[0].length)).trim();
  if (datePart === '' && clock === null) return null;

  const days = candidateDays(datePart, now);
  const results: Date[] = [];
  for (const day of days) {
    const result = clock?.[1] === undefined ? day : atClockTime(day, clock[1], clock[2]);
    if (result !== null) results.push(result);
  }
  return nearestTo(now, results);
}

