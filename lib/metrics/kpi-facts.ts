// What a manager actually did in a period: the "fact" side of plan vs fact.
import { startOfDay } from 'date-fns';
import type { ActivityFields, DealFields } from '../model';
import type { KpiId } from '../settings';

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
}

/**
 * Figures for one owner in [from, to). A call without a recorded duration counts as a call but
 * neither as a conversation nor as talk time. Won amounts are summed as they are: deals in another
 * currency than the account's are not converted.
 */
export function kpiFacts(input: KpiFactsInput): Record<KpiId, number> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const inRange = (at: number | null): boolean => at !== null && at >= from && at < to;
  const facts = noFacts();

  for (const activity of input.activities) {
    if (activity.ownerId !== input.ownerId || !inRange(activity.at)) continue;
    if (activity.type === 'meeting') {
      facts.meetings += 1;
      continue;
    }
    facts.calls += 1;
    const seconds = activity.durationSec ?? 0;
    facts.talkTime += seconds;
    if (activity.durationSec !== null && activity.durationSec > input.conversationMinSec) facts.conversations += 1;
  }

  for (const deal of input.deals) {
    if (deal.ownerId !== input.ownerId) continue;
    if (inRange(deal.createdAt)) facts.newDeals += 1;
    if (deal.status === 'won' && inRange(deal.closedAt)) {
      facts.wonCount += 1;
      facts.wonAmount += deal.amount ?? 0;
    }
  }
  return facts;
}

const ZERO_FACTS: Readonly<Record<KpiId, number>> = Object.freeze({ calls: 0, conversations: 0, talkTime: 0, meetings: 0, newDeals: 0, wonCount: 0, wonAmount: 0 });

/** All-zero facts, a fresh object. */
export function noFacts(): Record<KpiId, number> {
  return { ...ZERO_FACTS };
}

/**
 * {@link kpiFacts} per local day in one pass, keyed by the day's midnight (epoch ms). Days without
 * anything are absent. Sums over days equal kpiFacts over the whole range.
 */
export function dailyKpiFacts(input: KpiFactsInput): Map<number, Record<KpiId, number>> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const byDay = new Map<number, Record<KpiId, number>>();
  const factsOf = (at: number): Record<KpiId, number> | null => {
    if (at < from || at >= to) return null;
    const key = startOfDay(at).getTime();
    let facts = byDay.get(key);
    if (facts === undefined) {
      facts = noFacts();
      byDay.set(key, facts);
    }
    return facts;
  };
  for (const activity of input.activities) {
    if (activity.ownerId !== input.ownerId) continue;
    const facts = factsOf(activity.at);
    if (facts === null) continue;
    if (activity.type === 'meeting') {
      facts.meetings += 1;
      continue;
    }
    facts.calls += 1;
    facts.talkTime += activity.durationSec ?? 0;
    if (activity.durationSec !== null && activity.durationSec > input.conversationMinSec) facts.conversations += 1;
  }
  for (const deal of input.deals) {
    if (deal.ownerId !== input.ownerId) continue;
    const created = factsOf(deal.createdAt);
    if (created !== null) created.newDeals += 1;
    if (deal.status === 'won' && deal.closedAt !== null) {
      const won = factsOf(deal.closedAt);
      if (won !== null) {
        won.wonCount += 1;
        won.wonAmount += deal.amount ?? 0;
      }
    }
  }
  return byDay;
}
