// The popup's tabs over a small hand-made February 2026: My day, Week, Month, Team and Report, with every expectation worked out by hand.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ingestSnapshot } from '../../entrypoints/background/handlers';
import { App } from '../../entrypoints/popup/App';
import { db } from '../../lib/db';
import type { ActivityFields, DealFields, Snapshot, TaskFields } from '../../lib/model';
import { saveSettings } from '../../lib/queries';
import { usePopupStore } from '../../lib/store';

const ACCOUNT = 'https://acme.amocrm.ru';
const IRINA = '7';
const OLEG = '8';
const ANNA = '9';
/**
 * Wednesday 25 February 2026, 15:30. Monday the 23rd is a public holiday (Defender of the Fatherland
 * Day), so this week has 4 working days (Tue–Fri) and February 19 (20 weekdays less the 23rd). 5.5 of
 * the 8 working hours are gone (09:00–18:00, lunch 13–14 not counted): 0.6875 of the day.
 */
const NOW = new Date(2026, 1, 25, 15, 30);
const at = (day: number, h: number, m = 0, month = 1) => new Date(2026, month, day, h, m).getTime();

function deal(id: string, ownerId: string, patch: Partial<DealFields> = {}): DealFields {
  return {
    crmId: id, title: `ООО Сделка ${id}`, amount: 100_000, currency: 'RUB', pipelineId: 'p', stageId: 's1', status: 'open', ownerId,
    createdAt: at(1, 10), stageEnteredAt: at(24, 10), updatedAt: at(24, 10), closedAt: null, lossReason: null, client: null,
    nextTaskAt: at(27, 10), url: `${ACCOUNT}/leads/detail/${id}`, ...patch,
  };
}

/** `count` calls on a February day from 09:00, `every` minutes apart; the first `talks` last a minute, the rest 5 s. */
function calls(ownerId: string, day: number, count: number, every: number, talks = count): ActivityFields[] {
  return Array.from({ length: count }, (_, i) => ({
    crmId: `c-${ownerId}-${day}-${i}`, type: 'call' as const, at: at(day, 9) + i * every * 60_000, ownerId, dealId: null,
    durationSec: i < talks ? 60 : 5, direction: 'out' as const, outcome: null,
  }));
}

function task(id: string, ownerId: string, dueAt: number, patch: Partial<TaskFields> = {}): TaskFields {
  return { crmId: id, type: 'call', text: `Задача ${id}`, dueAt, done: false, doneAt: null, ownerId, dealId: null, ...patch };
}

const HISTORY_DAYS = [16, 17, 18, 19, 20];

function february(): Snapshot {
  return {
    crm: 'amocrm', account: ACCOUNT, accountName: 'acme', currency: 'RUB', source: 'api', readAt: NOW.getTime() - 3 * 60_000, currentUserId: IRINA,
    managers: [
      { crmId: IRINA, name: 'Ирина Ковалёва', title: null, active: true },
      { crmId: OLEG, name: 'Олег Петров', title: null, active: true },
      { crmId: ANNA, name: 'Анна Смирнова', title: null, active: true },
    ],
    pipelines: [{ crmId: 'p', name: 'Продажи', order: 1 }],
    stages: [
      { crmId: 's1', pipelineId: 'p', name: 'КП отправлено', order: 1, kind: 'open' },
      { crmId: 'won', pipelineId: 'p', name: 'Успешно', order: 9, kind: 'won' },
    ],
    deals: [
      // Irina: three stalled deals, two of them past the stage limit, one only silent.
      deal('d1', IRINA, { title: 'ООО Ромашка', amount: 1_250_000, stageEnteredAt: at(2, 10), nextTaskAt: null }),
      deal('d2', IRINA, { title: 'ООО Вектор', stageEnteredAt: at(16, 10) }),
      deal('d3', IRINA, { title: 'ООО Кедр', stageEnteredAt: at(5, 10), nextTaskAt: at(26, 10) }),
      // Oleg: two past the limit, one fresh.
      deal('o1', OLEG, { stageEnteredAt: at(2, 10) }),
      deal('o2', OLEG, { stageEnteredAt: at(9, 10) }),
      deal('o3', OLEG, { stageEnteredAt: at(24, 10) }),
      // Anna: fresh.
      deal('a1', ANNA, { stageEnteredAt: at(20, 10) }),
    ],
    tasks: [
      task('t1', IRINA, at(20, 10), { dealId: 'd1', text: 'Отправить КП' }),
      // Due before the five weeks the popup reads: still overdue.
      task('t2', IRINA, at(10, 11, 0, 0), { dealId: 'd3', text: 'Позвонить ЛПР' }),
      task('t3', IRINA, at(24, 12), { done: true, doneAt: at(24, 12), dealId: null }),
      task('t4', IRINA, at(26, 10), { text: 'Позвонить в ООО Ромашка' }),
    ],
    activities: [
      // The week before: 70 calls a day each for Irina and Oleg (every 7 minutes from 09:00), 20 for Anna.
      ...HISTORY_DAYS.flatMap((day) => [...calls(IRINA, day, 70, 7), ...calls(OLEG, day, 70, 7), ...calls(ANNA, day, 20, 20)]),
      // Irina called 3 times on the holiday, 80 times on Tuesday, 46 times today (20 conversations, last at 14:15).
      ...calls(IRINA, 23, 3, 30),
      ...calls(IRINA, 24, 80, 6),
      ...calls(IRINA, 25, 46, 7, 20),
      // Oleg: 70 on Tuesday; today 20 calls from 09:00 to 10:16, then nothing.
      ...calls(OLEG, 24, 70, 7),
      ...calls(OLEG, 25, 20, 4),
    ],
    problems: [],
  };
}

