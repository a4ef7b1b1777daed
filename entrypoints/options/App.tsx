// The options page: team targets, stage limits, enabled sites, data (export / import / wipe) and language.
import { useLiveQuery } from 'dexie-react-hooks';
import { format } from 'date-fns';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LangContext, useLang } from '../../components/Lang';
import { CalendarForms } from '../../components/options/CalendarForms';
import { DataSection, type TrackedAccount } from '../../components/options/DataSection';
import { ThresholdsForm, WorkingHoursForm } from '../../components/options/DayRulesForms';
import { GenericCrmSection } from '../../components/options/GenericCrmSection';
import { LanguageSection } from '../../components/options/LanguageSection';
import { NoticesSection } from '../../components/options/NoticesSection';
import { OptionsNav, SECTIONS, sectionLabel, type SectionId } from '../../components/options/OptionsNav';
import { SitesSection } from '../../components/options/SitesSection';
import { StagesSection, type StageAccount } from '../../components/options/StagesSection';
import { LostDealsForm, StalledRuleForm } from '../../components/options/StalledRuleForm';
import { TargetsForms } from '../../components/options/TargetsForms';
import { TeamSection, type TeamAccount } from '../../components/options/TeamSection';
import { activitiesCsv, CSV_EN, CSV_RU, dealsCsv, exportAll, MAX_IMPORT_SIZE, parseExport, replaceAll, wipeAll, type ParseResult } from '../../lib/data-transfer';
import { db } from '../../lib/db';
import { deleteConfig, loadConfigs, type GenericConfig } from '../../lib/generic-config';
import { resolveLang, t, type Lang } from '../../lib/i18n';
import { NOTICES_SENT_KEY } from '../../lib/notices';
import type { StageLimitSuggestion } from '../../lib/metrics/stalled-deals';
import { recordKey } from '../../lib/model';
import { loadSettings, saveSettings } from '../../lib/queries';
import { roleFromTitle, type Settings } from '../../lib/settings';
import * as siteApi from '../../lib/sites';
import {
  withDayOff,
  withDefaultLossReasons,
  withLossReason,
  withPeriodTargets,
  withPresetTargets,
  withRecoverWithinDays,
  withRole,
  withRoleTargets,
  withStageLimit,
  withStalledRule,
  withTarget,
  withVacation,
  withWeekdayTargets,
  withoutDayOff,
  withoutLossReason,
  withoutVacation,
} from './changes';
import { downloadFile, readFileText, type Download } from './download';
import { browserGeneric, previewFromClick, saveFromClick, type GenericBrowser } from './generic-sites';
import { loadCounts, loadPipelines, loadStageSuggestions, loadTeams, type AccountCounts, type AccountPipelines, type AccountTeam } from './queries';
import '../../lib/i18n-options';

export interface OptionsAppProps {
  /** The clock for export times and "last read" (tests pin it). */
  now?: () => Date;
  /** Where the browser's site permissions come from (tests pass a fake). */
  sites?: Pick<typeof siteApi, 'listSites' | 'revokeSite'> & Partial<Pick<typeof siteApi, 'enableSelfHosted' | 'enableSite'>>;
  /** How a file reaches the user (tests capture it). */
  download?: (file: Download) => void;
  /** Tabs, scripting and permissions for the generic CRM's preview and saving (tests pass fakes). */
  generic?: GenericBrowser;
}

function sectionFromHash(hash: string): SectionId {
  return SECTIONS.find((section) => `#${section}` === hash) ?? 'team';
}

/** Settings writes with a short "Saved" confirmation (or the reason it failed). */
function useSave() {
  const [status, setStatus] = useState<{ ok: boolean; error?: string; at: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const save = useCallback((change: (current: Settings) => Settings) => {
    saveSettings(db, change).then(
      () => {
        setStatus({ ok: true, at: Date.now() });
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setStatus(null), 2500);
      },
      (error: unknown) => setStatus({ ok: false, error: error instanceof Error ? error.message : String(error), at: Date.now() }),
    );
  }, []);
  return { save, status };
}

