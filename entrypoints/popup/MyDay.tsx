// My day: status and role, calls left, the role's KPIs, the early warning, stalled deals with every reason, overdue tasks, what it rests on.
import { format } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import { useMemo } from 'react';
import { CallsLeft } from '../../components/CallsLeft';
import { Coverage } from '../../components/Coverage';
import { EmptyState } from '../../components/EmptyState';
import { KpiList } from '../../components/KpiList';
import { useLang } from '../../components/Lang';
import { OverdueTasks } from '../../components/OverdueTasks';
import { RolePicker } from '../../components/RolePicker';
import { StalledList, type StalledSnooze } from '../../components/StalledList';
import { StatusBadge } from '../../components/StatusBadge';
import { db } from '../../lib/db';
import { formatDay, formatNumber, t, tPlural, type Lang } from '../../lib/i18n';
import { recordKey } from '../../lib/model';
import { saveSettings } from '../../lib/queries';
import type { RoleId } from '../../lib/settings';
import { usePopupStore } from '../../lib/store';
import { calendarOf, myDayFigures, tooLittleData, type ManagerContext } from './manager-figures';
import { SNOOZE_WORKING_DAYS, snoozeMoments, snoozeOnDate, withSnooze } from './snooze';

export function MyDay({ ctx }: { ctx: ManagerContext }) {
  const lang = useLang();
  const { showAllStalled, toggleStalled } = usePopupStore();
  const { data, account, ownerId, settings, now } = ctx;
  const minute = now.getTime();
  const figures = useMemo(() => myDayFigures(ctx), [data, account, ownerId, settings, minute]);
  const { view, snoozed, drop, coverage, overdue } = figures;
  const snooze = useMemo(() => stalledSnooze(ctx, snoozed, lang), [account, ownerId, settings, minute, snoozed, lang]);
  const setRole = (role: RoleId) =>
    void saveSettings(db, (current) => ({ ...current, roles: { ...current.roles, [recordKey(account.account, ownerId)]: role } }));
  const little = tooLittleData(coverage, view);
  const tooLittle = [
    ...(little.shortHistory ? [tPlural(lang, 'popup.historyDays', coverage.historyWorkingDays)] : []),
    ...(little.fewDeals ? [tPlural(lang, 'popup.fewDeals', coverage.deals)] : []),
  ];
  return (
    <main data-testid="my-day">
      <section className="section">
        <div className="header__meta">
          <StatusBadge status={view.status} />
          <RolePicker role={view.role} onChange={setRole} />
        </div>
      </section>
      {view.dayOff && (
        <div className="notice" data-testid="day-off">
          {t(lang, 'dayOff')}
        </div>
      )}
      {drop.warn && drop.norm !== null && (
        <div className="notice notice--warn" role="status" data-testid="activity-drop">
          <strong>↓ {t(lang, 'popup.activityDrop')}:</strong> {t(lang, 'activityDrop', { n: formatNumber(drop.today.total, lang), norm: formatNumber(drop.norm, lang) })}
        </div>
      )}
      {view.calls && <CallsLeft calls={view.calls} status={view.status} />}
      <KpiList figures={view.figures.filter((f) => f.kpi !== 'calls')} currency={account.currency} conversationMinSec={settings.conversationMinSec} />
      {data.deals.length === 0 ? (
        <EmptyState title={t(lang, 'stalledNone')} hint={t(lang, 'empty.deals')} />
      ) : (
        <StalledList stalled={view.stalled} showAll={showAllStalled} onToggle={toggleStalled} snooze={snooze} />
      )}
      <OverdueTasks tasks={overdue} />
      <Coverage deals={coverage.deals} activities={coverage.calls + coverage.meetings} crms={1} tooLittle={tooLittle} />
    </main>
  );
}

/** The Snooze control's choices for this manager's calendar, and the settings writes behind it. */
function stalledSnooze(ctx: ManagerContext, snoozed: StalledSnooze['snoozed'], lang: Lang): StalledSnooze {
  const { account, now } = ctx;
  const moments = snoozeMoments(now, calendarOf(ctx));
  const write = (dealId: string, until: Date | null) =>
    void saveSettings(db, (current) => withSnooze(current, recordKey(account.account, dealId), until, now));
  return {
    snoozed,
    choices: [
      { id: 'tomorrow', label: t(lang, 'popup.snoozeTomorrow'), until: moments.tomorrow },
      { id: 'working-days', label: tPlural(lang, 'popup.snoozeWorkingDays', SNOOZE_WORKING_DAYS, { date: formatDay(moments.workingDays, lang) }), until: moments.workingDays },
      // "Until Monday, November 23": the weekday is already in the words.
      { id: 'monday', label: t(lang, 'popup.snoozeMonday', { date: format(moments.monday, lang === 'ru' ? 'd MMMM' : 'MMMM d', { locale: lang === 'ru' ? ru : enUS }) }), until: moments.monday },
    ],
    earliest: moments.tomorrow,
    pickDate: (text) => snoozeOnDate(text, now),
    onSnooze: (deal, until) => write(deal.crmId, until),
    onUnsnooze: (deal) => write(deal.crmId, null),
  };
}
