// repeatSales (a sum) and retention (a level): facts, the periods retention compares, plan vs fact, targets and views.
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestSnapshot } from '../../entrypoints/background/handlers';
import { managerDayView } from '../../entrypoints/popup/manager-figures';
import { db } from '../../lib/db';
import { loadAccounts, loadDay, saveSettings } from '../../lib/queries';
import { loadTeamRows } from '../../lib/queries/team';
import type { Snapshot } from '../../lib/model';
import { localDateText, workCalendar } from '../../lib/calendar';
import { kpiName } from '../../lib/i18n';
import type { DealFields } from '../../lib/model';
import { clientKey, dailyKpiFacts, dailyReport, dayView, kpiFacts, levelStatus, noFacts, periodView, planFact, retentionWindows } from '../../lib/metrics';
import { funnel } from '../../lib/metrics/funnel';
import { DEFAULT_PACE_THRESHOLDS, mergeSettings, periodTargets } from '../../lib/settings';

const account = 'https://acme.amocrm.ru';
const key = `${account}|irina`;
const ru = workCalendar({ country: 'RU', daysOff: [], vacations: [] });
/** Local time in 2026; month is 1-based here. */
const at = (month: number, date: number, hour = 12, minute = 0) => new Date(2026, month - 1, date, hour, minute).getTime();
/** Thursday 12 March 2026, noon. */
const now = new Date(at(3, 12));
const day = { from: new Date(2026, 2, 12), to: new Date(2026, 2, 13) };
const march = { from: new Date(2026, 2, 1), to: new Date(2026, 3, 1) };

function deal(crmId: string, fields: Partial<DealFields>): DealFields {
  return {
    crmId,
    title: crmId,
    amount: 100000,
    currency: 'RUB',
    pipelineId: 'p1',
    stageId: 'w1',
    status: 'won',
    ownerId: 'irina',
    createdAt: at(1, 5),
    stageEnteredAt: null,
    updatedAt: at(3, 12, 9),
    closedAt: at(3, 12, 10),
    lossReason: null,
    client: null,
    nextTaskAt: null,
    url: `${account}/leads/detail/${crmId}`,
    ...fields,
  };
}

/** A deal won by `ownerId` from `client` at `closedAt`. */
const sale = (crmId: string, client: string | null, closedAt: number | null, extra: Partial<DealFields> = {}) => deal(crmId, { client, closedAt, ...extra });

const factsIn = (range: { from: Date; to: Date }, deals: DealFields[], wonDeals?: DealFields[]) =>
  kpiFacts({ activities: [], deals, ownerId: 'irina', ...range, conversationMinSec: 15, now, ...(wonDeals === undefined ? {} : { wonDeals }) });

