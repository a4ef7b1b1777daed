// The list of adapters, matched by the page URL.
import { amocrmAdapter } from './amocrm';
import { bitrix24Adapter } from './bitrix24';
import { demoAdapter } from './demo';
import { hubspotAdapter } from './hubspot';
import { pipedriveAdapter } from './pipedrive';
import type { CrmKind } from '../model';
import type { CrmAdapter } from './types';

export const ADAPTERS: readonly CrmAdapter[] = [amocrmAdapter, bitrix24Adapter, pipedriveAdapter, hubspotAdapter, demoAdapter];

export function adapterFor(url: URL): CrmAdapter | null {
  return ADAPTERS.find((adapter) => adapter.matches(url)) ?? null;
}

/**
 * The adapter for a site the user enabled as a given CRM (a self-hosted Bitrix24 on the company's own
 * domain): its host says nothing, so the choice the user made in the settings does.
 */
export function adapterForKind(crm: CrmKind): CrmAdapter | null {
  return ADAPTERS.find((adapter) => adapter.crm === crm && adapter.crm !== 'demo') ?? null;
}
