// movedForward, avgDeal, conversion and the keep-at-most overdueTasks: facts, plan vs fact, period targets and roll-ups.
import { describe, expect, it } from 'vitest';
import { localDateText, workCalendar } from '../../lib/calendar';
import { formatKpiValue, kpiName } from '../../lib/i18n';
import type { DealFields, StageFields, TaskFields } from '../../lib/model';
import { kpiFacts, levelStatus, noFacts, periodView, planFact } from '../../lib/metrics';
import { dailyKpiFacts } from '../../lib/metrics/kpi-facts';
import { targetPlaceholder } from '../../components/options/targets';
import { checkTargets, KPI_FIELD, PERIOD_KPI_FIELD } from '../../components/options/validation';
import { DEFAULT_PACE_THRESHOLDS, KPI_IDS, KPI_KINDS, KPI_UNITS, mergeSettings, periodTargets, type KpiId } from '../../lib/settings';

const account = 'https://acme.amocrm.ru';
const key = `${account}|irina`;
const ru = workCalendar({ country: 'RU', daysOff: [], vacations: [] });
/** Thursday 12 March 2026, local time; `now` is its noon. */
const at = (date: number, hour = 12, minute = 0) => new Date(2026, 2, date, hour, minute).getTime();
const from = new Date(2026, 2, 12);
const to = new Date(2026, 2, 13);
const now = new Date(at(12));

const stages: StageFields[] = [
  // Listed out of order on purpose: the first open stage is the lowest `order`, not the first listed.
  { crmId: 's2', pipelineId: 'p1', name: 'Proposal', order: 2, kind: 'open' },
  { crmId: 's1', pipelineId: 'p1', name: 'New', order: 1, kind: 'open' },
  { crmId: 'w1', pipelineId: 'p1', name: 'Won', order: 9, kind: 'won' },
  { crmId: 'l1', pipelineId: 'p1', name: 'Lost', order: 10, kind: 'lost' },
  { crmId: 's21', pipelineId: 'p2', name: 'Intake', order: 5, kind: 'open' },
  { crmId: 's22', pipelineId: 'p2', name: 'Meeting', order: 6, kind: 'open' },
];

function deal(crmId: string, fields: Partial<DealFields>): DealFields {
  return {
    crmId,
    title: crmId,
    amount: 100000,
    currency: 'RUB',
    pipelineId: 'p1',
    stageId: 's2',
    status: 'open',
    ownerId: 'irina',
    createdAt: at(1),
    stageEnteredAt: null,
    updatedAt: at(12, 9),
    closedAt: null,
    lossReason: null,
    client: null,
    nextTaskAt: null,
    url: `${account}/leads/detail/${crmId}`,
    ...fields,
  };
}

function task(crmId: string, fields: Partial<TaskFields>): TaskFields {
  return { crmId, type: 'call', text: crmId, dueAt: at(11), done: false, doneAt: null, ownerId: 'irina', dealId: null, ...fields };
}

const factsOf = (input: { deals?: DealFields[]; tasks?: TaskFields[]; now?: Date | null }) =>
  kpiFacts({
    activities: [],
    deals: input.deals ?? [],
    ownerId: 'irina',
    from,
    to,
    conversationMinSec: 15,
    stages,
    tasks: input.tasks ?? [],
    ...(input.now === null ? {} : { now: input.now ?? now }),
  });

