// Which CRM a URL belongs to, by host alone: small enough for the popup, which must not carry the adapters.
import type { CrmKind } from '../model';
import { matchesCloud as isBitrix24Host } from './bitrix24';
import { matchesHost as isHubspotHost } from './hubspot';
import { matchesHost as isPipedriveHost } from './pipedrive';

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The account subdomain of `host` under one of `domains`, or null (service hosts like www are not accounts). */
function accountSubdomain(url: URL, domains: readonly string[], notAccounts: ReadonlySet<string>): string | null {
  if (url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase();
  for (const domain of domains) {
    if (!host.endsWith(`.${domain}`)) continue;
    const sub = host.slice(0, -domain.length - 1);
    if (DNS_LABEL.test(sub) && !notAccounts.has(sub)) return sub;
  }
  return null;
}

const AMOCRM_DOMAINS = ['amocrm.ru', 'amocrm.com', 'kommo.com'] as const;
// Service hosts of amoCRM/Kommo that are not accounts.
const AMOCRM_SERVICE = new Set(['www', 'id', 'developers', 'help', 'support', 'status', 'amojo', 'notifications']);

/** amoCRM / Kommo account: https://<account>.amocrm.ru|.amocrm.com|.kommo.com */
export function isAmocrmHost(url: URL): boolean {
  return accountSubdomain(url, AMOCRM_DOMAINS, AMOCRM_SERVICE) !== null;
}

export interface CrmHost {
  crm: CrmKind;
  label: string;
  matches(url: URL): boolean;
}

export const CRM_HOSTS: readonly CrmHost[] = [
  { crm: 'amocrm', label: 'amoCRM', matches: isAmocrmHost },
  { crm: 'bitrix24', label: 'Bitrix24', matches: isBitrix24Host },
  { crm: 'pipedrive', label: 'Pipedrive', matches: isPipedriveHost },
  { crm: 'hubspot', label: 'HubSpot', matches: isHubspotHost },
];

export function crmForUrl(url: URL): CrmHost | null {
  return CRM_HOSTS.find((host) => host.matches(url)) ?? null;
}