export function App({ now = () => new Date(), sites = siteApi, download = downloadFile, generic = browserGeneric }: OptionsAppProps = {}) {
  const settings = useLiveQuery(() => loadSettings(db), []);
  const [section, setSection] = useState<SectionId>(() => sectionFromHash(location.hash));
  const { save, status } = useSave();
  const lang: Lang = resolveLang(settings?.language ?? 'auto', navigator.language);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t(lang, 'appName')} · ${t(lang, 'settings')}`;
  }, [lang]);

  if (!settings) return null;
  const select = (next: SectionId) => {
    setSection(next);
    // Keeps the section on reload and lets the popup link straight to one (options.html#data).
    history.replaceState(null, '', `#${next}`);
  };
  return (
    <LangContext.Provider value={lang}>
      <div className="options" lang={lang}>
        <header className="options__header">
          <h1>
            {t(lang, 'appName')} · {t(lang, 'settings')}
          </h1>
          <span role="status" className={status && !status.ok ? 'opt-save-error' : 'opt-saved'} data-testid="save-status">
            {status ? (status.ok ? `✓ ${t(lang, 'opt.saved')}` : t(lang, 'opt.saveFailed', { error: status.error ?? '' })) : ''}
          </span>
        </header>
        <div className="options__body">
          <OptionsNav current={section} onSelect={select} />
          <main className="options__main" data-testid={`section-${section}`}>
            <h2>{t(lang, sectionLabel(section))}</h2>
            {section === 'team' && <Team settings={settings} save={save} now={now} />}
            {section === 'stages' && <Stages settings={settings} save={save} now={now} />}
            {section === 'sites' && <Sites api={sites} generic={generic} now={now} />}
            {section === 'notices' && <NoticesSection settings={settings} save={save} />}
            {section === 'data' && <Data now={now} download={download} lang={lang} />}
            {section === 'language' && <LanguageSection language={settings.language} onChange={(language) => save((s) => ({ ...s, language }))} />}
          </main>
        </div>
      </div>
    </LangContext.Provider>
  );
}

type Save = (change: (current: Settings) => Settings) => void;

export function teamAccounts(teams: AccountTeam[], settings: Settings): TeamAccount[] {
  return teams.map(({ account, managers }) => ({
    account: account.account,
    name: account.name,
    currency: account.currency,
    members: managers.map((manager) => {
      const key = recordKey(account.account, manager.crmId);
      return {
        key,
        name: manager.name,
        title: manager.title,
        isCurrentUser: manager.crmId === account.currentUserId,
        role: Object.hasOwn(settings.roles, key) ? (settings.roles[key] ?? null) : null,
        suggested: roleFromTitle(manager.title),
        overrides: Object.hasOwn(settings.targetOverrides, key) ? (settings.targetOverrides[key] ?? {}) : {},
      };
    }),
  }));
}

function Team({ settings, save, now }: { settings: Settings; save: Save; now: () => Date }) {
  const teams = useLiveQuery(() => loadTeams(db), []);
  if (!teams) return null;
  const accounts = teamAccounts(teams, settings);
  const managers = accounts.flatMap((account) =>
    account.members.map((member) => ({
      key: member.key,
      name: member.name,
      accountName: accounts.length > 1 ? account.name : null,
      currency: account.currency,
      role: member.role ?? member.suggested,
      isCurrentUser: member.isCurrentUser,
    })),
  );
  return (
    <>
      <TeamSection
        accounts={accounts}
        conversationMinSec={settings.conversationMinSec}
        onRole={(key, role) => save((s) => withRole(s, key, role))}
        onTarget={(key, kpi, value) => save((s) => withTarget(s, key, kpi, value))}
        onReset={(key) => save((s) => withPresetTargets(s, key))}
      />
      <TargetsForms
        settings={settings}
        managers={managers}
        currency={accounts[0]?.currency ?? 'RUB'}
        now={now()}
        onRoleTargets={(role, change) => save((s) => withRoleTargets(s, role, change))}
        onWeekdayTargets={(key, weekdays) => save((s) => withWeekdayTargets(s, key, weekdays))}
        onPeriodTargets={(key, periods) => save((s) => withPeriodTargets(s, key, periods))}
      />
      <WorkingHoursForm hours={settings.workingHours} onSave={(workingHours) => save((s) => ({ ...s, workingHours }))} />
      <CalendarForms
        now={now()}
        daysOff={settings.daysOff}
        vacations={settings.vacations}
        managers={managers}
        onAddDayOff={(day) => save((s) => withDayOff(s, day))}
        onRemoveDayOff={(day) => save((s) => withoutDayOff(s, day))}
        onAddVacation={(key, range) => save((s) => withVacation(s, key, range))}
        onRemoveVacation={(key, range) => save((s) => withoutVacation(s, key, range))}
      />
      <ThresholdsForm
        conversationMinSec={settings.conversationMinSec}
        pace={settings.paceThresholds}
        onConversationMinSec={(conversationMinSec) => save((s) => ({ ...s, conversationMinSec }))}
        onPace={(paceThresholds) => save((s) => ({ ...s, paceThresholds }))}
      />
    </>
  );
}

