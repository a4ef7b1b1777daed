// The only code that runs in the CRM page's own world: on request, it copies a few plain values out of
// the page's globals (current user, session token) and posts them back. It reads nothing else.
import { PAGE_GLOBALS_READERS } from '../lib/adapters/globals';
import { GLOBALS_REPLY, isGlobalsRequest } from '../lib/page-bridge';

export default defineContentScript({
  // Registered at runtime for the CRM sites the user enabled (lib/sites.ts), never in the manifest.
  matches: [],
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_idle',
  main() {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (event.source !== window || !isGlobalsRequest(event.data)) return;
      const read = PAGE_GLOBALS_READERS[event.data.crm];
      let globals = {};
      try {
        globals = read ? read(window as unknown as Record<string, unknown>) : {};
      } catch {
        // The readers never throw by contract; a page that breaks them still gets no error from us.
      }
      window.postMessage({ source: GLOBALS_REPLY, nonce: event.data.nonce, globals }, window.location.origin);
    });
  },
});
