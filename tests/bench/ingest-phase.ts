// Ingest: the real content script reads a big team from the demo CRM's API and sends it to the background; timed against a raw IndexedDB put loop.
import type { CDPSession, Page } from '@playwright/test';
import { MAX_RECORDS_PER_MESSAGE } from '../../lib/messages';
import { startDemoCrm, type DemoCrm } from '../demo-crm/server';
import { signInAs, storedCounts } from '../support/demo-session';
import { installBigTeam, type BigTeam, type TeamSize } from './big-data';
import { bundleIife } from './bundle';
import { connectTarget, selfTimes, type CpuProfile } from './cdp-ws';
import { launch, type BenchBrowser } from './env';
import {
  call,
  CS_PATCH,
  CS_REPLAY,
  CS_SENDS,
  SW_BREAKDOWN_DONE,
  SW_BREAKDOWN_RUN,
  SW_BREAKDOWN_SETUP,
  SW_CLEAR,
  SW_FLOOR,
  SW_PATCH,
  SW_SEEN,
  SW_TAKE,
} from './in-browser';
import { median, sleep, waitFor } from './stats';

export interface IngestPhaseOptions {
  extensionDir: string;
  team: TeamSize;
  /** First-ingest timings: the real read, then this many replays of its messages into an emptied database. */
  replays: number;
  floorReps: number;
  /** CPU-profile the worker while the product's validation and ingest run on the same data (needs a DevTools port). */
  profile: boolean;
  /** How many parts' worth of rows (MAX_RECORDS_PER_MESSAGE of each kind) the validation/ingest breakdown replays (null: all). */
  breakdownParts: number | null;
  /**
   * The same data read again: `real` reloads the page as a second head (the content script has no cursor
   * for them, so it reads everything again through the API: slow, it is polite); `replay` sends the first
   * read's messages again stamped as a newer read (what such a read sends, without waiting for the API).
   */
  reread: 'real' | 'replay';
  log: (line: string) => void;
}

interface SendRecord {
  kind: string;
  t0: number;
  t1: number | null;
  index?: number;
  count?: number;
  deals?: number;
  tasks?: number;
  activities?: number;
  readAt?: number;
  reply: { ok: boolean; written?: number; skipped?: number; error?: string } | null;
}

interface SwTake {
  marker: string;
  puts: Record<string, number>;
  tx: { start: number; end: number | null; stores: string[]; aborted?: boolean }[];
}

export interface ReadTiming {
  /** From the first snapshot message leaving the content script to the background's reply to the last one. */
  ms: number;
  parts: number;
  written: number;
  /** Rows the worker put into our data stores (counted at IDBObjectStore.put). */
  rowsPut: number;
  /** Time inside the worker's read-write transactions (sum). */
  txMs: number;
  deals: number;
  activities: number;
}

export interface BreakdownPart {
  index: number;
  records: number;
  validateMs: number;
  ingestMs: number;
  written: number;
}

export interface IngestPhaseResult {
  team: BigTeam;
  stored: { deals: number; activities: number };
  /** Wall time of the real content script's API read (dominated by its polite 150 ms spacing of requests). */
  fetchSeconds: number;
  first: ReadTiming;
  replays: ReadTiming[];
  ingestMs: number;
  floorMs: number;
  floorTimes: number[];
  ingestRatio: number;
  incremental: ReadTiming;
  /** The same data again (see IngestPhaseOptions.reread). */
  full: ReadTiming;
  reread: 'real' | 'replay';
  seen: { rows: number; rewritten: number; added: number };
  reingestRows: number;
  managerRead: ReadTiming;
  breakdown: { first: BreakdownPart[]; again: BreakdownPart[]; profileFirst: { fn: string; ms: number; share: number }[]; profileAgain: { fn: string; ms: number; share: number }[] } | null;
  /** Kept open for the popup phase. */
  session: IngestSession;
}

