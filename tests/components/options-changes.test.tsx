// The options page's pure parts: what each edit does to the settings, what each form refuses, what an empty target falls back to.
import { describe, expect, it } from 'vitest';
import {
  withDayOff,
  withDefaultLossReasons,
  withLossReason,
  withoutDayOff,
  withoutLossReason,
  withoutVacation,
  withPeriodTargets,
  withRecoverWithinDays,
  withRoleTargets,
  withStalledRule,
  withVacation,
  withWeekdayTargets,
} from '../../entrypoints/options/changes';
import { derivedPeriod, inheritedDayTargets } from '../../components/options/targets';
import { checkDayOff, checkLossReason, checkTargets, checkVacation, KPI_FIELD, PERIOD_KPI_FIELD, targetDraft } from '../../components/options/validation';
import { undecreedYears, upcomingCalendarChanges } from '../../components/options/work-calendar';
import { localDateText } from '../../lib/calendar';
import { tPlural } from '../../lib/i18n';
import { DEFAULT_RECOVERABLE_LOSS_REASONS, DEFAULT_SETTINGS, mergeSettings, type Settings } from '../../lib/settings';

const KEY = 'https://acme.amocrm.ru|7';
const settings = (patch: Partial<Settings> = {}): Settings => ({ ...mergeSettings(undefined), ...patch });

describe('changes', () => {
  it('sets part of a role’s targets and keeps the rest; empty parts are dropped, and an empty role with them', () => {
    const start = settings({ roleTargets: { closer: { week: { wonCount: 4 } } } });
    const withDaily = withRoleTargets(start, 'closer', { daily: { calls: 20 }, weekdays: { fri: { calls: 10 }, mon: {} } });
    expect(withDaily.roleTargets.closer).toEqual({ week: { wonCount: 4 }, daily: { calls: 20 }, weekdays: { fri: { calls: 10 } } });
    const cleared = withRoleTargets(withDaily, 'closer', { daily: undefined, weekdays: {}, week: undefined, month: {} });
    expect(Object.hasOwn(cleared.roleTargets, 'closer')).toBe(false);
    // The frozen defaults are never written into.
    expect(DEFAULT_SETTINGS.roleTargets).toEqual({});
  });

  it.each([
    ['weekday targets', (s: Settings, v: object) => withWeekdayTargets(s, KEY, v), 'weekdayTargetOverrides', { tue: { calls: 0 } }],
    ['period targets', (s: Settings, v: object) => withPeriodTargets(s, KEY, v), 'periodTargetOverrides', { month: { calls: 1500 } }],
  ] as const)('replaces a manager’s %s as a whole; nothing set removes the manager', (_name, change, field, value) => {
    const set = change(settings(), value);
    expect(set[field]).toEqual({ [KEY]: value });
    expect(change(set, {})[field]).toEqual({});
    expect(change(set, { mon: {}, week: {} })[field]).toEqual({});
  });

  it('keeps days off sorted and unique', () => {
    const two = withDayOff(withDayOff(settings(), '2026-12-30'), '2026-12-28');
    expect(two.daysOff).toEqual(['2026-12-28', '2026-12-30']);
    expect(withDayOff(two, '2026-12-28').daysOff).toEqual(['2026-12-28', '2026-12-30']);
    expect(withoutDayOff(two, '2026-12-28').daysOff).toEqual(['2026-12-30']);
  });

  it('keeps a manager’s vacations in date order and drops the manager with the last one', () => {
    const one = withVacation(settings(), KEY, { from: '2026-12-10', to: '2026-12-20' });
    const two = withVacation(one, KEY, { from: '2026-08-03', to: '2026-08-14' });
    expect(two.vacations[KEY]).toEqual([
      { from: '2026-08-03', to: '2026-08-14' },
      { from: '2026-12-10', to: '2026-12-20' },
    ]);
    expect(withoutVacation(two, KEY, { from: '2026-08-03', to: '2026-08-14' }).vacations[KEY]).toEqual([{ from: '2026-12-10', to: '2026-12-20' }]);
    expect(withoutVacation(one, KEY, { from: '2026-12-10', to: '2026-12-20' }).vacations).toEqual({});
  });

  it('sets the stalled rule, the recovery window and the recoverable reasons', () => {
    expect(withStalledRule(settings(), { noActivityDays: 9, noNextTaskStalls: true }).stalledRule).toEqual({ noActivityDays: 9, noNextTaskStalls: true });
    expect(withRecoverWithinDays(settings(), 60).recoverWithinDays).toBe(60);
    const added = withLossReason(settings({ recoverableLossReasons: ['Дорого'] }), 'Нет решения');
    expect(added.recoverableLossReasons).toEqual(['Дорого', 'Нет решения']);
    expect(withoutLossReason(added, 'Дорого').recoverableLossReasons).toEqual(['Нет решения']);
    expect(withDefaultLossReasons(added).recoverableLossReasons).toEqual(DEFAULT_RECOVERABLE_LOSS_REASONS);
  });

  it('survives a round trip through the tolerant reader unchanged', () => {
    let changed = withRoleTargets(settings(), 'cold_caller', { daily: { calls: 60 }, weekdays: { fri: { calls: 40 } }, month: { calls: 1500 } });
    changed = withWeekdayTargets(changed, KEY, { sat: { calls: 10 } });
    changed = withPeriodTargets(changed, KEY, { week: { talkTime: 18000 } });
    changed = withVacation(withDayOff(changed, '2026-12-30'), KEY, { from: '2026-12-10', to: '2026-12-20' });
    changed = withLossReason(withStalledRule(changed, { noActivityDays: 9, noNextTaskStalls: true }), 'Нет решения');
    expect(mergeSettings(JSON.parse(JSON.stringify(changed)))).toEqual(changed);
  });
});

