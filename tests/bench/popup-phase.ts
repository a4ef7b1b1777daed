// The popup over the big team stored by the ingest phase: My day vs a raw getAll floor, Team, the popup's heap, and where the time goes.
import { endOfDay, startOfDay } from 'date-fns';
import type { Page } from '@playwright/test';
import { bundleIife } from './bundle';
import { fileTimes, type CpuProfile } from './cdp-ws';
import { call, CLICK_TEAM, POPUP_BREAKDOWN, POPUP_FLOOR, POPUP_MARKS } from './in-browser';
import type { IngestSession } from './ingest-phase';
import { median, waitFor } from './stats';

export interface PopupPhaseOptions {
  session: IngestSession;
  reps: number;
  log: (line: string) => void;
}

export interface PopupBreakdown {
  teamView: boolean;
  teamTasks: number;
  windowFrom: number | null;
  myDayQueryMs: number;
  myDayViewMs: number;
  teamQueryMs: number;
  teamViewsMs: number;
  ownersMs: number;
  teamManagers: number;
  teamDeals: number;
  teamActivities: number;
  myDeals: number;
  myActivities: number;
}

export interface PopupPhaseResult {
  myDayMs: number;
  myDayTimes: number[];
  /** When React first put anything in #root (the popup's own start-up, before its queries answer). */
  firstContentMs: number;
  /** popup.html received, and DOMContentLoaded (its scripts compiled and run), ms since navigation start (medians). */
  responseEndMs: number;
  dclMs: number;
  floorMs: number;
  floorTimes: number[];
  floorRows: { deals: number; activities: number };
  myDayRatio: number;
  teamMs: number;
  teamTimes: number[];
  teamRows: number;
  /** Team first drawn with the previous tab's rows, before its own query answered (null: it was not). */
  firstTeamRows: string | null;
  heapMb: number;
  breakdown: PopupBreakdown | null;
  /** The same raw getAll over the window My day now loads (lib/queries historyWindowStart), when that exists. */
  windowFloor: { ms: number; deals: number; activities: number; from: number } | null;
  /** Where the popup's time to My day goes, by script file (a profiled reload, not counted above). */
  openProfile: { file: string; ms: number }[];
  openProfileMyDayMs: number;
}

interface Marks {
  root?: number;
  myDay?: number;
  callsLeft?: number;
  team?: number;
  teamRows?: number;
  teamRowsAt?: number;
  firstTeam?: number;
  firstTeamRows?: number;
  teamClick?: number;
  /** popup.html received (navigation timing). */
  responseEnd?: number;
  /** DOMContentLoaded: the module scripts have been fetched, compiled and run. */
  dcl?: number;
}

const marks = (page: Page) =>
  page.evaluate<Marks>(
    "(() => { const nav = performance.getEntriesByType('navigation')[0]; return { ...window.__benchMarks, responseEnd: nav ? nav.responseEnd : undefined, dcl: nav ? nav.domContentLoadedEventStart : undefined }; })()",
  );

/** Polls from Node: page.waitForFunction evaluates its text with eval, which the popup's CSP forbids. */
const until = (page: Page, what: string, expression: string) =>
  waitFor(what, async () => ((await page.evaluate<boolean>(expression)) ? true : null), 60_000, 20);