describe('KPI catalogue', () => {
  it('every KPI has a unit and a kind; the new ones are in the shared order', () => {
    expect(KPI_IDS).toEqual([
      'calls',
      'conversations',
      'talkTime',
      'meetings',
      'newDeals',
      'movedForward',
      'wonCount',
      'wonAmount',
      'avgDeal',
      'conversion',
      'repeatSales',
      'retention',
      'overdueTasks',
    ]);
    expect(KPI_IDS.map((kpi) => [kpi, KPI_UNITS[kpi], KPI_KINDS[kpi]]).slice(5)).toEqual([
      ['movedForward', 'count', 'sum'],
      ['wonCount', 'count', 'sum'],
      ['wonAmount', 'money', 'sum'],
      ['avgDeal', 'money', 'level'],
      ['conversion', 'percent', 'level'],
      ['repeatSales', 'money', 'sum'],
      ['retention', 'percent', 'level'],
      ['overdueTasks', 'count', 'limit'],
    ]);
  });

  it.each([
    ['movedForward', 'Deals moved forward', 'Сделки продвинуты'],
    ['avgDeal', 'Average deal', 'Средний чек'],
    ['conversion', 'Lead → won conversion', 'Конверсия лид → сделка'],
    ['overdueTasks', 'Overdue tasks', 'Просроченные задачи'],
  ] as const)('%s is named in both languages', (kpi, en, ruName) => {
    expect([kpiName('en', kpi, 15), kpiName('ru', kpi, 15)]).toEqual([en, ruName]);
  });

  it.each([
    [42, 'en', '42\u00a0%'],
    [41.6, 'ru', '42\u00a0%'],
    [0, 'en', '0\u00a0%'],
  ] as const)('percent %d (%s) → %s', (value, lang, text) => {
    expect(formatKpiValue(value, 'percent', lang, 'RUB')).toBe(text);
  });

  it('money through the money formatter', () => {
    expect(formatKpiValue(250000, 'money', 'en', 'RUB')).toBe('₽250,000');
  });
});

describe('movedForward', () => {
  it.each([
    ['zero data', [], 0],
    ['open, second stage, entered today', [deal('a', { stageEnteredAt: at(12, 10) })], 1],
    ['entered at the first instant of the day', [deal('a', { stageEnteredAt: from.getTime() })], 1],
    ['entered at the first instant of the next day', [deal('a', { stageEnteredAt: to.getTime() })], 0],
    ['entered yesterday', [deal('a', { stageEnteredAt: at(11, 23) })], 0],
    ['the first open stage is no move forward', [deal('a', { stageId: 's1', stageEnteredAt: at(12, 10) })], 0],
    ['first open stage of another pipeline', [deal('a', { pipelineId: 'p2', stageId: 's21', stageEnteredAt: at(12, 10) })], 0],
    ['second stage of another pipeline', [deal('a', { pipelineId: 'p2', stageId: 's22', stageEnteredAt: at(12, 10) })], 1],
    ['won today', [deal('a', { stageId: 'w1', status: 'won', closedAt: at(12, 10), stageEnteredAt: at(12, 10) })], 1],
    ['lost today', [deal('a', { stageId: 'l1', status: 'lost', closedAt: at(12, 10), stageEnteredAt: at(12, 10) })], 0],
    ['a stage we do not know', [deal('a', { stageId: 'x', stageEnteredAt: at(12, 10) })], 0],
    ['no stage time', [deal('a', { stageEnteredAt: null })], 0],
    ["someone else's", [deal('a', { ownerId: 'oleg', stageEnteredAt: at(12, 10) })], 0],
  ])('%s → %s', (_name, deals, expected) => {
    expect(factsOf({ deals }).movedForward).toBe(expected);
  });

  it('without stages nothing counts', () => {
    const deals = [deal('a', { stageEnteredAt: at(12, 10) })];
    expect(kpiFacts({ activities: [], deals, ownerId: 'irina', from, to, conversationMinSec: 15 }).movedForward).toBe(0);
  });
});

