// amoCRM in a real Chromium: the fixture account served under its real host name, enabled the way a
// user does it (popup → "Enable on this site"), read through the page's session, shown in the popup.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { amocrmAnswer, FakeHttpStatus, HEAD } from '../fixtures/amocrm/fake-api';
import { EXTENSION_DIR, launchWithExtension, pinExtensionClock } from '../support/browser';
import { openPopup, waitForRead } from '../support/demo-session';

const ORIGIN = 'https://acme.amocrm.ru';
const MANAGER = '5001002';
// Wednesday 25 November 2026, 11:30 UTC: the moment the fixture account was "saved" at.
const NOW = new Date('2026-11-25T11:30:00Z');
const USERS: Record<string, { id: number; name: string }> = {
  [HEAD]: { id: 5001001, name: 'Анна Кузнецова' },
  [MANAGER]: { id: 5001002, name: 'Дмитрий Орлов' },
};
const BOARD = readFileSync(join(import.meta.dirname, '../fixtures/amocrm/pipeline.html'), 'utf8');

test('amoCRM: enable the site, read a manager\'s day and then the head\'s team, talking only to the CRM\'s origin', async () => {
  test.setTimeout(90_000);
  const { context, extensionId, serviceWorker } = await launchWithExtension({ headless: true, extensionDir: `${EXTENSION_DIR}-e2e` });
  // The fixtures' moment for the extension too (its reads ask for "the last 5 weeks" and "today").
  await pinExtensionClock(serviceWorker, NOW);
  let signedIn = MANAGER;
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (!url.pathname.startsWith('/api/')) {
      // The board as amoCRM serves it, with the page globals its own scripts define.
      const user = USERS[signedIn]!;
      const globals = `<script>window.APP={constant:function(k){return k==='user'?${JSON.stringify(user)}:k==='account'?{id:29384756,name:'Акме',subdomain:'acme',currency:'RUB'}:undefined}};</script>`;
      return route.fulfill({ contentType: 'text/html; charset=utf-8', body: BOARD.replace('</head>', `${globals}</head>`) });
    }
    try {
      const body = amocrmAnswer(url.pathname + url.search, { userId: signedIn });
      return body === null ? route.fulfill({ status: 204 }) : route.fulfill({ json: body });
    } catch (error) {
      if (error instanceof FakeHttpStatus) return route.fulfill({ status: error.status, json: { title: 'Forbidden', status: error.status } });
      throw error;
    }
  });

  const board = await context.newPage();
  await board.goto(`${ORIGIN}/leads/pipeline/7001001/?filter[main_user][]=${MANAGER}`);
  await context.clock.setFixedTime(NOW);

  // Nothing is read before the user enables the site.
  const popup = await openPopup(context, extensionId, { lang: 'en' });
  const offer = popup.getByTestId('enable-site');
  await expect(offer).toContainText('amoCRM · acme.amocrm.ru');
  expect(requests.filter((url) => url.startsWith(`${ORIGIN}/api/`))).toEqual([]);
  await offer.getByRole('button', { name: 'Enable on this site' }).click();
  await expect(offer).toHaveAttribute('data-state', 'enabled');
  await waitForRead(context, ORIGIN, { userId: MANAGER });

  await popup.getByTestId('role-picker').selectOption('cold_caller');
  await expect(popup.getByTestId('who')).toContainText('Дмитрий Орлов · Акме');
  // From the fixtures: one outgoing call of 185 s today (07:15 UTC) on deal 31000001.
  await expect(popup.getByTestId('calls-done')).toHaveText('1 / 80');
  await expect(popup.getByTestId('kpi-conversations')).toHaveAttribute('data-fact', '1');
  // Deal 31000001 entered «КП отправлено» on 12 November: 9 working days by the 25th, over the 7-day limit.
  // 31000006 has no stage change in the last 90 days (no entry date), 31000003 is won: neither is stalled.
  const stalled = popup.getByTestId('stalled');
  await expect(stalled).toHaveAttribute('data-count', '1');
  await expect(stalled.locator('li[data-deal-id="31000001"] a')).toHaveAttribute('href', `${ORIGIN}/leads/detail/31000001`);

  // The head signs in: the whole team is read again (the manager's incremental cursor does not apply).
  signedIn = HEAD;
  await board.reload();
  await waitForRead(context, ORIGIN, { userId: HEAD, minDeals: 7 });
  const team = await openPopup(context, extensionId, { lang: 'en' });
  await team.getByRole('tab', { name: 'Team' }).click();
  // Stalled per owner from the fixtures' stage-change events: 31000001 (Орлов), 31000007 (Павлов), 31000005 (Кузнецова),
  // and 31000002 (Смирнова), created on 10 November and never moved since: 11 working days in its first stage.
  const expected: Record<string, string> = { '5001001': '1', '5001002': '1', '5001003': '1', '5001004': '1' };
  for (const [owner, count] of Object.entries(expected)) {
    await expect(team.locator(`tr[data-manager-id="${owner}"] [data-testid="team-stalled"]`)).toHaveText(count);
  }

  // Privacy: every request went to the CRM's own origin or to our own extension pages.
  const elsewhere = requests.filter((url) => !url.startsWith(`${ORIGIN}/`) && !url.startsWith(`chrome-extension://${extensionId}/`));
  expect(elsewhere).toEqual([]);
  await context.close();
});
