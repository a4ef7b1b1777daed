// What each figure rests on (how many deals and calls, how much history, how fresh) and when that is too little to trust.
import { addDays, startOfDay } from 'date-fns';
import { workingDaysBetween } from '../calendar';
import type { ActivityFields, DealFields, Millis } from '../model';
import type { KpiId } from '../settings';
import { MIN_CONVERSION_DEALS } from './kpi-facts';
import { WEEKDAYS_CALENDAR, type WorkCalendar } from './working-day';

export type FigureId = KpiId | 'stalled' | 'funnel' | 'lost' | 'activityDrop';

export interface FigureBasis {
  deals: number;
  calls: number;
  meetings: number;
  tooLittleData: boolean;
}

export interface DataCoverage {
  lastReadAt: Date | null;
  /** How long ago the CRM was last read; null if never. */
  readAgeMs: number | null;
  /** The first call or meeting we hold. */
  historyFrom: Date | null;
  /** Working days from the first call or meeting to today, both included. */
  historyWorkingDays: number;
  deals: number;
  calls: number;
  meetings: number;
  figures: Record<FigureId, FigureBasis>;
}

export interface DataCoverageInput {
  deals: readonly DealFields[];
  activities: readonly ActivityFields[];
  /** One manager; everyone when omitted. */
  ownerId?: string;
  /** The period the figures are for, [start, end). */
  period: { start: Date; end: Date };
  now: Date;
  calendar?: WorkCalendar;
  /** Account.lastReadAt. */
  lastReadAt: Millis | null;
}

/** Fewer working days of calls and meetings than this: activity figures and norms are not to be trusted yet. */
export const MIN_HISTORY_WORKING_DAYS = 5;
/** Fewer deals than this: conversions, averages and loss reasons are anecdotes. */
export const MIN_DEALS = 10;

export function dataCoverage(input: DataCoverageInput): DataCoverage {
  const { now } = input;
  const calendar = input.calendar ?? WEEKDAYS_CALENDAR;
  const mine = <T extends { ownerId: string }>(items: readonly T[]) => (input.ownerId === undefined ? items : items.filter((item) => item.ownerId === input.ownerId));
  const deals = mine(input.deals);
  const activities = mine(input.activities);
  const start = input.period.start.getTime();
  const end = input.period.end.getTime();
  const inPeriod = (at: number | null) => at !== null && at >= start && at < end;

  let first = Number.POSITIVE_INFINITY;
  let periodCalls = 0;
  let periodMeetings = 0;
  let calls = 0;
  for (const activity of activities) {
    first = Math.min(first, activity.at);
    if (activity.type === 'call') calls += 1;
    if (!inPeriod(activity.at)) continue;
    if (activity.type === 'call') periodCalls += 1;
    else periodMeetings += 1;
  }
  const historyFrom = Number.isFinite(first) ? new Date(first) : null;
  const historyWorkingDays = historyFrom === null ? 0 : Math.max(0, workingDaysBetween(historyFrom, addDays(startOfDay(now), 1), calendar));
  const shortHistory = historyWorkingDays < MIN_HISTORY_WORKING_DAYS;

  const created = deals.filter((deal) => inPeriod(deal.createdAt)).length;
  const won = deals.filter((deal) => deal.status === 'won' && inPeriod(deal.closedAt)).length;
  const lost = deals.filter((deal) => deal.status === 'lost' && inPeriod(deal.closedAt)).length;
  const open = deals.filter((deal) => deal.status === 'open').length;
  const moved = deals.filter((deal) => deal.status !== 'lost' && inPeriod(deal.stageEnteredAt)).length;
  const fewDeals = deals.length < MIN_DEALS;

  const onCalls: FigureBasis = { deals: 0, calls: periodCalls, meetings: 0, tooLittleData: shortHistory };
  const onDeals = (count: number, tooLittleData = fewDeals): FigureBasis => ({ deals: count, calls: 0, meetings: 0, tooLittleData });
  return {
    lastReadAt: input.lastReadAt === null ? null : new Date(input.lastReadAt),
    readAgeMs: input.lastReadAt === null ? null : Math.max(0, now.getTime() - input.lastReadAt),
    historyFrom,
    historyWorkingDays,
    deals: deals.length,
    calls,
    meetings: activities.length - calls,
    figures: {
      calls: onCalls,
      conversations: onCalls,
      talkTime: onCalls,
      meetings: { deals: 0, calls: 0, meetings: periodMeetings, tooLittleData: shortHistory },
      newDeals: onDeals(created),
      wonCount: onDeals(won),
      wonAmount: onDeals(won),
      movedForward: onDeals(moved),
      avgDeal: onDeals(won, fewDeals || won === 0),
      conversion: onDeals(created, created < MIN_CONVERSION_DEALS),
      repeatSales: onDeals(won),
      // The clients it is a share of are in the previous period: plan-fact's tooLittleData says when they are too few.
      retention: onDeals(won),
      // Open tasks are not deals, calls or meetings: the count needs only a read of the CRM, which nothing read at all lacks.
      overdueTasks: { deals: 0, calls: 0, meetings: 0, tooLittleData: deals.length + activities.length === 0 },
      // Silence needs call history; days in stage only the deals themselves.
      stalled: { deals: open, calls, meetings: activities.length - calls, tooLittleData: shortHistory },
      funnel: onDeals(created, created < MIN_DEALS),
      lost: onDeals(lost, lost + won < MIN_DEALS),
      activityDrop: { deals: 0, calls, meetings: activities.length - calls, tooLittleData: shortHistory },
    },
  };
}
