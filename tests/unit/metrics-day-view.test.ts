import { describe, expect, it } from 'vitest';
import { workCalendar } from '../../lib/calendar';
import type { ActivityFields, DealFields, StageFields } from '../../lib/model';
import { dayView } from '../../lib/metrics';
import { mergeSettings } from '../../lib/settings';

const account = 'https://acme.amocrm.ru';
const settings = mergeSettings({ roles: { [`${account}|irina`]: 'cold_caller' } });
const stages: StageFields[] = [{ crmId: 'proposal', pipelineId: 'p1', name: 'КП отправлено', order: 1, kind: 'open' }];
const at = (date: number, hour: number, minute = 0) => new Date(2026, 2, date, hour, minute);

const calls: ActivityFields[] = Array.from({ length: 40 }, (_, i) => ({
  crmId: `c${i}`,
  type: 'call',
  at: at(12, 9, i).getTime(),
  ownerId: 'irina',
  dealId: null,
  durationSec: i % 2 === 0 ? 60 : 5,
  direction: 'out',
  outcome: null,
}));
const stalledDeal: DealFields = {
  crmId: 'd1',
  title: 'ООО Ромашка',
  amount: 1250000,
  currency: 'RUB',
  pipelineId: 'p1',
  stageId: 'proposal',
  status: 'open',
  ownerId: 'irina',
  createdAt: at(1, 10).getTime(),
  stageEnteredAt: at(2, 10).getTime(),
  updatedAt: at(2, 10).getTime(),
  closedAt: null,
  lossReason: null,
  client: null,
  nextTaskAt: null,
  url: `${account}/leads/detail/d1`,
};
const view = (ownerId: string, now: Date) => dayView({ account, ownerId, deals: [stalledDeal], stages, activities: calls, settings, now });

describe('dayView', () => {
  it('composes My day for a cold caller at 13:30', () => {
    const day = view('irina', at(12, 13, 30));
    expect(day.role).toBe('cold_caller');
    expect(day.figures.map((f) => [f.kpi, f.fact, f.plan, f.status])).toEqual([
      ['calls', 40, 80, 'green'],
      ['conversations', 20, 30, 'green'],
      ['talkTime', 20 * 60 + 20 * 5, 3600, 'amber'],
      ['newDeals', 0, 3, 'red'],
    ]);
    expect(day.calls).toEqual({ plan: 80, done: 40, remaining: 40, pace: 10, projected: 80, endOfDay: at(12, 18) });
    expect(day.status).toBe('green');
    expect(day.stalled.map((s) => [s.deal.crmId, s.daysInStage])).toEqual([['d1', 8]]);
  });

  it.each([
    ['a day off', 'irina', at(14, 12), { dayOff: true, status: 'grey', calls: null }],
    ['no role chosen', 'oleg', at(12, 12), { role: null, status: 'grey', calls: null, figures: [] }],
  ])('%s → no targets, grey', (_name, ownerId, now, expected) => {
    expect(view(ownerId, now)).toMatchObject(expected);
  });
});

describe('dayView with a production calendar, weekday targets, history and snoozes', () => {
  const ru = workCalendar({ country: 'RU', daysOff: [], vacations: [] });

  it('a holiday Monday (23 Feb 2026) is a day off: no targets, grey', () => {
    const day = dayView({ account, ownerId: 'irina', deals: [], stages, activities: [], settings, now: new Date(2026, 1, 23, 12), calendar: ru });
    expect(day).toMatchObject({ dayOff: true, status: 'grey', figures: [], calls: null });
  });

  it("a weekday's own target applies on that day", () => {
    const fridays = mergeSettings({ roles: { [`${account}|irina`]: 'cold_caller' }, weekdayTargetOverrides: { [`${account}|irina`]: { fri: { calls: 60 } } } });
    const day = dayView({ account, ownerId: 'irina', deals: [], stages, activities: [], settings: fridays, now: at(13, 10), calendar: ru });
    expect(day.calls?.plan).toBe(60);
  });

  it('counts days in stage by the calendar: 8 weekdays but 7 working days (9 March 2026 is a holiday), at the limit', () => {
    const day = dayView({ account, ownerId: 'irina', deals: [stalledDeal], stages, activities: calls, settings, now: at(12, 13, 30), calendar: ru });
    expect(day.stalled).toEqual([]);
  });

  it('with history, silence is a reason; a snoozed deal is not stalled', () => {
    const withHistory = dayView({ account, ownerId: 'irina', deals: [stalledDeal], stages, activities: calls, tasks: [], settings, now: at(12, 13, 30), historyFrom: at(1, 0) });
    expect(withHistory.stalled[0]?.allReasons.map((r) => r.kind)).toEqual(['days-in-stage', 'no-activity', 'no-next-task']);
    const snoozed = mergeSettings({ roles: { [`${account}|irina`]: 'cold_caller' }, snoozes: { [`${account}|d1`]: at(16, 9).getTime() } });
    expect(dayView({ account, ownerId: 'irina', deals: [stalledDeal], stages, activities: calls, settings: snoozed, now: at(12, 13, 30) }).stalled).toEqual([]);
  });
});