export async function runPopupPhase(options: PopupPhaseOptions): Promise<PopupPhaseResult> {
  const { session, log } = options;
  const { context, extensionId } = session.browser;
  if (!extensionId) throw new Error('bench: no extension id');
  // The CRM tab's overlay refreshes on a timer: close it so nothing else runs while the popup is timed.
  await session.page.close();
  const now = new Date();
  const range = { account: session.account, ownerId: session.managerId, from: startOfDay(now).getTime(), to: endOfDay(now).getTime() };

  const myDayTimes: number[] = [];
  const firstContent: number[] = [];
  const responseEnds: number[] = [];
  const dcls: number[] = [];
  const floorTimes: number[] = [];
  const teamTimes: number[] = [];
  let floorRows = { deals: 0, activities: 0 };
  let teamRows = 0;
  let firstTeamRows: string | null = null;
  let heapMb = Number.NaN;
  let breakdown: PopupBreakdown | null = null;
  let windowFloor: PopupPhaseResult['windowFloor'] = null;
  for (let rep = 0; rep < options.reps; rep += 1) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 380, height: 600 });
    await page.addInitScript(POPUP_MARKS);
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await until(page, 'My day', 'Boolean(window.__benchMarks && window.__benchMarks.myDay !== undefined)');
    const opened = await marks(page);
    myDayTimes.push(opened.myDay ?? Number.NaN);
    firstContent.push(opened.root ?? Number.NaN);
    responseEnds.push(opened.responseEnd ?? Number.NaN);
    dcls.push(opened.dcl ?? Number.NaN);
    const floor = await page.evaluate<{ ms: number; deals: number; activities: number }>(call(POPUP_FLOOR, range));
    floorTimes.push(floor.ms);
    floorRows = { deals: floor.deals, activities: floor.activities };

    await until(page, 'the Team tab', `Array.from(document.querySelectorAll('[role="tab"]')).some((b) => /Team|Команда/.test(b.textContent || ''))`);
    const clicked = await page.evaluate<boolean>(call(CLICK_TEAM, session.teamSize));
    if (!clicked) throw new Error('bench: the popup shows no Team tab');
    await until(page, 'Team', 'window.__benchMarks.team !== undefined');
    const team = await marks(page);
    teamTimes.push((team.team ?? Number.NaN) - (team.teamClick ?? Number.NaN));
    teamRows = team.teamRows ?? 0;
    if (team.firstTeamRows !== undefined && team.firstTeamRows < teamRows) {
      firstTeamRows = `${team.firstTeamRows} row(s) ${((team.firstTeam ?? 0) - (team.teamClick ?? 0)).toFixed(0)} ms after the click`;
    }
    log(`  popup ${rep + 1}: My day at ${opened.myDay?.toFixed(0)} ms (floor ${floor.ms.toFixed(1)} ms), Team ${teamTimes.at(-1)?.toFixed(0)} ms after the click (${teamRows} rows)`);

    if (rep === options.reps - 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.enable');
      for (let i = 0; i < 3; i += 1) await cdp.send('HeapProfiler.collectGarbage');
      heapMb = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / (1024 * 1024);
      try {
        const bundle = await bundleIife(
          "export { SalesDb } from './lib/db.ts'; export * from './lib/queries/index.ts'; export * from './lib/metrics/index.ts';",
          '__benchPopup',
          { readable: true },
        );
        await page.evaluate(bundle);
        breakdown = await page.evaluate<PopupBreakdown>(call(POPUP_BREAKDOWN, { account: session.account, ownerId: session.managerId }));
        if (breakdown.windowFrom !== null) {
          const runs: { ms: number; deals: number; activities: number }[] = [];
          for (let i = 0; i < 3; i += 1) runs.push(await page.evaluate(call(POPUP_FLOOR, { ...range, from: breakdown.windowFrom })));
          windowFloor = { ms: median(runs.map((r) => r.ms)), deals: runs[0]?.deals ?? 0, activities: runs[0]?.activities ?? 0, from: breakdown.windowFrom };
        }
      } catch (error) {
        log(`  popup breakdown skipped: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await page.close();
  }

  // One more opening, profiled: a reload keeps the extension's renderer, so the profiler sees it from the start.
  const profiled = await context.newPage();
  await profiled.setViewportSize({ width: 380, height: 600 });
  await profiled.addInitScript(POPUP_MARKS);
  await profiled.goto(`chrome-extension://${extensionId}/popup.html`);
  await until(profiled, 'My day', 'Boolean(window.__benchMarks && window.__benchMarks.myDay !== undefined)');
  const cdp = await context.newCDPSession(profiled);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await profiled.reload();
  await until(profiled, 'My day', 'Boolean(window.__benchMarks && window.__benchMarks.myDay !== undefined)');
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  const openProfileMyDayMs = (await marks(profiled)).myDay ?? Number.NaN;
  await profiled.close();

  const myDayMs = median(myDayTimes);
  const floorMs = median(floorTimes);
  return {
    myDayMs,
    myDayTimes,
    firstContentMs: median(firstContent),
    responseEndMs: median(responseEnds),
    dclMs: median(dcls),
    floorMs,
    floorTimes,
    floorRows,
    myDayRatio: myDayMs / floorMs,
    teamMs: median(teamTimes),
    teamTimes,
    teamRows,
    firstTeamRows,
    heapMb,
    breakdown,
    windowFloor,
    openProfile: fileTimes(profile),
    openProfileMyDayMs,
  };
}
