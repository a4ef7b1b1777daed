import { differenceInBusinessDays } from 'date-fns';
import { describe, expect, it } from 'vitest';
import {
  countryCalendar,
  daysOf,
  localDateText,
  managerCalendar,
  nextWorkingDay,
  parseLocalDate,
  periodRange,
  previousPeriod,
  workCalendar,
  workingDaysBetween,
} from '../../lib/calendar';
import { WEEKDAYS_CALENDAR } from '../../lib/metrics';
import { mergeSettings } from '../../lib/settings';

/** Local midnight of a "YYYY-MM-DD". */
function d(text: string): Date {
  const date = parseLocalDate(text);
  if (date === null) throw new Error(`bad date in test: ${text}`);
  return date;
}
const RU = countryCalendar('RU');
const noAbsences = workCalendar({ country: 'RU', daysOff: [], vacations: [] });

describe('RU production calendar', () => {
  it.each([
    // 2026, Постановление № 1466
    ['2026-01-01', 'Thu', false, 'New Year'],
    ['2026-01-09', 'Fri', false, 'moved from Sat 3 Jan'],
    ['2026-01-12', 'Mon', true, 'first working day of 2026'],
    ['2026-02-20', 'Fri', true, 'before the long weekend'],
    ['2026-02-23', 'Mon', false, 'a holiday Monday'],
    ['2026-02-24', 'Tue', true, 'after it'],
    ['2026-03-09', 'Mon', false, '8 March falls on Sunday'],
    ['2026-05-01', 'Fri', false, 'May Day'],
    ['2026-05-04', 'Mon', true, 'no extra May days in 2026'],
    ['2026-05-11', 'Mon', false, '9 May falls on Saturday'],
    ['2026-06-12', 'Fri', false, 'Russia Day'],
    ['2026-11-04', 'Wed', false, 'Unity Day'],
    ['2026-11-03', 'Tue', true, 'eve of a holiday is worked'],
    ['2026-12-31', 'Thu', false, 'moved from Sun 4 Jan'],
    ['2026-03-14', 'Sat', false, 'an ordinary Saturday'],
    // 2025, Постановление № 1335: a moved working Saturday
    ['2025-11-01', 'Sat', true, 'working Saturday'],
    ['2025-11-03', 'Mon', false, 'moved from Sat 1 Nov'],
    ['2025-12-31', 'Wed', false, 'moved from Sun 5 Jan'],
    ['2025-05-08', 'Thu', false, 'moved from Sun 23 Feb'],
    ['2025-02-24', 'Mon', true, 'the decree took 23 Feb elsewhere'],
    // 2027: no decree yet, fixed holidays and the Labour Code's own moves
    ['2027-01-08', 'Fri', false, 'New Year holidays'],
    ['2027-01-11', 'Mon', true, 'after them'],
    ['2027-02-23', 'Tue', false, 'Defender of the Fatherland Day'],
    ['2027-03-08', 'Mon', false, "Women's Day"],
    ['2027-05-03', 'Mon', false, 'Sat 1 May moves to Monday'],
    ['2027-05-10', 'Mon', false, 'Sun 9 May moves to Monday'],
    ['2027-06-14', 'Mon', false, 'Sat 12 June moves to Monday'],
    ['2027-11-04', 'Thu', false, 'Unity Day'],
    ['2027-11-13', 'Sat', false, 'a rumoured working Saturday is not assumed'],
  ])('%s (%s) working: %s — %s', (date, _weekday, working) => {
    expect(RU.isWorkingDay(d(date))).toBe(working);
  });

  const workingDaysOf = (year: number, month?: number) => {
    const start = new Date(year, month ?? 0, 1);
    const end = month === undefined ? new Date(year + 1, 0, 1) : new Date(year, month + 1, 1);
    return workingDaysBetween(start, end, RU);
  };

  it.each([
    [2025, 247],
    [2026, 247],
    [2027, 249],
  ])('%d has %d working days (2027: before its decree)', (year, days) => {
    expect(workingDaysOf(year)).toBe(days);
  });

  it('2026 month by month, as the official calendar prints it', () => {
    expect(Array.from({ length: 12 }, (_, month) => workingDaysOf(2026, month))).toEqual([15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22]);
  });
});

describe('workCalendar', () => {
  const calendar = workCalendar({
    country: 'RU',
    daysOff: [d('2026-03-13')],
    vacations: [{ from: d('2026-03-16'), to: d('2026-03-20') }],
    workingDays: [d('2026-03-21')],
  });

  it.each([
    ['2026-03-12', true, false, 'an ordinary Thursday'],
    ['2026-03-13', false, true, 'own day off'],
    ['2026-03-16', false, true, 'first day of vacation'],
    ['2026-03-20', false, true, 'last day of vacation (inclusive)'],
    ['2026-03-21', true, false, 'a Saturday the person works'],
    ['2026-03-22', false, false, 'Sunday: nobody works, not an absence'],
    ['2026-03-23', true, false, 'back from vacation'],
  ])('%s: working %s, away %s (%s)', (date, working, away) => {
    expect(calendar.isWorkingDay(d(date))).toBe(working);
    expect(calendar.isAway?.(d(date))).toBe(away);
  });

  it('a holiday inside a vacation is a holiday, not an absence', () => {
    const holidayVacation = workCalendar({ country: 'RU', daysOff: [], vacations: [{ from: d('2026-02-20'), to: d('2026-02-27') }] });
    expect(holidayVacation.isWorkingDay(d('2026-02-23'))).toBe(false);
    expect(holidayVacation.isAway?.(d('2026-02-23'))).toBe(false);
    expect(holidayVacation.isAway?.(d('2026-02-24'))).toBe(true);
  });

  it('ignores a vacation that ends before it starts', () => {
    const odd = workCalendar({ country: 'RU', daysOff: [], vacations: [{ from: d('2026-03-20'), to: d('2026-03-16') }] });
    expect(odd.isWorkingDay(d('2026-03-18'))).toBe(true);
  });
});

