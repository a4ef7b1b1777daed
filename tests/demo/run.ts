// `npm run demo`: the built extension in a real Chromium on the bundled demo CRM.
// `npm run demo -- --headless --shots DIR` visits the board as a manager and as the head, saves PNGs and exits.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { startDemoCrm } from '../demo-crm/server';
import { launchWithExtension } from '../support/browser';
import { openPopup, signInAs, waitForRead } from '../support/demo-session';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    shots: { type: 'string' },
    port: { type: 'string', default: '0' },
    lang: { type: 'string', default: 'ru' },
  },
});

// The demo team's data is generated for this moment; the extension runs on the same real clock.
const crm = await startDemoCrm({ port: Number(values.port), now: new Date() });
const { context, extensionId } = await launchWithExtension({ headless: values.headless });
const { data } = crm;
const manager = Object.entries(data.truth.managers)[0];
if (!manager) throw new Error('the demo team has no managers');
const [managerId, managerTruth] = manager;
console.log(`Demo CRM: ${crm.url}  (signed in as ${managerTruth.name})`);
console.log(`Popup:    chrome-extension://${extensionId}/popup.html  (or click the toolbar icon)`);

async function shoot(page: Page, name: string) {
  if (!values.shots) return;
  const file = join(resolve(values.shots), `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`saved ${file}`);
}

if (values.shots) mkdirSync(resolve(values.shots), { recursive: true });

// The UI language first (the overlay on the CRM page speaks it too).
await (await openPopup(context, extensionId, { lang: values.lang })).close();
const board = context.pages()[0] ?? (await context.newPage());
await signInAs(context, crm.url, managerId);
await board.goto(`${crm.url}/`);
await waitForRead(context, crm.url, { userId: managerId });

if (!values.headless) {
  console.log('Chromium is open. Switch users in the demo CRM header; close the window to stop.');
  await new Promise<void>((done) => context.on('close', () => done()));
  await crm.close();
  process.exit(0);
}

// The overlay (stalled badges, progress widget) is drawn once the background has the figures.
await board.locator('sales-pace-widget').waitFor({ timeout: 15_000 });
// Bring a stalled card with its badge into view (stalled deals are the older ones, low in their column).
await board.locator('sales-pace-badge').first().scrollIntoViewIfNeeded().catch(() => undefined);
await shoot(board, 'crm-manager');
const popup = await openPopup(context, extensionId, { lang: values.lang, role: managerTruth.role });
await shoot(popup, 'popup-manager');
// The month's lost deals and funnel, unfolded, as one tall picture of the popup's width.
await popup.getByRole('tab', { name: /Месяц|Month/ }).click();
for (const id of ['lost', 'funnel']) await popup.locator(`details[data-testid="${id}"] > summary`).click();
await popup.getByTestId('funnel').scrollIntoViewIfNeeded();
await shoot(popup, 'popup-month-deals');
await popup.close();

await signInAs(context, crm.url, data.truth.headId);
await board.reload();
await waitForRead(context, crm.url, { userId: data.truth.headId, minDeals: data.deals.length });
await board.locator('sales-pace-widget').waitFor({ timeout: 15_000 });
await shoot(board, 'crm-head');
const headPopup = await openPopup(context, extensionId, { lang: values.lang });
await headPopup.getByRole('tab', { name: /Команда|Team/ }).click();
// Team is computed in a worker; shoot the table, not its "reading" placeholder.
await headPopup.locator('[data-testid="team"] tbody tr').first().waitFor({ timeout: 30_000 });
await shoot(headPopup, 'popup-head-team');

const options = await context.newPage();
await options.setViewportSize({ width: 1100, height: 820 });
await options.goto(`chrome-extension://${extensionId}/options.html`);
await options.getByText(managerTruth.name).first().waitFor();
await shoot(options, 'options-team');
for (const id of ['targets', 'calendar']) await options.locator(`details[data-testid="${id}"] > summary`).click();
await options.getByTestId('targets').scrollIntoViewIfNeeded();
await shoot(options, 'options-targets');
await options.getByTestId('calendar').scrollIntoViewIfNeeded();
await shoot(options, 'options-calendar');
for (const section of ['stages', 'notices', 'sites']) {
  await options.goto(`chrome-extension://${extensionId}/options.html#${section}`);
  await options.reload();
  await options.getByTestId(`section-${section}`).waitFor();
  await shoot(options, `options-${section}`);
}

await context.close();
await crm.close();
