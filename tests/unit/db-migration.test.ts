// Schema migrations: a database written by every released version opens with the current SalesDb with every row intact.
// To add version N: freeze its stores below (copied, never imported from lib/db.ts), add one HISTORY entry that seeds
// data as version N wrote it, and give the older entries a `migrate` that says what the upgrade does to their rows.
import Dexie, { type Table } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestSnapshot, recordReadFailure } from '../../entrypoints/background/handlers';
import { amocrmAdapter } from '../../lib/adapters/amocrm';
import { bitrix24Adapter } from '../../lib/adapters/bitrix24';
import { SalesDb, type SettingsRow } from '../../lib/db';
import { splitSnapshot } from '../../lib/messages';
import type { Account, Activity, Deal, Manager, Pipeline, Snapshot, Stage, Task } from '../../lib/model';
import { saveSettings } from '../../lib/queries';
import { amocrmAnswer } from '../fixtures/amocrm/fake-api';
import { FIXTURES, FixturePage } from '../support/fuzz';

// ---------------------------------------------------------------- every released schema, frozen

/** Version 1 (Sales Pace 0.1): lib/db.ts as released. */
const V1_STORES = {
  accounts: 'account, lastReadAt',
  managers: 'key, account',
  pipelines: 'key, account',
  stages: 'key, account, [account+pipelineId]',
  deals: 'key, account, [account+ownerId], [account+stageId], [account+status], [account+closedAt], updatedAt',
  tasks: 'key, account, [account+ownerId+dueAt], dueAt',
  activities: 'key, account, [account+ownerId+at], [account+at]',
  settings: 'id',
} as const;

/** Version 2 (Sales Pace 0.2): calls, meetings and tasks indexed by deal; rows unchanged. */
const V2_STORES = {
  ...V1_STORES,
  tasks: 'key, account, [account+ownerId+dueAt], dueAt, [account+dealId]',
  activities: 'key, account, [account+ownerId+at], [account+at], [account+dealId]',
} as const;

type Stores = Readonly<Record<string, string>>;
/** Every row of every table, by table name, sorted by primary key. */
type Dump = Record<string, unknown[]>;

/** A database declared exactly as an old version of the app declared it, with the tables typed as today's. */
class OldSalesDb extends Dexie {
  accounts!: Table<Account, string>;
  managers!: Table<Manager, string>;
  pipelines!: Table<Pipeline, string>;
  stages!: Table<Stage, string>;
  deals!: Table<Deal, string>;
  tasks!: Table<Task, string>;
  activities!: Table<Activity, string>;
  settings!: Table<SettingsRow, 'settings'>;
  constructor(name: string, versions: ReadonlyArray<{ version: number; stores: Stores }>) {
    super(name);
    for (const { version, stores } of versions) this.version(version).stores(stores);
  }
}

interface HistoricVersion {
  version: number;
  stores: Stores;
  /** Writes data the way that version of the app did (its own ingest, settings and failure handling). */
  seed(db: OldSalesDb): Promise<void>;
  /** The rows the current SalesDb must show for a database left by this version (identity: the upgrade changes nothing). */
  migrate(rows: Dump): Dump;
}

// ---------------------------------------------------------------- realistic data, as version 1 wrote it

const AMO_NOW = new Date('2026-11-25T14:30:00+03:00');
const B24_NOW = new Date(2026, 2, 12, 12, 0);

/** A full amoCRM API read over the fixtures, and a Bitrix24 board read from the saved kanban page. */
async function realisticReads(): Promise<Snapshot[]> {
  const amo = await amocrmAdapter.read({
    url: new URL('https://acme.amocrm.ru/leads/pipeline/7001001/'),
    document: document.implementation.createHTMLDocument('empty'),
    fetchJson: async (path) => amocrmAnswer(path),
    pageGlobals: null,
    cookies: '',
    now: AMO_NOW,
    since: null,
  });
  const bitrix = await bitrix24Adapter.read({
    url: new URL('https://acme.bitrix24.ru/crm/deal/kanban/'),
    document: new FixturePage(`${FIXTURES}/bitrix24/kanban.html`).document(),
    fetchJson: async () => {
      throw new Error('not used');
    },
    pageGlobals: null,
    cookies: '',
    now: B24_NOW,
    since: null,
  });
  return [amo, bitrix];
}