describe('managerCalendar', () => {
  const settings = mergeSettings({
    daysOff: ['2026-03-13'],
    vacations: { 'acme|oleg': [{ from: '2026-03-16', to: '2026-03-20' }] },
  });

  it.each([
    ['the user looking, own day off', 'acme|irina', true, '2026-03-13', false],
    ["someone else: the user's day off is not theirs", 'acme|oleg', false, '2026-03-13', true],
    ["a manager's vacation", 'acme|oleg', false, '2026-03-17', false],
    ['nobody else is on that vacation', 'acme|irina', true, '2026-03-17', true],
  ])('%s', (_name, managerKey, isCurrentUser, date, working) => {
    expect(managerCalendar(settings, managerKey, isCurrentUser).isWorkingDay(d(date))).toBe(working);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['same day', '2026-03-12', '2026-03-12', 0],
    ['Mon → Thu', '2026-03-02', '2026-03-05', 3],
    ['Fri → Mon counts the Friday', '2026-03-13', '2026-03-16', 1],
    ['Fri → Tue over 8 March moved to Monday', '2026-03-06', '2026-03-10', 1],
    ['Fri 20 Feb → Wed 25 Feb over the holiday Monday', '2026-02-20', '2026-02-25', 2],
    ['New Year: 30 Dec 2025 → 12 Jan 2026', '2025-12-30', '2026-01-12', 1],
    ['over the working Saturday 1 Nov 2025', '2025-10-31', '2025-11-05', 2],
    ['backwards is negative', '2026-03-05', '2026-03-02', -3],
    ['Saturday → Monday', '2026-03-14', '2026-03-16', 0],
  ])('%s: %s → %s = %d', (_name, from, to, days) => {
    expect(workingDaysBetween(d(from), d(to), noAbsences)).toBe(days);
  });

  it('counts days of instants, not 24-hour spans', () => {
    expect(workingDaysBetween(new Date(2026, 2, 2, 23, 0), new Date(2026, 2, 3, 1, 0), noAbsences)).toBe(1);
  });

  it('agrees with date-fns differenceInBusinessDays for Monday–Friday', () => {
    const starts = ['2026-02-25', '2026-03-06', '2026-03-07', '2025-12-29', '2024-02-29'];
    const ends = ['2026-03-12', '2026-03-14', '2027-01-04', '2026-03-08'];
    for (const from of starts) {
      for (const to of ends) {
        expect([from, to, workingDaysBetween(d(from), d(to), WEEKDAYS_CALENDAR)]).toEqual([from, to, differenceInBusinessDays(d(to), d(from))]);
      }
    }
  });

  it('is quick for many far-apart questions', () => {
    let total = 0;
    for (let i = 0; i < 20_000; i += 1) total += workingDaysBetween(new Date(2024, 0, 1 + (i % 700)), new Date(2026, 10, 18), noAbsences);
    expect(total).toBeGreaterThan(0);
  });
});

describe('nextWorkingDay', () => {
  it.each([
    ['Thursday → Friday', '2026-03-12', '2026-03-13'],
    ['Friday before the holiday Monday → Tuesday', '2026-02-20', '2026-02-24'],
    ['over the New Year into 2027', '2026-12-30', '2027-01-11'],
    ['Friday → the working Saturday', '2025-10-31', '2025-11-01'],
  ])('%s', (_name, after, next) => {
    expect(localDateText(nextWorkingDay(d(after), noAbsences) ?? new Date(Number.NaN))).toBe(next);
  });
});

describe('periods', () => {
  it.each([
    ['day', new Date(2026, 2, 12, 15, 30), '2026-03-12', '2026-03-13'],
    ['week of a Sunday starts on Monday', new Date(2026, 2, 15, 12), '2026-03-09', '2026-03-16'],
    ['week across a month end', new Date(2026, 2, 31, 9), '2026-03-30', '2026-04-06'],
    ['month, on its last evening', new Date(2026, 0, 31, 23, 59), '2026-01-01', '2026-02-01'],
    ['February', new Date(2026, 1, 28), '2026-02-01', '2026-03-01'],
  ] as const)('%s', (name, start, from, to) => {
    const kind = name.startsWith('day') ? 'day' : name.startsWith('week') ? 'week' : 'month';
    const range = periodRange({ kind, start });
    expect([localDateText(range.start), localDateText(range.end)]).toEqual([from, to]);
  });

  it.each([
    ['month', new Date(2026, 0, 15), '2025-12-01', '2026-01-01'],
    ['week', new Date(2026, 2, 9), '2026-03-02', '2026-03-09'],
    ['day', new Date(2026, 2, 1), '2026-02-28', '2026-03-01'],
  ] as const)('previous %s', (kind, start, from, to) => {
    const range = previousPeriod({ kind, start });
    expect([localDateText(range.start), localDateText(range.end)]).toEqual([from, to]);
  });

  it('daysOf lists every local midnight of the range', () => {
    expect(daysOf(periodRange({ kind: 'week', start: d('2026-02-23') })).map(localDateText)).toEqual([
      '2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01',
    ]);
  });
});

describe('parseLocalDate', () => {
  it.each([
    ['2026-02-23', '2026-02-23'],
    ['2026-02-30', null],
    ['2026-2-3', null],
    ['23.02.2026', null],
    ['', null],
  ])('%j → %s', (text, expected) => {
    const date = parseLocalDate(text);
    expect(date === null ? null : localDateText(date)).toBe(expected);
  });
});
