// Money, dates and durations exactly as amoCRM, Bitrix24, Pipedrive and HubSpot users in Russia, Kazakhstan and Uzbekistan see them.
// Rows here are new (parse-money/-dates/-durations.test.ts hold the basic forms); `now` is pinned.
import { describe, expect, it } from 'vitest';
import { parseDateTime, parseDays, parseDuration, parseMoney } from '../../lib/parse';

const NBSP = '\u00a0';
const NNBSP = '\u202f'; // narrow no-break space: Intl's group separator for fr/kk on some platforms, and macOS copy-paste
const THIN = '\u2009';

/** Wednesday 25 November 2026, 14:30 local time. */
const NOW = new Date(2026, 10, 25, 14, 30);
const local = (year: number, monthIndex: number, day: number, hours = 0, minutes = 0, seconds = 0) => new Date(year, monthIndex, day, hours, minutes, seconds).getTime();

describe('money as CRM users see it', () => {
  it.each<[string, string, number, string | null]>([
    // amoCRM (ru, kz): budget fields and card prices.
    ['amoCRM card', `75${NBSP}000${NBSP}₽`, 75_000, 'RUB'],
    ['amoCRM card, kopecks', `1${NNBSP}999${NNBSP}000,50${NNBSP}₽`, 1_999_000.5, 'RUB'],
    ['amoCRM budget label', `Бюджет сделки: 3${NBSP}450${NBSP}000 руб.`, 3_450_000, 'RUB'],
    ['amoCRM column total', '3,5 млн руб.', 3_500_000, 'RUB'],
    ['amoCRM zero budget', '0 руб.', 0, 'RUB'],
    ['amoCRM Kazakhstan', `12${NBSP}500${NBSP}000${NBSP}₸`, 12_500_000, 'KZT'],
    ['amoCRM Kazakhstan, thousands', '700 тыс. тенге', 700_000, 'KZT'],
    // Bitrix24: "150 000 руб." with &nbsp;, other currencies by their short names.
    ['Bitrix24 card', `150${NBSP}000 руб.`, 150_000, 'RUB'],
    ['Bitrix24 dollars', `1${NBSP}500,50 $`, 1_500.5, 'USD'],
    ['Bitrix24.kz tenge', `2${NBSP}300${NBSP}000 тенге`, 2_300_000, 'KZT'],
    ['Bitrix24 Uzbekistan', `45${NBSP}000${NBSP}000 сум`, 45_000_000, 'UZS'],
    ['Bitrix24 euro', `99${THIN}999,99 €`, 99_999.99, 'EUR'],
    ['Bitrix24 Ukraine', '12 000 грн.', 12_000, 'UAH'],
    ['Bitrix24 Belarus', '500 BYN', 500, 'BYN'],
    ['Bitrix24 deal field', 'Сумма: 18 750 руб.', 18_750, 'RUB'],
    // Pipedrive: en and de formats, "K" in summaries, Swiss apostrophes.
    ['Pipedrive tile', '€25,000', 25_000, 'EUR'],
    ['Pipedrive tile, cents', '$1,234,567.89', 1_234_567.89, 'USD'],
    ['Pipedrive de-DE', `12.000${NBSP}€`, 12_000, 'EUR'],
    ['Pipedrive summary', '$10K', 10_000, 'USD'],
    ['Pipedrive en-GB', '£980.00', 980, 'GBP'],
    ['Pipedrive de-CH', 'CHF 1’250.00', 1_250, 'CHF'],
    ['Pipedrive US dollars', 'US$2,500', 2_500, 'USD'],
    // HubSpot: card properties.
    ['HubSpot card', '€12,000.00', 12_000, 'EUR'],
    ['HubSpot zero', '$0.00', 0, 'USD'],
    ['HubSpot property', 'Amount: $3,200.50', 3_200.5, 'USD'],
    ['HubSpot UAE portal', 'AED 15,000', 15_000, 'AED'],
    // Kazakh and Uzbek spellings.
    ['kk теңге', `150${NBSP}000 теңге`, 150_000, 'KZT'],
    ['kk millions', '1,5 млн ₸', 1_500_000, 'KZT'],
    ['uz so‘m, turned comma', `2${NBSP}500${NBSP}000 so‘m`, 2_500_000, 'UZS'],
    ['uz Cyrillic сўм', `2${NBSP}500${NBSP}000 сўм`, 2_500_000, 'UZS'],
    ['uz millions', '3 млн сум', 3_000_000, 'UZS'],
    ['uz ISO code after', '12 000 000 UZS', 12_000_000, 'UZS'],
    // A refund shown with an en dash.
    ['negative with en dash', '–2 500 ₸', -2_500, 'KZT'],
  ])('%s: %j → %d %s', (_, text, value, currency) => {
    expect(parseMoney(text)).toEqual({ value, currency });
  });
});

