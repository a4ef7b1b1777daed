import { describe, expect, it } from 'vitest';
import { callsRemaining, expectedByNow, paceStatus, projectedEndOfDay, requiredPace, workingDay } from '../../lib/metrics';
import { DEFAULT_PACE_THRESHOLDS, DEFAULT_WORKING_HOURS } from '../../lib/settings';

/** Thursday 12 March 2026 at a local wall-clock time; 09:00–18:00 with lunch 13:00–14:00. */
const thu = (time: string) => at(12, time);
/** Saturday 14 March 2026. */
const sat = (time: string) => at(14, time);
function at(day: number, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return new Date(2026, 2, day, h ?? 0, m ?? 0);
}
const dayOf = (now: Date) => workingDay(now, DEFAULT_WORKING_HOURS);

describe('callsRemaining', () => {
  it.each([
    [80, 46, 34],
    [80, 80, 0],
    [80, 95, 0],
    [0, 5, 0],
    [0, 0, 0],
  ])('target %d, done %d → %d left', (target, done, left) => {
    expect(callsRemaining(target, done)).toBe(left);
  });
});

describe('requiredPace', () => {
  it.each([
    ['before hours: the whole day is ahead', thu('07:30'), 34, 34 / 8],
    ['mid-morning: 7 h left', thu('10:00'), 34, 34 / 7],
    ['during lunch: only the afternoon is left', thu('13:30'), 34, 34 / 4],
    ['last hour', thu('17:00'), 10, 10],
    ['nothing left', thu('10:00'), 0, 0],
    ['negative remaining is nothing left', thu('10:00'), -5, 0],
  ])('%s', (_name, now, remaining, pace) => {
    expect(requiredPace(remaining, now, dayOf(now))).toBeCloseTo(pace, 10);
  });

  it.each([
    ['at the end of the day', thu('18:00')],
    ['after hours', thu('20:00')],
    ['on a weekend', sat('10:00')],
  ])('null %s', (_name, now) => {
    expect(requiredPace(34, now, dayOf(now))).toBeNull();
  });
});

describe('projectedEndOfDay', () => {
  it.each([
    ['before hours → done as is', thu('08:00'), 0, 0],
    ['calls made before hours are kept', thu('08:30'), 3, 3],
    ['half the working time gone (lunch excluded)', thu('13:30'), 40, 80],
    ['5 of 8 hours gone', thu('15:00'), 46, 73.6],
    ['after hours → done as is', thu('19:00'), 70, 70],
    ['weekend → done as is', sat('12:00'), 5, 5],
    ['no data', thu('11:00'), 0, 0],
  ])('%s', (_name, now, done, projected) => {
    expect(projectedEndOfDay(done, now, dayOf(now))).toBeCloseTo(projected, 10);
  });
});

describe('expectedByNow', () => {
  it.each([
    [thu('08:00'), 0],
    [thu('11:00'), 20],
    [thu('13:30'), 40],
    [thu('18:00'), 80],
    [sat('12:00'), 0],
  ])('80 a day at %s → %d', (now, expected) => {
    expect(expectedByNow(80, now, dayOf(now))).toBeCloseTo(expected, 10);
  });
});

describe('paceStatus', () => {
  const status = (fact: number, plan: number, now: Date) => paceStatus(fact, plan, now, dayOf(now), DEFAULT_PACE_THRESHOLDS);

  it.each([
    // At 13:00 half the day is worked: 40 of 80 expected.
    ['exactly on plan', 40, 80, thu('13:00'), 'green'],
    ['at the amber threshold (0.9)', 36, 80, thu('13:00'), 'green'],
    ['just under 0.9', 35, 80, thu('13:00'), 'amber'],
    ['at the red threshold (0.6)', 24, 80, thu('13:00'), 'amber'],
    ['just under 0.6', 23, 80, thu('13:00'), 'red'],
    ['nothing done by lunch', 0, 80, thu('13:30'), 'red'],
    ['ahead of plan', 60, 80, thu('13:00'), 'green'],
    ['plan already met', 80, 80, thu('10:00'), 'green'],
    ['before hours nothing is expected', 0, 80, thu('08:00'), 'green'],
    ['less than one whole call expected yet', 0, 80, thu('09:05'), 'green'],
    ['a 1-a-day target is not behind until the day ends', 0, 1, thu('17:30'), 'green'],
    ['a 1-a-day target missed at the end of the day', 0, 1, thu('18:00'), 'red'],
    ['after hours: judged on the whole plan', 79, 80, thu('19:00'), 'green'],
    ['after hours: 70 of 80', 70, 80, thu('19:00'), 'amber'],
    ['after hours: 40 of 80', 40, 80, thu('19:00'), 'red'],
    ['zero target', 10, 0, thu('13:00'), 'grey'],
    ['zero target, no data', 0, 0, thu('13:00'), 'grey'],
    ['day off', 0, 80, sat('13:00'), 'grey'],
  ])('%s → %s', (_name, fact, plan, now, expected) => {
    expect(status(fact, plan, now)).toBe(expected);
  });

  it('uses the thresholds it is given', () => {
    const now = thu('13:00');
    expect(paceStatus(35, 80, now, dayOf(now), { amber: 0.8, red: 0.5 })).toBe('green');
  });
});