async function seed(language: 'ru' | 'en' = 'en', snapshot = february()) {
  await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot });
  await saveSettings(db, (current) => ({
    ...current,
    language,
    roles: { [`${ACCOUNT}|${IRINA}`]: 'cold_caller', [`${ACCOUNT}|${OLEG}`]: 'cold_caller', [`${ACCOUNT}|${ANNA}`]: 'closer' },
    vacations: { [`${ACCOUNT}|${ANNA}`]: [{ from: '2026-02-24', to: '2026-02-27' }] },
  }));
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  usePopupStore.setState({ tab: null, managerId: null, showAllStalled: false, teamSort: { key: 'status', desc: true } });
});

const tab = (name: string) => screen.findByRole('tab', { name });

describe('My day', () => {
  it('lists stalled deals with every reason, silence included, and the overdue tasks with their deals', async () => {
    await seed();
    render(<App now={NOW} />);
    const stalled = await screen.findByTestId('stalled');
    expect(stalled.dataset.count).toBe('3');
    const items = within(stalled).getAllByRole('listitem');
    // Furthest over a limit first: d1 16 − 7 = 9 days over, d3 13 − 7 = 6, d2 silent 6 − 5 = 1.
    expect(items.map((li) => li.dataset.dealId)).toEqual(['d1', 'd3', 'd2']);
    // 2 Feb → 25 Feb: 20 weekdays less the 23rd = 16. Calls are complete from 16 Feb (the first one we hold):
    // 16–20 and 24 Feb = 6 working days without a touch (the limit is 5).
    expect(items[0]?.textContent).toContain('16 working days in «КП отправлено» (limit 7); no activity for 6 working days; task overdue');
    expect(items[2]?.textContent).toContain('no activity for 6 working days');
    expect(items[2]?.textContent).not.toContain('«КП отправлено»');

    const overdue = screen.getByTestId('overdue');
    expect(overdue.dataset.count).toBe('2');
    const tasks = within(overdue).getAllByRole('listitem');
    // Oldest first: the January task (before the window the popup reads) still counts.
    expect(tasks.map((li) => li.dataset.taskId)).toEqual(['t2', 't1']);
    expect(within(tasks[1]!).getByRole('link', { name: 'ООО Ромашка' }).getAttribute('href')).toBe(`${ACCOUNT}/leads/detail/d1`);
  });

  it('says how fresh the data is, what it rests on, and that three deals are too few to trust', async () => {
    await seed();
    render(<App now={NOW} />);
    expect((await screen.findByTestId('freshness')).textContent).toBe('read 3 min ago');
    const basedOn = screen.getByTestId('based-on');
    // Irina's 3 deals; her calls since 21 January (5 weeks back): 5 × 70 + 3 + 80 + 46 = 479.
    expect(basedOn.textContent).toContain('based on 3 deals, 479 calls and meetings, 1 CRM');
    // A cold caller has a new-deals target, and 3 deals are fewer than the 10 that figure needs.
    expect(screen.getByTestId('too-little-data').textContent).toContain('only 3 deals');
    // 16–20, 24 and 25 Feb: 7 working days of calls, enough for the activity figures.
    expect(screen.getByTestId('too-little-data').textContent).not.toContain('working day');
  });

  it('shows a day off on the holiday Monday, 23 February 2026', async () => {
    await seed();
    render(<App now={new Date(2026, 1, 23, 12, 0)} />);
    expect((await screen.findByTestId('day-off')).textContent).toBe('Day off: no targets today');
    expect(screen.queryByTestId('calls-left')).toBeNull();
  });

  it('warns of an activity drop: 20 actions by 15:30 against 56 last Wednesday', async () => {
    await seed();
    usePopupStore.setState({ tab: 'my-day', managerId: OLEG });
    render(<App now={NOW} />);
    // 18 Feb, calls every 7 minutes from 09:00: those before 15:30 are 0 … 385 minutes, 56 calls. Half is 28 > 20.
    const drop = await screen.findByTestId('activity-drop');
    expect(drop.textContent).toContain('actions today: 20, usually 56 by now');
    expect(screen.getByTestId('calls-done').textContent).toBe('20 / 80');
  });

  it('has no activity-drop warning while the pace holds (Irina: 46 against 56, above half)', async () => {
    await seed();
    render(<App now={NOW} />);
    await screen.findByTestId('my-day');
    expect(screen.queryByTestId('activity-drop')).toBeNull();
  });

  it('teaches what to do with too little history', async () => {
    const snapshot = february();
    snapshot.activities = calls(IRINA, 25, 5, 10);
    await seed('ru', snapshot);
    render(<App now={NOW} />);
    // Only today's calls: 1 working day of history, fewer than the 5 the figures need.
    expect((await screen.findByTestId('too-little-data')).textContent).toContain('звонки прочитаны за 1 рабочий день');
  });
});

