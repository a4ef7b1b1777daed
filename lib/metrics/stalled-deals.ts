// Which open deals are stalled (too long in their stage, or too long without any activity), and why, in words the UI can show.
import { WEEKDAYS_CALENDAR, type WorkCalendar } from './working-day';
import { workingDaysBetween } from '../calendar';
import type { ActivityFields, DealFields, Millis, StageFields, TaskFields } from '../model';
import { recordKey } from '../model';
import { snoozeOf, stageLimitLookup, type Settings } from '../settings';

/** The reasons lib/i18n `stalledReasonText` words; {@link StallReason} adds silence. */
export type StalledReason =
  | { kind: 'days-in-stage'; days: number; limit: number; stageName: string }
  | { kind: 'no-next-task' }
  | {
      kind: 'task-overdue';
      /** When the next task was due. */
      since: Millis;
    };

/** Every reason a deal can be stalled for. */
export type StallReason =
  | StalledReason
  | {
      kind: 'no-activity';
      /** Working days without a touch; a lower bound when the history we hold is shorter. */
      days: number;
      limit: number;
      /** The last touch we know of (call or meeting end, task done, stage entry, creation). */
      since: Millis;
    };

export interface StalledDeal {
  deal: DealFields;
  stageName: string;
  /** Working days in the current stage. */
  daysInStage: number;
  limitDays: number;
  /** Days-in-stage (when over the limit) first, then what is wrong with the follow-up. Silence is in `allReasons` only. */
  reasons: StalledReason[];
  /** All reasons: days in stage, no activity, no next task, task overdue (those that apply, in this order). */
  allReasons: StallReason[];
  /** Working days since the last touch; null without activity history. */
  daysSilent: number | null;
}

/** Calls, meetings and tasks of the deals, complete from `completeFrom` on. */
export interface ActivityHistory {
  activities: readonly ActivityFields[];
  tasks: readonly TaskFields[];
  /** Before this moment we may be missing calls, so silence is only counted from here. */
  completeFrom: Date | Millis;
}

export interface StalledDealsInput {
  deals: readonly DealFields[];
  stages: readonly StageFields[];
  /** Working days allowed in a stage; Infinity means the stage never stalls. */
  stageLimitDays: (stageId: string) => number;
  now: Date;
  /** Default Monday–Friday; pass lib/calendar's for holidays. */
  calendar?: WorkCalendar;
  /** Enables the no-activity part of the rule (and finds next tasks the deal record does not carry). */
  history?: ActivityHistory;
  /** Working days of silence after which a deal is stalled; default 5. */
  noActivityDays?: number;
  /** "No next task" alone makes a deal stalled; default false (it is a reason beside the others). */
  noNextTaskStalls?: boolean;
  /** A snoozed deal is not stalled before this moment. */
  snoozedUntil?: (deal: DealFields) => Millis | null;
}

export const DEFAULT_NO_ACTIVITY_DAYS = 5;

/**
 * One rule. An open deal is stalled when its working days in the current stage exceed the stage's
 * limit, or (with activity history) nothing touched it for more than `noActivityDays` working days,
 * or (if so chosen) it has no next task. Won or lost deals (by status or stage kind), snoozed deals
 * and deals without a stage-entry time never are. Furthest over a limit first.
 */
export function stalledDeals(input: StalledDealsInput): StalledDeal[] {
  const { now, history } = input;
  const calendar = input.calendar ?? WEEKDAYS_CALENDAR;
  const noActivityDays = input.noActivityDays ?? DEFAULT_NO_ACTIVITY_DAYS;
  const stagesById = groupBy(input.stages, (stage) => stage.crmId);
  const touches = history ? lastTouches(history) : null;
  const openTasks = history ? nextOpenTasks(history.tasks) : null;
  const completeFrom = history ? new Date(history.completeFrom).getTime() : 0;
  const found: { stalled: StalledDeal; overBy: number }[] = [];

  for (const deal of input.deals) {
    // Without a stage-entry time we cannot say how long anything has lasted; such deals never stall.
    if (deal.status !== 'open' || deal.stageEnteredAt === null) continue;
    const stage = findStage(stagesById, deal);
    if (stage !== undefined && stage.kind !== 'open') continue;
    const snooze = input.snoozedUntil?.(deal) ?? null;
    if (snooze !== null && snooze > now.getTime()) continue;
    // An unknown stage still gets a name a person can look up in the CRM.
    const stageName = stage?.name ?? deal.stageId;
    const limit = input.stageLimitDays(deal.stageId);
    const daysInStage = workingDaysBetween(deal.stageEnteredAt, now, calendar);

    const allReasons: StallReason[] = [];
    let overBy = Number.NEGATIVE_INFINITY;
    if (Number.isFinite(limit) && daysInStage > limit) {
      allReasons.push({ kind: 'days-in-stage', days: daysInStage, limit, stageName });
      overBy = daysInStage - limit;
    }

    let daysSilent: number | null = null;
    if (touches !== null) {
      const since = Math.max(touches.get(deal.crmId) ?? Number.NEGATIVE_INFINITY, deal.stageEnteredAt, deal.createdAt);
      daysSilent = workingDaysBetween(Math.max(since, completeFrom), now, calendar);
      if (daysSilent > noActivityDays) {
        allReasons.push({ kind: 'no-activity', days: daysSilent, limit: noActivityDays, since });
        overBy = Math.max(overBy, daysSilent - noActivityDays);
      }
    }

    const nextTaskAt = deal.nextTaskAt ?? openTasks?.get(deal.crmId) ?? null;
    if (nextTaskAt === null) {
      if (allReasons.length === 0 && input.noNextTaskStalls === true) overBy = 0;
      if (allReasons.length > 0 || input.noNextTaskStalls === true) allReasons.push({ kind: 'no-next-task' });
    } else if (nextTaskAt < now.getTime() && allReasons.length > 0) {
      allReasons.push({ kind: 'task-overdue', since: nextTaskAt });
    }
    if (allReasons.length === 0) continue;

    const reasons = allReasons.filter((reason): reason is StalledReason => reason.kind !== 'no-activity');
    found.push({ stalled: { deal, stageName, daysInStage, limitDays: limit, reasons, allReasons, daysSilent }, overBy });
  }
  return found
    .sort(
      (a, b) =>
        b.overBy - a.overBy ||
        b.stalled.daysInStage - a.stalled.daysInStage ||
        // Same days: the tighter limit is further over it.
        a.stalled.limitDays - b.stalled.limitDays ||
        a.stalled.deal.crmId.localeCompare(b.stalled.deal.crmId),
    )
    .map(({ stalled }) => stalled);
}

