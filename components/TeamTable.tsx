// Managers × today's KPIs with a status colour; red rows first; a click opens that manager's day.
import { useState } from 'react';
import { formatMoney, formatNumber, t } from '../lib/i18n';
import type { DayView } from '../lib/metrics';
import type { KpiId } from '../lib/settings';
import { useLang } from './Lang';
import { StatusBadge } from './StatusBadge';

export interface TeamRow {
  managerId: string;
  name: string;
  view: DayView;
}

type SortKey = 'status' | 'name' | 'calls' | 'conversations' | 'wonAmount' | 'stalled';
const SEVERITY = { red: 3, amber: 2, green: 1, grey: 0 } as const;

function figure(view: DayView, kpi: KpiId): DayView['figures'][number] | undefined {
  return view.figures.find((f) => f.kpi === kpi);
}

function sortValue(row: TeamRow, key: SortKey): number | string {
  switch (key) {
    case 'status':
      return SEVERITY[row.view.status];
    case 'name':
      return row.name;
    case 'stalled':
      return row.view.stalled.length;
    default:
      return figure(row.view, key)?.ratio ?? -1;
  }
}

export function TeamTable({ rows, currency, onOpen }: { rows: TeamRow[]; currency: string; onOpen: (managerId: string) => void }) {
  const lang = useLang();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'status', desc: true });
  const sorted = [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const order = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y, lang) : Number(x) - Number(y);
    return (sort.desc ? -order : order) || a.name.localeCompare(b.name, lang);
  });
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="linkish" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'name' })}>
        {label}
      </button>
    </th>
  );
  const cell = (view: DayView, kpi: KpiId, money = false) => {
    const f = figure(view, kpi);
    if (!f) return <td>—</td>;
    // Money reads as % of plan (narrow column, 15-second read); the amounts are on hover.
    const title = money ? `${formatMoney(f.fact, currency, lang)} / ${formatMoney(f.plan, currency, lang)}` : undefined;
    return (
      <td data-testid={`team-${kpi}`} data-fact={f.fact} data-plan={f.plan} title={title}>
        {money ? `${formatNumber(f.ratio * 100, lang)} %` : `${formatNumber(f.fact, lang)}/${formatNumber(f.plan, lang)}`}
      </td>
    );
  };
  return (
    <table className="team" data-testid="team">
      <thead>
        <tr>
          {header('name', t(lang, 'team.manager'))}
          {header('calls', t(lang, 'kpi.calls'))}
          {header('conversations', t(lang, 'team.talks'))}
          {header('wonAmount', t(lang, 'team.won'))}
          {header('stalled', t(lang, 'team.stalled'))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr
            key={row.managerId}
            data-manager-id={row.managerId}
            data-status={row.view.status}
            tabIndex={0}
            onClick={() => onOpen(row.managerId)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') onOpen(row.managerId);
            }}
          >
            <td className="team__name" title={row.name}>
              <StatusBadge status={row.view.status} text={row.name} />
            </td>
            {cell(row.view, 'calls')}
            {cell(row.view, 'conversations')}
            {cell(row.view, 'wonAmount', true)}
            <td data-testid="team-stalled">{row.view.stalled.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
