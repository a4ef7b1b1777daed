// The generic adapter in a real Chromium: the demo CRM's /alt/deals list (a bare table no built-in adapter reads)
// configured in Options → Sites with a live preview, then read into the store and shown in the popup,
// checked against what the demo data generator says is true.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test as base, type BrowserContext } from '@playwright/test';
import { startDemoCrm, type DemoCrm } from '../demo-crm/server';
import { idFromName } from '../../lib/adapters/generic';
import { EXTENSION_DIR, launchWithExtension } from '../support/browser';
import { openPopup, signInAs, storedCounts, waitForRead } from '../support/demo-session';
import { PINNED_NOW } from '../support/pinned';

const LABEL = 'Demo list';
const PREVIEW_ROWS = 20;

const test = base.extend<{}, { crm: DemoCrm; ext: { context: BrowserContext; extensionId: string } }>({
  crm: [
    async ({}, use) => {
      // The demo's own adapter runs on every loopback page too. With its API off it falls back to reading a kanban,
      // which /alt/deals does not have: it stores no deals there, so every deal counted below comes from the generic read.
      const crm = await startDemoCrm({ now: PINNED_NOW, failApi: true });
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

test('a list no adapter knows: configured with a live preview, read after saving, shown in the popup', async ({ crm, ext }) => {
  const { context, extensionId } = ext;
  const managers = Object.entries(crm.data.truth.managers);
  const [managerId, truth] = managers.find(([, m]) => m.role === 'closer') ?? managers[0]!;
  const own = crm.data.deals.filter((d) => d.ownerId === managerId).sort((a, b) => Number(a.id) - Number(b.id));
  expect(own.length).toBeGreaterThan(PREVIEW_ROWS);
  await signInAs(context, crm.url, managerId);

  // The CRM page is open in a tab, as the preview needs.
  const list = await context.newPage();
  await list.goto(`${crm.url}/alt/deals`);
  await expect(list.locator('#deals tbody tr')).toHaveCount(own.length);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#sites`);
  const section = options.getByTestId('generic-crm');
  const fill = (field: string, value: string) => section.getByTestId(`generic-${field}`).fill(value);
  await fill('origin', crm.url);
  await fill('pathPrefix', '/alt/deals');
  await fill('label', LABEL);
  await fill('card', '#deals tbody tr');
  await fill('title', 'td:nth-child(1)');
  await fill('client', 'td:nth-child(2)');
  await fill('stage', 'td:nth-child(3)');
  await fill('amount', 'td:nth-child(4)');
  await fill('owner', 'td:nth-child(5)');
  await fill('currentUser', '#whoami');
  const stages = crm.data.pipelines.flatMap((p) => p.stages);
  await fill('wonStages', [...new Set(stages.filter((s) => s.kind === 'won').map((s) => s.name))].join(', '));
  await fill('lostStages', [...new Set(stages.filter((s) => s.kind === 'lost').map((s) => s.name))].join(', '));

  // Live preview: the first cards of the open tab, exactly the generator's first deals of this user.
  await section.getByTestId('generic-run-preview').click();
  const preview = options.getByTestId('generic-preview');
  await expect(preview).toHaveAttribute('data-count', String(own.length));
  const rows = preview.getByTestId('preview-row');
  await expect(rows).toHaveCount(PREVIEW_ROWS);
  const first = own.slice(0, PREVIEW_ROWS);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-deal-id')))).toEqual(first.map((d) => `/leads/detail/${d.id}`));
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent))).toEqual(first.map((d) => d.title));
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-amount]')?.getAttribute('data-amount')))).toEqual(
    first.map((d) => String(d.amount ?? '')),
  );
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-skipped')))).toEqual(first.map(() => null));
  await expect(preview.getByTestId('generic-preview-user')).toContainText(truth.name);

  // Saving a loopback site needs no permission; the page is read with the configuration from its next load.
  await section.getByTestId('generic-save').click();
  await expect(section.getByTestId('generic-notice')).toBeVisible();
  await expect(section.getByTestId('generic-config')).toHaveCount(1);
  await list.close();

  const reread = await context.newPage();
  await reread.goto(`${crm.url}/alt/deals`);
  await waitForRead(context, crm.url, { userId: idFromName(truth.name), minDeals: own.length });
  expect((await storedCounts(context, crm.url)).deals).toBe(own.length);

  const popup = await openPopup(context, extensionId, { lang: 'en' });
  await expect(popup.getByTestId('who')).toContainText(truth.name);
  await expect(popup.getByTestId('who')).toContainText(LABEL);
});

test('an https site: the preview runs the selectors through executeScript, saving enables the site and reads its open tab', async () => {
  // The e2e build (npm run test:e2e builds it) holds the permission for the fixture host, as a user's click would grant it.
  const { context, extensionId } = await launchWithExtension({ headless: true, extensionDir: `${EXTENSION_DIR}-e2e` });
  try {
    const origin = 'https://acme.amocrm.ru';
    // The amoCRM board fixture, with the signed-in user's name where a page would show it; its cards show no owner.
    const board = readFileSync(join(import.meta.dirname, '../fixtures/amocrm/pipeline.html'), 'utf8').replace(
      '<body class="page-loaded">',
      '<body class="page-loaded"><div class="n-avatar"><span class="user-name">Ирина Ковалёва</span></div>',
    );
    await context.route(`${origin}/**`, (route) =>
      new URL(route.request().url()).pathname.startsWith('/api/')
        ? route.fulfill({ status: 404, json: {} })
        : route.fulfill({ contentType: 'text/html; charset=utf-8', body: board }),
    );
    const tab = await context.newPage();
    await tab.goto(`${origin}/leads/pipeline/7001001/`);

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html#sites`);
    const section = options.getByTestId('generic-crm');
    const fill = (field: string, value: string) => section.getByTestId(`generic-${field}`).fill(value);
    await fill('origin', origin);
    await fill('pathPrefix', '/leads/');
    await fill('label', 'amo by hand');
    await fill('card', '.pipeline_leads__item:not(.pipeline-unsorted__item)');
    await fill('title', 'a.pipeline_leads__title-text');
    await fill('amount', '.pipeline_leads__note');
    await fill('column', '.pipeline_status');
    await fill('columnTitle', '.pipeline_status__head_title');
    await fill('currentUser', '.user-name');
    await fill('idAttribute', 'data-id');

    await section.getByTestId('generic-run-preview').click();
    const preview = options.getByTestId('generic-preview');
    await expect(preview).toHaveAttribute('data-count', '4');
    expect(await preview.getByTestId('preview-row').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-deal-id'), tr.children[2]?.textContent]))).toEqual([
      ['31000002', 'Первичный контакт'],
      ['31000010', 'Первичный контакт'],
      ['31000001', 'Переговоры'],
      ['31000007', 'Переговоры'],
    ]);

    await section.getByTestId('generic-save').click();
    await expect(section.getByTestId('generic-config')).toHaveCount(1);
    // Enabled like a built-in CRM: listed among the sites, and the open tab is read without a reload.
    await expect(options.locator(`[data-testid="site"][data-origin="${origin}"]`)).toHaveCount(1);
    await waitForRead(context, origin, { userId: idFromName('Ирина Ковалёва'), minDeals: 4 });
    expect((await storedCounts(context, origin)).deals).toBe(4);
  } finally {
    await context.close();
  }
});