export interface IngestSession {
  browser: BenchBrowser;
  crm: DemoCrm;
  page: Page;
  account: string;
  managerId: string;
  /** Managers with deals: the rows Team should show. */
  teamSize: number;
  close(): Promise<void>;
}

/** Tracks the content-script world of a CRM page (a new one after every reload). */
class ContentWorld {
  private contexts: { id: number; seq: number }[] = [];
  private seq = 0;
  private constructor(
    private readonly cdp: CDPSession,
    private readonly extensionOrigin: string,
  ) {}

  static async attach(page: Page, extensionId: string): Promise<ContentWorld> {
    const cdp = await page.context().newCDPSession(page);
    const world = new ContentWorld(cdp, `chrome-extension://${extensionId}`);
    cdp.on('Runtime.executionContextCreated', (event: { context: { id: number; origin: string; auxData?: { type?: string } } }) => {
      world.seq += 1;
      if (event.context.origin === world.extensionOrigin && event.context.auxData?.type === 'isolated') world.contexts.push({ id: event.context.id, seq: world.seq });
    });
    await cdp.send('Runtime.enable');
    return world;
  }

  /** Marks "from now on": `next()` waits for a world created after this. */
  mark(): number {
    return this.seq;
  }

  async next(after: number, timeoutMs = 30_000): Promise<number> {
    return waitFor('the content script to start', async () => this.contexts.filter((c) => c.seq > after).at(-1)?.id, timeoutMs, 20);
  }

  async evaluate<T>(contextId: number, expression: string): Promise<T> {
    const result = (await this.cdp.send('Runtime.evaluate', { expression, contextId, awaitPromise: true, returnByValue: true })) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (result.exceptionDetails) throw new Error(`bench: content-script world: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    return result.result.value as T;
  }
}

function timing(sends: SendRecord[], take: SwTake | null): ReadTiming {
  const snaps = sends.filter((s) => s.kind === 'snapshot');
  const first = snaps[0];
  const last = snaps.at(-1);
  const dataStores = ['managers', 'pipelines', 'stages', 'deals', 'tasks', 'activities'];
  const rowsPut = Object.entries(take?.puts ?? {}).reduce((sum, [store, n]) => sum + (dataStores.includes(store) ? n : 0), 0);
  const txMs = (take?.tx ?? []).reduce((sum, t) => sum + ((t.end ?? t.start) - t.start), 0);
  return {
    ms: first && last?.t1 ? last.t1 - first.t0 : Number.NaN,
    parts: snaps.length,
    written: snaps.reduce((sum, s) => sum + (s.reply?.written ?? 0), 0),
    rowsPut,
    txMs,
    deals: snaps.reduce((sum, s) => sum + (s.deals ?? 0), 0),
    activities: snaps.reduce((sum, s) => sum + (s.activities ?? 0), 0),
  };
}

export async function runIngestPhase(options: IngestPhaseOptions): Promise<IngestPhaseResult> {
  const { log } = options;
  const crm = await startDemoCrm({});
  const team = installBigTeam(crm.data, options.team, new Date());
  const browser = await launch({ extensionDir: options.extensionDir, debugPort: options.profile });
  const { context, serviceWorker: sw, extensionId } = browser;
  if (!sw || !extensionId) throw new Error('bench: the extension did not start');
  const account = crm.url;
  const close = async () => {
    await browser.close();
    await crm.close();
  };
  try {
    const marker = await sw.evaluate<string>(SW_PATCH);
    const take = async (): Promise<SwTake | null> => {
      const t = await sw.evaluate<SwTake | null>(SW_TAKE);
      if (t && t.marker !== marker) throw new Error('bench: the service worker restarted mid-run; its counters are gone');
      return t;
    };

    const page = await context.newPage();
    const world = await ContentWorld.attach(page, extensionId);

    /** Loads (or reloads) the CRM page as `userId` and waits for the content script's read to be stored. */
    const read = async (userId: string, what: string, keep: boolean, load: () => Promise<unknown>): Promise<{ timing: ReadTiming; contextId: number; wallMs: number }> => {
      await signInAs(context, crm.url, userId);
      const since = world.mark();
      const started = Date.now();
      await take();
      await load();
      const contextId = await world.next(since);
      await world.evaluate(contextId, call(CS_PATCH, { keep, hold: true }));
      const sends = await waitFor(
        `${what}: the last snapshot part to be stored`,
        async () => {
          const log = await world.evaluate<{ sends: SendRecord[] } | null>(contextId, CS_SENDS);
          const snaps = (log?.sends ?? []).filter((s) => s.kind === 'snapshot');
          const last = snaps.at(-1);
          const failed = snaps.find((s) => s.reply && !s.reply.ok);
          if (failed) throw new Error(`bench: ${what}: the background refused a part: ${failed.reply?.error ?? '?'}`);
          if ((log?.sends ?? []).some((s) => s.kind === 'read-failed')) throw new Error(`bench: ${what}: the content script reported a failed read (see the page's console)`);
          return last && last.index === (last.count ?? 0) - 1 && snaps.every((s) => s.t1 !== null) ? (log?.sends ?? []) : null;
        },
        280_000,
        250,
      );
      const result = { timing: timing(sends, await take()), contextId, wallMs: Date.now() - started };
      log(`  ${what}: ${result.timing.deals} deals + ${result.timing.activities} activities in ${result.timing.parts} parts, stored ${result.timing.ms.toFixed(0)} ms after the first part (read took ${(result.wallMs / 1000).toFixed(1)} s); ${result.timing.written} rows written`);
      return result;
    };

