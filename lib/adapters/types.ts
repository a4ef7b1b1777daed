// The contract every CRM adapter fulfils: pure reading of a page or its JSON into a Snapshot.
import type { CrmKind, Problem, ReadCursor, Snapshot } from '../model';

export interface ReadResult<T> {
  items: T[];
  problems: Problem[];
}

/** Same-origin JSON fetch with the page's session; injected so adapters stay testable. */
export type FetchJson = (path: string, init?: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> }) => Promise<unknown>;

export interface ReadContext {
  /** The page's URL. */
  url: URL;
  /** The page's document (or a fixture's). */
  document: Document;
  fetchJson: FetchJson;
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
  /** Reads everything the user's session can see; throws only for programming errors (never for bad data). */
  read(ctx: ReadContext): Promise<Snapshot>;
}
