// The reads the screens need, as functions over the database (used through useLiveQuery).
import { endOfDay, startOfDay, startOfMonth, subWeeks } from 'date-fns';
import Dexie, { type Table } from 'dexie';
import type { SalesDb } from '../db';
import type { Account, Activity, Deal, Manager, Pipeline, Stage, Task } from '../model';
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

/**
 * How far back the screens read calls, meetings and tasks: the start of the month (the month's plan
 * vs fact) or five weeks back (this week, and the four same weekdays before it that the activity-drop
 * norm compares with), whichever is earlier.
 */
export function historyWindowStart(now: Date): Date {
  const monthStart = startOfMonth(now);
  const fiveWeeks = startOfDay(subWeeks(now, 5));
  return monthStart < fiveWeeks ? monthStart : fiveWeeks;
}

export interface DayData {
  managers: Manager[];
  /** The account's pipelines, for naming a funnel. */
  pipelines: Pipeline[];
  stages: Stage[];
  /** Deals of the manager asked for (all the account's deals when none is named). */
  deals: Deal[];
  /**
   * The account's won deals, everyone's (for repeat sales: a client's earlier purchase may have been
   * from a colleague); when no manager is named, the won ones among `deals`.
   */
  wonDeals: Deal[];
  /**
   * Calls and meetings from {@link historyWindowStart} to the end of `now`'s day. For one manager:
   * theirs, and colleagues' on that manager's deals (a touch of the deal, as Team counts it; the
   * figures still count the manager's own).
   */
  activities: Activity[];
  /** Tasks due from {@link historyWindowStart} on (any later date, done or not); for one manager, as activities. */
  tasks: Task[];
  /**
   * Open tasks of the one manager asked for that were due before the window (long-overdue ones
   * still count as overdue); empty for the whole team. Kept apart so that the stalled rule sees the
   * same tasks in My day as in Team.
   */
  olderOpenTasks: Task[];
  /**
   * From when the calls and tasks passed on are complete: the window's start, or the day of the
   * account's first stored call if that is later (before it we simply have not read anything).
   * null when nothing has been read yet: then silence is not judged at all.
   */
  historyFrom: Date | null;
}

/**
 * What My day, Week, Month and Report need for one manager, or Team for everyone visible: one query
 * per table on the compound indexes, nothing grouped here (the metrics group by owner once).
 */
/**
 * `everyonesWon: false` leaves the team's won deals unread (only the manager's own): enough when no
 * target tracks repeat sales or retention (see tracksClientKpis in lib/settings.ts).
 */
export async function loadDay(db: SalesDb, account: string, now: Date, ownerId?: string, options: { everyonesWon?: boolean } = {}): Promise<DayData> {
  const windowStart = historyWindowStart(now);
  const from = windowStart.getTime();
  const to = endOfDay(now).getTime();
  const one = ownerId !== undefined;
  const dealsRead = one ? db.deals.where('[account+ownerId]').equals([account, ownerId]).toArray() : db.deals.where('account').equals(account).toArray();
  const [managers, pipelines, stages, deals, activities, tasks, olderOpenTasks, firstActivity, others, wonRead] = await Promise.all([
    db.managers.where('account').equals(account).toArray(),
    db.pipelines.where('account').equals(account).toArray(),
    db.stages.where('account').equals(account).toArray(),
    dealsRead,
    one
      ? db.activities.where('[account+ownerId+at]').between([account, ownerId, from], [account, ownerId, to], true, true).toArray()
      : db.activities.where('[account+at]').between([account, from], [account, to], true, true).toArray(),
    one
      ? db.tasks.where('[account+ownerId+dueAt]').between([account, ownerId, from], [account, ownerId, Dexie.maxKey], true, true).toArray()
      : // No [account+dueAt] index: the window by `dueAt` (one getAll), other accounts' tasks dropped after.
        db.tasks
          .where('dueAt')
          .aboveOrEqual(from)
          .toArray()
          .then((rows) => rows.filter((task) => task.account === account)),
    one
      ? db.tasks
          .where('[account+ownerId+dueAt]')
          .between([account, ownerId, Dexie.minKey], [account, ownerId, from], true, false)
          .filter((task) => !task.done)
          .toArray()
      : Promise.resolve([]),
    // The account's earliest call or meeting: one step of a key cursor.
    db.activities.where('[account+at]').between([account, Dexie.minKey], [account, Dexie.maxKey]).first(),
    one ? dealsRead.then((own) => colleaguesTouches(db, account, ownerId, own, from, to)) : Promise.resolve({ activities: [], tasks: [] }),
    one && options.everyonesWon !== false ? db.deals.where('[account+status]').equals([account, 'won']).toArray() : Promise.resolve(null),
  ]);
  const wonDeals = wonRead ?? deals.filter((deal) => deal.status === 'won');
  const historyFrom = firstActivity === undefined ? null : new Date(Math.max(from, startOfDay(firstActivity.at).getTime()));
  return { managers, pipelines, stages, deals, wonDeals, activities: [...activities, ...others.activities], tasks: [...tasks, ...others.tasks], olderOpenTasks, historyFrom };
}

