// Content script: picks the adapter for this page, reads it, sends snapshots; re-reads on SPA navigation and board changes.
import { adapterFor, adapterForKind } from '../../lib/adapters';
import { collectCards, genericAdapter } from '../../lib/adapters/generic';
import { configFor, loadConfigs, parsePreviewRequest } from '../../lib/generic-config';
import type { Message, Reply } from '../../lib/messages';
import { enabledCrm, widgetKey } from '../../lib/sites';
import { requestPageGlobals } from '../../lib/page-bridge';
import { politeFetchJson } from './fetch-json';
import { isOwnMutation, startOverlay } from './overlay';
import { DEFAULT_WIDGET_PREFS, type WidgetPrefs } from './overlay/widget';
import { createReadScheduler, readOnce, sendWaking } from './reader';

export default defineContentScript({
  // The bundled demo CRM runs on loopback; real CRM sites are registered at runtime after the user enables them.
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  runAt: 'document_idle',
  async main(ctx) {
    answerPreviewRequests(ctx);
    // A generic configuration the user saved for this page wins over a built-in adapter (the demo one matches all of loopback).
    const url = new URL(location.href);
    const generic = configFor(url, await loadConfigs().catch(() => []));
    // A host that names no CRM (a self-hosted Bitrix24) is read as the CRM the user enabled it as.
    const adapter = generic ? genericAdapter(generic) : (adapterFor(url) ?? (await adapterForSite(location.origin)));
    if (!adapter) return;
    const fetchJson = politeFetchJson({ origin: location.origin, minIntervalMs: adapter.minRequestIntervalMs });
    const send = (message: Message) => sendWaking(() => browser.runtime.sendMessage(message) as Promise<Reply>);
    const overlay = startOverlay({
      adapter,
      doc: document,
      origin: location.origin,
      send,
      loadPrefs: async () => {
        const key = widgetKey(location.origin);
        const stored = (await browser.storage.local.get(key))[key];
        return typeof stored === 'object' && stored !== null ? { ...DEFAULT_WIDGET_PREFS, ...(stored as Partial<WidgetPrefs>) } : null;
      },
      savePrefs: (prefs) => void browser.storage.local.set({ [widgetKey(location.origin)]: prefs }),
    });
    const scheduler = createReadScheduler(() =>
      readOnce({
        adapter,
        document,
        location: () => new URL(location.href),
        fetchJson,
        pageGlobals: () => (adapter.readPageGlobals ? requestPageGlobals(window, adapter.crm) : Promise.resolve(null)),
        cookies: () => document.cookie,
        send,
      }).then((outcome) => overlay.refresh(outcome.overlay)),
    );
    const redraw = createReadScheduler(async () => overlay.redraw(), 200);
    scheduler.now();
    ctx.addEventListener(window, 'wxt:locationchange', () => scheduler.schedule());
    // A card moved on the board (or the board re-rendered): put the badges back at once, read again once things settle.
    const observer = new MutationObserver((records) => {
      if (records.every(isOwnMutation)) return;
      redraw.schedule();
      scheduler.schedule();
    });
    // The popup can switch a hidden widget back on.
    const onStorage = (changes: Record<string, { newValue?: unknown }>) => {
      const next = changes[widgetKey(location.origin)]?.newValue;
      if (typeof next === 'object' && next !== null) overlay.prefsChanged({ ...DEFAULT_WIDGET_PREFS, ...(next as Partial<WidgetPrefs>) });
    };
    browser.storage.onChanged.addListener(onStorage);
    // Figures move with the clock too (pace, calls left as colleagues' reads land).
    const timer = setInterval(() => void overlay.refresh(), 60_000);
    observer.observe(document.body, { childList: true, subtree: true });
    ctx.onInvalidated(() => {
      observer.disconnect();
      scheduler.cancel();
      redraw.cancel();
      clearInterval(timer);
      browser.storage.onChanged.removeListener(onStorage);
      overlay.destroy();
    });
  },
});

/** The options page's live preview of a generic configuration in a loopback tab, where executeScript is not allowed. */
function answerPreviewRequests(ctx: { onInvalidated(cb: () => void): unknown }): void {
  const listener = (raw: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: unknown) => void): undefined => {
    const request = parsePreviewRequest(raw);
    if (!request || sender.id !== browser.runtime.id || request.origin !== location.origin) return undefined;
    sendResponse(collectCards(request.spec, request.limit));
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}

async function adapterForSite(origin: string): Promise<ReturnType<typeof adapterForKind>> {
  const crm = await enabledCrm(origin).catch((error: unknown) => {
    console.warn('[sales-pace] could not look up which CRM this site was enabled as', error);
    return null;
  });
  return crm === null ? null : adapterForKind(crm);
}
