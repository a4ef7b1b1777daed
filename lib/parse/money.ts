// Reads amounts as CRM pages show them ("1 250 000 ₽", "$12,500.50", "1,2 млн ₽", "350 000 тенге") into a number and an ISO 4217 code.

export interface Money {
  value: number;
  /** ISO 4217 when the text names one ("₽" → RUB, "$" → USD, "сум" → UZS), else null. */
  currency: string | null;
}

/**
 * Currency spellings, matched case-insensitively right before or after the amount.
 * `nearAmountOnly` marks spellings too short to trust anywhere else in the text ("р", "тг", "sum").
 */
const CURRENCY_SPELLINGS: ReadonlyArray<{ pattern: string; code: string; nearAmountOnly?: true }> = [
  { pattern: '₽', code: 'RUB' },
  { pattern: 'руб(?:л(?:ей|я|ь))?', code: 'RUB' },
  { pattern: 'р', code: 'RUB', nearAmountOnly: true },
  { pattern: 'rub|rur', code: 'RUB' },
  { pattern: 'us\\$|\\$', code: 'USD' },
  { pattern: 'usd|dollars?|долл(?:ар(?:ов|а|ы)?)?', code: 'USD' },
  { pattern: '€|eur|euros?|евро', code: 'EUR' },
  { pattern: '₸|kzt|тенге|теңге|tenge', code: 'KZT' },
  { pattern: 'тг', code: 'KZT', nearAmountOnly: true },
  // Uzbek so'm is written with several apostrophe look-alikes; plain "som"/"сом" is the Kyrgyz som.
  { pattern: "uzs|сум(?:ов|а)?|сўм|so['‘’ʻʼ`]m", code: 'UZS' },
  { pattern: 'sum', code: 'UZS', nearAmountOnly: true },
  { pattern: 'kgs|сом', code: 'KGS' },
  { pattern: '£|gbp', code: 'GBP' },
  { pattern: '₴|uah|грн', code: 'UAH' },
  { pattern: 'byn', code: 'BYN' },
  { pattern: 'cny|юан(?:ей|я|ь)', code: 'CNY' },
  { pattern: '₺', code: 'TRY' },
  { pattern: '₹', code: 'INR' },
];

/** Other ISO 4217 codes a sales team may price in; matched only in capitals, so "try" or "aed" in prose is not a currency. */
const UPPERCASE_CODES: ReadonlySet<string> = new Set([
  'AED', 'AMD', 'AUD', 'AZN', 'BRL', 'CAD', 'CHF', 'CZK', 'DKK', 'GEL', 'HKD', 'ILS', 'INR', 'JPY',
  'KRW', 'MDL', 'MNT', 'MXN', 'NOK', 'PLN', 'SAR', 'SEK', 'SGD', 'TJS', 'TMT', 'TRY',
]);

const SCALE_WORDS: ReadonlyArray<{ pattern: string; exponent: number }> = [
  { pattern: 'млрд|миллиард(?:а|ов)?|bn|billions?', exponent: 9 },
  { pattern: 'млн|миллион(?:а|ов)?|mln|mm|m|millions?', exponent: 6 },
  { pattern: 'тыс|тысяч[аи]?|k|к|thousands?', exponent: 3 },
];

// A letter on either side means the token is part of a word ("руб" in "рубрика" is not a currency).
const NOT_AFTER_LETTER = '(?<![\\p{L}])';
const NOT_BEFORE_LETTER = '(?![\\p{L}])';

function alternatives(patterns: readonly string[]): string {
  return patterns.map((p) => `(?:${p})`).join('|');
}

