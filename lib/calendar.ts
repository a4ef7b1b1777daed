// Which days a manager works: the Russian production calendar, the user's own days off and each manager's vacations.
import { addDays, addMonths, addWeeks, differenceInCalendarDays, format, isValid, isWeekend, parseISO, startOfDay, startOfMonth, startOfWeek } from 'date-fns';
import type { WorkCalendar } from './metrics/working-day';
import type { DateRange, Settings } from './settings';

export type Country = 'RU';

/**
 * One year of a production calendar as the government decree sets it: the weekdays nobody works
 * (public holidays and the days off moved onto weekdays) and the weekend days everybody works
 * (a Saturday that a day off was moved from). Dates are local "YYYY-MM-DD".
 */
export interface ProductionYear {
  /** Where the dates come from, for whoever checks them next year. */
  source: string;
  daysOff: readonly string[];
  workingWeekends: readonly string[];
}

/**
 * Decreed years. 2025 is here so that history reaching back from January 2026 (four-week norms,
 * days in stage) counts the right days, and because it has a moved working Saturday (1 Nov).
 */
export const RU_PRODUCTION_CALENDAR: Readonly<Record<number, ProductionYear>> = Object.freeze({
  2025: Object.freeze({
    source: 'Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»',
    daysOff: Object.freeze([
      '2025-01-01', '2025-01-02', '2025-01-03', '2025-01-06', '2025-01-07', '2025-01-08',
      // 2 May from Sat 4 Jan, 8 May from Sun 23 Feb.
      '2025-05-01', '2025-05-02', '2025-05-08', '2025-05-09',
      // 13 June from Sat 8 March.
      '2025-06-12', '2025-06-13',
      // 3 Nov from Sat 1 Nov, which is worked.
      '2025-11-03', '2025-11-04',
      // From Sun 5 Jan.
      '2025-12-31',
    ]),
    workingWeekends: Object.freeze(['2025-11-01']),
  }),
  2026: Object.freeze({
    source: 'Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»',
    daysOff: Object.freeze([
      // 9 Jan from Sat 3 Jan.
      '2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09',
      '2026-02-23',
      // Sun 8 March → Mon 9 March (Labour Code art. 112).
      '2026-03-09',
      // Sat 9 May → Mon 11 May (art. 112).
      '2026-05-01', '2026-05-11',
      '2026-06-12',
      '2026-11-04',
      // From Sun 4 Jan.
      '2026-12-31',
    ]),
    // No six-day weeks in 2026.
    workingWeekends: Object.freeze([]),
  }),
});

/**
 * Fixed public holidays (Labour Code art. 112 part 1), month and day. Any year without a decree in
 * {@link RU_PRODUCTION_CALENDAR} gets these, plus the law's own rule that a holiday on a weekend
 * moves the day off to the next working day (all but the January ones, which only a decree moves).
 *
 * 2027: the decree on moved days off is not published yet (it usually is in the autumn before; a
 * moved working Saturday, 13 Nov 2027, was only talked about). So 2027 has the fixed holidays and the
 * law's automatic moves (Sat 1 May → Mon 3 May, Sun 9 May → Mon 10 May, Sat 12 June → Mon 14 June),
 * but nothing the decree will add (where the January weekend holidays go, working Saturdays).
 * Add the year to the table above once the decree is out.
 */
const RU_FIXED_HOLIDAYS: readonly (readonly [month: number, day: number])[] = [
  [1, 1], [1, 2], [1, 3], [1, 4], [1, 5], [1, 6], [1, 7], [1, 8],
  [2, 23],
  [3, 8],
  [5, 1],
  [5, 9],
  [6, 12],
  [11, 4],
];

/** A local date as a number, 20260223: a cheap, exact key for sets of days. */
function dayKey(date: Date): number {
  return date.getFullYear() * 10000 + (date.getMonth() + 1) * 100 + date.getDate();
}

/** "2026-02-23" → local midnight; null for anything else (including "2026-02-30"). */
export function parseLocalDate(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const date = parseISO(text);
  return isValid(date) && format(date, 'yyyy-MM-dd') === text ? date : null;
}