describe('repeatSales: won today from a client who had bought before', () => {
  it.each([
    ['no deals', [], 0],
    ['a won deal without a client', [sale('a', null, at(3, 12, 10))], 0],
    ['a client spelled only with spaces and quotes is no client', [sale('a', ' «» ', at(3, 12, 10)), sale('b', '""', at(2, 1))], 0],
    ['earlier and today both without a client', [sale('old', null, at(2, 10)), sale('a', null, at(3, 12, 10))], 0],
    ['the first purchase is not a repeat', [sale('a', 'Ромашка', at(3, 12, 10))], 0],
    ['bought from me in February', [sale('old', 'Ромашка', at(2, 10)), sale('a', 'Ромашка', at(3, 12, 10), { amount: 250000 })], 250000],
    ["bought from a colleague in February, spelled differently", [sale('old', 'ООО «Ромашка»', at(2, 10), { ownerId: 'oleg' }), sale('a', 'ооо  ромашка', at(3, 12, 10))], 100000],
    ['the earlier deal was lost', [sale('old', 'Ромашка', at(2, 10), { status: 'lost' }), sale('a', 'Ромашка', at(3, 12, 10))], 0],
    ['the earlier deal is still open', [sale('old', 'Ромашка', null, { status: 'open' }), sale('a', 'Ромашка', at(3, 12, 10))], 0],
    ['two purchases today: the second is a repeat', [sale('a', 'Ромашка', at(3, 12, 10)), sale('b', 'Ромашка', at(3, 12, 11), { amount: 40000 })], 40000],
    ['closed at the same instant: neither is earlier', [sale('a', 'Ромашка', at(3, 12, 10)), sale('b', 'Ромашка', at(3, 12, 10))], 0],
    ['a repeat without an amount adds nothing', [sale('old', 'Ромашка', at(2, 10)), sale('a', 'Ромашка', at(3, 12, 10), { amount: null })], 0],
    ["a colleague's repeat today is not mine", [sale('old', 'Ромашка', at(2, 10)), sale('a', 'Ромашка', at(3, 12, 10), { ownerId: 'oleg' })], 0],
    ['repeat closed yesterday is not today', [sale('old', 'Ромашка', at(2, 10)), sale('a', 'Ромашка', at(3, 11, 10))], 0],
  ] as const)('%s → %d', (_name, deals, expected) => {
    expect(factsIn(day, [...deals]).repeatSales).toBe(expected);
  });

  it("a colleague's earlier sale counts only when it is passed (the manager's own deals alone do not show it)", () => {
    const colleague = sale('old', 'Ромашка', at(2, 10), { ownerId: 'oleg' });
    const mine = sale('a', 'Ромашка', at(3, 12, 10));
    expect([factsIn(day, [mine]).repeatSales, factsIn(day, [mine], [colleague, mine]).repeatSales]).toEqual([0, 100000]);
  });

  it('is a sum: the days add up to the month', () => {
    const deals = [sale('o1', 'A', at(2, 3)), sale('a', 'A', at(3, 2, 10), { amount: 10 }), sale('b', 'B', at(3, 4)), sale('c', 'B', at(3, 11), { amount: 20 }), sale('d', 'A', at(3, 12), { amount: 30 })];
    const byDay = dailyKpiFacts({ activities: [], deals, ownerId: 'irina', ...march, conversationMinSec: 15, now });
    const days = [...byDay.entries()].sort(([a], [b]) => a - b).filter(([, facts]) => facts.repeatSales > 0).map(([at, facts]) => [localDateText(new Date(at)), facts.repeatSales]);
    expect(days).toEqual([
      ['2026-03-02', 10],
      ['2026-03-11', 20],
      ['2026-03-12', 30],
    ]);
    expect(factsIn(march, deals).repeatSales).toBe(60);
  });

  it('matches clients as the funnel does', () => {
    expect(['ООО "Ромашка"', 'ооо  ромашка ', '«Ёлка»', 'елка', '  ', null].map(clientKey)).toEqual(['ооо ромашка', 'ооо ромашка', 'елка', 'елка', null, null]);
    const deals = [sale('old', 'ООО "Ромашка"', at(2, 10)), sale('a', 'ооо ромашка', at(3, 12, 10))];
    expect(funnel({ deals, stages: [], pipelineId: null, ownerId: 'irina', period: { kind: 'month', start: now }, now }).repeatBuyers.amount).toBe(factsIn(march, deals).repeatSales);
  });
});

