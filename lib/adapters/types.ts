// The contract every CRM adapter fulfils: pure reading of a page or its JSON into a Snapshot.
import type { CrmKind, Problem, ReadCursor, Snapshot } from '../model';

export interface ReadResult<T> {
  items: T[];
  problems: Problem[];
}

/** Same-origin JSON fetch with the page's session; injected so adapters stay testable. */
export type FetchJson = (path: string, init?: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> }) => Promise<unknown>;

/**
 * Plain values that only the page's own JavaScript world can see (the CRM's globals), read by a tiny
 * MAIN-world script and handed to the adapter. Every field is optional: pages differ.
 */
export interface PageGlobals {
  userId?: string;
  userName?: string;
  /** A session or CSRF token the CRM's own requests carry (e.g. Bitrix24 `sessid`). */
  token?: string;
  /** Account or portal id where the CRM has one (e.g. HubSpot portal id, amoCRM account id). */
  accountId?: string;
  /** The account's currency (ISO 4217) when the page knows it. */
  currency?: string;
}

export interface ReadContext {
  /** The page's URL. */
  url: URL;
  /** The page's document (or a fixture's). */
  document: Document;
  fetchJson: FetchJson;
  /** What the MAIN-world script read from the page's globals; null when it did not answer. */
  pageGlobals: PageGlobals | null;
  /** The page's cookies as the content script sees them (e.g. HubSpot's CSRF cookie); "" in tests unless set. */
  cookies: string;
  now: Date;
  /**
   * The last complete API read of this account; an adapter may read only what changed since, but
   * only when the same CRM user is signed in (see ReadCursor).
   */
  since: ReadCursor | null;
}

export interface CrmAdapter {
  crm: CrmKind;
  /** Shown to users: "amoCRM", "Bitrix24". */
  label: string;
  matches(url: URL): boolean;
  /** Fewest milliseconds between two requests to this CRM (its rate limit); 150 when not set. */
  minRequestIntervalMs?: number;
  /**
   * Runs in the page's MAIN world (so it must be pure and tiny): picks plain values out of the page's
   * globals. `win` is the page's window; never throws.
   */
  readPageGlobals?: (win: Record<string, unknown>) => PageGlobals;
  /** Reads everything the user's session can see; throws only for programming errors (never for bad data). */
  read(ctx: ReadContext): Promise<Snapshot>;
  /** The deal cards on the open board or list by deal id, for the on-page stalled badges (one pass over the page). */
  cardIndex?: (root: ParentNode) => Map<string, Element>;
}
