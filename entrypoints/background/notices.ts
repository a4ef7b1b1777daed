// Browser notifications: after a read, asks lib/notices what is due and shows it; remembers what was shown today.
import { managerCalendar } from '../../lib/calendar';
import type { SalesDb } from '../../lib/db';
import { activityDrop, type ActivityDrop, type WorkCalendar } from '../../lib/metrics';
import { recordKey } from '../../lib/model';
import { decideNotices, noticeDay, noticeText, NOTICES_SENT_KEY, readSentLog, sentLog, wantsActivityDrop } from '../../lib/notices';
import { loadDay } from '../../lib/queries';
import type { OverlayState } from '../../lib/queries/overlay';
import type { Settings } from '../../lib/settings';

// One check at a time: two reads finishing together must not both see "not yet notified".
let queue: Promise<void> = Promise.resolve();

/** Shows the notices due for the signed-in user of `account` now; never throws (a notice is not worth failing a read). */
export function checkNotices(db: SalesDb, account: string, overlay: OverlayState | null, settings: Settings, now: Date): Promise<void> {
  const run = queue.then(() => notify(db, account, overlay, settings, now));
  queue = run.catch((error: unknown) => console.error('[sales-pace] could not show a notification', error));
  return queue;
}

async function notify(db: SalesDb, account: string, overlay: OverlayState | null, settings: Settings, now: Date): Promise<void> {
  if (!settings.notices.enabled || overlay === null) return;
  const row = await db.accounts.get(account);
  const userId = row?.currentUserId;
  if (!row || !userId) return;
  // Switched on in options, but the browser's permission was refused or taken back: show nothing, remember nothing.
  if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return;

  const day = noticeDay(now);
  const sent = readSentLog((await browser.storage.local.get(NOTICES_SENT_KEY))[NOTICES_SENT_KEY], day);
  const calendar = managerCalendar(settings, recordKey(account, userId), true);
  const base = { account, userId, settings, calendar, now, sent };
  const drop = wantsActivityDrop(base) ? await userActivityDrop(db, account, userId, settings, calendar, now) : null;
  const decision = decideNotices({ ...base, planPercent: overlay.planPercent, callsLeft: overlay.callsLeft, drop });
  if (decision.notices.length === 0) return;
  // Remembered before showing: "at most once a day" holds even if the worker stops halfway.
  await browser.storage.local.set({ [NOTICES_SENT_KEY]: sentLog(day, decision.sent) });
  for (const notice of decision.notices) {
    const { title, message } = noticeText(notice, overlay.lang, row.name);
    await browser.notifications.create(`${day}|${notice.id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title,
      message,
    });
  }
}

/** The same judgement as My day's activity drop, for the signed-in user (four weeks of calls are loaded only for this). */
async function userActivityDrop(db: SalesDb, account: string, userId: string, settings: Settings, calendar: WorkCalendar, now: Date): Promise<ActivityDrop> {
  // The activity drop looks at calls, tasks and stage moves only: the team's sales are not needed.
  const data = await loadDay(db, account, now, userId, { everyonesWon: false });
  return activityDrop({ activities: data.activities, tasks: data.tasks, deals: data.deals, ownerId: userId, now, hours: settings.workingHours, calendar });
}
