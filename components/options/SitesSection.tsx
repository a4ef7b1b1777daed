// Sites: the CRM origins the user allowed us to read, with a way to take that back.
import { t } from '../../lib/i18n';
import type { CrmKind } from '../../lib/model';
import type { EnabledSite } from '../../lib/sites';
import { EmptyState } from '../EmptyState';
import { useLang } from '../Lang';
import type { Lang } from '../../lib/i18n';

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

export function SitesSection(props: { sites: EnabledSite[] | null; error: string | null; onRevoke: (origin: string) => void }) {
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
        <EmptyState title={t(lang, 'opt.nav.sites')} hint={t(lang, 'opt.sites.empty')} />
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
                <td>
                  <button type="button" className="opt-button" aria-label={`${t(lang, 'opt.sites.revoke')} ${site.origin}`} onClick={() => props.onRevoke(site.origin)}>
                    {t(lang, 'opt.sites.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
