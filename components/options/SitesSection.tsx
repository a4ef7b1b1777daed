// Sites: the CRM origins the user allowed us to read, with a way to take that back.
import { useId, useState, type FormEvent } from 'react';
import { t, type MessageKey } from '../../lib/i18n';
import type { CrmKind } from '../../lib/model';
import { selfHostedOrigin, type EnabledSite, type SelfHostedCheck } from '../../lib/sites';
import { EmptyState } from '../EmptyState';
import { useLang } from '../Lang';
import type { Lang } from '../../lib/i18n';
import { errorAttributes, Field } from './fields';
import '../../lib/i18n-options';

/** Product names stay as their makers spell them; only our own words are translated. */
export function crmName(crm: CrmKind, lang: Lang): string {
  switch (crm) {
    case 'amocrm':
      return 'amoCRM';
    case 'bitrix24':
      return lang === 'ru' ? 'Битрикс24' : 'Bitrix24';
    case 'pipedrive':
      return 'Pipedrive';
    case 'hubspot':
      return 'HubSpot';
    case 'demo':
      return t(lang, 'opt.crm.demo');
    case 'generic':
      return t(lang, 'opt.crm.generic');
  }
}

export function SitesSection(props: {
  sites: EnabledSite[] | null;
  error: string | null;
  onRevoke: (origin: string) => void;
  /** Asks the browser again for a site whose permission was removed there (from the click). */
  onRegrant: (site: EnabledSite) => void;
  /** Asks for the portal's permission (from the click) and enables it; false when the user declines. */
  onAddSelfHosted: (origin: string) => Promise<boolean>;
  /** Sites on which the user closed the progress widget. */
  hiddenWidgets: readonly string[];
  onShowWidget: (origin: string) => void;
}) {
  const lang = useLang();
  if (props.sites === null) return null;
  return (
    <div data-testid="sites-settings">
      <p className="opt-hint">{t(lang, 'opt.sites.hint')}</p>
      {props.error && (
        <div className="notice notice--error" role="alert">
          {props.error}
        </div>
      )}
      {props.sites.length === 0 ? (
        <EmptyState hint={t(lang, 'opt.sites.empty')} />
      ) : (
        <table className="opt-table">
          <thead>
            <tr>
              <th scope="col">{t(lang, 'opt.sites.site')}</th>
              <th scope="col">{t(lang, 'opt.sites.crm')}</th>
              <th scope="col">{t(lang, 'opt.sites.permission')}</th>
              <th scope="col">
                <span className="opt-visually-hidden">{t(lang, 'opt.sites.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.sites.map((site) => (
              <tr key={site.origin} data-testid="site" data-origin={site.origin}>
                <td>{site.origin}</td>
                <td>{crmName(site.crm, lang)}</td>
                <td>
                  <span className={`status status--${site.granted ? 'green' : 'amber'}`}>
                    {site.granted ? t(lang, 'opt.sites.granted') : t(lang, 'opt.sites.notGranted')}
                  </span>
                </td>
                <td className="opt-buttons">
                  {!site.granted && (
                    <button type="button" className="opt-button" aria-label={`${t(lang, 'opt.sites.regrant')} ${site.origin}`} onClick={() => props.onRegrant(site)}>
                      {t(lang, 'opt.sites.regrant')}
                    </button>
                  )}
                  <button type="button" className="opt-button" aria-label={`${t(lang, 'opt.sites.revoke')} ${site.origin}`} onClick={() => props.onRevoke(site.origin)}>
                    {t(lang, 'opt.sites.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.hiddenWidgets.length > 0 && (
        <div className="opt-card" data-testid="hidden-widgets">
          <h3>{t(lang, 'opt.widgets.title')}</h3>
          <ul>
            {props.hiddenWidgets.map((origin) => (
              <li key={origin} data-origin={origin}>
                {origin}{' '}
                <button type="button" className="opt-button" aria-label={t(lang, 'overlay.show', { host: new URL(origin).host })} onClick={() => props.onShowWidget(origin)}>
                  {t(lang, 'opt.widgets.show')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <SelfHostedForm onAdd={props.onAddSelfHosted} />
    </div>
  );
}

const SELF_HOSTED_ERRORS: Record<Exclude<SelfHostedCheck, { ok: true }>['code'], MessageKey> = {
  empty: 'opt.selfHosted.err.empty',
  invalid: 'opt.selfHosted.err.invalid',
  https: 'opt.selfHosted.err.https',
  known: 'opt.selfHosted.err.known',
};

type AddState = { kind: 'idle' } | { kind: 'asking' } | { kind: 'added'; origin: string } | { kind: 'declined'; origin: string } | { kind: 'failed'; error: string };

/** Bitrix24 on the company's own domain: its host names no CRM, so the user says which site it is. */
function SelfHostedForm({ onAdd }: { onAdd: (origin: string) => Promise<boolean> }) {
  const lang = useLang();
  const id = useId();
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<AddState>({ kind: 'idle' });
  const check = selfHostedOrigin(value);
  const error = touched && !check.ok ? { key: SELF_HOSTED_ERRORS[check.code] } : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!check.ok) return;
    const { origin } = check;
    setState({ kind: 'asking' });
    // Called before anything else is awaited, so the click still counts for the permission prompt.
    onAdd(origin).then(
      (granted) => {
        setState(granted ? { kind: 'added', origin } : { kind: 'declined', origin });
        if (granted) {
          setValue('');
          setTouched(false);
        }
      },
      (e: unknown) => setState({ kind: 'failed', error: e instanceof Error ? e.message : String(e) }),
    );
  };
  return (
    <form className="opt-card" onSubmit={submit} noValidate data-testid="self-hosted" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t(lang, 'opt.selfHosted.title')}</h3>
      <p className="opt-hint">{t(lang, 'opt.selfHosted.hint')}</p>
      <Field id={id} label={t(lang, 'opt.selfHosted.address')} error={error}>
        <input
          id={id}
          type="url"
          className="opt-input--address"
          inputMode="url"
          placeholder="https://crm.example.ru"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setState({ kind: 'idle' });
          }}
          onBlur={() => setTouched(value.trim() !== '')}
          {...errorAttributes(id, error)}
        />
      </Field>
      <button type="submit" className="opt-button" disabled={state.kind === 'asking' || (touched && !check.ok)}>
        {t(lang, 'opt.selfHosted.add')}
      </button>
      <span role="status" data-testid="self-hosted-status">
        {state.kind === 'added' && t(lang, 'opt.selfHosted.added', { origin: state.origin })}
        {state.kind === 'declined' && t(lang, 'opt.selfHosted.declined', { origin: state.origin })}
        {state.kind === 'failed' && t(lang, 'opt.selfHosted.failed', { error: state.error })}
      </span>
    </form>
  );
}