describe('dates and times as CRM users see them (now: Wed 25 Nov 2026, 14:30)', () => {
  it.each<[string, string, number]>([
    // amoCRM cards and feeds.
    ['amoCRM today', 'Сегодня 09:41', local(2026, 10, 25, 9, 41)],
    ['amoCRM yesterday', 'Вчера 18:05', local(2026, 10, 24, 18, 5)],
    ['amoCRM tomorrow', 'Завтра 11:00', local(2026, 10, 26, 11, 0)],
    ['amoCRM card date', '23.11.2026 16:20', local(2026, 10, 23, 16, 20)],
    ['amoCRM date only', '01.12.2026', local(2026, 11, 1)],
    ['amoCRM long form', '18 ноября 2026 г. в 10:15', local(2026, 10, 18, 10, 15)],
    ['amoCRM short month, no year', '5 дек', local(2026, 11, 5)],
    ['amoCRM no year, nearest is next year', '28 фев', local(2027, 1, 28)],
    // Bitrix24.
    ['Bitrix24 card', '24 ноября 2026', local(2026, 10, 24)],
    ['Bitrix24 this year', '2 декабря', local(2026, 11, 2)],
    ['Bitrix24 list with seconds', '25.11.2026 14:05:33', local(2026, 10, 25, 14, 5, 33)],
    ['Bitrix24 lowercase yesterday', 'вчера, 17:30', local(2026, 10, 24, 17, 30)],
    ['Bitrix24 no year, January ahead', '12 января', local(2027, 0, 12)],
    ['Bitrix24 REST, Moscow', '2026-11-25T09:15:00+03:00', Date.UTC(2026, 10, 25, 6, 15)],
    ['Bitrix24.kz REST, +05:00', '2026-11-20T12:00:00+05:00', Date.UTC(2026, 10, 20, 7, 0)],
    // Pipedrive (en-US, 12 h).
    ['Pipedrive list', 'Nov 24, 2026', local(2026, 10, 24)],
    ['Pipedrive today', 'Today 3:45 PM', local(2026, 10, 25, 15, 45)],
    ['Pipedrive yesterday', 'Yesterday 9:00 AM', local(2026, 10, 24, 9, 0)],
    ['Pipedrive tomorrow', 'Tomorrow at 12:15 PM', local(2026, 10, 26, 12, 15)],
    ['Pipedrive API v1 (no zone, local)', '2026-11-24 08:30:00', local(2026, 10, 24, 8, 30)],
    // HubSpot.
    ['HubSpot close date', 'Dec 31, 2026 11:59 PM', local(2026, 11, 31, 23, 59)],
    ['HubSpot full month', 'November 30, 2026', local(2026, 10, 30)],
    ['HubSpot epoch ms', '1795587300000', Date.UTC(2026, 10, 25, 6, 15)],
    ['unix seconds', '1795518123', Date.UTC(2026, 10, 24, 11, 2, 3)],
    // Kazakh.
    ['kk today', 'Бүгін 10:30', local(2026, 10, 25, 10, 30)],
    ['kk tomorrow', 'Ертең 09:00', local(2026, 10, 26, 9, 0)],
    ['kk yesterday', 'Кеше', local(2026, 10, 24)],
    ['kk December, no year', '3 желтоқсан', local(2026, 11, 3)],
    ['kk March', '15 наурыз 2026', local(2026, 2, 15)],
    // Uzbek.
    ['uz today', 'Bugun 16:45', local(2026, 10, 25, 16, 45)],
    ['uz tomorrow', 'Ertaga 10:00', local(2026, 10, 26, 10, 0)],
    ['uz yesterday', 'Kecha 23:10', local(2026, 10, 24, 23, 10)],
    ['uz November', '25 noyabr 2026', local(2026, 10, 25)],
    ['uz December, no year', '2 dekabr', local(2026, 11, 2)],
    // 12 h and 24 h clocks alone are today.
    ['just after midnight, 12 h', '12:05 AM', local(2026, 10, 25, 0, 5)],
    ['midnight, 24 h', '00:00', local(2026, 10, 25, 0, 0)],
    ['last minute, 24 h', '23:59', local(2026, 10, 25, 23, 59)],
  ])('%s: %j', (_, text, expected) => {
    expect(parseDateTime(text, NOW)?.getTime()).toBe(expected);
  });

  // Was a bug: date-fns' kk locale reads full Kazakh month names by their first letter, so "қараша" (November) was taken
  // as "қаңтар" (January). lib/parse/dates.ts now has its own Kazakh month table.
  it('kk November: "20 қараша 2026"', () => {
    expect(parseDateTime('20 қараша 2026', NOW)?.getTime()).toBe(local(2026, 10, 20));
  });
});

describe('call lengths and days in stage as CRM users see them', () => {
  it.each<[string, string, number]>([
    ['Bitrix24 call', '2 мин. 35 сек.', 155],
    ['amoCRM call note', '00:02:35', 155],
    ['telephony widget', '4:07', 247],
    ['kk', '3 мин 10 с', 190],
    ['uz', '2 daqiqa 5 soniya', 125],
    ['en', '1 hr 5 min', 3900],
  ])('%s: %j → %d s', (_, text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each<[string, string, number]>([
    ['ru', '14 дней', 14],
    ['ru, sutki', '1 сут.', 1],
    ['uz', '7 kun', 7],
    ['kk', '21 күн', 21],
  ])('%s: %j → %d days', (_, text, days) => {
    expect(parseDays(text)).toBe(days);
  });
});
