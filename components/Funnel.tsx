// The period's funnel in a few lines: deals reaching each stage and on to the next, new deal → won, average deal, repeat buyers, clients who came back.
import { formatMoney, t, tPlural } from '../lib/i18n';
import type { Funnel as FunnelFigures } from '../lib/metrics';
import { useLang } from './Lang';

export interface FunnelPipelineOption {
  id: string;
  name: string;
}

export function Funnel({
  funnel,
  currency,
  pipelines,
  pipelineId,
  onPipeline,
}: {
  funnel: FunnelFigures;
  currency: string;
  /** Offered as a choice when there are several. */
  pipelines: readonly FunnelPipelineOption[];
  pipelineId: string | null;
  onPipeline: (id: string) => void;
}) {
  const lang = useLang();
  const rate = (share: number) => t(lang, 'popup.percent', { n: Math.round(share * 100) });
  const money = (amount: number) => formatMoney(Math.round(amount), currency, lang);
  const { leads, won, lost, leadToWon, averageWon, repeatBuyers, retention } = funnel;
  return (
    <details className="section fold" data-testid="funnel" data-leads={leads} data-won={won}>
      <summary>
        <span className="fold__title">{leadToWon === null ? t(lang, 'popup.funnelNone') : t(lang, 'popup.funnelSummary', { won, leads, rate: rate(leadToWon) })}</span>
      </summary>
      {pipelines.length > 1 && (
        <label className="fold__pipeline">
          {t(lang, 'popup.funnelPipeline')}{' '}
          <select data-testid="funnel-pipeline" value={pipelineId ?? ''} onChange={(event) => onPipeline(event.target.value)}>
            {pipelines.map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {leads === 0 ? (
        <div className="fold__empty" data-testid="funnel-empty">
          {t(lang, 'popup.funnelEmpty')}
        </div>
      ) : (
        funnel.steps.length > 0 && (
          <table className="funnel" data-testid="funnel-steps">
            <thead>
              <tr>
                <th scope="col">{t(lang, 'popup.funnelStage')}</th>
                <th scope="col">{t(lang, 'popup.funnelReached')}</th>
                <th scope="col">{t(lang, 'popup.funnelToNext')}</th>
              </tr>
            </thead>
            <tbody>
              {funnel.steps.map((step) => (
                <tr key={step.stageId} data-stage-id={step.stageId} data-reached={step.reached}>
                  <th scope="row">{step.stageName}</th>
                  <td>{step.reached}</td>
                  <td>{step.toNext === null ? '—' : `→ ${rate(step.toNext)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      <dl className="fold__figures">
        <dt>{t(lang, 'popup.leadToWon')}</dt>
        <dd data-testid="funnel-lead-to-won">{leadToWon === null ? '—' : t(lang, 'popup.leadToWonValue', { rate: rate(leadToWon), won, leads, lost })}</dd>
        <dt>{t(lang, 'popup.averageDeal')}</dt>
        <dd data-testid="funnel-average">
          {averageWon.amount === null ? t(lang, 'popup.noWon') : tPlural(lang, 'popup.averageDealValue', averageWon.deals, { amount: money(averageWon.amount) })}
          {averageWon.withoutAmount > 0 ? `; ${t(lang, 'popup.withoutAmount', { n: averageWon.withoutAmount })}` : ''}
        </dd>
        <dt>{t(lang, 'popup.repeatBuyers')}</dt>
        <dd data-testid="funnel-repeat">
          {repeatBuyers.share === null
            ? t(lang, 'popup.noBuyers')
            : t(lang, 'popup.repeatValue', { clients: repeatBuyers.clients, buyers: repeatBuyers.buyers, rate: rate(repeatBuyers.share), amount: money(repeatBuyers.amount) })}
        </dd>
        <dt>{t(lang, 'popup.retention')}</dt>
        <dd data-testid="funnel-retention">
          {retention.rate === null ? t(lang, 'popup.noPrevious') : t(lang, 'popup.retentionValue', { returned: retention.returned, previous: retention.previousBuyers, rate: rate(retention.rate) })}
        </dd>
      </dl>
      {funnel.steps.length > 1 && leads > 0 && <div className="stalled__why">{t(lang, 'popup.funnelNote')}</div>}
    </details>
  );
}
