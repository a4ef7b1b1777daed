// Team: every visible manager's day in one table (teamView rows), who is behind, who stopped calling, whose deals stall, and the week's losses.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useLang } from '../../components/Lang';
import { LostDeals } from '../../components/LostDeals';
import { firstDirection, TeamTable } from '../../components/TeamTable';
import { periodRange } from '../../lib/calendar';
import { db } from '../../lib/db';
import { kpiName, t, tPlural } from '../../lib/i18n';
import { lostDeals, type TeamMemberRow } from '../../lib/metrics';
import type { Account } from '../../lib/model';
import { loadLostDeals } from '../../lib/queries';
import type { Settings } from '../../lib/settings';
import { TEAM_SORT_KEYS, usePopupStore, type TeamSortKey } from '../../lib/store';

/** This week's losses across the team and the deals worth another try, with whose they are. */
function TeamLost({ rows, account, settings, now }: { rows: readonly TeamMemberRow[]; account: Account; settings: Settings; now: Date }) {
  const lang = useLang();
  const deals = useLiveQuery(() => loadLostDeals(db, account.account), [account.account]);
  const day = now.toDateString();
  const lost = useMemo(() => {
    if (deals === undefined) return null;
    const week = periodRange({ kind: 'week', start: now });
    return lostDeals({ deals, from: week.start, to: week.end, now, recoverableReasons: settings.recoverableLossReasons, recoverWithinDays: settings.recoverWithinDays });
  }, [deals, settings, day]);
  if (lost === null) return null;
  const names = new Map(rows.map((row) => [row.managerId, row.name]));
  return (
    <LostDeals
      lost={lost}
      title={t(lang, 'popup.lostWeek', { n: lost.count })}
      currency={account.currency}
      recoverWithinDays={settings.recoverWithinDays}
      ownerOf={(deal) => names.get(deal.ownerId) ?? null}
    />
  );
}

export function TeamTab({ rows, account, settings, now }: { rows: readonly TeamMemberRow[]; account: Account; settings: Settings; now: Date }) {
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
      <TeamLost rows={rows} account={account} settings={settings} now={now} />
    </main>
  );
}
