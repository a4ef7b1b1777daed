import { describe, expect, it } from 'vitest';
import { workCalendar, type Period } from '../../lib/calendar';
import type { WorkCalendar } from '../../lib/metrics';
import {
  roleFromTitle,
  DEFAULT_SETTINGS,
  tracksClientKpis,
  KPI_UNITS,
  ROLE_PRESETS,
  dailyTargets,
  mergeSettings,
  parseClockTime,
  periodTargets,
  snoozeOf,
  stageLimitLookup,
  type KpiTargets,
  type RoleId,
  type Settings,
} from '../../lib/settings';

const settingsWith = (patch: Partial<Settings>): Settings => ({ ...mergeSettings(undefined), ...patch });

describe('ROLE_PRESETS', () => {
  it('are the agreed daily figures', () => {
    expect(ROLE_PRESETS).toEqual({
      cold_caller: { calls: 80, conversations: 30, talkTime: 3600, newDeals: 3 },
      account_manager: { calls: 40, conversations: 20, meetings: 2, wonAmount: 300000 },
      closer: { calls: 30, meetings: 3, wonCount: 1, wonAmount: 500000 },
    });
  });

  it('every KPI has a unit', () => {
    expect(KPI_UNITS).toMatchObject({ talkTime: 'seconds', wonAmount: 'money', calls: 'count' });
  });
});

describe('dailyTargets', () => {
  const settings = settingsWith({
    roles: { 'acme|irina': 'cold_caller', 'acme|oleg': 'closer' },
    targetOverrides: { 'acme|irina': { calls: 100, meetings: 1, newDeals: 0 }, 'acme|nobody': { calls: 5 } },
  });

  it.each([
    ['role preset with overrides; 0 switches a KPI off', 'acme|irina', 'cold_caller', { calls: 100, conversations: 30, talkTime: 3600, meetings: 1 }],
    ['role preset alone', 'acme|oleg', 'closer', ROLE_PRESETS.closer],
    ['no role → no targets, even with overrides', 'acme|nobody', null, {}],
    ['unknown manager', 'acme|new', null, {}],
    ['a key that exists on Object.prototype', 'constructor', null, {}],
  ])('%s', (_name, managerKey, role, targets) => {
    expect(dailyTargets(settings, managerKey)).toEqual({ role, targets });
  });
});

describe('stageLimitLookup', () => {
  it('uses the stage record key of the account, else the default', () => {
    const limit = stageLimitLookup(settingsWith({ stageLimitDays: { 'https://acme.amocrm.ru|142': 3 } }), 'https://acme.amocrm.ru');
    expect([limit('142'), limit('143')]).toEqual([3, 7]);
  });
});

describe('parseClockTime', () => {
  it.each([
    ['09:00', 540],
    ['9:30', 570],
    [' 18:00 ', 1080],
    ['00:00', 0],
    ['23:59', 1439],
    ['24:00', null],
    ['12:60', null],
    ['9', null],
    ['nine', null],
    ['', null],
  ])('%j → %s', (text, minutes) => {
    expect(parseClockTime(text)).toBe(minutes);
  });
});

