// The one vocabulary: what we read from a CRM and keep locally (see shared/DOMAIN.md for the words).

/** Which CRM a record came from. `demo` is the bundled demo CRM, `generic` the user-configured adapter. */
export type CrmKind = 'demo' | 'amocrm' | 'bitrix24' | 'pipedrive' | 'hubspot' | 'generic';

/** Epoch milliseconds. Every time we store is one of these (structured-clone and index friendly). */
export type Millis = number;

/**
 * Every stored record is keyed by CRM account (the page origin, e.g. "https://acme.amocrm.ru")
 * plus the CRM's own id, so two CRMs or two accounts never collide.
 * References between records (ownerId, stageId, dealId, …) are the CRM's own ids within the same account.
 */
export interface Keyed {
  /** `${account}|${crmId}`, see {@link recordKey}. */
  key: string;
  account: string;
  crmId: string;
  /** When we read this version of the record (unchanged re-reads do not rewrite it). */
  seenAt: Millis;
}

export type StageKind = 'open' | 'won' | 'lost';
export type DealStatus = StageKind;
export type TaskType = 'call' | 'meeting' | 'email' | 'other';
export type ActivityType = 'call' | 'meeting';
export type CallDirection = 'in' | 'out';

export interface ManagerFields {
  crmId: string;
  name: string;
  /** Position or group as the CRM shows it, if it does. */
  title: string | null;
  active: boolean;
}

export interface PipelineFields {
  crmId: string;
  name: string;
  order: number;
}

export interface StageFields {
  crmId: string;
  pipelineId: string;
  name: string;
  order: number;
  kind: StageKind;
}

export interface DealFields {
  crmId: string;
  title: string;
  /** null when the CRM shows no amount (never a silent 0). */
  amount: number | null;
  /** ISO 4217 code, e.g. "RUB". */
  currency: string;
  pipelineId: string;
  stageId: string;
  status: DealStatus;
  ownerId: string;
  createdAt: Millis;
  /** When the deal entered its current stage; null if the CRM does not tell. */
  stageEnteredAt: Millis | null;
  updatedAt: Millis;
  closedAt: Millis | null;
  lossReason: string | null;
  /** Client company or contact name, for repeat buyers and retention. */
  client: string | null;
  nextTaskAt: Millis | null;
  /** Link that opens the deal in the CRM. */
  url: string;
}

export interface TaskFields {
  crmId: string;
  type: TaskType;
  text: string;
  dueAt: Millis;
  done: boolean;
  doneAt: Millis | null;
  ownerId: string;
  dealId: string | null;
}

/** A call or meeting that happened. */
export interface ActivityFields {
  crmId: string;
  type: ActivityType;
  at: Millis;
  ownerId: string;
  dealId: string | null;
  /** Seconds; null when the CRM does not record it. */
  durationSec: number | null;
  direction: CallDirection | null;
  /** As the CRM words it ("answered", "no answer", "Успешный"); null if none. */
  outcome: string | null;
}

export type Manager = Keyed & ManagerFields;
export type Pipeline = Keyed & PipelineFields;
export type Stage = Keyed & StageFields;
export type Deal = Keyed & DealFields;
export type Task = Keyed & TaskFields;
export type Activity = Keyed & ActivityFields;

/** Something the adapter could not read. Shown to the user; never swallowed. */
export interface Problem {
  /** Stable code for grouping, e.g. "amount-missing", "http-403", "layout-changed". */
  code: string;
  /** What a person needs to act on it: which page, which field, what was seen. */
  message: string;
  itemId?: string;
  field?: string;
  selector?: string;
}

/** One read of a CRM page: plain data, made by an adapter in the content script, validated in the background. */
export interface Snapshot {
  crm: CrmKind;
  /** The CRM page origin; identifies the account. */
  account: string;
  /** Human name of the account ("acme" for acme.amocrm.ru). */
  accountName: string;
  /** The account's main currency (ISO 4217). */
  currency: string;
  readAt: Millis;
  /** Where the records came from: the CRM's own API (a complete read) or the page's markup (what is on screen). */
  source: 'api' | 'page';
  /** The CRM user who is looking; null when the page did not tell. */
  currentUserId: string | null;
  managers: ManagerFields[];
  pipelines: PipelineFields[];
  stages: StageFields[];
  deals: DealFields[];
  tasks: TaskFields[];
  activities: ActivityFields[];
  problems: Problem[];
}

/** What we know about a CRM account we have read. */
export interface Account {
  /** The origin. */
  account: string;
  crm: CrmKind;
  name: string;
  currency: string;
  currentUserId: string | null;
  lastReadAt: Millis;
  /** Last successful read that stored data. */
  lastGoodReadAt: Millis | null;
  /** Where an incremental API read may start; see {@link ReadCursor}. */
  cursor: ReadCursor | null;
  problems: Problem[];
}

/**
 * The last complete API read of an account, and for whom: what a CRM user can see depends on who
 * they are, so "changed since" only holds while the same user is signed in.
 */
export interface ReadCursor {
  at: Millis;
  userId: string | null;
}

export function recordKey(account: string, crmId: string): string {
  return `${account}|${crmId}`;
}
