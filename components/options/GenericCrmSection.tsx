// Sites → Another CRM: configurations of the generic adapter (which page, which selectors), with a live preview of what they read.
import { useId, useState, type FormEvent } from 'react';
import type { GenericPreview, PreviewRow, SkipReason } from '../../lib/adapters/generic';
import {
  checkDraft,
  draftOf,
  EMPTY_DRAFT,
  MAX_LABEL_LENGTH,
  MAX_SELECTOR_LENGTH,
  MAX_STAGE_NAME_LENGTH,
  SELECTOR_FIELDS,
  type ConfigErrorCode,
  type DraftField,
  type GenericConfig,
  type GenericDraft,
  type SelectorField,
} from '../../lib/generic-config';
import { formatMoney, t, type Lang, type MessageKey } from '../../lib/i18n';
import { useLang } from '../Lang';
import { errorAttributes, Field } from './fields';
import type { FieldError } from './validation';
import '../../lib/i18n-options';

/** What a preview came to: the cards read in the open tab, or why there are none. */
export type PreviewOutcome =
  | { kind: 'read'; preview: GenericPreview }
  | { kind: 'no-tab'; origin: string }
  | { kind: 'declined'; origin: string }
  | { kind: 'failed'; error: string };

/** What saving came to; `reload`: the open tab keeps its old reader until it is reloaded (loopback). */
export type SaveOutcome = { kind: 'saved'; origin: string; reload: boolean } | { kind: 'declined'; origin: string } | { kind: 'failed'; error: string };

export interface GenericCrmSectionProps {
  configs: GenericConfig[];
  /** Must be called straight from the click: it may ask the browser for the site's permission. */
  onPreview: (config: GenericConfig) => Promise<PreviewOutcome>;
  /** Must be called straight from the click: it may ask the browser for the site's permission. */
  onSave: (config: GenericConfig) => Promise<SaveOutcome>;
  onDelete: (id: string) => void;
  newId: () => string;
  now: () => number;
}

const SELECTOR_LABEL: Record<SelectorField, MessageKey> = {
  card: 'opt.generic.sel.card',
  title: 'opt.generic.sel.title',
  amount: 'opt.generic.sel.amount',
  column: 'opt.generic.sel.column',
  columnTitle: 'opt.generic.sel.columnTitle',
  stage: 'opt.generic.sel.stage',
  owner: 'opt.generic.sel.owner',
  client: 'opt.generic.sel.client',
  link: 'opt.generic.sel.link',
  currentUser: 'opt.generic.sel.currentUser',
};

const PLACEHOLDER: Partial<Record<DraftField, string>> = {
  origin: 'https://crm.example.com',
  pathPrefix: '/deals',
  card: '.deal-card',
  title: '.deal-card__title',
  amount: '.deal-card__sum',
  column: '.board-column',
  columnTitle: '.board-column__title',
  stage: 'td:nth-child(3)',
  idAttribute: 'data-id',
};

const ERROR_KEY: Record<ConfigErrorCode, MessageKey> = {
  required: 'opt.err.required',
  'too-long': 'opt.err.tooLong',
  'invalid-css': 'opt.err.css',
  origin: 'opt.err.origin',
  path: 'opt.err.path',
  currency: 'opt.err.currency',
  attribute: 'opt.err.attribute',
  'column-pair': 'opt.err.columnPair',
  invalid: 'opt.err.invalid',
};

function maxLength(field: DraftField): number {
  if (field === 'label') return MAX_LABEL_LENGTH;
  if (field === 'idAttribute' || field === 'wonStages' || field === 'lostStages') return MAX_STAGE_NAME_LENGTH;
  return MAX_SELECTOR_LENGTH;
}

function fieldError(field: DraftField, code: ConfigErrorCode | undefined): FieldError | null {
  if (code === undefined) return null;
  return code === 'too-long' ? { key: ERROR_KEY[code], params: { max: maxLength(field) } } : { key: ERROR_KEY[code] };
}

const SKIP_KEY: Record<SkipReason, MessageKey> = {
  'title-missing': 'opt.generic.skip.title-missing',
  'stage-missing': 'opt.generic.skip.stage-missing',
  'owner-missing': 'opt.generic.skip.owner-missing',
  'owner-unknown': 'opt.generic.skip.owner-unknown',
  duplicate: 'opt.generic.skip.duplicate',
};

type Notice = { ok: boolean; text: string } | null;

