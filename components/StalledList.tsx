// Stalled deals with every reason in words (silence included); each opens the deal in the CRM and can be snoozed, and snoozed ones can be brought back.
import { useId, useRef, useState } from 'react';
import { formatDay, t } from '../lib/i18n';
import { stallReasonText, type StalledDeal } from '../lib/metrics';
import type { DealFields } from '../lib/model';
import { DealTitle } from './DealTitle';
import { useLang } from './Lang';
import { SnoozeMenu, type SnoozeMenuProps } from './SnoozeMenu';

const SHOWN = 5;

export interface StalledSnooze extends Pick<SnoozeMenuProps, 'choices' | 'earliest' | 'pickDate'> {
  /** Deals a snooze hides that would be stalled now, with when each comes back (epoch ms). */
  snoozed: readonly { stalled: StalledDeal; until: number }[];
  onSnooze: (deal: DealFields, until: Date) => void;
  onUnsnooze: (deal: DealFields) => void;
}

export function StalledList({ stalled, showAll, onToggle, snooze }: { stalled: StalledDeal[]; showAll: boolean; onToggle: () => void; snooze?: StalledSnooze }) {
  const lang = useLang();
  const snoozedId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [showSnoozed, setShowSnoozed] = useState(false);
  const [said, say] = useState('');
  const shown = showAll ? stalled : stalled.slice(0, SHOWN);
  const why = (reasons: StalledDeal['allReasons']) => <div className="stalled__why">{reasons.map((reason) => stallReasonText(lang, reason)).join('; ')}</div>;
  // The row the user acted on goes away: focus stays in the section and the change is said aloud.
  const done = (text: string) => {
    say(text);
    heading.current?.focus();
  };
  const snoozed = snooze?.snoozed ?? [];
  return (
    <section className="section" data-testid="stalled" data-count={stalled.length}>
      <h2 ref={heading} tabIndex={-1}>
        {t(lang, 'stalledHeader', { n: stalled.length })}
      </h2>
      {stalled.length === 0 ? (
        <div className="stalled__why">{t(lang, 'stalledNone')}</div>
      ) : (
        <ul className="stalled">
          {shown.map(({ deal, allReasons }) => (
            <li key={deal.crmId} data-deal-id={deal.crmId}>
              <div className="stalled__row">
                <span>
                  <DealTitle deal={deal} />
                </span>
                {snooze && (
                  <SnoozeMenu
                    dealTitle={deal.title}
                    choices={snooze.choices}
                    earliest={snooze.earliest}
                    pickDate={snooze.pickDate}
                    onSnooze={(until) => {
                      snooze.onSnooze(deal, until);
                      done(t(lang, 'popup.snoozeDone', { deal: deal.title, date: formatDay(until, lang) }));
                    }}
                  />
                )}
              </div>
              {why(allReasons)}
            </li>
          ))}
        </ul>
      )}
      {stalled.length > SHOWN && (
        <button type="button" className="linkish" onClick={onToggle} aria-expanded={showAll}>
          {showAll ? '▴' : `${t(lang, 'showAll')} (${stalled.length}) ▾`}
        </button>
      )}
      {snooze && snoozed.length > 0 && (
        <div className="stalled__snoozed" data-testid="snoozed" data-count={snoozed.length}>
          {t(lang, 'popup.snoozed', { n: snoozed.length })}
          {' · '}
          <button type="button" className="linkish" aria-expanded={showSnoozed} aria-controls={snoozedId} onClick={() => setShowSnoozed(!showSnoozed)}>
            {showSnoozed ? t(lang, 'popup.snoozedHide') : t(lang, 'popup.snoozedShow')}
          </button>
          {showSnoozed && (
            <ul className="stalled" id={snoozedId}>
              {snoozed.map(({ stalled: { deal, allReasons }, until }) => (
                <li key={deal.crmId} data-deal-id={deal.crmId}>
                  <div className="stalled__row">
                    <span>
                      <DealTitle deal={deal} />
                    </span>
                    <button
                      type="button"
                      className="linkish"
                      aria-label={t(lang, 'popup.unsnoozeFor', { deal: deal.title })}
                      data-testid="unsnooze"
                      onClick={() => {
                        snooze.onUnsnooze(deal);
                        done(t(lang, 'popup.unsnoozeDone', { deal: deal.title }));
                      }}
                    >
                      {t(lang, 'popup.unsnooze')}
                    </button>
                  </div>
                  <div className="stalled__why">{t(lang, 'popup.snoozedUntil', { date: formatDay(new Date(until), lang) })}</div>
                  {why(allReasons)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="visually-hidden" role="status" data-testid="stalled-status">
        {said}
      </div>
    </section>
  );
}
