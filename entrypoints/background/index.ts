// Background service worker: wires message handlers; nothing else.
import { currentTime } from '../../lib/clock';
import { db } from '../../lib/db';
import { parseMessage, type Reply } from '../../lib/messages';
import { loadSettings } from '../../lib/queries';
import { overlayState, type OverlayState } from '../../lib/queries/overlay';
import { syncContentScripts } from '../../lib/sites';
import { STORAGE_ERROR_KEY, type StorageError } from '../../lib/storage-health';
import { ingestSnapshot, readState, recordReadFailure, senderAllowed } from './handlers';
import { checkNotices } from './notices';
import { BADGE_COLORS, showOnToolbar } from './toolbar';

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
    case 'snapshot': {
      const reply = await storing(() => ingestSnapshot(db, message));
      // A complete read changes today's figures: the badge and the notices follow at once, and the page's
      // overlay gets them in this reply instead of asking for the same figures again.
      if (!reply.ok || !('written' in reply) || message.part.index !== message.part.count - 1) return reply;
      const overlay = await afterRead(message.snapshot.account).catch((error: unknown) => {
        console.error('[sales-pace] could not update the badge', error);
        return undefined;
      });
      return overlay === undefined ? reply : { ...reply, overlay };
    }
    case 'read-failed':
      return storing(() => recordReadFailure(db, message));
    case 'read-state':
      return readState(db, message.account);
    case 'overlay-state':
      return { ok: true, overlay: await afterRead(message.account) };
  }
}

/** Today's figures for the account: notices due (shown first, so a badge that changed means they were checked), then the badge. */
async function afterRead(account: string): Promise<OverlayState | null> {
  const now = await currentTime();
  const [overlay, settings] = await Promise.all([overlayState(db, account, now, navigator.language), loadSettings(db)]);
  await checkNotices(db, account, overlay, settings, now);
  await showOnToolbar(overlay, settings.toolbarFigure);
  return overlay;
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
