// Team and targets: every manager the CRM data shows, with a role and per-KPI daily overrides.
import { useId } from 'react';
import { kpiName, roleName, t } from '../../lib/i18n';
import { KPI_IDS, KPI_UNITS, ROLE_IDS, ROLE_PRESETS, type KpiId, type KpiTargets, type RoleId } from '../../lib/settings';
import { EmptyState } from '../EmptyState';
import { useLang } from '../Lang';
import { NumberField } from './fields';
import { targetPlaceholder } from './targets';
import { KPI_FIELD, kpiShown, kpiStored } from './validation';
import '../../lib/i18n-options';

export interface TeamMember {
  /** Manager record key (lib/model recordKey). */
  key: string;
  name: string;
  title: string | null;
  /** The CRM user who was signed in when we read the account. */
  isCurrentUser: boolean;
  /** The role chosen in settings; null = none chosen. */
  role: RoleId | null;
  /** What the CRM position suggests (roleFromTitle); used while no role is chosen. */
  suggested: RoleId | null;
  overrides: KpiTargets;
}

export interface TeamAccount {
  account: string;
  name: string;
  currency: string;
  members: TeamMember[];
}

export interface TeamSectionProps {
  accounts: TeamAccount[];
  conversationMinSec: number;
  onRole: (managerKey: string, role: RoleId | null) => void;
  /** null = back to the preset for that KPI. */
  onTarget: (managerKey: string, kpi: KpiId, value: number | null) => void;
  onReset: (managerKey: string) => void;
}

export function TeamSection(props: TeamSectionProps) {
  const lang = useLang();
  const withMembers = props.accounts.filter((account) => account.members.length > 0);
  if (withMembers.length === 0) return <EmptyState hint={t(lang, 'opt.team.empty')} />;
  return (
    <div data-testid="team-settings">
      <p className="opt-hint">{t(lang, 'opt.team.hint')}</p>
      {withMembers.map((account) => (
        <section key={account.account} className="opt-account" aria-label={account.name}>
          {withMembers.length > 1 && (
            <h3>
              {account.name} <span className="opt-muted">{account.account}</span>
            </h3>
          )}
          {account.members.map((member) => (
            <ManagerCard key={member.key} member={member} currency={account.currency} {...props} />
          ))}
        </section>
      ))}
    </div>
  );
}

function ManagerCard({ member, currency, conversationMinSec, onRole, onTarget, onReset }: { member: TeamMember; currency: string } & TeamSectionProps) {
  const lang = useLang();
  const roleId = useId();
  const effective = member.role ?? member.suggested;
  const preset = effective ? ROLE_PRESETS[effective] : {};
  const hasOverrides = Object.keys(member.overrides).length > 0;
  return (
    <fieldset className="opt-card" data-testid={`manager-${member.key}`}>
      <legend>
        {member.name}
        {member.isCurrentUser && <span className="opt-badge">{t(lang, 'opt.team.you')}</span>}
      </legend>
      {member.title && <div className="opt-muted">{member.title}</div>}
      <div className="opt-field">
        <label htmlFor={roleId}>{t(lang, 'opt.team.role')}</label>
        <select
          id={roleId}
          data-testid="role"
          value={member.role ?? ''}
          onChange={(event) => onRole(member.key, ROLE_IDS.find((id) => id === event.target.value) ?? null)}
        >
          <option value="">{member.suggested ? t(lang, 'opt.team.roleSuggested', { role: roleName(lang, member.suggested) }) : t(lang, 'opt.team.roleNone')}</option>
          {ROLE_IDS.map((id) => (
            <option key={id} value={id}>
              {roleName(lang, id)}
            </option>
          ))}
        </select>
      </div>
      <div className="opt-kpis">
        {KPI_IDS.map((kpi) => {
          const unit = KPI_UNITS[kpi];
          const presetValue = preset[kpi];
          return (
            <NumberField
              key={kpi}
              testId={`target-${kpi}`}
              label={kpiName(lang, kpi, conversationMinSec)}
              shown={kpiShown(member.overrides[kpi], unit)}
              rule={KPI_FIELD[unit]}
              suffix={unit === 'seconds' ? t(lang, 'opt.unit.min') : unit === 'money' ? currency : unit === 'percent' ? '%' : undefined}
              placeholder={effective === null ? '—' : targetPlaceholder(lang, presetValue, kpi, currency)}
              disabled={effective === null}
              onCommit={(value) => onTarget(member.key, kpi, value === null ? null : kpiStored(value, unit))}
            />
          );
        })}
      </div>
      <button type="button" className="opt-button" disabled={!hasOverrides} onClick={() => onReset(member.key)}>
        {t(lang, 'opt.team.reset')}
      </button>
    </fieldset>
  );
}
