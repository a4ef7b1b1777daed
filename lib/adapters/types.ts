// The contract every CRM adapter fulfils: pure reading of a page or its JSON into a Snapshot.
import type { CrmKind, Millis, Problem, Snapshot } from '../model';

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
  /** When this account was last read completely; adapters may read only what changed since. */
  since: Millis | null;
}

export interface CrmAdapter {
  crm: CrmKind;
  /** Shown to users: "amoCRM", "Bitrix24". */
  label: string;
  matches(url: URL): boolean;
  /** Reads everything the user's session can see; throws only for programming errors (never for bad data). */
  read(ctx: ReadContext): Promise<Snapshot>;
}
