// A small chart of daily fact against plan: inline SVG bars and a plan line, with the numbers in a hidden table for screen readers.
import { format } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import { useId } from 'react';
import { formatKpiValue, t, type Lang } from '../lib/i18n';
import type { KpiUnit } from '../lib/settings';
import { useLang } from './Lang';

export interface ChartDay {
  date: Date;
  isWorkingDay: boolean;
  /** The day's target for the KPI; 0 when there is none (a day off, or not tracked that day). */
  plan: number;
  fact: number;
  when: 'past' | 'today' | 'future';
}

const WIDTH = 352;
const HEIGHT = 118;
const TOP = 6;
const BASE = 96;
const LOCALE = { ru, en: enUS } as const;

type BarState = 'met' | 'missed' | 'today' | 'off';

function barState(day: ChartDay): BarState {
  if (!day.isWorkingDay || day.plan <= 0) return 'off';
  if (day.fact >= day.plan) return 'met';
  return day.when === 'today' ? 'today' : 'missed';
}

/** "пн 23" under each day of a week; the day number every few days of a month (and today). */
function axisLabel(day: ChartDay, index: number, count: number, lang: Lang): string | null {
  if (count <= 7) return format(day.date, 'EEEEEE d', { locale: LOCALE[lang] });
  const n = day.date.getDate();
  if (day.when === 'today' || n === 1 || (n % 5 === 0 && n < 30) || index === count - 1) return String(n);
  return null;
}

export function DailyChart({ days, kpiLabel, unit, currency }: { days: readonly ChartDay[]; kpiLabel: string; unit: KpiUnit; currency: string }) {
  const lang = useLang();
  const id = useId();
  const max = Math.max(1, ...days.map((day) => Math.max(day.fact, day.plan))) * 1.08;
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(3, Math.min(26, slot * 0.62));
  const y = (value: number) => BASE - ((BASE - TOP) * value) / max;
  const value = (n: number) => formatKpiValue(n, unit, lang, currency);
  const dateText = (date: Date) => format(date, lang === 'ru' ? 'EEEEEE, d MMMM' : 'EEE, MMMM d', { locale: LOCALE[lang] });
  // The plan as steps over each working day's slot; gaps on days without a target.
  const planPath = days
    .map((day, i) => (day.plan > 0 ? `M${(i * slot + 1).toFixed(1)} ${y(day.plan).toFixed(1)}H${((i + 1) * slot - 1).toFixed(1)}` : ''))
    .join('');
  const title = t(lang, 'popup.chartTitle', { kpi: kpiLabel });
  return (
    <figure className="chart" data-testid="chart" data-days={days.length}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{t(lang, 'popup.chartDesc')}</desc>
        {days.map((day, i) => {
          const x = i * slot;
          const state = barState(day);
          const label = axisLabel(day, i, days.length, lang);
          return (
            <g
              key={day.date.getTime()}
              className={`chart__day chart__day--${state}${day.when === 'today' ? ' chart__day--now' : ''}`}
              data-date={format(day.date, 'yyyy-MM-dd')}
              data-day-off={!day.isWorkingDay}
              data-fact={day.fact}
              data-plan={day.plan}
            >
              {!day.isWorkingDay && <rect className="chart__off" x={x} y={TOP - 4} width={slot} height={BASE - TOP + 4} />}
              {day.fact > 0 && (
                <rect className="chart__bar" x={x + (slot - barWidth) / 2} y={y(day.fact)} width={barWidth} height={Math.max(1, BASE - y(day.fact))} rx={1.5} />
              )}
              {label !== null && (
                <text className={`chart__label${day.isWorkingDay ? '' : ' chart__label--off'}`} x={x + slot / 2} y={HEIGHT - 8} textAnchor="middle">
                  {label}
                </text>
              )}
              {days.length <= 7 && !day.isWorkingDay && (
                // Upright along the shaded column, so a long word fits a narrow day.
                <text className="chart__off-text" transform={`translate(${x + slot / 2 + 3.5} ${BASE - 6}) rotate(-90)`}>
                  {t(lang, 'popup.dayOffShort')}
                </text>
              )}
            </g>
          );
        })}
        <line className="chart__axis" x1={0} x2={WIDTH} y1={BASE + 0.5} y2={BASE + 0.5} />
        <path className="chart__plan" d={planPath} />
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'popup.chartDay')}</th>
            <th scope="col">{t(lang, 'popup.chartFact')}</th>
            <th scope="col">{t(lang, 'popup.chartPlan')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date.getTime()}>
              <th scope="row">{dateText(day.date)}</th>
              <td>{day.when === 'future' ? '—' : value(day.fact)}</td>
              <td>{day.isWorkingDay ? value(day.plan) : t(lang, 'popup.dayOffShort')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
