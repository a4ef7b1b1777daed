// My day and the Team table must agree, for one manager, on what touched a deal: the same stalled deals, the same silence.
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestSnapshot } from '../../entrypoints/background/handlers';
import { managerDayView } from '../../entrypoints/popup/manager-figures';
import { managerCalendar } from '../../lib/calendar';
import { db } from '../../lib/db';
import { dayView, silentSince, teamView, workingDay, type DayView, type TeamMemberRow } from '../../lib/metrics';
import { recordKey, type ActivityFields, type DealFields, type Snapshot, type TaskFields } from '../../lib/model';
import { loadAccounts, loadDay, saveSettings } from '../../lib/queries';
import { loadTeamRows } from '../../lib/queries/team';
import { mergeSettings, type Settings } from '../../lib/settings';

const ACCOUNT = 'https://acme.amocrm.ru';
const IRINA = '7';
const OLEG = '8';
const HEAD = '1';
/** Wednesday 18 November 2026, 15:00 (4 November was a public holiday). */
const NOW = new Date(2026, 10, 18, 15, 0);
const at = (month: number, day: number, hour: number, minute = 0) => new Date(2026, month - 1, day, hour, minute).getTime();

/** In the stage since Tuesday 10 November: 6 working days, under the 7-day limit, so only silence and tasks decide. */
function deal(crmId: string, ownerId = IRINA, patch: Partial<DealFields> = {}): DealFields {
  return {
    crmId, title: `ООО ${crmId}`, amount: 100_000, currency: 'RUB', pipelineId: 'p', stageId: 's1', status: 'open', ownerId,
    createdAt: at(10, 1, 10), stageEnteredAt: at(11, 10, 10), updatedAt: at(11, 10, 10), closedAt: null, lossReason: null, client: null,
    nextTaskAt: at(11, 20, 10), url: `${ACCOUNT}/leads/detail/${crmId}`, ...patch,
  };
}
function call(crmId: string, ownerId: string, when: number, dealId: string | null = null): ActivityFields {
  return { crmId, type: 'call', at: when, ownerId, dealId, durationSec: 60, direction: 'out', outcome: null };
}
function task(crmId: string, ownerId: string, dealId: string, patch: Partial<TaskFields> = {}): TaskFields {
  return { crmId, type: 'call', text: crmId, dueAt: at(11, 17, 12), done: false, doneAt: null, ownerId, dealId, ...patch };
}

const deals: DealFields[] = [
  deal('d1'), // nobody touched it: silent 6 working days, stalled everywhere
  deal('d2'), // Oleg called the client on Monday: touched
  deal('d3'), // the head closed a task on it on Tuesday: touched
  deal('d4'), // Irina's own call on Tuesday
  deal('d5', IRINA, { nextTaskAt: null }), // Irina's own call; its only next task is Oleg's
  deal('d6', IRINA, { stageEnteredAt: at(10, 26, 10) }), // 16 working days in the stage: stalled whoever calls
  deal('o1', OLEG, { stageEnteredAt: at(11, 17, 10) }),
];

const activities: ActivityFields[] = [
  // Calls are complete from 20 October, the first one we hold.
  call('first', IRINA, at(10, 20, 9)),
  call('c-d2', OLEG, at(11, 16, 11), 'd2'),
  call('c-d4', IRINA, at(11, 17, 11), 'd4'),
  call('c-d5', IRINA, at(11, 17, 12), 'd5'),
  call('c-o1', IRINA, at(11, 17, 16), 'o1'),
  // Today Irina called until 10:00; Oleg's call on her deal at 14:30 touches the deal but does not make her a caller.
  call('c-today', IRINA, at(11, 18, 10)),
  call('c-d6', OLEG, at(11, 18, 14, 30), 'd6'),
];

const tasks: TaskFields[] = [
  task('t-d3', HEAD, 'd3', { done: true, doneAt: at(11, 17, 15) }),
  task('t-d5', OLEG, 'd5', { dueAt: at(11, 20, 10) }),
];

const settings: Settings = mergeSettings({ stalledRule: { noActivityDays: 5, noNextTaskStalls: true }, roles: { [`${ACCOUNT}|${IRINA}`]: 'cold_caller' } });
const historyFrom = new Date(2026, 9, 20);

