// Runs an adapter over the open page and hands its snapshot to the background, in parts; reports failures.
import type { CrmAdapter, FetchJson, PageGlobals } from '../../lib/adapters/types';
import { currentTime } from '../../lib/clock';
import { splitSnapshot, type Message, type Reply } from '../../lib/messages';
import type { Problem } from '../../lib/model';
import type { OverlayState } from '../../lib/queries/overlay';
import { HttpError } from './fetch-json';

export interface ReaderDeps {
  adapter: CrmAdapter;
  document: Document;
  location: () => URL;
  fetchJson: FetchJson;
  /** Asks the MAIN-world script for the page's globals; resolves null when it does not answer. */
  pageGlobals: () => Promise<PageGlobals | null>;
  cookies: () => string;
  send: (message: Message) => Promise<Reply>;
  now?: () => Date;
}

export interface ReadOutcome {
  ok: boolean;
  written: number;
  problems: Problem[];
  /** Today's figures the background worked out after a complete read (absent when it could not). */
  overlay?: OverlayState | null;
}

function problemOf(error: unknown, adapter: CrmAdapter, url: URL): Problem {
  if (error instanceof HttpError) {
    const what = error.status === 401 || error.status === 403 ? 'the CRM refused access (signed out?)' : 'the CRM did not answer';
    return { code: `http-${error.status}`, message: `${adapter.label}: ${what}, HTTP ${error.status} for ${error.path}` };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'read-failed', message: `${adapter.label}: could not read ${url.pathname}: ${detail}` };
}

/** One full read of the page; never throws (the CRM page must keep working whatever happens). */
export async function readOnce(deps: ReaderDeps): Promise<ReadOutcome> {
  const url = deps.location();
  const now = deps.now?.() ?? (await currentTime());
  try {
    const state = await deps.send({ kind: 'read-state', account: url.origin });
    const since = state.ok && 'since' in state ? state.since : null;
    const pageGlobals = await deps.pageGlobals();
    const snapshot = await deps.adapter.read({ url, document: deps.document, fetchJson: deps.fetchJson, pageGlobals, cookies: deps.cookies(), now, since });
    const parts = splitSnapshot(snapshot);
    let written = 0;
    let overlay: OverlayState | null | undefined;
    for (const [index, part] of parts.entries()) {
      const reply = await deps.send({ kind: 'snapshot', part: { index, count: parts.length }, snapshot: part });
      if (!reply.ok) throw new Error(`the extension refused the data: ${reply.error}`);
      if ('written' in reply) {
        written += reply.written;
        overlay = reply.overlay;
      }
    }
    return { ok: true, written, problems: snapshot.problems, ...(overlay === undefined ? {} : { overlay }) };
  } catch (error) {
    const problem = problemOf(error, deps.adapter, url);
    console.warn('[sales-pace]', problem.message);
    try {
      await deps.send({ kind: 'read-failed', crm: deps.adapter.crm, account: url.origin, at: now.getTime(), problems: [problem] });
    } catch (sendError) {
      // The background is gone (extension reloaded or updated): nothing more we can do from this page.
      console.warn('[sales-pace] could not report the failure', sendError);
    }
    return { ok: false, written: 0, problems: [problem] };
  }
}

/** Serialises reads and coalesces bursts of triggers (SPA navigation, cards moving) into one read. */
export function createReadScheduler(run: () => Promise<unknown>, debounceMs = 1500) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | null = null;
  let again = false;
  const start = () => {
    if (running) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = null;
      if (again) {
        again = false;
        schedule();
      }
    });
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(start, debounceMs);
  };
  return { now: start, schedule, cancel: () => clearTimeout(timer) };
}

/** Chromium's words when the service worker was stopped, or stopped while answering. */
const WORKER_GONE = /Receiving end does not exist|message port closed before a response was received/i;

/**
 * Sends to the background, and when its service worker was just stopped (the browser does that to idle
 * workers, and a worker can be killed mid-answer) tries again after a pause, which wakes it. Ingest is
 * idempotent, so a part sent twice is stored once. Any other error, or the last failure, is thrown.
 */
export async function sendWaking<T>(send: () => Promise<T>, pausesMs: readonly number[] = [250, 750, 2000]): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      const pause = pausesMs[attempt];
      if (pause === undefined || !(error instanceof Error) || !WORKER_GONE.test(error.message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
