// Targets beyond the everyday ones: per weekday, and per week and month, for a role or one manager; empty cells show what applies instead.
import { useId, useState } from 'react';
import type { PeriodKind } from '../../lib/calendar';
import { formatKpiValue, kpiName, roleName, t, tPlural } from '../../lib/i18n';
import {
  KPI_IDS,
  KPI_KINDS,
  KPI_UNITS,
  ROLE_IDS,
  WEEKDAYS,
  type KpiId,
  type KpiTargets,
  type KpiUnit,
  type PeriodTargetSettings,
  type RoleId,
  type RoleTargetSettings,
  type Settings,
  type WeekdayTargets,
} from '../../lib/settings';
import { useLang } from '../Lang';
import { weekdayName } from './dates';
import { FormButtons, useSettingsForm } from './fields';
import { derivedPeriod, inheritedDayTargets, targetPlaceholder, type DayColumn, type TargetSubject } from './targets';
import { checkTargets, KPI_FIELD, PERIOD_KPI_FIELD, targetCell, targetDraft, type FieldError, type TargetDraft } from './validation';
import '../../lib/i18n-options';

/** A manager whose targets can be set here. */
export interface TargetManager {
  key: string;
  name: string;
  /** Shown beside the name when several CRM accounts are read. */
  accountName: string | null;
  currency: string;
  /** The role chosen, else the one the CRM position suggests; null = none, so no targets. */
  role: RoleId | null;
  isCurrentUser: boolean;
}

export interface TargetsFormsProps {
  settings: Settings;
  managers: readonly TargetManager[];
  /** Money targets of a role are typed in this currency (the first account's). */
  currency: string;
  now: Date;
  onRoleTargets: (role: RoleId, change: RoleTargetSettings) => void;
  onWeekdayTargets: (managerKey: string, weekdays: WeekdayTargets) => void;
  onPeriodTargets: (managerKey: string, periods: PeriodTargetSettings) => void;
}

/** Whose targets the form opens with: the first role, which covers the most people. */
const FIRST_ROLE: RoleId = ROLE_IDS[0] ?? 'cold_caller';

const subjectId = (subject: { kind: 'role'; role: RoleId } | { kind: 'manager'; key: string }) =>
  subject.kind === 'role' ? `role:${subject.role}` : `manager:${subject.key}`;