function summary(view: DayView) {
  return view.stalled.map((s) => ({ id: s.deal.crmId, daysSilent: s.daysSilent, reasons: s.allReasons.map((r) => r.kind) }));
}
function rowOf(rows: readonly TeamMemberRow[] | null, managerId: string): TeamMemberRow {
  const row = rows?.find((r) => r.managerId === managerId);
  if (!row) throw new Error(`no Team row for ${managerId}`);
  return row;
}
const calendar = (s: Settings) => managerCalendar(s, recordKey(ACCOUNT, IRINA), true);

describe('dayView and teamView over one dataset', () => {
  const team = (s: Settings) =>
    teamView({
      account: ACCOUNT,
      managers: [{ crmId: IRINA, name: 'Ирина', title: null, active: true }, { crmId: OLEG, name: 'Олег', title: null, active: true }],
      deals, stages: [{ crmId: 's1', pipelineId: 'p', name: 'КП', order: 1, kind: 'open' }], activities, tasks, settings: s, now: NOW, currentUserId: IRINA, historyFrom,
    });
  const day = (s: Settings) =>
    dayView({ account: ACCOUNT, ownerId: IRINA, deals, stages: [{ crmId: 's1', pipelineId: 'p', name: 'КП', order: 1, kind: 'open' }], activities, tasks, settings: s, now: NOW, calendar: calendar(s), historyFrom });

  it('anyone\'s call, done task or open task on the deal is a touch, in both', () => {
    const mine = day(settings);
    expect(summary(mine)).toEqual([
      { id: 'd6', daysSilent: 0, reasons: ['days-in-stage'] },
      { id: 'd1', daysSilent: 6, reasons: ['no-activity'] },
    ]);
    expect(summary(rowOf(team(settings), IRINA).view)).toEqual(summary(mine));
    expect(rowOf(team(settings), IRINA).stalledCount).toBe(mine.stalled.length);
  });

  it('"silent" is about the manager\'s own calls in both: a colleague\'s call on her deal does not end it', () => {
    const row = rowOf(team(settings), IRINA);
    const own = silentSince(activities, IRINA, NOW, workingDay(NOW, settings.workingHours, calendar(settings)));
    expect(own).toEqual(new Date(at(11, 18, 10, 1)));
    expect(row.flags.stoppedCalling).toEqual(own);
  });

  it('a snooze hides the deal from both', () => {
    const snoozed = mergeSettings({ ...settings, snoozes: { [recordKey(ACCOUNT, 'd1')]: at(11, 20, 0) } });
    expect(summary(day(snoozed)).map((s) => s.id)).toEqual(['d6']);
    expect(summary(rowOf(team(snoozed), IRINA).view)).toEqual(summary(day(snoozed)));
  });
});

describe('My day and Team as the popup loads them', () => {
  const snapshot: Snapshot = {
    crm: 'amocrm', account: ACCOUNT, accountName: 'acme', currency: 'RUB', source: 'api', readAt: NOW.getTime() - 60_000, currentUserId: IRINA,
    managers: [
      { crmId: IRINA, name: 'Ирина Ковалёва', title: null, active: true },
      { crmId: OLEG, name: 'Олег Петров', title: null, active: true },
      { crmId: HEAD, name: 'Анна Кузнецова', title: 'Руководитель отдела продаж', active: true },
    ],
    pipelines: [{ crmId: 'p', name: 'Продажи', order: 1 }],
    stages: [{ crmId: 's1', pipelineId: 'p', name: 'КП', order: 1, kind: 'open' }],
    deals, tasks, activities, problems: [],
  };

  beforeEach(async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
    await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot });
    await saveSettings(db, () => settings);
  });

  it('the manager\'s day sees colleagues\' touches on her deals, as Team does', async () => {
    const [account] = await loadAccounts(db);
    if (!account) throw new Error('no account');
    const data = await loadDay(db, ACCOUNT, NOW, IRINA);
    const ctx = { data, account, ownerId: IRINA, settings, now: NOW };
    const mine = managerDayView(ctx, calendar(settings));
    const row = rowOf(await loadTeamRows(db, ACCOUNT, NOW), IRINA);
    expect(summary(mine).map((s) => s.id)).toEqual(['d6', 'd1']);
    expect(summary(row.view)).toEqual(summary(mine));
    expect(silentSince(data.activities, IRINA, NOW, workingDay(NOW, settings.workingHours, calendar(settings)))).toEqual(row.flags.stoppedCalling);
    // The figures stay the manager's own: Oleg's calls on her deals are not her calls.
    expect(mine.figures.find((f) => f.kpi === 'calls')?.fact).toBe(row.view.figures.find((f) => f.kpi === 'calls')?.fact);
    expect(mine.calls?.done).toBe(1);
  });
});
