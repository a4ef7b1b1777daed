// The reads the screens need, as functions over the database (used through useLiveQuery).
import { endOfDay, startOfDay } from 'date-fns';
import Dexie from 'dexie';
import type { SalesDb } from '../db';
import type { Account, Activity, Deal, Manager, Stage } from '../model';
import { mergeSettings, type Settings } from '../settings';

export async function loadSettings(db: SalesDb): Promise<Settings> {
  return mergeSettings((await db.settings.get('settings'))?.value);
}

export async function saveSettings(db: SalesDb, change: (current: Settings) => Settings): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const next = change(await loadSettings(db));
    await db.settings.put({ id: 'settings', value: next });
  });
}

/** Accounts we have read, the most recently read first. */
export async function loadAccounts(db: SalesDb): Promise<Account[]> {
  return db.accounts.orderBy('lastReadAt').reverse().toArray();
}

export interface DayData {
  managers: Manager[];
  stages: Stage[];
  /** Deals of the managers asked for (all deals when none is named). */
  deals: Deal[];
  /** Calls and meetings of `now`'s day. */
  activities: Activity[];
}

/** What My day needs for one manager, or Team for everyone visible. */
export async function loadDay(db: SalesDb, account: string, now: Date, ownerId?: string): Promise<DayData> {
  const from = startOfDay(now).getTime();
  const to = endOfDay(now).getTime();
  const [managers, stages, deals, activities] = await Promise.all([
    db.managers.where('account').equals(account).toArray(),
    db.stages.where('account').equals(account).toArray(),
    ownerId === undefined
      ? db.deals.where('account').equals(account).toArray()
      : db.deals.where('[account+ownerId]').equals([account, ownerId]).toArray(),
    ownerId === undefined
      ? db.activities.where('[account+at]').between([account, from], [account, to], true, true).toArray()
      : db.activities.where('[account+ownerId+at]').between([account, ownerId, from], [account, ownerId, to], true, true).toArray(),
  ]);
  return { managers, stages, deals, activities };
}

/** CRM ids of everyone who owns a deal we have stored for the account (a key-only index scan). */
export async function loadDealOwners(db: SalesDb, account: string): Promise<string[]> {
  const keys = await db.deals.where('[account+ownerId]').between([account, Dexie.minKey], [account, Dexie.maxKey]).uniqueKeys();
  return keys.map((key) => (Array.isArray(key) ? String(key[1]) : ''));
}
