// CRM sites the user enabled: an optional host permission plus our content scripts registered for that origin.
// (Implemented by the lead; options and popup call these.)
import type { CrmKind } from './model';

export interface EnabledSite {
  origin: string;
  crm: CrmKind;
  /** The optional host permission is still granted (the user may revoke it in the browser). */
  granted: boolean;
}

export async function listSites(): Promise<EnabledSite[]> {
  return [];
}

export async function revokeSite(origin: string): Promise<void> {
  void origin;
}
