// Steps shared by the e2e tests, the demo and the bench: sign in to the demo CRM, wait for our read, open the popup.
import type { BrowserContext, Page } from '@playwright/test';

export async function signInAs(context: BrowserContext, crmUrl: string, userId: string): Promise<void> {
  await context.addCookies([{ name: 'demo_user', value: userId, url: crmUrl }]);
}

/** Counts what the extension stored for an account, straight from IndexedDB in the service worker. */
export async function storedCounts(context: BrowserContext, account: string, extensionPage?: Page): Promise<{ deals: number; activities: number; lastGoodReadAt: number | null; currentUserId: string | null }> {
  // An extension page shares the database and, unlike a stopped service worker, needs no waking.
  const expression = `(${COUNT_IN_WORKER})(${JSON.stringify(account)})`;
  type Counts = { deals: number; activities: number; lastGoodReadAt: number | null; currentUserId: string | null };
  if (extensionPage) return extensionPage.evaluate<Counts>(expression);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // Plain JavaScript text: the function runs in the service worker, and tsx (used by `npm run demo`)
  // would otherwise wrap inner functions in a helper that does not exist there.
  return worker.evaluate<Counts>(expression);
}

const COUNT_IN_WORKER = `async (origin) => {
  const idb = await new Promise((resolve, reject) => {
    const request = indexedDB.open('sales-pace');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const read = (store, how) => new Promise((resolve, reject) => {
    if (!idb.objectStoreNames.contains(store)) return resolve(undefined);
    const request = how(idb.transaction(store).objectStore(store));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const byAccount = (s) => s.index('account').count(IDBKeyRange.only(origin));
  const deals = (await read('deals', byAccount)) ?? 0;
  const activities = (await read('activities', byAccount)) ?? 0;
  const account = await read('accounts', (s) => s.get(origin));
  idb.close();
  return { deals, activities, lastGoodReadAt: account?.lastGoodReadAt ?? null, currentUserId: account?.currentUserId ?? null };
}`;

/**
 * Waits until the extension has stored a complete read of the account made for `userId` (the CRM user
 * signed in), with at least `minDeals` deals stored.
 */
export async function waitForRead(
  context: BrowserContext,
  crmUrl: string,
  options: { userId: string; minDeals?: number; timeoutMs?: number; extensionPage?: Page },
): Promise<void> {
  const { userId, minDeals = 1, timeoutMs = 30_000, extensionPage } = options;
  const account = new URL(crmUrl).origin;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await storedCounts(context, account, extensionPage);
    if (counts.lastGoodReadAt !== null && counts.currentUserId === userId && counts.deals >= minDeals) return;
    if (Date.now() > deadline) throw new Error(`the extension stored no complete read of ${account} for user ${userId} in ${timeoutMs} ms (${JSON.stringify(counts)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Opens the popup page in a tab (a headless popup cannot be clicked open), at the popup's size. */
export async function openPopup(context: BrowserContext, extensionId: string, options: { lang?: string; role?: string } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 380, height: 600 });
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  if (options.lang) await page.getByTestId('language').selectOption(options.lang);
  if (options.role) {
    const picker = page.getByTestId('role-picker');
    await picker.waitFor();
    await picker.selectOption(options.role);
  }
  return page;
}
