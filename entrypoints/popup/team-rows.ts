// The Team rows for the popup: computed in a worker started as soon as a team is known (so the tab opens at once), else on this thread.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { db } from '../../lib/db';
import type { TeamMemberRow } from '../../lib/metrics';
import { loadTeamRows } from '../../lib/queries/team';
// Vite's worker import: WXT defines import.meta.url for service workers, which hides the `new URL(…)` form from Vite.
import TeamWorker from './team-worker?worker';

export interface TeamRequest {
  account: string;
  /** Epoch ms: the popup's clock (tests pin it), never the worker's. */
  now: number;
}

export type TeamReply =
  | { ok: true; account: string; now: number; rows: TeamMemberRow[] | null }
  | { ok: false; account: string; now: number; error: string };

let worker: Worker | null | undefined;

/** One worker for the popup's life; null where workers cannot run (tests in jsdom, a refused script). */
function teamWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = typeof Worker === 'undefined' ? null : new TeamWorker();
  } catch (error) {
    console.warn('[sales-pace] the Team worker could not start; computing Team in the popup', error);
    worker = null;
  }
  return worker;
}

/**
 * Team rows for `account` at `now` (the minute matters: silence and pace move with it), kept live.
 * `wanted` starts the work before the tab is opened. undefined until the first rows arrive; null
 * when the account is not stored.
 */
export function useTeamRows(account: string, now: Date, wanted: boolean): TeamMemberRow[] | null | undefined {
  const at = now.getTime();
  const [failed, setFailed] = useState(false);
  const [reply, setReply] = useState<{ account: string; rows: TeamMemberRow[] | null } | null>(null);
  // Started from an effect, after the screen that asked for it has been committed. undefined: not decided yet.
  const [background, setBackground] = useState<Worker | null | undefined>(undefined);
  useEffect(() => {
    if (wanted) setBackground(failed ? null : teamWorker());
  }, [wanted, failed]);
  useEffect(() => {
    if (!background) return;
    const onMessage = (event: MessageEvent<TeamReply>) => {
      const data = event.data;
      // A reply to an earlier request (the minute before) is still newer than nothing, but not another account's.
      if (data.account !== account) return;
      if (data.ok) setReply({ account: data.account, rows: data.rows });
      else {
        console.warn('[sales-pace] the Team worker failed; computing Team in the popup', data.error);
        setFailed(true);
      }
    };
    const onError = (event: ErrorEvent) => {
      console.warn('[sales-pace] the Team worker failed; computing Team in the popup', event.message);
      setFailed(true);
    };
    background.addEventListener('message', onMessage);
    background.addEventListener('error', onError);
    background.postMessage({ account, now: at } satisfies TeamRequest);
    return () => {
      background.removeEventListener('message', onMessage);
      background.removeEventListener('error', onError);
    };
  }, [background, account, at]);
  // Without a worker the same function runs here, live through useLiveQuery.
  const [lastLocal, setLastLocal] = useState<{ account: string; rows: TeamMemberRow[] | null } | null>(null);
  const local = useLiveQuery(
    async () => (wanted && background === null ? { account, rows: await loadTeamRows(db, account, new Date(at)) } : null),
    [wanted, background, account, at],
  );
  useEffect(() => {
    if (local) setLastLocal(local);
  }, [local]);
  const current = background ? reply : (local ?? lastLocal);
  // Last minute's rows stay up while this minute's are computed; another account's never do.
  return current && current.account === account ? current.rows : undefined;
}
