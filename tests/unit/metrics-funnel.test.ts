import { describe, expect, it } from 'vitest';
import type { DealFields, StageFields } from '../../lib/model';
import { funnel, type FunnelInput } from '../../lib/metrics';

const now = new Date(2026, 10, 30, 18, 0);
const at = (month: number, date: number) => new Date(2026, month - 1, date, 12).getTime();
const stages: StageFields[] = [
  { crmId: 'talks', pipelineId: 'p1', name: 'Переговоры', order: 4, kind: 'open' },
  { crmId: 'new', pipelineId: 'p1', name: 'Новый лид', order: 1, kind: 'open' },
  { crmId: 'qualified', pipelineId: 'p1', name: 'Квалификация', order: 2, kind: 'open' },
  { crmId: 'proposal', pipelineId: 'p1', name: 'КП отправлено', order: 3, kind: 'open' },
  { crmId: 'won', pipelineId: 'p1', name: 'Успешно реализовано', order: 10, kind: 'won' },
  { crmId: 'lost', pipelineId: 'p1', name: 'Закрыто и не реализовано', order: 11, kind: 'lost' },
  { crmId: 'other-new', pipelineId: 'p2', name: 'Повторные', order: 1, kind: 'open' },
];

let seq = 0;
function deal(fields: Partial<DealFields>): DealFields {
  seq += 1;
  return {
    crmId: `d${seq}`,
    title: `Сделка ${seq}`,
    amount: 100000,
    currency: 'RUB',
    pipelineId: 'p1',
    stageId: 'new',
    status: 'open',
    ownerId: 'irina',
    createdAt: at(11, 5),
    stageEnteredAt: at(11, 5),
    updatedAt: at(11, 5),
    closedAt: null,
    lossReason: null,
    client: null,
    nextTaskAt: null,
    url: '',
    ...fields,
  };
}
const won = (closedAt: number, client: string | null, amount: number | null, fields: Partial<DealFields> = {}) =>
  deal({ status: 'won', stageId: 'won', closedAt, client, amount, ...fields });

const deals: DealFields[] = [
  // November's leads: 2 new, 2 qualified, 1 proposal, 1 talks, 2 won, 2 lost.
  deal({ stageId: 'new' }),
  deal({ stageId: 'new' }),
  deal({ stageId: 'qualified' }),
  deal({ stageId: 'qualified' }),
  deal({ stageId: 'proposal' }),
  deal({ stageId: 'talks' }),
  won(at(11, 20), 'ООО "Ромашка"', 100000),
  won(at(11, 21), 'Берёзка', 300000),
  deal({ status: 'lost', stageId: 'lost', closedAt: at(11, 10), lossReason: 'Дорого' }),
  deal({ status: 'lost', stageId: 'lost', closedAt: at(11, 11), lossReason: 'Спам' }),
  // Created in October, won in November: average deal size and buyers, not the November leads.
  won(at(11, 12), 'ИП Василек', 200000, { createdAt: at(10, 1) }),
  won(at(11, 13), null, null, { createdAt: at(10, 2) }),
  // October's buyers.
  won(at(10, 10), 'ООО «Ромашка»', 500000, { createdAt: at(9, 1) }),
  won(at(10, 11), 'ООО Лютик', 500000, { createdAt: at(9, 1) }),
  won(at(10, 12), 'ИП Василёк', 500000, { createdAt: at(9, 1) }),
  // Another pipeline and another manager.
  deal({ pipelineId: 'p2', stageId: 'other-new' }),
  deal({ ownerId: 'oleg' }),
];
const november = { kind: 'month' as const, start: new Date(2026, 10, 15) };
const run = (patch: Partial<FunnelInput> = {}) => funnel({ deals, stages, pipelineId: 'p1', ownerId: 'irina', period: november, now, ...patch });

describe('funnel', () => {
  const result = run();

  it('follows the period’s leads through the open stages in pipeline order to won', () => {
    expect(result.steps.map((s) => [s.stageName, s.reached, s.toNext === null ? null : Number(s.toNext.toFixed(4))])).toEqual([
      ['Новый лид', 10, 0.6],
      ['Квалификация', 6, 0.6667],
      ['КП отправлено', 4, 0.75],
      ['Переговоры', 3, 0.6667],
      ['Успешно реализовано', 2, null],
    ]);
  });

  it('lead → won of the cohort', () => {
    expect([result.leads, result.won, result.lost, result.leadToWon]).toEqual([10, 2, 2, 0.2]);
  });

  it('average deal size over the deals won in the period that show an amount', () => {
    expect(result.averageWon).toEqual({ amount: 200000, deals: 3, withoutAmount: 1 });
  });

  it('repeat buyers: the same client however spelled, two won deals by the period end', () => {
    expect(result.repeatBuyers.clients).toBe(2);
    expect(result.repeatBuyers.buyers).toBe(3);
    expect(result.repeatBuyers.share).toBeCloseTo(2 / 3, 10);
    expect(result.repeatBuyers.amount).toBe(300000);
    expect(result.wonWithoutClient).toBe(1);
  });

  it('retention: October’s buyers who bought again in November', () => {
    expect(result.retention.previousBuyers).toBe(3);
    expect(result.retention.returned).toBe(2);
    expect(result.retention.rate).toBeCloseTo(2 / 3, 10);
  });

  it('all pipelines: no stage steps, the rest over every pipeline', () => {
    const all = run({ pipelineId: null });
    expect([all.steps, all.leads]).toEqual([[], 11]);
  });

  it('the whole team when no manager is named', () => {
    expect(run({ ownerId: undefined }).leads).toBe(11);
  });

  it('no data → zeros and nulls, never NaN', () => {
    expect(funnel({ deals: [], stages, pipelineId: 'p1', period: november, now })).toEqual({
      leads: 0,
      steps: [
        { stageId: 'new', stageName: 'Новый лид', reached: 0, toNext: null },
        { stageId: 'qualified', stageName: 'Квалификация', reached: 0, toNext: null },
        { stageId: 'proposal', stageName: 'КП отправлено', reached: 0, toNext: null },
        { stageId: 'talks', stageName: 'Переговоры', reached: 0, toNext: null },
        { stageId: 'won', stageName: 'Успешно реализовано', reached: 0, toNext: null },
      ],
      won: 0,
      lost: 0,
      leadToWon: null,
      averageWon: { amount: null, deals: 0, withoutAmount: 0 },
      repeatBuyers: { clients: 0, buyers: 0, share: null, amount: 0 },
      retention: { previousBuyers: 0, returned: 0, rate: null },
      wonWithoutClient: 0,
    });
  });

  it('a week: retention compares with the week before', () => {
    const week = run({ period: { kind: 'week', start: new Date(2026, 10, 20) } });
    // Bought 20 and 21 Nov (this week: Ромашка, Берёзка); 9–15 Nov: ИП Василек, who did not come back this week.
    expect([week.repeatBuyers.buyers, week.retention]).toEqual([2, { previousBuyers: 1, returned: 0, rate: 0 }]);
  });
});
