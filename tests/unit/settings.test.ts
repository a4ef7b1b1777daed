import { describe, expect, it } from 'vitest';
import {
  roleFromTitle,
  DEFAULT_SETTINGS,
  KPI_UNITS,
  ROLE_PRESETS,
  dailyTargets,
  mergeSettings,
  parseClockTime,
  stageLimitLookup,
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
    ['Менеджер по продажам', 'closer'],
    ['Бухгалтер', null],
    [null, null],
  ])('%s → %s', (title, role) => {
    expect(roleFromTitle(title)).toBe(role);
  });
});