/** The parts of the stalled rule that come from settings, for {@link stalledDeals}. */
export function stalledRuleOf(
  settings: Settings,
  account: string,
): Pick<StalledDealsInput, 'stageLimitDays' | 'noActivityDays' | 'noNextTaskStalls' | 'snoozedUntil'> {
  return {
    stageLimitDays: stageLimitLookup(settings, account),
    noActivityDays: settings.stalledRule.noActivityDays,
    noNextTaskStalls: settings.stalledRule.noNextTaskStalls,
    snoozedUntil: (deal) => snoozeOf(settings, recordKey(account, deal.crmId)),
  };
}

export interface StageLimitSuggestion {
  stageId: string;
  pipelineId: string;
  stageName: string;
  /** Suggested limit in working days; null when too few deals sit in the stage to say. */
  days: number | null;
  /** Open deals the suggestion rests on. */
  basedOn: number;
}

/** Fewer deals than this in a stage say nothing about its normal time. */
export const MIN_DEALS_FOR_STAGE_LIMIT = 5;

/**
 * A limit per open stage from our own data: the 75th percentile of the working days the stage's open
 * deals have spent in it so far. Approximation: without stage history we only see the current stay,
 * and only while it lasts (deals that moved on are not counted), so this runs a little short of the
 * true time; the 75th percentile rather than the median makes up for some of that.
 */
export function suggestStageLimits(
  deals: readonly DealFields[],
  stages: readonly StageFields[],
  now: Date,
  calendar: WorkCalendar = WEEKDAYS_CALENDAR,
): StageLimitSuggestion[] {
  const byStage = new Map<string, number[]>();
  for (const deal of deals) {
    if (deal.status !== 'open' || deal.stageEnteredAt === null) continue;
    const key = `${deal.pipelineId}|${deal.stageId}`;
    const days = byStage.get(key) ?? [];
    days.push(Math.max(0, workingDaysBetween(deal.stageEnteredAt, now, calendar)));
    byStage.set(key, days);
  }
  return [...stages]
    .filter((stage) => stage.kind === 'open')
    .sort((a, b) => a.pipelineId.localeCompare(b.pipelineId) || a.order - b.order)
    .map((stage) => {
      const days = byStage.get(`${stage.pipelineId}|${stage.crmId}`) ?? [];
      const p75 = days.length >= MIN_DEALS_FOR_STAGE_LIMIT ? percentile(days, 0.75) : null;
      return {
        stageId: stage.crmId,
        pipelineId: stage.pipelineId,
        stageName: stage.name,
        days: p75 === null ? null : Math.max(1, Math.ceil(p75)),
        basedOn: days.length,
      };
    });
}

/** Nearest-rank percentile of a non-empty list. */
export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/** The latest touch per deal: the end of a call or meeting, a task done. */
function lastTouches(history: ActivityHistory): Map<string, Millis> {
  const last = new Map<string, Millis>();
  const touch = (dealId: string | null, at: Millis) => {
    if (dealId !== null && at > (last.get(dealId) ?? Number.NEGATIVE_INFINITY)) last.set(dealId, at);
  };
  for (const activity of history.activities) touch(activity.dealId, activity.at + (activity.durationSec ?? 0) * 1000);
  for (const task of history.tasks) if (task.done && task.doneAt !== null) touch(task.dealId, task.doneAt);
  return last;
}

/** The earliest open task per deal, for deals whose record does not carry its next task. */
function nextOpenTasks(tasks: readonly TaskFields[]): Map<string, Millis> {
  const next = new Map<string, Millis>();
  for (const task of tasks) {
    if (task.done || task.dealId === null) continue;
    if (task.dueAt < (next.get(task.dealId) ?? Number.POSITIVE_INFINITY)) next.set(task.dealId, task.dueAt);
  }
  return next;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Stage ids are unique within an account in the CRMs we read; prefer the deal's pipeline if one is not. */
function findStage(stagesById: Map<string, StageFields[]>, deal: DealFields): StageFields | undefined {
  const matches = stagesById.get(deal.stageId) ?? [];
  return matches.find((stage) => stage.pipelineId === deal.pipelineId) ?? matches[0];
}