describe('avgDeal and conversion', () => {
  const won = (crmId: string, amount: number | null, closedAt = at(12, 10), createdAt = at(1)) => deal(crmId, { status: 'won', stageId: 'w1', amount, closedAt, createdAt });
  it.each([
    ['zero data', [], 0],
    ['one won deal', [won('a', 150000)], 150000],
    ['two won deals', [won('a', 100000), won('b', 300000)], 200000],
    ['a deal without an amount is left out', [won('a', 100000), won('b', null)], 100000],
    ['whole units', [won('a', 1), won('b', 2)], 2],
    ['won yesterday does not count', [won('a', 100000), won('b', 900000, at(11, 23))], 100000],
    ['won at the first instant of the next day does not count', [won('a', 100000), won('b', 900000, to.getTime())], 100000],
  ])('avgDeal: %s → %s', (_name, deals, expected) => {
    expect(factsOf({ deals }).avgDeal).toBe(expected);
  });

  const created = (crmId: string, status: DealFields['status'], createdAt = at(12, 9)) => deal(crmId, { status, createdAt, closedAt: status === 'open' ? null : at(12, 11) });
  it.each([
    ['zero data', [], 0],
    ['1 of 4 new deals won', [created('a', 'won'), created('b', 'open'), created('c', 'lost'), created('d', 'open')], 25],
    ['a won deal created before the period is not a converted lead', [created('a', 'won', at(11, 9)), created('b', 'open')], 0],
    ['created at the first instant of the period', [created('a', 'won', from.getTime()), created('b', 'open')], 50],
    ['created at the first instant of the next period', [created('a', 'won', to.getTime()), created('b', 'open')], 0],
  ])('conversion: %s → %s %', (_name, deals, expected) => {
    expect(factsOf({ deals }).conversion).toBe(expected);
  });

  it.each([
    [4, true],
    [5, false],
  ])('conversion over %d new deals: too little data %s', (count, tooLittle) => {
    const deals = Array.from({ length: count }, (_, i) => created(`d${i}`, i === 0 ? 'won' : 'open'));
    const [figure] = planFact({ conversion: 30 }, factsOf({ deals }));
    expect(figure).toMatchObject({ kpi: 'conversion', unit: 'percent', kind: 'level', fact: 100 / count, tooLittleData: tooLittle });
    expect(figure && levelStatus(figure, DEFAULT_PACE_THRESHOLDS)).toBe(tooLittle ? 'grey' : 'amber');
  });

  it('an average deal without any won deal is grey, not red', () => {
    const [figure] = planFact({ avgDeal: 200000 }, noFacts());
    expect(figure).toMatchObject({ fact: 0, tooLittleData: true, done: false });
    expect(figure && levelStatus(figure, DEFAULT_PACE_THRESHOLDS)).toBe('grey');
  });

  it.each([
    [200000, 'green'],
    [170000, 'amber'],
    [100000, 'red'],
  ] as const)('average deal %d against 200 000 → %s (not pro-rated by the time of day)', (amount, status) => {
    const [figure] = planFact({ avgDeal: 200000 }, factsOf({ deals: [won('a', amount)] }));
    expect(figure && levelStatus(figure, DEFAULT_PACE_THRESHOLDS)).toBe(status);
  });
});

