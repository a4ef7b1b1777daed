// The Team table's rows, read and computed in one place, so the popup can run it in a worker (or, failing that, on its own thread).
import type { SalesDb } from '../db';
import { teamView, type TeamMemberRow } from '../metrics';
import { loadDay, loadSettings } from './index';

/**
 * One row per active manager who owns a deal or made a call we hold (the head who only looks is not
 * a row of their own team), and per departed manager who still owns open deals — those need a new
 * owner, and the head should see them stall: one query per table over the history window, grouped by owner once in
 * teamView. null when the account is not stored.
 */
export async function loadTeamRows(db: SalesDb, account: string, now: Date): Promise<TeamMemberRow[] | null> {
  const [row, settings, data] = await Promise.all([db.accounts.get(account), loadSettings(db), loadDay(db, account, now)]);
  if (!row) return null;
  const owners = new Set<string>();
  const openOwners = new Set<string>();
  for (const deal of data.deals) {
    owners.add(deal.ownerId);
    if (deal.status === 'open') openOwners.add(deal.ownerId);
  }
  for (const activity of data.activities) owners.add(activity.ownerId);
  return teamView({
    account,
    managers: data.managers.filter((m) => (m.active ? owners.has(m.crmId) : openOwners.has(m.crmId))),
    deals: data.deals,
    stages: data.stages,
    activities: data.activities,
    tasks: data.tasks,
    settings,
    now,
    currentUserId: row.currentUserId,
    ...(data.historyFrom === null ? {} : { historyFrom: data.historyFrom }),
  });
}
