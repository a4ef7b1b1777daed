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
  if (!day.isWorkingDay || !Number.isFinite(plan) || plan <= 0) return 'grey';
  const expected = Math.floor(expectedByNow(plan, now, day));
  if (fact >= plan || expected <= 0) return 'green';
  const ratio = fact / expected;
  if (ratio >= thresholds.amber) return 'green';
  if (ratio >= thresholds.red) return 'amber';
  return 'red';
}
