// Reads call durations ("1:05", "2 мин 5 сек", "1h 2m") into seconds and day counts ("12 дн.", "3 days") into integers.

/** Unit words after an amount, with their length in seconds (ru, en, kk, uz; abbreviation dots already removed). */
const DURATION_UNITS: ReadonlyArray<{ word: RegExp; seconds: number }> = [
  { word: /^(?:ч|час(?:а|ов)?|h|hr|hrs|hours?|сағ(?:ат)?|soat)$/u, seconds: 3600 },
  { word: /^(?:м|мин(?:ута|уты|уту|ут)?|m|min|mins|minutes?|daq(?:iqa)?)$/u, seconds: 60 },
  { word: /^(?:с|сек(?:унда|унды|унду|унд)?|s|sec|secs|seconds?|son(?:iya)?)$/u, seconds: 1 },
];

const DAY_UNIT = /^(?:д|дн|день|дня|дней|сут(?:ки|ок)?|d|days?|kun|күн)$/u;

const MINUTES_SECONDS = /^(\d+):([0-5]\d)$/u;
const HOURS_MINUTES_SECONDS = /^(\d+):([0-5]\d):([0-5]\d)$/u;
const WHOLE_SECONDS = /^\d+$/u;
/** One "amount unit" piece of "1 ч 2 мин", "2m 5s", "1,5 мин". */
const AMOUNT_WITH_UNIT = String.raw`\s*(\d+(?:[.,]\d+)?)\s*(\p{L}+)\s*`;

function normalize(text: string): string {
  return text
    .replace(/[\s\u00a0\u2007\u2009\u202f]+/gu, ' ')
    .toLowerCase()
    .replace(/(\p{L})\./gu, '$1') // "мин.", "дн."
    .replace(/,(?=\s|$)/gu, ' ') // "2 мин, 5 сек" but not "1,5 мин"
    .split(' ')
    .filter((word) => word !== '' && word !== 'и' && word !== 'and')
    .join(' ');
}

function wholeSeconds(seconds: number): number | null {
  const rounded = Math.round(seconds);
  return Number.isSafeInteger(rounded) ? rounded : null;
}

/** "1:05", "2 мин 5 сек", "65 s" → seconds; null if unreadable. */
export function parseDuration(text: string): number | null {
  const words = normalize(text);
  if (WHOLE_SECONDS.test(words)) return wholeSeconds(Number(words));

  const hms = HOURS_MINUTES_SECONDS.exec(words);
  if (hms !== null) return wholeSeconds(Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]));
  const ms = MINUTES_SECONDS.exec(words);
  if (ms !== null) return wholeSeconds(Number(ms[1]) * 60 + Number(ms[2]));

  // Every piece must be an amount with a known unit, each unit at most once: "2 мин 2 мин" is a typo, not 4 minutes.
  let total = 0;
  const unitsSeen = new Set<number>();
  const pieces = new RegExp(AMOUNT_WITH_UNIT, 'uy'); // sticky: pieces must follow each other with nothing between
  while (pieces.lastIndex < words.length) {
    const piece = pieces.exec(words);
    if (piece === null) return null;
    const [, amount = '', unitWord = ''] = piece;
    const unit = DURATION_UNITS.find(({ word }) => word.test(unitWord));
    if (unit === undefined || unitsSeen.has(unit.seconds)) return null;
    unitsSeen.add(unit.seconds);
    total += Number(amount.replace(',', '.')) * unit.seconds;
  }
  return unitsSeen.size === 0 ? null : wholeSeconds(total);
}

/** "12 дн.", "3 days", "1 день" → 12, 3, 1; null if unreadable. A bare "12" is read as days too. */
export function parseDays(text: string): number | null {
  const match = /^(\d+) ?(\p{L}+)?$/u.exec(normalize(text));
  if (match === null) return null;
  const [, count = '', unitWord] = match;
  if (unitWord !== undefined && !DAY_UNIT.test(unitWord)) return null;
  const days = Number(count);
  return Number.isSafeInteger(days) ? days : null;
}
