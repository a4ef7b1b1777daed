// The role's KPIs, each as plan vs fact with a bar.
import { formatKpiValue, kpiName } from '../lib/i18n';
import type { DayView } from '../lib/metrics';
import { useLang } from './Lang';
import { ProgressBar } from './ProgressBar';

export function KpiList({ figures, currency, conversationMinSec }: { figures: DayView['figures']; currency: string; conversationMinSec: number }) {
  const lang = useLang();
  if (figures.length === 0) return null;
  return (
    <section className="section">
      {figures.map((figure) => {
        const name = kpiName(lang, figure.kpi, conversationMinSec);
        return (
          <div className="kpi" key={figure.kpi} data-testid={`kpi-${figure.kpi}`} data-fact={figure.fact} data-plan={figure.plan}>
            <span>{name}</span>
            <ProgressBar fact={figure.fact} plan={figure.plan} status={figure.status} label={name} />
            <span className="kpi__value">
              {formatKpiValue(figure.fact, figure.unit, lang, currency)} / {formatKpiValue(figure.plan, figure.unit, lang, currency)}
              {figure.done && <span className="kpi__done" aria-label="done">✓</span>}
            </span>
          </div>
        );
      })}
    </section>
  );
}
