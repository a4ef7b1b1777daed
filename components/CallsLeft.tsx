// The one big number: calls still to make today, the pace that finishes on time, and where today ends at this pace.
import { callsLeftText, formatNumber, formatTime, t, tPlural } from '../lib/i18n';
import type { CallsFigure, PaceStatus } from '../lib/metrics';
import { useLang } from './Lang';
import { ProgressBar } from './ProgressBar';

export function CallsLeft({ calls, status }: { calls: CallsFigure; status: PaceStatus }) {
  const lang = useLang();
  return (
    <section className="section" aria-label={t(lang, 'kpi.calls')}>
      <div className="calls">
        <div data-testid="calls-left" data-value={calls.remaining}>
          {calls.remaining > 0 ? (
            <>
              <span className="calls__big">{formatNumber(calls.remaining, lang)}</span>
              <span className="calls__label">{tPlural(lang, 'callsLeftUnit', calls.remaining)}</span>
            </>
          ) : (
            <span className="calls__big">✓ {callsLeftText(lang, 0)}</span>
          )}
        </div>
        {calls.pace !== null && calls.remaining > 0 && (
          <div className="calls__pace" data-testid="calls-pace">
            {t(lang, 'needPace', { pace: formatNumber(calls.pace, lang, 1) })}
          </div>
        )}
      </div>
      <ProgressBar fact={calls.done} plan={calls.plan} status={status} label={t(lang, 'kpi.calls')} />
      <div className="calls__line">
        <span data-testid="calls-done">
          {formatNumber(calls.done, lang)} / {formatNumber(calls.plan, lang)}
        </span>
        <span>{t(lang, 'projectedBy', { time: formatTime(calls.endOfDay, lang), n: calls.projected })}</span>
      </div>
    </section>
  );
}
