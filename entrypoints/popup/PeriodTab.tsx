// Week and Month: plan vs fact for the period with status colours, a chart of each day's fact against its plan, the deals lost and the funnel.
import { addDays, format } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import { useMemo, useState } from 'react';
import { DailyChart } from '../../components/DailyChart';
import { EmptyState } from '../../components/EmptyState';
import { Funnel } from '../../components/Funnel';
import { KpiList } from '../../components/KpiList';
import { useLang } from '../../components/Lang';
import { LostDeals } from '../../components/LostDeals';
import { StatusBadge } from '../../components/StatusBadge';
import { formatKpiValue, kpiName, t, tPlural, type Lang } from '../../lib/i18n';
import { periodView, type PeriodSummary } from '../../lib/metrics';
import { KPI_IDS, KPI_UNITS, type KpiId } from '../../lib/settings';
import { calendarOf, managerKeyOf, managerTitleOf, periodDeals, type ManagerContext } from './manager-figures';
import { chartDays } from './period-chart';

const LOCALE = { ru, en: enUS } as const;

/** "16–22 нояб." / "Nov 16–22", "26 янв. – 1 февр."; a month as "Ноябрь 2026" / "November 2026". */
function periodLabel(summary: PeriodSummary, lang: Lang): string {
  const locale = LOCALE[lang];
  if (summary.kind === 'month') {
    const text = format(summary.start, 'LLLL yyyy', { locale });
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  const last = addDays(summary.end, -1);
  const sameMonth = summary.start.getMonth() === last.getMonth();
  if (lang === 'ru') return sameMonth ? `${format(summary.start, 'd')}–${format(last, 'd MMM', { locale })}` : `${format(summary.start, 'd MMM', { locale })} – ${format(last, 'd MMM', { locale })}`;
  return sameMonth ? `${format(summary.start, 'MMM d', { locale })}–${format(last, 'd')}` : `${format(summary.start, 'MMM d', { locale })} – ${format(last, 'MMM d', { locale })}`;
}

export function PeriodTab({ kind, ctx }: { kind: 'week' | 'month'; ctx: ManagerContext }) {
  const lang = useLang();
  const { data, account, ownerId, settings, now } = ctx;
  const minute = now.getTime();
  const calendar = useMemo(() => calendarOf(ctx), [account, ownerId, settings]);
  const view = useMemo(
    () =>
      periodView({
        account: account.account,
        ownerId,
        deals: data.deals,
        activities: data.activities,
        stages: data.stages,
        tasks: [...data.olderOpenTasks, ...data.tasks],
        wonDeals: data.wonDeals,
        managerTitle: managerTitleOf(ctx),
        settings,
        now,
        calendar,
      }),
    [data, account, ownerId, settings, minute, calendar],
  );
  const summary = kind === 'week' ? view.week : view.month;
  const tracked = summary.figures.map((f) => f.kpi);
  const [picked, setPicked] = useState<KpiId | null>(null);
  const chartKpi: KpiId = picked !== null && tracked.includes(picked) ? picked : (tracked.find((kpi) => kpi === 'calls') ?? tracked[0] ?? 'calls');
  const days = useMemo(
    () =>
      chartDays({
        range: summary,
        kpi: chartKpi,
        series: view.series,
        ownerId,
        managerKey: managerKeyOf(ctx),
        managerTitle: managerTitleOf(ctx),
        deals: data.deals,
        activities: data.activities,
        stages: data.stages,
        tasks: [...data.olderOpenTasks, ...data.tasks],
        wonDeals: data.wonDeals,
        settings,
        calendar,
        now,
      }),
    [view, summary, chartKpi, data, account, ownerId, settings, calendar, minute],
  );
  const [pipeline, setPipeline] = useState<string | null>(null);
  const deals = useMemo(() => periodDeals(ctx, kind, pipeline), [data, account, ownerId, settings, minute, kind, pipeline]);
  const nameOf = (kpi: KpiId) => (kpi === 'wonAmount' ? t(lang, 'popup.wonPeriod') : kpiName(lang, kpi, settings.conversationMinSec));
  const value = (kpi: KpiId, n: number) => formatKpiValue(n, KPI_UNITS[kpi], lang, account.currency);
  return (
    <main data-testid={`period-${kind}`} data-status={summary.status} data-working-days={summary.workingDays}>
      <section className="section period__head">
        <div>
          <strong data-testid="period-label">{periodLabel(summary, lang)}</strong>
          <span className="period__days" data-testid="period-days">
            {' · '}
            {tPlural(lang, 'popup.workingDays', summary.workingDays)}
            {summary.workingDaysLeft > 0 ? `, ${tPlural(lang, 'popup.daysLeft', summary.workingDaysLeft)}` : ''}
          </span>
        </div>
        <StatusBadge status={summary.status} />
      </section>
      {summary.figures.length === 0 ? (
        <EmptyState title={t(lang, 'status.grey')} hint={t(lang, 'popup.noTargets')} />
      ) : (
        <KpiList
          figures={summary.figures}
          currency={account.currency}
          conversationMinSec={settings.conversationMinSec}
          nameOf={nameOf}
          note={(figure) => (figure.done ? null : t(lang, 'popup.dueByNow', { n: value(figure.kpi, Math.floor(figure.expected)) }))}
        />
      )}
      <section className="section">
        <div className="chart__head">
          <h2>{t(lang, 'popup.chartTitle', { kpi: nameOf(chartKpi) })}</h2>
          {tracked.length > 1 && (
            <select aria-label={t(lang, 'popup.chart')} data-testid="chart-kpi" value={chartKpi} onChange={(event) => setPicked(KPI_IDS.find((kpi) => kpi === event.target.value) ?? null)}>
              {tracked.map((kpi) => (
                <option key={kpi} value={kpi}>
                  {nameOf(kpi)}
                </option>
              ))}
            </select>
          )}
        </div>
        <DailyChart days={days} kpiLabel={nameOf(chartKpi)} unit={KPI_UNITS[chartKpi]} currency={account.currency} />
      </section>
      <LostDeals
        lost={deals.lost}
        title={t(lang, kind === 'week' ? 'popup.lostWeek' : 'popup.lostMonth', { n: deals.lost.count })}
        currency={account.currency}
        recoverWithinDays={settings.recoverWithinDays}
      />
      <Funnel funnel={deals.funnel} currency={account.currency} pipelines={deals.pipelines} pipelineId={deals.pipelineId} onPipeline={setPipeline} />
    </main>
  );
}
