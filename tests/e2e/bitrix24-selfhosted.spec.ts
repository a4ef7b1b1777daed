// A self-hosted Bitrix24 on the company's own domain: its host names no CRM, so the popup recognises the portal by
// its page (scripts from /bitrix/js/) and the user enables it in Settings → Sites; then it is read as Bitrix24.
import { expect, test } from '@playwright/test';
import { MANAGER, SESSID } from '../fixtures/bitrix24/fake-api';
import { EXTENSION_DIR, launchWithExtension, pinExtensionClock } from '../support/browser';
import { KANBAN_PATH, servePortal } from '../support/bitrix24-portal';
import { openPopup, waitForRead } from '../support/demo-session';

const ORIGIN = 'https://crm.acme-corp.ru';
// The fixture portal's moment (tests/fixtures/bitrix24/README.md), as in bitrix24.spec.ts.
const NOW = new Date('2026-03-12T09:00:00Z');

test('self-hosted Bitrix24: recognised by its page, enabled in Settings, read through its REST like the cloud', async () => {
  test.setTimeout(90_000);
  const { context, extensionId, serviceWorker } = await launchWithExtension({ headless: true, extensionDir: `${EXTENSION_DIR}-e2e` });
  await pinExtensionClock(serviceWorker, NOW);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const portal = await servePortal(context, ORIGIN, () => MANAGER);

  const board = await context.newPage();
  await board.goto(`${ORIGIN}${KANBAN_PATH}`);
  await context.clock.setFixedTime(NOW);

  // The popup over the portal: its host says nothing, its page says Bitrix.
  const popup = await openPopup(context, extensionId, { lang: 'en' });
  await expect(popup.getByTestId('enable-site')).toContainText('Bitrix24 · crm.acme-corp.ru');
  await popup.close();
  // Nothing is read before the user enables it.
  expect(portal.rest).toEqual([]);

  // Settings → Sites → Bitrix24 on your own server.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#sites`);
  const form = options.getByTestId('self-hosted');
  await form.getByLabel('Portal address').fill('http://crm.acme-corp.ru');
  await form.getByRole('button', { name: 'Enable' }).click();
  await expect(form.getByRole('alert')).toContainText('Only https addresses');
  expect(portal.rest).toEqual([]);
  await form.getByLabel('Portal address').fill(`${ORIGIN}${KANBAN_PATH}`);
  await form.getByRole('button', { name: 'Enable' }).click();
  await expect(form.getByTestId('self-hosted-status')).toContainText(`Enabled: ${ORIGIN}`);
  const row = options.locator(`[data-testid="site"][data-origin="${ORIGIN}"]`);
  await expect(row).toContainText('Bitrix24');
  await expect(row).toContainText('Allowed');

  // The open tab is read at once, through the portal's REST with the page's sessid, as Дмитрий Орлов's 15 deals.
  await waitForRead(context, ORIGIN, { userId: MANAGER, minDeals: 15 });
  expect(portal.rest.length).toBeGreaterThan(0);
  expect(portal.rest.filter((call) => call.sessid !== SESSID)).toEqual([]);

  // And read again, as Bitrix24, when the page is opened anew (the registered reader picks the adapter by the site).
  const before = portal.rest.length;
  await board.reload();
  await expect.poll(() => portal.rest.length, { timeout: 20_000 }).toBeGreaterThan(before);

  const day = await openPopup(context, extensionId, { lang: 'en' });
  await day.getByTestId('role-picker').selectOption('cold_caller');
  await expect(day.getByTestId('who')).toContainText('Дмитрий Орлов · crm');
  // The same single 95 s call of bitrix24.spec.ts.
  await expect(day.getByTestId('calls-done')).toHaveText('1 / 80');

  const elsewhere = requests.filter((url) => !url.startsWith(`${ORIGIN}/`) && !url.startsWith(`chrome-extension://${extensionId}/`));
  expect(elsewhere).toEqual([]);
  await context.close();
});
