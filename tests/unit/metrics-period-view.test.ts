import { describe, expect, it } from 'vitest';
import { localDateText, workCalendar } from '../../lib/calendar';
import type { ActivityFields, DealFields } from '../../lib/model';
import { periodView, rollUp, type PeriodViewInput } from '../../lib/metrics';
import { mergeSettings } from '../../lib/settings';

const account = 'https://acme.amocrm.ru';
const key = `${account}|irina`;
/** A cold caller whose only KPI is 80 calls a day (the preset's others switched off). */
const callsOnly = { roles: { [key]: 'cold_caller' }, targetOverrides: { [key]: { conversations: 0, talkTime: 0, newDeals: 0 } } };
const ru = workCalendar({ country: 'RU', daysOff: [], vacations: [] });

/** `count` calls on a local day from 09:00, one every 3 minutes (80 take until 13:00). */
function calls(month: number, date: number, count: number, ownerId = 'irina'): ActivityFields[] {
  return Array.from({ length: count }, (_, i) => ({
    crmId: `c-${month}-${date}-${i}-${ownerId}`,
    type: 'call' as const,
    at: new Date(2026, month - 1, date, 9, i * 3).getTime(),
    ownerId,
    dealId: null,
    durationSec: 30,
    direction: 'out' as const,
    outcome: null,
  }));
}
const view = (now: Date, activities: ActivityFields[], stored: Record<string, unknown> = callsOnly, extra: Partial<PeriodViewInput> = {}) =>
  periodView({ account, ownerId: 'irina', deals: [], activities, settings: mergeSettings(stored), now, calendar: ru, ...extra });
const figure = (summary: { figures: { kpi: string; plan: number; fact: number; status: string }[] }) =>
  summary.figures.map((f) => [f.kpi, f.fact, f.plan, f.status]);

describe('periodView: the week of the holiday Monday 23 Feb 2026, Wednesday at lunch', () => {
  // Someone called on the holiday; Tuesday on plan; Wednesday 30 by 10:30.
  const activities = [...calls(2, 23, 5), ...calls(2, 24, 80), ...calls(2, 25, 30), ...calls(2, 25, 50, 'oleg')];
  const result = view(new Date(2026, 1, 25, 13, 30), activities);

  it.each([
    // Today: at 13:30 half of the 8 working hours are gone (lunch does not count): 40 expected, 30 done.
    ['today', result.today, [['calls', 30, 80, 'amber']], 1, 0],
    // The week has 4 working days (320); by now Tuesday and half of Wednesday are due: 120; 115 done.
    ['week', result.week, [['calls', 115, 320, 'green']], 4, 2],
    // February has 19 working days; 16.5 of them are due by now (1320), 115 done.
    ['month', result.month, [['calls', 115, 1520, 'red']], 19, 2],
  ])('%s', (_name, summary, figures, workingDays, workingDaysLeft) => {
    expect(figure(summary)).toEqual(figures);
    expect([summary.workingDays, summary.workingDaysLeft]).toEqual([workingDays, workingDaysLeft]);
  });

  it('says what the plan expects by now', () => {
    expect(result.today.figures[0]?.expected).toBeCloseTo(40, 10);
    expect(result.week.figures[0]?.expected).toBeCloseTo(120, 10);
    expect(result.month.figures[0]?.expected).toBeCloseTo((1520 * 16.5) / 19, 10);
  });

  it('periods are the day, the Monday week and the month containing now', () => {
    expect([result.week.start, result.week.end, result.month.start, result.month.end].map(localDateText)).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-02-01',
      '2026-03-01',
    ]);
  });

  it.each([
    ['2026-02-20', { isWorkingDay: true, when: 'past', plan: { calls: 80 }, missed: ['calls'] }, 0],
    ['2026-02-23', { isWorkingDay: false, when: 'past', plan: {}, missed: [] }, 5],
    ['2026-02-24', { isWorkingDay: true, when: 'past', plan: { calls: 80 }, missed: [] }, 80],
    ['2026-02-25', { isWorkingDay: true, when: 'today', plan: { calls: 80 }, missed: [] }, 30],
    ['2026-02-28', { isWorkingDay: false, when: 'future', plan: {}, missed: [] }, 0],
  ])('series %s: a day off has no target and is no miss', (date, expected, callsFact) => {
    const day = result.series.find((d) => localDateText(d.date) === date);
    expect(day).toMatchObject(expected);
    expect(day?.fact.calls).toBe(callsFact);
  });

  it('the series is every day of the month', () => {
    expect(result.series.map((d) => localDateText(d.date))).toHaveLength(28);
  });

  it('rolls the days up into weeks, cut at the month edges', () => {
    expect(result.weeks.map((w) => [localDateText(w.start), localDateText(w.end), w.workingDays, w.plan.calls ?? 0, w.fact.calls])).toEqual([
      ['2026-02-01', '2026-02-02', 0, 0, 0],
      ['2026-02-02', '2026-02-09', 5, 400, 0],
      ['2026-02-09', '2026-02-16', 5, 400, 0],
      ['2026-02-16', '2026-02-23', 5, 400, 0],
      ['2026-02-23', '2026-03-01', 4, 320, 115],
    ]);
  });

  it('rolls the days up into the month: the sum of daily targets is the derived month target', () => {
    const [month] = rollUp(result.series, 'month');
    expect([month?.plan, month?.fact.calls, month?.workingDays]).toEqual([{ calls: 1520 }, 115, 19]);
  });

  it('counts only the manager it is for', () => {
    expect(result.basedOn).toEqual({ deals: 0, activities: 115 });
  });
});

