// The role's KPIs, each as plan vs fact with a bar.
import { formatKpiValue, kpiName } from '../lib/i18n';
import type { KpiFigure, PaceStatus } from '../lib/metrics';
import type { KpiId } from '../lib/settings';
import { useLang } from './Lang';
import { ProgressBar } from './ProgressBar';

export type StatusFigure = KpiFigure & { status: PaceStatus };

export function KpiList<F extends StatusFigure>({
  figures,
  currency,
  conversationMinSec,
  nameOf,
  note,
}: {
  figures: readonly F[];
  currency: string;
  conversationMinSec: number;
  /** A name other than the everyday one (a week's "Won" rather than "Won today"). */
  nameOf?: (kpi: KpiId) => string | null;
  /** A small line under the figure (what is due by now). */
  note?: (figure: F) => string | null;
}) {
  const lang = useLang();
  if (figures.length === 0) return null;
  return (
    <section className="section">
      {figures.map((figure) => {
        const name = nameOf?.(figure.kpi) ?? kpiName(lang, figure.kpi, conversationMinSec);
        const detail = note?.(figure) ?? null;
        return (
          <div
            className="kpi"
            key={figure.kpi}
            data-testid={`kpi-${figure.kpi}`}
            data-fact={figure.fact}
            data-plan={figure.plan}
            data-status={figure.status}
          >
            <span title={name}>{name}</span>
            <ProgressBar fact={figure.fact} plan={figure.plan} status={figure.status} label={name} />
            <span className="kpi__value">
              {formatKpiValue(figure.fact, figure.unit, lang, currency)} / {formatKpiValue(figure.plan, figure.unit, lang, currency)}
              {figure.done && <span className="kpi__done" aria-label="done">✓</span>}
            </span>
            {detail !== null && <span className="kpi__note">{detail}</span>}
          </div>
        );
      })}
    </section>
  );
}
