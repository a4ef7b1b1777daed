// The on-page overlay: asks the background for today's figures and the stalled deals, then shows
// badges on the cards and the floating widget. It reads nothing beyond what the adapter reads.
import type { CrmAdapter } from '../../../lib/adapters/types';
import type { Message, Reply } from '../../../lib/messages';
import type { OverlayState } from '../../../lib/queries/overlay';
import { BADGE_TAG, removeBadges, renderBadges } from './badges';
import { DEFAULT_WIDGET_PREFS, mountWidget, WIDGET_TAG, type Widget, type WidgetPrefs } from './widget';

export interface OverlayDeps {
  adapter: CrmAdapter;
  doc: Document;
  origin: string;
  send: (message: Message) => Promise<Reply>;
  loadPrefs: () => Promise<WidgetPrefs | null>;
  savePrefs: (prefs: WidgetPrefs) => void;
}

export interface Overlay {
  /** Redraws with the figures a read brought back, or asks for fresh ones (on a timer, after a failed read). */
  refresh(given?: OverlayState | null): Promise<void>;
  /** Re-places badges after the CRM re-rendered its board (cards moved), without asking again. */
  redraw(): void;
  /** The widget's prefs changed in storage (switched back on from the popup). */
  prefsChanged(prefs: WidgetPrefs): void;
  destroy(): void;
}

/** True when a DOM change is only our own overlay appearing or going: no reason to re-read the CRM. */
export function isOwnMutation(record: MutationRecord): boolean {
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((node) => node instanceof Element && (node.localName === BADGE_TAG || node.localName === WIDGET_TAG));
}

export function startOverlay(deps: OverlayDeps): Overlay {
  let state: OverlayState | null = null;
  let widget: Widget | null = null;
  let prefs: WidgetPrefs | null = null;
  const draw = () => {
    if (!state) return;
    if (deps.adapter.cardIndex) renderBadges(deps.doc, state.stalled, deps.adapter.cardIndex(deps.doc));
    if (!widget && prefs) widget = mountWidget(deps.doc, prefs, deps.savePrefs, state.texts);
    widget?.update(state);
  };
  return {
    async refresh(given) {
      try {
        prefs ??= (await deps.loadPrefs()) ?? DEFAULT_WIDGET_PREFS;
        if (given !== undefined) {
          state = given;
          return draw();
        }
        const reply = await deps.send({ kind: 'overlay-state', account: deps.origin });
        if (reply.ok && 'overlay' in reply) {
          state = reply.overlay ?? null;
          draw();
        }
      } catch (error) {
        // The extension was reloaded or updated: the page stays as the CRM made it.
        console.warn('[sales-pace] overlay not updated', error);
      }
    },
    redraw: draw,
    prefsChanged(next) {
      prefs = next;
      widget?.setPrefs(next);
    },
    destroy() {
      removeBadges(deps.doc);
      widget?.destroy();
      widget = null;
    },
  };
}