describe('mergeSettings', () => {
  it.each([undefined, null, 42, 'settings', true, [], [1, 2], {}, { version: 99 }, () => 1])('garbage %j → defaults', (stored) => {
    expect(mergeSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps what is valid and fills the rest', () => {
    expect(mergeSettings({ language: 'ru', conversationMinSec: 20, roles: { 'acme|irina': 'closer' } })).toEqual({
      ...DEFAULT_SETTINGS,
      language: 'ru',
      conversationMinSec: 20,
      roles: { 'acme|irina': 'closer' },
    });
  });

  it.each<[string, Record<string, unknown>, Partial<Settings>]>([
    ['unknown language', { language: 'de' }, { language: 'auto' }],
    ['negative conversation threshold', { conversationMinSec: -5 }, { conversationMinSec: 15 }],
    ['NaN conversation threshold', { conversationMinSec: Number.NaN }, { conversationMinSec: 15 }],
    ['conversation threshold as text', { conversationMinSec: '20' }, { conversationMinSec: 15 }],
    ['zero conversation threshold is allowed', { conversationMinSec: 0 }, { conversationMinSec: 0 }],
    ['zero stage limit', { defaultStageLimitDays: 0 }, { defaultStageLimitDays: 7 }],
    ['infinite stage limit', { defaultStageLimitDays: Number.POSITIVE_INFINITY }, { defaultStageLimitDays: 7 }],
    ['bad per-stage limits are dropped', { stageLimitDays: { a: 3, b: -1, c: 'x', d: null } }, { stageLimitDays: { a: 3 } }],
    ['unknown roles are dropped', { roles: { a: 'closer', b: 'ceo', c: 1 } }, { roles: { a: 'closer' } }],
    ['roles as an array', { roles: ['closer'] }, { roles: {} }],
    [
      'bad targets are dropped, 0 kept',
      { targetOverrides: { a: { calls: 50, meetings: -1, bogus: 3, wonAmount: 0 }, b: 'x', c: null } },
      { targetOverrides: { a: { calls: 50, wonAmount: 0 } } },
    ],
    [
      'hours normalised',
      { workingHours: { start: '8:00', end: '17:30', lunchStart: '12:00', lunchEnd: '12:45' } },
      { workingHours: { start: '08:00', end: '17:30', lunchStart: '12:00', lunchEnd: '12:45' } },
    ],
    [
      'no lunch chosen explicitly',
      { workingHours: { start: '09:00', end: '18:00', lunchStart: null, lunchEnd: null } },
      { workingHours: { start: '09:00', end: '18:00', lunchStart: null, lunchEnd: null } },
    ],
    [
      'lunch never stored → default lunch',
      { workingHours: { start: '10:00', end: '19:00' } },
      { workingHours: { start: '10:00', end: '19:00', lunchStart: '13:00', lunchEnd: '14:00' } },
    ],
    [
      'lunch never stored and the default does not fit → no lunch',
      { workingHours: { start: '14:00', end: '22:00' } },
      { workingHours: { start: '14:00', end: '22:00', lunchStart: null, lunchEnd: null } },
    ],
    [
      'half a lunch → no lunch',
      { workingHours: { start: '09:00', end: '18:00', lunchStart: '13:00', lunchEnd: null } },
      { workingHours: { start: '09:00', end: '18:00', lunchStart: null, lunchEnd: null } },
    ],
    [
      'lunch outside the hours → no lunch',
      { workingHours: { start: '09:00', end: '12:00', lunchStart: '13:00', lunchEnd: '14:00' } },
      { workingHours: { start: '09:00', end: '12:00', lunchStart: null, lunchEnd: null } },
    ],
    ['end before start → default hours', { workingHours: { start: '18:00', end: '09:00' } }, { workingHours: DEFAULT_SETTINGS.workingHours }],
    ['unreadable hours → default hours', { workingHours: { start: 9, end: '25:00' } }, { workingHours: DEFAULT_SETTINGS.workingHours }],
    ['valid thresholds kept', { paceThresholds: { amber: 0.8, red: 0.5 } }, { paceThresholds: { amber: 0.8, red: 0.5 } }],
    ['red above amber → defaults', { paceThresholds: { amber: 0.5, red: 0.8 } }, { paceThresholds: { amber: 0.9, red: 0.6 } }],
    ['half the thresholds → defaults', { paceThresholds: { amber: 0.8 } }, { paceThresholds: { amber: 0.9, red: 0.6 } }],
    ['toolbar shows stalled deals', { toolbarFigure: 'stalled' }, { toolbarFigure: 'stalled' }],
    ['unknown toolbar figure → calls', { toolbarFigure: 'revenue' }, { toolbarFigure: 'calls' }],
    ['notices off by default', {}, { notices: { enabled: false, plan50: true, plan90: true, plan100: true, activityDrop: true } }],
    [
      'notices: each switch read on its own, the rest default',
      { notices: { enabled: true, plan90: false, activityDrop: 'no', bogus: true } },
      { notices: { enabled: true, plan50: true, plan90: false, plan100: true, activityDrop: true } },
    ],
    ['notices as garbage → off', { notices: ['enabled'] }, { notices: { enabled: false, plan50: true, plan90: true, plan100: true, activityDrop: true } }],
    ['notices "enabled" as text → off', { notices: { enabled: 'true' } }, { notices: { enabled: false, plan50: true, plan90: true, plan100: true, activityDrop: true } }],
  ])('%s', (_name, stored, expected) => {
    expect(mergeSettings(stored)).toEqual({ ...DEFAULT_SETTINGS, ...expected });
  });

  it('a "__proto__" key from JSON neither pollutes nor survives', () => {
    const merged = mergeSettings(JSON.parse('{"roles":{"__proto__":"closer","a":"closer"},"targetOverrides":{"__proto__":{"calls":1}}}'));
    expect(Object.keys(merged.roles)).toEqual(['a']);
    expect(Object.getPrototypeOf(merged.targetOverrides)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).calls).toBeUndefined();
  });

  it('never throws, even for a value whose properties throw', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('boom'); }, get: () => { throw new Error('boom'); } });
    expect(mergeSettings(hostile)).toEqual(DEFAULT_SETTINGS);
  });

  it('returns a fresh object: editing it leaves the defaults alone', () => {
    const merged = mergeSettings(undefined);
    merged.workingHours.start = '07:00';
    merged.roles.x = 'closer';
    expect(DEFAULT_SETTINGS.workingHours.start).toBe('09:00');
    expect(DEFAULT_SETTINGS.roles).toEqual({});
  });

  it('reads back what it wrote', () => {
    const settings = mergeSettings({ language: 'en', roles: { a: 'closer' }, targetOverrides: { a: { calls: 10 } } });
    expect(mergeSettings(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });
});

