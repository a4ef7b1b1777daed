// The popup: My day, Week, Month and Report for the CRM user who is looking (or a manager picked in Team), and Team for a head.
import { useLiveQuery } from 'dexie-react-hooks';
import { Component, useEffect, useRef, useState, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { EnableSite, type EnableState } from '../../components/EnableSite';
import { LangContext } from '../../components/Lang';
import { ProblemsNotice } from '../../components/ProblemsNotice';
import { panelId, tabId, Tabs, type TabItem } from '../../components/Tabs';
import { db } from '../../lib/db';
import { formatDay, formatRelative, formatTime, resolveLang, t, type Lang } from '../../lib/i18n';
import type { Account, CrmKind } from '../../lib/model';
import { loadAccounts, loadDay, loadDealOwners, loadSettings, saveSettings, type DayData } from '../../lib/queries';
import { crmTab, enableSite, hiddenWidgets, listSites, looksLikeBitrix, recognise, selfHostedOrigin, showWidget, startInTab } from '../../lib/sites';
import { LANGUAGES, tracksClientKpis, type Language, type Settings } from '../../lib/settings';
import { isStorageError, STORAGE_ERROR_KEY, type StorageError } from '../../lib/storage-health';
import { usePopupStore, type PopupTab } from '../../lib/store';
import type { ManagerContext } from './manager-figures';
import { MyDay } from './MyDay';
import { PeriodTab } from './PeriodTab';
import { ReportTab } from './ReportTab';
import { useTeamRows } from './team-rows';
import { TeamTab } from './TeamTab';

/** The current time, ticking once a minute so pace and freshness stay true while the popup is open. */
function useNow(pinned?: Date): Date {
  const [now, setNow] = useState(() => pinned ?? new Date());
  useEffect(() => {
    if (pinned) return;
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, [pinned]);
  return now;
}

/** The CRM the popup was opened over, and whether the user still has to enable it. */
function useSiteOffer(): { offer: { origin: string; crm: CrmKind; label: string; tabId: number } | null; state: EnableState; enable: () => void } {
  const [offer, setOffer] = useState<{ origin: string; crm: CrmKind; label: string; tabId: number } | null>(null);
  const [state, setState] = useState<EnableState>('offer');
  useEffect(() => {
    let alive = true;
    void (async () => {
      const tab = await crmTab();
      const site = recognise(tab?.url) ?? (tab ? await selfHostedBitrix(tab) : null);
      if (!tab || !site) return;
      const enabled = (await listSites()).some((s) => s.origin === site.origin && s.granted);
      if (alive && !enabled) setOffer({ ...site, tabId: tab.tabId });
    })().catch((error: unknown) => console.warn('[sales-pace] could not look at the current tab', error));
    return () => {
      alive = false;
    };
  }, []);
  const enable = () => {
    if (!offer) return;
    setState('asking');
    enableSite(offer.origin, offer.crm)
      .then(async (granted) => {
        if (!granted) return setState('declined');
        await startInTab(offer.tabId);
        setState('enabled');
      })
      .catch((error: unknown) => {
        console.error('[sales-pace] could not enable', offer.origin, error);
        setState('error');
      });
  };
  return { offer, state, enable };
}

/** An https page on a host that names no CRM but is built by Bitrix: a self-hosted Bitrix24 portal. */
async function selfHostedBitrix(tab: { tabId: number; url: string }): Promise<{ origin: string; crm: CrmKind; label: string } | null> {
  const site = selfHostedOrigin(tab.url);
  if (!site.ok || !(await looksLikeBitrix(tab.tabId))) return null;
  return { origin: site.origin, crm: 'bitrix24', label: 'Bitrix24' };
}

/** A failure to store kept by the background (disk full, IndexedDB refused), live. */
function useStorageError(): StorageError | null {
  const [failure, setFailure] = useState<StorageError | null>(null);
  useEffect(() => {
    const read = () =>
      void browser.storage.local.get(STORAGE_ERROR_KEY).then(
        (stored) => setFailure(isStorageError(stored[STORAGE_ERROR_KEY]) ? stored[STORAGE_ERROR_KEY] : null),
        (error: unknown) => console.warn('[sales-pace] could not read the storage state', error),
      );
    read();
    browser.storage.onChanged.addListener(read);
    return () => browser.storage.onChanged.removeListener(read);
  }, []);
  return failure;
}

/** The widget the user hid on the CRM tab the popup was opened over, and a way to bring it back. */
function useHiddenWidget(): { host: string; show: () => void } | null {
  const [hidden, setHidden] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      const tab = await crmTab();
      if (!tab) return;
      const origin = new URL(tab.url).origin;
      if ((await hiddenWidgets()).includes(origin)) setHidden(origin);
    })().catch((error: unknown) => console.warn('[sales-pace] could not look at the widget settings', error));
  }, []);
  if (!hidden) return null;
  return {
    host: new URL(hidden).host,
    show: () => {
      showWidget(hidden).catch((error: unknown) => console.error('[sales-pace] could not show the widget again on', hidden, error));
      setHidden(null);
    },
  };
}

