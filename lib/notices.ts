// Which browser notifications to show now (plan milestones, an activity drop) and their texts: pure, the background does the I/O.
import { localDateText } from './calendar';
import { formatNumber, t, tPlural, type Lang } from './i18n';
import type { ActivityDrop } from './metrics/early-warning';
import { workingDay, type WorkCalendar } from './metrics/working-day';
import type { NoticeSettings, WorkingHours } from './settings';

/** Shares of today's plan, in percent, that are worth a notice. */
export const PLAN_THRESHOLDS = [50, 90, 100] as const;
export type PlanThreshold = (typeof PLAN_THRESHOLDS)[number];

/** The kinds a user can switch on one by one (the settings' own names). */
export type NoticeKind = Exclude<keyof NoticeSettings, 'enabled'>;

const THRESHOLD_SETTING: Record<PlanThreshold, NoticeKind> = { 50: 'plan50', 90: 'plan90', 100: 'plan100' };

export type Notice =
  | {
      kind: 'plan';
      /** Stable for the day: "<account>|<userId>|plan50". */
      id: string;
      threshold: PlanThreshold;
      /** The share actually reached (a first read late in the day may be past the threshold). */
      percent: number;
      callsLeft: number | null;
    }
  | { kind: 'activity-drop'; id: string; actions: number; norm: number };

export interface NoticeInput {
  account: string;
  /** The CRM user signed in: notices speak about the user's own day. */
  userId: string;
  /** Share of today's plan done, 0–100 (lib/queries/overlay planPercent); null without targets. */
  planPercent: number | null;
  callsLeft: number | null;
  /** The user's activity-drop judgement now (lib/metrics/early-warning); null when not computed. */
  drop: Pick<ActivityDrop, 'warn' | 'today' | 'norm'> | null;
  settings: { notices: NoticeSettings; workingHours: WorkingHours };
  /** The user's calendar: holidays, own days off, vacation. */
  calendar: WorkCalendar;
  now: Date;
  /** Ids already notified today, any account (see {@link readSentLog}). */
  sent: readonly string[];
}

export interface NoticeDecision {
  notices: Notice[];
  /** Today's ids to remember: the ones before and the new ones, including thresholds passed over silently. */
  sent: string[];
}

/** True within the working hours of a working day, lunch excluded: the only time a notice may appear. */
export function isWorkingTime(now: Date, hours: WorkingHours, calendar: WorkCalendar): boolean {
  const day = workingDay(now, hours, calendar);
  if (!day.isWorkingDay || now < day.start || now >= day.end) return false;
  return day.lunch === null || now < day.lunch.start || now >= day.lunch.end;
}

export function noticeId(account: string, userId: string, what: NoticeKind): string {
  return `${account}|${userId}|${what}`;
}

/** Whether the activity drop is worth computing at all now (it needs four weeks of calls loaded). */
export function wantsActivityDrop(input: Omit<NoticeInput, 'drop' | 'planPercent' | 'callsLeft'>): boolean {
  const { notices, workingHours } = input.settings;
  return (
    notices.enabled &&
    notices.activityDrop &&
    isWorkingTime(input.now, workingHours, input.calendar) &&
    !input.sent.includes(noticeId(input.account, input.userId, 'activityDrop'))
  );
}

/**
 * The notices to show now. Each plan threshold at most once a day per account and user; when one
 * read passes several at once (the first read of the day at 95 %), only the highest is shown and the
 * lower ones count as done. The activity drop at most once a day. Nothing when notices are off,
 * outside working hours (lunch included), on a day off, a holiday or a vacation day; a threshold
 * reached then is notified at the first read in working time, if it still holds.
 */
export function decideNotices(input: NoticeInput): NoticeDecision {
  const { settings, account, userId, sent } = input;
  const none: NoticeDecision = { notices: [], sent: [...sent] };
  if (!settings.notices.enabled || !isWorkingTime(input.now, settings.workingHours, input.calendar)) return none;

  const notices: Notice[] = [];
  const marks: string[] = [];
  const percent = input.planPercent;
  if (percent !== null && Number.isFinite(percent)) {
    const reached = PLAN_THRESHOLDS.filter((threshold) => settings.notices[THRESHOLD_SETTING[threshold]] && percent >= threshold);
    const fresh = reached.filter((threshold) => !sent.includes(noticeId(account, userId, THRESHOLD_SETTING[threshold])));
    const highest = fresh[fresh.length - 1];
    if (highest !== undefined) {
      notices.push({ kind: 'plan', id: noticeId(account, userId, THRESHOLD_SETTING[highest]), threshold: highest, percent, callsLeft: input.callsLeft });
      marks.push(...fresh.map((threshold) => noticeId(account, userId, THRESHOLD_SETTING[threshold])));
    }
  }
  const dropId = noticeId(account, userId, 'activityDrop');
  if (settings.notices.activityDrop && input.drop?.warn === true && input.drop.norm !== null && !sent.includes(dropId)) {
    notices.push({ kind: 'activity-drop', id: dropId, actions: input.drop.today.total, norm: input.drop.norm });
    marks.push(dropId);
  }
  return { notices, sent: [...sent, ...marks] };
}

/** A notice in the UI language, with the CRM account's name so that a head of two accounts knows which. */
export function noticeText(notice: Notice, lang: Lang, accountName: string): { title: string; message: string } {
  if (notice.kind === 'activity-drop') {
    return {
      title: t(lang, 'popup.activityDrop'),
      message: `${accountName}: ${tPlural(lang, 'notice.dropBody', notice.actions, { norm: formatNumber(Math.round(notice.norm), lang) })}`,
    };
  }
  const title = notice.threshold === 100 ? t(lang, 'notice.planDone') : t(lang, 'notice.planShare', { percent: notice.percent });
  const left = notice.callsLeft !== null && notice.callsLeft > 0 ? tPlural(lang, 'callsLeft', notice.callsLeft) : null;
  return { title, message: left === null ? accountName : `${accountName}: ${left}` };
}

/** Where the background keeps what it notified: `{ "YYYY-MM-DD": ids }`, today's day only. */
export const NOTICES_SENT_KEY = 'notices:sent';

/** The local day the "once a day" rules count in. */
export function noticeDay(now: Date): string {
  return localDateText(now);
}

/** Today's notified ids from whatever storage holds (another day's, garbage → none). */
export function readSentLog(stored: unknown, day: string): string[] {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || !Object.hasOwn(stored, day)) return [];
  const ids: unknown = (stored as Record<string, unknown>)[day];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** The value to store: only today's day, so older days go away by themselves. */
export function sentLog(day: string, ids: readonly string[]): Record<string, string[]> {
  return { [day]: [...new Set(ids)] };
}
