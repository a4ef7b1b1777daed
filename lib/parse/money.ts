// STUB: replaced by the parse helper.
export interface Money {
  value: number;
  /** ISO 4217 when the text names one ("₽" → RUB, "$" → USD, "сум" → UZS), else null. */
  currency: string | null;
}
/** "1 250 000 ₽" → { value: 1250000, currency: 'RUB' }; null when no number can be read. */
export function parseMoney(text: string): Money | null {
  const digits = text.replace(/[^\d]/g, '');
  return digits ? { value: Number(digits), currency: null } : null;
}
