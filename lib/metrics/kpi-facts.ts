// What a manager actually did in a period: the "fact" side of plan vs fact.
import { addDays, addMonths, differenceInCalendarDays, differenceInCalendarMonths, startOfDay, startOfMonth } from 'date-fns';
import type { ActivityFields, DealFields, StageFields, TaskFields } from '../model';
import type { KpiId } from '../settings';
import { buyersIn, repeatPurchaseTest } from './clients';

/**
 * The KPI figures, and what a `level` figure rests on where the figures themselves do not say it:
 * `retentionClients` is how many clients `retention` is a share of (absent: none known).
 */
export type KpiFacts = Record<KpiId, number> & { retentionClients?: number };

export interface KpiFactsInput {
  activities: readonly ActivityFields[];
  deals: readonly DealFields[];
  ownerId: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** A call is a conversation when it lasts strictly longer than this. */
  conversationMinSec: number;
  /** The pipelines' stages, for `movedForward`: a deal whose stage is not among them does not count. */
  stages?: readonly StageFields[];
  /** The manager's tasks (every open one, however old), for `overdueTasks`: without them it is 0. */
  tasks?: readonly TaskFields[];
  /** When the figures are read: `overdueTasks` is counted at the earlier of this and `to`; default `to`. */
  now?: Date;
  /**
   * Won deals of every owner (lib/queries DayData.wonDeals), for `repeatSales`: a client's earlier
   * purchase may have been from a colleague. Default: `deals` (then only the purchases among them count).
   */
  wonDeals?: readonly DealFields[];
}

/** Fewer clients who bought in the previous period than this: `retention` is marked as resting on too little data. */
export const MIN_RETENTION_CLIENTS = 5;

/** Fewer deals created in the period than this: the lead→won conversion is marked as resting on too little data. */
export const MIN_CONVERSION_DEALS = 5;

/**
 * Figures for one owner in [from, to). A call without a recorded duration counts as a call but
 * neither as a conversation nor as talk time. Won amounts are summed as they are: deals in another
 * currency than the account's are not converted.
 *
 * - `movedForward`: open or won deals that entered their current stage in the period, that stage not
 *   being the first open stage (lowest `order`) of the deal's pipeline.
 * - `avgDeal`: the won amount over the won deals with an amount (a deal without one is left out, not a 0),
 *   in whole units; 0 without any.
 * - `conversion`: of the deals created in the period, the share won by now, in percent; 0 without new deals.
 * - `overdueTasks`: open tasks due before the moment of reading (the earlier of `now` and `to`);
 *   a task done after that moment was still open then.
 * - `repeatSales`: the amount of the owner's deals won in the period whose client (lib/metrics/clients
 *   clientKey: the normalised client name) had a deal won strictly before this one closed, by anyone
 *   (`wonDeals`). A deal without a client never counts; the client's first purchase is not a repeat.
 * - `retention`: of the clients the owner won a deal from in the previous period, the share (percent)
 *   the owner won a deal from again in this one; `retentionClients` is how many there were (0: the
 *   figure is 0). The previous period has the same length: the previous month(s) for whole months, the
 *   same number of days before otherwise. A single day is too short to buy again: for a range of one
 *   day it is the month to date (up to `to`) against the whole previous month ({@link retentionWindows}).
 */
export function kpiFacts(input: KpiFactsInput): KpiFacts {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const inRange = (at: number | null): at is number => at !== null && at >= from && at < to;
  const acc = newAccumulator();
  const movedForward = movedForwardTest(input.stages ?? []);
  const isRepeat = repeatPurchaseTest(input.wonDeals ?? input.deals);

  for (const activity of input.activities) {
    if (activity.ownerId !== input.ownerId || !inRange(activity.at)) continue;
    addActivity(acc, activity, input.conversationMinSec);
  }
  for (const deal of input.deals) {
    if (deal.ownerId !== input.ownerId) continue;
    if (inRange(deal.createdAt)) addCreated(acc, deal);
    if (deal.status === 'won' && inRange(deal.closedAt)) addWon(acc, deal, isRepeat);
    if (inRange(deal.stageEnteredAt) && movedForward(deal)) acc.facts.movedForward += 1;
  }
  const facts: KpiFacts = finish(acc);
  const at = Math.min(to, input.now?.getTime() ?? to);
  facts.overdueTasks = overdueAt(input.tasks ?? [], input.ownerId, at);
  setRetention(facts, retentionOf(input.deals, input.ownerId, retentionWindows(input.from, input.to)));
  return facts;
}

