// My day: status and role, calls left, the role's KPIs, the early warning, stalled deals with every reason, overdue tasks, what it rests on.
import { useMemo } from 'react';
import { CallsLeft } from '../../components/CallsLeft';
import { Coverage } from '../../components/Coverage';
import { EmptyState } from '../../components/EmptyState';
import { KpiList } from '../../components/KpiList';
import { useLang } from '../../components/Lang';
import { OverdueTasks } from '../../components/OverdueTasks';
import { RolePicker } from '../../components/RolePicker';
import { StalledList } from '../../components/StalledList';
import { StatusBadge } from '../../components/StatusBadge';
import { db } from '../../lib/db';
import { formatNumber, t, tPlural } from '../../lib/i18n';
import { recordKey } from '../../lib/model';
import { saveSettings } from '../../lib/queries';
import type { RoleId } from '../../lib/settings';
import { usePopupStore } from '../../lib/store';
import { myDayFigures, tooLittleData, type ManagerContext } from './manager-figures';

export function MyDay({ ctx }: { ctx: ManagerContext }) {
  const lang = useLang();
  const { showAllStalled, toggleStalled } = usePopupStore();
  const { data, account, ownerId, settings, now } = ctx;
  const minute = now.getTime();
  const figures = useMemo(() => myDayFigures(ctx), [data, account, ownerId, settings, minute]);
  const { view, drop, coverage, overdue } = figures;
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
        <StalledList stalled={view.stalled} showAll={showAllStalled} onToggle={toggleStalled} />
      )}
      <OverdueTasks tasks={overdue} />
      <Coverage deals={coverage.deals} activities={coverage.calls + coverage.meetings} crms={1} tooLittle={tooLittle} />
    </main>
  );
}
