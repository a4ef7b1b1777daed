// The Team table's rows, read and computed in one place, so the popup can run it in a worker (or, failing that, on its own thread).
import type { SalesDb } from '../db';
import type { TeamMemberRow } from '../metrics';
import { loadDay, loadSettings } from './index';
import { teamRowsOf } from './views';

/** The Team rows of an account (see teamRowsOf for who gets a row): one query per table over the history window. null when the account is not stored. */
export async function loadTeamRows(db: SalesDb, account: string, now: Date): Promise<TeamMemberRow[] | null> {
  const [row, settings, data] = await Promise.all([db.accounts.get(account), loadSettings(db), loadDay(db, account, now)]);
  if (!row) return null;
  return teamRowsOf(data, { account, settings, now, currentUserId: row.currentUserId });
}