const ALL_CURRENCIES = alternatives(CURRENCY_SPELLINGS.map((c) => c.pattern));
const CURRENCY_AFTER_AMOUNT = new RegExp(`^(${ALL_CURRENCIES})\\.?${NOT_BEFORE_LETTER}`, 'iu');
const CURRENCY_BEFORE_AMOUNT = new RegExp(`${NOT_AFTER_LETTER}(${ALL_CURRENCIES})$`, 'iu');
const CURRENCY_ANYWHERE = new RegExp(
  `${NOT_AFTER_LETTER}(${alternatives(CURRENCY_SPELLINGS.filter((c) => !c.nearAmountOnly).map((c) => c.pattern))})${NOT_BEFORE_LETTER}`,
  'iu',
);
const UPPERCASE_CODE_AFTER_AMOUNT = /^([A-Z]{3})(?![\p{L}])/u;
const UPPERCASE_CODE_BEFORE_AMOUNT = /(?<![\p{L}])([A-Z]{3})$/u;
const UPPERCASE_CODE_ANYWHERE = /(?<![\p{L}])([A-Z]{3})(?![\p{L}])/gu;
const SCALE_AFTER_AMOUNT = new RegExp(`^(${alternatives(SCALE_WORDS.map((s) => s.pattern))})\\.?${NOT_BEFORE_LETTER}`, 'iu');

/**
 * An amount: digits, then groups of exactly three digits after a space or apostrophe, then any run of
 * "." / "," parts. Which of "." and "," is the decimal mark is decided afterwards, in `readDigits`.
 */
