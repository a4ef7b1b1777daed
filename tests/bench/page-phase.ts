// Figures measured on the demo CRM's synthetic kanban: adapter read vs floor, long tasks with and without the extension, the content script's heap.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { startDemoCrm } from '../demo-crm/server';
import { ROOT } from '../support/browser';
import { signInAs, storedCounts, waitForRead } from '../support/demo-session';
import { addBoardDeals } from './big-data';
import { bundleIife } from './bundle';
import { busyStretches, selfTimes, type BusyStretch, type CpuProfile } from './cdp-ws';
import { launch } from './env';
import { call, CLONE_CARDS, LONG_TASK_OBSERVER, MOVE_CARDS, READ_VS_FLOOR } from './in-browser';
import { median, sleep, waitFor } from './stats';

export interface PagePhaseOptions {
  extensionDir: string;
  cards: number;
  moves: number;
  reps: number;
  readReps: number;
  log: (line: string) => void;
}

export interface ReadFigure {
  crm: string;
  status: 'measured' | 'absent' | 'no-fixture';
  note?: string;
  adapterMs?: number;
  floorMs?: number;
  ratio?: number;
  items?: number;
  cards?: number;
  problems?: number;
  /** Self time by function over a few profiled passes of the readable adapter (names kept). */
  profile?: { fn: string; ms: number; share: number }[];
}

interface LongTask {
  start: number;
  duration: number;
  attribution: { name: string; type: string; src: string; id: string }[];
}

export interface PageCostRun {
  longestMs: number;
  longestLoadMs: number;
  longestMovesMs: number;
  longTasks: number;
  /** Long animation frames do not name content scripts, so the CPU profile does: the longest busy stretches and our share. */
  stretches: BusyStretch[];
  moved: number;
  /** How long the 50 moves took to land on the board (each waits for the board's own DOM update). */
  movesMs: number;
  /** What the long tasks' own attribution field says (container type / name). */
  attributionField: string[];
  /** Elements our overlay added to the board (stalled-deal badges), counted at the end. */
  badges: number;
}

export interface PagePhaseResult {
  reads: ReadFigure[];
  withExtension: PageCostRun[];
  withoutExtension: PageCostRun[];
  heapWithMb: number[];
  heapWithoutMb: number[];
  contentHeapMb: number;
  longestTaskMs: number;
  baselineLongestMs: number;
  /** The longest busy stretch in which the content script had most of the time (0: none). */
  contentScriptStretchMs: number;
  attribution: string;
}

const MB = 1024 * 1024;

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.enable');
  for (let i = 0; i < 3; i += 1) await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize / MB;
}

function summarise(long: LongTask[], movesStart: number, moves: { moved: number; ms: number }, stretches: BusyStretch[], badges = 0): PageCostRun {
  const longest = (tasks: LongTask[]) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);
  return {
    longestMs: longest(long),
    longestLoadMs: longest(long.filter((t) => t.start < movesStart)),
    longestMovesMs: longest(long.filter((t) => t.start >= movesStart)),
    longTasks: long.length,
    stretches,
    moved: moves.moved,
    movesMs: moves.ms,
    attributionField: [...new Set(long.flatMap((t) => t.attribution.map((a) => `${a.type || '?'}:${a.name || '?'}`)))],
    badges,
  };
}

async function collect(page: Page): Promise<LongTask[]> {
  return page.evaluate('window.__benchLong.long');
}

interface OtherBoard {
  crm: string;
  adapterFile: string;
  fn: string;
  cardSelector: string;
  origin: string;
  optionsKey: string | null;
  optionsUrl: string | null;
  /** Makes the page hold a board of `cards` cards; a note says how, or null when there is no way yet. */
  build(page: Page, cards: number): Promise<string | null>;
}

async function builderModule(file: string): Promise<Record<string, unknown> | null> {
  const path = join(ROOT, file);
  if (!existsSync(path)) return null;
  return (await import(path)) as Record<string, unknown>;
}

