// Everything My day (and one Team row) shows for one manager, composed from the pure metrics.
import { addDays, startOfDay } from 'date-fns';
import type { ActivityFields, DealFields, StageFields } from '../model';
import { recordKey } from '../model';
import { dailyTargets, roleFromTitle, stageLimitLookup, type RoleId, type Settings } from '../settings';
import { kpiFacts } from './kpi-facts';
import { callsRemaining, paceStatus, projectedEndOfDay, requiredPace, type PaceStatus } from './pace';
import { planFact, type KpiFigure } from './plan-fact';
import { stalledDeals, type StalledDeal } from './stalled-deals';
import { workingDay, type WorkCalendar } from './working-day';

export interface CallsFigure {
  plan: number;
  done: number;
  remaining: number;
  /** Calls per remaining working hour; null after hours or on a day off. */
  pace: number | null;
  projected: number;
  endOfDay: Date;
}

export interface DayView {
  role: RoleId | null;
  dayOff: boolean;
  /** Plan vs fact for each KPI of the role, with its own status. */
  figures: (KpiFigure & { status: PaceStatus })[];
  calls: CallsFigure | null;
  /** The calls status when calls are a target, else the worst of the others. */
  status: PaceStatus;
  stalled: StalledDeal[];
  basedOn: { deals: number; activities: number };
}

export interface DayViewInput {
  account: string;
  ownerId: string;
  deals: DealFields[];
  stages: StageFields[];
  activities: ActivityFields[];
  /** The manager's position in the CRM, which suggests a role until one is chosen. */
  managerTitle?: string | null;
  settings: Settings;
  now: Date;
  calendar?: WorkCalendar;
}

const SEVERITY: Record<PaceStatus, number> = { grey: 0, green: 1, amber: 2, red: 3 };

export function dayView(input: DayViewInput): DayView {
  const { settings, now, ownerId } = input;
  const day = workingDay(now, settings.workingHours, input.calendar);
  const { role, targets } = dailyTargets(settings, recordKey(input.account, ownerId), roleFromTitle(input.managerTitle ?? null));
  const from = startOfDay(now);
  const facts = kpiFacts({
    activities: input.activities,
    deals: input.deals,
    ownerId,
    from,
    to: addDays(from, 1),
    conversationMinSec: settings.conversationMinSec,
  });
  // A day off has no target and is not a miss.
  const figures = (day.isWorkingDay ? planFact(targets, facts) : []).map((figure) => ({
    ...figure,
    status: paceStatus(figure.fact, figure.plan, now, day, settings.paceThresholds),
  }));
  const callFigure = figures.find((figure) => figure.kpi === 'calls');
  const calls: CallsFigure | null = callFigure
    ? {
        plan: callFigure.plan,
        done: callFigure.fact,
        remaining: callsRemaining(callFigure.plan, callFigure.fact),
        pace: requiredPace(callsRemaining(callFigure.plan, callFigure.fact), now, day),
        projected: Math.round(projectedEndOfDay(callFigure.fact, now, day)),
        endOfDay: day.end,
      }
    : null;
  const status = callFigure
    ? callFigure.status
    : figures.reduce<PaceStatus>((worst, figure) => (SEVERITY[figure.status] > SEVERITY[worst] ? figure.status : worst), 'grey');
  const ownDeals = input.deals.filter((deal) => deal.ownerId === ownerId);
  return {
    role,
    dayOff: !day.isWorkingDay,
    figures,
    calls,
    status,
    stalled: stalledDeals({ deals: ownDeals, stages: input.stages, stageLimitDays: stageLimitLookup(settings, input.account), now }),
    basedOn: { deals: ownDeals.length, activities: input.activities.filter((a) => a.ownerId === ownerId).length },
  };
}
