// The browser side of Sites → Another CRM: the live preview in an open tab of the site, and saving with the site's permission.
import { collectCards, parseRawPage, previewFromRaw, PREVIEW_LIMIT, type RawPage } from '../../lib/adapters/generic';
import { configMatches, isLoopback, pageSpec, PREVIEW_REQUEST, saveConfig, type GenericConfig, type PageSpec, type PreviewRequest } from '../../lib/generic-config';
import { enableSite, startInTab } from '../../lib/sites';
import type { PreviewOutcome, SaveOutcome } from '../../components/options/GenericCrmSection';

export interface TabInfo {
  id?: number;
  url?: string;
}

/** What the preview and saving need from the browser; tests pass fakes. */
export interface GenericBrowser {
  queryTabs(query: { url?: string }): Promise<TabInfo[]>;
  /** Runs `collectCards` in the tab (needs the site's host permission) and returns its answer. */
  executeScript(tabId: number, spec: PageSpec, limit: number): Promise<unknown>;
  /** Asks our content script in the tab (loopback pages, where it is declared in the manifest). */
  sendToTab(tabId: number, request: PreviewRequest): Promise<unknown>;
  /** Must run straight from a click: the browser may show its permission prompt. */
  requestOrigin(origin: string): Promise<boolean>;
  /** lib/sites enableSite: permission, remembered site, our scripts registered there. Straight from a click too. */
  enableSite(origin: string): Promise<boolean>;
  startInTab(tabId: number): Promise<void>;
}

export const browserGeneric: GenericBrowser = {
  queryTabs: (query) => browser.tabs.query(query),
  async executeScript(tabId, spec, limit) {
    // `collectCards` travels as source text: it uses nothing outside itself.
    const [first] = await browser.scripting.executeScript<[PageSpec, number], RawPage>({ target: { tabId }, func: collectCards, args: [spec, limit] });
    return first?.result;
  },
  sendToTab: (tabId, request) => browser.tabs.sendMessage(tabId, request),
  requestOrigin: (origin) => browser.permissions.request({ origins: [`${origin}/*`] }),
  enableSite: (origin) => enableSite(origin, 'generic'),
  startInTab,
};

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs the proposed selectors in an open tab of the site: a tab under the path prefix first. On https the
 * site's permission lets us find its tabs and script them; on loopback the manifest grants neither, and
 * our content script (declared there) reads the page for us.
 */
export async function runPreview(config: GenericConfig, deps: GenericBrowser): Promise<PreviewOutcome> {
  const spec = pageSpec(config);
  const underPrefix = (url: string | undefined): boolean => {
    try {
      return url !== undefined && configMatches(config, new URL(url));
    } catch {
      return false;
    }
  };
  let raw: RawPage | null = null;
  let failure: string | null = null;
  const tabs = (await deps.queryTabs({ url: `${config.origin}/*` })).sort((a, b) => Number(underPrefix(b.url)) - Number(underPrefix(a.url)));
  for (const tab of tabs) {
    if (tab.id === undefined) continue;
    try {
      raw = parseRawPage(await deps.executeScript(tab.id, spec, PREVIEW_LIMIT));
    } catch (error) {
      failure = describe(error);
    }
    if (raw) break;
  }
  if (!raw && isLoopback(config.origin)) {
    const request: PreviewRequest = { kind: PREVIEW_REQUEST, origin: config.origin, spec, limit: PREVIEW_LIMIT };
    const everyTab = (await deps.queryTabs({})).flatMap((tab) => (tab.id === undefined ? [] : [tab.id]));
    // Tabs without our content script refuse the message; only tabs of this origin answer.
    const answers = await Promise.allSettled(everyTab.map((tabId) => deps.sendToTab(tabId, request)));
    const pages = answers.flatMap((answer) => {
      const page = answer.status === 'fulfilled' ? parseRawPage(answer.value) : null;
      return page ? [page] : [];
    });
    raw = pages.find((page) => underPrefix(page.url)) ?? pages[0] ?? null;
  }
  if (!raw) return failure === null ? { kind: 'no-tab', origin: config.origin } : { kind: 'failed', error: failure };
  return { kind: 'read', preview: previewFromRaw(raw, config) };
}

/** The preview from a click: asks for the site's permission first (https), then reads. */
export function previewFromClick(config: GenericConfig, deps: GenericBrowser): Promise<PreviewOutcome> {
  if (isLoopback(config.origin)) return runPreview(config, deps);
  // Called before anything is awaited, so the click still counts for the permission prompt.
  return deps.requestOrigin(config.origin).then((granted) => (granted ? runPreview(config, deps) : { kind: 'declined', origin: config.origin }));
}

/**
 * Saving from a click: on https the site is enabled like a built-in CRM (permission, our scripts
 * registered) and its open tabs start reading at once; loopback needs neither.
 */
export function saveFromClick(config: GenericConfig, deps: GenericBrowser): Promise<SaveOutcome> {
  if (isLoopback(config.origin)) return saveConfig(config).then(() => ({ kind: 'saved', origin: config.origin, reload: true }));
  return deps.enableSite(config.origin).then(async (enabled): Promise<SaveOutcome> => {
    if (!enabled) return { kind: 'declined', origin: config.origin };
    await saveConfig(config);
    const tabs = await deps.queryTabs({ url: `${config.origin}/*` }).catch(() => []);
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      await deps.startInTab(tab.id).catch((error: unknown) => console.warn('[sales-pace] could not start reading tab', tab.id, error));
    }
    return { kind: 'saved', origin: config.origin, reload: false };
  });
}
