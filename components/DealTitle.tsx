// A deal as one line: its title opening the deal in the CRM, and its amount in the deal's currency (page text as React text only).
import { formatMoney, t } from '../lib/i18n';
import type { DealFields } from '../lib/model';
import { useLang } from './Lang';

export function DealTitle({ deal }: { deal: Pick<DealFields, 'title' | 'url' | 'amount' | 'currency'> }) {
  const lang = useLang();
  return (
    <>
      <a className="stalled__title" href={deal.url} target="_blank" rel="noreferrer noopener">
        {deal.title}
      </a>
      {' · '}
      {deal.amount === null ? t(lang, 'noAmount') : formatMoney(deal.amount, deal.currency, lang)}
    </>
  );
}
