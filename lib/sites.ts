// CRM sites the user enabled: an optional host permission plus our content scripts registered for that origin.
// The popup enables a site (a click is needed for the permission prompt); the background keeps the
// registered scripts in step with what is enabled and still granted, at start and when permissions change.
import { crmForUrl } from './adapters/hosts';
import type { CrmKind } from './model';

export interface EnabledSite {
  origin: string;
  crm: CrmKind;
  /** The optional host permission is still granted (the user may revoke it in the browser). */
  granted: boolean;
}

interface StoredSite {
  crm: CrmKind;
  enabledAt: number;
}

const STORAGE_KEY = 'sites';
const SCRIPT_IDS = { reader: 'crm-sites', globals: 'crm-sites-globals' } as const;
export const READER_FILE = '/content-scripts/crm.js';
export const GLOBALS_FILE = '/content-scripts/page-globals.js';

const pattern = (origin: string) => `${origin}/*`;

async function storedSites(): Promise<Record<string, StoredSite>> {
  const value = (await browser.storage.local.get(STORAGE_KEY))[STORAGE_KEY];
  return typeof value === 'object' && value !== null ? (value as Record<string, StoredSite>) : {};
}

/** The CRM a page is on, if we know it and it is a site the user can enable (https, not our demo). */
export function recognise(url: string | undefined): { origin: string; crm: CrmKind; label: string } | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  const host = crmForUrl(parsed);
  return host ? { origin: parsed.origin, crm: host.crm, label: host.label } : null;
}

export async function listSites(): Promise<EnabledSite[]> {
  const [sites, granted] = await Promise.all([storedSites(), browser.permissions.getAll()]);
  const origins = new Set(granted.origins ?? []);
  return Object.entries(sites)
    .map(([origin, site]) => ({ origin, crm: site.crm, granted: origins.has(pattern(origin)) }))
    .sort((a, b) => a.origin.localeCompare(b.origin));
}

/**
 * Asks for the site's host permission (must run from a click in an extension page), remembers the
 * site and registers our scripts for it. Resolves false when the user declines.
 */
export async function enableSite(origin: string, crm: CrmKind): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [pattern(origin)] });
  if (!granted) return false;
  const sites = await storedSites();
  sites[origin] = { crm, enabledAt: Date.now() };
  await browser.storage.local.set({ [STORAGE_KEY]: sites });
  await syncContentScripts();
  return true;
}

export async function revokeSite(origin: string): Promise<void> {
  const sites = await storedSites();
  delete sites[origin];
  await browser.storage.local.set({ [STORAGE_KEY]: sites });
  // Removing a permission the manifest requires throws; a site enabled at runtime never is one.
  await browser.permissions.remove({ origins: [pattern(origin)] }).catch((error: unknown) => {
    console.warn('[sales-pace] could not remove the permission for', origin, error);
  });
  await syncContentScripts();
}

/** Registers our reader (and the page-globals script) for exactly the enabled and granted sites. */
export async function syncContentScripts(): Promise<string[]> {
  const sites = (await listSites()).filter((site) => site.granted);
  const matches = sites.map((site) => pattern(site.origin));
  const ours = Object.values(SCRIPT_IDS) as string[];
  const registered = (await browser.scripting.getRegisteredContentScripts()).map((script) => script.id).filter((id) => ours.includes(id));
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: registered });
  if (matches.length === 0) return [];
  await browser.scripting.registerContentScripts([
    // Bitrix24 opens deals in slider iframes of the same origin, so frames are included.
    { id: SCRIPT_IDS.reader, matches, js: [READER_FILE], runAt: 'document_idle', allFrames: true, persistAcrossSessions: true },
    { id: SCRIPT_IDS.globals, matches, js: [GLOBALS_FILE], runAt: 'document_idle', world: 'MAIN', persistAcrossSessions: true },
  ]);
  return matches;
}

/** Starts reading a tab that was open before its site was enabled, without asking the user to reload. */
export async function startInTab(tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId }, files: [GLOBALS_FILE], world: 'MAIN' });
  await browser.scripting.executeScript({ target: { tabId }, files: [READER_FILE] });
}