/**
 * Other people's calls, meetings and tasks on one manager's deals, in the same window as Team reads:
 * the stalled rule counts anyone's touch, so My day must see them to agree with Team. Nothing is read
 * when the account holds no one else's records (a manager who sees only their own): two key-cursor
 * steps per table. Otherwise only the rows on the manager's deals, through the index by deal.
 */
async function colleaguesTouches(
  db: SalesDb,
  account: string,
  ownerId: string,
  deals: readonly Deal[],
  from: number,
  to: number,
): Promise<{ activities: Activity[]; tasks: Task[] }> {
  if (deals.length === 0) return { activities: [], tasks: [] };
  // One getAll per deal (native, batched by the browser) beats a cursor walking anyOf's keys row by row.
  const onDeals = <T>(table: Table<T, string>) =>
    Promise.all(deals.map((deal) => table.where('[account+dealId]').equals([account, deal.crmId]).toArray())).then((rows) => rows.flat());
  const others = (row: { ownerId: string }) => row.ownerId !== ownerId;
  const [otherActivities, otherTasks] = await Promise.all([
    hasOtherOwner(db.activities, '[account+ownerId+at]', account, ownerId),
    hasOtherOwner(db.tasks, '[account+ownerId+dueAt]', account, ownerId),
  ]);
  const [activities, tasks] = await Promise.all([
    otherActivities ? onDeals(db.activities).then((rows) => rows.filter((a) => others(a) && a.at >= from && a.at <= to)) : Promise.resolve([]),
    otherTasks ? onDeals(db.tasks).then((rows) => rows.filter((t) => others(t) && t.dueAt >= from)) : Promise.resolve([]),
  ]);
  return { activities, tasks };
}

/** Whether the account has a row owned by anyone else: one key before and one after this owner's on an owner-first index. */
async function hasOtherOwner<T>(table: Table<T, string>, ownerIndex: string, account: string, ownerId: string): Promise<boolean> {
  const [before, after] = await Promise.all([
    table.where(ownerIndex).between([account, Dexie.minKey], [account, ownerId, Dexie.minKey], false, false).limit(1).primaryKeys(),
    table.where(ownerIndex).between([account, ownerId, Dexie.maxKey], [account, Dexie.maxKey], false, false).limit(1).primaryKeys(),
  ]);
  return before.length > 0 || after.length > 0;
}

/** The account's lost deals, everyone's (Team's losses and the ones worth another try): one index range. */
export async function loadLostDeals(db: SalesDb, account: string): Promise<Deal[]> {
  return db.deals.where('[account+status]').equals([account, 'lost']).toArray();
}

/** CRM ids of everyone who owns a deal we have stored for the account (a key-only index scan). */
export async function loadDealOwners(db: SalesDb, account: string): Promise<string[]> {
  const keys = await db.deals.where('[account+ownerId]').between([account, Dexie.minKey], [account, Dexie.maxKey]).uniqueKeys();
  return keys.map((key) => (Array.isArray(key) ? String(key[1]) : ''));
}
