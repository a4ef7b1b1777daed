// Options → Sites → Another CRM: what the form refuses, the live preview (executeScript and the loopback content
// script mocked over saved pages), saving with the site's permission, editing and deleting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/options/App';
import { browserGeneric, type GenericBrowser, type TabInfo } from '../../entrypoints/options/generic-sites';
import { collectCards, PREVIEW_LIMIT, type RawPage } from '../../lib/adapters/generic';
import { db } from '../../lib/db';
import { loadConfigs, parsePreviewRequest, saveConfig, type GenericConfig, type PageSpec } from '../../lib/generic-config';
import { saveSettings } from '../../lib/queries';
import { generateDemo } from '../demo-crm/data';

const NOW = new Date(2026, 10, 25, 14, 30);
const SITE = 'https://crm.example.com';
const DEMO = 'http://127.0.0.1:5173';
const altDeals = readFileSync(join(import.meta.dirname, '../fixtures/demo/alt-deals.html'), 'utf8');
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
// The saved page's generator: Мария Павлова's deals, by id.
const demo = generateDemo({ now: NOW, seed: 42 });
const ownDeals = demo.deals.filter((d) => d.ownerId === '7').sort((a, b) => Number(a.id) - Number(b.id));

interface Tab {
  id: number;
  url: string;
  doc: Document;
}

/**
 * A browser with these tabs open. executeScript is mocked at the `browser.scripting` level and runs the
 * injected function over the tab's document, as Chromium would; loopback tabs answer through our content script.
 */
function fakeGeneric(tabs: Tab[], options: { grant?: boolean } = {}) {
  const executeScript = vi.fn(async ({ target, func, args }: { target: { tabId: number }; func: typeof collectCards; args: [PageSpec, number] }) => {
    const tab = tabs.find((t) => t.id === target.tabId);
    if (!tab) throw new Error(`No tab with id: ${target.tabId}`);
    const result: RawPage = { ...func(args[0], args[1], tab.doc), url: tab.url };
    return [{ frameId: 0, documentId: 'd', result }];
  });
  (fakeBrowser as unknown as { scripting: unknown }).scripting = { executeScript };
  const grant = options.grant ?? true;
  const deps: GenericBrowser = {
    ...browserGeneric,
    // Without a permission Chromium shows no URLs, and lists no tabs for a URL query.
    queryTabs: vi.fn(async ({ url }: { url?: string }): Promise<TabInfo[]> => {
      const visible = tabs.filter((t) => grant && !t.url.startsWith('http://'));
      return url === undefined ? tabs.map((t) => ({ id: t.id })) : visible.filter((t) => t.url.startsWith(url.replace('/*', '/'))).map((t) => ({ id: t.id, url: t.url }));
    }),
    sendToTab: vi.fn(async (tabId: number, raw: unknown) => {
      const tab = tabs.find((t) => t.id === tabId);
      const request = parsePreviewRequest(raw);
      // Our content script runs on loopback pages only, and answers for its own origin.
      if (!tab || !tab.url.startsWith('http://') || !request) throw new Error('Could not establish connection. Receiving end does not exist.');
      if (new URL(tab.url).origin !== request.origin) return undefined;
      return { ...collectCards(request.spec, request.limit, tab.doc), url: tab.url };
    }),
    requestOrigin: vi.fn(async () => grant),
    enableSite: vi.fn(async () => grant),
    startInTab: vi.fn(async () => undefined),
  };
  return { deps, executeScript };
}

function renderSites(deps: GenericBrowser) {
  const sites = { listSites: vi.fn(async () => []), revokeSite: vi.fn(async () => undefined) };
  render(<App now={() => NOW} sites={sites} download={vi.fn()} generic={deps} />);
  return { user: userEvent.setup(), sites };
}

async function openSites(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Sites' }));
  return screen.findByTestId('generic-crm');
}

async function type(user: ReturnType<typeof userEvent.setup>, label: string | RegExp, text: string) {
  const input = screen.getByLabelText(label);
  await user.clear(input);
  if (text !== '') await user.paste(text);
}

