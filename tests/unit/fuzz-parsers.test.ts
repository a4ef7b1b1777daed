// Property-based tests of lib/parse: any text never throws, and every format a CRM or Intl writes reads back exactly.
import { addDays, format, startOfDay } from 'date-fns';
import { enUS } from 'date-fns/locale/en-US';
import { kk } from 'date-fns/locale/kk';
import { ru } from 'date-fns/locale/ru';
import { uz } from 'date-fns/locale/uz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime, parseDays, parseDuration, parseMoney } from '../../lib/parse';
import { FUZZ_TIMEOUT, hostileText, RUNS } from '../support/fuzz';

const runs = { numRuns: RUNS.parser };

/** Text made of the pieces parsers look for, so random runs reach deep branches rather than "no digits". */
function piecesOf(pieces: readonly string[], maxLength = 14): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...pieces), { maxLength }).map((parts) => parts.join(''));
}

const MONEY_PIECES = [
  '0', '1', '2', '5', '9', '12', '250', '000', '999', ' ', '\u00a0', '\u202f', '\u2009', '.', ',', "'", '’', '-', '\u2212', '\u2013',
  '₽', '$', '€', '£', '₸', 'руб.', 'р.', 'RUB', 'USD', 'KZT', 'UZS', 'тенге', 'тг', 'сум', "so'm", 'soʻm', 'млн', 'млрд', 'тыс.', 'k', 'M',
  'bn', 'e', 'E', '+', '(', ')', '№', ':', 'Бюджет', 'ID', '\u0000', '🚀', 'TRY', 'try',
];
const DATE_PIECES = [
  '0', '1', '2', '9', '12', '31', '2026', '26', '99', ':', '.', ' ', '\u00a0', ',', '-', 'T', 'Z', '+03:00', 'am', 'pm', 'a.m.', 'PM',
  'Сегодня', 'вчера', 'Завтра', 'позавчера', 'Today', 'yesterday', 'Бүгін', 'Ertaga', 'kecha', 'в', 'at', 'г.', 'года',
  'марта', 'мар.', 'дек', 'March', 'Sept', 'Dec', 'наурыз', 'mart', 'мая', 'th', 'st', '1773300000', '1773300000000', '🚀',
];
const DURATION_PIECES = ['0', '1', '5', '59', '60', '99', ':', ' ', '\u00a0', ',', '.', 'ч', 'час', 'мин', 'мин.', 'сек', 'с', 'h', 'm', 's', 'min', 'hours', 'soat', 'daq', 'сағ', 'и', 'and', '-', 'дн.', 'days', 'kun', 'күн', 'суток'];

const anyText = fc.oneof(hostileText, piecesOf(MONEY_PIECES), piecesOf(DATE_PIECES), piecesOf(DURATION_PIECES), fc.string({ unit: 'binary', maxLength: 60 }));

// ---------------------------------------------------------------- parseMoney

