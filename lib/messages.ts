// Messages from content scripts to the background, and their runtime validation (the background trusts nothing).
import * as v from 'valibot';
import type { Problem, ReadCursor, Snapshot } from './model';
import type { OverlayState } from './queries/overlay';

/** Largest number of records of one kind in one message; bigger reads are sent in parts (see splitSnapshot). */
export const MAX_RECORDS_PER_MESSAGE = 20_000;
const MAX_PROBLEMS = 500;

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

/** The origin of an http(s) URL, or null (never throws: it also runs on strings that failed validation). */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** An account is a bare http(s) origin ("https://acme.amocrm.ru"): no path, so one CRM account is one key. */
function isOrigin(value: string): boolean {
  return originOf(value) === value;
}
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const millis = v.pipe(v.number(), v.finite(), v.integer());
const nullable = v.nullable;
const list = <T extends v.GenericSchema>(item: T, max = MAX_RECORDS_PER_MESSAGE) => v.pipe(v.array(item), v.maxLength(max));

const ProblemSchema = v.object({
  code: text(80),
  message: text(1000),
  itemId: v.optional(text(200)),
  field: v.optional(text(200)),
  selector: v.optional(text(500)),
});

const ManagerSchema = v.object({ crmId: id, name: text(300), title: nullable(text(300)), active: v.boolean() });
const PipelineSchema = v.object({ crmId: id, name: text(300), order: v.pipe(v.number(), v.finite()) });
const StageSchema = v.object({
  crmId: id,
  pipelineId: id,
  name: text(300),
  order: v.pipe(v.number(), v.finite()),
  kind: v.picklist(['open', 'won', 'lost']),
});
const DealSchema = v.object({
  crmId: id,
  title: text(1000),
  amount: nullable(v.pipe(v.number(), v.finite())),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)),
  pipelineId: id,
  stageId: id,
  status: v.picklist(['open', 'won', 'lost']),
  ownerId: id,
  createdAt: millis,
  stageEnteredAt: nullable(millis),
  updatedAt: millis,
  closedAt: nullable(millis),
  lossReason: nullable(text(1000)),
  client: nullable(text(500)),
  nextTaskAt: nullable(millis),
  url: v.pipe(v.string(), v.maxLength(2000), v.regex(/^https?:\/\//), v.url()),
});
const TaskSchema = v.object({
  crmId: id,
  type: v.picklist(['call', 'meeting', 'email', 'other']),
  text: text(2000),
  dueAt: millis,
  done: v.boolean(),
  doneAt: nullable(millis),
  ownerId: id,
  dealId: nullable(id),
});
const ActivitySchema = v.object({
  crmId: id,
  type: v.picklist(['call', 'meeting']),
  at: millis,
  ownerId: id,
  dealId: nullable(id),
  durationSec: nullable(v.pipe(v.number(), v.finite(), v.minValue(0))),
  direction: nullable(v.picklist(['in', 'out'])),
  outcome: nullable(text(300)),
});

const SnapshotFieldsSchema = v.object({
  crm: v.picklist(['demo', 'amocrm', 'bitrix24', 'pipedrive', 'hubspot', 'generic']),
  account: v.pipe(v.string(), v.maxLength(300), v.check(isOrigin, 'must be an http(s) origin')),
  accountName: text(300),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)),
  readAt: millis,
  source: v.picklist(['api', 'page']),
  currentUserId: nullable(id),
  managers: list(ManagerSchema, 5_000),
  pipelines: list(PipelineSchema, 1_000),
  stages: list(StageSchema, 5_000),
  deals: list(DealSchema),
  tasks: list(TaskSchema),
  activities: list(ActivitySchema),
  problems: list(ProblemSchema, MAX_PROBLEMS),
});

