// Plan next to fact for each KPI the manager has a target for.
import { KPI_IDS, KPI_UNITS, type KpiId, type KpiTargets, type KpiUnit } from '../settings';

export interface KpiFigure {
  kpi: KpiId;
  plan: number;
  fact: number;
  unit: KpiUnit;
  /** fact / plan, not capped: 1.25 means 125 %. */
  ratio: number;
  done: boolean;
}

/** One figure per KPI with a positive target, in the shared KPI order; a 0 or missing target means "not tracked". */
export function planFact(targets: KpiTargets, facts: Record<KpiId, number>): KpiFigure[] {
  const figures: KpiFigure[] = [];
  for (const kpi of KPI_IDS) {
    const plan = targets[kpi];
    if (plan === undefined || !Number.isFinite(plan) || plan <= 0) continue;
    const fact = facts[kpi];
    figures.push({ kpi, plan, fact, unit: KPI_UNITS[kpi], ratio: fact / plan, done: fact >= plan });
  }
  return figures;
}
