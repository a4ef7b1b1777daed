// The one step a user takes per CRM site: allow the extension to read it.
import { t } from '../lib/i18n';
import { useLang } from './Lang';

export type EnableState = 'offer' | 'asking' | 'declined' | 'enabled' | 'error';

export function EnableSite({ label, origin, state, onEnable }: { label: string; origin: string; state: EnableState; onEnable: () => void }) {
  const lang = useLang();
  const host = new URL(origin).host;
  return (
    <div className="notice enable" data-testid="enable-site" data-state={state}>
      <strong>
        {label} · {host}
      </strong>
      {state === 'enabled' ? (
        <div>{t(lang, 'site.enabled')}</div>
      ) : (
        <>
          <div>{t(lang, 'site.why')}</div>
          <button type="button" className="button" onClick={onEnable} disabled={state === 'asking'}>
            {t(lang, 'site.enable')}
          </button>
          {state === 'declined' && <div className="stalled__why">{t(lang, 'site.declined')}</div>}
          {state === 'error' && <div className="stalled__why">{t(lang, 'site.error')}</div>}
        </>
      )}
    </div>
  );
}
