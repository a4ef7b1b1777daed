// Steps shared by the e2e tests, the demo and the bench: sign in to the demo CRM, wait for our read, open the popup.
import type { BrowserContext, Page } from '@playwright/test';

export async function signInAs(context: BrowserContext, crmUrl: string, userId: string): Promise<void> {
  await context.addCookies([{ name: 'demo_user', value: userId, url: crmUrl }]);
}

/** Counts what the extension stored for an account, straight from IndexedDB in the service worker. */
export async function storedCounts(context: BrowserContext, account: string): Promise<{ deals: number; activities: number; lastGoodReadAt: number | null; currentUserId: string | null }> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return worker.evaluate(async (origin: string) => {
    const idb: IDBDatabase = await new Promise((resolve, reject) => {
      const request = indexedDB.open('sales-pace');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const count = (store: string) =>
      new Promise<number>((resolve, reject) => {
        if (!idb.objectStoreNames.contains(store)) return resolve(0);
        const request = idb.transaction(store).objectStore(store).index('account').count(IDBKeyRange.only(origin));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const account = await new Promise<{ lastGoodReadAt: number | null; currentUserId: string | null } | undefined>((resolve, reject) => {
      if (!idb.objectStoreNames.contains('accounts')) return resolve(undefined);
      const request = idb.transaction('accounts').objectStore('accounts').get(origin);
      request.onsuccess = () => resolve(request.result as { lastGoodReadAt: number | null; currentUserId: string | null } | undefined);
      request.onerror = () => reject(request.error);
    });
    const result = { deals: await count('deals'), activities: await count('activities'), lastGoodReadAt: account?.lastGoodReadAt ?? null, currentUserId: account?.currentUserId ?? null };
    idb.close();
    return result;
  }, account);
}

/**
 * Waits until the extension has stored a complete read of the account made for `userId` (the CRM user
 * signed in), with at least `minDeals` deals stored.
 */
export async function waitForRead(context: BrowserContext, crmUrl: string, options: { userId: string; minDeals?: number; timeoutMs?: number }): Promise<void> {
  const { userId, minDeals = 1, timeoutMs = 30_000 } = options;
  const account = new URL(crmUrl).origin;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await storedCounts(context, account);
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
