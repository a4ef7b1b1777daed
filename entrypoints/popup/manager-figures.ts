// The figures of one manager's tabs (My day, Week, Month, Report), composed from lib/metrics over what lib/queries loaded.
import { addDays, startOfDay } from 'date-fns';
import { managerCalendar, periodRange } from '../../lib/calendar';
import { dayViewOf } from '../../lib/queries/views';
import {
  activityDrop,
  dataCoverage,
  funnel,
  lostDeals,
  MIN_HISTORY_WORKING_DAYS,
  type ActivityDrop,
  type DataCoverage,
  type DayView,
  type Funnel,
  type LostDeals,
  type StalledDeal,
  type WorkCalendar,
} from '../../lib/metrics';
import { recordKey, type Account, type Deal, type Task } from '../../lib/model';
import type { DayData } from '../../lib/queries';
import { snoozeOf, type Settings } from '../../lib/settings';

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
  return dayViewOf(ctx.data, { account: ctx.account.account, ownerId: ctx.ownerId, settings: ctx.settings, now: ctx.now, calendar });
}

/** A deal that would be stalled now but for its snooze. */
export interface SnoozedDeal {
  stalled: StalledDeal;
  /** Epoch ms: when it comes back. */
  until: number;
}

/**
 * The manager's snoozed deals that are still stalled under the snooze: the same day view over those
 * deals with the snoozes lifted, so they carry the same reasons the list would show. Snoozed deals
 * that have since moved on (a new task, a new stage) are not listed: there is nothing to bring back.
 */
export function snoozedStalled(ctx: ManagerContext, calendar: WorkCalendar): SnoozedDeal[] {
  const { data, account, ownerId, settings, now } = ctx;
  const untilOf = (deal: { crmId: string }) => snoozeOf(settings, recordKey(account.account, deal.crmId)) ?? 0;
  const snoozed = data.deals.filter((deal) => deal.ownerId === ownerId && untilOf(deal) > now.getTime());
  if (snoozed.length === 0) return [];
  const lifted = managerDayView({ ...ctx, data: { ...data, deals: snoozed }, settings: { ...settings, snoozes: {} } }, calendar);
  return lifted.stalled
    .map((stalled) => ({ stalled, until: untilOf(stalled.deal) }))
    .sort((a, b) => a.until - b.until || a.stalled.deal.crmId.localeCompare(b.stalled.deal.crmId));
}

export interface MyDayFigures {
  view: DayView;
  snoozed: SnoozedDeal[];
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
  return { view, snoozed: snoozedStalled(ctx, calendar), drop, coverage, overdue };
}

/** Why the figures may not be trusted yet, as short phrases; empty when they may. */
export function tooLittleData(coverage: DataCoverage, view: DayView): { shortHistory: boolean; fewDeals: boolean } {
  const dealFigures = view.figures.some((f) => (['newDeals', 'movedForward', 'wonCount', 'wonAmount', 'avgDeal', 'conversion', 'repeatSales', 'retention'] as const).some((kpi) => kpi === f.kpi));
  return {
    shortHistory: coverage.historyWorkingDays < MIN_HISTORY_WORKING_DAYS,
    fewDeals: dealFigures && coverage.figures.wonAmount.tooLittleData,
  };
}

export interface FunnelPipeline {
  id: string;
  name: string;
  /** The manager's deals created in the period in this pipeline. */
  leads: number;
}

export interface PeriodDeals {
  lost: LostDeals;
  funnel: Funnel;
  /** Pipelines the manager has deals in, the most of the period's leads first. */
  pipelines: FunnelPipeline[];
  /** The pipeline the funnel's stages are of; null when the manager has no deals. */
  pipelineId: string | null;
}

/** Lost deals and the funnel of the week or month containing `now`, for the manager; the funnel in `picked` pipeline if it is one of theirs. */
export function periodDeals(ctx: ManagerContext, kind: 'week' | 'month', picked: string | null): PeriodDeals {
  const { data, ownerId, settings, now } = ctx;
  const range = periodRange({ kind, start: now });
  const own = data.deals.filter((deal) => deal.ownerId === ownerId);
  const leads = new Map<string, number>();
  for (const deal of own) {
    const created = deal.createdAt >= range.start.getTime() && deal.createdAt < range.end.getTime();
    leads.set(deal.pipelineId, (leads.get(deal.pipelineId) ?? 0) + (created ? 1 : 0));
  }
  const order = new Map(data.pipelines.map((p) => [p.crmId, p]));
  const pipelines = [...leads.entries()]
    .map(([id, n]) => ({ id, name: order.get(id)?.name ?? id, leads: n }))
    .sort((a, b) => b.leads - a.leads || (order.get(a.id)?.order ?? 0) - (order.get(b.id)?.order ?? 0) || a.id.localeCompare(b.id));
  const pipelineId = pipelines.find((p) => p.id === picked)?.id ?? pipelines[0]?.id ?? null;
  return {
    lost: lostDeals({
      deals: data.deals,
      ownerId,
      from: range.start,
      to: range.end,
      now,
      recoverableReasons: settings.recoverableLossReasons,
      recoverWithinDays: settings.recoverWithinDays,
    }),
    funnel: funnel({ deals: data.deals, stages: data.stages, pipelineId, ownerId, period: { kind, start: now }, now }),
    pipelines,
    pipelineId,
  };
}