export function TargetsForms(props: TargetsFormsProps) {
  const lang = useLang();
  const selectId = useId();
  const [selected, setSelected] = useState(subjectId({ kind: 'role', role: FIRST_ROLE }));
  const manager = props.managers.find((m) => subjectId({ kind: 'manager', key: m.key }) === selected);
  const role = ROLE_IDS.find((id) => subjectId({ kind: 'role', role: id }) === selected) ?? FIRST_ROLE;
  const subject: TargetSubject = manager
    ? { kind: 'manager', key: manager.key, role: manager.role, isCurrentUser: manager.isCurrentUser }
    : { kind: 'role', role };
  const name = manager ? manager.name : roleName(lang, role);
  const grid = { settings: props.settings, subject, name, currency: manager?.currency ?? props.currency };
  return (
    <details className="opt-details" data-testid="targets">
      <summary>{t(lang, 'opt.targets.header')}</summary>
      <p className="opt-hint">{t(lang, 'opt.targets.hint')}</p>
      <div className="opt-field">
        <label htmlFor={selectId}>{t(lang, 'opt.targets.subject')}</label>
        <select id={selectId} data-testid="targets-subject" value={subjectId(subject)} onChange={(event) => setSelected(event.target.value)}>
          <optgroup label={t(lang, 'opt.targets.roles')}>
            {ROLE_IDS.map((id) => (
              <option key={id} value={subjectId({ kind: 'role', role: id })}>
                {roleName(lang, id)}
              </option>
            ))}
          </optgroup>
          {props.managers.length > 0 && (
            <optgroup label={t(lang, 'opt.targets.managers')}>
              {props.managers.map((m) => (
                <option key={m.key} value={subjectId({ kind: 'manager', key: m.key })}>
                  {m.accountName === null ? m.name : `${m.name} · ${m.accountName}`}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      {subject.role === null ? (
        <p className="opt-hint" data-testid="targets-no-role">
          {t(lang, 'opt.targets.noRole', { name })}
        </p>
      ) : (
        // Keyed by whose targets they are: another subject starts from its own stored values.
        <div key={selected}>
          <WeekdayTargetsForm {...grid} onSave={(value) => saveWeekdays(props, subject, value)} />
          <PeriodTargetsForm {...grid} now={props.now} onSave={(value) => savePeriods(props, subject, value)} />
        </div>
      )}
    </details>
  );
}

function saveWeekdays(props: TargetsFormsProps, subject: TargetSubject, value: Partial<Record<DayColumn, KpiTargets>>) {
  const weekdays: WeekdayTargets = Object.fromEntries(WEEKDAYS.flatMap((day) => (value[day] ? [[day, value[day]]] : [])));
  if (subject.kind === 'role') props.onRoleTargets(subject.role, { daily: value.daily, weekdays });
  else props.onWeekdayTargets(subject.key, weekdays);
}

function savePeriods(props: TargetsFormsProps, subject: TargetSubject, value: Partial<Record<PeriodColumn, KpiTargets>>) {
  const periods = { week: value.week, month: value.month };
  if (subject.kind === 'role') props.onRoleTargets(subject.role, periods);
  else props.onPeriodTargets(subject.key, periods);
}

interface GridFormProps<C extends string> {
  settings: Settings;
  subject: TargetSubject;
  /** The role's or the manager's name. */
  name: string;
  currency: string;
  onSave: (value: Partial<Record<C, KpiTargets>>) => void;
}

function storedDayTargets(settings: Settings, subject: TargetSubject, column: DayColumn): KpiTargets | undefined {
  if (subject.kind === 'role') {
    const own = Object.hasOwn(settings.roleTargets, subject.role) ? settings.roleTargets[subject.role] : undefined;
    return column === 'daily' ? own?.daily : own?.weekdays?.[column];
  }
  if (column === 'daily' || !Object.hasOwn(settings.weekdayTargetOverrides, subject.key)) return undefined;
  return settings.weekdayTargetOverrides[subject.key]?.[column];
}

/** KPI × weekday: a role also has its everyday column (a manager's is on their card above). */
function WeekdayTargetsForm(props: GridFormProps<DayColumn>) {
  const lang = useLang();
  const { settings, subject } = props;
  const columns: readonly DayColumn[] = subject.kind === 'role' ? ['daily', ...WEEKDAYS] : WEEKDAYS;
  const check = (draft: TargetDraft) => checkTargets(draft, columns, KPI_FIELD);
  const form = useSettingsForm({
    shown: targetDraft(columns, (column) => storedDayTargets(settings, subject, column)),
    defaults: targetDraft(columns, () => undefined),
    check,
    onSave: props.onSave,
  });
  // A weekday of a role falls back to its everyday column as it is being typed.
  const daily = checkTargets(form.draft, ['daily'], KPI_FIELD).value;
  const inherited = Object.fromEntries(
    columns.map((column) => [column, inheritedDayTargets(settings, subject, column, daily === null ? undefined : (daily.daily ?? {}))]),
  ) as Record<DayColumn, KpiTargets>;
  const label = (column: DayColumn) => (column === 'daily' ? t(lang, 'opt.targets.everyDay') : weekdayName(lang, column, 'long'));
  return (
    <form className="opt-group" data-testid="weekday-targets" aria-label={t(lang, 'opt.targets.weekdays', { name: props.name })} {...form.formProps}>
      <h4>{t(lang, 'opt.targets.weekdays', { name: props.name })}</h4>
      <TargetGrid
        columns={columns.map((column) => ({ id: column, short: column === 'daily' ? t(lang, 'opt.targets.everyDayShort') : weekdayName(lang, column, 'short'), long: label(column) }))}
        draft={form.draft}
        errors={form.errors}
        currency={props.currency}
        conversationMinSec={settings.conversationMinSec}
        placeholder={(column, kpi) => targetPlaceholder(lang, inherited[column][kpi], kpi, props.currency)}
        onChange={(cell, text) => form.set({ ...form.draft, [cell]: text })}
      />
      <p className="opt-hint">{t(lang, subject.kind === 'role' ? 'opt.targets.weekdaysHintRole' : 'opt.targets.weekdaysHintManager')}</p>
      <FormButtons form={form} resetLabel={t(lang, 'opt.targets.clear')} />
    </form>
  );
}

type PeriodColumn = Exclude<PeriodKind, 'day'>;
const PERIOD_COLUMNS: readonly PeriodColumn[] = ['week', 'month'];

function storedPeriodTargets(settings: Settings, subject: TargetSubject, column: PeriodColumn): KpiTargets | undefined {
  const own =
    subject.kind === 'role'
      ? Object.hasOwn(settings.roleTargets, subject.role)
        ? settings.roleTargets[subject.role]
        : undefined
      : Object.hasOwn(settings.periodTargetOverrides, subject.key)
        ? settings.periodTargetOverrides[subject.key]
        : undefined;
  return own?.[column];
}

/** KPI × week, month: set directly, or left empty for the figure derived from the daily targets (shown beside each, for the current period). */
function PeriodTargetsForm(props: GridFormProps<PeriodColumn> & { now: Date }) {
  const lang = useLang();
  const { settings, subject } = props;
  const form = useSettingsForm({
    shown: targetDraft(PERIOD_COLUMNS, (column) => storedPeriodTargets(settings, subject, column)),
    defaults: targetDraft(PERIOD_COLUMNS, () => undefined),
    check: (draft: TargetDraft) => checkTargets(draft, PERIOD_COLUMNS, PERIOD_KPI_FIELD),
    onSave: props.onSave,
  });
  const derived = { week: derivedPeriod(settings, subject, 'week', props.now), month: derivedPeriod(settings, subject, 'month', props.now) };
  const note = (column: PeriodColumn, kpi: KpiId) => {
    const { targets, fromRole, workingDays } = derived[column];
    const value = targets[kpi];
    if (value === undefined) return t(lang, 'opt.period.derivedOff');
    const shown = formatKpiValue(value, KPI_UNITS[kpi], lang, props.currency);
    if (fromRole.has(kpi)) return t(lang, 'opt.period.fromRole', { value: shown });
    // An average, a share or a limit is not summed over the days.
    return KPI_KINDS[kpi] === 'sum' ? tPlural(lang, 'opt.period.derived', workingDays, { value: shown }) : t(lang, 'opt.period.derivedLevel', { value: shown });
  };
  return (
    <form className="opt-group" data-testid="period-targets" aria-label={t(lang, 'opt.targets.periods', { name: props.name })} {...form.formProps}>
      <h4>{t(lang, 'opt.targets.periods', { name: props.name })}</h4>
      <TargetGrid
        columns={PERIOD_COLUMNS.map((column) => ({ id: column, short: t(lang, column), long: t(lang, column) }))}
        draft={form.draft}
        errors={form.errors}
        currency={props.currency}
        conversationMinSec={settings.conversationMinSec}
        placeholder={(column, kpi) => targetPlaceholder(lang, derived[column].targets[kpi], kpi, props.currency)}
        note={note}
        onChange={(cell, text) => form.set({ ...form.draft, [cell]: text })}
      />
      <p className="opt-hint">{t(lang, 'opt.targets.periodsHint')}</p>
      <FormButtons form={form} resetLabel={t(lang, 'opt.targets.clear')} />
    </form>
  );
}

/** KPIs down, columns across; every cell has its own label (KPI, column), error and note for screen readers. */
function TargetGrid<C extends string>(props: {
  columns: readonly { id: C; short: string; long: string }[];
  draft: TargetDraft;
  errors: Partial<Record<string, FieldError>>;
  currency: string;
  conversationMinSec: number;
  placeholder: (column: C, kpi: KpiId) => string;
  note?: (column: C, kpi: KpiId) => string;
  onChange: (cell: string, text: string) => void;
}) {
  const lang = useLang();
  const baseId = useId();
  const kpiLabel = (kpi: KpiId) => (kpi === 'wonAmount' ? t(lang, 'opt.targets.wonAmount') : kpiName(lang, kpi, props.conversationMinSec));
  const unitOf = (unit: KpiUnit) => (unit === 'seconds' ? t(lang, 'opt.unit.min') : unit === 'money' ? props.currency : unit === 'percent' ? '%' : null);
  return (
    <div className="opt-grid-wrap">
      <table className="opt-grid">
        <thead>
          <tr>
            <td />
            {props.columns.map((column) => (
              <th key={column.id} scope="col" title={column.long}>
                {column.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {KPI_IDS.map((kpi) => {
            const unit = unitOf(KPI_UNITS[kpi]);
            return (
              <tr key={kpi}>
                <th scope="row">
                  {kpiLabel(kpi)}
                  {unit !== null && <span className="opt-muted">, {unit}</span>}
                </th>
                {props.columns.map((column) => {
                  const cell = targetCell(column.id, kpi);
                  const id = `${baseId}-${cell}`;
                  const error = props.errors[cell];
                  const note = props.note?.(column.id, kpi);
                  const describedBy = [error ? `${id}-error` : null, note ? `${id}-note` : null].filter(Boolean).join(' ');
                  return (
                    <td key={column.id} className={error ? 'opt-field--invalid' : undefined}>
                      <input
                        id={id}
                        type="text"
                        inputMode="decimal"
                        aria-label={`${kpiLabel(kpi)}, ${column.long}`}
                        data-testid={`cell-${cell}`}
                        value={props.draft[cell] ?? ''}
                        placeholder={props.placeholder(column.id, kpi)}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={describedBy === '' ? undefined : describedBy}
                        onChange={(event) => props.onChange(cell, event.target.value)}
                      />
                      {note && (
                        <span className="opt-grid__note" id={`${id}-note`}>
                          {note}
                        </span>
                      )}
                      {error && (
                        <span className="opt-field__error" id={`${id}-error`} role="alert">
                          {t(lang, error.key, error.params)}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
