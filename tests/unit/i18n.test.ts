import { describe, expect, it } from 'vitest';
import { OPTIONS_EN, OPTIONS_RU } from '../../lib/i18n-options';
import {
  MESSAGES,
  callsLeftText,
  formatDay,
  formatDuration,
  formatKpiValue,
  formatCompactMoney,
  formatMoney,
  formatNumber,
  formatRelative,
  formatTime,
  kpiName,
  paceStatusText,
  plural,
  resolveLang,
  roleName,
  stalledReasonText,
  t,
  tPlural,
  type Lang,
} from '../../lib/i18n';

/** Intl uses NBSP and narrow NBSP for grouping and before "₽"; assertions compare plain spaces. */
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const callForms = { one: 'звонок', few: 'звонка', many: 'звонков' };

describe('resolveLang', () => {
  it.each([
    ['auto', 'ru-RU', 'ru'],
    ['auto', 'ru', 'ru'],
    ['auto', 'RU', 'ru'],
    ['auto', 'en-US', 'en'],
    ['auto', 'de-DE', 'en'],
    ['auto', 'rue', 'en'],
    ['auto', '', 'en'],
    ['en', 'ru-RU', 'en'],
    ['ru', 'en-US', 'ru'],
  ] as const)('setting %s, browser %j → %s', (setting, browserLang, lang) => {
    expect(resolveLang(setting, browserLang)).toBe(lang);
  });
});

describe('the settings page texts', () => {
  it('are a part of their own, loaded by importing lib/i18n-options.ts, and the same keys in both languages', () => {
    expect(Object.keys(OPTIONS_EN).length).toBeGreaterThan(100);
    expect(Object.keys(OPTIONS_EN).every((key) => key.startsWith('opt.'))).toBe(true);
    expect(Object.keys(OPTIONS_RU).sort()).toEqual(Object.keys(OPTIONS_EN).sort());
    for (const key of Object.keys(OPTIONS_EN)) expect([key, key in MESSAGES.en && key in MESSAGES.ru]).toEqual([key, true]);
    expect(t('ru', 'opt.sites.revoke')).toBe('Отозвать');
  });
});

