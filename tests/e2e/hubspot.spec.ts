// HubSpot in a real Chromium: the fixture portal served under its real host name, enabled the way a user does it
// (popup → "Enable on this site"), read through the page's session and CSRF token, shown in the popup.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext } from '@playwright/test';
import { CSRF, CSRF_COOKIE, CSRF_HEADER, HEAD_USER, hubspotAnswer, MANAGER_USER, PORTAL } from '../fixtures/hubspot/fake-api';
import { EXTENSION_DIR, launchWithExtension, pinExtensionClock } from '../support/browser';
import { openPopup, waitForRead } from '../support/demo-session';

const ORIGIN = 'https://app.hubspot.com';
// Owner ids (what deals carry) of the two logins, from owners-p1.json: user 9001 → owner 310001, 9002 → 310002.
const HEAD_OWNER = '310001';
const MANAGER_OWNER = '310002';
// Wednesday 25 November 2026, 14:30 UTC: the moment the fixture portal was "saved" at (the association batch reads
// say 2026-11-25T14:30:00.100Z; the unit tests read the same fixtures at this moment).
const NOW = new Date('2026-11-25T14:30:00Z');
const BOARD = readFileSync(join(import.meta.dirname, '../fixtures/hubspot/board.html'), 'utf8');
const BOARD_PATH = `/contacts/${PORTAL}/objects/0-3/views/all/board`;

/** Signs in: HubSpot's session hands the app a CSRF token in the hubspotapi-csrf cookie, new for each session. */
async function signIn(context: BrowserContext, csrf: string): Promise<void> {
  await context.addCookies([{ name: CSRF_COOKIE, value: csrf, url: ORIGIN }]);
}

