// parseDuration and parseDays: call lengths and days-in-stage as CRM pages and diallers show them.
import { describe, expect, it } from 'vitest';
import { parseDays, parseDuration } from '../../lib/parse';

describe('parseDuration reads seconds', () => {
  it.each<[string, number]>([
    ['1:05', 65],
    ['0:00', 0],
    ['01:02:03', 3723],
    ['75:00', 4500],
    ['65', 65],
    ['0', 0],
    ['65 с', 65],
    ['65 сек', 65],
    ['65 сек.', 65],
    ['65s', 65],
    ['2 мин 5 сек', 125],
    ['2 мин. 5 с', 125],
    ['2 мин, 5 сек', 125],
    ['2 минуты 5 секунд', 125],
    ['1 ч 2 мин', 3720],
    ['1 час 2 минуты и 3 секунды', 3723],
    ['2m 5s', 125],
    ['2m5s', 125],
    ['1h 2m', 3720],
    ['1 hour 30 minutes', 5400],
    ['1,5 мин', 90],
    ['3 min', 180],
    ['\u00a02\u00a0мин\u00a05\u00a0сек ', 125],
  ])('%j → %d', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    [''],
    ['—'],
    ['мин'],
    ['1:5'],
    ['1:60'],
    ['1:02:60'],
    ['1:2:3:4'],
    ['-5'],
    ['5 лет'],
    ['2 мин 2 мин'],
    ['2 мин бла'],
    ['99999999999999999999'],
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('parseDays reads whole days', () => {
  it.each<[string, number]>([
    ['12 дн.', 12],
    ['12 дней', 12],
    ['1 день', 1],
    ['3 дня', 3],
    ['3 days', 3],
    ['1 day', 1],
    ['12d', 12],
    ['12 д', 12],
    ['12 д.', 12],
    ['0 дней', 0],
    ['2 суток', 2],
    ['5 kun', 5],
    ['12', 12],
    [' 12\u00a0дн. ', 12],
  ])('%j → %d', (text, days) => {
    expect(parseDays(text)).toBe(days);
  });

  it.each([[''], ['дн.'], ['1,5 дня'], ['-3 дня'], ['12 мин'], ['12 дней 3 часа'], ['99999999999999999999 дней']])(
    'rejects %j',
    (text) => {
      expect(parseDays(text)).toBeNull();
    },
  );
});
