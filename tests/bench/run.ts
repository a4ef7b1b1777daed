// `npm run bench`: the built extension in Debian's Chromium, each figure against its floor, in one run.
// `-- --json` prints only the figures as one JSON line; `-- --quick` is a smoke run on small data (1 repetition).
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { currentLoad, freezeExtension, machine, type Load } from './env';
import { runIngestPhase, type IngestPhaseResult } from './ingest-phase';
import { runPagePhase, type PagePhaseResult } from './page-phase';
import { runPopupPhase, type PopupPhaseResult } from './popup-phase';
import { figures, humanReport, JSON_FIELDS, type Results } from './report';
import { measureSizes, type Sizes } from './sizes';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});

const quick = values.quick;
const log = values.json ? () => undefined : (line: string) => process.stderr.write(`${line}\n`);
const PLAN = quick
  ? { cards: 200, moves: 10, pageReps: 1, readReps: 3, team: { managers: 5, deals: 500, activities: 2500 }, replays: 1, floorReps: 1, breakdownParts: null, reread: 'real' as const, popupReps: 1 }
  : // IndexedDB writes dominate (about 20 s per 120 000 rows on a 2-core VM): ingest gets the real read plus one replay,
    // the floor one pass, the validation/ingest breakdown one part, and the re-read is a replay (see IngestPhaseOptions).
    { cards: 2000, moves: 50, pageReps: 3, readReps: 15, team: { managers: 50, deals: 20_000, activities: 100_000 }, replays: 1, floorReps: 1, breakdownParts: 1, reread: 'replay' as const, popupReps: 5 };

const started = Date.now();
const errors: string[] = [];
const loads: { phase: string; load: Load }[] = [];
const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

async function phase<T>(name: string, run: () => Promise<T>): Promise<T | null> {
  const load = currentLoad();
  loads.push({ phase: name, load });
  log(`${name}… (load ${load.load1}${load.otherBrowsers > 0 ? `, ${load.otherBrowsers} other Chromium running` : ''})`);
  const t = Date.now();
  try {
    const result = await run();
    log(`${name}: done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    return result;
  } catch (error) {
    errors.push(`${name}: ${describe(error)}`);
    log(`${name}: FAILED ${describe(error)}`);
    return null;
  }
}

const host = machine();
log(`Sales Pace bench${quick ? ' (quick)' : ''} on ${host.cpu}, ${host.cores} cores, ${host.chromium}`);
const extensionDir = await freezeExtension();
try {
  const sizes = await phase<Sizes>('sizes', async () => measureSizes(extensionDir));
  const page = await phase<PagePhaseResult>('read and page cost (2 000-card board)', () =>
    runPagePhase({ extensionDir, cards: PLAN.cards, moves: PLAN.moves, reps: PLAN.pageReps, readReps: PLAN.readReps, log }),
  );
  let popup: PopupPhaseResult | null = null;
  const ingest = await phase<IngestPhaseResult>('ingest (big team through the content script)', () =>
    runIngestPhase({
      extensionDir,
      team: PLAN.team,
      replays: PLAN.replays,
      floorReps: PLAN.floorReps,
      breakdownParts: PLAN.breakdownParts,
      reread: PLAN.reread,
      profile: true,
      log,
    }),
  );
  if (ingest) {
    popup = await phase<PopupPhaseResult>('popup over the big team', () => runPopupPhase({ session: ingest.session, reps: PLAN.popupReps, log }));
    await ingest.session.close();
  }
  const { session: _session, ...ingestFigures } = ingest ?? { session: null };
  const results: Results = {
    machine: host,
    mode: quick ? 'quick' : 'full',
    sizes,
    page,
    ingest: ingest ? (ingestFigures as Omit<IngestPhaseResult, 'session'>) : null,
    popup,
    errors,
    loads: [...loads, { phase: 'end', load: currentLoad() }],
    seconds: (Date.now() - started) / 1000,
  };
  const fig = figures(results);
  if (!values.json) {
    process.stdout.write(`\n${humanReport(results)}\n\n`);
  }
  // The last line, always: one JSON object with exactly the numeric fields (null where a phase failed).
  process.stdout.write(`${JSON.stringify(Object.fromEntries(JSON_FIELDS.map((k) => [k, fig[k]])))}\n`);
  process.exitCode = errors.length > 0 || JSON_FIELDS.some((k) => fig[k] === null) ? 1 : 0;
} finally {
  rmSync(extensionDir, { recursive: true, force: true });
}
