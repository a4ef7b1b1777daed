import { describe, expect, it } from 'vitest';
import { countryCalendar } from '../../lib/calendar';
import type { ActivityFields, DealFields, StageFields, TaskFields } from '../../lib/model';
import { percentile, stalledDeals, stalledRuleOf, suggestStageLimits, type StalledDealsInput } from '../../lib/metrics';
import { mergeSettings } from '../../lib/settings';

/** Thursday 12 March 2026, 10:00 local. */
const now = new Date(2026, 2, 12, 10, 0);
const day = (month: number, date: number, hour = 11) => new Date(2026, month - 1, date, hour).getTime();

const stages: StageFields[] = [
  { crmId: 'proposal', pipelineId: 'p1', name: 'КП отправлено', order: 2, kind: 'open' },
  { crmId: 'talks', pipelineId: 'p1', name: 'Переговоры', order: 3, kind: 'open' },
  { crmId: 'won', pipelineId: 'p1', name: 'Успешно реализовано', order: 10, kind: 'won' },
  { crmId: 'lost', pipelineId: 'p1', name: 'Закрыто и не реализовано', order: 11, kind: 'lost' },
];

function deal(crmId: string, fields: Partial<DealFields>): DealFields {
  return {
    crmId,
    title: `ООО ${crmId}`,
    amount: 1250000,
    currency: 'RUB',
    pipelineId: 'p1',
    stageId: 'proposal',
    status: 'open',
    ownerId: 'irina',
    createdAt: day(1, 10),
    stageEnteredAt: day(2, 2),
    updatedAt: day(3, 1),
    closedAt: null,
    lossReason: null,
    client: null,
    nextTaskAt: day(3, 13),
    url: `https://acme.amocrm.ru/leads/detail/${crmId}`,
    ...fields,
  };
}

const run = (deals: DealFields[], limit = 7) => stalledDeals({ deals, stages, stageLimitDays: () => limit, now });

describe('stalledDeals: days in stage against the limit (working days)', () => {
  it.each([
    ['7 working days (Tue 3 Mar) = at the limit', day(3, 3), 7, false],
    ['8 working days (Mon 2 Mar) = over the limit', day(3, 2), 8, true],
    ['8 working days even entered late in the day', day(3, 2, 23), 8, true],
    ['entered today', day(3, 12, 9), 0, false],
    ['Fri 6 Mar: 6 calendar days but 4 working days', day(3, 6), 4, false],
    ['entered on Saturday 7 Mar: 3 working days', day(3, 7), 3, false],
    ['Wed 25 Feb: two weekends, 11 working days', day(2, 25), 11, true],
  ])('%s', (_name, stageEnteredAt, days, isStalled) => {
    const d = deal('a', { stageEnteredAt });
    expect(run([d]).length > 0).toBe(isStalled);
    // With a negative limit every open deal shows, which exposes the day count itself.
    expect(run([d], -1)[0]?.daysInStage).toBe(days);
  });

  it('a weekend span needs more calendar days: Fri 6 Mar with limit 3 is 4 working days → stalled', () => {
    expect(run([deal('a', { stageEnteredAt: day(3, 6) })], 3)[0]?.daysInStage).toBe(4);
  });

  it.each([
    ['won status', { status: 'won' as const, closedAt: day(3, 1) }],
    ['lost status', { status: 'lost' as const, closedAt: day(3, 1), lossReason: 'Дорого' }],
    ['open status in a won stage', { stageId: 'won' }],
    ['open status in a lost stage', { stageId: 'lost' }],
    ['no stage-entry time', { stageEnteredAt: null }],
  ])('never stalled: %s', (_name, fields) => {
    expect(run([deal('a', { stageEnteredAt: day(1, 5), ...fields })])).toEqual([]);
  });

  it('asks the limit per stage; Infinity means the stage never stalls', () => {
    const deals = [deal('slow-talks', { stageId: 'talks', stageEnteredAt: day(2, 2) }), deal('proposal', { stageEnteredAt: day(3, 2) })];
    const limits: Record<string, number> = { talks: Number.POSITIVE_INFINITY, proposal: 5 };
    const result = stalledDeals({ deals, stages, stageLimitDays: (id) => limits[id] ?? 7, now });
    expect(result.map((s) => [s.deal.crmId, s.limitDays])).toEqual([['proposal', 5]]);
  });

  it('names an unknown stage by its id rather than dropping the deal', () => {
    expect(run([deal('a', { stageId: '142' })])[0]?.stageName).toBe('142');
  });
});