/** When IndexedDB itself fails (queries throw), the popup says so instead of going blank. */
class StorageBoundary extends Component<{ lang: Lang; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="notice notice--error" role="alert" data-testid="storage-error">
        {t(this.props.lang, 'storage.unavailable', { error: `${this.state.error.name}: ${this.state.error.message}` })}
      </div>
    );
  }
}

export function App({ now: pinnedNow }: { now?: Date } = {}) {
  return (
    <StorageBoundary lang={resolveLang('auto', navigator.language)}>
      <PopupApp now={pinnedNow} />
    </StorageBoundary>
  );
}

function PopupApp({ now: pinnedNow }: { now?: Date | undefined }) {
  const now = useNow(pinnedNow);
  const storageError = useStorageError();
  const hiddenWidget = useHiddenWidget();
  // A database that cannot be read is said on screen, not left as a blank popup.
  const loaded = useLiveQuery(
    () =>
      Promise.all([loadSettings(db), loadAccounts(db)]).then(
        ([settings, accounts]) => ({ settings, accounts, error: null }),
        (error: unknown) => ({ settings: null, accounts: null, error: error instanceof Error ? error : new Error(String(error)) }),
      ),
    [],
  );
  if (loaded?.error) throw loaded.error;
  const settings = loaded?.settings;
  const accounts = loaded?.accounts;
  const site = useSiteOffer();
  if (!settings || !accounts) return null;
  const lang = resolveLang(settings.language, navigator.language);
  // The account of the CRM tab the popup was opened over, else the one read most recently.
  const account = accounts.find((a) => a.account === site.offer?.origin) ?? accounts[0];
  return (
    <LangContext.Provider value={lang}>
      <div className="app" lang={lang}>
        {storageError && (
          <div className="notice notice--error" role="alert" data-testid="storage-error">
            {t(lang, 'storage.failed', { error: `${storageError.name}: ${storageError.message}` })}
          </div>
        )}
        {site.offer && <EnableSite label={site.offer.label} origin={site.offer.origin} state={site.state} onEnable={site.enable} />}
        {account ? (
          <AccountView account={account} settings={settings} now={now} lang={lang} />
        ) : (
          <EmptyState title={t(lang, 'appName')} hint={t(lang, 'empty.deals')} />
        )}
        {hiddenWidget && (
          <button type="button" className="linkish section" data-testid="show-widget" onClick={hiddenWidget.show}>
            {t(lang, 'overlay.show', { host: hiddenWidget.host })}
          </button>
        )}
        <Footer settings={settings} lang={lang} />
      </div>
    </LangContext.Provider>
  );
}