describe('checks', () => {
  it.each([
    ['', 'opt.err.required'],
    ['2026-02-30', 'opt.err.date'],
    ['30.12.2026', 'opt.err.date'],
    ['2026-12-30', 'opt.err.dayOffTwice'],
    ['2026-12-31', null],
  ])('day off %j → %s', (text, error) => {
    const checked = checkDayOff(text, ['2026-12-30']);
    expect(checked.ok ? null : checked.error.key).toBe(error);
  });

  const taken = { [KEY]: [{ from: '2026-12-10', to: '2026-12-20' }] };
  it.each([
    [{ manager: '', from: '2026-12-01', to: '2026-12-02' }, { manager: 'opt.err.required' }],
    [{ manager: KEY, from: '', to: '2026-12-02' }, { from: 'opt.err.required' }],
    [{ manager: KEY, from: '2026-12-05', to: '2026-12-01' }, { to: 'opt.err.toBeforeFrom' }],
    [{ manager: KEY, from: '2026-12-20', to: '2026-12-25' }, { from: 'opt.err.vacationOverlap' }],
    [{ manager: KEY, from: '2026-12-01', to: '2026-12-31' }, { from: 'opt.err.vacationOverlap' }],
    [{ manager: KEY, from: '2026-12-21', to: '2026-12-21' }, {}],
    [{ manager: `${KEY}0`, from: '2026-12-12', to: '2026-12-14' }, {}],
  ])('vacation %j → %j', (draft, errors) => {
    const checked = checkVacation(draft, taken, (range) => `${range.from}…${range.to}`);
    expect(Object.fromEntries(Object.entries(checked.errors).map(([field, error]) => [field, error?.key]))).toEqual(errors);
    expect(checked.value === null).toBe(Object.keys(errors).length > 0);
  });

  it('names the vacation a new one overlaps', () => {
    expect(checkVacation({ manager: KEY, from: '2026-12-01', to: '2026-12-10' }, taken, (r) => `${r.from}…${r.to}`).errors.from?.params).toEqual({
      range: '2026-12-10…2026-12-20',
    });
  });

  it.each([
    ['  Ушли к   конкуренту ', 'Ушли к конкуренту', null],
    ['   ', null, 'opt.err.required'],
    ['нет БЮДЖЕТА', null, 'opt.err.reasonTwice'],
    ['Неактуально сейчас', null, 'opt.err.reasonTwice'],
    ['Неактуально', 'Неактуально', null],
    ['x'.repeat(101), null, 'opt.err.tooLong'],
  ])('loss reason %j → %j / %s', (text, value, error) => {
    const checked = checkLossReason(text, ['Нет бюджета', 'Неактуально сейчас']);
    expect(checked.ok ? checked.value : null).toBe(value);
    expect(checked.ok ? null : checked.error.key).toBe(error);
  });

  it('ignores «ё» when it compares reasons, as the lost-deals metric does', () => {
    const checked = checkLossReason('Ушел к конкуренту', ['Ушёл к конкуренту']);
    expect(checked.ok).toBe(false);
  });

  it('reads a target grid in stored units: talk time typed in minutes, an empty column left out', () => {
    const draft = { ...targetDraft(['mon', 'tue'], () => undefined), 'mon.calls': '40', 'mon.talkTime': '1,5', 'tue.wonAmount': '' };
    expect(checkTargets(draft, ['mon', 'tue'], KPI_FIELD)).toEqual({ value: { mon: { calls: 40, talkTime: 90 } }, errors: {} });
    expect(targetDraft(['mon'], () => ({ talkTime: 90 }))['mon.talkTime']).toBe('1.5');
  });

  it('refuses a bad cell by its unit and range, per cell', () => {
    const draft = { 'week.calls': '5000', 'month.calls': '40000', 'week.talkTime': 'x' };
    expect(checkTargets(draft, ['week', 'month'], PERIOD_KPI_FIELD)).toEqual({
      value: null,
      errors: { 'month.calls': { key: 'opt.err.max', params: { max: 31000 } }, 'week.talkTime': { key: 'opt.err.number' } },
    });
    expect(checkTargets({ 'mon.calls': '5000' }, ['mon'], KPI_FIELD).errors).toEqual({ 'mon.calls': { key: 'opt.err.max', params: { max: 1000 } } });
  });
});