describe('MESSAGES', () => {
  const placeholders = (value: unknown): string[] =>
    [...JSON.stringify(value).matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').filter((v, i, all) => all.indexOf(v) === i).sort();

  it.each(Object.keys(MESSAGES.en))('%s: both languages have a text with the same placeholders', (key) => {
    const en: unknown = MESSAGES.en[key as keyof typeof MESSAGES.en];
    const ru: unknown = MESSAGES.ru[key as keyof typeof MESSAGES.ru];
    expect(JSON.stringify(ru)).not.toMatch(/""/);
    expect(JSON.stringify(en)).not.toMatch(/""/);
    expect(placeholders(ru)).toEqual(placeholders(en));
  });
});

describe('t', () => {
  it.each([
    ['en', 'appName', undefined, 'Sales Pace'],
    ['ru', 'appName', undefined, 'Темп продаж'],
    ['ru', 'tab.myDay', undefined, 'Мой день'],
    ['en', 'stalledHeader', { n: 5 }, 'Stalled (5)'],
    ['ru', 'stalledHeader', { n: 5 }, 'Зависшие (5)'],
    ['ru', 'needPace', { pace: 6.8 }, 'нужно 6,8 в час'],
    ['en', 'needPace', { pace: 6.8 }, 'need 6.8 / hour'],
    ['ru', 'projectedBy', { time: '18:00', n: 74 }, 'к 18:00 ≈ 74'],
    ['en', 'readAgo', { ago: '3 min ago' }, 'read 3 min ago'],
    ['en', 'stalledHeader', undefined, 'Stalled ({n})'],
    ['en', 'stalledHeader', { other: 1 }, 'Stalled ({n})'],
  ] as const)('%s %s %j → %j', (lang, key, params, text) => {
    expect(t(lang, key, params)).toBe(text);
  });
});

describe('plural', () => {
  it.each([
    [1, 'звонок'],
    [2, 'звонка'],
    [5, 'звонков'],
    [11, 'звонков'],
    [21, 'звонок'],
    [22, 'звонка'],
    [25, 'звонков'],
    [0, 'звонков'],
    [111, 'звонков'],
    [1.5, 'звонков'],
  ])('ru %d %s', (n, word) => {
    expect(plural('ru', n, callForms)).toBe(word);
  });

  it.each([
    [1, 'call'],
    [2, 'calls'],
    [0, 'calls'],
    [21, 'calls'],
  ])('en %d %s', (n, word) => {
    expect(plural('en', n, { one: 'call', many: 'calls' })).toBe(word);
  });

  it('uses "other" for fractions when given', () => {
    expect(plural('ru', 1.5, { ...callForms, other: 'звонка' })).toBe('звонка');
  });
});

describe('callsLeftText', () => {
  it.each<[Lang, number, string]>([
    ['ru', 1, 'остался 1 звонок'],
    ['ru', 2, 'осталось 2 звонка'],
    ['ru', 5, 'осталось 5 звонков'],
    ['ru', 11, 'осталось 11 звонков'],
    ['ru', 21, 'остался 21 звонок'],
    ['ru', 22, 'осталось 22 звонка'],
    ['ru', 25, 'осталось 25 звонков'],
    ['ru', 34, 'осталось 34 звонка'],
    ['ru', 0, 'План по звонкам выполнен'],
    ['en', 1, '1 call left'],
    ['en', 34, '34 calls left'],
    ['en', 1021, '1,021 calls left'],
    ['en', 0, 'Call target reached'],
  ])('%s %d → %s', (lang, n, text) => {
    expect(callsLeftText(lang, n)).toBe(text);
  });
});

describe('stalledReasonText', () => {
  it.each<[Lang, number, string]>([
    ['ru', 1, '1 рабочий день на этапе «КП отправлено» (лимит 7)'],
    ['ru', 2, '2 рабочих дня на этапе «КП отправлено» (лимит 7)'],
    ['ru', 11, '11 рабочих дней на этапе «КП отправлено» (лимит 7)'],
    ['ru', 21, '21 рабочий день на этапе «КП отправлено» (лимит 7)'],
    ['ru', 25, '25 рабочих дней на этапе «КП отправлено» (лимит 7)'],
    ['en', 1, '1 working day in «КП отправлено» (limit 7)'],
    ['en', 11, '11 working days in «КП отправлено» (limit 7)'],
  ])('%s, %d days', (lang, days, text) => {
    expect(stalledReasonText(lang, { kind: 'days-in-stage', days, limit: 7, stageName: 'КП отправлено' })).toBe(text);
  });

  it.each([
    ['ru', { kind: 'no-next-task' }, 'нет следующей задачи'],
    ['en', { kind: 'no-next-task' }, 'no next task'],
    ['ru', { kind: 'task-overdue', since: 0 }, 'задача просрочена'],
    ['en', { kind: 'task-overdue', since: 0 }, 'task overdue'],
  ] as const)('%s %j', (lang, reason, text) => {
    expect(stalledReasonText(lang, reason)).toBe(text);
  });
});

describe('named things', () => {
  it.each([
    ['ru', 'Разговоры > 15 с'],
    ['en', 'Conversations > 15 s'],
  ] as const)('kpiName %s', (lang, text) => {
    expect(kpiName(lang, 'conversations', 15)).toBe(text);
  });

  it.each([
    ['ru', 'amber', 'немного отстаёт'],
    ['en', 'grey', 'no target'],
  ] as const)('paceStatusText %s %s', (lang, status, text) => {
    expect(paceStatusText(lang, status)).toBe(text);
  });

  it('roleName', () => {
    expect([roleName('en', 'closer'), roleName('ru', 'account_manager')]).toEqual(['Closer', 'Аккаунт-менеджер']);
  });

  it.each([
    ['ru', 'callsLeftUnit', 1, 'звонок до плана'],
    ['ru', 'callsLeftUnit', 34, 'звонка до плана'],
    ['en', 'callsLeftUnit', 34, 'calls left'],
    ['ru', 'basedOnDeals', 21, 'по данным 21 сделки'],
    ['ru', 'basedOnDeals', 212, 'по данным 212 сделок'],
    ['ru', 'basedOnActivities', 40, '40 звонков и встреч'],
    ['en', 'basedOnDeals', 1, 'based on 1 deal'],
  ] as const)('tPlural %s %s %d', (lang, key, n, text) => {
    expect(tPlural(lang, key, n)).toBe(text);
  });

  it.each([
    ['ru', 7, '7 менеджеров'],
    ['ru', 21, '21 менеджер'],
    ['en', 1, '1 manager'],
  ] as const)('tPlural team.managers %s %d', (lang, n, text) => {
    expect(tPlural(lang, 'team.managers', n)).toBe(text);
  });
});

describe('formatMoney', () => {
  it.each<[number, string, Lang, string]>([
    [1250000, 'RUB', 'ru', '1 250 000 ₽'],
    [1250000, 'RUB', 'en', '₽1,250,000'],
    [12500, 'USD', 'en', '$12,500'],
    [12500.5, 'USD', 'en', '$12,500.50'],
    [12500.5, 'RUB', 'ru', '12 500,50 ₽'],
    [0, 'RUB', 'ru', '0 ₽'],
    [-3000, 'RUB', 'ru', '-3 000 ₽'],
    [12500, 'KZT', 'ru', '12 500 ₸'],
    [12500, 'EUR', 'ru', '12 500 €'],
    [12500, 'руб', 'ru', '12 500 руб'],
    [12500, '', 'en', '12,500'],
    [Number.NaN, 'RUB', 'ru', '—'],
  ])('%d %s %s → %s', (value, currency, lang, text) => {
    expect(spaces(formatMoney(value, currency, lang)).replace('\u2212', '-')).toBe(text);
  });
});

describe('formatCompactMoney', () => {
  it.each<[number, string, Lang, string]>([
    [120000, 'RUB', 'ru', '120 тыс. ₽'],
    [1250000, 'RUB', 'ru', '1,3 млн ₽'],
    [950, 'RUB', 'ru', '950 ₽'],
    [120000, 'RUB', 'en', '₽120K'],
    [500000, 'USD', 'en', '$500K'],
    [120000, 'руб', 'ru', '120 тыс. руб'],
  ])('%d %s %s → %s', (value, currency, lang, text) => {
    expect(spaces(formatCompactMoney(value, currency, lang))).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each<[number, Lang, string]>([
    [0, 'ru', '0 с'],
    [45, 'ru', '45 с'],
    [45, 'en', '45 s'],
    [60, 'ru', '1 мин'],
    [12 * 60 + 30, 'ru', '12 мин'],
    [12 * 60, 'en', '12 min'],
    [3599, 'ru', '59 мин'],
    [3600, 'ru', '1 ч 00 мин'],
    [3900, 'ru', '1 ч 05 мин'],
    [3900, 'en', '1 h 05 min'],
    [4 * 3600 + 35 * 60, 'en', '4 h 35 min'],
    [-10, 'ru', '0 с'],
    [Number.NaN, 'en', '0 s'],
  ])('%d s %s → %s', (seconds, lang, text) => {
    expect(formatDuration(seconds, lang)).toBe(text);
  });
});

describe('dates and times', () => {
  const thursday = new Date(2026, 2, 12, 18, 0);

  it.each([
    ['ru', 'чт, 12 мар.'],
    ['en', 'Thu, Mar 12'],
  ] as const)('formatDay %s', (lang, text) => {
    expect(formatDay(thursday, lang)).toBe(text);
  });

  it.each([
    ['ru', '18:00'],
    ['en', '6:00 PM'],
  ] as const)('formatTime %s', (lang, text) => {
    expect(spaces(formatTime(thursday, lang))).toBe(text);
  });

  const now = new Date(2026, 2, 12, 15, 30);
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it.each<[string, Date, Lang, string]>([
    ['10 s', ago(10_000), 'ru', 'только что'],
    ['10 s', ago(10_000), 'en', 'just now'],
    ['in the future (clock skew)', ago(-120_000), 'en', 'just now'],
    ['3 min', ago(3 * 60_000), 'ru', '3 мин назад'],
    ['3 min 59 s', ago(3 * 60_000 + 59_000), 'en', '3 min ago'],
    ['59 min', ago(59 * 60_000), 'en', '59 min ago'],
    ['2 h', ago(2 * 3_600_000), 'ru', '2 ч назад'],
    ['23 h', ago(23 * 3_600_000), 'en', '23 h ago'],
    ['1 day', ago(25 * 3_600_000), 'ru', '1 день назад'],
    ['2 days', ago(50 * 3_600_000), 'ru', '2 дня назад'],
    ['5 days', ago(5 * 24 * 3_600_000), 'ru', '5 дней назад'],
    ['2 days', ago(50 * 3_600_000), 'en', '2 days ago'],
  ])('formatRelative %s %s', (_name, from, lang, text) => {
    expect(formatRelative(from, now, lang)).toBe(text);
  });
});

describe('numbers', () => {
  it.each<[number, Lang, number | undefined, string]>([
    [12345, 'ru', undefined, '12 345'],
    [12345, 'en', undefined, '12,345'],
    [6.84, 'ru', 1, '6,8'],
    [6.84, 'en', undefined, '7'],
    [Number.POSITIVE_INFINITY, 'en', undefined, '—'],
  ])('formatNumber %d %s', (value, lang, digits, text) => {
    expect(spaces(formatNumber(value, lang, digits))).toBe(text);
  });

  it.each([
    [46, 'count', '46'],
    [3900, 'seconds', '1 ч 05 мин'],
    [120000, 'money', '120 000 ₽'],
  ] as const)('formatKpiValue %d %s', (value, unit, text) => {
    expect(spaces(formatKpiValue(value, unit, 'ru', 'RUB'))).toBe(text);
  });
});