/** The current and the previous period `retention` compares (see {@link kpiFacts}), epoch ms, ends exclusive. */
export interface RetentionWindows {
  current: { from: number; to: number };
  previous: { from: number; to: number };
}

/**
 * The periods `retention` compares for [from, to): one day or less → the month to date against the
 * previous month; whole calendar months → as many months before; otherwise as many calendar days before.
 */
export function retentionWindows(from: Date, to: Date): RetentionWindows {
  const days = differenceInCalendarDays(to, from);
  if (days <= 1) {
    const month = startOfMonth(from);
    return { current: { from: month.getTime(), to: to.getTime() }, previous: { from: addMonths(month, -1).getTime(), to: month.getTime() } };
  }
  const wholeMonths = startOfMonth(from).getTime() === from.getTime() && startOfMonth(to).getTime() === to.getTime();
  const start = wholeMonths ? addMonths(from, -differenceInCalendarMonths(to, from)) : addDays(from, -days);
  return { current: { from: from.getTime(), to: to.getTime() }, previous: { from: start.getTime(), to: from.getTime() } };
}

/** `retention` in percent and the number of previous-period clients it is a share of. */
export function retentionOf(deals: readonly DealFields[], ownerId: string, windows: RetentionWindows): { rate: number; clients: number } {
  const own = deals.filter((deal) => deal.ownerId === ownerId);
  const previous = buyersIn(own, windows.previous.from, windows.previous.to);
  if (previous.size === 0) return { rate: 0, clients: 0 };
  const current = buyersIn(own, windows.current.from, windows.current.to);
  const returned = [...previous].filter((client) => current.has(client)).length;
  return { rate: (returned / previous.size) * 100, clients: previous.size };
}

function setRetention(facts: KpiFacts, retention: { rate: number; clients: number }): void {
  facts.retention = retention.rate;
  facts.retentionClients = retention.clients;
}

const ZERO_FACTS: Readonly<Record<KpiId, number>> = Object.freeze({
  calls: 0,
  conversations: 0,
  talkTime: 0,
  meetings: 0,
  newDeals: 0,
  movedForward: 0,
  wonCount: 0,
  wonAmount: 0,
  avgDeal: 0,
  conversion: 0,
  repeatSales: 0,
  retention: 0,
  overdueTasks: 0,
});

/** All-zero facts, a fresh object. */
export function noFacts(): KpiFacts {
  return { ...ZERO_FACTS };
}

/**
 * {@link kpiFacts} per local day in one pass, keyed by the day's midnight (epoch ms). Days without
 * anything are absent. Sums over days equal kpiFacts over the whole range for the `sum` KPIs
 * (lib/settings KPI_KINDS); `avgDeal` and `conversion` are each day's own, and `overdueTasks` is
 * counted at each day's end (or `now` today; days after `now` have none). `retention` is each day's
 * as {@link kpiFacts} gives it for one day: the month up to the day's end against the previous month
 * (days after `now` have none).
 */
export function dailyKpiFacts(input: KpiFactsInput): Map<number, KpiFacts> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const byDay = new Map<number, Accumulator>();
  const accOf = (at: number | null): Accumulator | null => {
    if (at === null || at < from || at >= to) return null;
    const key = startOfDay(at).getTime();
    let acc = byDay.get(key);
    if (acc === undefined) {
      acc = newAccumulator();
      byDay.set(key, acc);
    }
    return acc;
  };
  const movedForward = movedForwardTest(input.stages ?? []);
  const isRepeat = repeatPurchaseTest(input.wonDeals ?? input.deals);
  for (const activity of input.activities) {
    if (activity.ownerId !== input.ownerId) continue;
    const acc = accOf(activity.at);
    if (acc !== null) addActivity(acc, activity, input.conversationMinSec);
  }
  for (const deal of input.deals) {
    if (deal.ownerId !== input.ownerId) continue;
    const created = accOf(deal.createdAt);
    if (created !== null) addCreated(created, deal);
    if (deal.status === 'won') {
      const won = accOf(deal.closedAt);
      if (won !== null) addWon(won, deal, isRepeat);
    }
    if (movedForward(deal)) {
      const moved = accOf(deal.stageEnteredAt);
      if (moved !== null) moved.facts.movedForward += 1;
    }
  }
  const byDayFacts = new Map<number, KpiFacts>();
  for (const [key, acc] of byDay) byDayFacts.set(key, finish(acc));

  const until = Math.min(to, input.now?.getTime() ?? to);
  for (let day = startOfDay(from); day.getTime() < until; day = addDays(day, 1)) {
    const retention = retentionOf(input.deals, input.ownerId, retentionWindows(day, addDays(day, 1)));
    if (retention.clients === 0) continue;
    const key = day.getTime();
    const facts = byDayFacts.get(key) ?? noFacts();
    setRetention(facts, retention);
    byDayFacts.set(key, facts);
  }

  const tasks = input.tasks ?? [];
  if (tasks.length > 0) {
    for (let day = startOfDay(from); day.getTime() < until; day = addDays(day, 1)) {
      const at = Math.min(addDays(day, 1).getTime(), until);
      const overdue = overdueAt(tasks, input.ownerId, at);
      if (overdue === 0) continue;
      const key = day.getTime();
      const facts = byDayFacts.get(key) ?? noFacts();
      facts.overdueTasks = overdue;
      byDayFacts.set(key, facts);
    }
  }
  return byDayFacts;
}