describe('stalledDeals: reasons and order', () => {
  it.each([
    ['next task in the future', day(3, 13), []],
    ['no next task', null, [{ kind: 'no-next-task' }]],
    ['next task overdue', day(3, 10, 9), [{ kind: 'task-overdue', since: day(3, 10, 9) }]],
  ])('%s', (_name, nextTaskAt, extra) => {
    const [stalled] = run([deal('a', { nextTaskAt, stageEnteredAt: day(3, 2) })]);
    expect(stalled?.reasons).toEqual([{ kind: 'days-in-stage', days: 8, limit: 7, stageName: 'КП отправлено' }, ...extra]);
  });

  it('longest in stage first', () => {
    const deals = [
      deal('eight', { stageEnteredAt: day(3, 2) }),
      deal('eleven', { stageEnteredAt: day(2, 25) }),
      deal('won', { status: 'won', stageEnteredAt: day(1, 5) }),
      deal('nine', { stageEnteredAt: day(2, 27) }),
    ];
    expect(run(deals).map((s) => [s.deal.crmId, s.daysInStage])).toEqual([
      ['eleven', 11],
      ['nine', 9],
      ['eight', 8],
    ]);
  });

  it('no deals → nothing stalled', () => {
    expect(run([])).toEqual([]);
  });
});

describe('stalledDeals: working days by the production calendar', () => {
  const ru = countryCalendar('RU');
  it.each([
    ['Fri 6 Mar → Thu 12 Mar: Monday 9 March is a holiday', day(3, 6), 4, 3],
    ['Fri 20 Feb → Thu 12 Mar: over the holiday Monday 23 Feb too', day(2, 20), 14, 12],
    ['entered on the holiday itself: it does not count', day(3, 9), 3, 2],
  ])('%s', (_name, stageEnteredAt, weekdays, working) => {
    const d = deal('a', { stageEnteredAt });
    expect(stalledDeals({ deals: [d], stages, stageLimitDays: () => -1, now })[0]?.daysInStage).toBe(weekdays);
    expect(stalledDeals({ deals: [d], stages, stageLimitDays: () => -1, now, calendar: ru })[0]?.daysInStage).toBe(working);
  });
});

