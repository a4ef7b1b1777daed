// One function per message kind: validate (done by the caller) → write Dexie. Idempotent and never stale.
import type { Table } from 'dexie';
import type { SalesDb } from '../../lib/db';
import { recordKey, type Account, type Keyed, type Problem, type Snapshot } from '../../lib/model';
import type { ReadFailedMessage, Reply, SnapshotMessage } from '../../lib/messages';

type Row = Keyed & { updatedAt?: number };

/** True when two rows carry the same fields; `seenAt` is when we read it, not part of the record. */
function sameRecord(a: Row, b: Row): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('seenAt');
  for (const k of keys) {
    if ((a as unknown as Record<string, unknown>)[k] !== (b as unknown as Record<string, unknown>)[k]) return false;
  }
  return true;
}

/** Keeps only rows that are new or changed, and never lets an older read overwrite a newer record. */
function changedRows<T extends Row>(incoming: T[], stored: (T | undefined)[]): { rows: T[]; skipped: number } {
  const rows: T[] = [];
  let skipped = 0;
  incoming.forEach((row, i) => {
    const old = stored[i];
    if (old && sameRecord(old, row)) return;
    if (old?.updatedAt !== undefined && row.updatedAt !== undefined && old.updatedAt > row.updatedAt) {
      skipped += 1;
      return;
    }
    rows.push(row);
  });
  return { rows, skipped };
}

/** Writes only what is new or changed; returns how many rows were written and how many stale ones skipped. */
async function upsertChanged<T extends Row>(table: Table<T, string>, rows: T[]): Promise<{ written: number; skipped: number }> {
  if (rows.length === 0) return { written: 0, skipped: 0 };
  const stored = await table.bulkGet(rows.map((r) => r.key));
  const change = changedRows(rows, stored);
  if (change.rows.length > 0) await table.bulkPut(change.rows);
  return { written: change.rows.length, skipped: change.skipped };
}

function keyed<T extends { crmId: string }>(account: string, seenAt: number, items: T[]): (T & Keyed)[] {
  // A read may list a record twice (it changed while the pages were read): the newer copy wins.
  const byKey = new Map<string, T & Keyed>();
  const updated = (row: unknown) => (row as { updatedAt?: number }).updatedAt ?? 0;
  for (const item of items) {
    const key = recordKey(account, item.crmId);
    const old = byKey.get(key);
    if (old && updated(old) > updated(item)) continue;
    byKey.set(key, { ...item, key, account, seenAt });
  }
  return [...byKey.values()];
}

export async function ingestSnapshot(db: SalesDb, message: SnapshotMessage): Promise<Reply> {
  const { snapshot, part } = message;
  const { account, readAt } = snapshot;
  let written = 0;
  let skipped = 0;
  await db.transaction('rw', [db.accounts, db.managers, db.pipelines, db.stages, db.deals, db.tasks, db.activities], async () => {
    const counts = await Promise.all([
      upsertChanged(db.managers, keyed(account, readAt, snapshot.managers)),
      upsertChanged(db.pipelines, keyed(account, readAt, snapshot.pipelines)),
      upsertChanged(db.stages, keyed(account, readAt, snapshot.stages)),
      upsertChanged(db.deals, keyed(account, readAt, snapshot.deals)),
      upsertChanged(db.tasks, keyed(account, readAt, snapshot.tasks)),
      upsertChanged(db.activities, keyed(account, readAt, snapshot.activities)),
    ]);
    for (const count of counts) {
      written += count.written;
      skipped += count.skipped;
    }
    const previous = await db.accounts.get(account);
    const isLastPart = part.index === part.count - 1;
    // A read that started before the one stored last (a slow tab) adds its records but does not
    // speak for the account any more: who is signed in, its problems and the cursor stay the newer read's.
    const stale = previous !== undefined && readAt < previous.lastReadAt;
    const movesCursor = isLastPart && snapshot.source === 'api' && !(previous?.cursor && previous.cursor.at > readAt);
    const next: Account = {
      account,
      crm: snapshot.crm,
      name: stale ? previous.name : snapshot.accountName,
      currency: stale ? previous.currency : snapshot.currency,
      currentUserId: stale ? previous.currentUserId : snapshot.currentUserId,
      lastReadAt: Math.max(previous?.lastReadAt ?? 0, readAt),
      lastGoodReadAt: isLastPart ? Math.max(previous?.lastGoodReadAt ?? 0, readAt) : (previous?.lastGoodReadAt ?? null),
      // Only a complete API read moves the cursor: a page read sees just what is on screen.
      cursor: movesCursor ? { at: readAt, userId: snapshot.currentUserId } : (previous?.cursor ?? null),
      problems: part.index === 0 && !stale ? snapshot.problems : (previous?.problems ?? []),
    };
    if (!previous || !sameAccount(previous, next)) await db.accounts.put(next);
  });
  return { ok: true, written, skipped };
}

function sameAccount(a: Account, b: Account): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A read that produced no data: keep everything stored, remember what failed and when. */
export async function recordReadFailure(db: SalesDb, message: ReadFailedMessage): Promise<Reply> {
  await db.transaction('rw', db.accounts, async () => {
    const previous = await db.accounts.get(message.account);
    const problems: Problem[] = message.problems;
    await db.accounts.put({
      account: message.account,
      crm: message.crm,
      name: previous?.name ?? new URL(message.account).hostname,
      currency: previous?.currency ?? 'RUB',
      currentUserId: previous?.currentUserId ?? null,
      lastReadAt: Math.max(previous?.lastReadAt ?? 0, message.at),
      lastGoodReadAt: previous?.lastGoodReadAt ?? null,
      cursor: previous?.cursor ?? null,
      problems,
    });
  });
  return { ok: true, written: 0, skipped: 0 };
}

export async function readState(db: SalesDb, account: string): Promise<Reply> {
  const row = await db.accounts.get(account);
  return { ok: true, since: row?.cursor ?? null };
}

/** Only our own extension's content scripts, running in a tab of the account the message speaks for. */
export function senderAllowed(
  sender: { id?: string; tab?: unknown; url?: string; origin?: string },
  extensionId: string,
  account: string,
): boolean {
  if (sender.id !== extensionId || !sender.tab) return false;
  try {
    const from = sender.origin ?? (sender.url ? new URL(sender.url).origin : null);
    // Opaque origins ("null": sandboxed frames, data: pages) speak for no account.
    return from !== null && from !== 'null' && from === new URL(account).origin;
  } catch {
    return false;
  }
}

export type { Snapshot };
