// The "other CRM" configurations: which page of which site to read with which CSS selectors; validation and storage.
import * as v from 'valibot';

/** Where the configurations live in browser.storage.local. */
export const GENERIC_CONFIGS_KEY = 'genericConfigs';
export const MAX_SELECTOR_LENGTH = 200;
export const MAX_LABEL_LENGTH = 60;
export const MAX_STAGE_NAME_LENGTH = 100;
export const MAX_STAGE_NAMES = 50;

/** Every selector a configuration may name, in the order the form shows them. Only card and title are required. */
export const SELECTOR_FIELDS = ['card', 'title', 'amount', 'column', 'columnTitle', 'stage', 'owner', 'client', 'link', 'currentUser'] as const;
export type SelectorField = (typeof SELECTOR_FIELDS)[number];

export interface GenericSelectors {
  /** One deal: a kanban card or a list row. */
  card: string;
  /** Inside the card: the deal's name. */
  title: string;
  /** Inside the card: the amount as the page shows it ("1 250 000 ₽"). */
  amount?: string;
  /** Around the card: its kanban column; the stage is the column's title. */
  column?: string;
  /** Inside the column: the stage name. */
  columnTitle?: string;
  /** Inside the card: the stage name, for lists that show it per deal. */
  stage?: string;
  /** Inside the card: the responsible manager's name. */
  owner?: string;
  /** Inside the card: the client company or contact. */
  client?: string;
  /** Inside the card: the link that opens the deal (when not set, the title itself if it is a link). */
  link?: string;
  /** Anywhere on the page: the signed-in user's name (a select shows its chosen option). */
  currentUser?: string;
}

export interface GenericConfig {
  id: string;
  /** "https://crm.example.com"; plain http only for 127.0.0.1 and localhost (testing). */
  origin: string;
  /** The configuration reads pages whose path starts with this ("/" for every page of the site). */
  pathPrefix: string;
  /** The user's name for this CRM; also the account name shown in the popup. */
  label: string;
  selectors: GenericSelectors;
  /** The card attribute that holds the CRM's own deal id ("data-id"); null: ids come from the deal link, else the title. */
  idAttribute: string | null;
  /** Stage names (as the page shows them) that mean the deal is won or lost; every other stage is open. */
  wonStages: string[];
  lostStages: string[];
  /** ISO 4217: the account's currency, for amounts that name none. */
  currency: string;
  createdAt: number;
}

/** What the selectors and attribute need to read a page: the part of a configuration that travels to a tab. */
export interface PageSpec {
  selectors: GenericSelectors;
  idAttribute: string | null;
}

export const pageSpec = (config: Pick<GenericConfig, 'selectors' | 'idAttribute'>): PageSpec => ({ selectors: config.selectors, idAttribute: config.idAttribute });

// ---------------------------------------------------------------- validation

/** Why a value is refused; the options page turns these into sentences. Each is a valibot issue message. */
export type ConfigErrorCode = 'required' | 'too-long' | 'invalid-css' | 'origin' | 'path' | 'currency' | 'attribute' | 'column-pair' | 'invalid';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost']);

/** "https://crm.example.com/" → "https://crm.example.com"; null for anything but a bare https (or loopback http) origin. */
export function originOf(text: string): string | null {
  const typed = text.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return null;
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  return allowed && url.origin === typed.toLowerCase() ? url.origin : null;
}

/** Loopback sites need no permission: our content script is declared for them in the manifest. */
export function isLoopback(origin: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/**
 * True when the browser accepts the selector. Where there is a DOM (pages, jsdom) the browser itself
 * decides; elsewhere (a service worker) a rough shape check stands in.
 */
export function isValidSelector(selector: string): boolean {
  const doc: Document | undefined = (globalThis as { document?: Document }).document;
  if (doc && typeof doc.createDocumentFragment === 'function') {
    try {
      doc.createDocumentFragment().querySelector(selector);
      return true;
    } catch {
      return false;
    }
  }
  return looksLikeSelector(selector);
}

/** A pure approximation of "is valid CSS": balanced brackets and quotes, no rule syntax, no dangling combinator. */
export function looksLikeSelector(selector: string): boolean {
  const s = selector.trim();
  if (s === '' || /[{};]/.test(s) || /[>+~,]\s*$/.test(s) || /^[>+~,]/.test(s)) return false;
  const closing: Record<string, string> = { '(': ')', '[': ']' };
  const open: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charAt(i);
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (quote !== null) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') open.push(closing[c] ?? '');
    else if (c === ')' || c === ']') {
      if (open.pop() !== c) return false;
    }
  }
  return quote === null && open.length === 0;
}

const code = (c: ConfigErrorCode) => c;

