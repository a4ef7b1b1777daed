// The generic adapter over saved pages with hand-written selectors (the demo CRM's /alt/deals list and the amoCRM board),
// what bad selectors turn into, and the configuration's validation, matching and storage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { cardIds, collectCards, genericAdapter, idFromName, PREVIEW_LIMIT, readPage, readPreview, type RawCard } from '../../lib/adapters/generic';
import {
  checkDraft,
  configFor,
  deleteConfig,
  draftOf,
  EMPTY_DRAFT,
  GENERIC_CONFIGS_KEY,
  isValidSelector,
  loadConfigs,
  looksLikeSelector,
  originOf,
  pageSpec,
  parsePreviewRequest,
  parseStoredConfigs,
  saveConfig,
  type GenericConfig,
  type GenericDraft,
} from '../../lib/generic-config';
import { parseMessage } from '../../lib/messages';
import { generateDemo } from '../demo-crm/data';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const page = (path: string) => new DOMParser().parseFromString(readFileSync(join(FIXTURES, path), 'utf8'), 'text/html');
const NOW = new Date(2026, 10, 25, 14, 30);

// ---------------------------------------------------------------- the demo CRM's /alt/deals, saved for user 7

const DEMO = 'http://127.0.0.1:5173';
const ALT_URL = new URL(`${DEMO}/alt/deals`);
// The generator behind the saved page (see the comment at its top).
const demo = generateDemo({ now: NOW, seed: 42 });
const viewer = demo.users.find((u) => u.id === '7');
const stageOf = (id: string) => demo.pipelines.flatMap((p) => p.stages).find((s) => s.id === id);
const stageNames = (kind: 'won' | 'lost') => [...new Set(demo.pipelines.flatMap((p) => p.stages).filter((s) => s.kind === kind).map((s) => s.name))];
const ownDeals = demo.deals.filter((d) => d.ownerId === '7').sort((a, b) => Number(a.id) - Number(b.id));

function config(patch: Partial<GenericConfig> = {}): GenericConfig {
  return {
    id: 'alt',
    origin: DEMO,
    pathPrefix: '/alt/deals',
    label: 'Старый список',
    selectors: {
      card: '#deals tbody tr',
      title: 'td:nth-child(1)',
      client: 'td:nth-child(2)',
      stage: 'td:nth-child(3)',
      amount: 'td:nth-child(4)',
      owner: 'td:nth-child(5)',
      currentUser: '#whoami',
    },
    idAttribute: null,
    wonStages: stageNames('won'),
    lostStages: stageNames('lost'),
    currency: 'RUB',
    createdAt: NOW.getTime(),
    ...patch,
  };
}

