// The generic adapter: reads deal cards of any CRM page with the CSS selectors the user wrote (lib/generic-config.ts).
// Two steps, so the options page's live preview and the content script read alike: `collectCards` copies
// plain texts out of the page (it also runs inside a tab through scripting.executeScript), `mapPage` turns
// them into deals and problems.
import * as v from 'valibot';
import { configMatches, pageSpec, SELECTOR_FIELDS, type GenericConfig, type PageSpec, type SelectorField } from '../generic-config';
import type { DealFields, ManagerFields, PipelineFields, Problem, Snapshot, StageFields, StageKind } from '../model';
import { parseMoney } from '../parse';
import { pathSegment, sameOriginLink } from './kit';
import type { CrmAdapter, ReadContext } from './types';

/** How many cards the options page previews. */
export const PREVIEW_LIMIT = 20;

/** What one card shows, as plain text. null: the element is not on the card, or its selector is not set. */
export interface RawCard {
  /** The id attribute's value. */
  id: string | null;
  title: string | null;
  /** The deal link's href as written in the page. */
  href: string | null;
  amount: string | null;
  /** The card's own stage text, else its column's title. */
  stage: string | null;
  owner: string | null;
  client: string | null;
}

export interface RawPage {
  /** The page the cards were read on. */
  url: string;
  /** Every card the card selector matched (only the first `limit` are in `cards`). */
  cardCount: number;
  cards: RawCard[];
  /** The signed-in user's name, when a selector names it. */
  currentUser: string | null;
  /** Selectors the browser refused as CSS; nothing was read with them. */
  invalid: { field: SelectorField; selector: string }[];
}

/**
 * Copies the texts the selectors point at out of the page: the first `limit` cards (all when null).
 * It runs inside the CRM tab through scripting.executeScript, which sends only its source: it must not
 * use anything from outside this function, and must return plain data. `root` is for tests and the
 * content script; the injected copy reads `document`.
 */
