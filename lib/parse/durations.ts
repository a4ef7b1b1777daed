// STUB: replaced by the parse helper.
/** "1:05", "2 мин 5 сек", "65 s" → seconds; null if unreadable. */
export function parseDuration(text: string): number | null {
  const n = Number.parseInt(text, 10);
  return Number.isNaN(n) ? null : n;
}
/** "12 дн.", "3 days", "1 день" → 12, 3, 1; null if unreadable. */
export function parseDays(text: string): number | null {
  const n = Number.parseInt(text, 10);
  return Number.isNaN(n) ? null : n;
}