describe('the demo CRM /alt/deals list, read with positional selectors', () => {
  const doc = page('demo/alt-deals.html');

  it('reads every deal of the signed-in user as the generator made it', () => {
    expect(viewer?.name).toBe('Мария Павлова');
    const snapshot = readPage(doc, config(), ALT_URL, NOW);
    expect(snapshot).toMatchObject({ crm: 'generic', account: DEMO, accountName: 'Старый список', currency: 'RUB', source: 'page', readAt: NOW.getTime() });
    expect(snapshot.currentUserId).toBe(idFromName('Мария Павлова'));
    expect(snapshot.managers).toEqual([{ crmId: idFromName('Мария Павлова'), name: 'Мария Павлова', title: null, active: true }]);
    expect(snapshot.deals).toHaveLength(ownDeals.length);
    snapshot.deals.forEach((deal, i) => {
      const truth = ownDeals[i]!;
      const stage = stageOf(truth.stageId)!;
      expect(deal).toMatchObject({
        crmId: `/leads/detail/${truth.id}`,
        title: truth.title,
        amount: truth.amount,
        currency: 'RUB',
        client: truth.client,
        stageId: idFromName(stage.name),
        status: stage.kind,
        ownerId: idFromName('Мария Павлова'),
        url: `${DEMO}/leads/detail/${truth.id}`,
        createdAt: 0,
        updatedAt: 0,
        stageEnteredAt: null,
      });
    });
    // Both ways the page prints money were read.
    expect(doc.body.textContent).toContain('млн');
    expect(doc.body.textContent).toContain('руб.');
  });

  it('reports the deal without amount and the missing dates, once each; the background accepts the snapshot', () => {
    const snapshot = readPage(doc, config(), ALT_URL, NOW);
    const noAmount = ownDeals.filter((d) => d.amount === null).map((d) => `/leads/detail/${d.id}`);
    expect(noAmount).toHaveLength(1);
    expect(snapshot.problems).toEqual([
      { code: 'amount-missing', message: `Старый список: 1 card without amount (card ${noAmount[0]})`, itemId: noAmount[0], field: 'amount', selector: 'td:nth-child(4)' },
      { code: 'dates-unavailable', message: `Старый список: the page shows no dates; ${ownDeals.length} deals were read without creation or stage dates and cannot be checked for stalling`, field: 'createdAt' },
    ]);
    expect(parseMessage({ kind: 'snapshot', part: { index: 0, count: 1 }, snapshot })).toMatchObject({ ok: true });
  });

  it('keeps the stages in page order, with the kinds the configuration names', () => {
    const { stages, pipelines } = readPage(doc, config(), ALT_URL, NOW);
    expect(pipelines).toEqual([{ crmId: 'generic:alt', name: 'Старый список', order: 0 }]);
    const expected = [...new Set(ownDeals.map((d) => stageOf(d.stageId)!.name))];
    expect(stages.map((s) => s.name)).toEqual(expected);
    for (const stage of stages) expect(stage.kind).toBe(demo.pipelines.flatMap((p) => p.stages).find((s) => s.name === stage.name)?.kind);
    // Without won/lost names every stage is open.
    expect(readPage(doc, config({ wonStages: [], lostStages: [] }), ALT_URL, NOW).stages.every((s) => s.kind === 'open')).toBe(true);
  });

  it('previews the first cards as they would be read', () => {
    const preview = readPreview(doc, config(), ALT_URL);
    expect(preview.cardCount).toBe(ownDeals.length);
    expect(preview.currentUser).toBe('Мария Павлова');
    expect(preview.rows).toHaveLength(PREVIEW_LIMIT);
    expect(preview.rows.map((r) => [r.title, r.amount, r.stage, r.owner, r.skipped])).toEqual(
      ownDeals.slice(0, PREVIEW_LIMIT).map((d) => [d.title, d.amount, stageOf(d.stageId)!.name, 'Мария Павлова', null]),
    );
  });

  it('credits the deals to the current user when the list shows no owner, and skips them when nobody is known', () => {
    const { owner: _owner, ...noOwner } = config().selectors;
    const mine = readPage(doc, config({ selectors: noOwner }), ALT_URL, NOW);
    expect(mine.deals.every((d) => d.ownerId === idFromName('Мария Павлова'))).toBe(true);
    const { currentUser: _user, ...nobody } = noOwner;
    const unknown = readPage(doc, config({ selectors: nobody }), ALT_URL, NOW);
    expect(unknown.deals).toEqual([]);
    expect(unknown.currentUserId).toBeNull();
    expect(unknown.problems.find((p) => p.code === 'owner-unknown')?.message).toMatch(/^Старый список: 65 cards skipped: no owner selector, and no current user selector/);
  });

  it('finds the card of a deal for the on-page badge', () => {
    const adapter = genericAdapter(config());
    const truth = ownDeals[3]!;
    const card = adapter.cardIndex?.(doc).get(`/leads/detail/${truth.id}`);
    expect(card?.textContent).toContain(truth.title);
    expect(adapter.cardIndex?.(doc).get('/leads/detail/1')).toBeUndefined();
  });

  it('runs the page function on its own, as executeScript sends only its source', () => {
    // Any reference to a module helper would be undefined here and throw.
    const isolated = new Function(`return (${collectCards.toString()})`)() as typeof collectCards;
    expect(isolated(pageSpec(config()), 3, doc)).toEqual(collectCards(pageSpec(config()), 3, doc));
    expect(JSON.parse(JSON.stringify(isolated(pageSpec(config()), 3, doc)))).toEqual(collectCards(pageSpec(config()), 3, doc));
  });
});

// ---------------------------------------------------------------- the amoCRM board, with a column around each card

