// The role's KPIs, each as plan vs fact with a bar.
import { formatKpiValue, kpiName, t } from '../lib/i18n';
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
        // An average or a share over a handful of deals says little: the figure says so rather than hide.
        const detail = note?.(figure) ?? (figure.tooLittleData ? t(lang, 'tooLittleData') : null);
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
            {figure.kind === 'limit' ? (
              // "Keep at most": nothing to fill; the colour says within or over the limit.
              <span className={`kpi__limit bar__fill--${figure.status}`} data-testid={`kpi-limit-${figure.kpi}`} />
            ) : (
              <ProgressBar fact={figure.fact} plan={figure.plan} status={figure.status} label={name} />
            )}
            <span className="kpi__value">
              {figure.kind === 'limit'
                ? t(lang, 'kpi.limitOf', { fact: formatKpiValue(figure.fact, figure.unit, lang, currency), plan: formatKpiValue(figure.plan, figure.unit, lang, currency) })
                : `${formatKpiValue(figure.fact, figure.unit, lang, currency)} / ${formatKpiValue(figure.plan, figure.unit, lang, currency)}`}
              {figure.done && <span className="kpi__done" aria-label="done">✓</span>}
            </span>
            {detail !== null && <span className="kpi__note">{detail}</span>}
          </div>
        );
      })}
    </section>
  );
}