const AMOUNT = /\d+(?:[ '’]\d{3}(?!\d))*(?:[.,]\d+)*/gu;

// Group separators seen on CRM pages: no-break, narrow no-break, thin, figure and ordinary spaces.
const SPACE_LIKE = /[\s\u00a0\u2007\u2009\u202f]+/gu;
// U+2212 minus, en dash and em dash all show up as the sign of a negative amount.
const MINUS_LIKE = /[\u2212\u2013\u2014]/gu;

function currencyCode(spelling: string): string | null {
  if (UPPERCASE_CODES.has(spelling)) return spelling;
  for (const { pattern, code } of CURRENCY_SPELLINGS) {
    if (new RegExp(`^(?:${pattern})$`, 'iu').test(spelling)) return code;
  }
  return null;
}

function scaleExponent(word: string): number {
  for (const { pattern, exponent } of SCALE_WORDS) {
    if (new RegExp(`^(?:${pattern})$`, 'iu').test(word)) return exponent;
  }
  return 0;
}

interface Surroundings {
  negative: boolean;
  currency: string | null;
  exponent: number;
}

/** Looks around one amount for a sign, a scale word ("млн", "k") and a currency on either side. */
function readSurroundings(before: string, after: string): Surroundings {
  let rest = after.trimStart();
  let exponent = 0;
  const scale = SCALE_AFTER_AMOUNT.exec(rest);
  if (scale?.[1] !== undefined) {
    exponent = scaleExponent(scale[1]);
    rest = rest.slice(scale[0].length).trimStart();
  }
  let currency: string | null = null;
  const suffix = CURRENCY_AFTER_AMOUNT.exec(rest) ?? UPPERCASE_CODE_AFTER_AMOUNT.exec(rest);
  if (suffix?.[1] !== undefined) currency = currencyCode(suffix[1]);

  // Before the amount: "-5 000", "-$500", "$-500", "₸ 350 000", "UZS 5 000 000".
  let head = before.trimEnd();
  let negative = false;
  const takeSign = (): void => {
    if (!head.endsWith('-')) return;
    const beforeSign = head.slice(0, -1);
    // "ID-500" is a label and "1 000 - 2 000 ₽" a range; neither makes the amount negative.
    if (/[\p{L}\p{N}]$/u.test(beforeSign) || /\p{N}$/u.test(beforeSign.trimEnd())) return;
    negative = true;
    head = beforeSign.trimEnd();
  };
  takeSign();
  const prefix = CURRENCY_BEFORE_AMOUNT.exec(head) ?? UPPERCASE_CODE_BEFORE_AMOUNT.exec(head);
  if (prefix?.[1] !== undefined) {
    currency ??= currencyCode(prefix[1]);
    head = head.slice(0, -prefix[1].length).trimEnd();
    if (!negative) takeSign();
  }
  return { negative, currency, exponent };
}

/** "1,250,000" / "12.500.000": every group after the first has exactly three digits, the first one to three. */
function isGrouping(parts: readonly string[]): boolean {
  return parts.every((p, i) => (i === 0 ? /^\d{1,3}$/.test(p) : /^\d{3}$/.test(p)));
}

/**
 * Splits an amount into whole and fraction digits, deciding which of "." and "," is the decimal mark:
 * - both present: the one that comes last is the decimal mark ("$12,500.50", "€12.500,50");
 * - one of them, repeated: thousands grouping ("1,250,000");
 * - one of them, once: a decimal mark ("12,5", "1.5"), except three digits after it with one to three
 *   non-zero-led digits before it, no space grouping and no scale word, which is thousands grouping
 *   ("12,500 USD", "1.500 €"). Prices with three decimals are rarer than these.
 * Returns null when the marks contradict each other ("1.2.3,4,5").
 */
function readDigits(amount: string, hasSpaceGroups: boolean, hasScale: boolean): { whole: string; fraction: string } | null {
  const compact = amount.replace(/[ '’]/gu, '');
  const marks = compact.replace(/\d/gu, '');
  const parts = compact.split(/[.,]/u);
  if (marks.length === 0) return { whole: compact, fraction: '' };

  const lastMark = marks.charAt(marks.length - 1);
  const lastPart = parts[parts.length - 1] ?? '';
  const distinct = new Set(marks).size;

  if (distinct === 2) {
    if (marks.indexOf(lastMark) !== marks.length - 1 || hasSpaceGroups) return null;
    const groups = parts.slice(0, -1);
    return isGrouping(groups) ? { whole: groups.join(''), fraction: lastPart } : null;
  }
  if (marks.length > 1) {
    return !hasSpaceGroups && isGrouping(parts) ? { whole: parts.join(''), fraction: '' } : null;
  }
  const whole = parts[0] ?? '';
  const groupsThousands = !hasSpaceGroups && !hasScale && lastPart.length === 3 && /^[1-9]\d{0,2}$/.test(whole);
  return groupsThousands ? { whole: whole + lastPart, fraction: '' } : { whole, fraction: lastPart };
}

interface Candidate {
  amount: string;
  surroundings: Surroundings;
}

/** "1 250 000 ₽" → { value: 1250000, currency: 'RUB' }; null when no number can be read. */
export function parseMoney(text: string): Money | null {
  const normalized = text.replace(SPACE_LIKE, ' ').replace(MINUS_LIKE, '-').trim();
  const candidates: Candidate[] = [];
  for (const match of normalized.matchAll(AMOUNT)) {
    const before = normalized.slice(0, match.index);
    const after = normalized.slice(match.index + match[0].length);
    candidates.push({ amount: match[0], surroundings: readSurroundings(before, after) });
  }
  // "Сделка №12 — 5 000 ₽": the amount is the number that carries a currency or a scale word.
  const chosen =
    candidates.find((c) => c.surroundings.currency !== null || c.surroundings.exponent > 0) ?? candidates[0];
  if (chosen === undefined) return null;

  const { negative, exponent } = chosen.surroundings;
  const digits = readDigits(chosen.amount, /[ '’]/u.test(chosen.amount), exponent > 0);
  if (digits === null) return null;
  // Decimal text with an exponent is converted exactly once ("1.15e6" is 1150000, 1.15 * 1e6 is not).
  const magnitude = Number(`${digits.whole}${digits.fraction ? `.${digits.fraction}` : ''}e${exponent}`);
  if (!Number.isFinite(magnitude) || magnitude > Number.MAX_SAFE_INTEGER) return null;

  const currency = chosen.surroundings.currency ?? currencyNamedAnywhere(normalized);
  const value = negative && magnitude !== 0 ? -magnitude : magnitude;
  return { value, currency };
}

/** "Бюджет, ₽: 1 250 000": a currency named away from the amount still counts, if it is unambiguous. */
function currencyNamedAnywhere(text: string): string | null {
  const word = CURRENCY_ANYWHERE.exec(text)?.[1];
  if (word !== undefined) return currencyCode(word);
  for (const match of text.matchAll(UPPERCASE_CODE_ANYWHERE)) {
    if (match[1] !== undefined && UPPERCASE_CODES.has(match[1])) return match[1];
  }
  return null;
}
