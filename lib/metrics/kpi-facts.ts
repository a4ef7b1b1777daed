// What a manager actually did in a period: the "fact" side of plan vs fact.
import type { ActivityFields, DealFields } from '../model';
import type { KpiId } from '../settings';

export interface KpiFactsInput {
  activities: ActivityFields[];
  deals: DealFields[];
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
  const facts: Record<KpiId, number> = { calls: 0, conversations: 0, talkTime: 0, meetings: 0, newDeals: 0, wonCount: 0, wonAmount: 0 };

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