/** The /alt/deals list: a bare table read with positional selectors. */
async function fillAltDeals(user: ReturnType<typeof userEvent.setup>, origin: string) {
  await type(user, 'Site address', origin);
  await type(user, 'Pages whose path starts with', '/alt/deals');
  await type(user, 'Name', 'Старый список');
  await type(user, 'Deal card (required)', '#deals tbody tr');
  await type(user, 'Title (required)', 'td:nth-child(1)');
  await type(user, 'Client', 'td:nth-child(2)');
  await type(user, 'Stage on the card', 'td:nth-child(3)');
  await type(user, 'Amount', 'td:nth-child(4)');
  await type(user, 'Owner', 'td:nth-child(5)');
  await type(user, 'Current user (anywhere on the page)', '#whoami');
  await type(user, 'Won stages (names, comma-separated)', 'Успешно реализовано');
}

beforeEach(async () => {
  fakeBrowser.reset();
  await Promise.all(db.tables.map((table) => table.clear()));
  await saveSettings(db, (current) => ({ ...current, language: 'en' }));
  history.replaceState(null, '', '#');
});

describe('the form', () => {
  it('says what is missing or wrong next to each field, and stores nothing', async () => {
    const { deps } = fakeGeneric([]);
    const { user } = renderSites(deps);
    const section = await openSites(user);
    await type(user, 'Site address', '');
    await user.click(within(section).getByRole('button', { name: 'Save' }));
    const error = (label: string) => {
      const input = within(section).getByLabelText(label);
      const id = input.getAttribute('aria-describedby');
      return id === null ? null : document.getElementById(id)?.textContent;
    };
    expect(error('Site address')).toBe('Required');
    expect(error('Name')).toBe('Required');
    expect(error('Deal card (required)')).toBe('Required');
    expect(error('Title (required)')).toBe('Required');
    expect(error('Amount')).toBeNull();

    await type(user, 'Site address', 'http://crm.example.com');
    await type(user, 'Deal card (required)', 'tr[');
    await type(user, 'Title (required)', 'td');
    await type(user, 'Stage column around the card', '.col');
    await type(user, 'Currency', 'рубли');
    await type(user, 'Card attribute with the deal id', 'data id');
    await user.click(within(section).getByRole('button', { name: 'Save' }));
    expect(error('Site address')).toBe('Only the address of the site: https://crm.example.com (http only for 127.0.0.1 or localhost)');
    expect(error('Deal card (required)')).toBe('Not a CSS selector the browser accepts');
    expect(error('Title (required)')).toBeNull();
    expect(error('Stage name in the column')).toBe('Name both the column and its title, or neither');
    expect(error('Currency')).toBe('A three-letter code, such as RUB');
    expect(error('Card attribute with the deal id')).toBe('An attribute name, such as data-id');
    expect(within(section).getByLabelText('Deal card (required)').getAttribute('aria-invalid')).toBe('true');

    // Preview refuses the same draft without asking the browser for anything.
    await user.click(within(section).getByRole('button', { name: 'Preview' }));
    expect(deps.requestOrigin).not.toHaveBeenCalled();
    expect(deps.enableSite).not.toHaveBeenCalled();
    expect(await loadConfigs()).toEqual([]);
  });
});

