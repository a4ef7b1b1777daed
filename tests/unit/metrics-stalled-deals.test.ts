import { describe, expect, it } from 'vitest';
import type { DealFields, StageFields } from '../../lib/model';
import { stalledDeals } from '../../lib/metrics';

/** Thursday 12 March 2026, 10:00 local. */
const now = new Date(2026, 2, 12, 10, 0);
const day = (month: number, date: number, hour = 11) => new Date(2026, month - 1, date, hour).getTime();

const stages: StageFields[] = [
  { crmId: 'proposal', pipelineId: 'p1', name: 'КП отправлено', order: 2, kind: 'open' },
  { crmId: 'talks', pipelineId: 'p1', name: 'Переговоры', order: 3, kind: 'open' },
  { crmId: 'won', pipelineId: 'p1', name: 'Успешно реализовано', order: 10, kind: 'won' },
  { crmId: 'lost', pipelineId: 'p1', name: 'Закрыто и не реализовано', order: 11, kind: 'lost' },
];

function deal(crmId: string, fields: Partial<DealFields>): DealFields {
  return {
    crmId,
    title: `ООО ${crmId}`,
    amount: 1250000,
    currency: 'RUB',
    pipelineId: 'p1',
    stageId: 'proposal',
    status: 'open',
    ownerId: 'irina',
    createdAt: day(1, 10),
    stageEnteredAt: day(2, 2),
    updatedAt: day(3, 1),
    closedAt: null,
    lossReason: null,
    client: null,
    nextTaskAt: day(3, 13),
    url: `https://acme.amocrm.ru/leads/detail/${crmId}`,
    ...fields,
  };
}

const run = (deals: DealFields[], limit = 7) => stalledDeals({ deals, stages, stageLimitDays: () => limit, now });

describe('stalledDeals: days in stage against the limit (working days)', () => {
  it.each([
    ['7 working days (Tue 3 Mar) = at the limit', day(3, 3), 7, false],
    ['8 working days (Mon 2 Mar) = over the limit', day(3, 2), 8, true],
    ['8 working days even entered late in the day', day(3, 2, 23), 8, true],
    ['entered today', day(3, 12, 9), 0, false],
    ['Fri 6 Mar: 6 calendar days but 4 working days', day(3, 6), 4, false],
    ['entered on Saturday 7 Mar: 3 working days', day(3, 7), 3, false],
    ['Wed 25 Feb: two weekends, 11 working days', day(2, 25), 11, true],
  ])('%s', (_name, stageEnteredAt, days, isStalled) => {
    const d = deal('a', { stageEnteredAt });
    expect(run([d]).length > 0).toBe(isStalled);
    // With a negative limit every open deal shows, which exposes the day count itself.
    expect(run([d], -1)[0]?.daysInStage).toBe(days);
  });

  it('a weekend span needs more calendar days: Fri 6 Mar with limit 3 is 4 working days → stalled', () => {
    expect(run([deal('a', { stageEnteredAt: day(3, 6) })], 3)[0]?.daysInStage).toBe(4);
  });

  it.each([
    ['won status', { status: 'won' as const, closedAt: day(3, 1) }],
    ['lost status', { status: 'lost' as const, closedAt: day(3, 1), lossReason: 'Дорого' }],
    ['open status in a won stage', { stageId: 'won' }],
    ['open status in a lost stage', { stageId: 'lost' }],
    ['no stage-entry time', { stageEnteredAt: null }],
  ])('never stalled: %s', (_name, fields) => {
    expect(run([deal('a', { stageEnteredAt: day(1, 5), ...fields })])).toEqual([]);
  });

  it('asks the limit per stage; Infinity means the stage never stalls', () => {
    const deals = [deal('slow-talks', { stageId: 'talks', stageEnteredAt: day(2, 2) }), deal('proposal', { stageEnteredAt: day(3, 2) })];
    const limits: Record<string, number> = { talks: Number.POSITIVE_INFINITY, proposal: 5 };
    const result = stalledDeals({ deals, stages, stageLimitDays: (id) => limits[id] ?? 7, now });
    expect(result.map((s) => [s.deal.crmId, s.limitDays])).toEqual([['proposal', 5]]);
  });

  it('names an unknown stage by its id rather than dropping the deal', () => {
    expect(run([deal('a', { stageId: '142' })])[0]?.stageName).toBe('142');
  });
});

describe('stalledDeals: reasons and order', () => {
  it.each([
    ['next task in the future', day(3, 13), []],
    ['no next task', null, [{ kind: 'no-next-task' }]],
    ['next task overdue', day(3, 10, 9), [{ kind: 'task-overdue', since: day(3, 10, 9) }]],
  ])('%s', (_name, nextTaskAt, extra) => {
    const [stalled] = run([deal('a', { nextTaskAt, stageEnteredAt: day(3, 2) })]);
    expect(stalled?.reasons).toEqual([{ kind: 'days-in-stage', days: 8, limit: 7, stageName: 'КП отправлено' }, ...extra]);
  });

  it('longest in stage first', () => {
    const deals = [
      deal('eight', { stageEnteredAt: day(3, 2) }),
      deal('eleven', { stageEnteredAt: day(2, 25) }),
      deal('won', { status: 'won', stageEnteredAt: day(1, 5) }),
      deal('nine', { stageEnteredAt: day(2, 27) }),
    ];
    expect(run(deals).map((s) => [s.deal.crmId, s.daysInStage])).toEqual([
      ['eleven', 11],
      ['nine', 9],
      ['eight', 8],
    ]);
  });

  it('no deals → nothing stalled', () => {
    expect(run([])).toEqual([]);
  });
});
