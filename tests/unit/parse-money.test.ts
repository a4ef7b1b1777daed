// parseMoney: amounts as amoCRM, Bitrix24, Pipedrive and HubSpot show them, in ru/en/kz/uz formats.
import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../lib/parse';

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';
const THIN = '\u2009';

describe('parseMoney reads', () => {
  it.each<[string, number, string | null]>([
    // Group separators: plain, no-break, narrow no-break and thin spaces.
    ['1 250 000 ₽', 1250000, 'RUB'],
    [`1${NBSP}250${NBSP}000${NBSP}₽`, 1250000, 'RUB'],
    [`1${NARROW_NBSP}250${NARROW_NBSP}000${NARROW_NBSP}₽`, 1250000, 'RUB'],
    [`1${THIN}250${THIN}000 ₽`, 1250000, 'RUB'],
    ['1 250 000 руб.', 1250000, 'RUB'],
    ['1 250 000 р.', 1250000, 'RUB'],
    ['1 250 000 рублей', 1250000, 'RUB'],
    ['RUB 1 250 000', 1250000, 'RUB'],
    // Scale words.
    ['1,2 млн ₽', 1200000, 'RUB'],
    ['1,15 млн ₽', 1150000, 'RUB'],
    ['350 тыс. ₽', 350000, 'RUB'],
    ['350 тыс.руб.', 350000, 'RUB'],
    ['1.5k', 1500, null],
    ['$1.5M', 1500000, 'USD'],
    ['2 млрд ₸', 2000000000, 'KZT'],
    // en and European grouping.
    ['$12,500.50', 12500.5, 'USD'],
    ['12 500,50 €', 12500.5, 'EUR'],
    ['€12.500,50', 12500.5, 'EUR'],
    ['1,250,000 USD', 1250000, 'USD'],
    ['12.500.000 €', 12500000, 'EUR'],
    ['12,500 USD', 12500, 'USD'],
    ['1 250 000,00 ₽', 1250000, 'RUB'],
    ['1.250.000,00 ₽', 1250000, 'RUB'],
    ['£1,000', 1000, 'GBP'],
    ['US$ 99', 99, 'USD'],
    // Kazakhstan and Uzbekistan.
    ['₸ 350 000', 350000, 'KZT'],
    ['350 000 тенге', 350000, 'KZT'],
    ['350 000 KZT', 350000, 'KZT'],
    ['350 000 тг', 350000, 'KZT'],
    ['5 000 000 сум', 5000000, 'UZS'],
    ["5 000 000 so'm", 5000000, 'UZS'],
    ['5 000 000 soʻm', 5000000, 'UZS'],
    ['UZS 5 000 000', 5000000, 'UZS'],
    // Signs, zero, no currency, amounts inside labels.
    ['-5 000 ₽', -5000, 'RUB'],
    ['\u22125 000 ₽', -5000, 'RUB'],
    ['-$500', -500, 'USD'],
    ['0 ₽', 0, 'RUB'],
    ['-0 ₽', 0, 'RUB'],
    ['12 500', 12500, null],
    ['Бюджет: 1 250 000 ₽', 1250000, 'RUB'],
    ['Сделка №12 — 5 000 ₽', 5000, 'RUB'],
    ['Бюджет, ₽: 1 250 000', 1250000, 'RUB'],
    ['1 000 - 2 000 ₽', 2000, 'RUB'],
    ['500 CHF', 500, 'CHF'],
  ])('%j → %d %s', (text, value, currency) => {
    expect(parseMoney(text)).toEqual({ value, currency });
  });
});

describe('parseMoney: "1,250" or "1,25"', () => {
  it.each<[string, number]>([
    ['1,250', 1250], // one mark, three digits after it, 1–3 digits before: thousands
    ['1.500 €', 1500], // the same rule for a dot
    ['1,25', 1.25],
    ['12,5', 12.5],
    ['1.5', 1.5],
    ['0,500', 0.5], // a thousands group never follows a lone zero
    ['1234,567', 1234.567], // four digits before the mark: not a grouping
    ['1 250,000', 1250], // after space grouping the mark is decimal
    ['1,250 млн', 1250000], // a scale word makes the mark decimal
  ])('%j → %d', (text, value) => {
    expect(parseMoney(text)?.value).toBe(value);
  });
});

describe('parseMoney rejects', () => {
  it.each([
    ['Бюджет не указан'],
    [''],
    ['   '],
    ['₽'],
    ['руб.'],
    ['99999999999999999999 ₽'],
    ['9 007 199 254 740 992 ₽'], // MAX_SAFE_INTEGER + 1
    ['10 000 000 млрд ₽'],
    ['1,2.3,4'],
    ['1.2.3,4,5'],
    ['1,25,0'],
  ])('%j', (text) => {
    expect(parseMoney(text)).toBeNull();
  });

  it('never throws on odd input', () => {
    for (const text of ['\u0000', '-', '--5', '$$$', '.,.,', '1e308', 'NaN ₽', 'Infinity', '٣٥٠ ₽', '(500)']) {
      expect(() => parseMoney(text)).not.toThrow();
    }
  });
});
