// Team: every visible manager's day in one table (teamView rows), who is behind, who stopped calling, whose deals stall.
import { EmptyState } from '../../components/EmptyState';
import { useLang } from '../../components/Lang';
import { firstDirection, TeamTable } from '../../components/TeamTable';
import { kpiName, t, tPlural } from '../../lib/i18n';
import type { TeamMemberRow } from '../../lib/metrics';
import type { Account } from '../../lib/model';
import type { Settings } from '../../lib/settings';
import { TEAM_SORT_KEYS, usePopupStore, type TeamSortKey } from '../../lib/store';

export function TeamTab({ rows, account, settings }: { rows: readonly TeamMemberRow[]; account: Account; settings: Settings }) {
  const lang = useLang();
  const { teamSort, sortTeam, openManager } = usePopupStore();
  const behind = rows.filter((row) => row.status === 'red' || row.status === 'amber').length;
  const silent = rows.filter((row) => row.flags.stoppedCalling !== null).length;
  const stalled = rows.reduce((sum, row) => sum + row.stalledCount, 0);
  const sortName = (key: TeamSortKey): string => {
    switch (key) {
      case 'status':
        return t(lang, 'popup.sortStatus');
      case 'flags':
        return t(lang, 'popup.sortFlags');
      case 'name':
        return t(lang, 'team.manager');
      case 'stalled':
        return t(lang, 'team.stalled');
      default:
        return kpiName(lang, key, settings.conversationMinSec);
    }
  };
  if (rows.length === 0) {
    return (
      <main data-testid="team-view">
        <EmptyState title={t(lang, 'tab.team')} hint={t(lang, 'popup.noTeam')} />
      </main>
    );
  }
  return (
    <main data-testid="team-view">
      <section className="section team__head">
        <div className="team__head__top">
          <h2>{tPlural(lang, 'team.managers', rows.length)}</h2>
          <label className="team__sort">
            <span>{t(lang, 'popup.sort')}</span>
            <select
              data-testid="team-sort"
              value={teamSort.key}
              onChange={(event) => {
                const key = TEAM_SORT_KEYS.find((k) => k === event.target.value);
                if (key) sortTeam({ key, desc: firstDirection(key) });
              }}
            >
              {TEAM_SORT_KEYS.map((key) => (
                <option key={key} value={key}>
                  {sortName(key)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="team__summary" data-testid="team-summary">
          {t(lang, 'popup.teamSummary', { behind, silent, stalled })}
        </div>
      </section>
      <TeamTable rows={rows} currency={account.currency} conversationMinSec={settings.conversationMinSec} sort={teamSort} onSort={sortTeam} onOpen={openManager} />
    </main>
  );
}
