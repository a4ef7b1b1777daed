// Am I on pace: what is left, how fast it must go, where today ends at the current speed, and the status colour.
import type { PaceThresholds } from '../settings';
import { workingMsElapsed, workingMsLeft, workingMsTotal, type WorkingDay } from './working-day';

export type PaceStatus = 'green' | 'amber' | 'red' | 'grey';

const HOUR_MS = 60 * 60 * 1000;

export function callsRemaining(target: number, done: number): number {
  return Math.max(0, target - done);
}

/** Units per remaining working hour (lunch excluded); null once the working day is over or on a day off. */
export function requiredPace(remaining: number, now: Date, day: WorkingDay): number | null {
  const msLeft = workingMsLeft(now, day);
  if (msLeft <= 0) return null;
  return Math.max(0, remaining) / (msLeft / HOUR_MS);
}

/** `done` extrapolated to the end of the working day at the pace so far; not rounded. */
export function projectedEndOfDay(done: number, now: Date, day: WorkingDay): number {
  const elapsed = workingMsElapsed(now, day);
  if (elapsed <= 0) return done;
  return (done * workingMsTotal(day)) / elapsed;
}

/** What the plan expects by `now`, pro-rated by elapsed working time. */
export function expectedByNow(plan: number, now: Date, day: WorkingDay): number {
  const total = workingMsTotal(day);
  if (total <= 0) return 0;
  return (plan * workingMsElapsed(now, day)) / total;
}

/**
 * Fact against the plan pro-rated to `now`. Only whole units count as expected (floor), so nobody
 * turns red at 09:05 for not having made 0.8 of a call, and a target of 1 deal a day is red only
 * when the day ends without it. Grey: no target or a day off.
 */
export function paceStatus(fact: number, plan: number, now: Date, day: WorkingDay, thresholds: PaceThresholds): PaceStatus {
  if (!day.isWorkingDay) return 'grey';
  return statusAgainst(fact, plan, expectedByNow(plan, now, day), thresholds);
}

/**
 * The status colour for any period: fact against what the plan expects by now (whole units only,
 * see {@link paceStatus}). Grey when there is no target.
 */
export function statusAgainst(fact: number, plan: number, expected: number, thresholds: PaceThresholds): PaceStatus {
  if (!Number.isFinite(plan) || plan <= 0) return 'grey';
  const whole = Math.floor(expected);
  if (fact >= plan || whole <= 0) return 'green';
  const ratio = fact / whole;
  if (ratio >= thresholds.amber) return 'green';
  if (ratio >= thresholds.red) return 'amber';
  return 'red';
}

const SEVERITY: Record<PaceStatus, number> = { grey: 0, green: 1, amber: 2, red: 3 };

/** How bad a status is, for sorting and for "the worst of": red 3, amber 2, green 1, grey 0. */
export function statusSeverity(status: PaceStatus): number {
  return SEVERITY[status];
}

export function worstStatus(statuses: readonly PaceStatus[]): PaceStatus {
  return statuses.reduce<PaceStatus>((worst, status) => (SEVERITY[status] > SEVERITY[worst] ? status : worst), 'grey');
}
