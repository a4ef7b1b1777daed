// The figures of one manager's tabs (My day, Week, Month, Report), composed from lib/metrics over what lib/queries loaded.
import { addDays, startOfDay } from 'date-fns';
import { managerCalendar } from '../../lib/calendar';
import { activityDrop, dataCoverage, dayView, MIN_HISTORY_WORKING_DAYS, type ActivityDrop, type DataCoverage, type DayView, type WorkCalendar } from '../../lib/metrics';
import { recordKey, type Account, type Deal, type Task } from '../../lib/model';
import type { DayData } from '../../lib/queries';
import type { Settings } from '../../lib/settings';

export interface ManagerContext {
  data: DayData;
  account: Account;
  ownerId: string;
  settings: Settings;
  now: Date;
}

export function managerKeyOf(ctx: Pick<ManagerContext, 'account' | 'ownerId'>): string {
  return recordKey(ctx.account.account, ctx.ownerId);
}

/** Holidays, the manager's vacations, and the user's own days off when the day is the user's. */
export function calendarOf(ctx: Pick<ManagerContext, 'account' | 'ownerId' | 'settings'>): WorkCalendar {
  return managerCalendar(ctx.settings, managerKeyOf(ctx), ctx.ownerId === ctx.account.currentUserId);
}

export function managerTitleOf(ctx: Pick<ManagerContext, 'data' | 'ownerId'>): string | null {
  return ctx.data.managers.find((m) => m.crmId === ctx.ownerId)?.title ?? null;
}

/** Today for the manager, with silence in the stalled rule when the history allows it. */
export function managerDayView(ctx: ManagerContext, calendar: WorkCalendar): DayView {
  const { data, account, ownerId, settings, now } = ctx;
  return dayView({
    account: account.account,
    ownerId,
    managerTitle: managerTitleOf(ctx),
    deals: data.deals,
    stages: data.stages,
    activities: data.activities,
    tasks: data.tasks,
    settings,
    now,
    calendar,
    ...(data.historyFrom === null ? {} : { historyFrom: data.historyFrom }),
  });
}

export interface MyDayFigures {
  view: DayView;
  drop: ActivityDrop;
  coverage: DataCoverage;
  /** Open tasks due before now, the oldest first, with their deals. */
  overdue: { task: Task; deal: Deal | null }[];
}

export function myDayFigures(ctx: ManagerContext): MyDayFigures {
  const { data, ownerId, settings, now } = ctx;
  const calendar = calendarOf(ctx);
  const view = managerDayView(ctx, calendar);
  const drop = activityDrop({ activities: data.activities, tasks: data.tasks, deals: data.deals, ownerId, now, hours: settings.workingHours, calendar });
  const today = startOfDay(now);
  const coverage = dataCoverage({
    deals: data.deals,
    activities: data.activities,
    ownerId,
    period: { start: today, end: addDays(today, 1) },
    now,
    calendar,
    lastReadAt: ctx.account.lastGoodReadAt,
  });
  const dealsById = new Map(data.deals.map((deal) => [deal.crmId, deal]));
  const overdue = [...data.olderOpenTasks, ...data.tasks]
    .filter((task) => task.ownerId === ownerId && !task.done && task.dueAt < now.getTime())
    .sort((a, b) => a.dueAt - b.dueAt || a.crmId.localeCompare(b.crmId))
    .map((task) => ({ task, deal: task.dealId === null ? null : (dealsById.get(task.dealId) ?? null) }));
  return { view, drop, coverage, overdue };
}

/** Why the figures may not be trusted yet, as short phrases; empty when they may. */
export function tooLittleData(coverage: DataCoverage, view: DayView): { shortHistory: boolean; fewDeals: boolean } {
  const dealFigures = view.figures.some((f) => f.kpi === 'newDeals' || f.kpi === 'wonCount' || f.kpi === 'wonAmount');
  return {
    shortHistory: coverage.historyWorkingDays < MIN_HISTORY_WORKING_DAYS,
    fewDeals: dealFigures && coverage.figures.wonAmount.tooLittleData,
  };
}
