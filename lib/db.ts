// The one Dexie database, in the extension's origin (background, popup, options). Content scripts never open it.
import Dexie, { type Table } from 'dexie';
import type { Account, Activity, Deal, Manager, Pipeline, Stage, Task } from './model';

/** One row of user settings (see lib/settings.ts); kept in Dexie so every screen updates live. */
export interface SettingsRow {
  id: 'settings';
  value: unknown;
}

export class SalesDb extends Dexie {
  accounts!: Table<Account, string>;
  managers!: Table<Manager, string>;
  pipelines!: Table<Pipeline, string>;
  stages!: Table<Stage, string>;
  deals!: Table<Deal, string>;
  tasks!: Table<Task, string>;
  activities!: Table<Activity, string>;
  settings!: Table<SettingsRow, 'settings'>;

  constructor(name = 'sales-pace') {
    super(name);
    // Version 1. Every later change is a new version with an upgrade and a migration test (tests/unit/db-migration.test.ts).
    this.version(1).stores({
      accounts: 'account, lastReadAt',
      managers: 'key, account',
      pipelines: 'key, account',
      stages: 'key, account, [account+pipelineId]',
      // owner + stage/status for My day and Team; updatedAt for incremental reads.
      deals: 'key, account, [account+ownerId], [account+stageId], [account+status], [account+closedAt], updatedAt',
      tasks: 'key, account, [account+ownerId+dueAt], dueAt',
      // owner + day: a day is a range of `at` within one owner.
      activities: 'key, account, [account+ownerId+at], [account+at]',
      settings: 'id',
    });
    // Version 2: calls, meetings and tasks by deal, so My day can read colleagues' touches on a manager's deals
    // without reading the whole team's window. Indexes only; no row changes.
    this.version(2).stores({
      tasks: 'key, account, [account+ownerId+dueAt], dueAt, [account+dealId]',
      activities: 'key, account, [account+ownerId+at], [account+at], [account+dealId]',
    });
  }
}

export const db = new SalesDb();

/** The data tables a snapshot writes, in one list so ingest, export and wipe never miss one. */
export const DATA_TABLES = ['managers', 'pipelines', 'stages', 'deals', 'tasks', 'activities'] as const;
export type DataTable = (typeof DATA_TABLES)[number];
