import { describe, expect, it } from 'vitest';
import type { DealFields } from '../../lib/model';
import { isRecoverableReason, lostDeals } from '../../lib/metrics';
import { DEFAULT_SETTINGS } from '../../lib/settings';

/** Wednesday 18 November 2026, 17:00. */
const now = new Date(2026, 10, 18, 17, 0);
const at = (month: number, date: number) => new Date(2026, month - 1, date, 12).getTime();

function lost(crmId: string, closedAt: number, lossReason: string | null, amount: number | null = 100000, ownerId = 'irina'): DealFields {
  return {
    crmId,
    title: `ООО ${crmId}`,
    amount,
    currency: 'RUB',
    pipelineId: 'p1',
    stageId: 'lost',
    status: 'lost',
    ownerId,
    createdAt: at(9, 1),
    stageEnteredAt: closedAt,
    updatedAt: closedAt,
    closedAt,
    lossReason,
    client: null,
    nextTaskAt: null,
    url: `https://acme.amocrm.ru/leads/detail/${crmId}`,
  };
}

const deals: DealFields[] = [
  lost('a', at(11, 2), 'Дорого', 300000),
  lost('b', at(11, 10), 'дорого ', 50000),
  lost('c', at(11, 12), 'Дорого для клиента', 200000),
  lost('d', at(11, 16), 'Выбрали конкурента', 900000),
  lost('e', at(11, 17), null, null),
  lost('f', at(11, 5), 'Нет бюджета', 400000, 'oleg'),
  lost('old', at(10, 1), 'Дорого', 1000000),
  { ...lost('won', at(11, 3), null), status: 'won', lossReason: null },
];
const november = { from: new Date(2026, 10, 1), to: new Date(2026, 11, 1) };
const run = (ownerId?: string) =>
  lostDeals({
    deals,
    ...(ownerId === undefined ? {} : { ownerId }),
    ...november,
    now,
    recoverableReasons: DEFAULT_SETTINGS.recoverableLossReasons,
    recoverWithinDays: 14,
  });

describe('lostDeals', () => {
  it('groups the period’s losses by reason, most first; the same reason however it is typed', () => {
    expect(run('irina').byReason).toEqual([
      { reason: 'Дорого', count: 2, amount: 350000, recoverable: true },
      { reason: 'Выбрали конкурента', count: 1, amount: 900000, recoverable: false },
      { reason: 'Дорого для клиента', count: 1, amount: 200000, recoverable: true },
      { reason: null, count: 1, amount: 0, recoverable: false },
    ]);
  });

  it('counts and sums the period only', () => {
    expect([run('irina').count, run('irina').amount, run().count]).toEqual([5, 1450000, 6]);
  });

  it('worth another try: lost within 14 days for a recoverable reason, biggest first', () => {
    // "a" was lost 16 days ago, "old" a month and a half ago; "d" for a reason that does not come back.
    expect(run('irina').worthRetry.map((d) => d.crmId)).toEqual(['c', 'b']);
    expect(run().worthRetry.map((d) => d.crmId)).toEqual(['f', 'c', 'b']);
  });

  it('no data → nothing', () => {
    expect(lostDeals({ deals: [], ...november, now, recoverableReasons: ['Дорого'], recoverWithinDays: 30 })).toEqual({ count: 0, amount: 0, byReason: [], worthRetry: [] });
  });
});

describe('isRecoverableReason', () => {
  it.each([
    ['Дорого', true],
    ['ДОРОГО', true],
    ['Нет  бюджета на этот квартал', true],
    ['Не дозвонились', true],
    ['Неактуально сейчас, вернуться весной', true],
    ['No budget this year', true],
    ['Выбрали конкурента', false],
    ['Спам', false],
    ['', false],
    [null, false],
  ])('%j → %s', (reason, expected) => {
    expect(isRecoverableReason(reason, DEFAULT_SETTINGS.recoverableLossReasons)).toBe(expected);
  });

  it('treats ё as е', () => {
    expect(isRecoverableReason('Перенесём на потом', ['перенесем'])).toBe(true);
  });
});
