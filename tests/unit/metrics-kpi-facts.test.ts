import { describe, expect, it } from 'vitest';
import type { ActivityFields, DealFields } from '../../lib/model';
import { kpiFacts } from '../../lib/metrics';

/** Thursday 12 March 2026, local time. */
const thu = (time: string) => {
  const [h, m] = time.split(':').map(Number);
  return new Date(2026, 2, 12, h ?? 0, m ?? 0);
};
const from = new Date(2026, 2, 12);
const to = new Date(2026, 2, 13);

function call(time: string, durationSec: number | null, ownerId = 'irina'): ActivityFields {
  return { crmId: `c-${time}-${ownerId}`, type: 'call', at: thu(time).getTime(), ownerId, dealId: null, durationSec, direction: 'out', outcome: null };
}
function meeting(time: string, ownerId = 'irina'): ActivityFields {
  return { ...call(time, 1800, ownerId), crmId: `m-${time}`, type: 'meeting', direction: null };
}
function deal(crmId: string, fields: Partial<DealFields>): DealFields {
  return {
    crmId,
    title: `Deal ${crmId}`,
    amount: 100000,
    currency: 'RUB',
    pipelineId: 'p1',
    stageId: 's1',
    status: 'open',
    ownerId: 'irina',
    createdAt: new Date(2026, 1, 1).getTime(),
    stageEnteredAt: null,
    updatedAt: thu('09:00').getTime(),
    closedAt: null,
    lossReason: null,
    client: null,
    nextTaskAt: null,
    url: `https://acme.amocrm.ru/leads/detail/${crmId}`,
    ...fields,
  };
}

const activities: ActivityFields[] = [
  call('00:00', 10), // first instant of the range counts
  call('09:10', 15), // exactly the threshold: a call, not a conversation
  call('09:20', 16),
  call('10:00', 300),
  call('11:00', null), // duration unknown: a call, no talk time
  meeting('12:00'),
  meeting('15:00'),
  call('10:30', 600, 'oleg'), // someone else's
  { ...call('23:59', 20), at: to.getTime() }, // first instant of the next day: out of range
  { ...call('09:00', 40), at: from.getTime() - 1 }, // last instant of yesterday: out of range
];
const deals: DealFields[] = [
  deal('new-today', { createdAt: thu('09:30').getTime() }),
  deal('new-today-oleg', { createdAt: thu('09:30').getTime(), ownerId: 'oleg' }),
  deal('won-today', { status: 'won', closedAt: thu('16:00').getTime(), amount: 250000 }),
  deal('won-today-no-amount', { status: 'won', closedAt: thu('16:30').getTime(), amount: null }),
  deal('won-yesterday', { status: 'won', closedAt: thu('09:00').getTime() - 24 * 3_600_000 }),
  deal('lost-today', { status: 'lost', closedAt: thu('11:00').getTime(), lossReason: 'Дорого' }),
  deal('won-today-oleg', { status: 'won', closedAt: thu('12:00').getTime(), ownerId: 'oleg' }),
];

describe('kpiFacts', () => {
  const facts = kpiFacts({ activities, deals, ownerId: 'irina', from, to, conversationMinSec: 15 });

  it.each([
    ['calls', 5],
    ['conversations', 2],
    ['talkTime', 10 + 15 + 16 + 300],
    ['meetings', 2],
    ['newDeals', 1],
    ['wonCount', 2],
    ['wonAmount', 250000],
    // The deal without an amount is left out of the average, not counted as 0.
    ['avgDeal', 250000],
    ['conversion', 0],
    ['movedForward', 0],
    ['overdueTasks', 0],
  ] as const)('%s = %d', (kpi, value) => {
    expect(facts[kpi]).toBe(value);
  });

  it('all zeros with no data', () => {
    expect(kpiFacts({ activities: [], deals: [], ownerId: 'irina', from, to, conversationMinSec: 15 })).toEqual({
      calls: 0,
      conversations: 0,
      talkTime: 0,
      meetings: 0,
      newDeals: 0,
      movedForward: 0,
      wonCount: 0,
      wonAmount: 0,
      avgDeal: 0,
      conversion: 0,
      repeatSales: 0,
      retention: 0,
      overdueTasks: 0,
      // No client bought in the previous period: nothing for the retention to be a share of.
      retentionClients: 0,
    });
  });

  it.each([
    [0, 4],
    [15, 2],
    [300, 0],
  ])('conversation threshold %d s → %d conversations', (conversationMinSec, conversations) => {
    expect(kpiFacts({ activities, deals, ownerId: 'irina', from, to, conversationMinSec }).conversations).toBe(conversations);
  });
});