/**
 * The tab the popup was opened over. In a real popup that is the active tab; when the popup page is
 * open in a tab of its own (tests, or a user who pinned it), it is the most recently used other tab.
 */
export async function crmTab(): Promise<{ tabId: number; url: string } | null> {
  const tabs = await browser.tabs.query({ lastFocusedWindow: true });
  const own = browser.runtime.getURL('/');
  const candidates = tabs
    .filter((tab) => tab.id !== undefined && tab.url && !tab.url.startsWith(own))
    .sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  const tab = candidates[0];
  return tab?.id !== undefined && tab.url ? { tabId: tab.id, url: tab.url } : null;
}

/** The CRM the user enabled `origin` as, or null: how the reader picks an adapter for a host that names no CRM. */
export async function enabledCrm(origin: string): Promise<CrmKind | null> {
  const sites = await storedSites();
  return Object.hasOwn(sites, origin) ? (sites[origin]?.crm ?? null) : null;
}

export type SelfHostedCheck = { ok: true; origin: string } | { ok: false; code: 'empty' | 'invalid' | 'https' | 'known' };

/**
 * The origin of a self-hosted Bitrix24 the user typed ("crm.acme.ru", "https://crm.acme.ru/crm/deal/"),
 * or why it cannot be one; a pasted page address is cut to its origin. https only: the extension may ask for https sites alone, and a portal's
 * REST with the user's session must not travel in clear text.
 */
export function selfHostedOrigin(input: string): SelfHostedCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, code: 'empty' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, code: 'invalid' };
  }
  if (url.protocol !== 'https:') return { ok: false, code: 'https' };
  // A host needs a dot (an intranet single-label name cannot be granted by an https://*/* pattern reliably) and no credentials.
  if (!url.hostname.includes('.') || url.username !== '' || url.password !== '' || /\s/.test(trimmed)) return { ok: false, code: 'invalid' };
  if (crmForUrl(url)) return { ok: false, code: 'known' };
  return { ok: true, origin: url.origin };
}

/**
 * Whether the page in `tabId` is built by Bitrix (its scripts come from /bitrix/js/), for a portal on the
 * company's own domain. Works from the popup's click (activeTab); false when the page cannot be looked at.
 */
export async function looksLikeBitrix(tabId: number): Promise<boolean> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId },
      func: () => document.querySelector('script[src*="/bitrix/js/"], link[href*="/bitrix/js/"], link[href*="/bitrix/templates/"]') !== null,
    });
    return result?.result === true;
  } catch (error) {
    console.warn('[sales-pace] could not look at the page of tab', tabId, error);
    return false;
  }
}

/** Enables a self-hosted Bitrix24 from a click in the settings and starts reading its open tabs. */
export async function enableSelfHosted(origin: string): Promise<boolean> {
  if (!(await enableSite(origin, 'bitrix24'))) return false;
  const tabs = await browser.tabs.query({ url: pattern(origin) }).catch(() => []);
  for (const tab of tabs) {
    if (tab.id === undefined) continue;
    await startInTab(tab.id).catch((error: unknown) => console.warn('[sales-pace] could not start reading tab', tab.id, error));
  }
  return true;
}

/** Where the content script keeps the progress widget's place and state for one site. */
export const widgetKey = (origin: string) => `widget:${origin}`;

/** Sites on which the user hid the progress widget (its close button), sorted. */
export async function hiddenWidgets(): Promise<string[]> {
  const all = await browser.storage.local.get(null);
  return Object.entries(all)
    .filter(([key, prefs]) => key.startsWith('widget:') && typeof prefs === 'object' && prefs !== null && (prefs as Record<string, unknown>).hidden === true)
    .map(([key]) => key.slice('widget:'.length))
    .sort();
}

/** Shows the widget on `origin` again, keeping where it was put; open tabs of the site show it at once. */
export async function showWidget(origin: string): Promise<void> {
  const key = widgetKey(origin);
  const prefs: unknown = (await browser.storage.local.get(key))[key];
  const kept = typeof prefs === 'object' && prefs !== null ? prefs : {};
  await browser.storage.local.set({ [key]: { ...kept, hidden: false } });
}
