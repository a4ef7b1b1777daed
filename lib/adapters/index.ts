// The list of adapters, matched by the page URL.
import { amocrmAdapter } from './amocrm';
import { bitrix24Adapter } from './bitrix24';
import { demoAdapter } from './demo';
import { hubspotAdapter } from './hubspot';
import { pipedriveAdapter } from './pipedrive';
import type { CrmAdapter } from './types';

export const ADAPTERS: readonly CrmAdapter[] = [amocrmAdapter, bitrix24Adapter, pipedriveAdapter, hubspotAdapter, demoAdapter];

export function adapterFor(url: URL): CrmAdapter | null {
  return ADAPTERS.find((adapter) => adapter.matches(url)) ?? null;
}
