// A worker for the Team table: 100 000 calls are read and grouped here, off the popup's thread, and only the rows go back.
import { liveQuery, type Subscription } from 'dexie';
import { db } from '../../lib/db';
import { loadTeamRows } from '../../lib/queries/team';
import type { TeamReply, TeamRequest } from './team-rows';

let subscription: Subscription | null = null;

self.onmessage = (event: MessageEvent<TeamRequest>) => {
  const { account, now } = event.data;
  subscription?.unsubscribe();
  // Live: the background's writes reach this connection too, and the rows are sent again.
  subscription = liveQuery(() => loadTeamRows(db, account, new Date(now))).subscribe({
    next: (rows) => self.postMessage({ ok: true, account, now, rows } satisfies TeamReply),
    error: (error: unknown) => self.postMessage({ ok: false, account, now, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies TeamReply),
  });
};