async function seedAsVersion1(db: OldSalesDb): Promise<void> {
  const [amo, bitrix] = await realisticReads();
  if (!amo || !bitrix) throw new Error('no reads');
  // The amoCRM read in parts of 10, as a big read travels; then a later page read of Bitrix24, then a failed read.
  const parts = splitSnapshot(amo, 10);
  for (const [index, part] of parts.entries()) await ingestSnapshot(db, { kind: 'snapshot', part: { index, count: parts.length }, snapshot: part });
  await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot: bitrix });
  await recordReadFailure(db, { kind: 'read-failed', crm: 'bitrix24', account: bitrix.account, at: B24_NOW.getTime() + 60_000, problems: [{ code: 'http-401', message: 'Bitrix24: HTTP 401' }] });
  await saveSettings(db, (s) => ({
    ...s,
    language: 'ru',
    roles: { [`${amo.account}|5001002`]: 'closer' },
    targetOverrides: { [`${amo.account}|5001002`]: { calls: 50, talkTime: 2700 } },
    stageLimitDays: { [`${amo.account}|60001003`]: 5 },
  }));
}

const HISTORY: readonly HistoricVersion[] = [
  // Version 2 only added indexes: a version-1 database keeps every row as it was.
  { version: 1, stores: V1_STORES, seed: seedAsVersion1, migrate: (rows) => rows },
  // Version 2 ingests exactly as version 1 did.
  { version: 2, stores: V2_STORES, seed: seedAsVersion1, migrate: (rows) => rows },
];

// ---------------------------------------------------------------- helpers

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function dumpOf(db: Dexie): Promise<Dump> {
  const out: Dump = {};
  for (const table of [...db.tables].sort((a, b) => a.name.localeCompare(b.name))) out[table.name] = await table.toArray();
  return out;
}

/** A database left on disk by `entry`'s version of the app: the returned dump is what it holds. */
async function databaseLeftBy(entry: HistoricVersion): Promise<{ name: string; rows: Dump }> {
  const name = `migration-v${entry.version}-${Math.random()}`;
  const versions = HISTORY.filter((h) => h.version <= entry.version);
  const old = new OldSalesDb(name, versions);
  opened.push(old);
  await old.open();
  await entry.seed(old);
  const rows = await dumpOf(old);
  old.close();
  return { name, rows };
}

const schemaOf = (db: Dexie): Record<string, string> =>
  Object.fromEntries(db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(', ')]));

const latest = HISTORY[HISTORY.length - 1];

// ---------------------------------------------------------------- the tests

describe('schema history', () => {
  it('has a case for the current version, whose stores are exactly what lib/db.ts declares (a schema change is a new version)', () => {
    const current = new SalesDb('schema-probe');
    expect(latest?.version).toBe(current.verno);
    expect(schemaOf(current)).toEqual(latest?.stores);
  });

  it('the seeded data is realistic: two CRMs, every table filled, a multi-part read and a failed one', async () => {
    if (!latest) throw new Error('no history');
    const { rows } = await databaseLeftBy(latest);
    for (const table of Object.keys(V1_STORES)) expect([table, (rows[table] ?? []).length > 0]).toEqual([table, true]);
    expect(new Set((rows.deals as Deal[]).map((d) => d.account))).toEqual(new Set(['https://acme.amocrm.ru', 'https://acme.bitrix24.ru']));
    const accounts = rows.accounts as Account[];
    expect(accounts.find((a) => a.crm === 'bitrix24')?.problems[0]?.code).toBe('http-401');
    expect(accounts.find((a) => a.crm === 'amocrm')?.cursor).toEqual({ at: AMO_NOW.getTime(), userId: '5001001' });
  });
});

