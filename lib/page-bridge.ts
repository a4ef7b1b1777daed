// The message shapes between the content script (isolated world) and the page-globals script (MAIN world).
import type { PageGlobals } from './adapters/types';
import type { CrmKind } from './model';

export const GLOBALS_REQUEST = 'sales-pace:globals?';
export const GLOBALS_REPLY = 'sales-pace:globals';

export interface GlobalsRequest {
  source: typeof GLOBALS_REQUEST;
  crm: CrmKind;
  nonce: string;
}

const CRMS: readonly CrmKind[] = ['demo', 'amocrm', 'bitrix24', 'pipedrive', 'hubspot', 'generic'];

export function isGlobalsRequest(data: unknown): data is GlobalsRequest {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return d.source === GLOBALS_REQUEST && typeof d.nonce === 'string' && CRMS.includes(d.crm as CrmKind);
}

const SHORT_TEXT = 300;

/**
 * Accepts a reply only with our nonce and only plain short strings in known fields: the page's world
 * can post anything, so nothing else gets through.
 */
export function parseGlobalsReply(data: unknown, nonce: string): PageGlobals | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.source !== GLOBALS_REPLY || d.nonce !== nonce || typeof d.globals !== 'object' || d.globals === null) return null;
  const raw = d.globals as Record<string, unknown>;
  const out: PageGlobals = {};
  for (const key of ['userId', 'userName', 'token', 'accountId', 'currency'] as const) {
    const value = raw[key];
    if (typeof value === 'string' && value.length > 0 && value.length <= SHORT_TEXT) out[key] = value;
  }
  return out;
}

/** Asks the MAIN-world script for the page's globals; null when it does not answer in time (not registered, old page). */
export function requestPageGlobals(win: Window, crm: CrmKind, timeoutMs = 500): Promise<PageGlobals | null> {
  const nonce = Math.random().toString(36).slice(2);
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<unknown>) => {
      if (event.source !== win) return;
      const globals = parseGlobalsReply(event.data, nonce);
      if (!globals) return;
      finish(globals);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    function finish(result: PageGlobals | null) {
      clearTimeout(timer);
      win.removeEventListener('message', onMessage);
      resolve(result);
    }
    win.addEventListener('message', onMessage);
    win.postMessage({ source: GLOBALS_REQUEST, crm, nonce } satisfies GlobalsRequest, win.location.origin);
  });
}