/** The other CRM adapters with a board reader, measured once they (and a way to make a 2 000-card board) exist. */
const OTHER_BOARDS: readonly OtherBoard[] = [
  {
    crm: 'amocrm',
    adapterFile: 'lib/adapters/amocrm.ts',
    fn: 'readBoard',
    cardSelector: '.pipeline_leads__item[data-id]',
    origin: 'https://acme.amocrm.ru',
    // amoCRM cards show no owner: the adapter reads a board filtered to one user.
    optionsKey: 'url',
    optionsUrl: 'https://acme.amocrm.ru/leads/pipeline/7001001/?filter[main_user][]=6001',
    async build(page, cards) {
      const fixture = join(ROOT, 'tests/fixtures/amocrm/pipeline.html');
      if (!existsSync(fixture)) return null;
      await page.setContent(readFileSync(fixture, 'utf8'));
      const made = await page.evaluate<number>(
        call(CLONE_CARDS, { cards, cardSelector: '.pipeline_leads__item[data-id]', skipSelector: '.pipeline-unsorted__item', firstId: 40_000_001 }),
      );
      return made > 0 ? 'no builder in tests/fixtures/amocrm/: the bench clones the cards of pipeline.html' : null;
    },
  },
  {
    crm: 'bitrix24',
    adapterFile: 'lib/adapters/bitrix24.ts',
    fn: 'readKanban',
    cardSelector: '.main-kanban-item[data-id]',
    origin: 'https://acme.bitrix24.ru',
    optionsKey: 'pageUrl',
    optionsUrl: 'https://acme.bitrix24.ru/crm/deal/kanban/',
    async build(page, cards) {
      const mod = await builderModule('tests/fixtures/bitrix24/board.ts');
      const buildBoard = mod?.buildKanbanBoard;
      if (typeof buildBoard !== 'function') return null;
      await page.setContent(String((buildBoard as (o: { cards: number }) => unknown)({ cards })));
      return 'tests/fixtures/bitrix24/board.ts buildKanbanBoard';
    },
  },
];

export async function runPagePhase(options: PagePhaseOptions): Promise<PagePhaseResult> {
  const { log } = options;
  const boardPath = `/leads/pipeline/101?cards=${options.cards}`;

  // ---- without the extension: the page's own long tasks and heap, and the read ratio (nothing else runs there)
  const plain = await launch({ extensionDir: null });
  const withoutExtension: PageCostRun[] = [];
  const heapWithoutMb: number[] = [];
  const reads: ReadFigure[] = [];
  try {
    for (let rep = 0; rep < options.reps; rep += 1) {
      const crm = await startDemoCrm({});
      try {
        addBoardDeals(crm.data, '101', crm.data.truth.headId, options.cards, new Date());
        await signInAs(plain.context, crm.url, crm.data.truth.headId);
        const page = await plain.context.newPage();
        await page.addInitScript(LONG_TASK_OBSERVER);
        const cdp = await page.context().newCDPSession(page);
        await page.goto(`${crm.url}${boardPath}`, { waitUntil: 'load' });
        await sleep(1000);
        heapWithoutMb.push(await heapMb(cdp));
        const movesStart = await page.evaluate<number>('performance.now()');
        const moves = await page.evaluate<{ moved: number; ms: number }>(call(MOVE_CARDS, options.moves));
        await sleep(1000);
        withoutExtension.push(summarise(await collect(page), movesStart, moves, []));
        if (rep === 0) {
          await page.reload({ waitUntil: 'load' });
          reads.push(await measureRead(page, 'demo', "export { readKanban } from './lib/adapters/demo.ts'", 'readKanban', '.lead-card[data-id]', options.readReps));
          for (const board of OTHER_BOARDS) reads.push(await measureOther(page, board, options.cards, options.readReps));
        }
        await page.close();
      } finally {
        await crm.close();
      }
    }
  } finally {
    await plain.close();
  }
  log(`  page without the extension: longest task ${withoutExtension.map((r) => r.longestMs.toFixed(0)).join(', ')} ms`);

  // ---- with the extension, a fresh profile each time (the first read of an account is the heaviest)
  const withExtension: PageCostRun[] = [];
  const heapWithMb: number[] = [];
  for (let rep = 0; rep < options.reps; rep += 1) {
    const crm = await startDemoCrm({});
    const browser = await launch({ extensionDir: options.extensionDir });
    try {
      addBoardDeals(crm.data, '101', crm.data.truth.headId, options.cards, new Date());
      const headId = crm.data.truth.headId;
      await signInAs(browser.context, crm.url, headId);
      const page = await browser.context.newPage();
      await page.addInitScript(LONG_TASK_OBSERVER);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
      await page.goto(`${crm.url}${boardPath}`, { waitUntil: 'load' });
      await waitForRead(browser.context, crm.url, { userId: headId, minDeals: crm.data.deals.length, timeoutMs: 90_000 });
      await sleep(500);
      heapWithMb.push(await heapMb(cdp));
      const before = (await storedCounts(browser.context, crm.url)).lastGoodReadAt ?? 0;
      const movesStart = await page.evaluate<number>('performance.now()');
      const moves = await page.evaluate<{ moved: number; ms: number; endedAt: number }>(call(MOVE_CARDS, options.moves));
      // The moves change the board: the content script reads again once the board is still for its debounce.
      await waitFor(
        'the read after the moves',
        async () => {
          const counts = await storedCounts(browser.context, crm.url);
          return (counts.lastGoodReadAt ?? 0) > before && (counts.lastGoodReadAt ?? 0) >= moves.endedAt - 1000 ? counts : null;
        },
        60_000,
        200,
      );
      await sleep(500);
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      const badges = await page.evaluate<number>("document.querySelectorAll('sales-pace-badge').length");
      withExtension.push(summarise(await collect(page), movesStart, moves, busyStretches(profile, `chrome-extension://${browser.extensionId ?? ''}/`), badges));
      await page.close();
    } finally {
      await browser.close();
      await crm.close();
    }
  }
  log(`  page with the extension: longest task ${withExtension.map((r) => r.longestMs.toFixed(0)).join(', ')} ms`);

  const longestTaskMs = median(withExtension.map((r) => r.longestMs));
  const baselineLongestMs = median(withoutExtension.map((r) => r.longestMs));
  // The stretch where our script spent the most time; native work it triggers (style, layout) may show as "(browser)".
  const mostOurs = withExtension
    .flatMap((r) => r.stretches)
    .filter((s) => s.ms > 50)
    .sort((a, b) => b.ms * b.ourShare - a.ms * a.ourShare)[0];
  const contentScriptStretchMs = median(withExtension.map((r) => r.stretches.filter((s) => s.ourShare >= 0.5).reduce((m, s) => Math.max(m, s.ms), 0)));
  const busy = (s: BusyStretch) => `${s.ms.toFixed(0)} ms busy, ${Math.round(s.ourShare * 100)}% in our script (${s.top})`;
  const attribution =
    longestTaskMs <= 50
      ? 'no long task over 50 ms'
      : mostOurs && mostOurs.ourShare >= 0.5
        ? `the content script: ${busy(mostOurs)}; without the extension the longest task is ${baselineLongestMs.toFixed(0)} ms`
        : mostOurs && mostOurs.ourShare >= 0.2
          ? `partly the content script: ${busy(mostOurs)}; without the extension the longest task is ${baselineLongestMs.toFixed(0)} ms`
          : longestTaskMs <= baselineLongestMs * 1.25 + 10
            ? `the page itself (without the extension: ${baselineLongestMs.toFixed(0)} ms)`
            : `unclear: ${longestTaskMs.toFixed(0)} ms with the extension vs ${baselineLongestMs.toFixed(0)} ms without, but the profile does not put it in our script`;
  return {
    reads,
    withExtension,
    withoutExtension,
    heapWithMb,
    heapWithoutMb,
    contentHeapMb: Math.max(0, median(heapWithMb) - median(heapWithoutMb)),
    longestTaskMs,
    baselineLongestMs,
    contentScriptStretchMs,
    attribution,
  };
}

