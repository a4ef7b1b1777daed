// Turns the measured figures into the people's table and the one-line JSON the CI reads.
import type { Load, Machine } from './env';
import type { IngestPhaseResult } from './ingest-phase';
import type { PagePhaseResult } from './page-phase';
import type { PopupPhaseResult } from './popup-phase';
import type { Sizes } from './sizes';
import { round } from './stats';

export const JSON_FIELDS = [
  'read_ratio',
  'longest_task_ms',
  'ingest_ratio',
  'reingest_rows',
  'popup_myday_ms',
  'popup_myday_ratio',
  'popup_team_ms',
  'content_heap_mb',
  'popup_heap_mb',
  'content_kb',
  'popup_kb',
  'background_kb',
] as const;
export type Figures = Record<(typeof JSON_FIELDS)[number], number | null>;

interface Goal {
  text: string;
  /** null: no goal for this figure. */
  met: ((value: number) => boolean) | null;
  /** How far off a missed goal is, in words. */
  miss?: (value: number) => string;
}

const times = (limit: number) => (v: number) => `${round(v / limit, 1)}× the limit`;
export const GOALS: Record<(typeof JSON_FIELDS)[number], Goal> = {
  read_ratio: { text: '≤ 1.5×', met: (v) => v <= 1.5, miss: times(1.5) },
  longest_task_ms: { text: '≤ 50 ms', met: (v) => v <= 50, miss: times(50) },
  ingest_ratio: { text: '≤ 1.5×', met: (v) => v <= 1.5, miss: times(1.5) },
  reingest_rows: { text: '0 rows', met: (v) => v === 0, miss: (v) => `${v} rows too many` },
  popup_myday_ms: { text: '≤ 100 ms', met: (v) => v <= 100, miss: times(100) },
  popup_myday_ratio: { text: '≤ 2× floor', met: (v) => v <= 2, miss: times(2) },
  popup_team_ms: { text: '≤ 250 ms', met: (v) => v <= 250, miss: times(250) },
  content_heap_mb: { text: '—', met: null },
  popup_heap_mb: { text: '—', met: null },
  content_kb: { text: '≤ 250 KB', met: (v) => v <= 250, miss: (v) => `${round(v - 250, 1)} KB over` },
  popup_kb: { text: '≤ 450 KB', met: (v) => v <= 450, miss: (v) => `${round(v - 450, 1)} KB over` },
  background_kb: { text: '—', met: null },
};

export interface Results {
  machine: Machine;
  mode: 'full' | 'quick';
  sizes: Sizes | null;
  page: PagePhaseResult | null;
  ingest: Omit<IngestPhaseResult, 'session'> | null;
  popup: PopupPhaseResult | null;
  errors: string[];
  /** Machine load when each phase started, and at the end. */
  loads: { phase: string; load: Load }[];
  seconds: number;
}

const num = (v: number | undefined | null): number | null => (v === undefined || v === null || !Number.isFinite(v) ? null : v);

export function figures(r: Results): Figures {
  const demoRead = r.page?.reads.find((x) => x.crm === 'demo');
  return {
    read_ratio: num(demoRead?.ratio && round(demoRead.ratio, 2)),
    longest_task_ms: num(r.page && round(r.page.longestTaskMs, 0)),
    ingest_ratio: num(r.ingest && round(r.ingest.ingestRatio, 2)),
    reingest_rows: num(r.ingest?.reingestRows),
    popup_myday_ms: num(r.popup && round(r.popup.myDayMs, 1)),
    popup_myday_ratio: num(r.popup && round(r.popup.myDayRatio, 2)),
    popup_team_ms: num(r.popup && round(r.popup.teamMs, 1)),
    content_heap_mb: num(r.page && round(r.page.contentHeapMb, 2)),
    popup_heap_mb: num(r.popup && round(r.popup.heapMb, 2)),
    content_kb: num(r.sizes && round(r.sizes.content.kb, 1)),
    popup_kb: num(r.sizes && round(r.sizes.popup.kb, 1)),
    background_kb: num(r.sizes && round(r.sizes.background.kb, 1)),
  };
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  return rows.map((r) => pad(r, widths).trimEnd()).join('\n');
}

const f = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : String(round(v, digits)));

