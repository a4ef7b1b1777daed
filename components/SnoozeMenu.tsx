// A small "Snooze" disclosure for one stalled deal: a few fixed choices and a date, all reachable with Tab, Enter and Escape.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { localDateText } from '../lib/calendar';
import { t } from '../lib/i18n';
import { useLang } from './Lang';

export interface SnoozeChoice {
  id: string;
  label: string;
  until: Date;
}

export interface SnoozeMenuProps {
  dealTitle: string;
  choices: readonly SnoozeChoice[];
  /** The first day the date picker offers. */
  earliest: Date;
  /** The moment a picked "YYYY-MM-DD" stands for; null when it cannot be chosen. */
  pickDate: (text: string) => Date | null;
  onSnooze: (until: Date) => void;
}

export function SnoozeMenu({ dealTitle, choices, earliest, pickDate, onSnooze }: SnoozeMenuProps) {
  const lang = useLang();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState('');
  const toggle = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  // Opening moves focus into the choices; Escape brings it back to the toggle.
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const choose = (until: Date) => {
    setOpen(false);
    onSnooze(until);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
  const picked = pickDate(date);
  return (
    <div className="snooze" onKeyDown={open ? onKeyDown : undefined}>
      <button
        ref={toggle}
        type="button"
        className="linkish snooze__toggle"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={t(lang, 'popup.snoozeFor', { deal: dealTitle })}
        data-testid="snooze"
        onClick={() => setOpen(!open)}
      >
        {t(lang, 'popup.snooze')} {open ? '▴' : '▾'}
      </button>
      {open && (
        <div className="snooze__menu" id={id} role="group" aria-label={t(lang, 'popup.snoozeFor', { deal: dealTitle })}>
          {choices.map((choice, i) => (
            <button key={choice.id} ref={i === 0 ? first : undefined} type="button" className="snooze__choice" data-choice={choice.id} onClick={() => choose(choice.until)}>
              {choice.label}
            </button>
          ))}
          <form
            className="snooze__date"
            onSubmit={(event) => {
              event.preventDefault();
              if (picked !== null) choose(picked);
            }}
          >
            <label>
              {t(lang, 'popup.snoozeDate')}{' '}
              <input type="date" min={localDateText(earliest)} required value={date} data-testid="snooze-date" onChange={(event) => setDate(event.target.value)} />
            </label>
            <button type="submit" className="snooze__choice" disabled={picked === null}>
              {t(lang, 'popup.snoozeOk')}
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