describe('overdueTasks: keep at most', () => {
  it.each([
    ['zero data', [], 0],
    ['open, due yesterday', [task('a', {})], 1],
    ['due exactly now is not overdue yet', [task('a', { dueAt: now.getTime() })], 0],
    ['due a minute before now', [task('a', { dueAt: now.getTime() - 60_000 })], 1],
    ['done', [task('a', { done: true, doneAt: at(12, 9) })], 0],
    ['done after now was still open now', [task('a', { done: true, doneAt: at(12, 15) })], 1],
    ["someone else's", [task('a', { ownerId: 'oleg' })], 0],
    ['the same task twice (older open tasks and the window overlap)', [task('a', {}), task('a', {})], 1],
    ['due tomorrow', [task('a', { dueAt: at(13, 10) })], 0],
  ])('%s → %s', (_name, tasks, expected) => {
    expect(factsOf({ tasks }).overdueTasks).toBe(expected);
  });

  it('without `now` it is counted at the period end', () => {
    const tasks = [task('a', { dueAt: at(12, 15) }), task('b', { dueAt: to.getTime() })];
    expect([factsOf({ tasks }).overdueTasks, factsOf({ tasks, now: null }).overdueTasks]).toEqual([0, 1]);
  });

  it.each([
    ['none allowed, none overdue', 0, 0, true, 'green'],
    ['none allowed, one overdue', 0, 1, false, 'red'],
    ['two allowed, two overdue', 2, 2, true, 'green'],
    ['two allowed, three overdue', 2, 3, false, 'red'],
  ] as const)('%s: plan %d, fact %d', (_name, plan, fact, done, status) => {
    const [figure] = planFact({ overdueTasks: plan }, { ...noFacts(), overdueTasks: fact });
    // A limit never fills a bar: ratio is 1 within it, 0 over it.
    expect(figure).toMatchObject({ kpi: 'overdueTasks', kind: 'limit', plan, fact, done, ratio: done ? 1 : 0 });
    expect(figure && levelStatus(figure, DEFAULT_PACE_THRESHOLDS)).toBe(status);
  });

  it('a missing target means not tracked; a 0 target does not switch it off (other KPIs: it does)', () => {
    expect(planFact({}, noFacts())).toEqual([]);
    expect(planFact({ overdueTasks: 0, calls: 0 }, noFacts()).map((f) => f.kpi)).toEqual(['overdueTasks']);
  });

  it('a stored 0 survives settings reading and role targets', () => {
    const settings = mergeSettings({ roles: { [key]: 'closer' }, targetOverrides: { [key]: { overdueTasks: 0, calls: 0 } } });
    const day = periodTargets(settings, key, null, { kind: 'day', start: now }, ru);
    expect(day).toEqual({ meetings: 3, wonCount: 1, wonAmount: 500000, overdueTasks: 0 });
  });

  it('per day: counted at each day end, nothing after now', () => {
    const tasks = [task('a', { dueAt: at(10, 10), done: true, doneAt: at(11, 10) }), task('b', { dueAt: at(11, 10) })];
    const byDay = dailyKpiFacts({ activities: [], deals: [], ownerId: 'irina', from: new Date(2026, 2, 9), to: new Date(2026, 2, 16), conversationMinSec: 15, tasks, now });
    const overdue = [...byDay.entries()].map(([day, facts]) => [localDateText(new Date(day)), facts.overdueTasks]);
    // 10th: a overdue at the day's end; 11th: a done, b overdue; 12th (now): b.
    expect(overdue).toEqual([
      ['2026-03-10', 1],
      ['2026-03-11', 1],
      ['2026-03-12', 1],
    ]);
  });
});

