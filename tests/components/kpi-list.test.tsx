// KpiList with the new kinds of KPI: a keep-at-most limit shows no filling bar, a level on too little data says so.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { KpiList, type StatusFigure } from '../../components/KpiList';
import { LangContext } from '../../components/Lang';
import { levelStatus, noFacts, planFact } from '../../lib/metrics';
import { DEFAULT_PACE_THRESHOLDS, type KpiId, type KpiTargets } from '../../lib/settings';

afterEach(cleanup);

function figures(targets: KpiTargets, facts: Partial<Record<KpiId, number>> & { retentionClients?: number }): StatusFigure[] {
  return planFact(targets, { ...noFacts(), ...facts }).map((figure) => ({ ...figure, status: levelStatus(figure, DEFAULT_PACE_THRESHOLDS) ?? 'green' }));
}

describe('KpiList', () => {
  it.each([
    ['none allowed, none overdue', 0, 0, 'green', '0 · at most 0✓'],
    ['none allowed, two overdue', 0, 2, 'red', '2 · at most 0'],
  ] as const)('overdue tasks, %s: a status dot, no progress bar', (_name, plan, fact, status, text) => {
    render(<KpiList figures={figures({ overdueTasks: plan }, { overdueTasks: fact })} currency="RUB" conversationMinSec={15} />);
    const row = screen.getByTestId('kpi-overdueTasks');
    expect([row.dataset.status, row.dataset.plan, row.dataset.fact]).toEqual([status, String(plan), String(fact)]);
    expect(row.querySelector('[role="progressbar"]')).toBeNull();
    expect(screen.getByTestId('kpi-limit-overdueTasks').className).toContain(`bar__fill--${status}`);
    expect(row.querySelector('.kpi__value')?.textContent).toBe(text);
  });

  it('conversion and average deal: percent and money, too little data marked, in Russian', () => {
    render(
      <LangContext.Provider value="ru">
        <KpiList figures={figures({ conversion: 30, avgDeal: 200000 }, { newDeals: 4, conversion: 25, wonCount: 1, avgDeal: 250000 })} currency="RUB" conversationMinSec={15} />
      </LangContext.Provider>,
    );
    const conversion = screen.getByTestId('kpi-conversion');
    expect(conversion.textContent).toContain('Конверсия лид → сделка');
    expect(conversion.textContent).toContain('25\u00a0% / 30\u00a0%');
    expect(conversion.textContent).toContain('пока мало данных');
    expect(conversion.dataset.status).toBe('grey');
    const avg = screen.getByTestId('kpi-avgDeal');
    expect(avg.textContent).toContain('Средний чек');
    expect(avg.textContent).not.toContain('пока мало данных');
    expect(avg.querySelector('[role="progressbar"]')).not.toBeNull();
    expect(avg.dataset.status).toBe('green');
  });

  it.each([
    [4, 'grey', true],
    [6, 'amber', false],
  ] as const)('repeat sales and retention over %d previous clients: money with a bar, percent, too little data under 5', (clients, status, tooLittle) => {
    render(
      <LangContext.Provider value="ru">
        <KpiList
          figures={figures({ repeatSales: 50000, retention: 60 }, { repeatSales: 60000, retention: 50, retentionClients: clients })}
          currency="RUB"
          conversationMinSec={15}
        />
      </LangContext.Provider>,
    );
    const repeat = screen.getByTestId('kpi-repeatSales');
    expect(repeat.textContent).toContain('Повторные продажи');
    expect(repeat.querySelector('[role="progressbar"]')).not.toBeNull();
    const retention = screen.getByTestId('kpi-retention');
    expect(retention.textContent).toContain('Удержание клиентов');
    expect(retention.textContent).toContain('50\u00a0% / 60\u00a0%');
    expect(retention.textContent?.includes('пока мало данных')).toBe(tooLittle);
    expect(retention.dataset.status).toBe(status);
  });
});
