// Which open deals sit in their stage longer than the stage allows, and why, in words the UI can show.
import { differenceInBusinessDays } from 'date-fns';
import type { DealFields, Millis, StageFields } from '../model';

export type StalledReason =
  | { kind: 'days-in-stage'; days: number; limit: number; stageName: string }
  | { kind: 'no-next-task' }
  | {
      kind: 'task-overdue';
      /** When the next task was due. */
      since: Millis;
    };

export interface StalledDeal {
  deal: DealFields;
  stageName: string;
  daysInStage: number;
  limitDays: number;
  /** The days-in-stage reason first, then what else is wrong with the deal's follow-up. */
  reasons: StalledReason[];
}

export interface StalledDealsInput {
  deals: DealFields[];
  stages: StageFields[];
  /** Working days allowed in a stage; Infinity means the stage never stalls. */
  stageLimitDays: (stageId: string) => number;
  now: Date;
}

/**
 * Open deals whose working days in the current stage exceed the stage's limit, longest first.
 * Won or lost deals (by status or by stage kind) and deals without a stage-entry time never stall.
 */
export function stalledDeals(input: StalledDealsInput): StalledDeal[] {
  const { now } = input;
  const stalled: StalledDeal[] = [];
  for (const deal of input.deals) {
    if (deal.status !== 'open' || deal.stageEnteredAt === null) continue;
    const stage = findStage(input.stages, deal);
    if (stage !== undefined && stage.kind !== 'open') continue;
    const limit = input.stageLimitDays(deal.stageId);
    if (!Number.isFinite(limit)) continue;
    const days = differenceInBusinessDays(now, deal.stageEnteredAt);
    if (days <= limit) continue;
    // An unknown stage still gets a name a person can look up in the CRM.
    const stageName = stage?.name ?? deal.stageId;
    const reasons: StalledReason[] = [{ kind: 'days-in-stage', days, limit, stageName }];
    if (deal.nextTaskAt === null) reasons.push({ kind: 'no-next-task' });
    else if (deal.nextTaskAt < now.getTime()) reasons.push({ kind: 'task-overdue', since: deal.nextTaskAt });
    stalled.push({ deal, stageName, daysInStage: days, limitDays: limit, reasons });
  }
  return stalled.sort(
    (a, b) =>
      b.daysInStage - a.daysInStage ||
      // Same days: the tighter limit is further over it.
      a.limitDays - b.limitDays ||
      a.deal.crmId.localeCompare(b.deal.crmId),
  );
}

/** Stage ids are unique within an account in the CRMs we read; prefer the deal's pipeline if one is not. */
function findStage(stages: StageFields[], deal: DealFields): StageFields | undefined {
  const matches = stages.filter((stage) => stage.crmId === deal.stageId);
  return matches.find((stage) => stage.pipelineId === deal.pipelineId) ?? matches[0];
}
