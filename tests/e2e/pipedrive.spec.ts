// Pipedrive in a real Chromium: the fixture company served under its real host name, enabled the way a user does
// it (popup → "Enable on this site"), read through the page's session, shown in the popup.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext } from '@playwright/test';
import { HEAD, MANAGER, pipedriveAnswer, pipedriveCookies } from '../fixtures/pipedrive/fake-api';
import { EXTENSION_DIR, launchWithExtension, pinExtensionClock } from '../support/browser';
import { openPopup, waitForRead } from '../support/demo-session';

const ORIGIN = 'https://acme.pipedrive.com';
// Wednesday 25 November 2026, 14:30 UTC: the moment the fixture company was "saved" at (Boris's call 9101 was done
// at 08:18 that morning; the unit tests read the same fixtures at this moment).
const NOW = new Date('2026-11-25T14:30:00Z');
const BOARD = readFileSync(join(import.meta.dirname, '../fixtures/pipedrive/board.html'), 'utf8');

/** Signs `userId` in the way the web app does: its session cookie and Segment's user cookie on the company's host. */
async function signIn(context: BrowserContext, userId: string): Promise<void> {
  const cookies = Object.entries(pipedriveCookies(userId)).map(([name, value]) => ({ name, value, url: ORIGIN }));
  await context.addCookies(cookies);
}

test('Pipedrive: enable the site, read a manager\'s day and then the admin\'s team, talking only to the CRM\'s origin', async () => {
  test.setTimeout(90_000);
  const { context, extensionId, serviceWorker } = await launchWithExtension({ headless: true, extensionDir: `${EXTENSION_DIR}-e2e` });
  // The fixtures' moment for the extension too (its reads ask for "the last 5 weeks" and "today").
  await pinExtensionClock(serviceWorker, NOW);
  const state = { userId: MANAGER };
  await signIn(context, MANAGER);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const refused: string[] = [];
  await context.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    // The pipeline view as Pipedrive serves it; the user and session are in the cookies, as on the real site.
    if (!url.pathname.startsWith('/api/')) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: BOARD });
    const headers = await request.allHeaders();
    const answer = pipedriveAnswer({ method: request.method(), path: url.pathname + url.search, body: request.postDataJSON(), headers, cookies: headers.cookie ?? '' }, state);
    if (answer.status !== 200) refused.push(`${answer.status} ${request.method()} ${url.pathname}`);
    return route.fulfill({ status: answer.status, json: answer.body });
  });

  const board = await context.newPage();
  await board.goto(`${ORIGIN}/pipeline/1/user/${MANAGER}`);
  await context.clock.setFixedTime(NOW);

  // Nothing is read before the user enables the site.
  const popup = await openPopup(context, extensionId, { lang: 'en' });
  // The popup's "today" is the fixtures' day, whatever day the test runs on.
  expect(await popup.evaluate(() => new Date().toISOString())).toBe(NOW.toISOString());
  const offer = popup.getByTestId('enable-site');
  await expect(offer).toContainText('Pipedrive · acme.pipedrive.com');
  expect(requests.filter((url) => url.startsWith(`${ORIGIN}/api/`))).toEqual([]);
  await offer.getByRole('button', { name: 'Enable on this site' }).click();
  await expect(offer).toHaveAttribute('data-state', 'enabled');
  // deals-manager.json holds Boris's three deals: 501, 503, 506.
  await waitForRead(context, ORIGIN, { userId: MANAGER, minDeals: 3 });

  await popup.getByTestId('role-picker').selectOption('cold_caller');
  // users-me-manager.json: Boris Petrov of "Acme Sales GmbH".
  await expect(popup.getByTestId('who')).toContainText('Boris Petrov · Acme Sales GmbH');
  // activities-manager-done.json: one call today, 9101 (due 2026-11-25 08:10 UTC, duration "00:07" = 420 s); the
  // cold caller's plan is 80 calls. 420 s is over the 15 s a conversation needs: one conversation.
  await expect(popup.getByTestId('calls-done')).toHaveText('1 / 80');
  await expect(popup.getByTestId('kpi-conversations')).toHaveAttribute('data-fact', '1');
  // Working days (Mon–Fri) in the stage before Wednesday the 25th, against the default 7-day limit (deals-manager.json):
  // 501 added 2 Nov (Mon), never moved (stage_change_time null): 2–6, 9–13, 16–20, 23–24 Nov = 17 > 7, stalled;
  // 503 moved to "Contact Made" 10 Nov (Tue): 10–13, 16–20, 23–24 Nov = 11 > 7, stalled;
  // 506 moved to "Renewal due" 3 Nov (Tue): 3–6, 9–13, 16–20, 23–24 Nov = 16 > 7, stalled.
  const stalled = popup.getByTestId('stalled');
  await expect(stalled).toHaveAttribute('data-count', '3');
  const ids = await stalled.locator('li[data-deal-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-deal-id')));
  expect(ids.sort()).toEqual(['501', '503', '506']);
  await expect(stalled.locator('li[data-deal-id="501"] a')).toHaveAttribute('href', `${ORIGIN}/deal/501`);

  // The admin signs in: the whole company is read again (the manager's incremental cursor does not apply).
  state.userId = HEAD;
  await signIn(context, HEAD);
  await board.reload();
  // deals-head-p1.json + deals-head-p2.json: 501, 502, 503 and 504, 505, 506.
  await waitForRead(context, ORIGIN, { userId: HEAD, minDeals: 6 });
  const team = await openPopup(context, extensionId, { lang: 'en' });
  await team.getByRole('tab', { name: 'Team' }).click();
  // Stalled per owner: Boris (1002) has 501, 503, 506 as above; Chloe (1003) has 502 (won) and 504 (lost), which never
  // stall; Anna (1001) has 505, in "Proposal Made" since Saturday 21 Nov: 23–24 Nov = 2 working days, within 7.
  // Dmitri (1004) owns no deal and did nothing: no row.
  const expected: Record<string, string> = { [HEAD]: '0', [MANAGER]: '3', '1003': '0' };
  await expect(team.locator('tr[data-manager-id]')).toHaveCount(Object.keys(expected).length);
  for (const [owner, count] of Object.entries(expected)) {
    await expect(team.locator(`tr[data-manager-id="${owner}"] [data-testid="team-stalled"]`)).toHaveText(count);
  }

  // Every API request carried the session: the fake refused none.
  expect(refused).toEqual([]);
  // Privacy: every request went to the CRM's own origin or to our own extension pages.
  const elsewhere = requests.filter((url) => !url.startsWith(`${ORIGIN}/`) && !url.startsWith(`chrome-extension://${extensionId}/`));
  expect(elsewhere).toEqual([]);
  await context.close();
});
