// Clients across deals, pure: who a deal's client is (however the CRM spelled it), who bought in a range, who bought before.
import type { DealFields } from '../model';

/** The same client however the CRM spelled it: «ООО "Ромашка"», "ооо ромашка". Null: no client. */
export function clientKey(client: string | null): string | null {
  if (client === null) return null;
  const key = client
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/["'«»“”„]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return key === '' ? null : key;
}

/** A won deal with a client and a close date. */
function wonAt(deal: DealFields): { client: string; at: number } | null {
  if (deal.status !== 'won' || deal.closedAt === null) return null;
  const client = clientKey(deal.client);
  return client === null ? null : { client, at: deal.closedAt };
}

/** The clients of the deals won in [from, to) (by close date); deals without a client are left out. */
export function buyersIn(deals: readonly DealFields[], from: number, to: number): Set<string> {
  const buyers = new Set<string>();
  for (const deal of deals) {
    const won = wonAt(deal);
    if (won !== null && won.at >= from && won.at < to) buyers.add(won.client);
  }
  return buyers;
}

/**
 * Whether a won deal is a repeat purchase: its client had a deal won strictly before this one closed
 * (any of `history`, whoever owned it). `history` should hold every won deal known; see {@link firstPurchases}.
 */
export function repeatPurchaseTest(history: readonly DealFields[]): (deal: DealFields) => boolean {
  const first = firstPurchases(history);
  return (deal) => {
    const won = wonAt(deal);
    if (won === null) return false;
    const firstAt = first.get(won.client);
    return firstAt !== undefined && firstAt < won.at;
  };
}

/** Each client's first won deal's close (epoch ms). */
export function firstPurchases(deals: readonly DealFields[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const deal of deals) {
    const won = wonAt(deal);
    if (won === null) continue;
    const known = first.get(won.client);
    if (known === undefined || won.at < known) first.set(won.client, won.at);
  }
  return first;
}
