// Content script: picks the adapter for this page, reads it, sends snapshots; re-reads on SPA navigation and board changes.
import { adapterFor } from '../../lib/adapters';
import type { Message, Reply } from '../../lib/messages';
import { requestPageGlobals } from '../../lib/page-bridge';
import { politeFetchJson } from './fetch-json';
import { createReadScheduler, readOnce } from './reader';

export default defineContentScript({
  // The bundled demo CRM runs on loopback; real CRM sites are registered at runtime after the user enables them.
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  runAt: 'document_idle',
  main(ctx) {
    const adapter = adapterFor(new URL(location.href));
    if (!adapter) return;
    const fetchJson = politeFetchJson({ origin: location.origin });
    const send = (message: Message) => browser.runtime.sendMessage(message) as Promise<Reply>;
    const scheduler = createReadScheduler(() =>
      readOnce({
        adapter,
        document,
        location: () => new URL(location.href),
        fetchJson,
        pageGlobals: () => (adapter.readPageGlobals ? requestPageGlobals(window, adapter.crm) : Promise.resolve(null)),
        cookies: () => document.cookie,
        send,
      }),
    );
    scheduler.now();
    ctx.addEventListener(window, 'wxt:locationchange', () => scheduler.schedule());
    // A card moved on the board (or the board re-rendered): read again once things settle.
    const observer = new MutationObserver(() => scheduler.schedule());
    observer.observe(document.body, { childList: true, subtree: true });
    ctx.onInvalidated(() => {
      observer.disconnect();
      scheduler.cancel();
    });
  },
});