describe('what an empty target falls back to', () => {
  const base = settings({
    roles: { [KEY]: 'closer' },
    roleTargets: { closer: { daily: { calls: 20 }, weekdays: { fri: { calls: 10, meetings: 0 } }, week: { wonCount: 4 } } },
    targetOverrides: { [KEY]: { meetings: 5 } },
  });
  const manager = { kind: 'manager', key: KEY, role: 'closer', isCurrentUser: false } as const;

  it.each([
    ['a role’s every day: the preset', { kind: 'role', role: 'closer' } as const, 'daily', undefined, { calls: 30, meetings: 3, wonCount: 1, wonAmount: 500000 }],
    ['a role’s weekday: its daily targets as stored', { kind: 'role', role: 'closer' } as const, 'mon', undefined, { calls: 20, meetings: 3, wonCount: 1, wonAmount: 500000 }],
    ['a role’s weekday: its daily targets as typed', { kind: 'role', role: 'closer' } as const, 'mon', { calls: 25 }, { calls: 25, meetings: 3, wonCount: 1, wonAmount: 500000 }],
    ['a manager’s weekday: the role’s weekday under their own daily', manager, 'fri', undefined, { calls: 10, meetings: 5, wonCount: 1, wonAmount: 500000 }],
    ['no role: nothing', { ...manager, role: null }, 'mon', undefined, {}],
  ] as const)('%s', (_name, subject, column, typed, expected) => {
    expect(inheritedDayTargets(base, subject, column, typed)).toEqual(expected);
  });

  // Wednesday 18 November 2026: Mon 16 – Sun 22 has 5 working days, November 20 (4 November is a holiday).
  const now = new Date(2026, 10, 18, 15, 30);

  it('derives a role’s week and month from its daily targets over the country’s working days, ignoring its own direct target', () => {
    const week = derivedPeriod(base, { kind: 'role', role: 'closer' }, 'week', now);
    expect(week).toEqual({ targets: { calls: 90, meetings: 12, wonCount: 5, wonAmount: 2_500_000 }, fromRole: new Set(), workingDays: 5 });
    expect(derivedPeriod(base, { kind: 'role', role: 'closer' }, 'month', now).workingDays).toBe(20);
  });

  it('tells a manager’s figure that comes from the role’s direct target, and counts their vacation out', () => {
    const away = withVacation(base, KEY, { from: '2026-11-16', to: '2026-11-17' });
    const week = derivedPeriod(away, manager, 'week', now);
    expect(week.workingDays).toBe(3);
    // The role's 4 won deals a week, scaled to the 3 days of 5 the manager is in; the manager's own 5 meetings a day beat the role's Friday 0.
    expect(week.targets).toEqual({ calls: 50, meetings: 15, wonCount: 2, wonAmount: 1_500_000 });
    expect([...week.fromRole]).toEqual(['wonCount']);
  });
});

describe('coming holidays', () => {
  const texts = (now: Date, count: number) =>
    upcomingCalendarChanges(now, count).map((change) => `${change.kind} ${localDateText(change.from)}…${localDateText(change.to)}${change.decreed ? '' : ' *'}`);

  it('includes the moved working Saturday and the weekend that leads into a holiday', () => {
    expect(texts(new Date(2025, 9, 20), 3)).toEqual(['working-day 2025-11-01…2025-11-01', 'days-off 2025-11-02…2025-11-04', 'days-off 2025-12-31…2026-01-11']);
  });

  it('starts with a run of days off that is going on, and stops at the end of next year', () => {
    expect(texts(new Date(2026, 0, 5), 1)).toEqual(['days-off 2026-01-05…2026-01-11']);
    expect(texts(new Date(2026, 11, 1), 100).at(-1)).toBe('days-off 2027-11-04…2027-11-04 *');
  });

  it('names the years without a decree', () => {
    expect(undecreedYears(upcomingCalendarChanges(new Date(2026, 10, 18), 5))).toEqual([2027]);
    expect(undecreedYears(upcomingCalendarChanges(new Date(2026, 0, 10), 2))).toEqual([]);
  });
});

describe('plurals of the new texts', () => {
  it.each([
    [1, 'из дневных: 80 за 1 рабочий день'],
    [3, 'из дневных: 80 за 3 рабочих дня'],
    [20, 'из дневных: 80 за 20 рабочих дней'],
    [21, 'из дневных: 80 за 21 рабочий день'],
  ])('ru, %d working days', (n, text) => {
    expect(tPlural('ru', 'opt.period.derived', n, { value: '80' })).toBe(text);
  });

  it.each([
    ['ru', 1, 'предложено: 9 (по 1 сделке)'],
    ['ru', 34, 'предложено: 9 (по 34 сделкам)'],
    ['en', 1, 'suggested: 9 (from 1 deal)'],
    ['en', 34, 'suggested: 9 (from 34 deals)'],
  ] as const)('%s, %d deals', (lang, n, text) => {
    expect(tPlural(lang, 'opt.stages.suggested', n, { days: 9 })).toBe(text);
  });
});