describe('parseMoney (property-based)', () => {
  it('never throws on any text; reads a finite safe amount and an ISO code, or null', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.oneof(anyText, piecesOf(MONEY_PIECES, 24)), (text) => {
        const money = parseMoney(text);
        if (money === null) return;
        expect(Number.isFinite(money.value)).toBe(true);
        expect(Math.abs(money.value)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
        expect(Object.is(money.value, -0)).toBe(false);
        if (money.currency !== null) expect(money.currency).toMatch(/^[A-Z]{3}$/);
      }),
      runs,
    );
  });

  // How CRMs in these markets print money is Intl's formatting for the user's locale (NBSP and narrow NBSP groups included).
  const FORMATS = [
    ['ru-RU', 'RUB'], ['ru-RU', 'USD'], ['en-US', 'USD'], ['en-US', 'RUB'], ['en-US', 'KZT'], ['en-GB', 'GBP'], ['de-DE', 'EUR'],
    ['kk-KZ', 'KZT'], ['ru-KZ', 'KZT'], ['uz-UZ', 'UZS'], ['uz-Cyrl-UZ', 'UZS'], ['ru-UZ', 'UZS'],
  ] as const;

  it('reads back every amount Intl formats, in whole units and with kopecks/cents, positive and negative', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS),
        fc.integer({ min: 0, max: 999_999_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.boolean(),
        ([locale, currency], whole, cents, negative) => {
          const exact = Number(`${whole}.${String(cents).padStart(2, '0')}`);
          const value = negative ? -exact : exact;
          const text = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2 }).format(value);
          expect(parseMoney(text)).toEqual({ value: exact === 0 ? 0 : value, currency });
          const rounded = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(negative ? -whole : whole);
          expect(parseMoney(rounded)).toEqual({ value: negative && whole !== 0 ? -whole : whole, currency });
        },
      ),
      runs,
    );
  });

  it('finds the amount inside a label: "Бюджет: …", "Сделка №N — …"', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 1, max: 99_999 }), (amount, dealNo) => {
        const shown = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 }).format(amount);
        expect(parseMoney(`Бюджет: ${shown}`)).toEqual({ value: amount, currency: 'RUB' });
        expect(parseMoney(`Сделка №${dealNo} — ${shown}`)).toEqual({ value: amount, currency: 'RUB' });
      }),
      runs,
    );
  });

  it('reads scale words exactly: "1,15 млн ₽", "350 тыс. ₸", "$2.5M", "1,2 млрд сум"', { timeout: FUZZ_TIMEOUT }, () => {
    const SCALES = [
      ['млн', 6, '₽', 'RUB', ','],
      ['тыс.', 3, '₸', 'KZT', ','],
      ['M', 6, '$', 'USD', '.'],
      ['k', 3, '€', 'EUR', '.'],
      ['млрд', 9, 'сум', 'UZS', ','],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...SCALES), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 }), ([word, exponent, symbol, code, mark], whole, fraction) => {
        const digits = fraction === 0 ? String(whole) : `${whole}${mark}${String(fraction).padStart(2, '0')}`;
        const text = symbol === '$' || symbol === '€' ? `${symbol}${digits}${word}` : `${digits}\u00a0${word} ${symbol}`;
        const expected = Number(`${whole}.${String(fraction).padStart(2, '0')}e${exponent}`);
        expect(parseMoney(text)).toEqual({ value: expected, currency: code });
      }),
      runs,
    );
  });
});

// ---------------------------------------------------------------- parseDateTime