describe('Week and Month', () => {
  it('Week: plan from the daily targets over the 4 working days, the holiday Monday a day off in the chart', async () => {
    await seed();
    render(<App now={NOW} />);
    await userEvent.click(await tab('Week'));
    const week = await screen.findByTestId('period-week');
    expect(week.dataset.workingDays).toBe('4');
    expect(screen.getByTestId('period-days').textContent).toContain('4 working days, 2 left');
    const calls = screen.getByTestId('kpi-calls');
    // 4 × 80 calls; done 3 (holiday) + 80 + 46 = 129.
    expect(calls.dataset.plan).toBe('320');
    expect(calls.dataset.fact).toBe('129');
    expect(screen.getByTestId('kpi-conversations').dataset.plan).toBe('120');
    // Due by now: Tuesday's 80 and 0.6875 of today's 80 = 135. 129 / 135 = 0.96 ≥ 0.9: green.
    expect(calls.dataset.status).toBe('green');
    expect(calls.textContent).toContain('due by now 135');

    const chart = screen.getByTestId('chart');
    expect(chart.dataset.days).toBe('7');
    const monday = chart.querySelector('[data-date="2026-02-23"]');
    expect(monday?.getAttribute('data-day-off')).toBe('true');
    expect(monday?.getAttribute('data-fact')).toBe('3');
    expect(monday?.getAttribute('data-plan')).toBe('0');
    expect(monday?.textContent).toContain('day off');
    expect(chart.querySelector('[data-date="2026-02-24"]')?.getAttribute('data-plan')).toBe('80');
    // Accessible: a named image, and the numbers in a table.
    expect(within(chart).getByRole('img', { name: /Calls by day/ })).toBeTruthy();
    const table = within(chart).getByRole('table', { name: 'Calls by day' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(8);
    expect(rows[1]?.textContent).toBe('Mon, February 233day off');
    expect(rows[3]?.textContent).toBe('Wed, February 254680');
  });

  it('Month: 19 working days in February 2026, far behind by now', async () => {
    await seed();
    render(<App now={NOW} />);
    await userEvent.click(await tab('Month'));
    const month = await screen.findByTestId('period-month');
    expect(month.dataset.workingDays).toBe('19');
    expect(screen.getByTestId('period-label').textContent).toBe('February 2026');
    const calls = screen.getByTestId('kpi-calls');
    // 19 × 80 = 1520; done 5 × 70 + 3 + 80 + 46 = 479.
    expect(calls.dataset.plan).toBe('1520');
    expect(calls.dataset.fact).toBe('479');
    // Due by now: 16 whole working days and 0.6875 of today, of 19: 1520 × 16.6875 / 19 = 1335. 479 / 1335 < 0.6: red.
    expect(calls.textContent).toContain('due by now 1,335');
    expect(calls.dataset.status).toBe('red');
    expect(month.dataset.status).toBe('red');
    expect(screen.getByTestId('chart').dataset.days).toBe('28');
  });

  it('a manager on vacation: no week target, and a month of 15 working days', async () => {
    await seed();
    usePopupStore.setState({ tab: 'week', managerId: ANNA });
    render(<App now={NOW} />);
    // 24–27 Feb on vacation and the 23rd a holiday: nothing to do this week.
    const week = await screen.findByTestId('period-week');
    expect(week.dataset.workingDays).toBe('0');
    expect(within(week).getByTestId('empty').textContent).toContain('No targets for this period');
    await userEvent.click(await tab('Month'));
    const month = await screen.findByTestId('period-month');
    expect(month.dataset.workingDays).toBe('15');
    // A closer: 30 calls and 500 000 ₽ won a day, over 15 days.
    expect(screen.getByTestId('kpi-calls').dataset.plan).toBe('450');
    expect(screen.getByTestId('kpi-wonAmount').dataset.plan).toBe('7500000');
    expect(screen.getByTestId('kpi-wonAmount').textContent).toContain('Won');
    expect(screen.getByTestId('kpi-wonAmount').textContent).toContain('₽7,500,000');
    await userEvent.click(await tab('My day'));
    expect((await screen.findByTestId('day-off')).textContent).toBe('Day off: no targets today');
  });

  it('speaks Russian with the right plurals', async () => {
    await seed('ru');
    render(<App now={NOW} />);
    await userEvent.click(await tab('Неделя'));
    expect((await screen.findByTestId('period-days')).textContent).toContain('4 рабочих дня, осталось 2');
    expect(screen.getByTestId('period-label').textContent).toBe('23 фев. – 1 мар.');
    expect(screen.getByTestId('kpi-calls').textContent).toContain('к этому часу 135');
  });
});

describe('Team', () => {
  it('flags who stopped calling and whose activity dropped, red first, and opens a manager\'s day with a way back', async () => {
    await seed();
    render(<App now={NOW} />);
    await userEvent.click(await tab('Team'));
    const table = await screen.findByTestId('team');
    const rows = () => within(table).getAllByRole('row').slice(1);
    // Oleg 20 / 55 due by now: red. Irina 46 / 55 = 0.84: amber. Anna is on vacation: grey.
    expect(rows().map((row) => row.dataset.managerId)).toEqual([OLEG, IRINA, ANNA]);
    expect(rows().map((row) => row.dataset.status)).toEqual(['red', 'amber', 'grey']);
    const oleg = rows()[0]!;
    // Last call 10:16 + 1 minute: silent ever since (over 90 working minutes).
    expect(within(oleg).getByTestId('flag-silent').textContent).toBe('⚠ no calls since 10:17 AM');
    expect(within(oleg).getByTestId('flag-drop').textContent).toContain('activity drop');
    expect(within(rows()[1]!).queryByTestId('flag-silent')).toBeNull();
    expect(within(rows()[1]!).queryByTestId('flag-drop')).toBeNull();
    expect(rows().map((row) => within(row).getByTestId('team-stalled').textContent)).toEqual(['2', '3', '0']);
    expect(within(oleg).getByTestId('team-calls').textContent).toBe('20/80');
    expect(screen.getByTestId('team-summary').textContent).toBe('behind: 2 · not calling: 1 · stalled: 5');

    // Enter on a row opens that manager's day; "back" returns to the table.
    oleg.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('who').textContent).toContain('Олег Петров'));
    expect(screen.getByRole('tab', { name: 'My day' }).getAttribute('aria-selected')).toBe('true');
    await userEvent.click(screen.getByTestId('back-to-team'));
    expect(await screen.findByTestId('team')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Team' }).getAttribute('aria-selected')).toBe('true');
  });

  it('sorts by name, by stalled deals and by warnings', async () => {
    await seed();
    render(<App now={NOW} />);
    await userEvent.click(await tab('Team'));
    const table = await screen.findByTestId('team');
    const order = () => within(table).getAllByRole('row').slice(1).map((row) => row.dataset.managerId);
    await userEvent.click(within(table).getByRole('button', { name: 'Stalled' }));
    expect(order()).toEqual([IRINA, OLEG, ANNA]);
    expect(within(table).getByRole('columnheader', { name: /Stalled/ }).getAttribute('aria-sort')).toBe('descending');
    await userEvent.click(within(table).getByRole('button', { name: /Stalled/ }));
    expect(order()).toEqual([ANNA, OLEG, IRINA]);
    await userEvent.selectOptions(screen.getByTestId('team-sort'), 'name');
    // Анна, Ирина, Олег.
    expect(order()).toEqual([ANNA, IRINA, OLEG]);
    await userEvent.selectOptions(screen.getByTestId('team-sort'), 'flags');
    expect(order()).toEqual([OLEG, IRINA, ANNA]);
  });

  it('is not offered to a manager who sees only their own deals, and Russian counts managers right', async () => {
    const own = february();
    own.deals = own.deals.filter((d) => d.ownerId === IRINA);
    own.activities = own.activities.filter((a) => a.ownerId === IRINA);
    await seed('en', own);
    const { unmount } = render(<App now={NOW} />);
    await screen.findByTestId('my-day');
    expect(screen.queryByRole('tab', { name: 'Team' })).toBeNull();
    unmount();

    await Promise.all(db.tables.map((table) => table.clear()));
    await seed('ru');
    render(<App now={NOW} />);
    await userEvent.click(await tab('Команда'));
    expect((await screen.findByTestId('team-view')).textContent).toContain('3 менеджера');
    expect(screen.getByTestId('flag-silent').textContent).toBe('⚠ не звонит с 10:17');
  });

  it('opens on Team for a head with no deals of their own', async () => {
    const snapshot = february();
    snapshot.currentUserId = 'head';
    snapshot.managers.push({ crmId: 'head', name: 'Анна Кузнецова', title: 'Руководитель отдела продаж', active: true });
    await seed('en', snapshot);
    render(<App now={NOW} />);
    expect(await screen.findByTestId('team')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Team' }).getAttribute('aria-selected')).toBe('true');
    // The head is not a row of their own team.
    expect(screen.queryByText('Анна Кузнецова')).toBeNull();
  });
});

describe('Report', () => {
  it('shows the end-of-day report and copies it', async () => {
    await seed();
    const user = userEvent.setup();
    render(<App now={NOW} />);
    await user.click(await tab('Report'));
    const text = (await screen.findByTestId('report-text')) as HTMLTextAreaElement;
    expect(text.readOnly).toBe(true);
    expect(text.value.split('\n').slice(0, 3)).toEqual(['Report for February 25 — Ирина Ковалёва', 'Calls: 46 / 80 ✗', 'Conversations > 15 s: 20 / 30 ✗']);
    expect(text.value).toContain('3 stalled deals:');
    expect(text.value).toContain('1 task for tomorrow:\n• 10:00 AM Позвонить в ООО Ромашка');
    const written = vi.spyOn(navigator.clipboard, 'writeText');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(written).toHaveBeenCalledWith(text.value);
    expect(await navigator.clipboard.readText()).toBe(text.value);
    expect((await screen.findByTestId('report-status')).textContent).toBe('✓ Copied');
  });

  it('selects the text when the browser refuses the clipboard', async () => {
    await seed('ru');
    const user = userEvent.setup();
    render(<App now={NOW} />);
    await user.click(await tab('Отчёт'));
    const text = (await screen.findByTestId('report-text')) as HTMLTextAreaElement;
    expect(text.value.startsWith('Отчёт за 25 февраля — Ирина Ковалёва\nЗвонки: 46 / 80 ✗')).toBe(true);
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    await user.click(screen.getByRole('button', { name: 'Копировать' }));
    await waitFor(() => expect(screen.getByTestId('report-status').dataset.state).toBe('blocked'));
    expect(screen.getByTestId('report-status').textContent).toContain('нажмите Ctrl+C');
    expect(document.activeElement).toBe(text);
    expect([text.selectionStart, text.selectionEnd]).toEqual([0, text.value.length]);
  });
});

describe('Tabs', () => {
  it('move with the arrow keys, Home and End, and only the selected tab is in the Tab order', async () => {
    await seed();
    render(<App now={NOW} />);
    const myDay = await tab('My day');
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['My day', 'Week', 'Month', 'Team', 'Report']);
    expect(myDay.getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('tab').filter((t) => t.tabIndex === 0)).toEqual([myDay]);
    act(() => myDay.focus());
    await userEvent.keyboard('{ArrowRight}');
    const week = screen.getByRole('tab', { name: 'Week' });
    expect(week.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(week);
    expect(await screen.findByTestId('period-week')).toBeTruthy();
    expect(screen.getByRole('tabpanel', { name: 'Week' })).toBeTruthy();
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Report' }).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByTestId('report-text')).toBeTruthy();
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'My day' }));
    await userEvent.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Report' }));
    await userEvent.keyboard('{Home}');
    expect(screen.getByRole('tab', { name: 'My day' }).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByTestId('my-day')).toBeTruthy();
  });
});