describe('stalledDeals: one rule with silence, next task and snoozes', () => {
  const call = (dealId: string, at: number, ownerId = 'irina'): ActivityFields => ({
    crmId: `c-${dealId}-${at}`,
    type: 'call',
    at,
    ownerId,
    dealId,
    durationSec: 60,
    direction: 'out',
    outcome: null,
  });
  const task = (dealId: string, fields: Partial<TaskFields>): TaskFields => ({
    crmId: `t-${dealId}`,
    type: 'call',
    text: 'Перезвонить',
    dueAt: day(3, 20),
    done: false,
    doneAt: null,
    ownerId: 'irina',
    dealId,
    ...fields,
  });
  // In the stage since Mon 2 March (8 working days), under a generous stage limit: only silence can stall it.
  const quiet = (fields: Partial<DealFields> = {}) => deal('a', { stageEnteredAt: day(3, 2), createdAt: day(1, 10), ...fields });
  const withHistory = (deals: DealFields[], activities: ActivityFields[], tasks: TaskFields[] = [], extra: Partial<StalledDealsInput> = {}) =>
    stalledDeals({ deals, stages, stageLimitDays: () => 20, now, history: { activities, tasks, completeFrom: day(2, 1) }, ...extra });

  it.each<[string, ActivityFields[], TaskFields[], number | null]>([
    ['a call yesterday', [call('a', day(3, 11))], [], null],
    ['last call Thu 5 Mar: 5 working days, at the limit', [call('a', day(3, 5))], [], null],
    ['last call Wed 4 Mar: 6 working days', [call('a', day(3, 4))], [], 6],
    ["someone else's call on the deal is a touch too", [call('a', day(3, 11), 'oleg')], [], null],
    ['a task done yesterday is a touch', [], [task('a', { done: true, doneAt: day(3, 11) })], null],
    ['an open task is not a touch', [], [task('a', { dueAt: day(3, 11) })], 8],
    ['nothing since the stage move on Mon 2 Mar', [], [], 8],
    ["a call on another deal doesn't count", [call('b', day(3, 11))], [], 8],
  ])('%s', (_name, activities, tasks, silentDays) => {
    const [stalled] = withHistory([quiet()], activities, tasks);
    if (silentDays === null) expect(stalled).toBeUndefined();
    else expect(stalled?.allReasons[0]).toMatchObject({ kind: 'no-activity', days: silentDays, limit: 5 });
  });

  it('before the history we hold, silence is not assumed: the count starts at completeFrom', () => {
    const result = stalledDeals({ deals: [quiet()], stages, stageLimitDays: () => 20, now, history: { activities: [], tasks: [], completeFrom: day(3, 10) } });
    expect(result).toEqual([]);
  });

  it('without activity history, silence is not judged at all', () => {
    expect(stalledDeals({ deals: [quiet()], stages, stageLimitDays: () => 20, now })).toEqual([]);
  });

  it('says every reason, stage time first; the i18n-known ones are also in `reasons`', () => {
    const [stalled] = withHistory([quiet({ nextTaskAt: null })], [], [], { stageLimitDays: () => 7 });
    expect(stalled?.allReasons).toEqual([
      { kind: 'days-in-stage', days: 8, limit: 7, stageName: 'КП отправлено' },
      { kind: 'no-activity', days: 8, limit: 5, since: day(3, 2) },
      { kind: 'no-next-task' },
    ]);
    expect(stalled?.reasons).toEqual([{ kind: 'days-in-stage', days: 8, limit: 7, stageName: 'КП отправлено' }, { kind: 'no-next-task' }]);
    expect(stalled?.daysSilent).toBe(8);
  });

  it('an open task in the history stands in for a next task the deal record lacks', () => {
    const [stalled] = withHistory([quiet({ nextTaskAt: null })], [], [task('a', { dueAt: day(3, 20) })]);
    expect(stalled?.allReasons.map((r) => r.kind)).toEqual(['no-activity']);
  });

  it.each([
    ['counted as a reason only (default)', false, []],
    ['alone makes a deal stalled when chosen', true, [{ kind: 'no-next-task' }]],
  ])('no next task: %s', (_name, noNextTaskStalls, reasons) => {
    const fresh = deal('a', { stageEnteredAt: day(3, 11), nextTaskAt: null });
    expect(run([fresh]).length).toBe(0);
    const result = stalledDeals({ deals: [fresh], stages, stageLimitDays: () => 7, now, noNextTaskStalls });
    expect(result.map((s) => s.allReasons)).toEqual(reasons.length === 0 ? [] : [reasons]);
  });

  it('an overdue task alone does not stall a deal', () => {
    expect(run([deal('a', { stageEnteredAt: day(3, 11), nextTaskAt: day(3, 11, 9) })])).toEqual([]);
  });

  it.each([
    ['snoozed until next week → not stalled', day(3, 16), 0],
    ['the snooze ran out this morning → stalled', day(3, 12, 9), 1],
    ['no snooze → stalled', null, 1],
  ])('%s', (_name, until, count) => {
    const result = stalledDeals({ deals: [deal('a', { stageEnteredAt: day(3, 2) })], stages, stageLimitDays: () => 7, now, snoozedUntil: () => until });
    expect(result.length).toBe(count);
  });

  it('stalledRuleOf reads limits, the rule and snoozes (by deal record key) from settings', () => {
    const account = 'https://acme.amocrm.ru';
    const settings = mergeSettings({
      stageLimitDays: { [`${account}|proposal`]: 3 },
      stalledRule: { noActivityDays: 2, noNextTaskStalls: true },
      snoozes: { [`${account}|snoozed`]: day(3, 16) },
    });
    const deals = [deal('snoozed', { stageEnteredAt: day(3, 2) }), deal('late', { stageEnteredAt: day(3, 6) })];
    const result = stalledDeals({ deals, stages, now, ...stalledRuleOf(settings, account) });
    expect(result.map((s) => [s.deal.crmId, s.limitDays])).toEqual([['late', 3]]);
    expect(stalledRuleOf(settings, account)).toMatchObject({ noActivityDays: 2, noNextTaskStalls: true });
  });

  it('furthest over any limit first', () => {
    const silent = deal('silent', { stageEnteredAt: day(2, 2), createdAt: day(1, 10) }); // 29 working days, silence 29 − 5 = 24 over
    const slow = deal('slow', { stageEnteredAt: day(2, 25) }); // 11 days, limit 7 → 4 over
    const result = stalledDeals({
      deals: [slow, silent],
      stages,
      stageLimitDays: (id) => (id === 'talks' ? 100 : 7),
      now,
      history: { activities: [call('slow', day(3, 11))], tasks: [], completeFrom: day(1, 1) },
    });
    expect(result.map((s) => s.deal.crmId)).toEqual(['silent', 'slow']);
  });

  it('handles 20 000 deals and 100 000 calls', () => {
    const deals = Array.from({ length: 20_000 }, (_, i) => deal(`d${i}`, { stageEnteredAt: day(1, 5 + (i % 60)) }));
    const activities = Array.from({ length: 100_000 }, (_, i) => call(`d${i % 20_000}`, day(1, 5 + (i % 66))));
    const result = stalledDeals({ deals, stages, stageLimitDays: () => 7, now, calendar: countryCalendar('RU'), history: { activities, tasks: [], completeFrom: day(1, 1) } });
    expect(result.length).toBeGreaterThan(0);
  });
});