describe('the amoCRM board fixture, read with hand-written selectors', () => {
  const doc = page('amocrm/pipeline.html');
  const AMO = new URL('https://acme.amocrm.ru/leads/pipeline/7001001/');
  const amo = config({
    id: 'amo',
    origin: AMO.origin,
    pathPrefix: '/leads/',
    label: 'amo by hand',
    selectors: {
      card: '.pipeline_leads__item:not(.pipeline-unsorted__item)',
      title: 'a.pipeline_leads__title-text',
      amount: '.pipeline_leads__note',
      column: '.pipeline_status',
      columnTitle: '.pipeline_status__head_title',
    },
    idAttribute: 'data-id',
    wonStages: [],
    lostStages: [],
  });

  it('reads ids from the attribute, stages from the column titles, amounts and links from the card', () => {
    const preview = readPreview(doc, amo, AMO);
    expect(preview.cardCount).toBe(4);
    expect(preview.rows.map(({ id, title, stage, amount, url }) => ({ id, title, stage, amount, url }))).toEqual([
      { id: '31000002', title: 'Сайт для кафе «Ласточка»', stage: 'Первичный контакт', amount: null, url: 'https://acme.amocrm.ru/leads/detail/31000002' },
      { id: '31000010', title: 'Запрос с сайта: кондиционеры', stage: 'Первичный контакт', amount: 85_000, url: 'https://acme.amocrm.ru/leads/detail/31000010' },
      { id: '31000001', title: 'Поставка оборудования ООО «Ромашка»', stage: 'Переговоры', amount: 1_250_000, url: 'https://acme.amocrm.ru/leads/detail/31000001' },
      { id: '31000007', title: 'Расширение склада', stage: 'Переговоры', amount: 2_100_000, url: 'https://acme.amocrm.ru/leads/detail/31000007' },
    ]);
  });

  it('says the cards cannot be stored without an owner', () => {
    const preview = readPreview(doc, amo, AMO);
    expect(preview.rows.every((r) => r.skipped === 'owner-unknown')).toBe(true);
    // A skipped card is reported once, for why it was skipped.
    expect(preview.problems.map((p) => p.code)).toEqual(['owner-unknown']);
    expect(preview.problems[0]?.message).toBe('amo by hand: 4 cards skipped: no owner selector, and no current user selector to credit them to (set one of the two) (e.g. cards 31000002, 31000010, 31000001, 31000007)');
  });

  it('reads the board once the page names the signed-in user', () => {
    const withUser = page('amocrm/pipeline.html');
    withUser.body.insertAdjacentHTML('afterbegin', '<div class="n-avatar" title="Ирина Ковалёва"><span class="user-name">Ирина Ковалёва</span></div>');
    const snapshot = readPage(withUser, { ...amo, selectors: { ...amo.selectors, currentUser: '.user-name' } }, AMO, NOW);
    expect(snapshot.deals.map((d) => [d.crmId, d.stageId, d.ownerId])).toEqual([
      ['31000002', 'первичный контакт', 'ирина ковалёва'],
      ['31000010', 'первичный контакт', 'ирина ковалёва'],
      ['31000001', 'переговоры', 'ирина ковалёва'],
      ['31000007', 'переговоры', 'ирина ковалёва'],
    ]);
    expect(snapshot.stages.map((s) => s.name)).toEqual(['Первичный контакт', 'Переговоры']);
    expect(snapshot.problems[0]).toMatchObject({ code: 'amount-missing', message: 'amo by hand: 1 card without amount (card 31000002)', itemId: '31000002' });
  });
});

// ---------------------------------------------------------------- what goes wrong becomes a problem, never an exception