describe('the live preview', () => {
  it('runs the selectors in the open tab of the site through executeScript and shows the first cards and the problems', async () => {
    const tabs: Tab[] = [
      { id: 1, url: `${SITE}/settings`, doc: parse('<p>settings</p>') },
      { id: 2, url: `${SITE}/alt/deals`, doc: parse(altDeals) },
    ];
    const { deps, executeScript } = fakeGeneric(tabs);
    const { user } = renderSites(deps);
    const section = await openSites(user);
    await fillAltDeals(user, SITE);
    await user.click(within(section).getByRole('button', { name: 'Preview' }));

    const preview = await screen.findByTestId('generic-preview');
    await waitFor(() => expect(preview.getAttribute('data-count')).toBe(String(ownDeals.length)));
    expect(deps.requestOrigin).toHaveBeenCalledWith(SITE);
    // The tab under the path prefix is read, with the function itself and plain arguments.
    expect(executeScript).toHaveBeenCalledTimes(1);
    expect(executeScript.mock.calls[0]?.[0]).toMatchObject({ target: { tabId: 2 }, func: collectCards, args: [expect.objectContaining({ idAttribute: null }), PREVIEW_LIMIT] });
    expect(JSON.parse(JSON.stringify(executeScript.mock.calls[0]?.[0].args))).toEqual(executeScript.mock.calls[0]?.[0].args);

    expect(preview.textContent).toContain(`Cards found on ${SITE}/alt/deals: ${ownDeals.length}. The first ${PREVIEW_LIMIT}, as they would be read:`);
    expect(within(preview).getByTestId('generic-preview-user').textContent).toBe('Signed in as: Мария Павлова');
    const rows = within(preview).getAllByTestId('preview-row');
    expect(rows).toHaveLength(PREVIEW_LIMIT);
    const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].map((td) => td.textContent);
    const first = ownDeals[0]!;
    expect(cells(rows[0]!).slice(0, 2)).toEqual([first.title, first.client]);
    expect(rows.map((row) => row.getAttribute('data-deal-id'))).toEqual(ownDeals.slice(0, PREVIEW_LIMIT).map((d) => `/leads/detail/${d.id}`));
    expect(rows.map((row) => row.querySelector('[data-amount]')?.getAttribute('data-amount'))).toEqual(ownDeals.slice(0, PREVIEW_LIMIT).map((d) => String(d.amount ?? '')));
    const won = rows.find((row) => row.textContent?.includes('Успешно реализовано'));
    expect(won?.textContent).toContain('(won)');
    expect(cells(rows[0]!)[5]).toBe('yes');
    // The page shows no dates: said once, in the list of what could not be read.
    const problems = within(preview).getAllByRole('listitem').map((li) => li.getAttribute('data-code'));
    expect(problems).toContain('dates-unavailable');
    // Nothing is stored by a preview.
    expect(await loadConfigs()).toEqual([]);
  });

  it('shows the cards that would not be stored, and why', async () => {
    const { deps } = fakeGeneric([{ id: 2, url: `${SITE}/alt/deals`, doc: parse(altDeals) }]);
    const { user } = renderSites(deps);
    const section = await openSites(user);
    await fillAltDeals(user, SITE);
    await type(user, 'Owner', 'td:nth-child(9)');
    await type(user, 'Amount', 'td:nth-child(');
    await user.click(within(section).getByRole('button', { name: 'Preview' }));
    // The browser refuses the amount selector: the form says so before anything is read.
    expect(within(section).getByLabelText('Amount').getAttribute('aria-invalid')).toBe('true');
    await type(user, 'Amount', 'td.sum');
    await user.click(within(section).getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByTestId('generic-preview');
    await waitFor(() => expect(within(preview).getAllByTestId('preview-row')).toHaveLength(PREVIEW_LIMIT));
    const rows = within(preview).getAllByTestId('preview-row');
    expect(rows.every((row) => row.getAttribute('data-skipped') === 'owner-missing')).toBe(true);
    expect(rows[0]?.lastElementChild?.textContent).toBe('no: no owner');
    expect(within(preview).getByText(/^Старый список: 20 cards skipped: no owner shown on them/)).toBeTruthy();
  });

  it('asks our content script in a loopback tab, where executeScript is not allowed', async () => {
    const tabs: Tab[] = [
      { id: 1, url: 'chrome://newtab/', doc: parse('') },
      { id: 7, url: `${DEMO}/leads/pipeline/101`, doc: parse('<p>kanban</p>') },
      { id: 8, url: `${DEMO}/alt/deals`, doc: parse(altDeals) },
      { id: 9, url: 'http://127.0.0.1:9999/alt/deals', doc: parse('<p>another demo</p>') },
    ];
    const { deps, executeScript } = fakeGeneric(tabs);
    const { user } = renderSites(deps);
    const section = await openSites(user);
    await fillAltDeals(user, DEMO);
    await user.click(within(section).getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByTestId('generic-preview');
    await waitFor(() => expect(preview.getAttribute('data-count')).toBe(String(ownDeals.length)));
    expect(executeScript).not.toHaveBeenCalled();
    expect(deps.requestOrigin).not.toHaveBeenCalled();
    expect(within(preview).getAllByTestId('preview-row')[0]?.getAttribute('data-deal-id')).toBe(`/leads/detail/${ownDeals[0]!.id}`);
  });

  it('says so when no tab of the site is open, and when the permission is declined', async () => {
    const { deps } = fakeGeneric([{ id: 1, url: 'https://other.example.com/', doc: parse('') }]);
    const { user } = renderSites(deps);
    const section = await openSites(user);
    await fillAltDeals(user, SITE);
    await user.click(within(section).getByRole('button', { name: 'Preview' }));
    expect((await screen.findByRole('alert')).textContent).toBe(`No tab of ${SITE} is open. Open the CRM page there and press Preview again.`);

    vi.mocked(deps.requestOrigin).mockResolvedValueOnce(false);
    await user.click(within(section).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(screen.getByTestId('generic-preview').textContent).toBe(`The browser did not allow Sales Pace to read ${SITE}.`));
  });
});

describe('saving', () => {
  it('enables an https site like a built-in CRM, stores the configuration and starts reading its open tab', async () => {
    const { deps } = fakeGeneric([{ id: 2, url: `${SITE}/alt/deals`, doc: parse(altDeals) }]);
    const { user, sites } = renderSites(deps);
    const section = await openSites(user);
    await fillAltDeals(user, `${SITE}/`);
    await user.click(within(section).getByRole('button', { name: 'Save' }));

    expect((await within(section).findByTestId('generic-notice')).textContent).toBe(`Saved. Sales Pace now reads ${SITE}; open tabs of it are read now.`);
    expect(deps.enableSite).toHaveBeenCalledWith(SITE);
    expect(deps.startInTab).toHaveBeenCalledWith(2);
    const [stored] = await loadConfigs();
    expect(stored).toMatchObject({
      origin: SITE,
      pathPrefix: '/alt/deals',
      label: 'Старый список',
      selectors: { card: '#deals tbody tr', title: 'td:nth-child(1)', client: 'td:nth-child(2)', stage: 'td:nth-child(3)', amount: 'td:nth-child(4)', owner: 'td:nth-child(5)', currentUser: '#whoami' },
      idAttribute: null,
      wonStages: ['Успешно реализовано'],
      lostStages: [],
      currency: 'RUB',
      createdAt: NOW.getTime(),
    });
    expect(await within(section).findAllByTestId('generic-config')).toHaveLength(1);
    // The enabled sites list is read again, to show the new site.
    expect(sites.listSites.mock.calls.length).toBeGreaterThan(1);
    // The form is empty again, for the next one.
    expect((within(section).getByLabelText('Deal card (required)') as HTMLInputElement).value).toBe('');
  });

  it('stores nothing when the permission is declined', async () => {
    const { deps } = fakeGeneric([], { grant: false });
    const { user } = renderSites(deps);
    const section = await openSites(user);
    await fillAltDeals(user, SITE);
    await user.click(within(section).getByRole('button', { name: 'Save' }));
    expect((await within(section).findByTestId('generic-notice')).textContent).toBe(`The browser did not allow Sales Pace to read ${SITE}.`);
    expect(await loadConfigs()).toEqual([]);
  });

  it('needs no permission on loopback, and says to reload the tab', async () => {
    const { deps } = fakeGeneric([]);
    const { user } = renderSites(deps);
    const section = await openSites(user);
    await fillAltDeals(user, DEMO);
    await user.click(within(section).getByRole('button', { name: 'Save' }));
    expect((await within(section).findByTestId('generic-notice')).textContent).toBe('Saved. Reload the CRM tab to read it with this configuration.');
    expect(deps.enableSite).not.toHaveBeenCalled();
    expect((await loadConfigs()).map((c) => c.origin)).toEqual([DEMO]);
  });

  it('edits a saved configuration in place and deletes it', async () => {
    const saved: GenericConfig = {
      id: 'kept-id',
      origin: DEMO,
      pathPrefix: '/alt/deals',
      label: 'Старый список',
      selectors: { card: '#deals tbody tr', title: 'td:nth-child(1)' },
      idAttribute: null,
      wonStages: [],
      lostStages: ['Закрыто и не реализовано'],
      currency: 'RUB',
      createdAt: 1,
    };
    await saveConfig(saved);
    const { deps } = fakeGeneric([]);
    const { user } = renderSites(deps);
    const section = await openSites(user);
    const row = await within(section).findByTestId('generic-config');
    expect(row.textContent).toContain(`Старый список${DEMO}/alt/deals…`);
    await user.click(within(row).getByRole('button', { name: 'Edit Старый список' }));
    expect((within(section).getByLabelText('Lost stages (names, comma-separated)') as HTMLInputElement).value).toBe('Закрыто и не реализовано');
    await type(user, 'Name', 'Список сделок');
    await user.click(within(section).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await loadConfigs()).map((c) => [c.id, c.label, c.createdAt])).toEqual([['kept-id', 'Список сделок', 1]]));

    await user.click(await within(section).findByRole('button', { name: 'Delete Список сделок' }));
    await waitFor(() => expect(within(section).queryAllByTestId('generic-config')).toHaveLength(0));
    expect(await loadConfigs()).toEqual([]);
  });
});