export function GenericCrmSection(props: GenericCrmSectionProps) {
  const lang = useLang();
  const baseId = useId();
  const [editing, setEditing] = useState<GenericConfig | null>(null);
  const [draft, setDraft] = useState<GenericDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<Partial<Record<DraftField, ConfigErrorCode>>>({});
  const [preview, setPreview] = useState<PreviewOutcome | 'reading' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const startEditing = (config: GenericConfig | null) => {
    setEditing(config);
    setDraft(config ? draftOf(config) : EMPTY_DRAFT);
    setErrors({});
    setPreview(null);
    setNotice(null);
  };

  /** The draft as a configuration, or null with the reasons shown next to the fields. */
  const checked = (): GenericConfig | null => {
    const result = checkDraft(draft, editing ?? { id: props.newId(), createdAt: props.now() });
    setErrors(result.errors);
    return result.value;
  };

  const runPreview = () => {
    setNotice(null);
    const config = checked();
    if (!config) return;
    setPreview('reading');
    props.onPreview(config).then(setPreview, (error: unknown) => setPreview({ kind: 'failed', error: error instanceof Error ? error.message : String(error) }));
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const config = checked();
    if (!config) return;
    props.onSave(config).then(
      (outcome) => {
        if (outcome.kind === 'saved') {
          startEditing(null);
          setNotice({ ok: true, text: outcome.reload ? t(lang, 'opt.generic.savedLoopback') : t(lang, 'opt.generic.savedSite', { origin: outcome.origin }) });
        } else if (outcome.kind === 'declined') setNotice({ ok: false, text: t(lang, 'opt.generic.declined', { origin: outcome.origin }) });
        else setNotice({ ok: false, text: t(lang, 'opt.generic.saveFailed', { error: outcome.error }) });
      },
      (error: unknown) => setNotice({ ok: false, text: t(lang, 'opt.generic.saveFailed', { error: error instanceof Error ? error.message : String(error) }) }),
    );
  };

  const input = (field: DraftField, label: MessageKey, wide = true) => {
    const id = `${baseId}-${field}`;
    const error = fieldError(field, errors[field]);
    return (
      <Field key={field} id={id} label={t(lang, label)} error={error}>
        <input
          id={id}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={draft[field]}
          placeholder={PLACEHOLDER[field]}
          data-testid={`generic-${field}`}
          style={wide ? { width: '100%' } : undefined}
          {...errorAttributes(id, error)}
          onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
        />
      </Field>
    );
  };

  return (
    <section className="opt-generic" data-testid="generic-crm" aria-labelledby={`${baseId}-heading`}>
      <h3 id={`${baseId}-heading`}>{t(lang, 'opt.generic.title')}</h3>
      <p className="opt-hint">{t(lang, 'opt.generic.hint')}</p>
      {props.configs.length > 0 && (
        <table className="opt-table">
          <caption className="opt-visually-hidden">{t(lang, 'opt.generic.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'opt.generic.label')}</th>
              <th scope="col">{t(lang, 'opt.generic.page')}</th>
              <th scope="col">
                <span className="opt-visually-hidden">{t(lang, 'opt.generic.edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.configs.map((config) => (
              <tr key={config.id} data-testid="generic-config" data-id={config.id}>
                <td>{config.label}</td>
                <td>
                  {config.origin}
                  {config.pathPrefix === '/' ? '/…' : `${config.pathPrefix}…`}
                </td>
                <td className="opt-buttons">
                  <button type="button" className="opt-button" aria-label={`${t(lang, 'opt.generic.edit')} ${config.label}`} onClick={() => startEditing(config)}>
                    {t(lang, 'opt.generic.edit')}
                  </button>
                  <button
                    type="button"
                    className="opt-button opt-button--danger"
                    aria-label={`${t(lang, 'opt.generic.delete')} ${config.label}`}
                    onClick={() => {
                      if (editing?.id === config.id) startEditing(null);
                      props.onDelete(config.id);
                    }}
                  >
                    {t(lang, 'opt.generic.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form className="opt-card" onSubmit={save} noValidate aria-label={editing ? t(lang, 'opt.generic.editing', { label: editing.label }) : t(lang, 'opt.generic.new')}>
        <h4>{editing ? t(lang, 'opt.generic.editing', { label: editing.label }) : t(lang, 'opt.generic.new')}</h4>
        <div className="opt-group__fields">
          {input('origin', 'opt.generic.origin')}
          {input('pathPrefix', 'opt.generic.pathPrefix')}
          {input('label', 'opt.generic.label')}
          {input('currency', 'opt.generic.currency', false)}
        </div>
        <fieldset className="opt-group">
          <legend>{t(lang, 'opt.generic.selectors')}</legend>
          <p className="opt-hint">{t(lang, 'opt.generic.selectorsHint')}</p>
          <div className="opt-group__fields">
            {SELECTOR_FIELDS.map((field) => input(field, SELECTOR_LABEL[field]))}
            {input('idAttribute', 'opt.generic.idAttribute')}
          </div>
        </fieldset>
        <div className="opt-group__fields">
          {input('wonStages', 'opt.generic.wonStages')}
          {input('lostStages', 'opt.generic.lostStages')}
        </div>
        <div className="opt-buttons">
          <button type="button" className="opt-button" data-testid="generic-run-preview" onClick={runPreview} disabled={preview === 'reading'}>
            {t(lang, 'opt.generic.preview')}
          </button>
          <button type="submit" className="opt-button" data-testid="generic-save">
            {t(lang, 'opt.generic.save')}
          </button>
          {editing && (
            <button type="button" className="opt-button" onClick={() => startEditing(null)}>
              {t(lang, 'opt.generic.cancel')}
            </button>
          )}
        </div>
        {notice && (
          <div className={`notice${notice.ok ? '' : ' notice--error'}`} role={notice.ok ? 'status' : 'alert'} data-testid="generic-notice">
            {notice.text}
          </div>
        )}
      </form>
      {preview !== null && <PreviewResult outcome={preview} lang={lang} />}
    </section>
  );
}

function PreviewResult({ outcome, lang }: { outcome: PreviewOutcome | 'reading'; lang: Lang }) {
  if (outcome === 'reading') {
    return (
      <p role="status" data-testid="generic-preview">
        {t(lang, 'opt.generic.previewing')}
      </p>
    );
  }
  if (outcome.kind !== 'read') {
    const text =
      outcome.kind === 'no-tab'
        ? t(lang, 'opt.generic.noTab', { origin: outcome.origin })
        : outcome.kind === 'declined'
          ? t(lang, 'opt.generic.declined', { origin: outcome.origin })
          : t(lang, 'opt.generic.failed', { error: outcome.error });
    return (
      <div className="notice notice--error" role="alert" data-testid="generic-preview">
        {text}
      </div>
    );
  }
  const { preview } = outcome;
  return (
    <div data-testid="generic-preview" data-count={preview.cardCount}>
      <p>{t(lang, 'opt.generic.found', { url: preview.url, n: preview.cardCount, shown: preview.rows.length })}</p>
      <p className="opt-hint" data-testid="generic-preview-user">
        {preview.currentUser === null ? t(lang, 'opt.generic.noCurrentUser') : t(lang, 'opt.generic.currentUser', { name: preview.currentUser })}
      </p>
      {preview.rows.length > 0 && (
        <table className="opt-table">
          <thead>
            <tr>
              <th scope="col">{t(lang, 'opt.generic.col.deal')}</th>
              <th scope="col">{t(lang, 'opt.generic.col.client')}</th>
              <th scope="col">{t(lang, 'opt.generic.col.stage')}</th>
              <th scope="col">{t(lang, 'opt.generic.col.amount')}</th>
              <th scope="col">{t(lang, 'opt.generic.col.owner')}</th>
              <th scope="col">{t(lang, 'opt.generic.col.read')}</th>
            </tr>
          </thead>
          <tbody>{preview.rows.map((row) => <PreviewLine key={row.id} row={row} lang={lang} />)}</tbody>
        </table>
      )}
      <h4>{t(lang, 'opt.generic.problems')}</h4>
      {preview.problems.length === 0 ? (
        <p className="opt-hint">{t(lang, 'opt.generic.noProblems')}</p>
      ) : (
        <ul data-testid="generic-preview-problems">
          {preview.problems.map((problem, i) => (
            <li key={`${problem.code}-${i}`} data-code={problem.code}>
              {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PreviewLine({ row, lang }: { row: PreviewRow; lang: Lang }) {
  const dash = '—';
  return (
    <tr data-testid="preview-row" data-deal-id={row.id} data-skipped={row.skipped ?? undefined}>
      <td title={row.url}>{row.title ?? dash}</td>
      <td>{row.client ?? dash}</td>
      <td>
        {row.stage ?? dash}
        {row.status !== 'open' && <span className="opt-muted"> ({t(lang, row.status === 'won' ? 'opt.generic.status.won' : 'opt.generic.status.lost')})</span>}
      </td>
      <td data-amount={row.amount ?? ''}>{row.amount === null ? dash : formatMoney(row.amount, row.currency, lang)}</td>
      <td>{row.owner ?? dash}</td>
      <td>{row.skipped === null ? t(lang, 'opt.generic.stored') : t(lang, SKIP_KEY[row.skipped])}</td>
    </tr>
  );
}
