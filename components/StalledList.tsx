// Stalled deals with every reason in words (silence included); each opens the deal in the CRM.
import { formatMoney, t } from '../lib/i18n';
import { stallReasonText, type StalledDeal } from '../lib/metrics';
import { useLang } from './Lang';

const SHOWN = 5;

export function StalledList({ stalled, showAll, onToggle }: { stalled: StalledDeal[]; showAll: boolean; onToggle: () => void }) {
  const lang = useLang();
  const shown = showAll ? stalled : stalled.slice(0, SHOWN);
  return (
    <section className="section" data-testid="stalled" data-count={stalled.length}>
      <h2>{t(lang, 'stalledHeader', { n: stalled.length })}</h2>
      {stalled.length === 0 ? (
        <div className="stalled__why">{t(lang, 'stalledNone')}</div>
      ) : (
        <ul className="stalled">
          {shown.map(({ deal, allReasons }) => (
            <li key={deal.crmId} data-deal-id={deal.crmId}>
              <a className="stalled__title" href={deal.url} target="_blank" rel="noreferrer noopener">
                {deal.title}
              </a>
              {' · '}
              {deal.amount === null ? t(lang, 'noAmount') : formatMoney(deal.amount, deal.currency, lang)}
              <div className="stalled__why">{allReasons.map((reason) => stallReasonText(lang, reason)).join('; ')}</div>
            </li>
          ))}
        </ul>
      )}
      {stalled.length > SHOWN && (
        <button type="button" className="linkish" onClick={onToggle} aria-expanded={showAll}>
          {showAll ? '▴' : `${t(lang, 'showAll')} (${stalled.length}) ▾`}
        </button>
      )}
    </section>
  );
}
