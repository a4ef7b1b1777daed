import { describe, expect, it } from 'vitest';
import { workCalendar } from '../../lib/calendar';
import { tPlural } from '../../lib/i18n';
import type { ActivityFields, DealFields, StageFields, TaskFields } from '../../lib/model';
import { dailyReport, dayView, stallReasonText, type DailyReportInput } from '../../lib/metrics';
import { mergeSettings } from '../../lib/settings';

/** Intl puts NBSP / narrow NBSP into money and times; the report is compared with plain spaces. */
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const account = 'https://acme.amocrm.ru';
const ru = workCalendar({ country: 'RU', daysOff: [], vacations: [] });
const at = (date: number, hour: number, minute = 0) => new Date(2026, 10, date, hour, minute).getTime();
const stages: StageFields[] = [
  { crmId: 'proposal', pipelineId: 'p1', name: 'КП отправлено', order: 2, kind: 'open' },
  { crmId: 'talks', pipelineId: 'p1', name: 'Переговоры', order: 3, kind: 'open' },
];

function call(i: number, date: number, durationSec: number, dealId: string | null = null): ActivityFields {
  return { crmId: `c${date}-${i}`, type: 'call', at: at(date, 9, 0) + i * 5 * 60_000, ownerId: 'dmitry', dealId, durationSec, direction: 'out', outcome: null };
}
function deal(crmId: string, fields: Partial<DealFields>): DealFields {
  return {
    crmId, title: crmId, amount: null, currency: 'RUB', pipelineId: 'p1', stageId: 'proposal', status: 'open', ownerId: 'dmitry',
    createdAt: at(2, 10), stageEnteredAt: at(2, 10), updatedAt: at(2, 10), closedAt: null, lossReason: null, client: null,
    nextTaskAt: at(30, 10), url: '', ...fields,
  };
}
function task(crmId: string, dueAt: number, text: string, fields: Partial<TaskFields> = {}): TaskFields {
  return { crmId, type: 'call', text, dueAt, done: false, doneAt: null, ownerId: 'dmitry', dealId: null, ...fields };
}

// Wednesday 18 November 2026: 55 calls (20 of them conversations), one new deal, two stalled deals.
const activities = [
  ...Array.from({ length: 55 }, (_, i) => call(i, 18, i < 20 ? 200 : 5)),
  call(0, 17, 60, 'ИП Петров'),
];
const deals = [
  deal('ООО Ромашка', { amount: 1250000, stageEnteredAt: at(2, 10), nextTaskAt: null }),
  deal('ИП Петров', { stageId: 'talks', stageEnteredAt: at(6, 10), nextTaskAt: at(17, 12) }),
  deal('Новая', { createdAt: at(18, 10), stageEnteredAt: at(18, 10) }),
];
const tasks = [
  task('t3', at(19, 15), 'Встреча с ООО Лютик'),
  task('t1', at(19, 10), 'Позвонить ООО Ромашка'),
  task('t2', at(19, 11, 30), 'Отправить КП ИП Петров'),
  task('t4', at(19, 16), 'Перезвонить'),
  task('done', at(19, 9), 'Уже сделано', { done: true, doneAt: at(18, 17) }),
  task('oleg', at(19, 9), 'Не его', { ownerId: 'oleg' }),
];
const settings = mergeSettings({ roles: { [`${account}|dmitry`]: 'cold_caller' } });

function report(lang: 'ru' | 'en', now: Date, patch: Partial<DailyReportInput> = {}, stored = settings) {
  const view = dayView({ account, ownerId: 'dmitry', deals, stages, activities, tasks, settings: stored, now, calendar: ru, historyFrom: new Date(2026, 9, 1) });
  return spaces(dailyReport(lang, { managerName: 'Дмитрий Орлов', ownerId: 'dmitry', now, view, activities, tasks, currency: 'RUB', conversationMinSec: 15, calendar: ru, ...patch }));
}

