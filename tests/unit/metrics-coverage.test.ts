import { describe, expect, it } from 'vitest';
import { periodRange, workCalendar } from '../../lib/calendar';
import type { ActivityFields, DealFields } from '../../lib/model';
import { dataCoverage, type DataCoverageInput } from '../../lib/metrics';

/** Wednesday 18 November 2026, noon. */
const now = new Date(2026, 10, 18, 12, 0);
const at = (date: number, hour = 10) => new Date(2026, 10, date, hour).getTime();
const ru = workCalendar({ country: 'RU', daysOff: [], vacations: [] });

function call(date: number, hour = 10, ownerId = 'irina', type: 'call' | 'meeting' = 'call'): ActivityFields {
  return { crmId: `c-${date}-${hour}-${ownerId}-${type}`, type, at: at(date, hour), ownerId, dealId: null, durationSec: 60, direction: 'out', outcome: null };
}
function deal(i: number, fields: Partial<DealFields> = {}): DealFields {
  return {
    crmId: `d${i}`, title: `ООО ${i}`, amount: 1000, currency: 'RUB', pipelineId: 'p1', stageId: 's1', status: 'open', ownerId: 'irina',
    createdAt: at(2), stageEnteredAt: at(2), updatedAt: at(2), closedAt: null, lossReason: null, client: null, nextTaskAt: null, url: '', ...fields,
  };
}
const today = periodRange({ kind: 'day', start: now });
const cover = (patch: Partial<DataCoverageInput>) =>
  dataCoverage({ deals: [], activities: [], ownerId: 'irina', period: today, now, calendar: ru, lastReadAt: null, ...patch });

describe('dataCoverage', () => {
  it.each([
    ['first call Thu 12 Nov: 5 working days of history', 12, 5, false],
    ['first call Fri 13 Nov: 4 working days', 13, 4, true],
    ['first call today', 18, 1, true],
  ])('%s', (_name, firstDate, days, tooLittle) => {
    const result = cover({ activities: [call(firstDate), call(18, 9), call(18, 11, 'irina', 'meeting')] });
    expect([result.historyWorkingDays, result.figures.calls.tooLittleData, result.figures.activityDrop.tooLittleData]).toEqual([days, tooLittle, tooLittle]);
  });

  it('no data: nothing to rest on, everything too little', () => {
    const result = cover({});
    expect([result.historyFrom, result.historyWorkingDays, result.deals, result.calls, result.readAgeMs]).toEqual([null, 0, 0, 0, null]);
    expect(Object.values(result.figures).every((basis) => basis.tooLittleData)).toBe(true);
  });

  it.each([
    [9, true],
    [10, false],
  ])('%d deals → deal figures too little: %s', (count, tooLittle) => {
    const result = cover({ deals: Array.from({ length: count }, (_, i) => deal(i)) });
    expect([result.figures.wonAmount.tooLittleData, result.figures.newDeals.tooLittleData]).toEqual([tooLittle, tooLittle]);
  });

  it('says what each figure of the period rests on', () => {
    const result = cover({
      activities: [call(10), call(18, 9), call(18, 10), call(18, 11, 'irina', 'meeting'), call(18, 9, 'oleg')],
      deals: [
        ...Array.from({ length: 12 }, (_, i) => deal(i)),
        deal(20, { createdAt: at(18, 9) }),
        deal(21, { status: 'won', closedAt: at(18, 11) }),
        deal(22, { status: 'lost', closedAt: at(18, 10), lossReason: 'Дорого' }),
        deal(23, { ownerId: 'oleg', createdAt: at(18, 9) }),
      ],
      lastReadAt: now.getTime() - 180_000,
    });
    expect(result.figures.calls).toEqual({ deals: 0, calls: 2, meetings: 0, tooLittleData: false });
    expect(result.figures.meetings).toEqual({ deals: 0, calls: 0, meetings: 1, tooLittleData: false });
    expect(result.figures.newDeals).toEqual({ deals: 1, calls: 0, meetings: 0, tooLittleData: false });
    expect(result.figures.wonAmount).toEqual({ deals: 1, calls: 0, meetings: 0, tooLittleData: false });
    expect(result.figures.stalled).toMatchObject({ deals: 13 });
    expect(result.figures.funnel).toMatchObject({ deals: 1, tooLittleData: true });
    expect(result.figures.lost).toMatchObject({ deals: 1, tooLittleData: true });
    expect([result.deals, result.calls, result.meetings, result.readAgeMs, result.lastReadAt]).toEqual([15, 3, 1, 180_000, new Date(now.getTime() - 180_000)]);
  });

  it('the whole team when no manager is named', () => {
    const result = dataCoverage({ deals: [], activities: [call(18, 9), call(18, 9, 'oleg')], period: today, now, calendar: ru, lastReadAt: null });
    expect(result.figures.calls.calls).toBe(2);
  });
});
