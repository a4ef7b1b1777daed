// Deals lost in a period with their reasons, and the recently lost ones worth another try, each opening in the CRM.
import { formatDay, formatMoney, t, tPlural } from '../lib/i18n';
import type { LossReasonGroup, LostDeals as LostDealsFigures } from '../lib/metrics';
import type { DealFields } from '../lib/model';
import { DealTitle } from './DealTitle';
import { useLang } from './Lang';

export function LostDeals({
  lost,
  title,
  currency,
  recoverWithinDays,
  ownerOf,
}: {
  lost: LostDealsFigures;
  /** "Lost this week: 4". */
  title: string;
  currency: string;
  recoverWithinDays: number;
  /** Who owns a deal, for a list of several managers' deals. */
  ownerOf?: (deal: DealFields) => string | null;
}) {
  const lang = useLang();
  const reasonName = (group: LossReasonGroup) => group.reason ?? t(lang, 'lost.noReason');
  return (
    <details className="section fold" data-testid="lost" data-count={lost.count} data-retry={lost.worthRetry.length}>
      <summary>
        <span className="fold__title">
          {title}
          {lost.amount > 0 ? ` · ${formatMoney(lost.amount, currency, lang)}` : ''}
        </span>
        {lost.byReason.length > 0 && (
          <span className="fold__detail" data-testid="lost-reasons-line">
            {lost.byReason.map((group) => `${reasonName(group)} ${group.count}`).join(' · ')}
          </span>
        )}
        {lost.worthRetry.length > 0 && <span className="fold__detail fold__detail--act">{t(lang, 'popup.retryCount', { n: lost.worthRetry.length })}</span>}
      </summary>
      {lost.count === 0 ? (
        <div className="stalled__why">{t(lang, 'popup.lostNone')}</div>
      ) : (
        <>
          <h3>{t(lang, 'popup.lostReasons')}</h3>
          <ul className="fold__list" data-testid="lost-reasons">
            {lost.byReason.map((group) => (
              <li key={group.reason ?? ''} data-count={group.count}>
                <span>{reasonName(group)}</span>
                <span className="fold__num">
                  {group.count}
                  {group.amount > 0 ? ` · ${formatMoney(group.amount, currency, lang)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t(lang, 'popup.retryTitle')}</h3>
      <div className="stalled__why">{tPlural(lang, 'popup.retryHint', recoverWithinDays)}</div>
      {lost.worthRetry.length === 0 ? (
        <div className="fold__empty" data-testid="retry-none">
          {t(lang, 'popup.retryNone')}
        </div>
      ) : (
        <ul className="stalled" data-testid="retry">
          {lost.worthRetry.map((deal) => (
            <li key={deal.crmId} data-deal-id={deal.crmId}>
              <DealTitle deal={deal} />
              <div className="stalled__why">
                {[ownerOf?.(deal) ?? null, deal.lossReason?.trim() || t(lang, 'lost.noReason'), deal.closedAt === null ? null : t(lang, 'popup.lostOn', { date: formatDay(new Date(deal.closedAt), lang) })]
                  .filter((part): part is string => part !== null)
                  .join(' · ')}
              </div>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
