// Everything My day (and one Team row) shows for one manager, composed from the pure metrics.
import { addDays, startOfDay } from 'date-fns';
import type { ActivityFields, DealFields, StageFields, TaskFields } from '../model';
import { recordKey } from '../model';
import { periodTargets, resolveRole, roleFromTitle, type RoleId, type Settings } from '../settings';
import { kpiFacts } from './kpi-facts';
import { callsRemaining, paceStatus, projectedEndOfDay, requiredPace, worstStatus, type PaceStatus } from './pace';
import { levelStatus, planFact, type KpiFigure } from './plan-fact';
import { stalledDeals, stalledRuleOf, type StalledDeal } from './stalled-deals';
import { WEEKDAYS_CALENDAR, workingDay, type WorkCalendar } from './working-day';

export interface CallsFigure {
  plan: number;
  done: number;
  remaining: number;
  /** Calls per remaining working hour; null after hours or on a day off. */
  pace: number | null;
  projected: number;
  endOfDay: Date;
}

export interface DayView {
  role: RoleId | null;
  dayOff: boolean;
  /** Plan vs fact for each KPI of the role, with its own status. */
  figures: (KpiFigure & { status: PaceStatus })[];
  calls: CallsFigure | null;
  /** The calls status when calls are a target, else the worst of the others. */
  status: PaceStatus;
  stalled: StalledDeal[];
  basedOn: { deals: number; activities: number };
}

export interface DayViewInput {
  account: string;
  ownerId: string;
  deals: readonly DealFields[];
  stages: readonly StageFields[];
  activities: readonly ActivityFields[];
  /** The manager's position in the CRM, which suggests a role until one is chosen. */
  managerTitle?: string | null;
  settings: Settings;
  now: Date;
  /** The manager's calendar (lib/calendar managerCalendar); default Monday–Friday. */
  calendar?: WorkCalendar;
  /** Tasks of the manager's deals: with `historyFrom`, they count as touches for the stalled rule; open ones past due make `overdueTasks`. */
  tasks?: readonly TaskFields[];
  /** Open tasks older than `tasks` reach (lib/queries loadDay olderOpenTasks): counted for `overdueTasks` only. */
  olderOpenTasks?: readonly TaskFields[];
  /** Won deals of every owner, for `repeatSales` (a client's earlier purchase from a colleague); default `deals`. */
  wonDeals?: readonly DealFields[];
  /**
   * The activities (and tasks) passed are complete from this moment on. Only then does the stalled
   * rule look at silence: with today's calls alone every deal would look silent.
   */
  historyFrom?: Date;
}

export function dayView(input: DayViewInput): DayView {
  const { settings, now, ownerId } = input;
  const calendar = input.calendar ?? WEEKDAYS_CALENDAR;
  const day = workingDay(now, settings.workingHours, calendar);
  const managerKey = recordKey(input.account, ownerId);
  const suggested = roleFromTitle(input.managerTitle ?? null);
  const role = resolveRole(settings, managerKey, suggested);
  const targets = periodTargets(settings, managerKey, suggested, { kind: 'day', start: now }, calendar);
  const from = startOfDay(now);
  const facts = kpiFacts({
    activities: input.activities,
    deals: input.deals,
    ownerId,
    from,
    to: addDays(from, 1),
    conversationMinSec: settings.conversationMinSec,
    stages: input.stages,
    tasks: [...(input.olderOpenTasks ?? []), ...(input.tasks ?? [])],
    wonDeals: input.wonDeals ?? input.deals,
    now,
  });
  // A day off has no target and is not a miss.
  const figures = (day.isWorkingDay ? planFact(targets, facts) : []).map((figure) => ({
    ...figure,
    status: levelStatus(figure, settings.paceThresholds) ?? paceStatus(figure.fact, figure.plan, now, day, settings.paceThresholds),
  }));
  const callFigure = figures.find((figure) => figure.kpi === 'calls');
  const calls: CallsFigure | null = callFigure
    ? {
        plan: callFigure.plan,
        done: callFigure.fact,
        remaining: callsRemaining(callFigure.plan, callFigure.fact),
        pace: requiredPace(callsRemaining(callFigure.plan, callFigure.fact), now, day),
        projected: Math.round(projectedEndOfDay(callFigure.fact, now, day)),
        endOfDay: day.end,
      }
    : null;
  const status = callFigure ? callFigure.status : worstStatus(figures.map((figure) => figure.status));
  const ownDeals = input.deals.filter((deal) => deal.ownerId === ownerId);
  const ownActivities = input.activities.filter((a) => a.ownerId === ownerId);
  return {
    role,
    dayOff: !day.isWorkingDay,
    figures,
    calls,
    status,
    stalled: stalledDeals({
      deals: ownDeals,
      stages: input.stages,
      now,
      calendar,
      ...stalledRuleOf(settings, input.account),
      ...(input.historyFrom === undefined
        ? {}
        : // Anyone's call or task on the deal is a touch, so neither list is narrowed to the owner.
          { history: { activities: input.activities, tasks: input.tasks ?? [], completeFrom: input.historyFrom } }),
    }),
    basedOn: { deals: ownDeals.length, activities: ownActivities.length },
  };
}