const SelectorSchema = v.pipe(
  v.string(),
  v.trim(),
  v.nonEmpty(code('required')),
  v.maxLength(MAX_SELECTOR_LENGTH, code('too-long')),
  v.check(isValidSelector, code('invalid-css')),
);

const SelectorsSchema = v.pipe(
  v.object({
    card: SelectorSchema,
    title: SelectorSchema,
    amount: v.optional(SelectorSchema),
    column: v.optional(SelectorSchema),
    columnTitle: v.optional(SelectorSchema),
    stage: v.optional(SelectorSchema),
    owner: v.optional(SelectorSchema),
    client: v.optional(SelectorSchema),
    link: v.optional(SelectorSchema),
    currentUser: v.optional(SelectorSchema),
  }),
  // A column without its title (or the other way round) cannot name a stage.
  v.forward(
    v.partialCheck([['column'], ['columnTitle']], (s) => (s.column === undefined) === (s.columnTitle === undefined), code('column-pair')),
    ['columnTitle'],
  ),
);

const StageNamesSchema = v.pipe(
  v.array(v.pipe(v.string(), v.trim(), v.nonEmpty(code('required')), v.maxLength(MAX_STAGE_NAME_LENGTH, code('too-long')))),
  v.maxLength(MAX_STAGE_NAMES, code('too-long')),
);

export const GenericConfigSchema = v.object({
  id: v.pipe(v.string(), v.nonEmpty(code('required')), v.maxLength(100, code('too-long'))),
  origin: v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty(code('required')),
    v.check((text) => originOf(text) !== null, code('origin')),
    v.transform((text) => originOf(text) ?? text),
  ),
  pathPrefix: v.pipe(v.string(), v.trim(), v.maxLength(MAX_SELECTOR_LENGTH, code('too-long')), v.regex(/^\/[^\s?#]*$/, code('path'))),
  label: v.pipe(v.string(), v.trim(), v.nonEmpty(code('required')), v.maxLength(MAX_LABEL_LENGTH, code('too-long'))),
  selectors: SelectorsSchema,
  idAttribute: v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(100, code('too-long')), v.regex(/^[A-Za-z_][\w.:-]*$/, code('attribute')))),
  wonStages: StageNamesSchema,
  lostStages: StageNamesSchema,
  currency: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[A-Z]{3}$/, code('currency'))),
  createdAt: v.pipe(v.number(), v.finite(), v.integer()),
});

// The schema's output must stay the configuration type: a drift is a compile error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<v.InferOutput<typeof GenericConfigSchema>, GenericConfig> = true;
void schemaMatchesType;

/** The form's fields, as typed; lists of stage names are comma- or line-separated. */
export type DraftField = 'origin' | 'pathPrefix' | 'label' | 'currency' | 'idAttribute' | 'wonStages' | 'lostStages' | SelectorField;
export type GenericDraft = Record<DraftField, string>;

export const EMPTY_DRAFT: GenericDraft = {
  origin: '',
  pathPrefix: '/',
  label: '',
  currency: 'RUB',
  idAttribute: '',
  wonStages: '',
  lostStages: '',
  card: '',
  title: '',
  amount: '',
  column: '',
  columnTitle: '',
  stage: '',
  owner: '',
  client: '',
  link: '',
  currentUser: '',
};

const EMPTY_SELECTORS: Record<SelectorField, string> = Object.fromEntries(SELECTOR_FIELDS.map((field) => [field, ''])) as Record<SelectorField, string>;

export function draftOf(config: GenericConfig): GenericDraft {
  const selectors: Record<SelectorField, string> = { ...EMPTY_SELECTORS, ...config.selectors };
  return {
    origin: config.origin,
    pathPrefix: config.pathPrefix,
    label: config.label,
    currency: config.currency,
    idAttribute: config.idAttribute ?? '',
    wonStages: config.wonStages.join(', '),
    lostStages: config.lostStages.join(', '),
    ...selectors,
  };
}

const names = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');

export interface DraftCheck {
  value: GenericConfig | null;
  errors: Partial<Record<DraftField, ConfigErrorCode>>;
}

