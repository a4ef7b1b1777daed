// Every field we store per record kind, with the words that explain it: `satisfies` makes a field added to lib/model.ts without a description a compile error.
import type { MessageKey } from '../../lib/i18n';
import type { ActivityFields, DealFields, ManagerFields, TaskFields } from '../../lib/model';
import '../../lib/i18n-options';

export const TRACKED_KINDS = ['managers', 'deals', 'tasks', 'activities'] as const;
export type TrackedKind = (typeof TRACKED_KINDS)[number];

const MANAGER_FIELDS = {
  crmId: 'field.manager.crmId',
  name: 'field.manager.name',
  title: 'field.manager.title',
  active: 'field.manager.active',
} as const satisfies Record<keyof ManagerFields, MessageKey>;

const DEAL_FIELDS = {
  crmId: 'field.deal.crmId',
  title: 'field.deal.title',
  amount: 'field.deal.amount',
  currency: 'field.deal.currency',
  pipelineId: 'field.deal.pipelineId',
  stageId: 'field.deal.stageId',
  status: 'field.deal.status',
  ownerId: 'field.deal.ownerId',
  createdAt: 'field.deal.createdAt',
  stageEnteredAt: 'field.deal.stageEnteredAt',
  updatedAt: 'field.deal.updatedAt',
  closedAt: 'field.deal.closedAt',
  lossReason: 'field.deal.lossReason',
  client: 'field.deal.client',
  nextTaskAt: 'field.deal.nextTaskAt',
  url: 'field.deal.url',
} as const satisfies Record<keyof DealFields, MessageKey>;

const TASK_FIELDS = {
  crmId: 'field.task.crmId',
  type: 'field.task.type',
  text: 'field.task.text',
  dueAt: 'field.task.dueAt',
  done: 'field.task.done',
  doneAt: 'field.task.doneAt',
  ownerId: 'field.task.ownerId',
  dealId: 'field.task.dealId',
} as const satisfies Record<keyof TaskFields, MessageKey>;

const ACTIVITY_FIELDS = {
  crmId: 'field.activity.crmId',
  type: 'field.activity.type',
  at: 'field.activity.at',
  ownerId: 'field.activity.ownerId',
  dealId: 'field.activity.dealId',
  durationSec: 'field.activity.durationSec',
  direction: 'field.activity.direction',
  outcome: 'field.activity.outcome',
} as const satisfies Record<keyof ActivityFields, MessageKey>;

export const TRACKED_FIELDS: Record<TrackedKind, Readonly<Record<string, MessageKey>>> = {
  managers: MANAGER_FIELDS,
  deals: DEAL_FIELDS,
  tasks: TASK_FIELDS,
  activities: ACTIVITY_FIELDS,
};

export const KIND_LABEL: Record<TrackedKind, MessageKey> = {
  managers: 'opt.data.kind.managers',
  deals: 'opt.data.kind.deals',
  tasks: 'opt.data.kind.tasks',
  activities: 'opt.data.kind.activities',
};