export function collectCards(spec: PageSpec, limit: number | null, root?: ParentNode): RawPage {
  const scope: ParentNode = root ?? document;
  const selectors = spec.selectors as unknown as Record<string, string | undefined>;
  const invalid: { field: SelectorField; selector: string }[] = [];
  const refused: Record<string, boolean> = {};
  const refuse = (field: SelectorField, selector: string): void => {
    if (refused[field]) return;
    refused[field] = true;
    invalid.push({ field, selector });
  };
  const one = (from: ParentNode, field: SelectorField): Element | null => {
    const selector = selectors[field];
    if (!selector || refused[field]) return null;
    try {
      return from.querySelector(selector);
    } catch {
      refuse(field, selector);
      return null;
    }
  };
  const around = (el: Element, field: SelectorField): Element | null => {
    const selector = selectors[field];
    if (!selector || refused[field]) return null;
    try {
      return el.closest(selector);
    } catch {
      refuse(field, selector);
      return null;
    }
  };
  const textOf = (el: Element | null): string | null => {
    if (el === null) return null;
    let shown = el.textContent ?? '';
    // A select shows its chosen option; an input its value.
    if (el.localName === 'select') shown = (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '';
    else if (el.localName === 'input') shown = (el as HTMLInputElement).value;
    return shown.replace(/\s+/g, ' ').trim();
  };

  let found: Element[] = [];
  const cardSelector = selectors.card ?? '';
  try {
    found = Array.from(scope.querySelectorAll(cardSelector));
  } catch {
    refuse('card', cardSelector);
  }
  const cards: RawCard[] = [];
  for (const card of found.slice(0, limit ?? found.length)) {
    const titleEl = one(card, 'title');
    let linkEl: Element | null = null;
    if (selectors.link) linkEl = one(card, 'link');
    else if (titleEl) {
      // No link selector: the title itself, when it is (or holds) a link.
      const outer = titleEl.closest('a[href]');
      linkEl = outer && card.contains(outer) ? outer : titleEl.querySelector('a[href]');
    }
    const href = linkEl ? (linkEl.getAttribute('href') ?? linkEl.querySelector('a[href]')?.getAttribute('href') ?? null) : null;
    let stage = selectors.stage ? textOf(one(card, 'stage')) : null;
    if (stage === null && selectors.column) {
      const column = around(card, 'column');
      stage = column ? textOf(one(column, 'columnTitle')) : null;
    }
    const id = spec.idAttribute ? (card.getAttribute(spec.idAttribute) ?? '').trim() : '';
    cards.push({
      id: id === '' ? null : id,
      title: textOf(titleEl),
      href,
      amount: textOf(one(card, 'amount')),
      stage,
      owner: textOf(one(card, 'owner')),
      client: textOf(one(card, 'client')),
    });
  }
  const doc = (scope as Node).ownerDocument ?? (scope as Document);
  return { url: doc.URL, cardCount: found.length, cards, currentUser: textOf(one(scope, 'currentUser')), invalid };
}

// ---------------------------------------------------------------- mapping: texts → deals

/** Why a card would not be stored. */
export type SkipReason = 'title-missing' | 'stage-missing' | 'owner-missing' | 'owner-unknown' | 'duplicate';

/** One card as it would be read, for the preview table. */
export interface PreviewRow {
  id: string;
  title: string | null;
  client: string | null;
  stage: string | null;
  status: StageKind;
  amount: number | null;
  currency: string;
  owner: string | null;
  url: string;
  skipped: SkipReason | null;
}

export interface GenericPreview {
  url: string;
  cardCount: number;
  currentUser: string | null;
  rows: PreviewRow[];
  problems: Problem[];
}

export interface PageRead extends GenericPreview {
  deals: DealFields[];
  managers: ManagerFields[];
  pipelines: PipelineFields[];
  stages: StageFields[];
  currentUserId: string | null;
}

const FIELD_NAMES: Record<SelectorField, string> = {
  card: 'card',
  title: 'title',
  amount: 'amount',
  column: 'column',
  columnTitle: 'column title',
  stage: 'stage',
  owner: 'owner',
  client: 'client',
  link: 'deal link',
  currentUser: 'current user',
};

const normal = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();
const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** Manager and stage ids are their names as the page shows them, folded: "Анна  Кузнецова" and "анна кузнецова" are one person. */
export function idFromName(name: string): string {
  return clip(normal(name), 200);
}

type IdSource = 'attribute' | 'link' | 'title' | 'position';

/**
 * Deal ids, in card order: the id attribute, else the deal link's path, else the title. The same id
 * twice is the same deal shown twice, except for ids made from titles (two deals may share a name).
 */
export function cardIds(cards: readonly RawCard[], pageUrl: URL): { id: string; source: IdSource; duplicate: boolean }[] {
  const seen = new Map<string, number>();
  return cards.map((card, index) => {
    const link = sameOriginLink(card.href, pageUrl);
    const linkId = link ? `${link.pathname}${link.search}${link.hash}` : '';
    let id: string;
    let source: IdSource;
    if (card.id !== null && card.id.length <= 200) [id, source] = [card.id, 'attribute'];
    else if (linkId !== '' && linkId.length <= 200) [id, source] = [linkId, 'link'];
    else if (card.title) [id, source] = [`title:${clip(normal(card.title), 190)}`, 'title'];
    else [id, source] = [`card-${index + 1}`, 'position'];
    const times = (seen.get(id) ?? 0) + 1;
    seen.set(id, times);
    if (times === 1) return { id, source, duplicate: false };
    return source === 'title' ? { id: `${id} #${times}`, source, duplicate: false } : { id, source, duplicate: true };
  });
}

/** Problems of one kind on many cards, reported once with a few examples (as the other adapters do). */
class GroupedProblems {
  private readonly groups = new Map<string, { what: string; field: string; selector: string | undefined; ids: string[] }>();
  add(code: string, what: string, field: string, selector: string | undefined, cardId: string): void {
    const group = this.groups.get(code) ?? { what, field, selector, ids: [] };
    group.ids.push(cardId);
    this.groups.set(code, group);
  }
  list(label: string): Problem[] {
    return [...this.groups].map(([code, { what, field, selector, ids }]) => ({
      code,
      message: clip(`${label}: ${ids.length} ${ids.length === 1 ? 'card' : 'cards'} ${what} (${ids.length === 1 ? 'card' : 'e.g. cards'} ${ids.slice(0, 5).join(', ')})`, 1000),
      ...(ids.length === 1 && ids[0] !== undefined ? { itemId: clip(ids[0], 200) } : {}),
      field,
      ...(selector === undefined ? {} : { selector: clip(selector, 500) }),
    }));
  }
}

/** The texts of a page → deals, stages, managers, the rows of the preview and everything that could not be read. */
export function mapPage(raw: RawPage, config: GenericConfig, pageUrl: URL): PageRead {
  const { selectors, label } = config;
  const problems: Problem[] = [];
  const grouped = new GroupedProblems();
  const where = `${label}: on ${pageUrl.pathname}`;

  for (const { field, selector } of raw.invalid) {
    problems.push({
      code: 'selector-invalid',
      message: clip(`${label}: the ${FIELD_NAMES[field]} selector "${selector}" is not valid CSS; nothing was read with it`, 1000),
      field,
      selector: clip(selector, 500),
    });
  }
  if (raw.cardCount === 0 && !raw.invalid.some((i) => i.field === 'card')) {
    problems.push({ code: 'layout-changed', message: clip(`${where} no element matches the card selector "${selectors.card}"; nothing was read`, 1000), field: 'card', selector: clip(selectors.card, 500) });
  }

  const currentUser = raw.currentUser === null || raw.currentUser === '' ? null : clip(raw.currentUser, 300);
  if (selectors.currentUser !== undefined && currentUser === null && !raw.invalid.some((i) => i.field === 'currentUser')) {
    problems.push({ code: 'current-user-missing', message: clip(`${where} the current user selector "${selectors.currentUser}" shows no name; the signed-in user is unknown`, 1000), field: 'currentUser', selector: clip(selectors.currentUser, 500) });
  }
  const currentUserId = currentUser === null ? null : idFromName(currentUser);

  const won = new Set(config.wonStages.map(normal));
  const lost = new Set(config.lostStages.map(normal));
  const kindOf = (stage: string): StageKind => (won.has(normal(stage)) ? 'won' : lost.has(normal(stage)) ? 'lost' : 'open');
  const pipelineId = clip(`generic:${config.id}`, 200);
  const stageSet = selectors.stage !== undefined || selectors.column !== undefined;
  const stageSelector = selectors.stage ?? [selectors.column, selectors.columnTitle].filter(Boolean).join(' ');

  const stages = new Map<string, StageFields>();
  const owners = new Map<string, string>();
  if (currentUser !== null && currentUserId !== null) owners.set(currentUserId, currentUser);
  const rows: PreviewRow[] = [];
  const deals: DealFields[] = [];
  let titleIds = 0;

  const ids = cardIds(raw.cards, pageUrl);
  // A deal without a link of its own opens the page it is listed on, marked with its id.
  const pageWithoutHash = new URL(pageUrl.href);
  pageWithoutHash.hash = '';
  raw.cards.forEach((card, index) => {
    const { id, source, duplicate } = ids[index] ?? { id: `card-${index + 1}`, source: 'position', duplicate: false };
    if (source === 'title') titleIds += 1;
    if (config.idAttribute !== null && card.id === null) grouped.add('id-missing', `have no "${config.idAttribute}" attribute; their ids come from the deal link or the title`, 'id', config.idAttribute, id);
    const link = sameOriginLink(card.href, pageUrl);
    const url = link?.href ?? `${pageWithoutHash.href}#${pathSegment(id)}`;

    const title = card.title === null || card.title === '' ? null : clip(card.title, 1000);
    const stageName = stageSet ? (card.stage === null || card.stage === '' ? null : clip(card.stage, 300)) : label;
    const status: StageKind = stageName === null ? 'open' : kindOf(stageName);

    let amount: number | null = null;
    let currency = config.currency;
    let amountProblem: [code: string, what: string] | null = null;
    if (selectors.amount !== undefined) {
      if (card.amount === null || !/\d/.test(card.amount)) amountProblem = ['amount-missing', 'without amount'];
      else {
        const money = parseMoney(card.amount);
        if (money === null) amountProblem = ['amount-unreadable', `with an amount that is not a number (seen "${clip(card.amount, 40)}")`];
        else {
          amount = money.value;
          currency = money.currency ?? config.currency;
        }
      }
    }

    // No owner on the cards: the page lists the signed-in user's own deals.
    const owner = selectors.owner === undefined ? currentUser : card.owner === null || card.owner === '' ? null : clip(card.owner, 300);
    let skipped: SkipReason | null = null;
    if (duplicate) skipped = 'duplicate';
    else if (title === null) skipped = 'title-missing';
    else if (stageName === null) skipped = 'stage-missing';
    else if (owner === null) skipped = selectors.owner !== undefined ? 'owner-missing' : 'owner-unknown';

    const client = card.client === null || card.client === '' ? null : clip(card.client, 500);
    rows.push({ id, title, client, stage: stageName, status, amount, currency, owner, url, skipped });

    switch (skipped) {
      case 'duplicate':
        return; // the same deal shown twice: read once
      case 'title-missing':
        return grouped.add('title-missing', `skipped: no title (selector finds nothing or an empty text)`, 'title', selectors.title, id);
      case 'stage-missing':
        return grouped.add('stage-missing', 'skipped: no stage found for them', 'stageId', stageSelector, id);
      case 'owner-missing':
        return grouped.add('owner-missing', 'skipped: no owner shown on them', 'ownerId', selectors.owner, id);
      case 'owner-unknown':
        return grouped.add('owner-unknown', 'skipped: no owner selector, and no current user selector to credit them to (set one of the two)', 'ownerId', undefined, id);
    }
    if (title === null || stageName === null || owner === null) return;
    // Only cards that are kept report their fields: a skipped card is reported once, for why it was skipped.
    if (amountProblem !== null) grouped.add(amountProblem[0], amountProblem[1], 'amount', selectors.amount, id);
    const stageId = idFromName(stageName);
    if (!stages.has(stageId)) stages.set(stageId, { crmId: stageId, pipelineId, name: stageName, order: stages.size, kind: status });
    const ownerId = idFromName(owner);
    if (!owners.has(ownerId)) owners.set(ownerId, owner);
    deals.push({
      crmId: id,
      title,
      amount,
      currency,
      pipelineId,
      stageId,
      status,
      ownerId,
      // The page shows no dates: 0 means "unknown", so a page read never looks newer than another read.
      createdAt: 0,
      stageEnteredAt: null,
      updatedAt: 0,
      closedAt: null,
      lossReason: null,
      client,
      nextTaskAt: null,
      url,
    });
  });

  problems.push(...grouped.list(label));
  if (titleIds > 0) {
    problems.push({ code: 'id-from-title', message: `${label}: ${titleIds} ${titleIds === 1 ? 'card has' : 'cards have'} no id attribute and no deal link; ${titleIds === 1 ? 'its id comes' : 'their ids come'} from the title, so a renamed deal is read as a new one`, field: 'id' });
  }
  if (raw.cards.length > 0 && selectors.amount === undefined) {
    problems.push({ code: 'amount-not-read', message: `${label}: no amount selector is set; deals were read without amounts`, field: 'amount' });
  }
  if (raw.cards.length > 0 && !stageSet) {
    problems.push({ code: 'stage-not-read', message: `${label}: no stage selector is set; every deal was read as open, in one stage named "${label}"`, field: 'stageId' });
  }
  if (deals.length > 0) {
    problems.push({ code: 'dates-unavailable', message: `${label}: the page shows no dates; ${deals.length} ${deals.length === 1 ? 'deal was' : 'deals were'} read without creation or stage dates and cannot be checked for stalling`, field: 'createdAt' });
  }

  return {
    url: raw.url,
    cardCount: raw.cardCount,
    currentUser,
    rows,
    problems,
    deals,
    managers: [...owners].map(([crmId, name]) => ({ crmId, name, title: null, active: true })),
    pipelines: deals.length > 0 ? [{ crmId: pipelineId, name: label, order: 0 }] : [],
    stages: [...stages.values()],
    currentUserId,
  };
}

/** What the options page shows for texts a tab sent back. */
export function previewFromRaw(raw: RawPage, config: GenericConfig, pageUrl: URL = new URL(raw.url)): GenericPreview {
  const { url, cardCount, currentUser, rows, problems } = mapPage(raw, config, pageUrl);
  return { url, cardCount, currentUser, rows, problems };
}

/** The first cards of a page as they would be read, and the problems: for tests over saved pages. */
export function readPreview(root: ParentNode, config: GenericConfig, pageUrl: URL): GenericPreview {
  return previewFromRaw(collectCards(pageSpec(config), PREVIEW_LIMIT, root), config, pageUrl);
}

/** One read of the page: every card. */
export function readPage(root: ParentNode, config: GenericConfig, pageUrl: URL, now: Date): Snapshot {
  const read = mapPage(collectCards(pageSpec(config), null, root), config, pageUrl);
  return {
    crm: 'generic',
    account: pageUrl.origin,
    accountName: config.label,
    currency: config.currency,
    readAt: now.getTime(),
    source: 'page',
    currentUserId: read.currentUserId,
    managers: read.managers,
    pipelines: read.pipelines,
    stages: read.stages,
    deals: read.deals,
    tasks: [],
    activities: [],
    problems: read.problems,
  };
}

export function genericAdapter(config: GenericConfig): CrmAdapter {
  const spec = pageSpec(config);
  return {
    crm: 'generic',
    label: config.label,
    matches: (url: URL) => configMatches(config, url),
    async read(ctx: ReadContext): Promise<Snapshot> {
      return readPage(ctx.document, config, ctx.url, ctx.now);
    },
    cardIndex(root: ParentNode): Map<string, Element> {
      const index = new Map<string, Element>();
      let elements: Element[];
      let pageUrl: URL;
      try {
        elements = Array.from(root.querySelectorAll(spec.selectors.card));
        pageUrl = new URL(((root as Node).ownerDocument ?? (root as Document)).URL);
      } catch {
        return index;
      }
      cardIds(collectCards(spec, null, root).cards, pageUrl).forEach((card, i) => {
        const element = elements[i];
        if (element && !card.duplicate && card.id) index.set(card.id, element);
      });
      return index;
    },
  };
}

// ---------------------------------------------------------------- what a tab sends back

const text = v.nullable(v.pipe(v.string(), v.maxLength(10_000)));
const RawPageSchema = v.object({
  url: v.pipe(v.string(), v.maxLength(4000)),
  cardCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  cards: v.pipe(v.array(v.object({ id: text, title: text, href: text, amount: text, stage: text, owner: text, client: text })), v.maxLength(100_000)),
  currentUser: text,
  invalid: v.array(v.object({ field: v.picklist(SELECTOR_FIELDS), selector: v.string() })),
});

/** The texts a tab answered with, if they have the shape `collectCards` returns (a page's own scripts never reach them, but a stale extension might). */
export function parseRawPage(raw: unknown): RawPage | null {
  const result = v.safeParse(RawPageSchema, raw);
  return result.success ? result.output : null;
}