/** Local midnight → "2026-02-23". */
export function localDateText(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}

interface YearDays {
  off: Set<number>;
  working: Set<number>;
}

const yearCache = new Map<number, YearDays>();

function ruYear(year: number): YearDays {
  const cached = yearCache.get(year);
  if (cached) return cached;
  const decreed = Object.hasOwn(RU_PRODUCTION_CALENDAR, year) ? RU_PRODUCTION_CALENDAR[year] : undefined;
  const days: YearDays = decreed ? fromDecree(decreed) : fromLaw(year);
  yearCache.set(year, days);
  return days;
}

function fromDecree(decree: ProductionYear): YearDays {
  const keys = (texts: readonly string[]) => new Set(texts.map(parseLocalDate).flatMap((date) => (date ? [dayKey(date)] : [])));
  return { off: keys(decree.daysOff), working: keys(decree.workingWeekends) };
}

function fromLaw(year: number): YearDays {
  const holidays = RU_FIXED_HOLIDAYS.map(([month, day]) => new Date(year, month - 1, day));
  const off = new Set(holidays.map(dayKey));
  for (const holiday of holidays) {
    if (holiday.getMonth() === 0 || !isWeekend(holiday)) continue;
    let moved = addDays(holiday, 1);
    while (isWeekend(moved) || off.has(dayKey(moved))) moved = addDays(moved, 1);
    off.add(dayKey(moved));
  }
  return { off, working: new Set() };
}

/** The country's working days, nobody's vacations. */
export function countryCalendar(country: Country): WorkCalendar {
  return COUNTRY_CALENDARS[country];
}

const COUNTRY_CALENDARS: Record<Country, WorkCalendar> = {
  RU: Object.freeze({
    isWorkingDay(day: Date): boolean {
      const { off, working } = ruYear(day.getFullYear());
      const key = dayKey(day);
      if (working.has(key)) return true;
      return !isWeekend(day) && !off.has(key);
    },
  }),
};

export interface DayRange {
  from: Date;
  /** Inclusive: the last day of the vacation. */
  to: Date;
}

export interface WorkCalendarOptions {
  country: Country;
  /** Days the person does not work although the country does (their own days off). */
  daysOff: readonly Date[];
  /** This manager's vacations, both ends inclusive. */
  vacations: readonly DayRange[];
  /** Days the person works although the calendar says otherwise (a moved Saturday not in our table yet, a duty day). */
  workingDays?: readonly Date[];
}

/**
 * A person's calendar: the country's working days, minus their days off and vacations, plus days
 * they chose to work. `isAway` tells a vacation or day off from a public holiday, so that a week
 * target typed by hand can be scaled down for a vacation but not for a holiday the plan already knew.
 */
export function workCalendar(options: WorkCalendarOptions): WorkCalendar {
  const country = countryCalendar(options.country);
  const daysOff = new Set(options.daysOff.map(dayKey));
  const extra = new Set((options.workingDays ?? []).map(dayKey));
  const vacations = options.vacations
    .map((range) => ({ from: dayKey(range.from), to: dayKey(range.to) }))
    .filter((range) => range.from <= range.to);
  const away = (key: number) => daysOff.has(key) || vacations.some((range) => range.from <= key && key <= range.to);
  return {
    isWorkingDay(day) {
      const key = dayKey(day);
      if (extra.has(key)) return true;
      return country.isWorkingDay(day) && !away(key);
    },
    isAway(day) {
      const key = dayKey(day);
      return !extra.has(key) && country.isWorkingDay(day) && away(key);
    },
  };
}

/**
 * The calendar of one manager from settings. The user's own days off apply only when the manager
 * shown is the person using the extension; a head's day off is not a day off for the team.
 */
export function managerCalendar(settings: Settings, managerKey: string, isCurrentUser: boolean, country: Country = 'RU'): WorkCalendar {
  const dates = (texts: readonly string[]) => texts.flatMap((text) => parseLocalDate(text) ?? []);
  const ranges = (stored: readonly DateRange[]) =>
    stored.flatMap((range) => {
      const from = parseLocalDate(range.from);
      const to = parseLocalDate(range.to);
      return from && to ? [{ from, to }] : [];
    });
  return workCalendar({
    country,
    daysOff: isCurrentUser ? dates(settings.daysOff) : [],
    vacations: Object.hasOwn(settings.vacations, managerKey) ? ranges(settings.vacations[managerKey] ?? []) : [],
  });
}