export function humanReport(r: Results): string {
  const fig = figures(r);
  const m = r.machine;
  const out: string[] = [];
  out.push(`Sales Pace bench (${r.mode}${r.mode === 'quick' ? ': small data, 1 repetition, a smoke test only' : ''}), ${round(r.seconds, 0)} s`);
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM; ${m.chromium}; Node ${m.node}`);
  out.push(`Load (1-min average) at each phase: ${r.loads.map((l) => `${l.phase.split(' ')[0]} ${l.load.load1}${l.load.otherBrowsers > 0 ? ` +${l.load.otherBrowsers} other Chromium` : ''}`).join(', ')}`);
  const busy = r.loads.filter((l) => l.load.load1 > m.cores * 1.5 || l.load.otherBrowsers > 0);
  if (busy.length > 0) {
    out.push(`WARNING: the machine was busy with other work during this run (load above ${m.cores * 1.5} or other Chromium instances): timings are slower and noisier than on a quiet machine.`);
  }
  out.push('');
  const rows: string[][] = [['figure', 'value', 'goal', 'status', 'what']];
  const what: Record<(typeof JSON_FIELDS)[number], string> = {
    read_ratio: r.page?.reads[0] ? `demo readKanban ${f(r.page.reads[0].adapterMs, 2)} ms vs querySelectorAll+textContent ${f(r.page.reads[0].floorMs, 2)} ms (${r.page.reads[0].cards ?? 0} cards)` : '',
    longest_task_ms: r.page ? `median of runs' longest long task (no extension: ${f(r.page.baselineLongestMs, 0)} ms)` : '',
    ingest_ratio: r.ingest ? `${f(r.ingest.ingestMs, 0)} ms first part sent → last stored, vs raw put loop ${f(r.ingest.floorMs, 0)} ms` : '',
    reingest_rows: r.ingest
      ? `the same ${r.ingest.full.deals + r.ingest.full.activities} records again (${r.ingest.reread === 'real' ? 'a real full read' : "the read's messages replayed as a newer read"}): ${r.ingest.full.rowsPut} rows put, ${r.ingest.seen.rewritten} seenAt changed`
      : '',
    popup_myday_ms: r.popup ? `popup.html opened → [data-testid=my-day] (first content at ${f(r.popup.firstContentMs, 0)} ms)` : '',
    popup_myday_ratio: r.popup ? `vs raw getAll of ${r.popup.floorRows.deals} deals + ${r.popup.floorRows.activities} activities: ${f(r.popup.floorMs, 1)} ms` : '',
    popup_team_ms: r.popup ? `Team tab click → table with ${r.popup.teamRows} rows` : '',
    content_heap_mb: r.page ? `page heap with the extension minus without (${f(Math.min(...r.page.heapWithMb), 2)}… vs ${f(Math.min(...r.page.heapWithoutMb), 2)}… MB)` : '',
    popup_heap_mb: r.popup ? 'JS heap of the popup with Team open, after GC' : '',
    content_kb: r.sizes ? `content-scripts/crm.js (gzip ${f(r.sizes.content.gzipKb)} KB)` : '',
    popup_kb: r.sizes ? `${r.sizes.popup.files.join(', ')} (gzip ${f(r.sizes.popup.gzipKb)} KB)` : '',
    background_kb: r.sizes ? `background.js (gzip ${f(r.sizes.background.gzipKb)} KB)` : '',
  };
  for (const key of JSON_FIELDS) {
    const value = fig[key];
    const goal = GOALS[key];
    const status = value === null ? 'not measured' : goal.met === null ? '' : goal.met(value) ? 'ok' : `MISSED (${goal.miss?.(value) ?? ''})`;
    rows.push([key, value === null ? '—' : String(value), goal.text, status, what[key]]);
  }
  out.push(table(rows));

  if (r.page) {
    out.push('');
    out.push('Read (adapter vs floor, median ms):');
    for (const read of r.page.reads) {
      out.push(
        read.status === 'measured'
          ? `  ${read.crm.padEnd(9)} ${f(read.adapterMs, 2)} vs ${f(read.floorMs, 2)} = ${f(read.ratio, 1)}×  (${read.items ?? 0} deals read of ${read.cards ?? 0} cards, ${read.problems ?? 0} problems)${read.note ? `; ${read.note}` : ''}`
          : `  ${read.crm.padEnd(9)} ${read.status}: ${read.note ?? ''}`,
      );
      if (read.profile && read.profile.length > 0) {
        const total = read.profile.reduce((sum, x) => sum + x.ms, 0);
        out.push(`            profile (self time, share of the functions listed): ${read.profile.map((x) => `${x.fn} ${Math.round((x.ms / total) * 100)}%`).join(', ')}`);
      }
    }
    out.push('Page cost (longest long task per run, ms):');
    out.push(`  with the extension:    ${r.page.withExtension.map((x) => `${f(x.longestMs, 0)} (load ${f(x.longestLoadMs, 0)}, moves ${f(x.longestMovesMs, 0)}; ${x.longTasks} long tasks; ${x.moved} moves took ${f(x.movesMs / 1000, 1)} s; ${x.badges} overlay badges on the board)`).join('; ')}`);
    out.push(`  without the extension: ${r.page.withoutExtension.map((x) => `${f(x.longestMs, 0)} (${x.longTasks} long tasks; moves took ${f(x.movesMs / 1000, 1)} s)`).join('; ')}`);
    out.push(`  attributed to: ${r.page.attribution}`);
    const field = [...new Set(r.page.withExtension.flatMap((x) => x.attributionField))];
    if (field.length > 0) out.push(`  (the long tasks' own attribution field says only ${field.join(', ')}; long-animation-frame entries do not list content scripts, hence the CPU profile)`);
    const stretches = r.page.withExtension[0]?.stretches ?? [];
    if (stretches.length > 0) out.push(`  busiest stretches (profile, run 1): ${stretches.slice(0, 3).map((s) => `${f(s.ms, 0)} ms [${s.top}]`).join('; ')}`);
  }
  if (r.ingest) {
    const i = r.ingest;
    out.push('');
    out.push(`Ingest (${i.stored.deals} deals + ${i.stored.activities} activities, ${i.first.parts} messages; the API read itself took ${f(i.fetchSeconds, 0)} s):`);
    out.push(`  first read ${f(i.first.ms, 0)} ms (worker transactions ${f(i.first.txMs, 0)} ms); replays into an empty DB ${i.replays.map((x) => f(x.ms, 0)).join(', ') || '—'} ms; floor ${i.floorTimes.map((t) => f(t, 0)).join(', ')} ms`);
    out.push(`  re-read, incremental (cursor): ${i.incremental.deals} deals + ${i.incremental.activities} activities, ${i.incremental.rowsPut} rows put, ${f(i.incremental.ms, 0)} ms`);
    out.push(`  the same data again (${i.reread === 'real' ? 'real full read' : 'replayed as a newer read'}): ${i.full.deals} deals + ${i.full.activities} activities, ${i.full.rowsPut} rows put, ${f(i.full.ms, 0)} ms; a manager's first read (${i.managerRead.deals} deals): ${i.managerRead.rowsPut} rows put`);
    if (i.breakdown) {
      const sum = (parts: { validateMs: number; ingestMs: number }[], k: 'validateMs' | 'ingestMs') => parts.reduce((s, p) => s + p[k], 0);
      out.push(`  in the worker, same parts: validation ${f(sum(i.breakdown.first, 'validateMs'), 0)} ms, ingestSnapshot ${f(sum(i.breakdown.first, 'ingestMs'), 0)} ms (first write); ${f(sum(i.breakdown.again, 'validateMs'), 0)} + ${f(sum(i.breakdown.again, 'ingestMs'), 0)} ms (unchanged)`);
      const top = (list: { fn: string; ms: number; share: number }[]) =>
        list
          .filter((x) => x.fn !== '(idle)')
          .slice(0, 6)
          .map((x) => `${x.fn} ${f(x.ms, 0)} ms`)
          .join(', ');
      if (i.breakdown.profileFirst.length > 0) out.push(`  worker profile, first write: ${top(i.breakdown.profileFirst)}`);
      if (i.breakdown.profileAgain.length > 0) out.push(`  worker profile, unchanged:   ${top(i.breakdown.profileAgain)}`);
    }
  }
  if (r.popup) {
    const p = r.popup;
    out.push('');
    out.push(`Popup: My day ${p.myDayTimes.map((t) => f(t, 0)).join(', ')} ms; floor ${p.floorTimes.map((t) => f(t, 1)).join(', ')} ms; Team ${p.teamTimes.map((t) => f(t, 0)).join(', ')} ms`);
    if (p.firstTeamRows) out.push(`  Team first showed the previous tab's data: ${p.firstTeamRows}, before its own rows`);
    out.push(`  opening (medians, ms since navigation): popup.html received ${f(p.responseEndMs, 0)}, scripts run (DOMContentLoaded) ${f(p.dclMs, 0)}, first React content ${f(p.firstContentMs, 0)}, My day ${f(p.myDayMs, 0)}`);
    if (p.openProfile.length > 0) {
      const shown = p.openProfile.filter((x) => x.ms >= 1).slice(0, 6);
      out.push(`  opening under the CPU profiler (slower: My day at ${f(p.openProfileMyDayMs, 0)} ms), by file: ${shown.map((x) => `${x.file} ${f(x.ms, 0)} ms`).join(', ')}  ["(browser)" = native: parse/compile, style, layout]`);
    }
    if (p.breakdown) {
      const b = p.breakdown;
      out.push(`  outside React: My day query ${f(b.myDayQueryMs, 0)} ms (${b.myDeals} deals, ${b.myActivities} activities) + dayView ${f(b.myDayViewMs, 0)} ms; Team query ${f(b.teamQueryMs, 0)} ms (${b.teamDeals} deals, ${b.teamActivities} activities, ${b.teamTasks} tasks) + ${b.teamView ? 'teamView' : `${b.teamManagers}× dayView`} over ${b.teamManagers} managers ${f(b.teamViewsMs, 0)} ms; deal owners ${f(b.ownersMs, 0)} ms`);
    }
    if (p.windowFloor) {
      const w = p.windowFloor;
      out.push(`  My day now loads activities from ${new Date(w.from).toDateString()} (not only today): raw getAll of that window ${f(w.ms, 1)} ms (${w.deals} deals, ${w.activities} activities), My day / that floor = ${f(p.myDayMs / w.ms, 1)}×`);
    }
  }
  if (r.errors.length > 0) {
    out.push('');
    out.push('Errors:');
    for (const e of r.errors) out.push(`  ${e}`);
  }
  return out.join('\n');
}
