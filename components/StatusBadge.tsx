// Status dot plus words: green on pace, amber slightly behind, red far behind, grey no target.
import { paceStatusText } from '../lib/i18n';
import type { PaceStatus } from '../lib/metrics';
import { useLang } from './Lang';

export function StatusBadge({ status, text }: { status: PaceStatus; text?: string }) {
  const lang = useLang();
  return (
    <span className={`status status--${status}`} data-status={status}>
      {text ?? paceStatusText(lang, status)}
    </span>
  );
}
