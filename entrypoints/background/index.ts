// Background service worker: wires message handlers; nothing else.
import { db } from '../../lib/db';
import { parseMessage, type Reply } from '../../lib/messages';
import { overlayState } from '../../lib/queries/overlay';
import { syncContentScripts } from '../../lib/sites';
import { ingestSnapshot, readState, recordReadFailure, senderAllowed } from './handlers';

export default defineBackground(() => {
  // Keep our scripts registered for exactly the CRM sites that are enabled and still granted.
  const sync = () =>
    void syncContentScripts().catch((error: unknown) => console.error('[sales-pace] could not register the CRM sites', error));
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);

  browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse: (reply: Reply) => void) => {
    void handle(raw, sender).then(sendResponse, (error: unknown) => {
      console.error('[sales-pace] message failed', error);
      sendResponse({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    });
    return true; // the reply is sent asynchronously
  });
});

async function handle(raw: unknown, sender: Browser.runtime.MessageSender): Promise<Reply> {
  const parsed = parseMessage(raw);
  if (!parsed.ok) {
    console.warn('[sales-pace] rejected', parsed.error);
    return { ok: false, error: parsed.error };
  }
  const { message } = parsed;
  const account = message.kind === 'snapshot' ? message.snapshot.account : message.account;
  if (!senderAllowed(sender, browser.runtime.id, account)) {
    console.warn('[sales-pace] rejected a message from an unknown sender', sender.id, sender.url);
    return { ok: false, error: 'unknown sender' };
  }
  switch (message.kind) {
    case 'snapshot':
      return ingestSnapshot(db, message);
    case 'read-failed':
      return recordReadFailure(db, message);
    case 'read-state':
      return readState(db, message.account);
    case 'overlay-state':
      return { ok: true, overlay: await overlayState(db, message.account, new Date(), navigator.language) };
  }
}
