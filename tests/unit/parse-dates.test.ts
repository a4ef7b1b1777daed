// parseDateTime: dates and times as CRM pages show them, read in the user's local time zone against a pinned `now`.
import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../lib/parse';

/** Thursday 12 March 2026, 15:00 local time. */
const now = new Date(2026, 2, 12, 15, 0);
const local = (year: number, monthIndex: number, day: number, hours = 0, minutes = 0, seconds = 0): Date =>
  new Date(year, monthIndex, day, hours, minutes, seconds);

describe('parseDateTime reads local dates and times', () => {
  it.each<[string, Date]>([
    // Relative days (amoCRM, Bitrix24 lists).
    ['Сегодня 14:30', local(2026, 2, 12, 14, 30)],
    ['сегодня', local(2026, 2, 12)],
    ['Вчера', local(2026, 2, 11)],
    ['Вчера 09:05', local(2026, 2, 11, 9, 5)],
    ['Завтра 10:00', local(2026, 2, 13, 10, 0)],
    ['Позавчера', local(2026, 2, 10)],
    ['Сегодня в 14:30', local(2026, 2, 12, 14, 30)],
    ['Вчера, 23:59:59', local(2026, 2, 11, 23, 59, 59)],
    ['Today 2:30 PM', local(2026, 2, 12, 14, 30)],
    ['Yesterday', local(2026, 2, 11)],
    ['Tomorrow 10:00', local(2026, 2, 13, 10, 0)],
    ['Today at 2:30 p.m.', local(2026, 2, 12, 14, 30)],
    ['Бүгін 09:00', local(2026, 2, 12, 9, 0)],
    ['Kecha', local(2026, 2, 11)],
    // A clock time alone is today.
    ['9:15 AM', local(2026, 2, 12, 9, 15)],
    ['9:15 pm', local(2026, 2, 12, 21, 15)],
    ['9:15pm', local(2026, 2, 12, 21, 15)],
    ['12:00 AM', local(2026, 2, 12, 0, 0)],
    ['12:30 PM', local(2026, 2, 12, 12, 30)],
    ['14:30', local(2026, 2, 12, 14, 30)],
    // Month names, ru and en (plus kk and uz through date-fns locales).
    ['12 мар', local(2026, 2, 12)],
    ['12 мар.', local(2026, 2, 12)],
    ['12 марта 2026', local(2026, 2, 12)],
    ['12 марта 2026 г. в 14:30', local(2026, 2, 12, 14, 30)],
    ['12 мар 14:30', local(2026, 2, 12, 14, 30)],
    ['3 мая', local(2026, 4, 3)],
    ['Mar 12', local(2026, 2, 12)],
    ['12 Mar 2026', local(2026, 2, 12)],
    ['March 12th, 2026 at 9:15 AM', local(2026, 2, 12, 9, 15)],
    ['Sept 3, 2026', local(2026, 8, 3)],
    ['12 наурыз', local(2026, 2, 12)],
    ['12 mart 2026', local(2026, 2, 12)],
    // No year: the year that puts the day nearest to now.
    ['20 дек', local(2025, 11, 20)],
    ['Dec 31', local(2025, 11, 31)],
    ['1 янв', local(2026, 0, 1)],
    ['10 сен', local(2026, 8, 10)],
    ['20.12', local(2025, 11, 20)],
    ['12.03', local(2026, 2, 12)],
    // Numeric.
    ['12.03.2026', local(2026, 2, 12)],
    ['12.03.2026 09:15', local(2026, 2, 12, 9, 15)],
    ['12.03.2026, 09:15:30', local(2026, 2, 12, 9, 15, 30)],
    ['1.3.2026', local(2026, 2, 1)],
    ['12.03.26', local(2026, 2, 12)],
    ['12.03.99', local(1999, 2, 12)],
    // ISO without a zone is local time.
    ['2026-03-12', local(2026, 2, 12)],
    ['2026-03-12 09:15:00', local(2026, 2, 12, 9, 15)],
    ['2026-03-12T09:15', local(2026, 2, 12, 9, 15)],
  ])('%j', (text, expected) => {
    expect(parseDateTime(text, now)?.getTime()).toBe(expected.getTime());
  });
});

describe('parseDateTime reads instants', () => {
  it.each<[string, string]>([
    ['2026-03-12T09:15:00+03:00', '2026-03-12T06:15:00.000Z'],
    ['2026-03-12T09:15:00Z', '2026-03-12T09:15:00.000Z'],
    ['2026-03-12T09:15:00.250+05:00', '2026-03-12T04:15:00.250Z'],
    ['1773300000', '2026-03-12T07:20:00.000Z'],
    ['1773300000000', '2026-03-12T07:20:00.000Z'],
    [' 1773300000 ', '2026-03-12T07:20:00.000Z'],
  ])('%j → %s', (text, iso) => {
    expect(parseDateTime(text, now)?.toISOString()).toBe(iso);
  });
});

describe('parseDateTime rejects', () => {
  it.each([
    [''],
    ['   '],
    ['garbage'],
    ['Бюджет не указан'],
    ['31.02.2026'],
    ['29.02.2026'],
    ['32.01.2026'],
    ['12.13.2026'],
    ['2026-02-30'],
    ['2026-13-01'],
    ['2026-03-12T25:00'],
    ['25:00'],
    ['Сегодня 24:00'],
    ['13:00 PM'],
    ['9:5'],
    ['65'],
    ['12'],
    ['177330000'],
    ['12 д'],
    ['12 мартабрь'],
    ['29 фев'], // no 29 February within a year of now
    ['сегодня вчера'],
    ['12 марта 14:30 15:00'],
    ['12/03/2026'], // slashes are d/M or M/d depending on the reader: not guessed
  ])('%j', (text) => {
    expect(parseDateTime(text, now)).toBeNull();
  });

  it('returns null for an invalid now instead of throwing', () => {
    expect(parseDateTime('Сегодня 14:30', new Date(Number.NaN))).toBeNull();
  });
});