/** Instants CRMs show: 1970–2099, whole minutes. */
const anyInstant = fc.date({ min: new Date(1971, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000));
const anyNow = fc.date({ min: new Date(2000, 0, 1), max: new Date(2090, 11, 31), noInvalidDate: true });
const clock = fc.record({ hours: fc.integer({ min: 0, max: 23 }), minutes: fc.integer({ min: 0, max: 59 }) });
const hhmm = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
/** Local calendar day and clock of a result, so the checks hold in any time zone (DST overlaps included). */
const localMinute = (d: Date | null) => (d === null ? null : format(d, 'yyyy-MM-dd HH:mm'));

describe('parseDateTime (property-based)', () => {
  it('never throws on any text and any `now` (invalid too); returns a valid Date or null', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.oneof(anyText, piecesOf(DATE_PIECES, 8)), fc.oneof(anyNow, fc.constant(new Date(Number.NaN))), (text, now) => {
        const date = parseDateTime(text, now);
        if (date !== null) expect(Number.isNaN(date.getTime())).toBe(false);
      }),
      runs,
    );
  });

  it('reads "dd.MM.yyyy HH:mm", "d.M.yyyy", ISO and unix time back to the same instant', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(anyInstant, anyNow, (instant, now) => {
        const shown = format(instant, 'dd.MM.yyyy HH:mm');
        expect(localMinute(parseDateTime(shown, now))).toBe(shown.replace(/^(\d\d)\.(\d\d)\.(\d{4})/, '$3-$2-$1'));
        expect(localMinute(parseDateTime(format(instant, 'd.M.yyyy, HH:mm'), now))).toBe(format(instant, 'yyyy-MM-dd HH:mm'));
        expect(parseDateTime(instant.toISOString(), now)?.getTime()).toBe(instant.getTime());
        // Kazakhstan and Uzbekistan portals answer with +05:00.
        const plus5 = `${new Date(instant.getTime() + 5 * 3_600_000).toISOString().slice(0, 19)}+05:00`;
        expect(parseDateTime(plus5, now)?.getTime()).toBe(instant.getTime());
        const seconds = Math.floor(instant.getTime() / 1000);
        if (seconds >= 1e9) {
          expect(parseDateTime(String(seconds), now)?.getTime()).toBe(instant.getTime());
          expect(parseDateTime(String(instant.getTime()), now)?.getTime()).toBe(instant.getTime());
        }
      }),
      runs,
    );
  });

  it('reads today, yesterday and tomorrow in ru/en/kk/uz against any `now`, 24 h and 12 h clocks', { timeout: FUZZ_TIMEOUT }, () => {
    const WORDS = [
      ['Сегодня', 0], ['сегодня в', 0], ['Вчера', -1], ['Вчера,', -1], ['Завтра в', 1], ['Позавчера', -2], ['Послезавтра', 2],
      ['Today', 0], ['Yesterday at', -1], ['Tomorrow', 1], ['Бүгін', 0], ['Кеше', -1], ['Ертең', 1], ['Bugun', 0], ['Kecha', -1], ['Ertaga', 1],
    ] as const;
    fc.assert(
      fc.property(anyNow, fc.constantFrom(...WORDS), clock, fc.boolean(), (now, [word, offset], { hours, minutes }, twelveHour) => {
        const day = addDays(startOfDay(now), offset);
        const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes);
        const time = twelveHour ? format(at, 'h:mm a') : hhmm(hours, minutes);
        const expected = format(at, 'yyyy-MM-dd HH:mm');
        // A clock time the local day does not have (a DST gap) may be read as a neighbouring one; UTC and most zones have none.
        if (expected.slice(11) !== hhmm(hours, minutes)) return;
        expect(localMinute(parseDateTime(`${word} ${time}`, now))).toBe(expected);
        expect(localMinute(parseDateTime(word.replace(/[ ,].*$/, ''), now))).toBe(format(day, 'yyyy-MM-dd HH:mm'));
      }),
      runs,
    );
  });

  it('reads month names in ru, en, kk and uz ("12 марта 2026", "Mar 12, 2026", "12 қараша 2026", "12 mart 2026")', { timeout: FUZZ_TIMEOUT }, () => {
    const SHAPES = {
      'ru d MMMM yyyy': [ru, 'd MMMM yyyy'],
      'ru d MMM yyyy': [ru, 'd MMM yyyy'],
      'ru with г. and time': [ru, "d MMMM yyyy 'г.' 'в' HH:mm"],
      'en MMM d, yyyy': [enUS, 'MMM d, yyyy'],
      'en MMMM do, yyyy h:mm a': [enUS, 'MMMM do, yyyy h:mm a'],
      'en d MMM yyyy': [enUS, 'd MMM yyyy'],
      'uz d MMMM yyyy': [uz, 'd MMMM yyyy'],
      'kk d MMMM yyyy': [kk, 'd MMMM yyyy'],
      'kk d MMM yyyy HH:mm': [kk, 'd MMM yyyy HH:mm'],
    } as const;
    fc.assert(
      fc.property(anyInstant, anyNow, fc.constantFrom(...(Object.keys(SHAPES) as Array<keyof typeof SHAPES>)), (instant, now, name) => {
        const [locale, shape] = SHAPES[name];
        const text = format(instant, shape, { locale });
        const withTime = shape.includes('mm');
        const expected = format(instant, withTime ? 'yyyy-MM-dd HH:mm' : "yyyy-MM-dd '00:00'");
        expect([text, localMinute(parseDateTime(text, now))]).toEqual([text, expected]);
      }),
      runs,
    );
  });

  it('puts a day and month without a year in the year nearest to `now` ("20 дек", "Dec 31", "12.03")', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(anyNow, fc.integer({ min: -150, max: 150 }), fc.constantFrom('d MMM', 'd MMMM', 'MMM d', 'dd.MM'), (now, offset, shape) => {
        const target = addDays(startOfDay(now), offset);
        const text = format(target, shape, { locale: shape.startsWith('MMM') ? enUS : ru });
        expect([text, localMinute(parseDateTime(text, now))]).toEqual([text, format(target, 'yyyy-MM-dd HH:mm')]);
      }),
      runs,
    );
  });
});