async function measureRead(
  page: Page,
  crm: string,
  entry: string,
  fn: string,
  cardSelector: string,
  reps: number,
  extra: { origin?: string; optionsKey?: string | null; optionsUrl?: string | null } = {},
): Promise<ReadFigure> {
  const global = `__benchRead_${crm}`;
  await page.addScriptTag({ content: await bundleIife(entry, global) });
  const origin = extra.origin ?? new URL(page.url()).origin;
  const result = await page.evaluate<{ adapter: number[]; floor: number[]; items: number; problems: number; cards: number }>(
    call(READ_VS_FLOOR, { global, fn, cardSelector, origin, optionsKey: extra.optionsKey ?? null, optionsUrl: extra.optionsUrl ?? null, reps, warmup: 3 }),
  );
  const adapterMs = median(result.adapter);
  const floorMs = median(result.floor);
  // Where the adapter's time goes: the same code unminified, under the CPU profiler.
  const readable = `${global}_readable`;
  await page.addScriptTag({ content: await bundleIife(entry, readable, { readable: true }) });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.evaluate(
    call(READ_VS_FLOOR, { global: readable, fn, cardSelector, origin, optionsKey: extra.optionsKey ?? null, optionsUrl: extra.optionsUrl ?? null, reps: 6, warmup: 0, adapterOnly: true }),
  );
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.detach();
  // V8 inlines the adapter into the bench's timing wrapper ("adapter"): that self time is the adapter's own code.
  const top = selfTimes(profile, 12)
    .filter((x) => !x.fn.startsWith('(idle)') && !x.fn.startsWith('(program)'))
    .map((x) => (x.fn.startsWith('adapter') ? { ...x, fn: `${fn} (inlined)` } : x));
  return { crm, status: 'measured', adapterMs, floorMs, ratio: adapterMs / floorMs, items: result.items, cards: result.cards, problems: result.problems, profile: top.slice(0, 8) };
}

async function measureOther(page: Page, board: OtherBoard, cards: number, reps: number): Promise<ReadFigure> {
  if (!existsSync(join(ROOT, board.adapterFile))) return { crm: board.crm, status: 'absent', note: `${board.adapterFile} does not exist yet` };
  const how = await board.build(page, cards).catch((error: unknown) => {
    throw new Error(`bench: could not build a ${board.crm} board: ${String(error)}`);
  });
  if (how === null) return { crm: board.crm, status: 'no-fixture', note: `no way to make a ${cards}-card ${board.crm} board yet` };
  const figure = await measureRead(page, board.crm, `export { ${board.fn} } from './${board.adapterFile}'`, board.fn, board.cardSelector, reps, board);
  return { ...figure, note: how };
}
