// The popup: My day for the CRM user who is looking (or a manager picked in Team), and Team for a head.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { CallsLeft } from '../../components/CallsLeft';
import { EmptyState } from '../../components/EmptyState';
import { EnableSite, type EnableState } from '../../components/EnableSite';
import { KpiList } from '../../components/KpiList';
import { LangContext } from '../../components/Lang';
import { ProblemsNotice } from '../../components/ProblemsNotice';
import { RolePicker } from '../../components/RolePicker';
import { StalledList } from '../../components/StalledList';
import { StatusBadge } from '../../components/StatusBadge';
import { TeamTable, type TeamRow } from '../../components/TeamTable';
import { db } from '../../lib/db';
import { formatDay, formatRelative, formatTime, resolveLang, t, tPlural, type Lang } from '../../lib/i18n';
import { dayView } from '../../lib/metrics';
import { recordKey, type Account, type CrmKind } from '../../lib/model';
import { crmTab, enableSite, listSites, recognise, startInTab } from '../../lib/sites';
import { loadAccounts, loadDay, loadDealOwners, loadSettings, saveSettings, type DayData } from '../../lib/queries';
import { LANGUAGES, type Language, type RoleId, type Settings } from '../../lib/settings';
import { usePopupStore } from '../../lib/store';

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
      const site = recognise(tab?.url);
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

export function App({ now: pinnedNow }: { now?: Date } = {}) {
  const now = useNow(pinnedNow);
  const settings = useLiveQuery(() => loadSettings(db), []);
  const accounts = useLiveQuery(() => loadAccounts(db), []);
  const site = useSiteOffer();
  if (!settings || !accounts) return null;
  const lang = resolveLang(settings.language, navigator.language);
  // The account of the CRM tab the popup was opened over, else the one read most recently.
  const account = accounts.find((a) => a.account === site.offer?.origin) ?? accounts[0];
  return (
    <LangContext.Provider value={lang}>
      <div className="app" lang={lang}>
        {site.offer && <EnableSite label={site.offer.label} origin={site.offer.origin} state={site.state} onEnable={site.enable} />}
        {account ? (
          <AccountView account={account} settings={settings} now={now} lang={lang} />
        ) : (
          <EmptyState title={t(lang, 'appName')} hint={t(lang, 'empty.deals')} />
        )}
        <Footer settings={settings} lang={lang} />
      </div>
    </LangContext.Provider>
  );
}

function AccountView({ account, settings, now, lang }: { account: Account; settings: Settings; now: Date; lang: Lang }) {
  const { tab, managerId, setTab, openManager, showAllStalled, toggleStalled } = usePopupStore();
  const viewing = managerId ?? account.currentUserId;
  const day = now.toDateString();
  const data = useLiveQuery(
    () => loadDay(db, account.account, now, tab === 'team' ? undefined : (viewing ?? undefined)),
    // A new minute does not change which rows are needed; a new day does.
    [account.account, tab, viewing, day],
  );
  const owners = useLiveQuery(() => loadDealOwners(db, account.account), [account.account]);
  const stale = account.lastGoodReadAt === null || account.lastGoodReadAt < account.lastReadAt;
  if (!data) return null;
  const manager = data.managers.find((m) => m.crmId === viewing);
  const showTeam = tab === 'team';
  // Team appears when the CRM showed this user other managers' deals (a head, or a shared pipeline).
  const hasTeam = (owners ?? []).some((owner) => owner !== account.currentUserId);
  return (
    <>
      <header className="header">
        <div className="header__top">
          <span className="header__who" data-testid="who">
            {showTeam ? t(lang, 'tab.team') : (manager?.name ?? '—')} · {account.name}
          </span>
          <span className="header__day">{formatDay(now, lang)}</span>
        </div>
        <div className="header__meta">
          <span data-testid="freshness">
            {account.lastGoodReadAt
              ? t(lang, 'readAgo', { ago: formatRelative(new Date(account.lastGoodReadAt), now, lang) })
              : t(lang, 'neverRead')}
          </span>
          {showTeam && <span>{t(lang, 'team.today', { time: formatTime(now, lang) })}</span>}
        </div>
      </header>
      <nav className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={!showTeam} onClick={() => openManager(managerId)}>
          {t(lang, 'tab.myDay')}
        </button>
        {(hasTeam || showTeam) && (
          <button type="button" role="tab" aria-selected={showTeam} onClick={() => setTab('team')}>
            {t(lang, 'tab.team')}
          </button>
        )}
      </nav>
      <ProblemsNotice problems={account.problems} stale={stale} />
      {showTeam ? (
        <Team data={data} account={account} settings={settings} now={now} onOpen={openManager} />
      ) : viewing === null ? (
        <EmptyState title={t(lang, 'appName')} hint={t(lang, 'empty.deals')} />
      ) : (
        <MyDay
          data={data}
          account={account}
          ownerId={viewing}
          settings={settings}
          now={now}
          showAllStalled={showAllStalled}
          onToggleStalled={toggleStalled}
        />
      )}
    </>
  );
}

