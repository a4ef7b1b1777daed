// The options page over a real (fake-IndexedDB) database: every section, what each form saves, and what it refuses.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/options/App';
import type { Download } from '../../entrypoints/options/download';
import { BOM, exportAll } from '../../lib/data-transfer';
import { db } from '../../lib/db';
import { NOTICES_SENT_KEY } from '../../lib/notices';
import { loadSettings } from '../../lib/queries';
import type { Settings } from '../../lib/settings';
import type { EnabledSite } from '../../lib/sites';
import { ACCOUNT, at, deal, IRINA, NOW, OLEG, seed as seedOptions, snapshot } from './options-fixture';

// The fixture's account with a third manager who owns nothing we read, and two deals: one open, one won with a formula-looking title.
const read = snapshot({
  managers: [...snapshot().managers, { crmId: '9', name: 'Пётр Бухгалтер', title: 'Бухгалтер', active: true }],
  deals: [deal('1'), deal('2', { title: '=cmd|calc', status: 'won', stageId: 'won', closedAt: at(18, 11) })],
});

const seed = (patch: Partial<Settings> = {}) => seedOptions(patch, read);

function fakeSites(list: EnabledSite[] = []) {
  let sites = [...list];
  return {
    listSites: vi.fn(async () => sites),
    revokeSite: vi.fn(async (origin: string) => {
      sites = sites.filter((site) => site.origin !== origin);
    }),
    // The browser's prompt, answered "Allow".
    enableSite: vi.fn(async (origin: string) => {
      sites = sites.map((site) => (site.origin === origin ? { ...site, granted: true } : site));
      return true;
    }),
  };
}

function renderOptions(options: { sites?: ReturnType<typeof fakeSites>; download?: (file: Download) => void } = {}) {
  const download = options.download ?? vi.fn<(file: Download) => void>();
  const sites = options.sites ?? fakeSites();
  render(<App now={() => NOW} sites={sites} download={download} />);
  return { download, sites, user: userEvent.setup() };
}

async function open(user: ReturnType<typeof userEvent.setup>, section: string) {
  await user.click(await screen.findByRole('button', { name: section }));
}

const managerCard = (key: string) => screen.findByTestId(`manager-${key}`);

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  history.replaceState(null, '', '#');
});

