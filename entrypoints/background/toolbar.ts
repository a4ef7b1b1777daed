// The toolbar badge: the number the user chose in options → Notices, coloured by today's status.
import type { OverlayState } from '../../lib/queries/overlay';
import type { ToolbarFigure } from '../../lib/settings';

export const BADGE_COLORS = { green: '#16a34a', amber: '#d97706', red: '#dc2626', grey: '#98a2b3' } as const;

/**
 * The badge's number: calls still to make today, or the stalled deals. Calls fall back to the stalled
 * count when there is no calls target (no role, a day off, a head looking at the team); no stalled
 * deals shows nothing rather than a 0.
 */
export function badgeFigure(overlay: OverlayState | null, figure: ToolbarFigure): number | null {
  if (overlay === null) return null;
  const stalled = overlay.stalled.length > 0 ? overlay.stalled.length : null;
  return figure === 'stalled' ? stalled : (overlay.callsLeft ?? stalled);
}

export function badgeText(figure: number | null): string {
  return figure === null ? '' : figure > 999 ? '999+' : String(figure);
}

export async function showOnToolbar(overlay: OverlayState | null, figure: ToolbarFigure): Promise<void> {
  await browser.action.setBadgeText({ text: badgeText(badgeFigure(overlay, figure)) });
  if (overlay) {
    await browser.action.setBadgeBackgroundColor({ color: BADGE_COLORS[overlay.status] });
    await browser.action.setTitle({ title: overlay.summary });
  }
}
