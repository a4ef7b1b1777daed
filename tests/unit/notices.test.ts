import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { LangContext } from '../../components/Lang';
import { NoticesSection, type NotificationPermission } from '../../components/options/NoticesSection';
import { badgeFigure, badgeText } from '../../entrypoints/background/toolbar';
import { managerCalendar } from '../../lib/calendar';
import type { ActivityDrop } from '../../lib/metrics';
import { decideNotices, noticeDay, noticeId, noticeText, readSentLog, sentLog, wantsActivityDrop, type Notice, type NoticeInput } from '../../lib/notices';
import type { OverlayState } from '../../lib/queries/overlay';
import { mergeSettings, type NoticeSettings, type Settings } from '../../lib/settings';

const ACCOUNT = 'https://acme.amocrm.ru';
const USER = '42';
const KEY = `${ACCOUNT}|${USER}`;
// Wednesday 18 November 2026, a working day; 4 November is a public holiday (a Wednesday too).
const at = (day: number, hours: number, minutes = 0) => new Date(2026, 10, day, hours, minutes);

function settingsWith(notices: Partial<NoticeSettings> = {}, patch: Partial<Settings> = {}): Settings {
  const base = mergeSettings({});
  return { ...base, ...patch, notices: { ...base.notices, enabled: true, ...notices } };
}

const WARN: Pick<ActivityDrop, 'warn' | 'today' | 'norm'> = {
  warn: true,
  today: { calls: 3, meetings: 0, tasksDone: 1, stageMoves: 0, total: 4 },
  norm: 21.5,
};

function input(patch: Partial<NoticeInput> & { settings?: Settings } = {}): NoticeInput {
  const settings = patch.settings ?? settingsWith();
  return {
    account: ACCOUNT,
    userId: USER,
    planPercent: null,
    callsLeft: null,
    drop: null,
    calendar: managerCalendar(settings, KEY, true),
    now: at(18, 11),
    sent: [],
    ...patch,
    settings,
  };
}

const shown = (decision: { notices: Notice[] }) => decision.notices.map((n) => (n.kind === 'plan' ? `plan${n.threshold}` : 'activityDrop'));
const id = (what: 'plan50' | 'plan90' | 'plan100' | 'activityDrop') => noticeId(ACCOUNT, USER, what);

