import { describe, expect, it } from 'vitest';
import { planFact } from '../../lib/metrics';
import type { KpiId } from '../../lib/settings';

const facts: Record<KpiId, number> = {
  calls: 46,
  conversations: 18,
  talkTime: 4000,
  meetings: 2,
  newDeals: 0,
  movedForward: 0,
  wonCount: 0,
  wonAmount: 120000,
  avgDeal: 0,
  conversion: 0,
  repeatSales: 0,
  retention: 0,
  overdueTasks: 0,
};

describe('planFact', () => {
  it('lists the targeted KPIs in the shared order, whatever the targets object order', () => {
    const figures = planFact({ newDeals: 3, talkTime: 3600, calls: 80, conversations: 30 }, facts);
    expect(figures.map((f) => f.kpi)).toEqual(['calls', 'conversations', 'talkTime', 'newDeals']);
  });

  it.each([
    ['calls', 80, 46, 'count', 46 / 80, false],
    ['meetings', 2, 2, 'count', 1, true],
    ['wonAmount', 500000, 120000, 'money', 0.24, false],
  ] as const)('%s: plan %d, fact %d', (kpi, plan, fact, unit, ratio, done) => {
    expect(planFact({ calls: 80, meetings: 2, wonAmount: 500000 }, facts).find((f) => f.kpi === kpi)).toEqual({ kpi, plan, fact, unit, kind: 'sum', ratio, done, tooLittleData: false });
  });

  it('does not cap the ratio', () => {
    const [talk] = planFact({ talkTime: 3600 }, facts);
    expect(talk).toMatchObject({ unit: 'seconds', done: true });
    expect(talk?.ratio).toBeCloseTo(4000 / 3600, 10);
  });

  it.each([
    ['no targets', {}],
    ['a zero target', { calls: 0 }],
    ['a negative target', { calls: -1 }],
  ])('%s → no figures', (_name, targets) => {
    expect(planFact(targets, facts)).toEqual([]);
  });
});
