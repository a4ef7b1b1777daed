// The day view and the Team rows over what loadDay read: one place that turns DayData into the metrics'
// inputs, so the popup, the overlay and the Team worker cannot drift apart.
import { dayView, teamView, type DayView, type TeamMemberRow, type WorkCalendar } from '../metrics';
import type { Settings } from '../settings';
import type { DayData } from './index';

/** One manager's day, with silence in the stalled rule once the history allows it. */
export function dayViewOf(data: DayData, who: { account: string; ownerId: string; settings: Settings; now: Date; calendar: WorkCalendar }): DayView {
  return dayView({
    account: who.account,
    ownerId: who.ownerId,
    managerTitle: data.managers.find((m) => m.crmId === who.ownerId)?.title ?? null,
    deals: data.deals,
    stages: data.stages,
    activities: data.activities,
    tasks: data.tasks,
    olderOpenTasks: data.olderOpenTasks,
    wonDeals: data.wonDeals,
    settings: who.settings,
    now: who.now,
    calendar: who.calendar,
    ...(data.historyFrom === null ? {} : { historyFrom: data.historyFrom }),
  });
}

/**
 * One row per active manager who owns a deal or made a call we hold (the head who only looks is not
 * a row of their own team), and per departed manager who still owns open deals — those need a new
 * owner, and the head should see them stall. Grouped by owner once, in teamView.
 */
export function teamRowsOf(data: DayData, ctx: { account: string; settings: Settings; now: Date; currentUserId: string | null }): TeamMemberRow[] {
  const owners = new Set<string>();
  const openOwners = new Set<string>();
  for (const deal of data.deals) {
    owners.add(deal.ownerId);
    if (deal.status === 'open') openOwners.add(deal.ownerId);
  }
  for (const activity of data.activities) owners.add(activity.ownerId);
  return teamView({
    account: ctx.account,
    managers: data.managers.filter((m) => (m.active ? owners.has(m.crmId) : openOwners.has(m.crmId))),
    deals: data.deals,
    stages: data.stages,
    activities: data.activities,
    tasks: data.tasks,
    settings: ctx.settings,
    now: ctx.now,
    currentUserId: ctx.currentUserId,
    ...(data.historyFrom === null ? {} : { historyFrom: data.historyFrom }),
  });
}
