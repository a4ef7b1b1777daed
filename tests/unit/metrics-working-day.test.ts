import { describe, expect, it } from 'vitest';
import { workingDay, workingMsElapsed, workingMsLeft, workingMsTotal, type WorkCalendar } from '../../lib/metrics';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../../lib/settings';

const HOUR = 3_600_000;
/** Thursday 12 March 2026 (a working day) at a local wall-clock time. */
const thu = (time: string) => at(12, time);
/** Saturday 14 March 2026. */
const sat = (time: string) => at(14, time);
function at(day: number, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return new Date(2026, 2, day, h ?? 0, m ?? 0);
}

describe('workingDay', () => {
  it('places the default hours and lunch on the day of now', () => {
    const day = workingDay(thu('10:30'), DEFAULT_WORKING_HOURS);
    expect(day).toEqual({
      start: thu('09:00'),
      end: thu('18:00'),
      lunch: { start: thu('13:00'), end: thu('14:00') },
      isWorkingDay: true,
    });
  });

  it.each([
    ['Saturday', sat('10:00'), false],
    ['Sunday', at(15, '10:00'), false],
    ['Monday', at(16, '10:00'), true],
    ['Thursday before hours', thu('06:00'), true],
  ])('%s is a working day: %s', (_name, now, expected) => {
    expect(workingDay(now, DEFAULT_WORKING_HOURS).isWorkingDay).toBe(expected);
  });

  it('takes a calendar, so holidays can be passed in later', () => {
    const holidays: WorkCalendar = { isWorkingDay: (d) => d.getDate() !== 12 };
    expect(workingDay(thu('10:00'), DEFAULT_WORKING_HOURS, holidays).isWorkingDay).toBe(false);
    expect(workingDay(at(13, '10:00'), DEFAULT_WORKING_HOURS, holidays).isWorkingDay).toBe(true);
  });

  it.each<[string, WorkingHours]>([
    ['no lunch', { start: '09:00', end: '18:00', lunchStart: null, lunchEnd: null }],
    ['lunch outside the hours', { start: '09:00', end: '12:00', lunchStart: '13:00', lunchEnd: '14:00' }],
    ['lunch ending before it starts', { start: '09:00', end: '18:00', lunchStart: '14:00', lunchEnd: '13:00' }],
  ])('%s → lunch null', (_name, hours) => {
    expect(workingDay(thu('10:00'), hours).lunch).toBeNull();
  });

  it('falls back to 09:00–18:00 for unreadable hours instead of throwing', () => {
    const day = workingDay(thu('10:00'), { start: 'nine', end: '18:00', lunchStart: null, lunchEnd: null });
    expect([day.start, day.end]).toEqual([thu('09:00'), thu('18:00')]);
  });
});

describe('working time', () => {
  it('a default day has 8 working hours (9 minus lunch)', () => {
    expect(workingMsTotal(workingDay(thu('10:00'), DEFAULT_WORKING_HOURS))).toBe(8 * HOUR);
  });

  it.each([
    ['before hours', thu('07:00'), 0, 8],
    ['at the start', thu('09:00'), 0, 8],
    ['mid-morning', thu('10:00'), 1, 7],
    ['at lunch start', thu('13:00'), 4, 4],
    ['during lunch', thu('13:30'), 4, 4],
    ['after lunch', thu('15:00'), 5, 3],
    ['at the end', thu('18:00'), 8, 0],
    ['after hours', thu('21:00'), 8, 0],
    ['on a weekend', sat('10:00'), 0, 0],
  ])('%s: %d h elapsed, %d h left', (_name, now, elapsedHours, leftHours) => {
    const day = workingDay(now, DEFAULT_WORKING_HOURS);
    expect(workingMsElapsed(now, day)).toBe(elapsedHours * HOUR);
    expect(workingMsLeft(now, day)).toBe(leftHours * HOUR);
  });
});
