import { describe, expect, it } from 'vitest';
import type { ActivityFields, DealFields, ManagerFields, StageFields, TaskFields } from '../../lib/model';
import { teamView, type TeamViewInput } from '../../lib/metrics';
import { mergeSettings } from '../../lib/settings';

const account = 'https://acme.amocrm.ru';
/** Wednesday 18 November 2026, 15:00: five of eight working hours gone. */
const now = new Date(2026, 10, 18, 15, 0);
const at = (month: number, date: number, hour: number, minute = 0) => new Date(2026, month - 1, date, hour, minute).getTime();
const stages: StageFields[] = [{ crmId: 'proposal', pipelineId: 'p1', name: 'КП отправлено', order: 1, kind: 'open' }];

const manager = (crmId: string, name: string, title: string | null = null): ManagerFields => ({ crmId, name, title, active: true });
/** `count` calls from 09:00 on a day, `every` minutes apart. */
function calls(ownerId: string, month: number, date: number, count: number, every: number): ActivityFields[] {
  return Array.from({ length: count }, (_, i) => ({
    crmId: `c-${ownerId}-${month}-${date}-${i}`,
    type: 'call' as const,
    at: at(month, date, 9) + i * every * 60_000,
    ownerId,
    dealId: null,
    durationSec: 40,
    direction: 'out' as const,
    outcome: null,
  }));
}
function deal(crmId: string, ownerId: string, stageEnteredAt: number): DealFields {
  return {
    crmId,
    title: `ООО ${crmId}`,
    amount: 100000,
    currency: 'RUB',
    pipelineId: 'p1',
    stageId: 'proposal',
    status: 'open',
    ownerId,
    createdAt: at(9, 1, 10),
    stageEnteredAt,
    updatedAt: stageEnteredAt,
    closedAt: null,
    lossReason: null,
    client: null,
    nextTaskAt: at(12, 1, 10),
    url: '',
  };
}
// Usual Wednesdays (4 Nov is a holiday): 60 calls by 15:00 for Irina and Oleg.
const usual = (ownerId: string) => [[11, 11], [10, 28], [10, 21]].flatMap(([month, date]) => calls(ownerId, month ?? 0, date ?? 0, 60, 6));

const managers = [manager('irina', 'Ирина Ковалёва'), manager('oleg', 'Олег Петров'), manager('anna', 'Анна Смирнова'), manager('pavel', 'Павел Иванов')];
const activities = [
  ...usual('irina'),
  ...usual('oleg'),
  ...calls('irina', 11, 18, 60, 6), // last at 14:54
  ...calls('oleg', 11, 18, 10, 5), // last at 09:45
  ...calls('anna', 11, 18, 15, 20),
];
const deals = [deal('o1', 'oleg', at(10, 1, 10)), deal('o2', 'oleg', at(10, 20, 10)), deal('i1', 'irina', at(11, 17, 10)), deal('a1', 'anna', at(11, 2, 10))];
const roles = { [`${account}|irina`]: 'cold_caller', [`${account}|oleg`]: 'cold_caller', [`${account}|anna`]: 'closer' };
const run = (stored: Record<string, unknown> = {}, extra: Partial<TeamViewInput> = {}) =>
  teamView({ account, managers, deals, stages, activities, tasks: [] as TaskFields[], settings: mergeSettings({ roles, ...stored }), now, ...extra });

describe('teamView', () => {
  it('red first, then amber, green, grey; each with its stalled count and flags', () => {
    expect(run().map((row) => [row.managerId, row.status, row.stalledCount, row.flags.stoppedCalling, row.flags.activityDrop])).toEqual([
      ['oleg', 'red', 2, new Date(at(11, 18, 9, 45) + 40_000), true],
      ['anna', 'amber', 1, null, false],
      ['irina', 'green', 0, null, false],
      ['pavel', 'grey', 0, new Date(at(11, 18, 9)), false],
    ]);
  });

  it("rows carry today's figures the Team table shows", () => {
    const oleg = run().find((row) => row.managerId === 'oleg');
    expect(oleg?.view.figures.find((f) => f.kpi === 'calls')).toMatchObject({ fact: 10, plan: 80 });
    expect(oleg?.activityDrop).toMatchObject({ norm: 60, weeks: 3, today: { calls: 10 } });
    expect(oleg?.name).toBe('Олег Петров');
  });

  it("the user's own day off greys only the user's row", () => {
    const rows = run({ daysOff: ['2026-11-18'] }, { currentUserId: 'irina' });
    expect(rows.find((row) => row.managerId === 'irina')).toMatchObject({ status: 'grey', view: { dayOff: true }, flags: { stoppedCalling: null, activityDrop: false } });
    expect(rows.find((row) => row.managerId === 'oleg')?.status).toBe('red');
  });

  it('a manager on vacation is grey and never flagged', () => {
    const rows = run({ vacations: { [`${account}|oleg`]: [{ from: '2026-11-16', to: '2026-11-27' }] } });
    expect(rows.find((row) => row.managerId === 'oleg')).toMatchObject({ status: 'grey', flags: { stoppedCalling: null, activityDrop: false } });
  });

  it('no managers, no rows', () => {
    expect(teamView({ account, managers: [], deals, stages, activities, tasks: [], settings: mergeSettings({}), now })).toEqual([]);
  });

  it('50 managers, 20 000 deals, 100 000 calls and meetings: well under a second or two', () => {
    const team = Array.from({ length: 50 }, (_, i) => manager(`m${i}`, `Менеджер ${i}`, 'Менеджер по продажам'));
    const manyDeals = Array.from({ length: 20_000 }, (_, i) => deal(`d${i}`, `m${i % 50}`, at(9, 1, 10) + (i % 70) * 86_400_000));
    // 100 000 calls over the last five weeks, some on deals.
    const manyCalls: ActivityFields[] = Array.from({ length: 100_000 }, (_, i) => ({
      crmId: `c${i}`,
      type: i % 10 === 0 ? 'meeting' : 'call',
      at: at(10, 14, 9) + (i % 35) * 86_400_000 + (i % 480) * 60_000,
      ownerId: `m${i % 50}`,
      dealId: i % 3 === 0 ? `d${i % 20_000}` : null,
      durationSec: i % 90,
      direction: 'out',
      outcome: null,
    }));
    const rows = teamView({
      account,
      managers: team,
      deals: manyDeals,
      stages,
      activities: manyCalls,
      tasks: [],
      settings: mergeSettings({}),
      now,
      historyFrom: new Date(2026, 9, 14),
    });
    expect(rows).toHaveLength(50);
    expect(rows.every((row) => row.view.role === 'closer')).toBe(true);
  });
});