describe('Team and targets', () => {
  it('lists the managers who own deals or calls, marks the signed-in user and shows the suggested role', async () => {
    await seed();
    renderOptions();
    const irina = await managerCard(IRINA);
    expect(within(irina).getByText('you')).toBeTruthy();
    expect((within(irina).getByLabelText('Role') as HTMLSelectElement).value).toBe('cold_caller');
    const oleg = await managerCard(OLEG);
    expect(within(oleg).queryByText('you')).toBeNull();
    const olegRole = within(oleg).getByLabelText('Role') as HTMLSelectElement;
    expect(olegRole.value).toBe('');
    expect(olegRole.selectedOptions[0]?.textContent).toBe('Suggested: Cold caller');
    // The preset shows as the placeholder; the suggestion's preset applies while no role is chosen.
    expect(within(oleg).getByTestId<HTMLInputElement>('target-calls').placeholder).toBe('80');
    expect(within(oleg).getByTestId<HTMLInputElement>('target-meetings').placeholder).toBe('off');
    expect(screen.queryByText('Пётр Бухгалтер')).toBeNull();
    expect(screen.getAllByTestId(/^manager-/)).toHaveLength(2);
  });

  it('saves a role change', async () => {
    await seed();
    const { user } = renderOptions();
    await user.selectOptions(within(await managerCard(OLEG)).getByLabelText('Role'), 'closer');
    await waitFor(async () => expect((await loadSettings(db)).roles[OLEG]).toBe('closer'));
    expect((await screen.findByTestId('save-status')).textContent).toContain('Saved');
    // Back to "suggested" removes the choice.
    await user.selectOptions(within(await managerCard(OLEG)).getByLabelText('Role'), '');
    await waitFor(async () => expect(Object.hasOwn((await loadSettings(db)).roles, OLEG)).toBe(false));
  });

  it('saves target overrides: a number, 0 to switch a KPI off, talk time typed in minutes', async () => {
    await seed();
    const { user } = renderOptions();
    const card = await managerCard(IRINA);
    await user.type(within(card).getByLabelText('Calls'), '50');
    await user.type(within(card).getByLabelText('New deals'), '0');
    await user.type(within(card).getByLabelText('Talk time'), '45');
    await waitFor(async () => expect((await loadSettings(db)).targetOverrides[IRINA]).toEqual({ calls: 50, newDeals: 0, talkTime: 2700 }));
    // Emptying a field goes back to the preset for that KPI.
    await user.clear(within(card).getByLabelText('New deals'));
    await waitFor(async () => expect((await loadSettings(db)).targetOverrides[IRINA]).toEqual({ calls: 50, talkTime: 2700 }));
  });

  it('shows why a value is refused, next to the field, and does not save it', async () => {
    await seed();
    const { user } = renderOptions();
    const card = await managerCard(IRINA);
    const calls = within(card).getByLabelText('Calls');
    await user.type(calls, '-5');
    expect(within(card).getByRole('alert').textContent).toBe('At least 0');
    expect(calls.getAttribute('aria-invalid')).toBe('true');
    expect(calls.getAttribute('aria-describedby')).toBe(within(card).getByRole('alert').id);
    await user.clear(calls);
    await user.type(calls, '5000');
    expect(within(card).getByRole('alert').textContent).toBe('At most 1,000');
    await user.clear(calls);
    await user.type(calls, '2.5');
    expect(within(card).getByRole('alert').textContent).toBe('Enter a whole number');
    await user.tab();
    // Nothing reached the settings, and the refused text stays for the person to fix.
    expect(Object.hasOwn((await loadSettings(db)).targetOverrides, IRINA)).toBe(false);
    expect((calls as HTMLInputElement).value).toBe('2.5');
  });

  it('resets a manager to the preset', async () => {
    await seed({ targetOverrides: { [IRINA]: { calls: 50, meetings: 0 } } });
    const { user } = renderOptions();
    const card = await managerCard(IRINA);
    await waitFor(() => expect(within(card).getByTestId<HTMLInputElement>('target-calls').value).toBe('50'));
    await user.click(within(card).getByRole('button', { name: 'Reset to preset' }));
    await waitFor(async () => expect(Object.hasOwn((await loadSettings(db)).targetOverrides, IRINA)).toBe(false));
    await waitFor(() => expect(within(card).getByTestId<HTMLInputElement>('target-calls').value).toBe(''));
    expect(within(card).getByTestId<HTMLInputElement>('target-meetings').value).toBe('');
    expect(within(card).getByRole<HTMLButtonElement>('button', { name: 'Reset to preset' }).disabled).toBe(true);
  });

  it('checks working hours as a whole: the day ends after it starts, lunch inside the day', async () => {
    await seed();
    const { user } = renderOptions();
    const hours = await screen.findByTestId('working-hours');
    const end = within(hours).getByLabelText('Day ends');
    await user.clear(end);
    await user.type(end, '08:30');
    expect(within(hours).getByRole('alert').textContent).toBe('Must be after the start of the day');
    expect((await loadSettings(db)).workingHours.end).toBe('18:00');
    await user.clear(end);
    await user.type(end, '12:30');
    expect(within(hours).getByRole('alert').textContent).toBe('Lunch must fit inside the working day');
    await user.clear(end);
    await user.type(end, '17:30');
    await waitFor(async () => expect((await loadSettings(db)).workingHours).toEqual({ start: '09:00', end: '17:30', lunchStart: '13:00', lunchEnd: '14:00' }));
    const lunchEnd = within(hours).getByLabelText('Lunch until');
    await user.clear(lunchEnd);
    expect(within(hours).getByRole('alert').textContent).toBe('Set both lunch times or neither');
    await user.clear(within(hours).getByLabelText('Lunch from'));
    await waitFor(async () => expect((await loadSettings(db)).workingHours).toEqual({ start: '09:00', end: '17:30', lunchStart: null, lunchEnd: null }));
  });

  it('saves the conversation threshold and pace colours, and refuses red above amber', async () => {
    await seed();
    const { user } = renderOptions();
    const seconds = await screen.findByLabelText('A call is a conversation after, seconds');
    await user.clear(seconds);
    expect(screen.getByRole('alert').textContent).toBe('Required');
    await user.type(seconds, '30');
    await waitFor(async () => expect((await loadSettings(db)).conversationMinSec).toBe(30));
    const pace = screen.getByTestId('pace');
    const red = within(pace).getByLabelText('Red below, % of the pace');
    await user.clear(red);
    await user.type(red, '95');
    expect(within(pace).getByRole('alert').textContent).toBe('Must not be above the amber threshold');
    await user.clear(red);
    await user.type(red, '50');
    await waitFor(async () => expect((await loadSettings(db)).paceThresholds).toEqual({ amber: 0.9, red: 0.5 }));
  });

  it('teaches what to do when no manager has been read', async () => {
    renderOptions();
    expect((await screen.findByTestId('empty')).textContent).toContain("Open your CRM's deal board once");
  });
});