describe('decideNotices', () => {
  it.each<[string, Partial<NoticeInput> & { settings?: Settings }, string[]]>([
    ['half the plan at 11:00', { planPercent: 55 }, ['plan50']],
    ['below half', { planPercent: 49 }, []],
    ['no targets', { planPercent: null }, []],
    ['at lunch', { planPercent: 55, now: at(18, 13, 30) }, []],
    ['lunch is over', { planPercent: 55, now: at(18, 14, 0) }, ['plan50']],
    ['before the working day', { planPercent: 55, now: at(18, 8, 59) }, []],
    ['after hours', { planPercent: 55, now: at(18, 18, 30) }, []],
    ['at the end of the day exactly', { planPercent: 55, now: at(18, 18, 0) }, []],
    ['a public holiday (4 November)', { planPercent: 55, now: at(4, 11) }, []],
    ['a Saturday', { planPercent: 55, now: at(21, 11) }, []],
    ['the user\'s own day off', { planPercent: 55, settings: settingsWith({}, { daysOff: ['2026-11-18'] }) }, []],
    ['the user on vacation', { planPercent: 55, settings: settingsWith({}, { vacations: { [KEY]: [{ from: '2026-11-16', to: '2026-11-20' }] } }) }, []],
    ['someone else\'s vacation', { planPercent: 55, settings: settingsWith({}, { vacations: { [`${ACCOUNT}|7`]: [{ from: '2026-11-16', to: '2026-11-20' }] } }) }, ['plan50']],
    ['notices off', { planPercent: 100, drop: WARN, settings: settingsWith({ enabled: false }) }, []],
    ['second read the same day', { planPercent: 60, sent: [id('plan50')] }, []],
    ['90 % after 50 %', { planPercent: 91, sent: [id('plan50')] }, ['plan90']],
    ['100 % after 90 %', { planPercent: 100, sent: [id('plan50'), id('plan90')] }, ['plan100']],
    ['100 % once more', { planPercent: 100, sent: [id('plan50'), id('plan90'), id('plan100')] }, []],
    ['first read already at 95 %: only the highest', { planPercent: 95 }, ['plan90']],
    ['50 % switched off', { planPercent: 60, settings: settingsWith({ plan50: false }) }, []],
    ['90 % switched off: 50 % still said', { planPercent: 95, settings: settingsWith({ plan90: false }) }, ['plan50']],
    ['another user of the account was notified, not this one', { planPercent: 55, sent: [noticeId(ACCOUNT, '7', 'plan50')] }, ['plan50']],
    ['the same user id in another account was notified, not this one', { planPercent: 55, sent: [noticeId('https://other.amocrm.ru', USER, 'plan50')] }, ['plan50']],
    ['activity drop', { drop: WARN }, ['activityDrop']],
    ['activity drop switched off', { drop: WARN, settings: settingsWith({ activityDrop: false }) }, []],
    ['no drop', { drop: { ...WARN, warn: false } }, []],
    ['activity drop once a day', { drop: WARN, sent: [id('activityDrop')] }, []],
    ['activity drop at lunch', { drop: WARN, now: at(18, 13, 15) }, []],
    ['plan and drop together', { planPercent: 50, drop: WARN }, ['plan50', 'activityDrop']],
  ])('%s', (_name, patch, expected) => {
    expect(shown(decideNotices(input(patch)))).toEqual(expected);
  });

  it('remembers every threshold passed, also those passed over silently', () => {
    const decision = decideNotices(input({ planPercent: 100, sent: ['earlier'] }));
    expect(shown(decision)).toEqual(['plan100']);
    expect(decision.sent).toEqual(['earlier', id('plan50'), id('plan90'), id('plan100')]);
  });

  it('over a whole day: each threshold once, nothing at lunch or after hours', () => {
    const day: [Date, number, string[]][] = [
      [at(18, 9, 30), 10, []],
      [at(18, 11, 0), 52, ['plan50']],
      [at(18, 12, 0), 58, []],
      [at(18, 13, 30), 91, []], // lunch: waits
      [at(18, 14, 10), 92, ['plan90']],
      [at(18, 15, 0), 93, []],
      [at(18, 16, 0), 100, ['plan100']],
      [at(18, 17, 0), 100, []],
      [at(18, 19, 0), 100, []],
    ];
    let sent: string[] = [];
    for (const [now, planPercent, expected] of day) {
      const decision = decideNotices(input({ now, planPercent, sent }));
      expect([now.toTimeString().slice(0, 5), shown(decision)]).toEqual([now.toTimeString().slice(0, 5), expected]);
      sent = decision.sent;
    }
  });
});

describe('wantsActivityDrop', () => {
  it.each<[string, Partial<NoticeInput> & { settings?: Settings }, boolean]>([
    ['working time, not yet said', {}, true],
    ['notices off', { settings: settingsWith({ enabled: false }) }, false],
    ['drop switched off', { settings: settingsWith({ activityDrop: false }) }, false],
    ['lunch', { now: at(18, 13, 30) }, false],
    ['already said today', { sent: [id('activityDrop')] }, false],
  ])('%s', (_name, patch, expected) => {
    expect(wantsActivityDrop(input(patch))).toBe(expected);
  });
});