export function stageAccounts(accounts: AccountPipelines[], settings: Settings, suggestions: ReadonlyMap<string, StageLimitSuggestion> = new Map()): StageAccount[] {
  return accounts.map(({ account, pipelines }) => ({
    account: account.account,
    name: account.name,
    pipelines: pipelines.map(({ pipeline, openStages }) => ({
      key: pipeline.key,
      name: pipeline.name,
      stages: openStages.map((stage) => ({
        key: stage.key,
        name: stage.name,
        limit: Object.hasOwn(settings.stageLimitDays, stage.key) ? (settings.stageLimitDays[stage.key] ?? null) : null,
        suggestion: suggestions.get(stage.key) ?? null,
      })),
    })),
  }));
}

function Stages({ settings, save, now }: { settings: Settings; save: Save; now: () => Date }) {
  const pipelines = useLiveQuery(() => loadPipelines(db), []);
  const suggestions = useLiveQuery(() => loadStageSuggestions(db, now()), []);
  if (!pipelines) return null;
  return (
    <>
      <StagesSection
        accounts={stageAccounts(pipelines, settings, suggestions)}
        defaultLimit={settings.defaultStageLimitDays}
        onDefaultLimit={(defaultStageLimitDays) => save((s) => ({ ...s, defaultStageLimitDays }))}
        onStageLimit={(key, days) => save((s) => withStageLimit(s, key, days))}
      />
      <StalledRuleForm rule={settings.stalledRule} onSave={(rule) => save((s) => withStalledRule(s, rule))} />
      <LostDealsForm
        recoverWithinDays={settings.recoverWithinDays}
        reasons={settings.recoverableLossReasons}
        onRecoverWithinDays={(days) => save((s) => withRecoverWithinDays(s, days))}
        onAddReason={(reason) => save((s) => withLossReason(s, reason))}
        onRemoveReason={(reason) => save((s) => withoutLossReason(s, reason))}
        onDefaultReasons={() => save(withDefaultLossReasons)}
      />
    </>
  );
}

function Sites({ api, generic, now }: { api: NonNullable<OptionsAppProps['sites']>; generic: GenericBrowser; now: () => Date }) {
  const lang = useLang();
  const [sites, setSites] = useState<Awaited<ReturnType<typeof api.listSites>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHidden] = useState<string[]>([]);
  const reload = useCallback(() => {
    api.listSites().then(setSites, (e: unknown) => {
      setSites([]);
      setError(e instanceof Error ? e.message : String(e));
    });
    siteApi.hiddenWidgets().then(setHidden, (e: unknown) => console.warn('[sales-pace] could not list the hidden widgets', e));
  }, [api]);
  useEffect(reload, [reload]);
  const revoke = (origin: string) => {
    setError(null);
    api.revokeSite(origin).then(reload, (e: unknown) => {
      setError(t(lang, 'opt.sites.failed', { site: origin, error: e instanceof Error ? e.message : String(e) }));
      reload();
    });
  };
  return (
    <>
      <SitesSection
        sites={sites}
        error={error}
        onRevoke={revoke}
        onRegrant={(site) => {
          setError(null);
          // Asked before anything is awaited, so the click still counts for the permission prompt.
          (api.enableSite ?? siteApi.enableSite)(site.origin, site.crm).then(reload, (e: unknown) => {
            setError(t(lang, 'opt.sites.regrantFailed', { site: site.origin, error: e instanceof Error ? e.message : String(e) }));
            reload();
          });
        }}
        hiddenWidgets={hidden}
        onShowWidget={(origin) => {
          siteApi.showWidget(origin).then(reload, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
        }}
        onAddSelfHosted={(origin) => {
          const enable = api.enableSelfHosted ?? siteApi.enableSelfHosted;
          return enable(origin).then((granted) => {
            reload();
            return granted;
          });
        }}
      />
      <GenericCrm deps={generic} now={now} onSiteEnabled={reload} />
    </>
  );
}