describe('dailyReport', () => {
  const evening = new Date(2026, 10, 18, 18, 30);

  it('in Russian', () => {
    expect(report('ru', evening)).toBe(
      [
        'Отчёт за 18 ноября — Дмитрий Орлов',
        'Звонки: 55 / 80 ✗',
        'Разговоры > 15 с: 20 / 30 ✗',
        'Время разговоров: 1 ч 09 мин / 1 ч 00 мин ✓',
        'Новые сделки: 1 / 3 ✗',
        '2 зависшие сделки:',
        '• ООО Ромашка · 1 250 000 ₽ — 11 рабочих дней на этапе «КП отправлено» (лимит 7); нет активности 11 рабочих дней; нет следующей задачи',
        '• ИП Петров · без суммы — 8 рабочих дней на этапе «Переговоры» (лимит 7); задача просрочена',
        '4 задачи на завтра:',
        '• 10:00 Позвонить ООО Ромашка',
        '• 11:30 Отправить КП ИП Петров',
        '• 15:00 Встреча с ООО Лютик',
        '…и ещё 1',
      ].join('\n'),
    );
  });

  it('in English', () => {
    expect(report('en', evening)).toBe(
      [
        'Report for November 18 — Дмитрий Орлов',
        'Calls: 55 / 80 ✗',
        'Conversations > 15 s: 20 / 30 ✗',
        'Talk time: 1 h 09 min / 1 h 00 min ✓',
        'New deals: 1 / 3 ✗',
        '2 stalled deals:',
        '• ООО Ромашка · ₽1,250,000 — 11 working days in «КП отправлено» (limit 7); no activity for 11 working days; no next task',
        '• ИП Петров · no amount — 8 working days in «Переговоры» (limit 7); task overdue',
        '4 tasks for tomorrow:',
        '• 10:00 AM Позвонить ООО Ромашка',
        '• 11:30 AM Отправить КП ИП Петров',
        '• 3:00 PM Встреча с ООО Лютик',
        '…and 1 more',
      ].join('\n'),
    );
  });

  it('lists only as many as asked', () => {
    const text = report('ru', evening, { stalledShown: 1, tasksShown: 4 });
    expect(text).toContain('• ООО Ромашка');
    expect(text).not.toContain('• ИП Петров');
    expect(text).toContain('…и ещё 1\n4 задачи на завтра:');
    expect(text.endsWith('• 16:00 Перезвонить')).toBe(true);
  });

  it.each([
    ['ru', 'Отчёт за 20 ноября — Дмитрий Орлов', 'Задач на 23 ноября нет'],
    ['en', 'Report for November 20 — Дмитрий Орлов', 'No tasks for November 23'],
  ] as const)('Friday (%s): the next working day is Monday', (lang, title, tasksLine) => {
    const text = report(lang, new Date(2026, 10, 20, 18, 0));
    expect(text.split('\n')[0]).toBe(title);
    expect(text.split('\n').at(-1)).toBe(tasksLine);
  });

  it('calls without a call target, and no stalled deals', () => {
    const manager = mergeSettings({ roles: { [`${account}|dmitry`]: 'account_manager' }, targetOverrides: { [`${account}|dmitry`]: { calls: 0, conversations: 0, wonAmount: 0 } } });
    const now = new Date(2026, 10, 18, 18, 30);
    const view = dayView({ account, ownerId: 'dmitry', deals: [], stages, activities, settings: manager, now, calendar: ru });
    const text = report('ru', now, { view }, manager);
    expect(text.split('\n').slice(0, 4)).toEqual(['Отчёт за 18 ноября — Дмитрий Орлов', 'Звонки: 55', 'Встречи: 0 / 2 ✗', 'Зависших сделок нет']);
  });

  it.each([
    ['ru', 'Отчёт за 21 ноября — Дмитрий Орлов\nВыходной: целей на сегодня нет\nЗвонки: 0'],
    ['en', 'Report for November 21 — Дмитрий Орлов\nDay off: no targets today\nCalls: 0'],
  ] as const)('a day off (%s)', (lang, start) => {
    expect(report(lang, new Date(2026, 10, 21, 12, 0)).startsWith(start)).toBe(true);
  });
});

describe('report plurals', () => {
  it.each([
    [1, '1 зависшая сделка:', '1 задача на завтра:', 'нет активности 1 рабочий день'],
    [2, '2 зависшие сделки:', '2 задачи на завтра:', 'нет активности 2 рабочих дня'],
    [5, '5 зависших сделок:', '5 задач на завтра:', 'нет активности 5 рабочих дней'],
    [11, '11 зависших сделок:', '11 задач на завтра:', 'нет активности 11 рабочих дней'],
    [21, '21 зависшая сделка:', '21 задача на завтра:', 'нет активности 21 рабочий день'],
    [22, '22 зависшие сделки:', '22 задачи на завтра:', 'нет активности 22 рабочих дня'],
  ])('%d', (n, stalled, tasksLine, silence) => {
    expect(tPlural('ru', 'report.stalled', n)).toBe(stalled);
    expect(tPlural('ru', 'report.tasks', n, { day: 'завтра' })).toBe(tasksLine);
    expect(stallReasonText('ru', { kind: 'no-activity', days: n, limit: 5, since: 0 })).toBe(silence);
  });

  it.each([
    [1, '1 stalled deal:', '1 task for tomorrow:', 'no activity for 1 working day'],
    [3, '3 stalled deals:', '3 tasks for tomorrow:', 'no activity for 3 working days'],
  ])('en %d', (n, stalled, tasksLine, silence) => {
    expect(tPlural('en', 'report.stalled', n)).toBe(stalled);
    expect(tPlural('en', 'report.tasks', n, { day: 'tomorrow' })).toBe(tasksLine);
    expect(stallReasonText('en', { kind: 'no-activity', days: n, limit: 5, since: 0 })).toBe(silence);
  });
});
