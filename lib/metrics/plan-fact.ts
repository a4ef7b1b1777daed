// Plan next to fact for each KPI the manager has a target for.
import { isTrackedTarget, KPI_IDS, KPI_KINDS, KPI_UNITS, type KpiId, type KpiKind, type KpiTargets, type KpiUnit, type PaceThresholds } from '../settings';
import { MIN_CONVERSION_DEALS, MIN_RETENTION_CLIENTS, type KpiFacts } from './kpi-facts';
import { statusAgainst, type PaceStatus } from './pace';

export interface KpiFigure {
  kpi: KpiId;
  plan: number;
  fact: number;
  unit: KpiUnit;
  /** lib/settings KPI_KINDS: `limit` is "keep at most `plan`", the others "at least". */
  kind: KpiKind;
  /**
   * fact / plan, not capped: 1.25 means 125 %. A `limit` figure has no share to fill: 1 while the
   * fact is within the limit, 0 once it is over.
   */
  ratio: number;
  /** Reached: fact >= plan; for a `limit` figure, fact <= plan. */
  done: boolean;
  /** A `level` figure resting on too few deals to judge (no won deal for the average; under MIN_CONVERSION_DEALS new deals for the conversion; under MIN_RETENTION_CLIENTS previous-period clients for the retention). */
  tooLittleData: boolean;
}

/**
 * One figure per tracked KPI in the shared KPI order: a positive target, or any target of a `limit` KPI
 * (0 = none allowed); a missing target (or a 0 one of the others) means "not tracked".
 */
export function planFact(targets: KpiTargets, facts: KpiFacts): KpiFigure[] {
  const figures: KpiFigure[] = [];
  for (const kpi of KPI_IDS) {
    const plan = targets[kpi];
    if (!isTrackedTarget(kpi, plan)) continue;
    const fact = facts[kpi];
    const kind = KPI_KINDS[kpi];
    const within = fact <= plan;
    figures.push({
      kpi,
      plan,
      fact,
      unit: KPI_UNITS[kpi],
      kind,
      ratio: kind === 'limit' ? (within ? 1 : 0) : fact / plan,
      done: kind === 'limit' ? within : fact >= plan,
      tooLittleData: tooLittleData(kpi, facts),
    });
  }
  return figures;
}

function tooLittleData(kpi: KpiId, facts: KpiFacts): boolean {
  if (kpi === 'avgDeal') return facts.wonCount === 0;
  if (kpi === 'conversion') return facts.newDeals < MIN_CONVERSION_DEALS;
  if (kpi === 'retention') return (facts.retentionClients ?? 0) < MIN_RETENTION_CLIENTS;
  return false;
}

/**
 * The status of a figure that is not paced through the period: a `limit` is green within it and red
 * over it (never amber: one overdue task over the limit is already a miss); a `level` is its fact
 * against the whole plan, grey while it rests on too little data. Null for a `sum` figure: its
 * status depends on how much of the period is over (lib/metrics/pace).
 */
export function levelStatus(figure: KpiFigure, thresholds: PaceThresholds): PaceStatus | null {
  switch (figure.kind) {
    case 'sum':
      return null;
    case 'limit':
      return figure.done ? 'green' : 'red';
    case 'level':
      return figure.tooLittleData ? 'grey' : statusAgainst(figure.fact, figure.plan, figure.plan, thresholds);
  }
}

/** Whether a finished day missed the KPI: below plan, over a limit; a level resting on too little data is no miss. */
export function missedPlan(kpi: KpiId, plan: number | undefined, facts: KpiFacts): boolean {
  if (!isTrackedTarget(kpi, plan)) return false;
  const figure = planFact({ [kpi]: plan }, facts)[0];
  return figure !== undefined && !figure.done && !figure.tooLittleData;
}