describe('suggestStageLimits', () => {
  // Entered 1…8 working days before now (Mon–Fri), all open in «КП отправлено».
  const entered = [day(3, 11), day(3, 10), day(3, 9), day(3, 6), day(3, 5), day(3, 4), day(3, 3), day(3, 2)];
  const deals = [
    ...entered.map((stageEnteredAt, i) => deal(`p${i}`, { stageEnteredAt })),
    ...[day(2, 2), day(2, 3), day(2, 4)].map((stageEnteredAt, i) => deal(`t${i}`, { stageId: 'talks', stageEnteredAt })),
    deal('won', { status: 'won', stageId: 'won', stageEnteredAt: day(1, 5) }),
    deal('no-entry', { stageEnteredAt: null }),
  ];

  it('the 75th percentile of working days in the stage, per open stage; too few deals → no suggestion', () => {
    expect(suggestStageLimits(deals, stages, now)).toEqual([
      { stageId: 'proposal', pipelineId: 'p1', stageName: 'КП отправлено', days: 6, basedOn: 8 },
      { stageId: 'talks', pipelineId: 'p1', stageName: 'Переговоры', days: null, basedOn: 3 },
    ]);
  });

  it('counts by the calendar it is given (9 March is a holiday)', () => {
    expect(suggestStageLimits(deals, stages, now, countryCalendar('RU'))[0]).toMatchObject({ days: 5 });
  });

  it('at least one day, even when every deal entered today', () => {
    const today = Array.from({ length: 6 }, (_, i) => deal(`n${i}`, { stageEnteredAt: day(3, 12, 9) }));
    expect(suggestStageLimits(today, stages, now)[0]).toMatchObject({ days: 1, basedOn: 6 });
  });

  it.each([
    [[5], 0.75, 5],
    [[1, 2, 3, 4], 0.75, 3],
    [[4, 1, 3, 2, 8, 7, 6, 5], 0.75, 6],
    [[1, 2, 3, 4], 0.5, 2],
  ])('percentile(%j, %d) = %d', (values, share, expected) => {
    expect(percentile(values, share)).toBe(expected);
  });
});