/** The generic adapter's configurations, kept in browser.storage.local (lib/generic-config.ts). */
function GenericCrm({ deps, now, onSiteEnabled }: { deps: GenericBrowser; now: () => Date; onSiteEnabled: () => void }) {
  const [configs, setConfigs] = useState<GenericConfig[] | null>(null);
  const reload = useCallback(() => {
    loadConfigs().then(setConfigs, (e: unknown) => {
      console.error('[sales-pace] could not load the generic CRM configurations', e);
      setConfigs([]);
    });
  }, []);
  useEffect(reload, [reload]);
  if (configs === null) return null;
  return (
    <GenericCrmSection
      configs={configs}
      onPreview={(config) => previewFromClick(config, deps)}
      onSave={(config) =>
        saveFromClick(config, deps).then((outcome) => {
          reload();
          if (outcome.kind === 'saved' && !outcome.reload) onSiteEnabled();
          return outcome;
        })
      }
      onDelete={(id) => void deleteConfig(id).then(reload)}
      newId={() => crypto.randomUUID()}
      now={() => now().getTime()}
    />
  );
}

function trackedAccounts(counts: AccountCounts[]): TrackedAccount[] {
  return counts.map(({ account, counts: c }) => ({
    account: account.account,
    name: account.name,
    crm: account.crm,
    lastReadAt: account.lastGoodReadAt ?? account.lastReadAt,
    counts: c,
  }));
}

function Data({ now, download, lang }: { now: () => Date; download: (file: Download) => void; lang: Lang }) {
  const counts = useLiveQuery(() => loadCounts(db), []);
  if (!counts) return null;
  const day = () => format(now(), 'yyyy-MM-dd');
  // Excel takes the CSV separator from the system locale; the interface language is our best guess of it.
  const dialect = lang === 'ru' ? CSV_RU : CSV_EN;
  const csv = 'text/csv;charset=utf-8';
  return (
    <DataSection
      accounts={trackedAccounts(counts)}
      now={now()}
      onExportJson={async () => download({ name: `sales-pace-${day()}.json`, type: 'application/json', text: await exportAll(db, now()) })}
      onExportDealsCsv={async () => {
        const [deals, accounts, managers, pipelines, stages] = await Promise.all([
          db.deals.toArray(),
          db.accounts.toArray(),
          db.managers.toArray(),
          db.pipelines.toArray(),
          db.stages.toArray(),
        ]);
        download({ name: `sales-pace-deals-${day()}.csv`, type: csv, text: dealsCsv(deals, { accounts, managers, pipelines, stages }, dialect) });
      }}
      onExportActivitiesCsv={async () => {
        const [activities, accounts, managers, deals] = await Promise.all([db.activities.toArray(), db.accounts.toArray(), db.managers.toArray(), db.deals.toArray()]);
        download({ name: `sales-pace-calls-meetings-${day()}.csv`, type: csv, text: activitiesCsv(activities, { accounts, managers, deals }, dialect) });
      }}
      onCheckImport={async (file): Promise<ParseResult> =>
        // Refused before reading, so a huge file never has to fit in memory.
        file.size > MAX_IMPORT_SIZE
          ? { ok: false, code: 'too-large', error: `the file is ${Math.round(file.size / 1024 / 1024)} MB; the limit is ${MAX_IMPORT_SIZE / 1024 / 1024} MB` }
          : parseExport(await readFileText(file))
      }
      onImport={(file) => replaceAll(db, file.tables)}
      // The notices' "already shown today" log names the account and user too, so it goes with the data.
      onWipe={() => wipeAll(db).then(() => browser.storage.local.remove(NOTICES_SENT_KEY))}
    />
  );
}
