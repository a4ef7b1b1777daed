// The working-day calendar: the coming public holidays (read-only), the user's own days off and each manager's vacations.
import { differenceInCalendarDays } from 'date-fns';
import { useId, useState, type FormEvent } from 'react';
import { t, tPlural, type Lang } from '../../lib/i18n';
import type { DateRange } from '../../lib/settings';
import { useLang } from '../Lang';
import { formatDates, formatStoredDate, formatStoredRange } from './dates';
import { errorAttributes, Field, ListEditor, RemovableList } from './fields';
import { checkDayOff, checkVacation, type VacationDraft, type VacationField } from './validation';
import { undecreedYears, upcomingCalendarChanges, type CalendarChange } from './work-calendar';
import '../../lib/i18n-options';

/** How many coming changes of the ordinary week are listed. */
const UPCOMING = 5;

export interface CalendarManager {
  key: string;
  name: string;
}

export interface CalendarFormsProps {
  now: Date;
  daysOff: readonly string[];
  vacations: Readonly<Record<string, readonly DateRange[]>>;
  managers: readonly CalendarManager[];
  onAddDayOff: (day: string) => void;
  onRemoveDayOff: (day: string) => void;
  onAddVacation: (managerKey: string, range: DateRange) => void;
  onRemoveVacation: (managerKey: string, range: DateRange) => void;
}

export function CalendarForms(props: CalendarFormsProps) {
  const lang = useLang();
  return (
    <details className="opt-details" data-testid="calendar">
      <summary>{t(lang, 'opt.calendar.header')}</summary>
      <p className="opt-hint">{t(lang, 'opt.calendar.hint')}</p>
      <UpcomingHolidays changes={upcomingCalendarChanges(props.now, UPCOMING)} />
      <DaysOff {...props} />
      <Vacations {...props} />
    </details>
  );
}

function changeText(lang: Lang, change: CalendarChange): string {
  const dates = formatDates(change.from, change.to, lang);
  const kind = change.kind === 'working-day' ? t(lang, 'opt.calendar.workingDay') : tPlural(lang, 'opt.calendar.daysOff', differenceInCalendarDays(change.to, change.from) + 1);
  return `${dates} · ${kind}${change.decreed ? '' : ' *'}`;
}

function UpcomingHolidays({ changes }: { changes: CalendarChange[] }) {
  const lang = useLang();
  const undecreed = undecreedYears(changes);
  return (
    <div className="opt-group" data-testid="holidays">
      <h4>{t(lang, 'opt.calendar.upcoming')}</h4>
      <ul className="opt-list opt-list--plain">
        {changes.map((change) => (
          <li key={`${change.kind}-${change.from.getTime()}`}>{changeText(lang, change)}</li>
        ))}
      </ul>
      {undecreed.length > 0 && <p className="opt-hint">* {t(lang, 'opt.calendar.notDecreed', { years: undecreed.join(', ') })}</p>}
    </div>
  );
}

function DaysOff(props: CalendarFormsProps) {
  const lang = useLang();
  return (
    <div className="opt-group" data-testid="days-off">
      <h4>{t(lang, 'opt.calendar.daysOffHeader')}</h4>
      <p className="opt-hint">{t(lang, 'opt.calendar.daysOffHint')}</p>
      <ListEditor
        label={t(lang, 'opt.calendar.dayOff')}
        type="date"
        check={(text) => checkDayOff(text, props.daysOff)}
        onAdd={props.onAddDayOff}
        items={props.daysOff}
        itemText={(day) => formatStoredDate(day, lang)}
        removeLabel={(day) => t(lang, 'opt.calendar.removeDayOff', { day: formatStoredDate(day, lang) })}
        onRemove={props.onRemoveDayOff}
        empty={t(lang, 'opt.calendar.noDaysOff')}
      />
    </div>
  );
}

interface Vacation {
  managerKey: string;
  range: DateRange;
}

function Vacations(props: CalendarFormsProps) {
  const lang = useLang();
  const baseId = useId();
  const [draft, setDraft] = useState<VacationDraft>({ manager: props.managers[0]?.key ?? '', from: '', to: '' });
  const nameOf = (key: string) => props.managers.find((m) => m.key === key)?.name ?? key;
  const checked = checkVacation(draft, props.vacations, (range) => formatStoredRange(range, lang));
  // An empty field is not an error yet, only nothing to add.
  const shownError = (field: VacationField) => (draft[field] === '' ? undefined : checked.errors[field]);
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (checked.value === null) return;
    props.onAddVacation(checked.value.managerKey, checked.value.range);
    setDraft({ ...draft, from: '', to: '' });
  };
  const vacations: Vacation[] = Object.entries(props.vacations)
    .flatMap(([managerKey, ranges]) => ranges.map((range) => ({ managerKey, range })))
    .sort((a, b) => nameOf(a.managerKey).localeCompare(nameOf(b.managerKey)) || a.range.from.localeCompare(b.range.from));
  const vacationText = (vacation: Vacation) => `${nameOf(vacation.managerKey)} · ${formatStoredRange(vacation.range, lang)}`;
  const dateField = (field: 'from' | 'to', label: string) => {
    const id = `${baseId}-${field}`;
    const error = shownError(field);
    return (
      <Field id={id} label={label} error={error}>
        <input id={id} type="date" value={draft[field]} {...errorAttributes(id, error)} onChange={(event) => setDraft({ ...draft, [field]: event.target.value })} />
      </Field>
    );
  };
  return (
    <div className="opt-group" data-testid="vacations">
      <h4>{t(lang, 'opt.calendar.vacations')}</h4>
      {props.managers.length === 0 ? (
        <p className="opt-hint">{t(lang, 'opt.calendar.noManagers')}</p>
      ) : (
        <form className="opt-add opt-add--row" onSubmit={add} noValidate aria-label={t(lang, 'opt.calendar.addVacation')}>
          <Field id={`${baseId}-manager`} label={t(lang, 'opt.calendar.manager')} error={shownError('manager')}>
            <select id={`${baseId}-manager`} value={draft.manager} onChange={(event) => setDraft({ ...draft, manager: event.target.value })}>
              {props.managers.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.name}
                </option>
              ))}
            </select>
          </Field>
          {dateField('from', t(lang, 'opt.calendar.from'))}
          {dateField('to', t(lang, 'opt.calendar.to'))}
          <button type="submit" className="opt-button" disabled={checked.value === null}>
            {t(lang, 'opt.list.add')}
          </button>
        </form>
      )}
      <RemovableList
        items={vacations}
        itemKey={(vacation) => `${vacation.managerKey} ${vacation.range.from}`}
        itemText={vacationText}
        removeLabel={(vacation) => t(lang, 'opt.calendar.removeVacation', { vacation: vacationText(vacation) })}
        onRemove={(vacation) => props.onRemoveVacation(vacation.managerKey, vacation.range)}
        empty={t(lang, 'opt.calendar.noVacations')}
        testId="vacation-list"
      />
    </div>
  );
}
