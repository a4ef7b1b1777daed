// An empty screen that tells the user what to do next.
export function EmptyState({ title, hint }: { title: string; hint: string }) {
  return (
    <div className="empty" data-testid="empty">
      <strong>{title}</strong>
      {hint}
    </div>
  );
}