    // ---- the first read: everything is new
    log(`  first read of ${options.team.deals} deals and ${options.team.activities} activities (the content script spaces API requests 150 ms apart)`);
    const firstRead = await read(team.headId, 'first read', true, () => page.goto(`${crm.url}/todo`));
    const stored = await storedCounts(context, account);
    if (stored.deals !== options.team.deals || stored.activities !== options.team.activities) {
      throw new Error(`bench: stored ${stored.deals} deals and ${stored.activities} activities, expected ${options.team.deals} and ${options.team.activities}`);
    }

    // ---- the floor: the same rows, put raw in one transaction
    await sleep(300);
    const floor = await sw.evaluate<{ times: number[] }>(call(SW_FLOOR, { reps: options.floorReps }));
    const floorMs = median(floor.times);
    log(`  floor (raw put loop, one transaction): ${floor.times.map((t) => t.toFixed(0)).join(', ')} ms`);

    // ---- more first-ingest samples: the same messages again into an emptied database
    const replays: ReadTiming[] = [];
    for (let i = 0; i < options.replays; i += 1) {
      await sw.evaluate(call(SW_CLEAR));
      await take();
      const replay = await world.evaluate<{ ms: number; replies: { written?: number }[] }>(firstRead.contextId, call(CS_REPLAY, null));
      const t = await take();
      replays.push({ ...timing([], t), ms: replay.ms, parts: replay.replies.length, written: replay.replies.reduce((s, r) => s + (r.written ?? 0), 0), deals: stored.deals, activities: stored.activities });
      log(`  replay ${i + 1} into an empty database: ${replay.ms.toFixed(0)} ms`);
    }
    const ingestMs = median([firstRead.timing.ms, ...replays.map((r) => r.ms)]);