describe('Stages', () => {
  it('lists every open stage in pipeline order and saves its limit; empty means the default', async () => {
    await seed();
    const { user } = renderOptions();
    await open(user, 'Stages');
    const pipeline = await screen.findByTestId(`pipeline-${ACCOUNT}|p`);
    expect(within(pipeline).getAllByRole('spinbutton').map((input) => input.id && document.querySelector(`label[for="${input.id}"]`)?.textContent)).toEqual([
      'КП отправлено',
      'Переговоры',
    ]);
    const limit = within(pipeline).getByLabelText('КП отправлено') as HTMLInputElement;
    expect(limit.placeholder).toBe('7');
    await user.type(limit, '5');
    await waitFor(async () => expect((await loadSettings(db)).stageLimitDays).toEqual({ [`${ACCOUNT}|s1`]: 5 }));
    await user.type(limit, '00');
    expect(within(pipeline).getByRole('alert').textContent).toBe('At most 365');
    await user.clear(limit);
    await waitFor(async () => expect((await loadSettings(db)).stageLimitDays).toEqual({}));
    const fallback = screen.getByLabelText('Default limit, working days');
    await user.clear(fallback);
    await user.type(fallback, '0');
    expect(screen.getByRole('alert').textContent).toBe('At least 1');
    await user.clear(fallback);
    await user.type(fallback, '10');
    await waitFor(async () => expect((await loadSettings(db)).defaultStageLimitDays).toBe(10));
  });
});

describe('Sites', () => {
  it('explains how to enable a site when none is', async () => {
    const { user } = renderOptions();
    await open(user, 'Sites');
    expect((await screen.findByTestId('empty')).textContent).toContain('click the Sales Pace icon');
  });

  it('lists enabled sites with their permission and revokes one', async () => {
    const sites = fakeSites([
      { origin: ACCOUNT, crm: 'amocrm', granted: true },
      { origin: 'https://beta.bitrix24.ru', crm: 'bitrix24', granted: false },
    ]);
    const { user } = renderOptions({ sites });
    await open(user, 'Sites');
    const rows = await screen.findAllByTestId('site');
    expect(rows.map((row) => row.textContent)).toEqual([`${ACCOUNT}amoCRMAllowedRevoke`, 'https://beta.bitrix24.ruBitrix24Removed in the browserAllow againRevoke']);
    // Allowed again from the settings: the same request a click in the popup makes.
    await user.click(screen.getByRole('button', { name: 'Allow again https://beta.bitrix24.ru' }));
    expect(sites.enableSite).toHaveBeenCalledWith('https://beta.bitrix24.ru', 'bitrix24');
    await waitFor(() => expect(screen.getAllByTestId('site')[1]?.textContent).toBe('https://beta.bitrix24.ruBitrix24AllowedRevoke'));
    await user.click(screen.getByRole('button', { name: `Revoke ${ACCOUNT}` }));
    expect(sites.revokeSite).toHaveBeenCalledWith(ACCOUNT);
    await waitFor(() => expect(screen.getAllByTestId('site')).toHaveLength(1));
  });
});