describe('periodView: month end', () => {
  // Every working day of March 2026 on plan (9 March is a holiday: 21 working days).
  const march = Array.from({ length: 31 }, (_, i) => i + 1).filter((date) => ru.isWorkingDay(new Date(2026, 2, date)));
  const activities = march.flatMap((date) => calls(3, date, 80));
  const result = view(new Date(2026, 2, 31, 19, 0), activities);

  it.each([
    ['today, after hours', result.today, [['calls', 80, 80, 'green']]],
    // The week runs into April: Mon 30 and Tue 31 are due of 5 days.
    ['week across the month end', result.week, [['calls', 160, 400, 'green']]],
    ['the whole month is due', result.month, [['calls', 1680, 1680, 'green']]],
  ])('%s', (_name, summary, figures) => {
    expect(figure(summary)).toEqual(figures);
  });

  it('nothing is left of the month; the week has three days to go', () => {
    expect([result.month.workingDaysLeft, result.week.workingDaysLeft]).toEqual([0, 3]);
  });

  it('a month short of plan at its end is judged on the whole plan', () => {
    const short = view(new Date(2026, 2, 31, 19, 0), activities.slice(0, 1400));
    expect(figure(short.month)).toEqual([['calls', 1400, 1680, 'amber']]);
  });
});

describe('periodView: targets that differ by weekday weigh the days', () => {
  // 2–6 March 2026 (no holidays); Friday 40 calls: the week is 4 × 80 + 40 = 360.
  const stored = { ...callsOnly, weekdayTargetOverrides: { [key]: { fri: { calls: 40 } } } };
  const fridayMorning = new Date(2026, 2, 6, 9, 0);

  it.each([
    [320, 'green'],
    [300, 'green'],
    [280, 'amber'],
    [180, 'red'],
  ])('Friday 09:00, %d done of the 320 due → %s', (done, status) => {
    const activities = [2, 3, 4, 5].flatMap((date) => calls(3, date, 80)).slice(0, done);
    const result = view(fridayMorning, activities, stored);
    expect(figure(result.week)).toEqual([['calls', done, 360, status]]);
    expect(result.week.figures[0]?.expected).toBeCloseTo(320, 10);
    expect(result.today.figures.map((f) => f.plan)).toEqual([40]);
  });
});

describe('periodView: no targets, no data, vacation', () => {
  const thursday = new Date(2026, 2, 12, 8, 0);

  it('no role → no figures anywhere, grey', () => {
    const result = view(thursday, calls(3, 11, 10), {});
    expect([result.role, result.today.status, result.week.status, result.month.status]).toEqual([null, 'grey', 'grey', 'grey']);
    expect([...result.today.figures, ...result.week.figures, ...result.month.figures]).toEqual([]);
    expect(result.series.every((d) => d.missed.length === 0)).toBe(true);
  });

  it('zero targets switch every KPI off', () => {
    const result = view(thursday, [], { roles: { [key]: 'closer' }, targetOverrides: { [key]: { calls: 0, meetings: 0, wonCount: 0, wonAmount: 0 } } });
    expect([result.today.figures, result.week.figures, result.month.status]).toEqual([[], [], 'grey']);
  });

  it('no data before hours: today is not behind yet, the week is', () => {
    const result = view(thursday, []);
    // 9 March is a holiday: Tuesday and Wednesday (160) are due by Thursday morning.
    expect([figure(result.today), figure(result.week)]).toEqual([[['calls', 0, 80, 'green']], [['calls', 0, 320, 'red']]]);
  });

  it('a manager on vacation: no target today, a smaller week', () => {
    const vacation = workCalendar({ country: 'RU', daysOff: [], vacations: [{ from: new Date(2026, 2, 11), to: new Date(2026, 2, 13) }] });
    const result = view(new Date(2026, 2, 12, 12, 0), calls(3, 10, 80), callsOnly, { calendar: vacation });
    expect([result.today.figures, result.today.status, result.today.workingDays]).toEqual([[], 'grey', 0]);
    // Tuesday only: Monday is a holiday, Wednesday to Friday are vacation.
    expect(figure(result.week)).toEqual([['calls', 80, 80, 'green']]);
    expect(result.series.filter((d) => localDateText(d.date) >= '2026-03-11' && localDateText(d.date) <= '2026-03-13').map((d) => d.missed)).toEqual([[], [], []]);
  });

  it('won deals count on the day they are won, with their amount', () => {
    const won: DealFields = {
      crmId: 'd1',
      title: 'ООО Ромашка',
      amount: 250000,
      currency: 'RUB',
      pipelineId: 'p1',
      stageId: 'won',
      status: 'won',
      ownerId: 'irina',
      createdAt: new Date(2026, 1, 2).getTime(),
      stageEnteredAt: new Date(2026, 2, 10, 15).getTime(),
      updatedAt: new Date(2026, 2, 10, 15).getTime(),
      closedAt: new Date(2026, 2, 10, 15).getTime(),
      lossReason: null,
      client: 'ООО Ромашка',
      nextTaskAt: null,
      url: `${account}/leads/detail/d1`,
    };
    const result = view(new Date(2026, 2, 12, 12), [], { roles: { [key]: 'closer' } }, { deals: [won] });
    expect(result.week.figures.find((f) => f.kpi === 'wonAmount')).toMatchObject({ fact: 250000, plan: 2000000, unit: 'money' });
    expect(result.series.find((d) => localDateText(d.date) === '2026-03-10')?.fact).toMatchObject({ wonCount: 1, wonAmount: 250000 });
  });
});