    // ---- where the time goes: the product's validation and ingest, on the same parts, timed apart (and profiled)
    let breakdown: IngestPhaseResult['breakdown'] = null;
    try {
      const bundle = await bundleIife(
        "export { parseMessage, splitSnapshot } from './lib/messages.ts'; export { ingestSnapshot } from './entrypoints/background/handlers.ts'; export { SalesDb } from './lib/db.ts';",
        '__benchIngest',
        { readable: true },
      );
      await sw.evaluate(bundle);
      await sw.evaluate(call(SW_BREAKDOWN_SETUP, { account, readAt: Date.now(), maxRows: options.breakdownParts === null ? null : options.breakdownParts * MAX_RECORDS_PER_MESSAGE }));
      const cdp = options.profile && browser.debugPort ? await connectTarget(browser.debugPort, 'service_worker', `chrome-extension://${extensionId}/`) : null;
      const profiled = async () => {
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        const parts = await sw.evaluate<BreakdownPart[]>(call(SW_BREAKDOWN_RUN));
        const profile = cdp ? (await cdp.send<{ profile: CpuProfile }>('Profiler.stop')).profile : null;
        return { parts, top: profile ? selfTimes(profile, 14) : [] };
      };
      const first = await profiled();
      const again = await profiled();
      cdp?.close();
      await sw.evaluate(call(SW_BREAKDOWN_DONE));
      breakdown = { first: first.parts, again: again.parts, profileFirst: first.top, profileAgain: again.top };
      const sum = (parts: BreakdownPart[], key: 'validateMs' | 'ingestMs') => parts.reduce((s, p) => s + p[key], 0);
      log(`  breakdown (worker, same parts): validate ${sum(first.parts, 'validateMs').toFixed(0)} ms + ingest ${sum(first.parts, 'ingestMs').toFixed(0)} ms; again: validate ${sum(again.parts, 'validateMs').toFixed(0)} ms + ingest ${sum(again.parts, 'ingestMs').toFixed(0)} ms`);
    } catch (error) {
      log(`  breakdown skipped: ${error instanceof Error ? error.message : String(error)}`);
    }

    // ---- reading again: nothing changed, so nothing may be written
    await sw.evaluate(call(SW_SEEN, 'save'));
    let full: ReadTiming;
    let incremental: Awaited<ReturnType<typeof read>>;
    if (options.reread === 'replay') {
      // Before any reload: the messages live in this page's content-script world.
      await take();
      const again = await world.evaluate<{ ms: number; replies: { written?: number }[] }>(firstRead.contextId, call(CS_REPLAY, Date.now()));
      full = { ...timing([], await take()), ms: again.ms, parts: again.replies.length, written: again.replies.reduce((sum, r) => sum + (r.written ?? 0), 0), deals: stored.deals, activities: stored.activities };
      log(`  the same read again (its messages as a newer read): ${full.rowsPut} rows written, ${full.ms.toFixed(0)} ms`);
      incremental = await read(team.headId, 'incremental re-read (same user, from its cursor)', false, () => page.reload());
    } else {
      // The cursor belongs to the user who read: the incremental read first, as the same head.
      incremental = await read(team.headId, 'incremental re-read (same user, from its cursor)', false, () => page.reload());
      full = (await read(team.secondHeadId, 'the same read again (another head: no cursor, so everything)', false, () => page.reload())).timing;
    }
    const seen = await sw.evaluate<{ rows: number; rewritten: number; added: number }>(call(SW_SEEN, 'compare'));
    const reingestRows = Math.max(full.rowsPut, full.written);

    // ---- a manager signs in: My day is theirs
    const managerId = team.managerIds[0] ?? team.headId;
    const managerRead = await read(managerId, `manager ${managerId} signs in`, false, () => page.reload());

    return {
      team,
      stored: { deals: stored.deals, activities: stored.activities },
      fetchSeconds: firstRead.wallMs / 1000,
      first: firstRead.timing,
      replays,
      ingestMs,
      floorMs,
      floorTimes: floor.times,
      ingestRatio: ingestMs / floorMs,
      incremental: incremental.timing,
      full,
      reread: options.reread,
      seen,
      reingestRows,
      managerRead: managerRead.timing,
      breakdown,
      session: { browser, crm, page, account, managerId, teamSize: team.managerIds.length, close },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
