// Pure metrics: (data, settings, now) → figures. No I/O, no clock of their own.
export { workingDay, workingMsBetween, workingMsElapsed, workingMsLeft, workingMsTotal, WEEKDAYS_CALENDAR, type WorkCalendar, type WorkingDay } from './working-day';
export { kpiFacts, type KpiFactsInput } from './kpi-facts';
export { planFact, type KpiFigure } from './plan-fact';
export { callsRemaining, expectedByNow, paceStatus, projectedEndOfDay, requiredPace, type PaceStatus } from './pace';
export { stalledDeals, type StalledDeal, type StalledDealsInput, type StalledReason } from './stalled-deals';
export { dayView, type CallsFigure, type DayView, type DayViewInput } from './day-view';
