// Page-globals readers by CRM, for the MAIN-world script; kept apart from the adapters so only these tiny functions run in the page.
import type { CrmKind } from '../model';
import { readPageGlobals as amocrm } from './amocrm';
import { readPageGlobals as bitrix24 } from './bitrix24';
import { readPageGlobals as hubspot } from './hubspot';
import { readPageGlobals as pipedrive } from './pipedrive';
import type { PageGlobals } from './types';

export const PAGE_GLOBALS_READERS: Partial<Record<CrmKind, (win: Record<string, unknown>) => PageGlobals>> = { amocrm, bitrix24, pipedrive, hubspot };