// ---------------------------------------------------------------- parseDuration, parseDays

describe('parseDuration and parseDays (property-based)', () => {
  it('never throw on any text; return a non-negative safe integer or null', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.oneof(anyText, piecesOf(DURATION_PIECES, 10)), (text) => {
        for (const value of [parseDuration(text), parseDays(text)]) {
          if (value === null) continue;
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }),
      runs,
    );
  });

  it('reads back "m:ss", "h:mm:ss", "1 ч 2 мин 3 сек", "1h 2m 3s", "2 soat 5 daqiqa" as seconds', { timeout: FUZZ_TIMEOUT }, () => {
    const SHAPES: ReadonlyArray<(h: number, m: number, s: number) => string> = [
      (h, m, s) => `${h * 60 + m}:${String(s).padStart(2, '0')}`,
      (h, m, s) => `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`,
      (h, m, s) => `${h} ч ${m} мин ${s} сек`,
      (h, m, s) => `${h}\u00a0час.\u00a0${m}\u00a0мин.\u00a0${s}\u00a0сек.`,
      (h, m, s) => `${h}h ${m}m ${s}s`,
      (h, m, s) => `${h} hours ${m} minutes and ${s} seconds`,
      (h, m, s) => `${h} soat ${m} daqiqa ${s} soniya`,
      (h, m, s) => `${h} сағ ${m} мин ${s} с`,
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.nat(SHAPES.length - 1), (h, m, s, shape) => {
        const text = SHAPES[shape]?.(h, m, s) ?? '';
        expect([text, parseDuration(text)]).toEqual([text, h * 3600 + m * 60 + s]);
      }),
      runs,
    );
  });

  it('reads back "N дн.", "N дней", "N days", "N kun", "N күн" as days', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom('дн.', 'дней', 'дня', 'день', 'days', 'd', 'kun', 'күн', 'суток', ''), (days, unit) => {
        const text = unit === '' ? String(days) : `${days}\u00a0${unit}`;
        expect([text, parseDays(text)]).toEqual([text, days]);
      }),
      runs,
    );
  });
});

// ---------------------------------------------------------------- once-known bugs, kept as regression tests

describe('parseDateTime: once-known bugs', () => {
  const now = new Date(2026, 2, 12, 15, 0);
  // Was: date-fns' kk locale parses full month names by their first letter (/^м/ for both мамыр and маусым, /^қ/ for
  // қаңтар, қыркүйек, қазан, қараша), so June read as May and September–November as January. lib/parse/dates.ts now
  // keeps its own Kazakh month table.
  it.each([
    ['12 маусым 2026', new Date(2026, 5, 12)],
    ['12 қыркүйек 2026', new Date(2026, 8, 12)],
    ['12 қазан 2026', new Date(2026, 9, 12)],
    ['12 қараша 2026 14:30', new Date(2026, 10, 12, 14, 30)],
  ])('reads the Kazakh month in %j', (text, expected) => {
    expect(parseDateTime(text, now)?.getTime()).toBe(expected.getTime());
  });

  // Was: a relative day whose result leaves the Date range gave an Invalid Date (candidateDays lacked the isValid check).
  it('returns null, not an Invalid Date, for "вчера" when `now` is the first representable instant', () => {
    expect(parseDateTime('вчера', new Date(-8.64e15))).toBeNull();
  });
});
