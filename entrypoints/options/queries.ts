// The reads the options page needs, per CRM account, as functions over the database (used through useLiveQuery).
import Dexie from 'dexie';
import { countryCalendar } from '../../lib/calendar';
import { DATA_TABLES, type DataTable, type SalesDb } from '../../lib/db';
import { suggestStageLimits, type StageLimitSuggestion } from '../../lib/metrics/stalled-deals';
import { recordKey, type Account, type Manager, type Pipeline, type Stage } from '../../lib/model';
import { loadAccounts, loadDealOwners } from '../../lib/queries';

export interface AccountTeam {
  account: Account;
  /** Managers who own a deal or a call/meeting we stored, the signed-in CRM user first, then by name. */
  managers: Manager[];
}

/** CRM ids of everyone with a stored call or meeting in the account (a key-only index scan). */
async function activityOwners(db: SalesDb, account: string): Promise<string[]> {
  const keys = await db.activities
    .where('[account+ownerId+at]')
    // Two-part bounds cover every [account, owner, at] of the account (a shorter array sorts before its extensions).
    .between([account, Dexie.minKey], [account, Dexie.maxKey])
    .uniqueKeys();
  return keys.map((key) => (Array.isArray(key) ? String(key[1]) : ''));
}

export async function loadTeams(db: SalesDb): Promise<AccountTeam[]> {
  const accounts = await loadAccounts(db);
  return Promise.all(
    accounts.map(async (account) => {
      const [managers, dealOwners, callers] = await Promise.all([
        db.managers.where('account').equals(account.account).toArray(),
        loadDealOwners(db, account.account),
        activityOwners(db, account.account),
      ]);
      const owners = new Set([...dealOwners, ...callers]);
      const mine = (m: Manager) => (m.crmId === account.currentUserId ? 0 : 1);
      return {
        account,
        managers: managers.filter((m) => owners.has(m.crmId)).sort((a, b) => mine(a) - mine(b) || a.name.localeCompare(b.name)),
      };
    }),
  );
}

export interface AccountPipelines {
  account: Account;
  pipelines: { pipeline: Pipeline; openStages: Stage[] }[];
}

/** Every pipeline in its CRM order with its open stages (won and lost stages cannot stall). */
export async function loadPipelines(db: SalesDb): Promise<AccountPipelines[]> {
  const accounts = await loadAccounts(db);
  return Promise.all(
    accounts.map(async (account) => {
      const [pipelines, stages] = await Promise.all([
        db.pipelines.where('account').equals(account.account).toArray(),
        db.stages.where('account').equals(account.account).toArray(),
      ]);
      const byOrder = <T extends { order: number; name: string }>(a: T, b: T) => a.order - b.order || a.name.localeCompare(b.name);
      return {
        account,
        pipelines: [...pipelines].sort(byOrder).map((pipeline) => ({
          pipeline,
          openStages: stages.filter((s) => s.pipelineId === pipeline.crmId && s.kind === 'open').sort(byOrder),
        })),
      };
    }),
  );
}

/**
 * A limit suggested for every open stage from the time its open deals have spent in it so far, by stage
 * record key; counted in the country's working days, as the stalled rule counts them.
 */
export async function loadStageSuggestions(db: SalesDb, now: Date): Promise<Map<string, StageLimitSuggestion>> {
  const accounts = await loadAccounts(db);
  const perAccount = await Promise.all(
    accounts.map(async ({ account }) => {
      const [deals, stages] = await Promise.all([
        db.deals.where('[account+status]').equals([account, 'open']).toArray(),
        db.stages.where('account').equals(account).toArray(),
      ]);
      return suggestStageLimits(deals, stages, now, countryCalendar('RU')).map((suggestion) => [recordKey(account, suggestion.stageId), suggestion] as const);
    }),
  );
  return new Map(perAccount.flat());
}

export interface AccountCounts {
  account: Account;
  counts: Record<DataTable, number>;
}

/** How many records of each kind we keep for every account. */
export async function loadCounts(db: SalesDb): Promise<AccountCounts[]> {
  const accounts = await loadAccounts(db);
  return Promise.all(
    accounts.map(async (account) => {
      const counts = await Promise.all(DATA_TABLES.map((table) => db.table(table).where('account').equals(account.account).count()));
      const byTable = Object.fromEntries(DATA_TABLES.map((table, i) => [table, counts[i] ?? 0])) as Record<DataTable, number>;
      return { account, counts: byTable };
    }),
  );
}