describe('bad selectors and unreadable cards', () => {
  const doc = page('demo/alt-deals.html');
  const codes = (c: GenericConfig) => readPage(doc, c, ALT_URL, NOW).problems.map((p) => p.code);
  const withSelectors = (patch: Partial<GenericConfig['selectors']>) => config({ selectors: { ...config().selectors, ...patch } });

  it.each([
    ['a card selector that is not CSS', { card: 'tr[' }, ['selector-invalid']],
    ['a card selector that finds nothing', { card: '.lead-card' }, ['layout-changed']],
    ['a title selector that finds nothing', { title: '.deal-title' }, ['title-missing']],
    ['an amount selector that is not CSS', { amount: 'td:nth-child(' }, ['selector-invalid', 'dates-unavailable']],
    ['an owner selector that finds nothing', { owner: 'td:nth-child(9)' }, ['owner-missing']],
    ['a stage selector that finds nothing', { stage: 'td.stage' }, ['stage-missing']],
    ['a current user selector that finds nothing', { owner: undefined, currentUser: '#nobody' }, ['current-user-missing', 'owner-unknown']],
  ] as const)('%s', (_what, patch, expected) => {
    const c = withSelectors(patch);
    expect(() => readPage(doc, c, ALT_URL, NOW)).not.toThrow();
    expect(codes(c).filter((code) => code !== 'amount-missing')).toEqual(expected);
  });

  it('names the field and the selector the browser refused', () => {
    const snapshot = readPage(doc, withSelectors({ amount: 'td:nth-child(' }), ALT_URL, NOW);
    expect(snapshot.problems[0]).toEqual({
      code: 'selector-invalid',
      message: 'Старый список: the amount selector "td:nth-child(" is not valid CSS; nothing was read with it',
      field: 'amount',
      selector: 'td:nth-child(',
    });
    expect(snapshot.deals).toHaveLength(ownDeals.length);
    expect(snapshot.deals.every((d) => d.amount === null)).toBe(true);
  });

  it('groups a problem of many cards into one, with a few examples', () => {
    const problems = readPage(doc, withSelectors({ stage: 'td.stage' }), ALT_URL, NOW).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^Старый список: 65 cards skipped: no stage found for them \(e\.g\. cards (\/leads\/detail\/\d+, ){4}\/leads\/detail\/\d+\)$/);
  });

  it('reads a column title as the stage of the cards inside the column', () => {
    const board = new DOMParser().parseFromString(
      `<div class="col"><h3>Новые</h3><div class="c"><b>А</b></div></div><div class="col"><h3>Выиграно</h3><div class="c"><b>Б</b></div></div><div class="c"><b>В</b></div>`,
      'text/html',
    );
    const c = config({ selectors: { card: '.c', title: 'b', column: '.col', columnTitle: 'h3', currentUser: 'b' }, wonStages: ['выиграно'] });
    const preview = readPreview(board, c, ALT_URL);
    expect(preview.rows.map((r) => [r.title, r.stage, r.status, r.skipped])).toEqual([
      ['А', 'Новые', 'open', null],
      ['Б', 'Выиграно', 'won', null],
      ['В', null, 'open', 'stage-missing'],
    ]);
  });
});

describe('deal ids and links', () => {
  const card = (patch: Partial<RawCard>): RawCard => ({ id: null, title: 'Сделка', href: null, amount: null, stage: null, owner: null, client: null, ...patch });
  const url = new URL('https://crm.example.com/deals/list?page=2#top');

  it('takes the id attribute, else the link path, else the title; repeated titles get a number, a repeated deal is marked', () => {
    expect(
      cardIds(
        [
          card({ id: 'D-1' }),
          card({ href: '/deal/5?tab=main' }),
          card({ href: 'https://elsewhere.example.com/deal/6', title: 'Ремонт  офиса' }),
          card({ title: 'ремонт офиса' }),
          card({ href: '/deal/5?tab=main' }),
          card({ title: null }),
        ],
        url,
      ),
    ).toEqual([
      { id: 'D-1', source: 'attribute', duplicate: false },
      { id: '/deal/5?tab=main', source: 'link', duplicate: false },
      { id: 'title:ремонт офиса', source: 'title', duplicate: false },
      { id: 'title:ремонт офиса #2', source: 'title', duplicate: false },
      { id: '/deal/5?tab=main', source: 'link', duplicate: true },
      { id: 'card-6', source: 'position', duplicate: false },
    ]);
  });

  it('links a deal without a same-origin link to the page itself, and reads a repeated deal once', () => {
    const doc = new DOMParser().parseFromString(
      `<span id="me">Олег</span><ul><li data-id="7"><a href="javascript:alert(1)">Первая</a></li><li><a href="https://evil.example.com/x">Вторая</a></li><li data-id="7"><a>Первая</a></li></ul>`,
      'text/html',
    );
    const c = config({ origin: url.origin, selectors: { card: 'li', title: 'a', currentUser: '#me' }, idAttribute: 'data-id' });
    const snapshot = readPage(doc, c, url, NOW);
    expect(snapshot.deals.map((d) => [d.crmId, d.url])).toEqual([
      ['7', 'https://crm.example.com/deals/list?page=2#7'],
      ['title:вторая', `https://crm.example.com/deals/list?page=2#${encodeURIComponent('title:вторая')}`],
    ]);
    expect(snapshot.problems.map((p) => p.code)).toEqual(['id-missing', 'id-from-title', 'amount-not-read', 'stage-not-read', 'dates-unavailable']);
    expect(parseMessage({ kind: 'snapshot', part: { index: 0, count: 1 }, snapshot })).toMatchObject({ ok: true });
  });
});