describe('period targets and roll-ups of levels and limits', () => {
  const stored = {
    roles: { [key]: 'closer' },
    targetOverrides: { [key]: { calls: 0, meetings: 0, wonCount: 0, wonAmount: 0, avgDeal: 200000, conversion: 40, overdueTasks: 0, movedForward: 2 } },
  };
  const settings = mergeSettings(stored);

  it.each([
    // The week of 9 March 2026 has 4 working days (Monday 9th is a holiday); March has 21.
    ['week', { movedForward: 8, avgDeal: 200000, conversion: 40, overdueTasks: 0 }],
    ['month', { movedForward: 42, avgDeal: 200000, conversion: 40, overdueTasks: 0 }],
  ] as const)('%s: a sum for movedForward, the daily value for the others', (kind, expected) => {
    expect(periodTargets(settings, key, null, { kind, start: now }, ru)).toEqual(expected);
  });

  it('weekday differences: a level is the mean of the days, a limit the loosest day', () => {
    const varied = mergeSettings({ ...stored, weekdayTargetOverrides: { [key]: { fri: { conversion: 20, overdueTasks: 2, avgDeal: 100000 } } } });
    expect(periodTargets(varied, key, null, { kind: 'week', start: now }, ru)).toMatchObject({ avgDeal: 175000, conversion: 35, overdueTasks: 2 });
  });

  it('a direct week target of a level is not scaled by presence', () => {
    const direct = mergeSettings({ ...stored, periodTargetOverrides: { [key]: { week: { conversion: 50, overdueTasks: 0 } } } });
    const away = workCalendar({ country: 'RU', daysOff: [], vacations: [{ from: new Date(2026, 2, 10), to: new Date(2026, 2, 11) }] });
    expect(periodTargets(direct, key, null, { kind: 'week', start: now }, away)).toMatchObject({ conversion: 50, overdueTasks: 0 });
  });

  it('periodView: levels over the period data, limits at now, statuses not pro-rated', () => {
    const deals = [
      deal('w1', { status: 'won', stageId: 'w1', amount: 100000, createdAt: at(10, 9), closedAt: at(10, 12), stageEnteredAt: at(10, 12) }),
      deal('w2', { status: 'won', stageId: 'w1', amount: 300000, createdAt: at(11, 9), closedAt: at(11, 12), stageEnteredAt: at(11, 12) }),
      ...['n1', 'n2', 'n3'].map((id) => deal(id, { createdAt: at(11, 10), stageId: 's1', stageEnteredAt: at(11, 10) })),
    ];
    const tasks = [task('t1', { dueAt: at(11, 10) })];
    const result = periodView({ account, ownerId: 'irina', deals, activities: [], stages, tasks, settings, now, calendar: ru });
    const pick = (kpis: readonly KpiId[]) => result.week.figures.filter((f) => kpis.includes(f.kpi)).map((f) => [f.kpi, f.fact, f.plan, f.status]);
    expect(pick(['movedForward', 'avgDeal', 'conversion', 'overdueTasks'])).toEqual([
      // Two won deals moved forward; by Thursday noon Tuesday, Wednesday and 3/8 of Thursday are due (4.75 of 8): red.
      ['movedForward', 2, 8, 'red'],
      // (100 000 + 300 000) / 2, not a sum of the days' averages.
      ['avgDeal', 200000, 200000, 'green'],
      // 2 of 5 new deals won: 40 % (5 new deals: enough data).
      ['conversion', 40, 40, 'green'],
      ['overdueTasks', 1, 0, 'red'],
    ]);
    const week = result.weeks.find((w) => localDateText(w.start) === '2026-03-09');
    expect(week?.plan).toMatchObject({ avgDeal: 200000, conversion: 40, overdueTasks: 0, movedForward: 8 });
    expect(week?.fact).toMatchObject({ avgDeal: 200000, conversion: 40, overdueTasks: 1, movedForward: 2 });
    // Tuesday: its average (100 000) is under plan; a day with no won deal is no miss of the average.
    const missed = (date: string) => result.series.find((d) => localDateText(d.date) === date)?.missed;
    expect([missed('2026-03-10'), missed('2026-03-11')]).toEqual([
      ['movedForward', 'avgDeal'],
      ['movedForward', 'overdueTasks'],
    ]);
  });
});

describe('options fields for the new units', () => {
  it.each([
    [0, 'overdueTasks', '0'],
    [undefined, 'overdueTasks', 'off'],
    [0, 'calls', 'off'],
    [40, 'conversion', '40'],
    [250000, 'avgDeal', '250,000'],
  ] as const)('placeholder of %s for %s → %s', (value, kpi, text) => {
    expect(targetPlaceholder('en', value, kpi, 'RUB')).toBe(text);
  });

  it('a percent is typed as a percent, at most 100, on any period; 0 overdue tasks is kept', () => {
    const draft = { 'daily.conversion': '42,5', 'daily.overdueTasks': '0', 'daily.avgDeal': '150 000' };
    expect(checkTargets(draft, ['daily'], KPI_FIELD)).toEqual({ value: { daily: { conversion: 42.5, overdueTasks: 0, avgDeal: 150000 } }, errors: {} });
    expect(checkTargets({ 'month.conversion': '101' }, ['month'], PERIOD_KPI_FIELD).errors).toEqual({ 'month.conversion': { key: 'opt.err.max', params: { max: 100 } } });
  });
});