function MyDay(props: {
  data: DayData;
  account: Account;
  ownerId: string;
  settings: Settings;
  now: Date;
  showAllStalled: boolean;
  onToggleStalled: () => void;
}) {
  const { data, account, ownerId, settings, now } = props;
  const lang = resolveLang(settings.language, navigator.language);
  const managerTitle = data.managers.find((m) => m.crmId === ownerId)?.title ?? null;
  const view = dayView({ account: account.account, ownerId, managerTitle, deals: data.deals, stages: data.stages, activities: data.activities, settings, now });
  const setRole = (role: RoleId) =>
    void saveSettings(db, (current) => ({ ...current, roles: { ...current.roles, [recordKey(account.account, ownerId)]: role } }));
  return (
    <main data-testid="my-day">
      <section className="section">
        <div className="header__meta">
          <StatusBadge status={view.status} />
          <RolePicker role={view.role} onChange={setRole} />
        </div>
      </section>
      {view.dayOff && <div className="notice">{t(lang, 'dayOff')}</div>}
      {view.calls && <CallsLeft calls={view.calls} status={view.status} />}
      <KpiList figures={view.figures.filter((f) => f.kpi !== 'calls')} currency={account.currency} conversationMinSec={settings.conversationMinSec} />
      {data.deals.length === 0 ? (
        <EmptyState title={t(lang, 'stalledNone')} hint={t(lang, 'empty.deals')} />
      ) : (
        <StalledList stalled={view.stalled} showAll={props.showAllStalled} onToggle={props.onToggleStalled} />
      )}
      <div className="section stalled__why" data-testid="based-on">
        {tPlural(lang, 'basedOnDeals', view.basedOn.deals)}, {tPlural(lang, 'basedOnActivities', view.basedOn.activities)}
      </div>
    </main>
  );
}

function Team({ data, account, settings, now, onOpen }: { data: DayData; account: Account; settings: Settings; now: Date; onOpen: (id: string) => void }) {
  const lang = resolveLang(settings.language, navigator.language);
  const owners = new Set([...data.deals.map((d) => d.ownerId), ...data.activities.map((a) => a.ownerId)]);
  const rows: TeamRow[] = data.managers
    .filter((m) => owners.has(m.crmId))
    .map((m) => ({
      managerId: m.crmId,
      name: m.name,
      view: dayView({ account: account.account, ownerId: m.crmId, managerTitle: m.title, deals: data.deals, stages: data.stages, activities: data.activities, settings, now }),
    }));
  return (
    <main className="section" data-testid="team-view">
      <h2>{tPlural(lang, 'team.managers', rows.length)}</h2>
      <TeamTable rows={rows} currency={account.currency} onOpen={onOpen} />
    </main>
  );
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