describe('retention: the previous period’s clients who bought again', () => {
  it.each([
    ['one day: the month to date against the previous month', day, ['2026-03-01 00:00', '2026-03-13 00:00', '2026-02-01 00:00', '2026-03-01 00:00']],
    ['a whole month: the previous month', march, ['2026-03-01 00:00', '2026-04-01 00:00', '2026-02-01 00:00', '2026-03-01 00:00']],
    ['two whole months', { from: new Date(2026, 0, 1), to: new Date(2026, 2, 1) }, ['2026-01-01 00:00', '2026-03-01 00:00', '2025-11-01 00:00', '2026-01-01 00:00']],
    ['a week: the week before', { from: new Date(2026, 2, 9), to: new Date(2026, 2, 16) }, ['2026-03-09 00:00', '2026-03-16 00:00', '2026-03-02 00:00', '2026-03-09 00:00']],
    ['the first of the month: that day against the previous month', { from: new Date(2026, 2, 1), to: new Date(2026, 2, 2) }, ['2026-03-01 00:00', '2026-03-02 00:00', '2026-02-01 00:00', '2026-03-01 00:00']],
  ] as const)('%s', (_name, range, expected) => {
    const w = retentionWindows(range.from, range.to);
    const text = (ms: number) => `${localDateText(new Date(ms))} ${new Date(ms).toTimeString().slice(0, 5)}`;
    expect([w.current.from, w.current.to, w.previous.from, w.previous.to].map(text)).toEqual(expected);
  });

  /** Five clients bought from Irina in February; `back` of them bought from her again in March. */
  const fiveClients = (back: number, extra: DealFields[] = []) => [
    ...['A', 'B', 'C', 'D', 'E'].map((client, i) => sale(`feb-${client}`, client, at(2, 2 + i))),
    ...['A', 'B', 'C', 'D', 'E'].slice(0, back).map((client, i) => sale(`mar-${client}`, client, at(3, 2 + i))),
    ...extra,
  ];

  it.each([
    ['no clients at all', [], 0, 0],
    ['only deals without a client', [sale('f', null, at(2, 10)), sale('m', null, at(3, 10))], 0, 0],
    ['2 of 5 came back', fiveClients(2), 40, 5],
    ['all 5 came back', fiveClients(5), 100, 5],
    ['none came back', fiveClients(0), 0, 5],
    ["a client who came back to a colleague is not the manager's", fiveClients(1, [sale('oleg-B', 'B', at(3, 9), { ownerId: 'oleg' })]), 20, 5],
    ["a colleague's February client is not in the base", fiveClients(1, [sale('oleg-F', 'F', at(2, 9), { ownerId: 'oleg' })]), 20, 5],
    ['a January buyer is not in the base', fiveClients(1, [sale('jan-G', 'G', at(1, 20)), sale('mar-G', 'G', at(3, 3))]), 20, 5],
    ['a March newcomer does not raise it', fiveClients(1, [sale('mar-H', 'H', at(3, 3))]), 20, 5],
    ['a client buying twice in February is one client', fiveClients(1, [sale('feb-A2', 'A', at(2, 20))]), 20, 5],
  ] as const)('month: %s → %d % of %d', (_name, deals, rate, clients) => {
    const facts = factsIn(march, [...deals]);
    expect([facts.retention, facts.retentionClients]).toEqual([rate, clients]);
  });

  it('across the month boundary: the last instant of February is the previous month, the first of March this one', () => {
    const deals = [
      ...['A', 'B', 'C', 'D'].map((client, i) => sale(`feb-${client}`, client, at(2, 2 + i))),
      sale('feb-E', 'E', at(3, 1) - 1),
      sale('mar-E', 'E', at(3, 1)),
      sale('jan-F', 'F', at(2, 1) - 1),
      sale('mar-F', 'F', at(3, 2)),
    ];
    const facts = factsIn(day, deals);
    // Base: A–E (F bought in January); back: E (on 1 March, 00:00) → 1 of 5.
    expect([facts.retention, facts.retentionClients]).toEqual([20, 5]);
  });

  it('a day counts the month to date: a purchase earlier this month counts today, a later one does not', () => {
    const deals = fiveClients(0, [sale('mar-A', 'A', at(3, 3)), sale('mar-B', 'B', at(3, 13, 9))]);
    const facts = factsIn(day, deals);
    expect([facts.retention, facts.retentionClients]).toEqual([20, 5]);
  });

  it.each([
    [4, true, 'grey'],
    [5, false, 'amber'],
  ] as const)('%d previous clients: too little data %s', (count, tooLittle, status) => {
    const clients = ['A', 'B', 'C', 'D', 'E'].slice(0, count);
    const deals = [...clients.map((client, i) => sale(`feb-${client}`, client, at(2, 2 + i))), sale('mar-A', 'A', at(3, 3)), sale('mar-B', 'B', at(3, 4)), sale('mar-C', 'C', at(3, 5))];
    const [figure] = planFact({ retention: 70 }, factsIn(day, deals));
    expect(figure).toMatchObject({ kpi: 'retention', unit: 'percent', kind: 'level', fact: (3 / count) * 100, tooLittleData: tooLittle });
    expect(figure && levelStatus(figure, DEFAULT_PACE_THRESHOLDS)).toBe(status);
  });

  it('facts without a known base (plain zero facts) are too little data, not a miss', () => {
    const [figure] = planFact({ retention: 50 }, noFacts());
    expect(figure).toMatchObject({ fact: 0, tooLittleData: true, done: false });
  });

  it('per day: each day is the month up to its end, nothing after now', () => {
    const deals = fiveClients(0, [sale('mar-A', 'A', at(3, 3)), sale('mar-B', 'B', at(3, 10))]);
    const byDay = dailyKpiFacts({ activities: [], deals, ownerId: 'irina', ...march, conversationMinSec: 15, now });
    const rates = [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, facts]) => [localDateText(new Date(day)), facts.retention]);
    expect(rates[0]).toEqual(['2026-03-01', 0]);
    expect(rates.find(([date]) => date === '2026-03-03')).toEqual(['2026-03-03', 20]);
    expect(rates[rates.length - 1]).toEqual(['2026-03-12', 40]);
    expect(rates).toHaveLength(12);
  });
});

