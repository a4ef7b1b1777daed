// On the CRM page: stalled badges on exactly the stalled cards, the widget with the popup's numbers, nothing broken.
import { expect, test as base, type BrowserContext } from '@playwright/test';
import { startDemoCrm, type DemoCrm } from '../demo-crm/server';
import { launchWithExtension } from '../support/browser';
import { openPopup, signInAs, waitForRead } from '../support/demo-session';

const test = base.extend<{}, { crm: DemoCrm; ext: { context: BrowserContext; extensionId: string } }>({
  crm: [
    async ({}, use) => {
      // Real time here: the overlay's figures come from the service worker, whose clock a test cannot pin.
      const crm = await startDemoCrm({ now: new Date() });
      await use(crm);
      await crm.close();
    },
    { scope: 'worker' },
  ],
  ext: [
    async ({}, use) => {
      const launched = await launchWithExtension({ headless: true });
      await use(launched);
      await launched.context.close();
    },
    { scope: 'worker' },
  ],
});

test('badges sit on exactly the stalled cards and the widget shows the popup\'s calls left', async ({ crm, ext }) => {
  const { context, extensionId } = ext;
  const [managerId, truth] = Object.entries(crm.data.truth.managers).find(([, m]) => m.role === 'cold_caller')!;
  await signInAs(context, crm.url, managerId);
  const errors: string[] = [];
  const board = await context.newPage();
  board.on('pageerror', (error) => errors.push(error.message));
  // Every pipeline board of this manager, so every stalled card is on screen once.
  const stalledSeen = new Set<string>();
  for (const pipeline of crm.data.pipelines) {
    await board.goto(`${crm.url}/leads/pipeline/${pipeline.id}`);
    await waitForRead(context, crm.url, { userId: managerId });
    const onThisBoard = crm.data.deals.filter((d) => d.ownerId === managerId && d.pipelineId === pipeline.id && truth.stalledDealIds.includes(d.id));
    await expect(board.locator('sales-pace-badge')).toHaveCount(onThisBoard.length);
    const ids = await board.locator('sales-pace-badge').evaluateAll((badges) => badges.map((b) => b.closest('[data-id]')?.getAttribute('data-id')));
    expect(ids.sort()).toEqual(onThisBoard.map((d) => d.id).sort());
    ids.forEach((id) => id && stalledSeen.add(id));
  }
  expect([...stalledSeen].sort()).toEqual([...truth.stalledDealIds].sort());

  const widget = board.locator('sales-pace-widget');
  await expect(widget).toBeVisible();
  const popup = await openPopup(context, extensionId, { lang: 'en' });
  await expect(popup.getByTestId('my-day')).toBeVisible();
  const callsLeft = popup.getByTestId('calls-left');
  await board.bringToFront();
  if ((await callsLeft.count()) > 0) {
    const left = Number(await callsLeft.getAttribute('data-value'));
    await expect(widget).toContainText(left > 0 ? new RegExp(`^${left} call`) : /Call target reached/);
    // The toolbar badge says the same number.
    const worker = context.serviceWorkers()[0]!;
    await expect.poll(() => worker.evaluate('chrome.action.getBadgeText({})')).toBe(String(left));
  } else {
    // A weekend: no targets in the popup, and the widget says so too.
    await expect(widget).toContainText('Day off');
  }
  expect(errors).toEqual([]);
});

test('a card dragged to another stage keeps the board working and its badge follows the card', async ({ crm, ext }) => {
  const { context } = ext;
  const [managerId, truth] = Object.entries(crm.data.truth.managers).find(([, m]) => m.stalledDealIds.length > 0)!;
  await signInAs(context, crm.url, managerId);
  const board = await context.newPage();
  const stalledId = truth.stalledDealIds[0]!;
  const deal = crm.data.deals.find((d) => d.id === stalledId)!;
  const fromStage = deal.stageId; // the server changes `deal` in place when the card moves
  await board.goto(`${crm.url}/leads/pipeline/${deal.pipelineId}`);
  await waitForRead(context, crm.url, { userId: managerId });
  const card = board.locator(`.lead-card[data-id="${stalledId}"]`);
  await expect(card.locator('sales-pace-badge')).toHaveCount(1);
  const target = board.locator(`.kanban__column[data-stage-kind="open"]:not([data-stage-id="${fromStage}"]) .kanban__cards`).first();
  await card.dragTo(target);
  // The CRM moved the card (its own drag and drop still works) and the server knows it.
  await expect(target.locator(`.lead-card[data-id="${stalledId}"]`)).toHaveCount(1);
  await expect.poll(() => crm.data.deals.find((d) => d.id === stalledId)?.stageId).not.toBe(fromStage);
  // Moved into a new stage today, it is no longer stalled: once re-read, its badge goes.
  await expect(board.locator(`.lead-card[data-id="${stalledId}"] sales-pace-badge`)).toHaveCount(0, { timeout: 20_000 });
});