describe('noticeText', () => {
  const plan = (threshold: 50 | 90 | 100, percent: number, callsLeft: number | null): Notice => ({ kind: 'plan', id: 'x', threshold, percent, callsLeft });
  const drop = (actions: number, norm: number): Notice => ({ kind: 'activity-drop', id: 'x', actions, norm });

  it.each<[string, Notice, 'ru' | 'en', { title: string; message: string }]>([
    ['50 %, en', plan(50, 55, 1), 'en', { title: "55 % of today's plan", message: 'ДемоCRM: 1 call left' }],
    ['90 %, en', plan(90, 92, 3), 'en', { title: "92 % of today's plan", message: 'ДемоCRM: 3 calls left' }],
    ['100 %, en', plan(100, 100, 0), 'en', { title: "Today's plan is done", message: 'ДемоCRM' }],
    ['no calls target, en', plan(50, 60, null), 'en', { title: "60 % of today's plan", message: 'ДемоCRM' }],
    ['1 звонок', plan(50, 51, 1), 'ru', { title: '51 % плана на сегодня', message: 'ДемоCRM: остался 1 звонок' }],
    ['3 звонка', plan(90, 90, 3), 'ru', { title: '90 % плана на сегодня', message: 'ДемоCRM: осталось 3 звонка' }],
    ['5 звонков', plan(50, 70, 5), 'ru', { title: '70 % плана на сегодня', message: 'ДемоCRM: осталось 5 звонков' }],
    ['21 звонок', plan(50, 52, 21), 'ru', { title: '52 % плана на сегодня', message: 'ДемоCRM: остался 21 звонок' }],
    ['100 %, ru', plan(100, 100, 0), 'ru', { title: 'План на сегодня выполнен', message: 'ДемоCRM' }],
    ['drop, 1 action, en', drop(1, 12), 'en', { title: 'Activity drop', message: 'ДемоCRM: only 1 action in the CRM today; usually 12 by this time' }],
    ['drop, 4 actions, en', drop(4, 21.5), 'en', { title: 'Activity drop', message: 'ДемоCRM: only 4 actions in the CRM today; usually 22 by this time' }],
    ['drop, 1 действие', drop(1, 10), 'ru', { title: 'Спад активности', message: 'ДемоCRM: сегодня в CRM только 1 действие, обычно к этому времени 10' }],
    ['drop, 2 действия', drop(2, 10), 'ru', { title: 'Спад активности', message: 'ДемоCRM: сегодня в CRM только 2 действия, обычно к этому времени 10' }],
    ['drop, 5 действий', drop(5, 1250), 'ru', { title: 'Спад активности', message: `ДемоCRM: сегодня в CRM только 5 действий, обычно к этому времени 1${'\u00a0'}250` }],
  ])('%s', (_name, notice, lang, expected) => {
    const text = noticeText(notice, lang, 'ДемоCRM');
    // Intl may group thousands with U+00A0 or U+202F, depending on the ICU version.
    expect({ ...text, message: text.message.replace(/\u202f/g, '\u00a0') }).toEqual(expected);
  });
});

describe('the notified log', () => {
  it('keeps only today, and reads nothing else', () => {
    const day = noticeDay(at(18, 11));
    expect(day).toBe('2026-11-18');
    const stored = sentLog(day, ['a', 'b', 'a']);
    expect(stored).toEqual({ '2026-11-18': ['a', 'b'] });
    expect(readSentLog(stored, day)).toEqual(['a', 'b']);
    expect(readSentLog(stored, '2026-11-19')).toEqual([]);
  });

  it.each([undefined, null, 'x', 42, [], ['2026-11-18'], { '2026-11-18': 'a' }, { '2026-11-18': [1, 'a', null] }])('garbage %j → only the ids that read', (stored) => {
    const ids = readSentLog(stored, '2026-11-18');
    expect(ids.every((value) => value === 'a')).toBe(true);
  });

  it('a "__proto__" day finds nothing on the prototype', () => {
    expect(readSentLog({}, '__proto__')).toEqual([]);
  });
});

describe('toolbar badge', () => {
  const overlay = (callsLeft: number | null, stalled: number): OverlayState => ({
    lang: 'en',
    callsLeft,
    planPercent: null,
    status: 'green',
    summary: '',
    stalled: Array.from({ length: stalled }, (_, i) => ({ dealId: String(i), days: 9, label: '9 d', why: '' })),
    texts: { collapse: '', hide: '' },
  });

  it.each<[string, OverlayState | null, 'calls' | 'stalled', string]>([
    ['calls left', overlay(12, 3), 'calls', '12'],
    ['calls done', overlay(0, 3), 'calls', '0'],
    ['no calls target → stalled', overlay(null, 3), 'calls', '3'],
    ['no calls target, nothing stalled → empty', overlay(null, 0), 'calls', ''],
    ['stalled chosen', overlay(12, 3), 'stalled', '3'],
    ['stalled chosen, none stalled → empty', overlay(12, 0), 'stalled', ''],
    ['nothing read yet', null, 'stalled', ''],
    ['a lot', overlay(1500, 0), 'calls', '999+'],
  ])('%s', (_name, state, figure, text) => {
    expect(badgeText(badgeFigure(state, figure))).toBe(text);
  });
});