describe('names, targets and views', () => {
  it.each([
    ['repeatSales', 'Repeat sales', 'Повторные продажи'],
    ['retention', 'Client retention', 'Удержание клиентов'],
  ] as const)('%s is named in both languages', (kpi, en, ruName) => {
    expect([kpiName('en', kpi, 15), kpiName('ru', kpi, 15)]).toEqual([en, ruName]);
  });

  const settings = mergeSettings({
    roles: { [key]: 'account_manager' },
    targetOverrides: { [key]: { repeatSales: 50000, retention: 60 } },
  });

  it.each([
    // The week of 9 March 2026 has 4 working days (Monday 9th is a holiday); March has 21.
    ['day', 50000, 60],
    ['week', 200000, 60],
    ['month', 1050000, 60],
  ] as const)('%s targets: repeat sales summed over the working days, retention the daily value', (kind, repeatSales, retention) => {
    expect(periodTargets(settings, key, null, { kind, start: now }, ru)).toMatchObject({ repeatSales, retention });
  });

  it('periodView: repeat sales paced, retention over the period (month against February, today the month to date)', () => {
    const deals = [
      ...['A', 'B', 'C', 'D', 'E'].map((client, i) => sale(`feb-${client}`, client, at(2, 2 + i))),
      sale('mar-A', 'A', at(3, 10, 11), { amount: 30000 }),
      sale('mar-B', 'B', at(3, 12, 10), { amount: 20000 }),
      sale('mar-X', 'X', at(3, 12, 11), { amount: 70000 }),
    ];
    const view = periodView({ account, ownerId: 'irina', deals, activities: [], settings, now, calendar: ru });
    const pick = (figures: readonly { kpi: string; fact: number; tooLittleData: boolean }[]) =>
      figures.filter((f) => f.kpi === 'repeatSales' || f.kpi === 'retention').map((f) => [f.kpi, f.fact, f.tooLittleData]);
    expect(pick(view.today.figures)).toEqual([
      ['repeatSales', 20000, false],
      ['retention', 40, false],
    ]);
    expect(pick(view.month.figures)).toEqual([
      ['repeatSales', 50000, false],
      ['retention', 40, false],
    ]);
    // The week of the 9th against the week of the 2nd: nobody bought in the week of the 2nd, so no base.
    expect(pick(view.week.figures)).toEqual([
      ['repeatSales', 50000, false],
      ['retention', 0, true],
    ]);
    const monthRoll = view.weeks.map((w) => w.fact.repeatSales).reduce((sum, amount) => sum + amount, 0);
    expect(monthRoll).toBe(50000);
  });

  it("My day and the report: a colleague's earlier sale (wonDeals) makes today's sale a repeat", () => {
    const colleague = sale('feb-oleg', 'Y', at(2, 20), { ownerId: 'oleg' });
    const deals = [
      ...['A', 'B', 'C', 'D', 'E'].map((client, i) => sale(`feb-${client}`, client, at(2, 2 + i))),
      sale('mar-A', 'A', at(3, 10, 11), { amount: 30000 }),
      sale('mar-Y', 'Y', at(3, 12, 10), { amount: 20000 }),
    ];
    const view = dayView({ account, ownerId: 'irina', deals, wonDeals: [...deals, colleague], stages: [], activities: [], settings, now, calendar: ru });
    const report = dailyReport('en', { managerName: 'Irina', ownerId: 'irina', now, view, activities: [], tasks: [], currency: 'RUB', conversationMinSec: 15, calendar: ru });
    expect(report.split('\n').filter((line) => line.startsWith('Repeat sales') || line.startsWith('Client retention'))).toEqual([
      'Repeat sales: ₽20,000 / ₽50,000 ✗',
      'Client retention: 20\u00a0% / 60\u00a0% ✗',
    ]);
  });
});