// ---------------------------------------------------------------- the configuration

const draft = (patch: Partial<GenericDraft> = {}): GenericDraft => ({
  ...EMPTY_DRAFT,
  origin: 'https://crm.example.com',
  pathPrefix: '/deals',
  label: 'Example CRM',
  card: '.deal',
  title: '.deal__name',
  ...patch,
});
const identity = { id: 'c1', createdAt: NOW.getTime() };

describe('checkDraft', () => {
  it('turns a good draft into a configuration, dropping empty selectors and splitting stage names', () => {
    expect(checkDraft(draft({ origin: ' https://CRM.example.com/ ', currency: 'usd', amount: ' .deal__sum ', wonStages: 'Won, Оплачено\nClosed won', idAttribute: 'data-deal-id' }), identity)).toEqual({
      value: {
        id: 'c1',
        origin: 'https://crm.example.com',
        pathPrefix: '/deals',
        label: 'Example CRM',
        selectors: { card: '.deal', title: '.deal__name', amount: '.deal__sum' },
        idAttribute: 'data-deal-id',
        wonStages: ['Won', 'Оплачено', 'Closed won'],
        lostStages: [],
        currency: 'USD',
        createdAt: NOW.getTime(),
      },
      errors: {},
    });
  });

  it.each([
    ['no card selector', { card: '' }, { card: 'required' }],
    ['no title selector', { title: '  ' }, { title: 'required' }],
    ['a selector that is not CSS', { amount: 'div[' }, { amount: 'invalid-css' }],
    ['a pseudo-class argument that is not a formula', { owner: 'td:nth-child(x)' }, { owner: 'invalid-css' }],
    ['a selector too long', { stage: `.${'a'.repeat(200)}` }, { stage: 'too-long' }],
    ['plain http on a public host', { origin: 'http://crm.example.com' }, { origin: 'origin' }],
    ['a page address instead of the site', { origin: 'https://crm.example.com/deals' }, { origin: 'origin' }],
    ['not an address', { origin: 'crm.example.com' }, { origin: 'origin' }],
    ['no site at all', { origin: '' }, { origin: 'required' }],
    ['a path without its slash', { pathPrefix: 'deals' }, { pathPrefix: 'path' }],
    ['no name', { label: '' }, { label: 'required' }],
    ['a currency that is not a code', { currency: 'рубли' }, { currency: 'currency' }],
    ['an attribute name with a space', { idAttribute: 'data id' }, { idAttribute: 'attribute' }],
    ['a column without its title', { column: '.col' }, { columnTitle: 'column-pair' }],
    ['several at once', { card: '', title: 'a[', origin: 'ftp://x' }, { card: 'required', title: 'invalid-css', origin: 'origin' }],
  ] as const)('%s', (_what, patch, errors) => {
    expect(checkDraft(draft(patch), identity)).toEqual({ value: null, errors });
  });

  it('accepts loopback http for testing, and an empty path as every page', () => {
    expect(checkDraft(draft({ origin: 'http://127.0.0.1:5173', pathPrefix: '' }), identity).value).toMatchObject({ origin: 'http://127.0.0.1:5173', pathPrefix: '/' });
    expect(checkDraft(draft({ origin: 'http://localhost:3000/' }), identity).value?.origin).toBe('http://localhost:3000');
  });

  it('round-trips a configuration through the form draft', () => {
    const value = checkDraft(draft({ column: '.col', columnTitle: 'h3', lostStages: 'Отказ' }), identity).value!;
    expect(checkDraft(draftOf(value), identity).value).toEqual(value);
  });
});

