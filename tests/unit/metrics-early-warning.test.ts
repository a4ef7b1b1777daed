import { describe, expect, it } from 'vitest';
import { workCalendar } from '../../lib/calendar';
import type { ActivityFields, DealFields, TaskFields } from '../../lib/model';
import { activityDrop, silentSince, workingDay, type ActivityDropInput } from '../../lib/metrics';
import { DEFAULT_WORKING_HOURS } from '../../lib/settings';

const ru = workCalendar({ country: 'RU', daysOff: [], vacations: [] });
const at = (month: number, date: number, hour: number, minute = 0) => new Date(2026, month - 1, date, hour, minute);

function call(when: Date, ownerId = 'irina', durationSec: number | null = 0, type: 'call' | 'meeting' = 'call'): ActivityFields {
  return { crmId: `c-${when.getTime()}-${ownerId}`, type, at: when.getTime(), ownerId, dealId: null, durationSec, direction: null, outcome: null };
}
function taskDone(when: Date, ownerId = 'irina'): TaskFields {
  return { crmId: `t-${when.getTime()}`, type: 'call', text: '', dueAt: when.getTime(), done: true, doneAt: when.getTime(), ownerId, dealId: null };
}
/** A Wednesday as usual: 20 calls 09:00–10:35 and 2 tasks done by 11:00, then 10 more calls after 11:00. */
function usualWednesday(month: number, date: number) {
  return {
    activities: [
      ...Array.from({ length: 20 }, (_, i) => call(at(month, date, 9, i * 5))),
      ...Array.from({ length: 10 }, (_, i) => call(at(month, date, 11, 5 + i * 5))),
    ],
    tasks: [taskDone(at(month, date, 10, 0)), taskDone(at(month, date, 10, 50))],
  };
}
// Wednesdays before 18 Nov 2026: 11 Nov, 4 Nov (Unity Day, not worked), 28 Oct, 21 Oct.
const history = [usualWednesday(11, 11), usualWednesday(11, 4), usualWednesday(10, 28), usualWednesday(10, 21)];
const historyActivities = history.flatMap((h) => h.activities);
const historyTasks = history.flatMap((h) => h.tasks);
const today = (calls: number, tasks = 0) => ({
  activities: Array.from({ length: calls }, (_, i) => call(at(11, 18, 9, i * 5))),
  tasks: Array.from({ length: tasks }, (_, i) => taskDone(at(11, 18, 10, i))),
});

function drop(now: Date, todays: { activities: ActivityFields[]; tasks: TaskFields[] }, extra: Partial<ActivityDropInput> = {}) {
  return activityDrop({
    activities: [...historyActivities, ...todays.activities, call(at(11, 18, 9, 7), 'oleg')],
    tasks: [...historyTasks, ...todays.tasks],
    deals: [],
    ownerId: 'irina',
    now,
    hours: DEFAULT_WORKING_HOURS,
    calendar: ru,
    ...extra,
  });
}

