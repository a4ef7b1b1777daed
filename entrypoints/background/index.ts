// Background service worker: wires message handlers; nothing else.
import { currentTime } from '../../lib/clock';
import { db } from '../../lib/db';
import { parseMessage, type Reply } from '../../lib/messages';
import { overlayState, type OverlayState } from '../../lib/queries/overlay';
import { syncContentScripts } from '../../lib/sites';
import { STORAGE_ERROR_KEY, type StorageError } from '../../lib/storage-health';
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
      return storing(() => ingestSnapshot(db, message));
    case 'read-failed':
      return storing(() => recordReadFailure(db, message));
    case 'read-state':
      return readState(db, message.account);
    case 'overlay-state': {
      const overlay = await overlayState(db, message.account, await currentTime(), navigator.language);
      await showOnToolbar(overlay);
      return { ok: true, overlay };
    }
  }
}

const BADGE_COLORS = { green: '#16a34a', amber: '#d97706', red: '#dc2626', grey: '#98a2b3' } as const;

/** The toolbar badge: calls still to make today (or the stalled count when there is no calls target), coloured by status. */
async function showOnToolbar(overlay: OverlayState | null): Promise<void> {
  const figure = overlay === null ? null : (overlay.callsLeft ?? (overlay.stalled.length > 0 ? overlay.stalled.length : null));
  await browser.action.setBadgeText({ text: figure === null ? '' : figure > 999 ? '999+' : String(figure) });
  if (overlay) {
    await browser.action.setBadgeBackgroundColor({ color: BADGE_COLORS[overlay.status] });
    await browser.action.setTitle({ title: overlay.summary });
  }
}

/**
 * Writes, and when the database itself is the problem (disk full, IndexedDB unavailable) keeps the
 * failure where the popup can show it. Whatever was stored before stays as it was: every write is
 * one transaction.
 */
async function storing(write: () => Promise<Reply>): Promise<Reply> {
  try {
    const reply = await write();
    await browser.storage.local.remove(STORAGE_ERROR_KEY);
    return reply;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    console.error('[sales-pace] could not store what was read', error);
    const failure: StorageError = { at: Date.now(), name, message };
    await browser.storage.local.set({ [STORAGE_ERROR_KEY]: failure }).catch(() => undefined);
    await browser.action.setBadgeText({ text: '!' }).catch(() => undefined);
    await browser.action.setBadgeBackgroundColor({ color: BADGE_COLORS.red }).catch(() => undefined);
    return { ok: false, error: `${name}: ${message}` };
  }
}