function AccountView({ account, settings, now, lang }: { account: Account; settings: Settings; now: Date; lang: Lang }) {
  const { tab: chosen, managerId, setTab, backToTeam } = usePopupStore();
  const owners = useLiveQuery(() => loadDealOwners(db, account.account), [account.account]);
  const opened = useRef(false);
  const me = account.currentUserId;
  // Team appears when the CRM showed this user other managers' deals (a head, or a shared pipeline).
  const hasTeam = (owners ?? []).some((owner) => owner !== me);
  // A head with no deals of their own opens on the team; everyone else on their day.
  const fallback: PopupTab = hasTeam && (me === null || !(owners ?? []).includes(me)) ? 'team' : 'my-day';
  const tab: PopupTab = chosen === null || (chosen === 'team' && !hasTeam) ? fallback : chosen;
  const viewing = managerId ?? me;
  // The day's rows are asked for at once, beside the owner scan: for a head who then lands on Team they
  // were a small read of their own deals, for everyone else they are what the first screen needs.
  const ownerId = tab === 'team' ? null : viewing;
  const day = now.toDateString();
  const everyonesWon = tracksClientKpis(settings);
  const loaded = useLiveQuery(
    async () => (ownerId === null ? null : { ownerId, data: await loadDay(db, account.account, now, ownerId, { everyonesWon }) }),
    // A new minute does not change which rows are needed; a new day does.
    [account.account, ownerId, day, everyonesWon],
  );
  // Until the rows of the manager now shown arrive, the previous manager's must not be shown under this name.
  const data: DayData | undefined = loaded && loaded.ownerId === ownerId ? loaded.data : undefined;
  // The team's rows are worked out off this thread once the first screen is up, so Team then opens at once.
  const teamRows = useTeamRows(account.account, now, hasTeam && (tab === 'team' || data !== undefined || opened.current));
  // Team may take a moment over a big team: it says so. My day comes whole.
  const ready = tab === 'team' || viewing === null || data !== undefined;
  if (ready) opened.current = true;
  // Nothing until the first figures arrive, so the popup opens whole rather than header first.
  if (owners === undefined || (!ready && !opened.current)) return null;
  const stale = account.lastGoodReadAt === null || account.lastGoodReadAt < account.lastReadAt;
  const tabs: TabItem<PopupTab>[] = [
    { id: 'my-day', label: t(lang, 'tab.myDay') },
    { id: 'week', label: t(lang, 'week') },
    { id: 'month', label: t(lang, 'month') },
    ...(hasTeam ? [{ id: 'team' as const, label: t(lang, 'tab.team') }] : []),
    { id: 'report', label: t(lang, 'report') },
  ];
  const manager = ownerId === null ? undefined : data?.managers.find((m) => m.crmId === ownerId);
  const drilled = hasTeam && managerId !== null && managerId !== me && tab !== 'team';
  return (
    <>
      <header className="header">
        <div className="header__top">
          {drilled && (
            <button type="button" className="linkish header__back" data-testid="back-to-team" onClick={backToTeam}>
              {t(lang, 'popup.backToTeam')}
            </button>
          )}
          <span className="header__who" data-testid="who">
            {tab === 'team' ? t(lang, 'tab.team') : (manager?.name ?? '—')} · {account.name}
          </span>
          <span className="header__day">{formatDay(now, lang)}</span>
        </div>
        <div className="header__meta">
          <span data-testid="freshness">
            {account.lastGoodReadAt
              ? t(lang, 'readAgo', { ago: formatRelative(new Date(account.lastGoodReadAt), now, lang) })
              : t(lang, 'neverRead')}
          </span>
          {tab === 'team' && <span>{t(lang, 'team.today', { time: formatTime(now, lang) })}</span>}
        </div>
      </header>
      <Tabs tabs={tabs} selected={tab} onSelect={setTab} label={t(lang, 'popup.tabs')} />
      <ProblemsNotice problems={account.problems} stale={stale} />
      <div className="panel" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        {tab === 'team' ? (
          teamRows === undefined ? (
            <div className="empty" role="status" data-testid="team-loading">
              {t(lang, 'popup.loading')}
            </div>
          ) : (
            <TeamTab rows={teamRows ?? []} account={account} settings={settings} now={now} />
          )
        ) : ownerId === null ? (
          <EmptyState title={t(lang, 'appName')} hint={t(lang, 'empty.deals')} />
        ) : data === undefined ? null : (
          <ManagerTab tab={tab} ctx={{ data, account, ownerId, settings, now }} />
        )}
      </div>
    </>
  );
}

function ManagerTab({ tab, ctx }: { tab: PopupTab; ctx: ManagerContext }) {
  switch (tab) {
    case 'week':
    case 'month':
      return <PeriodTab kind={tab} ctx={ctx} />;
    case 'report':
      return <ReportTab ctx={ctx} />;
    default:
      return <MyDay ctx={ctx} />;
  }
}

function Footer({ settings, lang }: { settings: Settings; lang: Lang }) {
  const setLanguage = (language: Language) => void saveSettings(db, (current) => ({ ...current, language }));
  return (
    <footer className="footer">
      <button type="button" className="linkish" data-testid="open-options" onClick={() => void browser.runtime.openOptionsPage()}>
        ⚙ {t(lang, 'settings')}
      </button>
      <select
        aria-label="Language / Язык"
        data-testid="language"
        value={settings.language}
        onChange={(event) => {
          const next = LANGUAGES.find((l) => l === event.target.value);
          if (next) setLanguage(next);
        }}
      >
        <option value="auto">Auto</option>
        <option value="ru">Русский</option>
        <option value="en">English</option>
      </select>
    </footer>
  );
}