/** A snapshot whose deal links all open the account's own origin (nothing else may become a link in our UI). */
export const SnapshotSchema = v.pipe(
  SnapshotFieldsSchema,
  v.check((s) => s.deals.every((d) => originOf(d.url) === s.account), 'every deal url must be on the account origin'),
);

const SnapshotMessageSchema = v.object({
  kind: v.literal('snapshot'),
  /** Which part of a read split by splitSnapshot; the account's problems come with part 0. */
  part: v.pipe(
    v.object({ index: v.pipe(v.number(), v.integer(), v.minValue(0)), count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)) }),
    v.check((part) => part.index < part.count, 'part index must be below the part count'),
  ),
  snapshot: SnapshotSchema,
});
const ReadFailedMessageSchema = v.object({
  kind: v.literal('read-failed'),
  crm: SnapshotFieldsSchema.entries.crm,
  account: SnapshotFieldsSchema.entries.account,
  at: millis,
  problems: list(ProblemSchema, MAX_PROBLEMS),
});
const StatusRequestSchema = v.object({ kind: v.literal('read-state'), account: SnapshotFieldsSchema.entries.account });
const OverlayRequestSchema = v.object({ kind: v.literal('overlay-state'), account: SnapshotFieldsSchema.entries.account });

export const MessageSchema = v.variant('kind', [SnapshotMessageSchema, ReadFailedMessageSchema, StatusRequestSchema, OverlayRequestSchema]);
export type Message = v.InferOutput<typeof MessageSchema>;
export type SnapshotMessage = v.InferOutput<typeof SnapshotMessageSchema>;
export type ReadFailedMessage = v.InferOutput<typeof ReadFailedMessageSchema>;

/** What the background answers. */
export type Reply =
  /** The last part of a read also carries today's figures for the overlay, worked out once for the badge and the page. */
  | { ok: true; written: number; skipped: number; overlay?: OverlayState | null }
  | { ok: true; since: ReadCursor | null }
  | { ok: true; overlay: OverlayState | null }
  | { ok: false; error: string };

// The inferred types must stay the model's types: a drift is a compile error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const snapshotMatchesModel: Same<v.InferOutput<typeof SnapshotSchema>, Snapshot> = true;
const problemMatchesModel: Same<v.InferOutput<typeof ProblemSchema>, Problem> = true;
void snapshotMatchesModel;
void problemMatchesModel;

/** Parses an incoming message; returns a readable reason instead of throwing. */
export function parseMessage(raw: unknown): { ok: true; message: Message } | { ok: false; error: string } {
  const result = v.safeParse(MessageSchema, raw);
  if (result.success) return { ok: true, message: result.output };
  // Issue texts quote what was received: clipped, so a 10 MB field cannot become a 10 MB log line or reply.
  const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);
  const first = result.issues.slice(0, 3).map((issue) => `${clip(v.getDotPath(issue) ?? '(root)')}: ${clip(issue.message)}`);
  return { ok: false, error: `malformed message: ${first.join('; ')}` };
}

/** Splits a large snapshot into messages small enough to validate and store one transaction each. */
export function splitSnapshot(snapshot: Snapshot, size = MAX_RECORDS_PER_MESSAGE): Snapshot[] {
  const { deals, tasks, activities } = snapshot;
  const parts: Snapshot[] = [];
  const chunks = Math.max(1, Math.ceil(Math.max(deals.length, tasks.length, activities.length) / size));
  for (let i = 0; i < chunks; i += 1) {
    const slice = <T>(items: T[]) => items.slice(i * size, (i + 1) * size);
    parts.push({
      ...snapshot,
      // Managers, pipelines, stages and problems travel with the first part only.
      managers: i === 0 ? snapshot.managers : [],
      pipelines: i === 0 ? snapshot.pipelines : [],
      stages: i === 0 ? snapshot.stages : [],
      problems: i === 0 ? snapshot.problems : [],
      deals: slice(deals),
      tasks: slice(tasks),
      activities: slice(activities),
    });
  }
  return parts;
}