describe('as the popup loads it', () => {
  const settings = mergeSettings({ roles: { [`${account}|7`]: 'account_manager' }, targetOverrides: { [`${account}|7`]: { repeatSales: 50000 } } });
  const deals = [
    sale('feb-oleg', 'ООО Ромашка', at(2, 20), { ownerId: '8' }),
    sale('mar-irina', 'ооо «ромашка»', at(3, 12, 10), { ownerId: '7', amount: 20000 }),
    sale('open-irina', 'Ромашка', null, { ownerId: '7', status: 'open' }),
  ];
  const snapshot: Snapshot = {
    crm: 'amocrm', account, accountName: 'acme', currency: 'RUB', source: 'api', readAt: now.getTime() - 60_000, currentUserId: '7',
    managers: [
      { crmId: '7', name: 'Ирина', title: null, active: true },
      { crmId: '8', name: 'Олег', title: null, active: true },
    ],
    pipelines: [{ crmId: 'p1', name: 'Продажи', order: 1 }],
    stages: [{ crmId: 'w1', pipelineId: 'p1', name: 'Успешно', order: 9, kind: 'won' }],
    deals, tasks: [], activities: [], problems: [],
  };

  beforeEach(async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
    await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot });
    await saveSettings(db, () => settings);
  });

  it("one manager's load brings everyone's won deals, so My day and Team agree on the repeat sale", async () => {
    const [stored] = await loadAccounts(db);
    if (!stored) throw new Error('no account');
    const data = await loadDay(db, account, now, '7');
    expect(data.deals.map((d) => d.crmId).sort()).toEqual(['mar-irina', 'open-irina']);
    expect(data.wonDeals.map((d) => d.crmId).sort()).toEqual(['feb-oleg', 'mar-irina']);
    const mine = managerDayView({ data, account: stored, ownerId: '7', settings, now }, ru);
    const row = (await loadTeamRows(db, account, now))?.find((r) => r.managerId === '7');
    const repeat = (figures: readonly { kpi: string; fact: number }[] | undefined) => figures?.find((f) => f.kpi === 'repeatSales')?.fact;
    expect([repeat(mine.figures), repeat(row?.view.figures)]).toEqual([20000, 20000]);
  });
});
