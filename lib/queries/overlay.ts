// What the on-page overlay and the toolbar badge show, computed in the background from Dexie (content scripts never open it).
import { managerCalendar } from '../calendar';
import { formatNumber, resolveLang, t, tPlural, type Lang } from '../i18n';
import type { SalesDb } from '../db';
import { stallReasonText, type PaceStatus, type StalledDeal } from '../metrics';
import { recordKey } from '../model';
import { tracksClientKpis, type Settings } from '../settings';
import { loadDay, loadDealOwners, loadSettings } from './index';
import { dayViewOf, teamRowsOf } from './views';

export interface OverlayStalled {
  dealId: string;
  days: number;
  /** The pill's text ("11 д" / "11 d"). */
  label: string;
  /** The reasons in words, in the UI language. */
  why: string;
}

export interface OverlayState {
  lang: Lang;
  /** null when the signed-in user has no calls target (no role, or a day off). */
  callsLeft: number | null;
  /** Share of today's plan done across the role's KPIs, 0–100; null without targets. */
  planPercent: number | null;
  status: PaceStatus;
  /** The widget's one line, ready to show. */
  summary: string;
  stalled: OverlayStalled[];
  /** Texts of the widget's buttons (the content script carries no dictionaries of its own). */
  texts: { collapse: string; hide: string };
}

export async function overlayState(db: SalesDb, account: string, now: Date, browserLang: string): Promise<OverlayState | null> {
  const [row, settings] = await Promise.all([db.accounts.get(account), loadSettings(db)]);
  if (!row?.currentUserId) return null;
  const lang = resolveLang(settings.language, browserLang);
  const ownerId = row.currentUserId;
  const owners = await loadDealOwners(db, account);
  // A head (no deals of their own, the team's in view): the board shows the team, so does the overlay.
  if (!owners.includes(ownerId) && owners.length > 0) return teamOverlay(db, account, now, lang, settings, ownerId);
  const data = await loadDay(db, account, now, ownerId, { everyonesWon: tracksClientKpis(settings) });
  // The same view as the popup's My day: the user's calendar, and silence once the history allows it.
  const view = dayViewOf(data, { account, ownerId, settings, now, calendar: managerCalendar(settings, recordKey(account, ownerId), true) });
  const callsLeft = view.calls?.remaining ?? null;
  // The mean of each KPI's share, each capped at 100 %, so one overshoot cannot hide another miss.
  // Only what accumulates through the day: a limit kept (ratio 1) or an average is no share of the day's work done.
  const shares = view.figures.filter((f) => f.kind === 'sum');
  const planPercent = shares.length === 0 ? null : Math.round((shares.reduce((sum, f) => sum + Math.min(1, f.ratio), 0) / shares.length) * 100);
  const parts = [
    callsLeft === null ? null : callsLeft > 0 ? `${formatNumber(callsLeft, lang)} ${tPlural(lang, 'callsLeftUnit', callsLeft)}` : t(lang, 'callsDone'),
    planPercent === null ? null : `${planPercent} %`,
  ].filter((part): part is string => part !== null);
  return {
    lang,
    callsLeft,
    planPercent,
    status: view.status,
    summary: parts.length > 0 ? parts.join(' · ') : view.dayOff ? t(lang, 'dayOff') : t(lang, 'chooseRole'),
    stalled: badges(view.stalled, lang),
    texts: texts(lang),
  };
}

function badges(stalled: readonly StalledDeal[], lang: Lang): OverlayStalled[] {
  return stalled.map((s) => {
    // The pill counts what made the deal stalled: days in the stage, or days without a touch when that is the reason.
    const first = s.allReasons[0];
    const days = first?.kind === 'no-activity' ? first.days : s.daysInStage;
    return {
      dealId: s.deal.crmId,
      days,
      label: t(lang, 'stalledPill', { days }),
      why: s.allReasons.map((reason) => stallReasonText(lang, reason)).join('; '),
    };
  });
}

const texts = (lang: Lang) => ({ collapse: t(lang, 'overlay.collapse'), hide: t(lang, 'overlay.hide') });
const SEVERITY: Record<PaceStatus, number> = { grey: 0, green: 1, amber: 2, red: 3 };

/** The head's overlay: every visible manager's stalled deals on the board, and who is behind in the widget. */
async function teamOverlay(db: SalesDb, account: string, now: Date, lang: Lang, settings: Settings, currentUserId: string): Promise<OverlayState> {
  const data = await loadDay(db, account, now);
  // The popup's Team rows: the same managers, calendars and stalled rule.
  const rows = teamRowsOf(data, { account, settings, now, currentUserId });
  const behind = rows.filter((row) => row.status === 'red' || row.status === 'amber').length;
  const stalled = rows.flatMap((row) => row.view.stalled);
  const status = rows.reduce<PaceStatus>((worst, row) => (SEVERITY[row.status] > SEVERITY[worst] ? row.status : worst), 'grey');
  return {
    lang,
    callsLeft: null,
    planPercent: null,
    status,
    summary: t(lang, 'overlay.team', { behind, stalled: stalled.length }),
    stalled: badges(stalled, lang),
    texts: texts(lang),
  };
}
