// The popup's Team, Week, Month and Report tabs in a real Chromium over the demo CRM, checked against what the generator says is true.
import { expect, test as base, type BrowserContext } from '@playwright/test';
import { startDemoCrm, type DemoCrm } from '../demo-crm/server';
import { launchWithExtension } from '../support/browser';
import { openPopup, signInAs, waitForRead } from '../support/demo-session';
import { PINNED_NOW } from '../support/pinned';

// Daily calls of the role presets (DOMAIN.md and the product spec).
const CALLS_PRESET = { cold_caller: 80, account_manager: 40, closer: 30 } as const;

const test = base.extend<{}, { crm: DemoCrm; ext: { context: BrowserContext; extensionId: string } }>({
  crm: [
    async ({}, use) => {
      const crm = await startDemoCrm({ now: PINNED_NOW });
      await use(crm);
      await crm.close();
    },
    { scope: 'worker' },
  ],
  ext: [
    async ({}, use) => {
      const launched = await launchWithExtension({ headless: true });
      await launched.context.clock.setFixedTime(PINNED_NOW);
      await use(launched);
      await launched.context.close();
    },
    { scope: 'worker' },
  ],
});

test('the head\'s Team flags exactly the managers the generator made behind plan and silent, with their stalled counts', async ({ crm, ext }) => {
  const { context, extensionId } = ext;
  const managers = Object.entries(crm.data.truth.managers);
  await signInAs(context, crm.url, crm.data.truth.headId);
  const board = await context.newPage();
  await board.goto(crm.url);
  await waitForRead(context, crm.url, { userId: crm.data.truth.headId, minDeals: crm.data.deals.length });

  const popup = await openPopup(context, extensionId, { lang: 'en' });
  // The head owns no deals: the popup opens on Team.
  await expect(popup.getByRole('tab', { name: 'Team' })).toHaveAttribute('aria-selected', 'true');
  const rows = popup.getByTestId('team').locator('tbody tr');
  await expect(rows).toHaveCount(managers.length);
  // The generator's own bookkeeping, never recomputed with our code.
  expect(managers.some(([, m]) => m.behindPlan)).toBe(true);
  expect(managers.some(([, m]) => m.silent)).toBe(true);
  for (const [managerId, truth] of managers) {
    const row = popup.locator(`tr[data-manager-id="${managerId}"]`);
    await expect(row, truth.name).toContainText(truth.name);
    await expect(row.getByTestId('team-stalled'), `${truth.name}: stalled`).toHaveText(String(truth.stalledDealIds.length));
    if (truth.behindPlan) await expect(row, `${truth.name}: behind plan`).toHaveAttribute('data-status', 'red');
    else await expect(row, `${truth.name}: not behind plan`).not.toHaveAttribute('data-status', 'red');
    await expect(row.getByTestId('flag-silent'), `${truth.name}: stopped calling`).toHaveCount(truth.silent ? 1 : 0);
  }
  // Red rows first.
  const firstId = await rows.first().getAttribute('data-manager-id');
  expect(crm.data.truth.managers[firstId ?? '']?.behindPlan).toBe(true);
  // The silent manager stopped two hours before now (13:30); the flag says since when.
  const [silentId] = managers.find(([, m]) => m.silent) ?? [];
  await expect(popup.locator(`tr[data-manager-id="${silentId}"]`).getByTestId('flag-silent')).toContainText(/no calls since \d{1,2}:\d{2} PM/);

  // A click opens that manager's day; the way back returns to the table.
  await popup.locator(`tr[data-manager-id="${silentId}"]`).click();
  await expect(popup.getByTestId('who')).toContainText(crm.data.truth.managers[silentId ?? '']?.name ?? '?');
  await expect(popup.getByTestId('my-day')).toBeVisible();
  await popup.getByTestId('back-to-team').click();
  await expect(rows).toHaveCount(managers.length);

  // 380 px wide: the table fits without a horizontal scrollbar.
  const scroll = popup.getByTestId('team-scroll');
  expect(await scroll.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await popup.close();
  await board.close();
});

test('a manager\'s Week and Month show plan vs fact with a chart, and the report copies their name and today\'s calls', async ({ crm, ext }) => {
  const { context, extensionId } = ext;
  const [managerId, truth] = Object.entries(crm.data.truth.managers).find(([, m]) => m.role === 'cold_caller') ?? [];
  if (!managerId || !truth) throw new Error('the demo team has no cold caller');
  await signInAs(context, crm.url, managerId);
  const board = await context.newPage();
  await board.goto(crm.url);
  await waitForRead(context, crm.url, { userId: managerId, minDeals: crm.data.deals.filter((d) => d.ownerId === managerId).length });
  const popup = await openPopup(context, extensionId, { lang: 'en', role: truth.role });
  await expect(popup.getByTestId('who')).toContainText(truth.name);

  // Week of 16–22 November 2026: five working days; the preset's 80 calls a day.
  await popup.getByRole('tab', { name: 'Week' }).click();
  const week = popup.getByTestId('period-week');
  await expect(week).toHaveAttribute('data-working-days', '5');
  await expect(week.getByTestId('kpi-calls')).toHaveAttribute('data-plan', String(5 * CALLS_PRESET[truth.role]));
  await expect(week.getByTestId('chart').locator('svg')).toBeVisible();
  await expect(week.getByTestId('chart')).toHaveAttribute('data-days', '7');
  await expect(week.locator('[data-date="2026-11-18"]')).toHaveAttribute('data-fact', String(truth.today.calls));

  // November 2026: 21 weekdays less 4 November (a public holiday).
  await popup.getByRole('tab', { name: 'Month' }).focus();
  await popup.keyboard.press('Enter');
  const month = popup.getByTestId('period-month');
  await expect(month).toHaveAttribute('data-working-days', '20');
  await expect(month.getByTestId('kpi-calls')).toHaveAttribute('data-plan', String(20 * CALLS_PRESET[truth.role]));
  await expect(month.getByTestId('chart')).toHaveAttribute('data-days', '30');
  await expect(month.locator('[data-date="2026-11-04"]')).toHaveAttribute('data-day-off', 'true');
  await expect(month.getByTestId('chart').locator('svg')).toBeVisible();

  // Report is the last tab: End reaches it from the focused tablist.
  await popup.keyboard.press('End');
  await expect(popup.getByRole('tab', { name: 'Report' })).toHaveAttribute('aria-selected', 'true');
  const text = popup.getByTestId('report-text');
  await expect(text).toHaveValue(new RegExp(`^Report for November 18 — ${truth.name}\\nCalls: ${truth.today.calls} / ${CALLS_PRESET[truth.role]} [✓✗]`));
  // Playwright cannot grant clipboard-read to an extension origin, so what reaches the real writeText is noted on the way.
  await popup.evaluate(() => {
    const clipboard = navigator.clipboard;
    const write = clipboard.writeText.bind(clipboard);
    const log: string[] = [];
    Object.assign(window, { copiedTexts: log });
    clipboard.writeText = (data: string) => {
      log.push(data);
      return write(data);
    };
  });
  await popup.getByRole('button', { name: 'Copy' }).click();
  // "Copied" only once the browser's own writeText has resolved.
  await expect(popup.getByTestId('report-status')).toHaveText('✓ Copied');
  const copied = await popup.evaluate(() => (window as unknown as { copiedTexts: string[] }).copiedTexts.join('\n---\n'));
  expect(copied).toContain(truth.name);
  expect(copied).toContain(`Calls: ${truth.today.calls} / ${CALLS_PRESET[truth.role]}`);
  expect(copied).toBe(await text.inputValue());
  // And it is on the clipboard: pasted into an empty field, the same text comes back.
  await popup.evaluate(() => {
    const field = document.createElement('textarea');
    field.id = 'paste-here';
    document.body.append(field);
  });
  await popup.locator('#paste-here').focus();
  await popup.keyboard.press('ControlOrMeta+V');
  await expect(popup.locator('#paste-here')).toHaveValue(copied);
  await popup.close();
  await board.close();
});
