// The end-of-day report as plain text to paste into a messenger, made from CRM data instead of typed by the manager.
import { addDays, format, isSameDay, startOfDay } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import { nextWorkingDay } from '../calendar';
import { formatKpiValue, formatMoney, formatNumber, formatTime, kpiName, stalledReasonText, t, tPlural, type Lang } from '../i18n';
import type { ActivityFields, TaskFields } from '../model';
import type { DayView } from './day-view';
import type { StallReason } from './stalled-deals';
import { WEEKDAYS_CALENDAR, type WorkCalendar } from './working-day';

export interface DailyReportInput {
  managerName: string;
  ownerId: string;
  now: Date;
  /** dayView for the manager at `now`. */
  view: DayView;
  /** Today's calls at least: counted when calls are not one of the targets. */
  activities: readonly ActivityFields[];
  /** The manager's tasks: the open ones due on the next working day are listed. */
  tasks: readonly TaskFields[];
  /** The account's currency. */
  currency: string;
  conversationMinSec: number;
  calendar?: WorkCalendar;
  /** How many stalled deals to list; default 5. */
  stalledShown?: number;
  /** How many of tomorrow's tasks to list; default 3. */
  tasksShown?: number;
}

const DATE_FORMAT: Record<Lang, { pattern: string; locale: typeof ru }> = {
  ru: { pattern: 'd MMMM', locale: ru },
  en: { pattern: 'MMMM d', locale: enUS },
};

/**
 * "Отчёт за 18 ноября — Дмитрий Орлов", then each KPI as fact / plan ✓ or ✗, the stalled deals with
 * their reasons, and the tasks of the next working day. Lines end with "\n" between them, no trailing one.
 */
export function dailyReport(lang: Lang, input: DailyReportInput): string {
  const { view, now } = input;
  const date = (day: Date) => format(day, DATE_FORMAT[lang].pattern, { locale: DATE_FORMAT[lang].locale });
  const lines = [t(lang, 'report.title', { date: date(now), manager: input.managerName })];

  if (view.dayOff) lines.push(t(lang, 'dayOff'));
  if (!view.figures.some((figure) => figure.kpi === 'calls')) {
    const from = startOfDay(now).getTime();
    const to = addDays(startOfDay(now), 1).getTime();
    const calls = input.activities.filter((a) => a.ownerId === input.ownerId && a.type === 'call' && a.at >= from && a.at < to).length;
    lines.push(`${kpiName(lang, 'calls', input.conversationMinSec)}: ${formatNumber(calls, lang)}`);
  }
  for (const figure of view.figures) {
    const value = (n: number) => formatKpiValue(n, figure.unit, lang, input.currency);
    // A limit reads "fact ≤ most allowed", the others "fact / plan".
    const between = figure.kind === 'limit' ? ' ≤ ' : ' / ';
    lines.push(`${kpiName(lang, figure.kpi, input.conversationMinSec)}: ${value(figure.fact)}${between}${value(figure.plan)} ${figure.done ? '✓' : '✗'}`);
  }

  const stalledShown = input.stalledShown ?? 5;
  if (view.stalled.length === 0) lines.push(t(lang, 'stalledNone'));
  else {
    lines.push(tPlural(lang, 'report.stalled', view.stalled.length));
    for (const { deal, allReasons } of view.stalled.slice(0, stalledShown)) {
      const amount = deal.amount === null ? t(lang, 'noAmount') : formatMoney(deal.amount, deal.currency, lang);
      lines.push(`• ${deal.title} · ${amount} — ${allReasons.map((reason) => stallReasonText(lang, reason)).join('; ')}`);
    }
    if (view.stalled.length > stalledShown) lines.push(t(lang, 'report.more', { n: view.stalled.length - stalledShown }));
  }

  const next = nextWorkingDay(now, input.calendar ?? WEEKDAYS_CALENDAR);
  if (next !== null) {
    const day = isSameDay(next, addDays(now, 1)) ? t(lang, 'report.tomorrow') : date(next);
    const from = next.getTime();
    const to = addDays(next, 1).getTime();
    const due = input.tasks
      .filter((task) => task.ownerId === input.ownerId && !task.done && task.dueAt >= from && task.dueAt < to)
      .sort((a, b) => a.dueAt - b.dueAt || a.crmId.localeCompare(b.crmId));
    const tasksShown = input.tasksShown ?? 3;
    if (due.length === 0) lines.push(t(lang, 'report.noTasks', { day }));
    else {
      lines.push(tPlural(lang, 'report.tasks', due.length, { day }));
      for (const task of due.slice(0, tasksShown)) lines.push(`• ${formatTime(new Date(task.dueAt), lang)} ${task.text}`.trimEnd());
      if (due.length > tasksShown) lines.push(t(lang, 'report.more', { n: due.length - tasksShown }));
    }
  }
  return lines.join('\n');
}

/** Any stall reason in words, silence included (lib/i18n stalledReasonText knows the others). */
export function stallReasonText(lang: Lang, reason: StallReason): string {
  if (reason.kind === 'no-activity') return tPlural(lang, 'stalled.noActivity', reason.days, { days: reason.days });
  return stalledReasonText(lang, reason);
}
