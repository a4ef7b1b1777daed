// The funnel of a period: stage-to-stage conversion, lead to won, average deal size, repeat buyers and retention.
import { periodRange, previousPeriod, type Period } from '../calendar';
import type { DealFields, StageFields } from '../model';
import { buyersIn, clientKey } from './clients';

export interface FunnelInput {
  deals: readonly DealFields[];
  stages: readonly StageFields[];
  /** Stage conversion needs one pipeline; null: all pipelines, no stage steps. */
  pipelineId: string | null;
  /** One manager's deals; all when omitted. */
  ownerId?: string;
  period: Period;
  now: Date;
}

export interface FunnelStep {
  stageId: string;
  stageName: string;
  /** Deals of the period's leads that got at least this far. */
  reached: number;
  /** Share of them that reached the next step; null for the last step or when none reached this one. */
  toNext: number | null;
}

export interface Funnel {
  /** Deals created in the period (the cohort the steps follow). */
  leads: number;
  /** Open stages in pipeline order, then "won". */
  steps: FunnelStep[];
  /** Of the period's leads, won so far. */
  won: number;
  lost: number;
  /** won / leads; null without leads. */
  leadToWon: number | null;
  /** Deals won in the period (by close date) with an amount; "средний чек". */
  averageWon: { amount: number | null; deals: number; withoutAmount: number };
  /** Clients who bought in the period and have at least two won deals up to its end. */
  repeatBuyers: { clients: number; buyers: number; share: number | null; amount: number };
  /** Clients who bought in the previous period and bought again in this one. */
  retention: { previousBuyers: number; returned: number; rate: number | null };
  /** Won deals in the period without a client name: not in repeat buyers or retention. */
  wonWithoutClient: number;
}

/**
 * Approximation, while we keep no stage history: a deal counts as having reached every open stage up
 * to its current one (in the pipeline's current order), a won deal all of them, and a lost deal only
 * the first (we cannot see where it dropped out), so conversions after the first step run low by the
 * lost deals that had got further.
 */
export function funnel(input: FunnelInput): Funnel {
  const range = periodRange(input.period);
  const previous = previousPeriod(input.period);
  const inRange = (at: number | null, r: { start: Date; end: Date }) => at !== null && at >= r.start.getTime() && at < r.end.getTime();
  const deals = input.deals.filter(
    (deal) => (input.ownerId === undefined || deal.ownerId === input.ownerId) && (input.pipelineId === null || deal.pipelineId === input.pipelineId),
  );

  const cohort = deals.filter((deal) => inRange(deal.createdAt, range));
  const won = cohort.filter((deal) => deal.status === 'won').length;
  const lost = cohort.filter((deal) => deal.status === 'lost').length;

  const wonInPeriod = deals.filter((deal) => deal.status === 'won' && inRange(deal.closedAt, range));
  const amounts = wonInPeriod.flatMap((deal) => (deal.amount === null ? [] : [deal.amount]));

  const end = Math.min(range.end.getTime(), input.now.getTime() + 1);
  const wonByClient = new Map<string, number>();
  for (const deal of deals) {
    const client = clientKey(deal.client);
    if (deal.status !== 'won' || deal.closedAt === null || deal.closedAt >= end || client === null) continue;
    wonByClient.set(client, (wonByClient.get(client) ?? 0) + 1);
  }
  const buyersOf = (r: { start: Date; end: Date }) => buyersIn(deals, r.start.getTime(), r.end.getTime());
  const buyers = buyersOf(range);
  const repeat = new Set([...buyers].filter((client) => (wonByClient.get(client) ?? 0) >= 2));
  const previousBuyers = buyersOf(previous);
  const returned = [...previousBuyers].filter((client) => buyers.has(client)).length;

  return {
    leads: cohort.length,
    steps: input.pipelineId === null ? [] : steps(cohort, input.stages, input.pipelineId),
    won,
    lost,
    leadToWon: cohort.length === 0 ? null : won / cohort.length,
    averageWon: {
      amount: amounts.length === 0 ? null : amounts.reduce((sum, amount) => sum + amount, 0) / amounts.length,
      deals: amounts.length,
      withoutAmount: wonInPeriod.length - amounts.length,
    },
    repeatBuyers: {
      clients: repeat.size,
      buyers: buyers.size,
      share: buyers.size === 0 ? null : repeat.size / buyers.size,
      amount: wonInPeriod.reduce((sum, deal) => {
        const client = clientKey(deal.client);
        return client !== null && repeat.has(client) ? sum + (deal.amount ?? 0) : sum;
      }, 0),
    },
    retention: { previousBuyers: previousBuyers.size, returned, rate: previousBuyers.size === 0 ? null : returned / previousBuyers.size },
    wonWithoutClient: wonInPeriod.filter((deal) => clientKey(deal.client) === null).length,
  };
}

function steps(cohort: readonly DealFields[], stages: readonly StageFields[], pipelineId: string): FunnelStep[] {
  const pipeline = stages.filter((stage) => stage.pipelineId === pipelineId);
  const open = pipeline.filter((stage) => stage.kind === 'open').sort((a, b) => a.order - b.order);
  const wonStage = pipeline.find((stage) => stage.kind === 'won');
  const position = new Map(open.map((stage, index) => [stage.crmId, index]));
  const lastStep = open.length; // the "won" step
  const reached = Array.from({ length: open.length + 1 }, () => 0);
  for (const deal of cohort) {
    // How far the deal got, as a step index; see the approximation above.
    // (Capped below "won" for the others, which also keeps a pipeline without open stages honest.)
    const furthest = deal.status === 'won' ? lastStep : Math.min(lastStep - 1, deal.status === 'lost' ? 0 : (position.get(deal.stageId) ?? 0));
    for (let step = 0; step <= furthest; step += 1) reached[step] = (reached[step] ?? 0) + 1;
  }
  const named = [...open.map((stage) => ({ stageId: stage.crmId, stageName: stage.name })), { stageId: wonStage?.crmId ?? 'won', stageName: wonStage?.name ?? 'won' }];
  return named.map((step, index) => {
    const here = reached[index] ?? 0;
    const next = reached[index + 1];
    return { ...step, reached: here, toNext: next === undefined || here === 0 ? null : next / here };
  });
}
