// Pure metrics: (data, settings, now) → figures. No I/O, no clock of their own.
export { workingDay, workingMsBetween, workingMsElapsed, workingMsLeft, workingMsTotal, WEEKDAYS_CALENDAR, type WorkCalendar, type WorkingDay } from './working-day';
export {
  dailyKpiFacts,
  kpiFacts,
  MIN_CONVERSION_DEALS,
  MIN_RETENTION_CLIENTS,
  noFacts,
  overdueAt,
  retentionOf,
  retentionWindows,
  type KpiFacts,
  type KpiFactsInput,
  type RetentionWindows,
} from './kpi-facts';
export { buyersIn, clientKey, firstPurchases, repeatPurchaseTest } from './clients';
export { levelStatus, missedPlan, planFact, type KpiFigure } from './plan-fact';
export { callsRemaining, expectedByNow, paceStatus, projectedEndOfDay, requiredPace, statusAgainst, statusSeverity, worstStatus, type PaceStatus } from './pace';
export {
  DEFAULT_NO_ACTIVITY_DAYS,
  MIN_DEALS_FOR_STAGE_LIMIT,
  percentile,
  stalledDeals,
  stalledRuleOf,
  suggestStageLimits,
  type ActivityHistory,
  type StageLimitSuggestion,
  type StalledDeal,
  type StalledDealsInput,
  type StalledReason,
  type StallReason,
} from './stalled-deals';
export { dayView, type CallsFigure, type DayView, type DayViewInput } from './day-view';
export { periodView, rollUp, type PeriodFigure, type PeriodSummary, type PeriodView, type PeriodViewInput, type RollUp, type SeriesDay } from './period-view';
export { isRecoverableReason, lostDeals, type LossReasonGroup, type LostDeals, type LostDealsInput } from './lost-deals';
export { funnel, type Funnel, type FunnelInput, type FunnelStep } from './funnel';
export {
  ACTIVITY_DROP_SHARE,
  ACTIVITY_DROP_WEEKS,
  activityDrop,
  DEFAULT_MIN_NORM,
  SILENCE_MINUTES,
  silentSince,
  type ActivityDrop,
  type ActivityDropInput,
  type ActivityDropSkip,
  type CrmActions,
} from './early-warning';
export { teamView, type TeamMemberRow, type TeamViewInput } from './team-view';
export { dataCoverage, MIN_DEALS, MIN_HISTORY_WORKING_DAYS, type DataCoverage, type DataCoverageInput, type FigureBasis, type FigureId } from './coverage';
export { dailyReport, stallReasonText, type DailyReportInput } from './daily-report';
