// An empty screen that tells the user what to do next. Without a title when a heading above already names the place.
export function EmptyState({ title, hint }: { title?: string; hint: string }) {
  return (
    <div className="empty" data-testid="empty">
      {title !== undefined && <strong>{title}</strong>}
      {hint}
    </div>
  );
}