describe('selector checks', () => {
  it.each(['.a', 'td:nth-child(3) > a[href^="/deal"]', '#deals tbody tr:not(.total)', "a[title='x, y']", 'ul > li + li', '[data-x="]"]'])('%s is valid', (selector) => {
    expect(isValidSelector(selector)).toBe(true);
    expect(looksLikeSelector(selector)).toBe(true);
  });
  it.each(['', 'div[', 'a > ', '.a { color: red }', ') a (', '> a', 'td:nth-child(x)', 'a[href=]'])('%j is refused by the browser', (selector) => {
    expect(isValidSelector(selector)).toBe(false);
  });
  // Without a DOM (a service worker) only the shape can be checked.
  it.each(['', 'div[', 'a > ', '.a { color: red }', ') a (', '> a', "a[title='x]", 'td:nth-child(2'])('%j is refused by the shape check', (selector) => {
    expect(looksLikeSelector(selector)).toBe(false);
  });
});

describe('originOf', () => {
  it.each([
    ['https://crm.example.com', 'https://crm.example.com'],
    ['https://crm.example.com/', 'https://crm.example.com'],
    ['https://crm.example.com:8443', 'https://crm.example.com:8443'],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:5173'],
    ['http://localhost', 'http://localhost'],
    ['http://crm.example.com', null],
    ['https://crm.example.com/deals', null],
    ['https://user@crm.example.com', null],
    ['javascript:alert(1)', null],
  ])('%s → %s', (text, origin) => expect(originOf(text)).toBe(origin));
});

describe('configFor', () => {
  const make = (id: string, origin: string, pathPrefix: string) => config({ id, origin, pathPrefix });
  const configs = [make('all', 'https://crm.example.com', '/'), make('deals', 'https://crm.example.com', '/deals'), make('alt', DEMO, '/alt/deals')];
  it.each([
    ['https://crm.example.com/deals/list', 'deals'],
    ['https://crm.example.com/contacts', 'all'],
    [`${DEMO}/alt/deals`, 'alt'],
    [`${DEMO}/leads/pipeline/101`, null],
    ['https://crm.example.com.evil.com/deals', null],
    ['http://crm.example.com/deals', null],
  ])('%s → %s', (url, id) => expect(configFor(new URL(url), configs)?.id ?? null).toBe(id));

  it('makes the generic adapter match exactly those pages', () => {
    const adapter = genericAdapter(config());
    expect(adapter.crm).toBe('generic');
    expect(adapter.matches(new URL(`${DEMO}/alt/deals?sort=id`))).toBe(true);
    expect(adapter.matches(new URL(`${DEMO}/leads/pipeline/101`))).toBe(false);
  });
});

describe('storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('saves, replaces by id, lists and deletes', async () => {
    expect(await loadConfigs()).toEqual([]);
    await saveConfig(config());
    await saveConfig(config({ id: 'other', label: 'Другой' }));
    await saveConfig(config({ label: 'Переименован' }));
    expect((await loadConfigs()).map((c) => [c.id, c.label])).toEqual([
      ['other', 'Другой'],
      ['alt', 'Переименован'],
    ]);
    await deleteConfig('other');
    expect((await loadConfigs()).map((c) => c.id)).toEqual(['alt']);
  });

  it('refuses to store an invalid configuration and ignores a broken stored one', async () => {
    await expect(saveConfig(config({ selectors: { card: 'tr[', title: 'td' } }))).rejects.toThrow();
    await fakeBrowser.storage.local.set({ [GENERIC_CONFIGS_KEY]: [config(), { id: 'x', origin: 'ftp://x' }, 'junk'] });
    expect((await loadConfigs()).map((c) => c.id)).toEqual(['alt']);
    expect(parseStoredConfigs({ not: 'a list' })).toEqual([]);
  });
});

describe('parsePreviewRequest', () => {
  it('accepts what the options page sends and nothing else', () => {
    const request = { kind: 'generic-preview', origin: DEMO, spec: pageSpec(config()), limit: 20 };
    expect(parsePreviewRequest(request)).toEqual(request);
    expect(parsePreviewRequest({ ...request, limit: 0 })).toBeNull();
    expect(parsePreviewRequest({ ...request, spec: { selectors: { title: 'a' }, idAttribute: null } })).toBeNull();
    expect(parsePreviewRequest({ kind: 'snapshot' })).toBeNull();
  });
});
