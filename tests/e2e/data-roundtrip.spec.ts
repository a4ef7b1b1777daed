// Nothing lost: export → wipe → import in the options page gives back the very same bytes and the same popup figures; a bad file changes nothing.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { startDemoCrm } from '../demo-crm/server';
import { launchWithExtension } from '../support/browser';
import { openPopup, signInAs, storedCounts, waitForRead } from '../support/demo-session';
import { PINNED_NOW } from '../support/pinned';

/** What My day shows, as text and attributes, to compare before and after. */
async function popupFigures(popup: Page) {
  await expect(popup.getByTestId('my-day')).toBeVisible();
  return {
    who: await popup.getByTestId('who').textContent(),
    callsLeft: await popup.getByTestId('calls-left').getAttribute('data-value'),
    callsDone: await popup.getByTestId('calls-done').textContent(),
    stalled: await popup.getByTestId('stalled').getAttribute('data-count'),
    kpis: await popup.locator('[data-testid^="kpi-"]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-testid')} ${item.getAttribute('data-fact')}/${item.getAttribute('data-plan')}`)),
  };
}

/** Clicks "Export all as JSON" and returns the file's bytes. */
async function exportJson(options: Page): Promise<Buffer> {
  const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export all as JSON' }).click()]);
  expect(download.suggestedFilename()).toBe('sales-pace-2026-11-18.json');
  return readFile(await download.path());
}

test('export, wipe and import give back the same bytes and the same figures; a bad file is refused and changes nothing', async () => {
  test.setTimeout(90_000);
  const crm = await startDemoCrm({ now: PINNED_NOW });
  const { context, extensionId } = await launchWithExtension({ headless: true });
  // Extension pages read this clock: both exports carry the same time, so they must be equal byte for byte.
  await context.clock.setFixedTime(PINNED_NOW);
  const [managerId, truth] = Object.entries(crm.data.truth.managers).find(([, m]) => m.role === 'account_manager')!;
  await signInAs(context, crm.url, managerId);
  const board = await context.newPage();
  await board.goto(crm.url);
  await waitForRead(context, crm.url, { userId: managerId, minDeals: crm.data.deals.filter((d) => d.ownerId === managerId).length });
  // No CRM tab from here on: nothing may read again while the data goes and comes back.
  await board.close();

  // The role and the language are settings: they travel in the file too.
  const popup = await openPopup(context, extensionId, { lang: 'en', role: truth.role });
  const before = await popupFigures(popup);
  expect(before.who).toContain(truth.name);
  expect(before.callsLeft).not.toBeNull();
  expect(before.kpis.length).toBeGreaterThan(1);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#data`);
  const account = options.getByTestId(`tracked-${crm.url}`);
  await expect(account.getByTestId('count-deals')).toContainText(String(crm.data.deals.filter((d) => d.ownerId === managerId).length));
  const counts = await storedCounts(context, crm.url, options);
  expect(counts.deals).toBeGreaterThan(0);

  const first = await exportJson(options);
  const file = JSON.parse(first.toString('utf8')) as { format: string; exportedAt: string; tables: Record<string, unknown[]> };
  expect(file.format).toBe('sales-pace-export');
  expect(file.exportedAt).toBe(PINNED_NOW.toISOString());
  expect(file.tables.deals).toHaveLength(counts.deals);
  expect(file.tables.settings).toHaveLength(1);

  // Wipe, with the confirmation.
  await options.getByRole('button', { name: 'Wipe everything…' }).click();
  await options.getByTestId('wipe-confirm').getByRole('button', { name: 'Yes, delete everything' }).click();
  await expect(options.getByTestId('data-outcome')).toHaveText('Everything was deleted.');
  await expect(options.getByTestId('data-settings').getByTestId('empty')).toBeVisible();
  await expect(account).toHaveCount(0);
  expect(await storedCounts(context, crm.url, options)).toEqual({ deals: 0, activities: 0, lastGoodReadAt: null, currentUserId: null });
  // The open popup follows the database: nothing to show.
  await expect(popup.getByTestId('empty')).toBeVisible();
  await expect(popup.getByTestId('my-day')).toHaveCount(0);

  // Import the file that was exported.
  await options.getByTestId('import-file').setInputFiles({ name: 'sales-pace-2026-11-18.json', mimeType: 'application/json', buffer: first });
  await options.getByTestId('import-confirm').getByRole('button', { name: 'Replace all data' }).click();
  await expect(options.getByTestId('data-outcome')).toContainText('Imported.');
  expect(await storedCounts(context, crm.url, options)).toEqual(counts);
  expect((await exportJson(options)).equals(first)).toBe(true);
  expect(await popupFigures(popup)).toEqual(before);

  // Bad files: named, refused, and nothing changes.
  const bad: [string, Buffer, RegExp][] = [
    ['cut-short.json', first.subarray(0, Math.floor(first.length / 2)), /This file is not JSON\. Nothing was changed\./],
    ['other.json', Buffer.from(JSON.stringify({ format: 'other-app', version: 1 })), /This is not a Sales Pace export\. Nothing was changed\./],
    ['tampered.json', Buffer.from(first.toString('utf8').replace('"format": "sales-pace-export"', '"format": "sales-pace-export", "extra": 1').replace(/"currency":"RUB"/, '"currency":"rub"')), /Nothing was changed\./],
  ];
  for (const [name, buffer, message] of bad) {
    await options.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer });
    const outcome = options.getByTestId('data-outcome');
    await expect(outcome, name).toHaveAttribute('role', 'alert');
    await expect(outcome, name).toContainText(message);
    await expect(options.getByTestId('import-confirm'), name).toHaveCount(0);
    expect(await storedCounts(context, crm.url, options), name).toEqual(counts);
    // Clear the message, so the next file's message is its own.
    await options.reload();
  }
  expect((await exportJson(options)).equals(first)).toBe(true);
  expect(await popupFigures(popup)).toEqual(before);
  await context.close();
  await crm.close();
});