// Cumulative counts of working days per calendar, so that 20 000 deals × "days in stage" is a subtraction each.
const ORIGIN = new Date(2000, 0, 1);
const PAD_DAYS = 400;
interface Prefix {
  /** Day index (days since ORIGIN) of counts[0]. */
  lo: number;
  /** counts[i] = working days in [lo, lo + i). */
  counts: number[];
}
const prefixes = new WeakMap<WorkCalendar, Prefix>();

/** The calendar's prefix, grown (with room to spare) until it covers day indexes a and b. */
function prefixCovering(calendar: WorkCalendar, a: number, b: number): Prefix {
  const cached = prefixes.get(calendar);
  const want = { lo: Math.min(a, b), hi: Math.max(a, b) };
  if (cached !== undefined && want.lo >= cached.lo && want.hi < cached.lo + cached.counts.length) return cached;
  const lo = Math.min(want.lo, cached?.lo ?? want.lo) - PAD_DAYS;
  const hi = Math.max(want.hi, cached ? cached.lo + cached.counts.length - 1 : want.hi) + PAD_DAYS;
  const counts = [0];
  let day = addDays(ORIGIN, lo);
  for (let i = lo; i < hi; i += 1) {
    counts.push((counts[counts.length - 1] ?? 0) + (calendar.isWorkingDay(day) ? 1 : 0));
    day = addDays(day, 1);
  }
  const prefix = { lo, counts };
  prefixes.set(calendar, prefix);
  return prefix;
}

/**
 * Working days from the day of `from` up to, not including, the day of `to`; negative when `to` is
 * earlier. The same count as date-fns differenceInBusinessDays for a Monday–Friday calendar:
 * entered a stage on Monday, looked at on Thursday → 3 days in the stage.
 */
export function workingDaysBetween(from: Date | number, to: Date | number, calendar: WorkCalendar): number {
  const a = differenceInCalendarDays(from, ORIGIN);
  const b = differenceInCalendarDays(to, ORIGIN);
  if (a === b) return 0;
  // Both counts from one prefix: counts of two different builds start from different days.
  const { lo, counts } = prefixCovering(calendar, a, b);
  return (counts[b - lo] ?? 0) - (counts[a - lo] ?? 0);
}

/** The first working day after the day of `after` (a year ahead at most; null if none, e.g. a year-long vacation). */
export function nextWorkingDay(after: Date, calendar: WorkCalendar): Date | null {
  let day = addDays(startOfDay(after), 1);
  for (let i = 0; i < 366; i += 1, day = addDays(day, 1)) if (calendar.isWorkingDay(day)) return day;
  return null;
}

export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  /** Any moment in the period; the period is the day, Monday-started week or month that contains it. */
  start: Date;
}

export interface PeriodRange {
  kind: PeriodKind;
  start: Date;
  /** Exclusive. */
  end: Date;
}

export function periodRange(period: Period): PeriodRange {
  const { kind } = period;
  switch (kind) {
    case 'day': {
      const start = startOfDay(period.start);
      return { kind, start, end: addDays(start, 1) };
    }
    case 'week': {
      const start = startOfWeek(period.start, { weekStartsOn: 1 });
      return { kind, start, end: addWeeks(start, 1) };
    }
    case 'month': {
      const start = startOfMonth(period.start);
      return { kind, start, end: addMonths(start, 1) };
    }
  }
}

/** The period of the same kind just before. */
export function previousPeriod(period: Period): PeriodRange {
  const current = periodRange(period);
  return periodRange({ kind: period.kind, start: addDays(current.start, -1) });
}

/** Every day of a range, local midnights. */
export function daysOf(range: { start: Date; end: Date }): Date[] {
  const days: Date[] = [];
  for (let day = startOfDay(range.start); day < range.end; day = addDays(day, 1)) days.push(day);
  return days;
}
