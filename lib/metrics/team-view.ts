// The head's team snapshot: one row per manager with today's KPIs, status, stalled deals and the early-warning flags.
import { managerCalendar } from '../calendar';
import type { ActivityFields, DealFields, ManagerFields, StageFields, TaskFields } from '../model';
import { recordKey } from '../model';
import type { Settings } from '../settings';
import { dayView, type DayView } from './day-view';
import { activityDrop, silentSince, type ActivityDrop } from './early-warning';
import { statusSeverity, type PaceStatus } from './pace';
import { workingDay, type WorkCalendar } from './working-day';

export interface TeamViewInput {
  account: string;
  /** The rows to show (pass the active ones). */
  managers: readonly ManagerFields[];
  deals: readonly DealFields[];
  stages: readonly StageFields[];
  /** Calls and meetings of the last four weeks at least, for the activity-drop norm. */
  activities: readonly ActivityFields[];
  tasks: readonly TaskFields[];
  settings: Settings;
  now: Date;
  /** The CRM user who is looking (Account.currentUserId): the user's own days off apply to their row only. */
  currentUserId?: string | null;
  /** Activities and tasks are complete from this moment: enables the no-activity part of the stalled rule. */
  historyFrom?: Date;
  /** Default: lib/calendar managerCalendar from settings. */
  calendarFor?: (managerKey: string, isCurrentUser: boolean) => WorkCalendar;
}

export interface TeamMemberRow {
  managerId: string;
  name: string;
  title: string | null;
  view: DayView;
  status: PaceStatus;
  stalledCount: number;
  flags: {
    /** Since when there has been no call or meeting (≥ 90 working minutes); null when calling. */
    stoppedCalling: Date | null;
    activityDrop: boolean;
  };
  activityDrop: ActivityDrop;
}

/**
 * One row per manager, red first, then the most flags, then by name. Records are grouped by owner
 * once, so each manager's figures look at that manager's records only: 50 managers × 100 000
 * activities is one pass, not fifty.
 */
export function teamView(input: TeamViewInput): TeamMemberRow[] {
  const { settings, now, account } = input;
  const calendarFor = input.calendarFor ?? ((managerKey: string, isCurrentUser: boolean) => managerCalendar(settings, managerKey, isCurrentUser));
  const dealOwner = new Map(input.deals.map((deal) => [deal.crmId, deal.ownerId]));
  const deals = groupByOwner(input.deals, (deal) => [deal.ownerId]);
  // A call or task on a manager's deal by someone else still touches that deal, so it goes to both owners.
  const touchOwners = (ownerId: string, dealId: string | null): string[] => {
    const owner = dealId === null ? undefined : dealOwner.get(dealId);
    return owner === undefined || owner === ownerId ? [ownerId] : [ownerId, owner];
  };
  const activities = groupByOwner(input.activities, (activity) => touchOwners(activity.ownerId, activity.dealId));
  const tasks = groupByOwner(input.tasks, (task) => touchOwners(task.ownerId, task.dealId));

  // Everyone's won deals: a client's earlier purchase from a colleague makes a repeat sale.
  const wonDeals = input.deals.filter((deal) => deal.status === 'won');
  const rows = input.managers.map((manager): TeamMemberRow => {
    const ownerId = manager.crmId;
    const isCurrentUser = input.currentUserId != null && input.currentUserId === ownerId;
    const calendar = calendarFor(recordKey(account, ownerId), isCurrentUser);
    const own = { deals: deals.get(ownerId) ?? [], activities: activities.get(ownerId) ?? [], tasks: tasks.get(ownerId) ?? [] };
    const view = dayView({
      account,
      ownerId,
      managerTitle: manager.title,
      deals: own.deals,
      stages: input.stages,
      activities: own.activities,
      tasks: own.tasks,
      wonDeals,
      settings,
      now,
      calendar,
      ...(input.historyFrom === undefined ? {} : { historyFrom: input.historyFrom }),
    });
    const day = workingDay(now, settings.workingHours, calendar);
    const drop = activityDrop({ ...own, ownerId, now, hours: settings.workingHours, calendar });
    const stoppedCalling = silentSince(own.activities, ownerId, now, day);
    return {
      managerId: ownerId,
      name: manager.name,
      title: manager.title,
      view,
      status: view.status,
      stalledCount: view.stalled.length,
      flags: { stoppedCalling, activityDrop: drop.warn },
      activityDrop: drop,
    };
  });
  const flagCount = (row: TeamMemberRow) => (row.flags.stoppedCalling === null ? 0 : 1) + (row.flags.activityDrop ? 1 : 0);
  return rows.sort(
    (a, b) => statusSeverity(b.status) - statusSeverity(a.status) || flagCount(b) - flagCount(a) || b.stalledCount - a.stalledCount || a.name.localeCompare(b.name, 'ru'),
  );
}

function groupByOwner<T>(items: readonly T[], owners: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const owner of owners(item)) {
      const group = groups.get(owner);
      if (group) group.push(item);
      else groups.set(owner, [item]);
    }
  }
  return groups;
}