describe('roleFromTitle', () => {
  it.each([
    ['Менеджер холодных звонков', 'cold_caller'],
    ['SDR', 'cold_caller'],
    ['Аккаунт-менеджер', 'account_manager'],
    ['Менеджер по работе с клиентами (клиентский отдел)', 'account_manager'],
    ['Менеджер по закрытию сделок', 'closer'],
    ['Account Executive', 'closer'],
    ['Руководитель отдела продаж', null],
    ['Sales leadership', null],
    ['Team Lead, Sales', null],
    ['Менеджер по продажам', 'closer'],
    ['Бухгалтер', null],
    [null, null],
  ])('%s → %s', (title, role) => {
    expect(roleFromTitle(title)).toBe(role);
  });
});

describe('mergeSettings: plan, calendar and stalled-rule fields', () => {
  it('a stored object from before these fields merges into their defaults', () => {
    const old = { version: 1, language: 'ru', conversationMinSec: 20, roles: { a: 'closer' }, targetOverrides: { a: { calls: 10 } } };
    const merged = mergeSettings(old);
    expect(merged).toMatchObject({
      language: 'ru',
      roleTargets: {},
      weekdayTargetOverrides: {},
      periodTargetOverrides: {},
      daysOff: [],
      vacations: {},
      stalledRule: { noActivityDays: 5, noNextTaskStalls: false },
      snoozes: {},
      recoverWithinDays: 30,
    });
    expect(merged.recoverableLossReasons).toEqual(expect.arrayContaining(['Дорого', 'Нет бюджета', 'Не дозвонились', 'Неактуально сейчас', 'No budget']));
  });

  it.each<[string, Record<string, unknown>, Partial<Settings>]>([
    [
      'weekday targets: unknown days and bad values dropped',
      { weekdayTargetOverrides: { a: { fri: { calls: 60, bogus: 1 }, funday: { calls: 1 }, mon: 'x' }, b: 3 } },
      { weekdayTargetOverrides: { a: { fri: { calls: 60 } } } },
    ],
    [
      'period targets: week and month only',
      { periodTargetOverrides: { a: { week: { calls: 400 }, month: { wonAmount: 0 }, year: { calls: 1 } } } },
      { periodTargetOverrides: { a: { week: { calls: 400 }, month: { wonAmount: 0 } } } },
    ],
    [
      'role targets: known roles only',
      { roleTargets: { closer: { daily: { calls: 25 }, weekdays: { fri: { calls: 15 } }, month: { wonAmount: 9e6 } }, ceo: { daily: { calls: 1 } } } },
      { roleTargets: { closer: { daily: { calls: 25 }, weekdays: { fri: { calls: 15 } }, month: { wonAmount: 9e6 } } } },
    ],
    ['days off: valid dates, once, sorted', { daysOff: ['2026-03-13', 'soon', '2026-02-30', '2026-01-05', '2026-03-13', 7] }, { daysOff: ['2026-01-05', '2026-03-13'] }],
    [
      'vacations: valid ranges only',
      { vacations: { a: [{ from: '2026-03-16', to: '2026-03-20' }, { from: '2026-03-20', to: '2026-03-16' }, { from: 'x', to: '2026-01-01' }, 'y'], b: 'z' } },
      { vacations: { a: [{ from: '2026-03-16', to: '2026-03-20' }] } },
    ],
    ['stalled rule kept', { stalledRule: { noActivityDays: 3, noNextTaskStalls: true } }, { stalledRule: { noActivityDays: 3, noNextTaskStalls: true } }],
    ['stalled rule: bad parts → defaults', { stalledRule: { noActivityDays: 0, noNextTaskStalls: 'yes' } }, { stalledRule: { noActivityDays: 5, noNextTaskStalls: false } }],
    ['snoozes: positive instants only', { snoozes: { 'acme|d1': 1773300000000, 'acme|d2': -1, 'acme|d3': '2026-03-12' } }, { snoozes: { 'acme|d1': 1773300000000 } }],
    ['recoverable reasons: trimmed, once', { recoverableLossReasons: [' Дорого ', 'Дорого', '', 3, 'Думают'] }, { recoverableLossReasons: ['Дорого', 'Думают'] }],
    ['recoverable reasons: an empty list is a choice', { recoverableLossReasons: [] }, { recoverableLossReasons: [] }],
    ['recover window: positive days', { recoverWithinDays: -3 }, { recoverWithinDays: 30 }],
  ])('%s', (_name, stored, expected) => {
    expect(mergeSettings(stored)).toEqual({ ...DEFAULT_SETTINGS, ...expected });
  });

  it('reads back what it wrote, new fields included', () => {
    const settings = mergeSettings({
      roleTargets: { closer: { week: { wonCount: 4 } } },
      weekdayTargetOverrides: { a: { fri: { calls: 60 } } },
      daysOff: ['2026-03-13'],
      vacations: { a: [{ from: '2026-03-16', to: '2026-03-20' }] },
      snoozes: { 'acme|d1': 1773300000000 },
    });
    expect(mergeSettings(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });
});

describe('periodTargets', () => {
  const key = 'acme|irina';
  const calendar = workCalendar({ country: 'RU', daysOff: [], vacations: [] });
  const withVacation = workCalendar({ country: 'RU', daysOff: [], vacations: [{ from: new Date(2026, 2, 16), to: new Date(2026, 2, 17) }] });
  const base = { roles: { [key]: 'cold_caller' } };
  const targets = (stored: Record<string, unknown>, period: Period, cal = calendar, suggested: RoleId | null = null) =>
    periodTargets(mergeSettings({ ...base, ...stored }), key, suggested, period, cal);
  /** A week without holidays: 2–6 March 2026 (9 March is 8 March moved). */
  const thu = new Date(2026, 2, 5, 15, 0);
  const fri = new Date(2026, 2, 6, 10, 0);
  const holidayWeek = new Date(2026, 1, 25);

  it.each<[string, Record<string, unknown>, Period, KpiTargets, WorkCalendar?]>([
    ['a day: the role preset', {}, { kind: 'day', start: thu }, ROLE_PRESETS.cold_caller],
    ['a day off: nothing', {}, { kind: 'day', start: new Date(2026, 2, 14, 12) }, {}],
    ['a holiday Monday: nothing', {}, { kind: 'day', start: new Date(2026, 1, 23, 12) }, {}],
    ['a vacation day: nothing', {}, { kind: 'day', start: new Date(2026, 2, 16, 12) }, {}, withVacation],
    ['Friday differs for the manager', { weekdayTargetOverrides: { [key]: { fri: { calls: 60 } } } }, { kind: 'day', start: fri }, { ...ROLE_PRESETS.cold_caller, calls: 60 }],
    ['…but not on Thursday', { weekdayTargetOverrides: { [key]: { fri: { calls: 60 } } } }, { kind: 'day', start: thu }, ROLE_PRESETS.cold_caller],
    ['Friday differs for the role', { roleTargets: { cold_caller: { weekdays: { fri: { calls: 50 } } } } }, { kind: 'day', start: fri }, { ...ROLE_PRESETS.cold_caller, calls: 50 }],
    [
      "the manager's daily override beats the role's Friday",
      { roleTargets: { cold_caller: { weekdays: { fri: { calls: 50 } } } }, targetOverrides: { [key]: { calls: 100 } } },
      { kind: 'day', start: fri },
      { ...ROLE_PRESETS.cold_caller, calls: 100 },
    ],
    ['a zero switches a KPI off for the day', { weekdayTargetOverrides: { [key]: { fri: { newDeals: 0 } } } }, { kind: 'day', start: fri }, { calls: 80, conversations: 30, talkTime: 3600 }],
    ['a week: derived from 5 working days', {}, { kind: 'week', start: thu }, { calls: 400, conversations: 150, talkTime: 18000, newDeals: 15 }],
    ['the week of the holiday Monday: 4 days', {}, { kind: 'week', start: holidayWeek }, { calls: 320, conversations: 120, talkTime: 14400, newDeals: 12 }],
    ['a week with a lighter Friday', { weekdayTargetOverrides: { [key]: { fri: { calls: 60 } } } }, { kind: 'week', start: thu }, { calls: 380, conversations: 150, talkTime: 18000, newDeals: 15 }],
    ['a week set directly', { periodTargetOverrides: { [key]: { week: { calls: 450 } } } }, { kind: 'week', start: thu }, { calls: 450, conversations: 150, talkTime: 18000, newDeals: 15 }],
    ['a week switched off', { periodTargetOverrides: { [key]: { week: { newDeals: 0 } } } }, { kind: 'week', start: thu }, { calls: 400, conversations: 150, talkTime: 18000 }],
    ['a role week target', { roleTargets: { cold_caller: { week: { calls: 350 } } } }, { kind: 'week', start: thu }, { calls: 350, conversations: 150, talkTime: 18000, newDeals: 15 }],
    [
      "the manager's own daily target beats the role's week target",
      { roleTargets: { cold_caller: { week: { calls: 350 } } }, targetOverrides: { [key]: { calls: 100 } } },
      { kind: 'week', start: thu },
      { calls: 500, conversations: 150, talkTime: 18000, newDeals: 15 },
    ],
    ['a vacation week: derived from the 3 days worked', {}, { kind: 'week', start: new Date(2026, 2, 18) }, { calls: 240, conversations: 90, talkTime: 10800, newDeals: 9 }, withVacation],
    ['a vacation week set directly: scaled 3/5', { periodTargetOverrides: { [key]: { week: { calls: 500 } } } }, { kind: 'week', start: new Date(2026, 2, 18) }, { calls: 300, conversations: 90, talkTime: 10800, newDeals: 9 }, withVacation],
    ['February 2026: 19 working days', {}, { kind: 'month', start: new Date(2026, 1, 10) }, { calls: 1520, conversations: 570, talkTime: 68400, newDeals: 57 }],
    ['January 2026, asked on its last evening: 15 working days', {}, { kind: 'month', start: new Date(2026, 0, 31, 23, 30) }, { calls: 1200, conversations: 450, talkTime: 54000, newDeals: 45 }],
    ['a month set directly', { periodTargetOverrides: { [key]: { month: { calls: 2000 } } } }, { kind: 'month', start: thu }, { calls: 2000, conversations: 630, talkTime: 75600, newDeals: 63 }],
  ])('%s', (_name, stored, period, expected, cal) => {
    expect(targets(stored, period, cal)).toEqual(expected);
  });

  it.each<[string, Period]>([
    ['day', { kind: 'day', start: thu }],
    ['week', { kind: 'week', start: thu }],
    ['month', { kind: 'month', start: thu }],
  ])('no role → no %s targets', (_name, period) => {
    expect(periodTargets(mergeSettings({ periodTargetOverrides: { [key]: { week: { calls: 5 } } } }), key, null, period, calendar)).toEqual({});
  });

  it('a suggested role gives targets until one is chosen', () => {
    expect(periodTargets(mergeSettings({}), key, 'closer', { kind: 'day', start: thu }, calendar)).toEqual(ROLE_PRESETS.closer);
  });

  it('a week with every day on vacation has no targets', () => {
    const away = workCalendar({ country: 'RU', daysOff: [], vacations: [{ from: new Date(2026, 2, 2), to: new Date(2026, 2, 8) }] });
    expect(targets({ periodTargetOverrides: { [key]: { week: { calls: 500 } } } }, { kind: 'week', start: thu }, away)).toEqual({});
  });
});

describe('snoozeOf', () => {
  it('finds a snooze by deal record key and nothing else', () => {
    const settings = mergeSettings({ snoozes: { 'acme|d1': 1773300000000 } });
    expect([snoozeOf(settings, 'acme|d1'), snoozeOf(settings, 'acme|d2'), snoozeOf(settings, 'constructor')]).toEqual([1773300000000, null, null]);
  });
});

describe('tracksClientKpis', () => {
  it.each<[string, Partial<Settings>, boolean]>([
    ['the defaults', {}, false],
    ["a manager's daily override", { targetOverrides: { 'https://a.amocrm.ru|7': { repeatSales: 100000 } } }, true],
    ["a manager's Friday", { weekdayTargetOverrides: { 'https://a.amocrm.ru|7': { fri: { retention: 40 } } } }, true],
    ["a manager's month", { periodTargetOverrides: { 'https://a.amocrm.ru|7': { month: { retention: 40 } } } }, true],
    ["a role's week", { roleTargets: { account_manager: { week: { repeatSales: 1 } } } }, true],
    ["a role's Monday", { roleTargets: { closer: { weekdays: { mon: { retention: 10 } } } } }, true],
    ['other KPIs only', { targetOverrides: { 'https://a.amocrm.ru|7': { calls: 10, avgDeal: 5 } }, roleTargets: { closer: { daily: { meetings: 2 } } } }, false],
  ])('%s → %s', (_name, patch, expected) => {
    expect(tracksClientKpis({ ...DEFAULT_SETTINGS, ...patch })).toBe(expected);
  });
});