/** What the person typed → a configuration, or the reason for each refused field. */
export function checkDraft(draft: GenericDraft, identity: { id: string; createdAt: number }): DraftCheck {
  const selectors: Partial<Record<SelectorField, string>> = {};
  for (const field of SELECTOR_FIELDS) {
    const typed = draft[field].trim();
    // Card and title are required: kept even when empty so the schema says so.
    if (typed !== '' || field === 'card' || field === 'title') selectors[field] = typed;
  }
  const candidate = {
    id: identity.id,
    origin: draft.origin,
    pathPrefix: draft.pathPrefix.trim() === '' ? '/' : draft.pathPrefix,
    label: draft.label,
    selectors,
    idAttribute: draft.idAttribute.trim() === '' ? null : draft.idAttribute,
    wonStages: names(draft.wonStages),
    lostStages: names(draft.lostStages),
    currency: draft.currency,
    createdAt: identity.createdAt,
  };
  const result = v.safeParse(GenericConfigSchema, candidate);
  if (result.success) return { value: result.output, errors: {} };
  const errors: Partial<Record<DraftField, ConfigErrorCode>> = {};
  for (const issue of result.issues) {
    const field = draftFieldOf(issue.path?.map((item) => item.key) ?? []);
    if (field) errors[field] ??= isCode(issue.message) ? issue.message : 'invalid';
  }
  return { value: null, errors };
}

const DRAFT_FIELDS: ReadonlySet<string> = new Set<string>(Object.keys(EMPTY_DRAFT));
const CODES: ReadonlySet<string> = new Set<ConfigErrorCode>(['required', 'too-long', 'invalid-css', 'origin', 'path', 'currency', 'attribute', 'column-pair', 'invalid']);
const isCode = (message: string): message is ConfigErrorCode => CODES.has(message);

function draftFieldOf(path: readonly unknown[]): DraftField | null {
  const key = path[0] === 'selectors' ? path[1] : path[0];
  return typeof key === 'string' && DRAFT_FIELDS.has(key) ? (key as DraftField) : null;
}

// ---------------------------------------------------------------- matching pages

/** True when the configuration reads this page: same origin, path under its prefix. */
export function configMatches(config: Pick<GenericConfig, 'origin' | 'pathPrefix'>, url: URL): boolean {
  return url.origin === config.origin && url.pathname.startsWith(config.pathPrefix);
}

/** The configuration for a page; the longest matching path prefix wins. */
export function configFor(url: URL, configs: readonly GenericConfig[]): GenericConfig | null {
  let best: GenericConfig | null = null;
  for (const config of configs) {
    if (configMatches(config, url) && (best === null || config.pathPrefix.length > best.pathPrefix.length)) best = config;
  }
  return best;
}

// ---------------------------------------------------------------- storage

/** Stored configurations that still validate; a broken one is reported in the console and left out. */
export function parseStoredConfigs(stored: unknown): GenericConfig[] {
  if (!Array.isArray(stored)) return [];
  const configs: GenericConfig[] = [];
  for (const item of stored) {
    const result = v.safeParse(GenericConfigSchema, item);
    if (result.success) configs.push(result.output);
    else console.warn('[sales-pace] a stored generic CRM configuration is invalid and was ignored', result.issues[0]?.message);
  }
  return configs;
}

export async function loadConfigs(): Promise<GenericConfig[]> {
  return parseStoredConfigs((await browser.storage.local.get(GENERIC_CONFIGS_KEY))[GENERIC_CONFIGS_KEY]);
}

/** Adds the configuration, or replaces the one with its id. */
export async function saveConfig(config: GenericConfig): Promise<void> {
  const checked = v.parse(GenericConfigSchema, config);
  const configs = (await loadConfigs()).filter((c) => c.id !== checked.id);
  await browser.storage.local.set({ [GENERIC_CONFIGS_KEY]: [...configs, checked] });
}

export async function deleteConfig(id: string): Promise<void> {
  const configs = (await loadConfigs()).filter((c) => c.id !== id);
  await browser.storage.local.set({ [GENERIC_CONFIGS_KEY]: configs });
}

// ---------------------------------------------------------------- preview in a loopback tab

/**
 * The options page asks our content script in a loopback tab to run the selectors (the manifest gives
 * no host permission there, so executeScript is refused; the declared content script is already in the page).
 */
export const PREVIEW_REQUEST = 'generic-preview';

const PreviewRequestSchema = v.object({
  kind: v.literal(PREVIEW_REQUEST),
  origin: v.string(),
  spec: v.object({ selectors: v.pipe(v.record(v.string(), v.string()), v.check((s) => typeof s.card === 'string' && typeof s.title === 'string')), idAttribute: v.nullable(v.string()) }),
  limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)),
});

export interface PreviewRequest {
  kind: typeof PREVIEW_REQUEST;
  origin: string;
  spec: PageSpec;
  limit: number;
}

export function parsePreviewRequest(raw: unknown): PreviewRequest | null {
  const result = v.safeParse(PreviewRequestSchema, raw);
  if (!result.success) return null;
  const { card, title, ...rest } = result.output.spec.selectors;
  if (card === undefined || title === undefined) return null;
  return { ...result.output, spec: { selectors: { ...rest, card, title }, idAttribute: result.output.spec.idAttribute } };
}
