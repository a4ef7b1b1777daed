// Deals lost in a period, grouped by loss reason, and the recently lost ones worth another try.
import { subDays } from 'date-fns';
import type { DealFields } from '../model';

export interface LostDealsInput {
  deals: readonly DealFields[];
  /** One manager's deals; all when omitted. */
  ownerId?: string;
  /** The period, [from, to). */
  from: Date;
  to: Date;
  now: Date;
  /** Settings' recoverableLossReasons. */
  recoverableReasons: readonly string[];
  /** Settings' recoverWithinDays: how recently (calendar days) a deal must have been lost to be worth another try. */
  recoverWithinDays: number;
}

export interface LossReasonGroup {
  /** As the CRM words it (the first spelling seen); null: no reason given. */
  reason: string | null;
  count: number;
  /** Sum of the amounts the CRM shows (deals without an amount add nothing). */
  amount: number;
  recoverable: boolean;
}

export interface LostDeals {
  count: number;
  amount: number;
  /** Most deals first. */
  byReason: LossReasonGroup[];
  /**
   * Lost within `recoverWithinDays` before `now` (whatever the period) for a recoverable reason;
   * the biggest first.
   */
  worthRetry: DealFields[];
}

export function lostDeals(input: LostDealsInput): LostDeals {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const retryFrom = subDays(input.now, input.recoverWithinDays).getTime();
  const now = input.now.getTime();
  const groups = new Map<string, LossReasonGroup>();
  const worthRetry: DealFields[] = [];
  let count = 0;
  let amount = 0;
  for (const deal of input.deals) {
    if (deal.status !== 'lost' || deal.closedAt === null) continue;
    if (input.ownerId !== undefined && deal.ownerId !== input.ownerId) continue;
    const recoverable = isRecoverableReason(deal.lossReason, input.recoverableReasons);
    if (recoverable && deal.closedAt >= retryFrom && deal.closedAt <= now) worthRetry.push(deal);
    if (deal.closedAt < from || deal.closedAt >= to) continue;
    count += 1;
    amount += deal.amount ?? 0;
    const reason = deal.lossReason?.trim() || null;
    const key = reason === null ? '' : normalise(reason);
    const group = groups.get(key) ?? { reason, count: 0, amount: 0, recoverable };
    group.count += 1;
    group.amount += deal.amount ?? 0;
    groups.set(key, group);
  }
  return {
    count,
    amount,
    byReason: [...groups.values()].sort((a, b) => b.count - a.count || b.amount - a.amount || (a.reason ?? '\uffff').localeCompare(b.reason ?? '\uffff')),
    worthRetry: worthRetry.sort((a, b) => (b.amount ?? 0) - (a.amount ?? 0) || (b.closedAt ?? 0) - (a.closedAt ?? 0)),
  };
}

/** A CRM reason is recoverable when it contains one of the listed ones, ignoring case, «ё» and extra spaces ("Дорого для клиента" ⊃ "дорого"). */
export function isRecoverableReason(reason: string | null, recoverable: readonly string[]): boolean {
  if (reason === null) return false;
  const text = normalise(reason);
  if (text === '') return false;
  return recoverable.some((listed) => {
    const phrase = normalise(listed);
    return phrase !== '' && text.includes(phrase);
  });
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}
