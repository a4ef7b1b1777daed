// What the last read could not get, said plainly; the data stored before stays shown.
import { t } from '../lib/i18n';
import type { Problem } from '../lib/model';
import { useLang } from './Lang';

const SHOWN = 4;

export function ProblemsNotice({ problems, stale }: { problems: Problem[]; stale: boolean }) {
  const lang = useLang();
  if (problems.length === 0) return null;
  return (
    <div className={`notice${stale ? ' notice--error' : ''}`} role="status" data-testid="problems">
      <strong>{t(lang, 'problemsHeader')}</strong>
      <ul>
        {problems.slice(0, SHOWN).map((problem, i) => (
          <li key={`${problem.code}-${i}`}>{problem.message}</li>
        ))}
        {problems.length > SHOWN && <li>… +{problems.length - SHOWN}</li>}
      </ul>
    </div>
  );
}
