// Stalled badges on the CRM's own deal cards: a small pill in a shadow root, absolutely placed so the
// CRM's layout and drag-and-drop stay as they were. Text only, never HTML from the page or the store.
import type { OverlayStalled } from '../../../lib/queries/overlay';

const TAG = 'sales-pace-badge';
const STYLE = `
  :host { all: initial; position: absolute; top: -8px; right: 10px; z-index: 2; pointer-events: auto; }
  .pill { font: 600 11px/16px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #7c2d12; background: #ffedd5;
          border: 1px solid #fdba74; border-radius: 8px; padding: 0 6px; white-space: nowrap; cursor: help; }
`;

function makeBadge(doc: Document, item: OverlayStalled): HTMLElement {
  const host = doc.createElement(TAG);
  host.dataset.dealId = item.dealId;
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const pill = doc.createElement('span');
  pill.className = 'pill';
  pill.textContent = item.label;
  pill.title = item.why;
  pill.setAttribute('role', 'note');
  pill.setAttribute('aria-label', item.why);
  root.append(style, pill);
  return host;
}

/**
 * Puts a badge on each stalled deal's card and takes it off cards that are no longer stalled.
 * `cards` is the board's cards by deal id, built once per redraw: the work grows with the cards on
 * the board, not with badges × cards. Style reads come before DOM writes (no forced re-layouts).
 * Returns how many cards carry a badge.
 */
export function renderBadges(doc: Document, stalled: readonly OverlayStalled[], cards: ReadonlyMap<string, Element>): number {
  const wanted = new Map(stalled.map((item) => [item.dealId, item]));
  for (const badge of doc.querySelectorAll<HTMLElement>(TAG)) {
    const id = badge.dataset.dealId;
    if (!id || !wanted.has(id) || badge.parentElement !== cards.get(id)) badge.remove();
  }
  const toAdd: [HTMLElement, OverlayStalled][] = [];
  let shown = 0;
  for (const item of stalled) {
    const card = cards.get(item.dealId);
    if (!(card instanceof HTMLElement)) continue;
    shown += 1;
    const pill = card.querySelector<HTMLElement>(`:scope > ${TAG}`)?.shadowRoot?.querySelector<HTMLElement>('.pill');
    if (!pill) toAdd.push([card, item]);
    else if (pill.textContent !== item.label || pill.title !== item.why) {
      pill.textContent = item.label;
      pill.title = item.why;
    }
  }
  // Absolute placement needs a positioned card; relative without offsets moves nothing.
  const unpositioned = toAdd.map(([card]) => getComputedStyle(card).position === 'static');
  toAdd.forEach(([card, item], i) => {
    if (unpositioned[i]) card.style.position = 'relative';
    card.append(makeBadge(doc, item));
  });
  return shown;
}

export function removeBadges(doc: Document): void {
  for (const badge of doc.querySelectorAll(TAG)) badge.remove();
}

export const BADGE_TAG = TAG;
