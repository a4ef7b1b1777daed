// The whole path in a real Chromium: demo CRM page → content script → background → Dexie → popup,
// checked against what the demo data generator says is true (never recomputed with the code under test).
import { expect, test as base, type BrowserContext } from '@playwright/test';
import { startDemoCrm, type DemoCrm } from '../demo-crm/server';
import { launchWithExtension } from '../support/browser';
import { openPopup, signInAs, storedCounts, waitForRead } from '../support/demo-session';
import { PINNED_NOW } from '../support/pinned';

// Daily figures of the role presets as DOMAIN.md and the product spec state them.
type Preset = { calls: number; conversations?: number; meetings?: number; wonCount?: number; wonAmount?: number };
const PRESET: Record<'cold_caller' | 'account_manager' | 'closer', Preset> = {
  cold_caller: { calls: 80, conversations: 30 },
  account_manager: { calls: 40, conversations: 20, meetings: 2, wonAmount: 300_000 },
  closer: { calls: 30, meetings: 3, wonCount: 1, wonAmount: 500_000 },
};

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

test('a manager sees today\'s targets, calls left and exactly the stalled deals the generator made', async ({ crm, ext }) => {
  const { context, extensionId } = ext;
  const managers = Object.entries(crm.data.truth.managers);
  const [managerId, truth] = managers.find(([, m]) => m.role === 'account_manager') ?? managers[0]!;
  await signInAs(context, crm.url, managerId);
  const board = await context.newPage();
  await board.goto(crm.url);
  await waitForRead(context, crm.url, { userId: managerId });
  const own = crm.data.deals.filter((d) => d.ownerId === managerId).length;
  expect((await storedCounts(context, crm.url)).deals).toBe(own);

  // The CRM site's own origin got no database of ours (content scripts never open Dexie).
  expect(await board.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);

  const popup = await openPopup(context, extensionId, { lang: 'en', role: truth.role });
  await expect(popup.getByTestId('who')).toContainText(truth.name);
  const preset = PRESET[truth.role];
  const callsLeft = Math.max(0, preset.calls - truth.today.calls);
  await expect(popup.getByTestId('calls-left')).toHaveAttribute('data-value', String(callsLeft));
  await expect(popup.getByTestId('calls-done')).toHaveText(`${truth.today.calls} / ${preset.calls}`);
  if (preset.conversations) {
    await expect(popup.getByTestId('kpi-conversations')).toHaveAttribute('data-fact', String(truth.today.conversations));
    await expect(popup.getByTestId('kpi-conversations')).toHaveAttribute('data-plan', String(preset.conversations));
  }
  if (preset.meetings) await expect(popup.getByTestId('kpi-meetings')).toHaveAttribute('data-fact', String(truth.today.meetings));
  if (preset.wonAmount) {
    await expect(popup.getByTestId('kpi-wonAmount')).toHaveAttribute('data-fact', String(truth.today.wonAmount));
    await expect(popup.getByTestId('kpi-wonAmount')).toHaveAttribute('data-plan', String(preset.wonAmount));
  }

  const stalled = popup.getByTestId('stalled');
  await expect(stalled).toHaveAttribute('data-count', String(truth.stalledDealIds.length));
  if (truth.stalledDealIds.length > 5) await stalled.getByRole('button').click();
  const shownIds = await stalled.locator('li[data-deal-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-deal-id')));
  expect(shownIds.sort()).toEqual([...truth.stalledDealIds].sort());
  // Each stalled deal links into the CRM.
  await expect(stalled.locator('li a').first()).toHaveAttribute('href', new RegExp(`^${crm.url}/leads/detail/\\d+$`));
});

test('every manager\'s figures match the generator, and Russian is one click away', async ({ crm, ext }) => {
  const { context, extensionId } = ext;
  for (const [managerId, truth] of Object.entries(crm.data.truth.managers)) {
    await signInAs(context, crm.url, managerId);
    const board = await context.newPage();
    await board.goto(crm.url);
    await waitForRead(context, crm.url, { userId: managerId, minDeals: crm.data.deals.filter((d) => d.ownerId === managerId).length });
    const popup = await openPopup(context, extensionId, { lang: 'ru', role: truth.role });
    await expect(popup.getByTestId('who')).toContainText(truth.name);
    await expect(popup.getByRole('tab', { name: 'Мой день' })).toBeVisible();
    await expect(popup.getByTestId('calls-done')).toHaveText(new RegExp(`^${truth.today.calls} / ${PRESET[truth.role].calls}$`));
    await expect(popup.getByTestId('stalled')).toHaveAttribute('data-count', String(truth.stalledDealIds.length));
    await popup.close();
    await board.close();
  }
});

test('the head\'s browser stores the whole team, with every owner\'s deals', async ({ crm, ext }) => {
  const { context, extensionId } = ext;
  await signInAs(context, crm.url, crm.data.truth.headId);
  const board = await context.newPage();
  await board.goto(crm.url);
  await waitForRead(context, crm.url, { userId: crm.data.truth.headId, minDeals: crm.data.deals.length });
  expect((await storedCounts(context, crm.url)).deals).toBe(crm.data.deals.length);
  const popup = await openPopup(context, extensionId, { lang: 'en' });
  await popup.getByRole('tab', { name: 'Team' }).click();
  const rows = popup.getByTestId('team').locator('tbody tr');
  await expect(rows).toHaveCount(Object.keys(crm.data.truth.managers).length);
  for (const [managerId, truth] of Object.entries(crm.data.truth.managers)) {
    await expect(popup.locator(`tr[data-manager-id="${managerId}"]`)).toHaveCount(1);
    const row = popup.locator(`tr[data-manager-id="${managerId}"]`);
    await expect(row.getByTestId('team-stalled')).toHaveText(String(truth.stalledDealIds.length));
    // Targets come from the role the CRM position suggests; the calls column is fact/plan.
    await expect(row.getByTestId('team-calls')).toHaveAttribute('data-fact', String(truth.today.calls));
    await expect(row.getByTestId('team-calls')).toHaveAttribute('data-plan', String(PRESET[truth.role].calls));
    if (truth.behindPlan) await expect(row).toHaveAttribute('data-status', 'red');
  }
});
