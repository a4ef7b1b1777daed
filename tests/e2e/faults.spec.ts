// Faults in a real Chromium: the service worker stopped mid-read, the CRM refusing its API, the disk full.
// Nothing stored is lost, the CRM page keeps working, and the popup says what failed.
import { expect, test } from '@playwright/test';
import { startDemoCrm } from '../demo-crm/server';
import { launchWithExtension } from '../support/browser';
import { openPopup, signInAs, storedCounts, waitForRead } from '../support/demo-session';

test('the service worker stopped again and again during a read: the database stays consistent and the next read completes it', async () => {
  test.setTimeout(90_000);
  const crm = await startDemoCrm({ now: new Date() });
  const { context, extensionId } = await launchWithExtension({ headless: true });
  const head = crm.data.truth.headId;
  await signInAs(context, crm.url, head);
  const board = await context.newPage();
  const pageErrors: string[] = [];
  board.on('pageerror', (error) => pageErrors.push(error.message));
  const cdp = await context.newCDPSession(board);
  await cdp.send('ServiceWorker.enable');

  // Stop our service worker every 150 ms while the first read is under way (reading, validating, storing).
  let stopping = true;
  const stopper = (async () => {
    while (stopping) {
      await cdp.send('ServiceWorker.stopAllWorkers').catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  })();
  await board.goto(crm.url);
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  stopping = false;
  await stopper;

  // Whatever was stored is whole: never more rows than the CRM has, never a deal from nowhere.
  const extensionPage = await context.newPage();
  await extensionPage.goto(`chrome-extension://${extensionId}/popup.html`);
  const during = await storedCounts(context, crm.url, extensionPage);
  expect(during.deals === 0 || during.deals === crm.data.deals.length).toBe(true);
  expect(during.activities).toBeLessThanOrEqual(crm.data.activities.length);

  // The next read (the user reloads, or navigates) completes the work.
  // (Counted through an extension page: the service worker handle Playwright had may be the stopped one.)
  await board.reload();
  await waitForRead(context, crm.url, { userId: head, minDeals: crm.data.deals.length, extensionPage });
  await expect.poll(async () => (await storedCounts(context, crm.url, extensionPage)).activities, { timeout: 30_000 }).toBe(crm.data.activities.length);
  expect((await storedCounts(context, crm.url, extensionPage)).deals).toBe(crm.data.deals.length);
  expect(pageErrors).toEqual([]);
  await context.close();
  await crm.close();
});

test('the CRM answers 401: the popup says which CRM and what failed, and the last good figures stay visible', async () => {
  test.setTimeout(60_000);
  const crm = await startDemoCrm({ now: new Date() });
  const { context, extensionId } = await launchWithExtension({ headless: true });
  const [managerId] = Object.keys(crm.data.truth.managers);
  await signInAs(context, crm.url, managerId!);
  const board = await context.newPage();
  await board.goto(crm.url);
  await waitForRead(context, crm.url, { userId: managerId! });
  const before = await storedCounts(context, crm.url);

  // Signed out in another tab: the API refuses; the page still shows the board.
  await context.route(`${crm.url}/api/**`, (route) => route.fulfill({ status: 401, json: { title: 'Unauthorized' } }));
  await board.reload();
  const popup = await openPopup(context, extensionId, { lang: 'en' });
  const problems = popup.getByTestId('problems');
  await expect(problems).toContainText('Demo CRM');
  await expect(problems).toContainText('401');
  // Nothing stored before was lost.
  const after = await storedCounts(context, crm.url);
  expect(after.deals).toBe(before.deals);
  expect(after.activities).toBe(before.activities);
  await expect(popup.getByTestId('stalled')).toBeVisible();
  await context.close();
  await crm.close();
});

test('the disk is full: the popup says what the browser said, the CRM page keeps working, nothing stored is lost', async () => {
  test.setTimeout(60_000);
  const crm = await startDemoCrm({ now: new Date() });
  const { context, extensionId, serviceWorker } = await launchWithExtension({ headless: true });
  const [managerId] = Object.keys(crm.data.truth.managers);
  await signInAs(context, crm.url, managerId!);
  const board = await context.newPage();
  const pageErrors: string[] = [];
  board.on('pageerror', (error) => pageErrors.push(error.message));
  await board.goto(crm.url);
  await waitForRead(context, crm.url, { userId: managerId! });
  const before = await storedCounts(context, crm.url);

  // From now on every IndexedDB write in the service worker fails as a full disk makes it fail.
  await serviceWorker.evaluate(
    "IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }",
  );
  const deal = crm.data.deals.find((d) => d.ownerId === managerId)!;
  deal.title = `${deal.title} (изменено)`;
  deal.updatedAt = Date.now();
  await board.reload();

  const popup = await openPopup(context, extensionId, { lang: 'en' });
  await expect(popup.getByTestId('storage-error')).toContainText('QuotaExceededError: The quota has been exceeded.');
  const after = await storedCounts(context, crm.url);
  expect(after.deals).toBe(before.deals);
  expect(after.activities).toBe(before.activities);
  await expect(board.locator('.lead-card').first()).toBeVisible();
  expect(pageErrors).toEqual([]);
  await context.close();
  await crm.close();
});
