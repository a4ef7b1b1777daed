// STUB: replaced by the parse helper.
/** "Сегодня 14:30", "12.03.2026 09:15", ISO, unix seconds … → Date in the user's time zone; null if unreadable. */
export function parseDateTime(text: string, now: Date): Date | null {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? (now && null) : d;
}
