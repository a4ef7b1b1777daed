// Managers × today's KPIs with a status colour and the early-warning flags; sortable; a click or Enter opens that manager's day.
import { formatMoney, formatNumber, formatTime, t, type Lang } from '../lib/i18n';
import type { TeamMemberRow } from '../lib/metrics';
import type { KpiId } from '../lib/settings';
import type { TeamSort, TeamSortKey } from '../lib/store';
import { useLang } from './Lang';
import { StatusBadge } from './StatusBadge';


type Figure = TeamMemberRow['view']['figures'][number];

function figure(row: TeamMemberRow, kpi: KpiId): Figure | undefined {
  return row.view.figures.find((f) => f.kpi === kpi);
}

const flagCount = (row: TeamMemberRow) => (row.flags.stoppedCalling === null ? 0 : 1) + (row.flags.activityDrop ? 1 : 0);

/** The rows in the order asked for; `rows` come in teamView's order (red first, then flags, stalled, name), which is "status". */
export function sortTeam(rows: readonly TeamMemberRow[], sort: TeamSort, lang: Lang): TeamMemberRow[] {
  const rank = new Map(rows.map((row, i) => [row.managerId, i]));
  const value = (row: TeamMemberRow): number | string => {
    switch (sort.key) {
      case 'status':
        // Higher is worse, so "descending" is teamView's own order.
        return -(rank.get(row.managerId) ?? 0);
      case 'name':
        return row.name;
      case 'stalled':
        return row.stalledCount;
      case 'flags':
        return flagCount(row);
      default:
        // Untracked KPIs sort below every tracked one.
        return figure(row, sort.key)?.ratio ?? -1;
    }
  };
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y, lang) : Number(x) - Number(y);
    return (sort.desc ? -order : order) || (rank.get(a.managerId) ?? 0) - (rank.get(b.managerId) ?? 0);
  });
}

/** The direction a column starts in when first clicked: names A→Z, figures worst first. */
export function firstDirection(key: TeamSortKey): boolean {
  return key === 'status' || key === 'stalled' || key === 'flags';
}

export function TeamTable({
  rows,
  currency,
  conversationMinSec,
  sort,
  onSort,
  onOpen,
}: {
  rows: readonly TeamMemberRow[];
  currency: string;
  conversationMinSec: number;
  sort: TeamSort;
  onSort: (sort: TeamSort) => void;
  onOpen: (managerId: string) => void;
}) {
  const lang = useLang();
  const sorted = sortTeam(rows, sort, lang);
  const header = (key: TeamSortKey, label: string, title?: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="linkish"
        title={title}
        onClick={() => onSort({ key, desc: sort.key === key ? !sort.desc : firstDirection(key) })}
      >
        {label}
        {sort.key === key ? (sort.desc ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );
  const cell = (row: TeamMemberRow, kpi: KpiId, money = false) => {
    const f = figure(row, kpi);
    if (!f) return <td className="team__none">—</td>;
    // Money reads as % of plan (narrow column, 15-second read); the amounts are on hover.
    const title = money ? `${formatMoney(f.fact, currency, lang)} / ${formatMoney(f.plan, currency, lang)}` : undefined;
    return (
      <td data-testid={`team-${kpi}`} data-fact={f.fact} data-plan={f.plan} data-status={f.status} className={`team__fig team__fig--${f.status}`} title={title}>
        {money ? `${formatNumber(f.ratio * 100, lang)}%` : `${formatNumber(f.fact, lang)}/${formatNumber(f.plan, lang)}`}
      </td>
    );
  };
  return (
    <div className="team-scroll" data-testid="team-scroll">
      <table className="team" data-testid="team">
        <thead>
          <tr>
            {header('name', t(lang, 'team.manager'))}
            {header('calls', t(lang, 'kpi.calls'))}
            {header('conversations', t(lang, 'team.talks'), t(lang, 'kpi.conversations', { sec: conversationMinSec }))}
            {header('wonAmount', t(lang, 'team.won'))}
            {header('stalled', t(lang, 'team.stalled'))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr
              key={row.managerId}
              data-manager-id={row.managerId}
              data-status={row.status}
              data-stopped-calling={row.flags.stoppedCalling !== null}
              data-activity-drop={row.flags.activityDrop}
              tabIndex={0}
              onClick={() => onOpen(row.managerId)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onOpen(row.managerId);
                }
              }}
            >
              <td className="team__name" title={row.title ? `${row.name} · ${row.title}` : row.name}>
                <StatusBadge status={row.status} text={row.name} />
                {(row.flags.stoppedCalling !== null || row.flags.activityDrop) && (
                  <span className="team__flags">
                    {row.flags.stoppedCalling !== null && (
                      <span className="flag flag--silent" data-testid="flag-silent" data-since={row.flags.stoppedCalling.toISOString()}>
                        ⚠ {t(lang, 'popup.silentSince', { time: formatTime(row.flags.stoppedCalling, lang) })}
                      </span>
                    )}
                    {row.flags.activityDrop && (
                      <span className="flag flag--drop" data-testid="flag-drop">
                        ↓ {t(lang, 'popup.dropShort')}
                      </span>
                    )}
                  </span>
                )}
              </td>
              {cell(row, 'calls')}
              {cell(row, 'conversations')}
              {cell(row, 'wonAmount', true)}
              <td data-testid="team-stalled" className={row.stalledCount > 0 ? 'team__stalled' : undefined}>
                {row.stalledCount}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
