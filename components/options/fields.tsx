// Form building blocks for the options page: a labelled field with its error, and a number field that saves when valid.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { t } from '../../lib/i18n';
import { useLang } from '../Lang';
import { checkNumber, type Checked, type FieldError, type NumberRule } from './validation';
import '../../lib/i18n-options';

/** Label, control, unit and the reason a value is refused, tied together for screen readers. */
export function Field(props: { id: string; label: string; error: FieldError | null | undefined; suffix?: string; hint?: string; children: ReactNode }) {
  const lang = useLang();
  return (
    <div className={`opt-field${props.error ? ' opt-field--invalid' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <span className="opt-field__control">
        {props.children}
        {props.suffix && <span className="opt-field__suffix">{props.suffix}</span>}
      </span>
      {props.error && (
        <span className="opt-field__error" id={`${props.id}-error`} role="alert">
          {t(lang, props.error.key, props.error.params)}
        </span>
      )}
    </div>
  );
}

/** Attributes that tie an input to its Field's error. */
export function errorAttributes(id: string, error: FieldError | null | undefined) {
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined } as const;
}

/** How long typing may pause before a valid value is saved: "5000" is not saved as 5, 50 and 500 on the way. */
export const SAVE_DELAY_MS = 400;

/**
 * Saves the latest valid value once typing pauses, at once when the field is left, and never a value
 * that a later keystroke made invalid. A value still waiting when the form goes away is saved then.
 */
export function useDelayedCommit<T>(commit: (value: T) => void) {
  const pending = useRef<{ value: T; timer: ReturnType<typeof setTimeout> } | null>(null);
  const latestCommit = useRef(commit);
  latestCommit.current = commit;
  const flush = () => {
    const waiting = pending.current;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    pending.current = null;
    latestCommit.current(waiting.value);
  };
  const cancel = () => {
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
  };
  const schedule = (value: T) => {
    cancel();
    pending.current = { value, timer: setTimeout(flush, SAVE_DELAY_MS) };
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(() => () => flushRef.current(), []);
  return { schedule, cancel, flush };
}

/**
 * What the person is typing, kept apart from the stored value: the stored value (which arrives a moment
 * later through useLiveQuery) replaces the draft only while nobody is editing, so typing is never overwritten.
 * `shownKey` identifies the stored value (a string, or JSON of a group).
 */
export function useDraft<D>(shown: D, shownKey: string, onSync?: () => void) {
  const [draft, setDraft] = useState(shown);
  const editing = useRef(false);
  const latest = useRef({ shown, onSync });
  latest.current = { shown, onSync };
  useEffect(() => {
    if (editing.current) return;
    setDraft(latest.current.shown);
    latest.current.onSync?.();
  }, [shownKey]);
  return {
    draft,
    setDraft,
    /** Spread on the input (or the fieldset of a group): focus inside means "editing". */
    focusProps: {
      onFocus: () => {
        editing.current = true;
      },
      onBlur: () => {
        editing.current = false;
      },
    },
    /** Show the stored value again (after leaving a valid field, so "9:00" reads back as "09:00"). */
    resync: () => setDraft(latest.current.shown),
  };
}

export interface NumberFieldProps {
  label: string;
  /** The stored value as typed ('' when not set). */
  shown: string;
  rule: NumberRule;
  /** Called with every valid value that differs from the stored one; null = the field was emptied. */
  onCommit: (value: number | null) => void;
  placeholder?: string;
  suffix?: string;
  disabled?: boolean;
  testId?: string;
}

/** A number input that checks every change against its rule, shows why it is refused, and saves it when it is valid. */
export function NumberField(props: NumberFieldProps) {
  const id = useId();
  const [error, setError] = useState<FieldError | null>(null);
  const { draft, setDraft, focusProps, resync } = useDraft(props.shown, props.shown, () => setError(null));
  const save = useDelayedCommit(props.onCommit);
  return (
    <Field id={id} label={props.label} error={error} suffix={props.suffix}>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={props.rule.min}
        max={props.rule.max}
        step={props.rule.integer ? 1 : 'any'}
        value={draft}
        placeholder={props.placeholder}
        disabled={props.disabled}
        data-testid={props.testId}
        {...errorAttributes(id, error)}
        onFocus={focusProps.onFocus}
        onBlur={() => {
          focusProps.onBlur();
          save.flush();
          if (!error) resync();
        }}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          const checked = checkNumber(text, props.rule, event.target.validity.badInput);
          setError(checked.ok ? null : checked.error);
          if (!checked.ok) return save.cancel();
          const stored = checkNumber(props.shown, { ...props.rule, required: false });
          if (!stored.ok || stored.value !== checked.value) save.schedule(checked.value);
          else save.cancel();
        }}
      />
    </Field>
  );
}

export interface GroupField<F extends string> {
  name: F;
  label: string;
  kind: 'time' | 'number';
  suffix?: string;
}

/**
 * Several fields that are valid only together (the day ends after it starts; red is below amber):
 * every change is checked as a whole, errors sit on the field to change, and a valid whole is saved.
 */
export function GroupForm<F extends string, T>(props: {
  legend: string;
  hint?: string;
  fields: readonly GroupField<F>[];
  /** The stored value as typed. */
  shown: Record<F, string>;
  check: (draft: Record<F, string>) => { value: T | null; errors: Partial<Record<F, FieldError>> };
  onCommit: (value: T) => void;
  testId?: string;
}) {
  const baseId = useId();
  const [errors, setErrors] = useState<Partial<Record<F, FieldError>>>({});
  const shownKey = JSON.stringify(props.shown);
  const { draft, setDraft, focusProps, resync } = useDraft(props.shown, shownKey, () => setErrors({}));
  const save = useDelayedCommit(props.onCommit);
  const change = (name: F, text: string) => {
    const next = { ...draft, [name]: text };
    setDraft(next);
    const checked = props.check(next);
    setErrors(checked.errors);
    if (checked.value === null) save.cancel();
    else if (JSON.stringify(checked.value) !== JSON.stringify(props.check(props.shown).value)) save.schedule(checked.value);
    else save.cancel();
  };
  return (
    <fieldset
      className="opt-group"
      data-testid={props.testId}
      onFocus={focusProps.onFocus}
      onBlur={(event) => {
        // Moving between the group's own fields is still editing the group.
        if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
        focusProps.onBlur();
        save.flush();
        if (Object.keys(errors).length === 0) resync();
      }}
    >
      <legend>{props.legend}</legend>
      <div className="opt-group__fields">
        {props.fields.map((field) => {
          const id = `${baseId}-${field.name}`;
          const error = errors[field.name];
          return (
            <Field key={field.name} id={id} label={field.label} error={error} suffix={field.suffix}>
              <input
                id={id}
                type={field.kind}
                inputMode={field.kind === 'number' ? 'numeric' : undefined}
                value={draft[field.name]}
                {...errorAttributes(id, error)}
                onChange={(event) => change(field.name, event.target.value)}
              />
            </Field>
          );
        })}
      </div>
      {props.hint && <p className="opt-hint">{props.hint}</p>}
    </fieldset>
  );
}

/**
 * A form saved with its button: the draft is checked as a whole on every change, Save is there only
 * for a valid change, and Reset saves `defaults` at once. The stored value replaces the draft while
 * nobody is editing the form (see {@link useDraft}).
 */
export function useSettingsForm<D, T, F extends string = string>(props: {
  shown: D;
  check: (draft: D) => { value: T | null; errors: Partial<Record<F, FieldError>> };
  onSave: (value: T) => void;
  /** The draft that reset puts back; no reset without it. */
  defaults?: D;
}) {
  const { draft, setDraft, focusProps } = useDraft(props.shown, JSON.stringify(props.shown));
  const checked = props.check(draft);
  const stored = JSON.stringify(props.check(props.shown).value);
  const changed = checked.value === null || JSON.stringify(checked.value) !== stored;
  const defaults = props.defaults;
  const defaultValue = defaults === undefined ? null : props.check(defaults).value;
  return {
    draft,
    errors: checked.errors,
    set: (next: D) => setDraft(next),
    changed,
    canSave: checked.value !== null && changed,
    canReset: defaultValue !== null && (changed || JSON.stringify(defaultValue) !== stored),
    formProps: {
      noValidate: true,
      ...focusProps,
      onSubmit: (event: FormEvent) => {
        event.preventDefault();
        if (checked.value !== null && changed) props.onSave(checked.value);
      },
    },
    reset: () => {
      if (defaults === undefined || defaultValue === null) return;
      setDraft(defaults);
      props.onSave(defaultValue);
    },
  };
}

/** Save (only a valid change) and reset to the defaults, with a word that the draft is not saved yet. */
export function FormButtons(props: { form: { canSave: boolean; canReset: boolean; changed: boolean; reset: () => void }; resetLabel?: string; testId?: string }) {
  const lang = useLang();
  const { form } = props;
  return (
    <div className="opt-buttons" data-testid={props.testId}>
      <button type="submit" className="opt-button opt-button--primary" disabled={!form.canSave}>
        {t(lang, 'opt.form.save')}
      </button>
      <button type="button" className="opt-button" disabled={!form.canReset} onClick={form.reset}>
        {props.resetLabel ?? t(lang, 'opt.form.reset')}
      </button>
      {form.changed && <span className="opt-muted opt-unsaved">{t(lang, 'opt.form.unsaved')}</span>}
    </div>
  );
}

/** Items each with a remove button; the button's name says which item it removes. */
export function RemovableList<T>(props: {
  items: readonly T[];
  itemKey: (item: T) => string;
  itemText: (item: T) => ReactNode;
  removeLabel: (item: T) => string;
  onRemove: (item: T) => void;
  empty: string;
  testId?: string;
}) {
  if (props.items.length === 0) return <p className="opt-muted" data-testid={props.testId}>{props.empty}</p>;
  return (
    <ul className="opt-list" data-testid={props.testId}>
      {props.items.map((item) => (
        <li key={props.itemKey(item)}>
          <span>{props.itemText(item)}</span>
          <button
            type="button"
            className="opt-button opt-button--small"
            aria-label={props.removeLabel(item)}
            title={props.removeLabel(item)}
            onClick={(event) => {
              // The button goes away with its item: the keyboard moves on to the next item's (or the previous one's).
              const row = event.currentTarget.closest('li');
              const neighbour = row?.nextElementSibling ?? row?.previousElementSibling;
              neighbour?.querySelector('button')?.focus();
              props.onRemove(item);
            }}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * A list of texts (days, reasons) with a field that adds to it: the text is checked as it is typed (an
 * empty field is just nothing to add), Add is there only for a valid item, and Enter adds too; the field
 * is emptied and keeps the focus. Every item has its remove button.
 */
export function ListEditor(props: {
  label: string;
  type: 'text' | 'date';
  check: (text: string) => Checked<string>;
  onAdd: (item: string) => void;
  items: readonly string[];
  itemText?: (item: string) => string;
  removeLabel: (item: string) => string;
  onRemove: (item: string) => void;
  empty: string;
  testId?: string;
}) {
  const lang = useLang();
  const id = useId();
  const [text, setText] = useState('');
  const checked = text.trim() === '' ? null : props.check(text);
  const error = checked && !checked.ok ? checked.error : null;
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!checked?.ok) return;
    props.onAdd(checked.value);
    setText('');
  };
  return (
    <div data-testid={props.testId}>
      <form className="opt-add" onSubmit={add} noValidate>
        <Field id={id} label={props.label} error={error}>
          <input id={id} type={props.type} value={text} {...errorAttributes(id, error)} onChange={(event) => setText(event.target.value)} />
          <button type="submit" className="opt-button" disabled={!checked?.ok}>
            {t(lang, 'opt.list.add')}
          </button>
        </Field>
      </form>
      <RemovableList items={props.items} itemKey={(item) => item} itemText={props.itemText ?? ((item) => item)} removeLabel={props.removeLabel} onRemove={props.onRemove} empty={props.empty} />
    </div>
  );
}