/** Open tasks of the owner due before `at` (each task once, by id); a task done after `at` was still open then. */
export function overdueAt(tasks: readonly TaskFields[], ownerId: string, at: number): number {
  const seen = new Set<string>();
  for (const task of tasks) {
    if (task.ownerId !== ownerId || task.dueAt >= at) continue;
    const openThen = !task.done || (task.doneAt !== null && task.doneAt > at);
    if (openThen) seen.add(task.crmId);
  }
  return seen.size;
}

/** Whether a deal's current stage counts as a move forward: open or won, a known stage, not its pipeline's first open one. */
function movedForwardTest(stages: readonly StageFields[]): (deal: DealFields) => boolean {
  const known = new Set<string>();
  const firstOpen = new Map<string, StageFields>();
  for (const stage of stages) {
    known.add(stageKey(stage.pipelineId, stage.crmId));
    if (stage.kind !== 'open') continue;
    const first = firstOpen.get(stage.pipelineId);
    if (first === undefined || stage.order < first.order) firstOpen.set(stage.pipelineId, stage);
  }
  return (deal) =>
    deal.status !== 'lost' && known.has(stageKey(deal.pipelineId, deal.stageId)) && firstOpen.get(deal.pipelineId)?.crmId !== deal.stageId;
}

function stageKey(pipelineId: string, stageId: string): string {
  return `${pipelineId}\u0000${stageId}`;
}

interface Accumulator {
  facts: Record<KpiId, number>;
  /** Deals created in the range that are won by now. */
  createdWon: number;
  /** Won deals with an amount, and that amount. */
  pricedWon: number;
  pricedAmount: number;
}

function newAccumulator(): Accumulator {
  return { facts: noFacts(), createdWon: 0, pricedWon: 0, pricedAmount: 0 };
}

function addActivity(acc: Accumulator, activity: ActivityFields, conversationMinSec: number): void {
  const { facts } = acc;
  if (activity.type === 'meeting') {
    facts.meetings += 1;
    return;
  }
  facts.calls += 1;
  facts.talkTime += activity.durationSec ?? 0;
  if (activity.durationSec !== null && activity.durationSec > conversationMinSec) facts.conversations += 1;
}

function addCreated(acc: Accumulator, deal: DealFields): void {
  acc.facts.newDeals += 1;
  if (deal.status === 'won') acc.createdWon += 1;
}

function addWon(acc: Accumulator, deal: DealFields, isRepeat: (deal: DealFields) => boolean): void {
  acc.facts.wonCount += 1;
  acc.facts.wonAmount += deal.amount ?? 0;
  if (isRepeat(deal)) acc.facts.repeatSales += deal.amount ?? 0;
  if (deal.amount !== null) {
    acc.pricedWon += 1;
    acc.pricedAmount += deal.amount;
  }
}

/** The facts with the levels worked out. */
function finish(acc: Accumulator): Record<KpiId, number> {
  const facts = acc.facts;
  facts.avgDeal = acc.pricedWon > 0 ? Math.round(acc.pricedAmount / acc.pricedWon) : 0;
  facts.conversion = facts.newDeals > 0 ? (acc.createdWon / facts.newDeals) * 100 : 0;
  return facts;
}