describe('activityDrop', () => {
  it.each([
    // The norm by 11:00 is 22 actions (20 calls + 2 tasks) over 3 comparable weeks: warn below 11.
    ['10 actions by 11:00 → warn', at(11, 18, 11), today(9, 1), true],
    ['exactly half is not below half', at(11, 18, 11), today(10, 1), false],
    ['on the usual pace', at(11, 18, 11), today(20, 2), false],
  ])('%s', (_name, now, todays, warn) => {
    const result = drop(now, todays);
    expect(result).toMatchObject({ warn, norm: 22, weeks: 3, skipped: null });
  });

  it('counts calls, meetings, tasks done and stage moves of the manager so far today', () => {
    const moved: DealFields = {
      crmId: 'd1', title: 'ООО Ромашка', amount: null, currency: 'RUB', pipelineId: 'p1', stageId: 's2', status: 'open', ownerId: 'irina',
      createdAt: at(10, 1, 10).getTime(), stageEnteredAt: at(11, 18, 10, 30).getTime(), updatedAt: at(11, 18, 10, 30).getTime(),
      closedAt: null, lossReason: null, client: null, nextTaskAt: null, url: '',
    };
    const meeting = call(at(11, 18, 9, 30), 'irina', 1800, 'meeting');
    const result = drop(at(11, 18, 11), { activities: [...today(3).activities, meeting], tasks: today(0, 1).tasks }, { deals: [moved] });
    expect(result.today).toEqual({ calls: 3, meetings: 1, tasksDone: 1, stageMoves: 1, total: 6 });
  });

  it('compares the same time of day: at lunch, the morning of past weeks', () => {
    // By 13:30 the usual is 30 calls + 2 tasks.
    expect(drop(at(11, 18, 13, 30), today(12, 1))).toMatchObject({ warn: true, norm: 32 });
  });

  it.each([
    ['a Saturday', at(11, 21, 11), 'day-off'],
    ['a holiday (4 Nov)', at(11, 4, 11), 'day-off'],
    ['before working hours', at(11, 18, 8, 30), 'outside-hours'],
    ['after working hours', at(11, 18, 18, 30), 'outside-hours'],
  ])('never on %s', (_name, now, skipped) => {
    expect(drop(now, { activities: [], tasks: [] })).toMatchObject({ warn: false, skipped });
  });

  it('never on a vacation day', () => {
    const vacation = workCalendar({ country: 'RU', daysOff: [], vacations: [{ from: at(11, 16, 0), to: at(11, 20, 0) }] });
    expect(drop(at(11, 18, 11), { activities: [], tasks: [] }, { calendar: vacation })).toMatchObject({ warn: false, skipped: 'day-off' });
  });

  it('never in the first week of data', () => {
    const fresh = activityDrop({
      activities: [call(at(11, 12, 10)), call(at(11, 13, 10))],
      tasks: [],
      deals: [],
      ownerId: 'irina',
      now: at(11, 18, 11),
      hours: DEFAULT_WORKING_HOURS,
      calendar: ru,
    });
    expect(fresh).toMatchObject({ warn: false, skipped: 'first-week' });
  });

  it('data from exactly a week ago: one week to compare with', () => {
    const lastWeek = usualWednesday(11, 11);
    const result = activityDrop({ ...lastWeek, deals: [], ownerId: 'irina', now: at(11, 18, 11), hours: DEFAULT_WORKING_HOURS, calendar: ru });
    expect(result).toMatchObject({ warn: true, norm: 22, weeks: 1 });
  });

  it('no data at all: no judgement', () => {
    expect(activityDrop({ activities: [], tasks: [], deals: [], ownerId: 'irina', now: at(11, 18, 11), hours: DEFAULT_WORKING_HOURS, calendar: ru })).toMatchObject({
      warn: false,
      norm: null,
      skipped: 'no-history',
    });
  });

  it('a tiny norm says nothing (the first minutes of the day)', () => {
    // By 09:12 the usual is 3 calls.
    expect(drop(at(11, 18, 9, 12), today(0))).toMatchObject({ warn: false, norm: 3, skipped: 'norm-too-small' });
    expect(drop(at(11, 18, 9, 12), today(0), { minNorm: 1 })).toMatchObject({ warn: true, norm: 3, skipped: null });
  });
});

describe('silentSince', () => {
  const day = (now: Date) => workingDay(now, DEFAULT_WORKING_HOURS, ru);
  const silent = (activities: ActivityFields[], now: Date) => silentSince(activities, 'irina', now, day(now));

  it.each<[string, ActivityFields[], Date, Date | null]>([
    ['last call 10:00 (1 min), now 11:40: 99 working minutes', [call(at(11, 18, 10), 'irina', 60)], at(11, 18, 11, 40), at(11, 18, 10, 1)],
    ['last call 10:30, now 11:40: 70 minutes', [call(at(11, 18, 10, 30))], at(11, 18, 11, 40), null],
    ['lunch does not count: 12:00 → 14:20 is 80 working minutes', [call(at(11, 18, 12))], at(11, 18, 14, 20), null],
    ['12:00 → 14:35 is 95 working minutes', [call(at(11, 18, 12))], at(11, 18, 14, 35), at(11, 18, 12)],
    ['no call today, 10:29: 89 minutes of the day', [call(at(11, 17, 17))], at(11, 18, 10, 29), null],
    ['no call today, 10:30: silent since the day started', [call(at(11, 17, 17))], at(11, 18, 10, 30), at(11, 18, 9)],
    ['no calls ever, 11:00', [], at(11, 18, 11), at(11, 18, 9)],
    ["someone else's calls don't help", [call(at(11, 18, 11, 30), 'oleg')], at(11, 18, 11, 40), at(11, 18, 9)],
    ['in a long meeting', [call(at(11, 18, 9, 30), 'irina', 7200, 'meeting')], at(11, 18, 11, 15), null],
    ['90 minutes after the meeting ended', [call(at(11, 18, 9, 30), 'irina', 7200, 'meeting')], at(11, 18, 13, 0), at(11, 18, 11, 30)],
    ['a call logged for later does not count yet', [call(at(11, 18, 12))], at(11, 18, 11, 0), at(11, 18, 9)],
    ['before hours', [], at(11, 18, 8, 0), null],
    ['after hours', [], at(11, 18, 19, 0), null],
    ['on a holiday', [], at(11, 4, 12, 0), null],
  ])('%s', (_name, activities, now, expected) => {
    expect(silent(activities, now)).toEqual(expected);
  });
});