describe.each(HISTORY.map((h) => [h.version, h] as const))('a database left by version %i', (_, entry) => {
  it('opens with the current SalesDb, every row intact', async () => {
    const { name, rows } = await databaseLeftBy(entry);
    const db = new SalesDb(name);
    opened.push(db);
    await db.open();
    expect(await dumpOf(db)).toEqual(entry.migrate(rows));
  });

  it('answers the indexed queries the screens use exactly as a full scan does', async () => {
    const { name } = await databaseLeftBy(entry);
    const db = new SalesDb(name);
    opened.push(db);
    await db.open();
    const deals = await db.deals.toArray();
    const tasks = await db.tasks.toArray();
    const activities = await db.activities.toArray();
    for (const deal of deals.slice(0, 20)) {
      const byOwner = await db.deals.where('[account+ownerId]').equals([deal.account, deal.ownerId]).primaryKeys();
      expect(byOwner.sort()).toEqual(deals.filter((d) => d.account === deal.account && d.ownerId === deal.ownerId).map((d) => d.key).sort());
      const byStatus = await db.deals.where('[account+status]').equals([deal.account, deal.status]).count();
      expect(byStatus).toBe(deals.filter((d) => d.account === deal.account && d.status === deal.status).length);
    }
    for (const t of tasks.slice(0, 10)) {
      const due = await db.tasks.where('[account+ownerId+dueAt]').between([t.account, t.ownerId, Dexie.minKey], [t.account, t.ownerId, Dexie.maxKey]).count();
      expect(due).toBe(tasks.filter((x) => x.account === t.account && x.ownerId === t.ownerId).length);
    }
    for (const a of activities.slice(0, 10)) {
      const day = await db.activities.where('[account+ownerId+at]').between([a.account, a.ownerId, a.at - 86_400_000], [a.account, a.ownerId, a.at + 86_400_000], true, true).count();
      expect(day).toBe(activities.filter((x) => x.account === a.account && x.ownerId === a.ownerId && Math.abs(x.at - a.at) <= 86_400_000).length);
    }
    expect(await db.stages.where('[account+pipelineId]').equals(['https://acme.amocrm.ru', '7001001']).count()).toBeGreaterThan(0);
    // Version 2's index by deal, built over the rows an older version left: every call, meeting and task on a deal.
    const onDeals = [...activities, ...tasks].filter((row) => row.dealId !== null);
    expect(onDeals.length).toBeGreaterThan(0);
    for (const row of onDeals.slice(0, 20)) {
      const [byDealActivities, byDealTasks] = await Promise.all([
        db.activities.where('[account+dealId]').equals([row.account, row.dealId ?? '']).primaryKeys(),
        db.tasks.where('[account+dealId]').equals([row.account, row.dealId ?? '']).primaryKeys(),
      ]);
      const same = (x: { account: string; dealId: string | null }) => x.account === row.account && x.dealId === row.dealId;
      expect(byDealActivities.sort()).toEqual(activities.filter(same).map((x) => x.key).sort());
      expect(byDealTasks.sort()).toEqual(tasks.filter(same).map((x) => x.key).sort());
    }
  });

  it('is never emptied by opening it again and again with the current SalesDb', async () => {
    const { name, rows } = await databaseLeftBy(entry);
    for (let i = 0; i < 3; i += 1) {
      const db = new SalesDb(name);
      await db.open();
      expect(await dumpOf(db)).toEqual(entry.migrate(rows));
      db.close();
    }
    opened.push(new SalesDb(name));
  });
});

describe('opening with the current SalesDb never deletes data', () => {
  it('leaves a database from a newer version (a downgrade) as it is: refused or opened, never cleared', async () => {
    if (!latest) throw new Error('no history');
    const { name, rows } = await databaseLeftBy(latest);
    // A future version that adds an index and a table.
    const futureStores = { ...latest.stores, deals: `${latest.stores.deals}, title`, notes: 'key, account' };
    const future = [...HISTORY, { version: latest.version + 1, stores: futureStores }];
    const upgraded = new OldSalesDb(name, future);
    await upgraded.open();
    await upgraded.table('notes').put({ key: 'https://acme.amocrm.ru|n1', account: 'https://acme.amocrm.ru', text: 'из будущей версии' });
    upgraded.close();

    const current = new SalesDb(name);
    const outcome = await current.open().then(
      () => 'opened',
      (error: unknown) => (error instanceof Error ? error.name : String(error)),
    );
    if (outcome === 'opened') {
      for (const table of Object.keys(latest.stores)) expect([table, await current.table(table).toArray()]).toEqual([table, rows[table]]);
    } else {
      expect(outcome).toBe('VersionError');
    }
    current.close();

    const again = new OldSalesDb(name, future);
    opened.push(again);
    await again.open();
    const after = await dumpOf(again);
    expect(after.notes).toEqual([{ key: 'https://acme.amocrm.ru|n1', account: 'https://acme.amocrm.ru', text: 'из будущей версии' }]);
    for (const table of Object.keys(latest.stores)) expect([table, after[table]]).toEqual([table, rows[table]]);
  });
});