test('HubSpot: enable the site, read a manager\'s day and then the head\'s team, talking only to the CRM\'s origin', async () => {
  test.setTimeout(90_000);
  const { context, extensionId, serviceWorker } = await launchWithExtension({ headless: true, extensionDir: `${EXTENSION_DIR}-e2e` });
  // The fixtures' moment for the extension too (its reads ask for "the last 5 weeks" and "today").
  await pinExtensionClock(serviceWorker, NOW);
  const state = { userId: MANAGER_USER };
  await signIn(context, CSRF);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  // Each API request: the CSRF header it carried and the CSRF cookie the browser sent with it.
  const csrfPairs: { path: string; header: string | null; cookie: string | null }[] = [];
  const refused: string[] = [];
  await context.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    // The deals board as HubSpot serves it; the portal is in the address and the CSRF token in the cookie, as on the real site.
    if (!url.pathname.startsWith('/api/')) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: BOARD });
    const headers = await request.allHeaders();
    const cookies = headers.cookie ?? '';
    const csrfCookie = /(?:^|;\s*)hubspotapi-csrf=([^;]*)/.exec(cookies)?.[1] ?? null;
    csrfPairs.push({ path: url.pathname, header: headers[CSRF_HEADER.toLowerCase()] ?? null, cookie: csrfCookie });
    const answer = hubspotAnswer({ method: request.method(), path: url.pathname + url.search, body: request.postDataJSON(), headers, cookies }, state);
    if (answer.status !== 200) refused.push(`${answer.status} ${request.method()} ${url.pathname}`);
    return route.fulfill({ status: answer.status, json: answer.body });
  });

  const board = await context.newPage();
  await board.goto(`${ORIGIN}${BOARD_PATH}`);
  await context.clock.setFixedTime(NOW);

  // Nothing is read before the user enables the site.
  const popup = await openPopup(context, extensionId, { lang: 'en' });
  // The popup's "today" is the fixtures' day, whatever day the test runs on.
  expect(await popup.evaluate(() => new Date().toISOString())).toBe(NOW.toISOString());
  const offer = popup.getByTestId('enable-site');
  await expect(offer).toContainText('HubSpot · app.hubspot.com');
  expect(requests.filter((url) => url.startsWith(`${ORIGIN}/api/`))).toEqual([]);
  await offer.getByRole('button', { name: 'Enable on this site' }).click();
  await expect(offer).toHaveAttribute('data-state', 'enabled');
  // login-verify-manager.json: user 9002, owner 310002; deals-manager.json holds his three deals: 2001, 2003, 2006.
  await waitForRead(context, ORIGIN, { userId: MANAGER_OWNER, minDeals: 3 });

  await popup.getByTestId('role-picker').selectOption('account_manager');
  // owners-p1.json: Boris Petrov; the account is named after the portal.
  await expect(popup.getByTestId('who')).toContainText(`Boris Petrov · HubSpot ${PORTAL}`);
  // calls-search-p1/p2.json: Boris's one call today is 7001 (hs_timestamp 2026-11-25T08:10Z, 420000 ms = 420 s); 7002
  // is Chloe's, 7003 Anna's, 7004 has no owner. An account manager's plan is 40 calls; 420 s > 15 s: one conversation.
  await expect(popup.getByTestId('calls-done')).toHaveText('1 / 40');
  await expect(popup.getByTestId('kpi-conversations')).toHaveAttribute('data-fact', '1');
  // Working days (Mon–Fri) in the stage before Wednesday the 25th, against the default 7-day limit (deals-manager.json):
  // 2001 entered "Appointment Scheduled" 2 Nov (Mon, hs_date_entered_appointmentscheduled): 2–6, 9–13, 16–20, 23–24 Nov = 17, stalled;
  // 2003 entered "Qualified To Buy" 10 Nov (Tue, hs_v2_date_entered_qualifiedtobuy): 10–13, 16–20, 23–24 Nov = 11, stalled;
  // 2006 entered "Renewal due" 3 Nov (Tue, hs_v2_date_entered_87654322): 3–6, 9–13, 16–20, 23–24 Nov = 16, stalled.
  const stalled = popup.getByTestId('stalled');
  await expect(stalled).toHaveAttribute('data-count', '3');
  const ids = await stalled.locator('li[data-deal-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-deal-id')));
  expect(ids.sort()).toEqual(['2001', '2003', '2006']);
  await expect(stalled.locator('li[data-deal-id="2001"] a')).toHaveAttribute('href', `${ORIGIN}/contacts/${PORTAL}/record/0-3/2001`);

  // The head signs in (a new session, a new CSRF token): the whole portal is read again.
  state.userId = HEAD_USER;
  const headCsrf = `${CSRF.slice(0, 40)}-head-session`;
  await signIn(context, headCsrf);
  const beforeHead = csrfPairs.length;
  await board.reload();
  // login-verify-head.json: user 9001, owner 310001; deals-head-p1.json + deals-head-p2.json: 2001–2006.
  await waitForRead(context, ORIGIN, { userId: HEAD_OWNER, minDeals: 6 });
  const team = await openPopup(context, extensionId, { lang: 'en' });
  await team.getByRole('tab', { name: 'Team' }).click();
  // Stalled per owner: Boris (310002) has 2001, 2003, 2006 as above; Chloe (310003) has 2002 (won) and 2004 (lost),
  // which never stall; Anna (310001) has 2005, in "Contract Sent" since Saturday 21 Nov: 23–24 Nov = 2 working days, within 7.
  const expected: Record<string, string> = { [HEAD_OWNER]: '0', [MANAGER_OWNER]: '3', '310003': '0' };
  await expect(team.locator('tr[data-manager-id]')).toHaveCount(Object.keys(expected).length);
  for (const [owner, count] of Object.entries(expected)) {
    await expect(team.locator(`tr[data-manager-id="${owner}"] [data-testid="team-stalled"]`)).toHaveText(count);
  }

  // Every API request carried the X-HubSpot-CSRF-hubspotapi header, equal to the session's hubspotapi-csrf cookie.
  expect(csrfPairs.length).toBeGreaterThan(beforeHead);
  expect(csrfPairs.filter((pair) => pair.header === null || pair.header !== pair.cookie)).toEqual([]);
  expect(csrfPairs.slice(0, beforeHead).every((pair) => pair.header === CSRF)).toBe(true);
  expect(csrfPairs.slice(beforeHead).every((pair) => pair.header === headCsrf)).toBe(true);
  expect(refused).toEqual([]);
  // Privacy: every request went to the CRM's own origin or to our own extension pages.
  const elsewhere = requests.filter((url) => !url.startsWith(`${ORIGIN}/`) && !url.startsWith(`chrome-extension://${extensionId}/`));
  expect(elsewhere).toEqual([]);
  await context.close();
});