describe('options → Notices', () => {
  /** The section over a settings object that `save` really changes, as the options page does through Dexie. */
  function setup(permission: NotificationPermission, start: Partial<Settings> = {}) {
    let settings: Settings = { ...mergeSettings({}), ...start };
    const view = () => createElement(LangContext.Provider, { value: 'en' }, createElement(NoticesSection, { settings, save, permission }));
    const save = vi.fn((change: (current: Settings) => Settings) => {
      settings = change(settings);
      rendered.rerender(view());
    });
    const rendered = render(view());
    return { save, current: () => settings };
  }
  const checked = (element: HTMLElement) => (element as HTMLInputElement).checked;
  /** The browser's permission: `answer` is what the prompt says; once allowed, it stays granted. */
  const permission = (granted: boolean, answer: boolean | Error): NotificationPermission => {
    let holds = granted;
    return {
      granted: vi.fn(() => Promise.resolve(holds)),
      request: vi.fn(() => {
        if (answer instanceof Error) return Promise.reject(answer);
        holds ||= answer;
        return Promise.resolve(answer);
      }),
    };
  };

  it('asks the browser on the click that switches notices on, and saves them on when allowed', async () => {
    const browserPermission = permission(false, true);
    const { current } = setup(browserPermission);
    await userEvent.click(screen.getByTestId('notices-enabled'));
    expect(browserPermission.request).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(current().notices.enabled).toBe(true));
    expect(checked(screen.getByTestId('notices-enabled'))).toBe(true);
    expect(screen.queryByTestId('notices-not-granted')).toBeNull();
  });

  it('stays off and says so when the browser refuses', async () => {
    const { save } = setup(permission(false, false));
    await userEvent.click(screen.getByTestId('notices-enabled'));
    expect((await screen.findByTestId('notices-problem')).textContent).toContain('The browser did not allow notifications; they stay off.');
    expect(save).not.toHaveBeenCalled();
    expect(checked(screen.getByTestId('notices-enabled'))).toBe(false);
  });

  it('shows the reason when asking fails', async () => {
    setup(permission(false, new Error('Only one request at a time')));
    await userEvent.click(screen.getByTestId('notices-enabled'));
    expect((await screen.findByTestId('notices-problem')).textContent).toContain('Could not ask the browser for notifications: Only one request at a time');
  });

  it('switched on, but the permission was taken back: says so and offers to allow again', async () => {
    const browserPermission = permission(false, true);
    setup(browserPermission, { notices: { ...mergeSettings({}).notices, enabled: true } });
    const warning = await screen.findByTestId('notices-not-granted');
    expect(warning.textContent).toContain('The browser does not allow Sales Pace to show notifications');
    await userEvent.click(screen.getByRole('button', { name: 'Allow notifications' }));
    expect(browserPermission.request).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByTestId('notices-not-granted')).toBeNull());
  });

  it('switching off asks nothing; the kinds are greyed out while off', async () => {
    const browserPermission = permission(true, true);
    const { current } = setup(browserPermission, { notices: { ...mergeSettings({}).notices, enabled: true } });
    await userEvent.click(screen.getByTestId('notice-plan90'));
    expect(current().notices.plan90).toBe(false);
    await userEvent.click(screen.getByTestId('notices-enabled'));
    expect(current().notices).toEqual({ enabled: false, plan50: true, plan90: false, plan100: true, activityDrop: true });
    expect(browserPermission.request).not.toHaveBeenCalled();
    // Disabled through its fieldset.
    expect(screen.getByTestId('notice-plan50').matches(':disabled')).toBe(true);
  });

  it('the toolbar figure is a choice of two', async () => {
    const { current } = setup(permission(true, true));
    expect(checked(screen.getByRole('radio', { name: /Calls left today/ }))).toBe(true);
    await userEvent.click(screen.getByRole('radio', { name: 'Stalled deals' }));
    expect(current().toolbarFigure).toBe('stalled');
    expect(checked(screen.getByRole('radio', { name: 'Stalled deals' }))).toBe(true);
  });
});