describe('Data', () => {
  it('says what is tracked per account: records, fields, last read', async () => {
    await seed();
    const { user } = renderOptions();
    await open(user, 'Data');
    const tracked = await screen.findByTestId(`tracked-${ACCOUNT}`);
    expect(within(tracked).getByTestId('count-deals').textContent).toBe('2 records');
    expect(within(tracked).getByTestId('count-managers').textContent).toBe('3 records');
    expect(within(tracked).getByTestId('count-activities').textContent).toBe('1 record');
    expect(within(tracked).getByTestId('last-read').textContent).toMatch(/Last read: Wed, Nov 18 3:28\sPM \(2 min ago\)/);
    expect(within(tracked).getByText('lossReason').closest('div')?.textContent).toBe('lossReasonWhy it was lost');
    expect(within(tracked).getByText('durationSec')).toBeTruthy();
  });

  it('exports everything as JSON and deals / calls as CSV through a download', async () => {
    await seed();
    const { user, download } = renderOptions();
    await open(user, 'Data');
    await user.click(await screen.findByRole('button', { name: 'Export all as JSON' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    const json = vi.mocked(download).mock.calls[0]?.[0];
    expect(json).toMatchObject({ name: 'sales-pace-2026-11-18.json', type: 'application/json' });
    expect(json?.text).toBe(await exportAll(db, NOW));
    await user.click(screen.getByRole('button', { name: 'Export deals CSV' }));
    await user.click(screen.getByRole('button', { name: 'Export calls/meetings CSV' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(3));
    const [, deals, calls] = vi.mocked(download).mock.calls.map(([file]) => file);
    expect(deals?.name).toBe('sales-pace-deals-2026-11-18.csv');
    // English interface → comma-separated; the formula-looking title is defused.
    expect(deals?.text.startsWith(`${BOM}account,crmId,title,`)).toBe(true);
    expect(deals?.text).toContain(`acme,2,'=cmd|calc,`);
    expect(calls?.text).toContain('acme,c1,call,2026-11-18 10:00,Олег Петров,8,40,out,,,');
  });

  it('asks before wiping, and wipes everything only when confirmed', async () => {
    await seed();
    await fakeBrowser.storage.local.set({ [NOTICES_SENT_KEY]: { '2026-11-25': ['x'] }, sites: { 'https://acme.amocrm.ru': { crm: 'amocrm', enabledAt: 1 } } });
    const { user } = renderOptions();
    await open(user, 'Data');
    await user.click(await screen.findByRole('button', { name: 'Wipe everything…' }));
    const confirm = screen.getByTestId('wipe-confirm');
    expect(confirm.textContent).toContain('This cannot be undone');
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(await db.deals.count()).toBe(2);
    await user.click(screen.getByRole('button', { name: 'Wipe everything…' }));
    await user.click(within(screen.getByTestId('wipe-confirm')).getByRole('button', { name: 'Yes, delete everything' }));
    await waitFor(async () => expect((await Promise.all(db.tables.map((table) => table.count()))).every((n) => n === 0)).toBe(true));
    expect((await screen.findByTestId('data-outcome')).textContent).toBe('Everything was deleted.');
    // The notices' log goes with the data; the enabled sites (a setting of the browser's permissions) stay.
    await waitFor(async () => expect(await fakeBrowser.storage.local.get(NOTICES_SENT_KEY)).toEqual({}));
    expect(Object.keys((await fakeBrowser.storage.local.get('sites')).sites as object)).toEqual(['https://acme.amocrm.ru']);
  });

  it('imports a good file after confirmation, and refuses a bad one without changing anything', async () => {
    await seed();
    const backup = await exportAll(db, NOW);
    await db.deals.delete(`${ACCOUNT}|1`);
    const { user } = renderOptions();
    await open(user, 'Data');
    const input = await screen.findByTestId('import-file');

    await user.upload(input, new File(['{"format":"sales-pace-export","version":9}'], 'old.json', { type: 'application/json' }));
    const refused = await screen.findByTestId('data-outcome');
    expect(refused.textContent).toContain('This export was made by another version of Sales Pace. Nothing was changed.');
    expect(refused.textContent).toContain('export version 9 is not supported');
    expect(await db.deals.count()).toBe(1);

    await user.upload(input, new File([backup], 'backup.json', { type: 'application/json' }));
    const confirm = await screen.findByTestId('import-confirm');
    expect(confirm.textContent).toContain('deals: 2 · calls and meetings: 1 · tasks: 0 · managers: 3');
    expect(await db.deals.count()).toBe(1);
    await user.click(within(confirm).getByRole('button', { name: 'Replace all data' }));
    await waitFor(async () => expect(await db.deals.count()).toBe(2));
    expect((await screen.findByTestId('data-outcome')).textContent).toContain('Imported.');
    expect(await exportAll(db, NOW)).toBe(backup);
  });
});

describe('Language', () => {
  it('switches every text, and back to the browser language on Auto', async () => {
    await seed();
    const { user } = renderOptions();
    await open(user, 'Language');
    await user.click(screen.getByRole('radio', { name: 'Русский' }));
    expect(await screen.findByRole('button', { name: 'Команда и цели' })).toBeTruthy();
    expect((await loadSettings(db)).language).toBe('ru');
    expect(screen.getByRole('group', { name: 'Язык интерфейса' })).toBeTruthy();
    // The page's lang follows in an effect after the render that shows the Russian texts.
    await waitFor(() => expect(document.documentElement.lang).toBe('ru'));
    await user.click(screen.getByRole('button', { name: 'Команда и цели' }));
    expect(within(await managerCard(IRINA)).getByText('вы')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Язык' }));
    await user.click(screen.getByRole('radio', { name: 'Авто (язык браузера)' }));
    // jsdom's navigator.language is en-US.
    expect(await screen.findByRole('button', { name: 'Team and targets' })).toBeTruthy();
  });
});
