// Data: what is stored per CRM account and field by field; export (JSON, CSV), import and wipe.
import { useState, type ChangeEvent } from 'react';
import type { ExportFile, ImportResult, ParseResult, TableCounts } from '../../lib/data-transfer';
import { formatDay, formatNumber, formatRelative, formatTime, t, tPlural, type Lang } from '../../lib/i18n';
import type { CrmKind } from '../../lib/model';
import { EmptyState } from '../EmptyState';
import { useLang } from '../Lang';
import { crmName } from './SitesSection';
import { KIND_LABEL, TRACKED_FIELDS, TRACKED_KINDS, type TrackedKind } from './tracked-fields';
import '../../lib/i18n-options';

export interface TrackedAccount {
  account: string;
  name: string;
  crm: CrmKind;
  lastReadAt: number;
  counts: Record<TrackedKind | 'pipelines' | 'stages', number>;
}

export interface DataSectionProps {
  accounts: TrackedAccount[];
  now: Date;
  onExportJson: () => Promise<void>;
  onExportDealsCsv: () => Promise<void>;
  onExportActivitiesCsv: () => Promise<void>;
  /** Reads and checks a chosen file; writes nothing. */
  onCheckImport: (file: File) => Promise<ParseResult>;
  /** Replaces all data with a checked file. */
  onImport: (file: ExportFile) => Promise<ImportResult>;
  onWipe: () => Promise<void>;
}

type Outcome = { kind: 'ok' | 'error'; text: string; detail?: string } | null;

function countsText(lang: Lang, counts: TableCounts): string {
  return t(lang, 'opt.data.counts', {
    deals: formatNumber(counts.deals, lang),
    activities: formatNumber(counts.activities, lang),
    tasks: formatNumber(counts.tasks, lang),
    managers: formatNumber(counts.managers, lang),
  });
}

export function DataSection(props: DataSectionProps) {
  const lang = useLang();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pending, setPending] = useState<{ file: ExportFile; counts: TableCounts } | null>(null);
  const [confirmWipe, setConfirmWipe] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<Outcome>) => {
    setBusy(true);
    try {
      setOutcome(await action());
    } catch (error) {
      setOutcome({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  const exportWith = (action: () => Promise<void>) => () => void run(async () => (await action(), null));

  const chooseFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so that choosing the same file again (after fixing it) fires a change.
    event.target.value = '';
    setPending(null);
    if (!file) return;
    void run(async () => {
      const checked = await props.onCheckImport(file);
      if (!checked.ok) return { kind: 'error', text: `${t(lang, `opt.import.${checked.code}`)} ${t(lang, 'opt.import.unchanged')}`, detail: checked.error };
      setPending({ file: checked.file, counts: checked.counts });
      return null;
    });
  };
  const replace = () => {
    if (!pending) return;
    const { file } = pending;
    setPending(null);
    void run(async () => {
      const result = await props.onImport(file);
      return result.ok
        ? { kind: 'ok', text: `${t(lang, 'opt.data.imported')} ${countsText(lang, result.counts)}` }
        : { kind: 'error', text: `${t(lang, `opt.import.${result.code}`)} ${t(lang, 'opt.import.unchanged')}`, detail: result.error };
    });
  };
  const wipe = () => {
    setConfirmWipe(false);
    void run(async () => (await props.onWipe(), { kind: 'ok', text: t(lang, 'opt.data.wiped') }));
  };

  return (
    <div data-testid="data-settings">
      <h3>{t(lang, 'opt.data.tracked')}</h3>
      <p className="opt-hint">{t(lang, 'opt.data.trackedHint')}</p>
      {props.accounts.length === 0 ? (
        <EmptyState hint={t(lang, 'opt.data.empty')} />
      ) : (
        props.accounts.map((account) => <TrackedAccountView key={account.account} account={account} now={props.now} />)
      )}

      <div className="opt-actions" aria-live="polite">
        {outcome && (
          <div className={`notice${outcome.kind === 'error' ? ' notice--error' : ''}`} role={outcome.kind === 'error' ? 'alert' : 'status'} data-testid="data-outcome">
            {outcome.text}
            {outcome.detail && <code className="opt-detail">{outcome.detail}</code>}
          </div>
        )}
      </div>

      <section className="opt-group" aria-labelledby="opt-export">
        <h3 id="opt-export">{t(lang, 'opt.data.export')}</h3>
        <div className="opt-buttons">
          <button type="button" className="opt-button" disabled={busy} onClick={exportWith(props.onExportJson)}>
            {t(lang, 'opt.data.exportJson')}
          </button>
          <button type="button" className="opt-button" disabled={busy} onClick={exportWith(props.onExportDealsCsv)}>
            {t(lang, 'opt.data.exportDeals')}
          </button>
          <button type="button" className="opt-button" disabled={busy} onClick={exportWith(props.onExportActivitiesCsv)}>
            {t(lang, 'opt.data.exportActivities')}
          </button>
        </div>
        <p className="opt-hint">
          {t(lang, 'opt.data.exportJsonHint')} {t(lang, 'opt.data.csvHint')}
        </p>
      </section>

      <section className="opt-group" aria-labelledby="opt-import">
        <h3 id="opt-import">{t(lang, 'opt.data.import')}</h3>
        <label className="opt-button opt-file">
          {t(lang, 'opt.data.importJson')}
          <input type="file" accept="application/json,.json" disabled={busy} onChange={chooseFile} data-testid="import-file" />
        </label>
        <p className="opt-hint">{t(lang, 'opt.data.importHint')}</p>
        {pending && (
          <div className="opt-confirm" role="group" aria-label={t(lang, 'opt.data.import')} data-testid="import-confirm">
            <p>{t(lang, 'opt.data.importConfirm', { date: `${formatDay(new Date(pending.file.exportedAt), lang)} ${formatTime(new Date(pending.file.exportedAt), lang)}` })}</p>
            <p className="opt-muted">{countsText(lang, pending.counts)}</p>
            <div className="opt-buttons">
              <button type="button" className="opt-button opt-button--danger" onClick={replace}>
                {t(lang, 'opt.data.importReplace')}
              </button>
              <button type="button" className="opt-button" onClick={() => setPending(null)}>
                {t(lang, 'opt.cancel')}
              </button>
            </div>
          </div>
        )}
      </section>

      <section className="opt-group" aria-labelledby="opt-wipe">
        <h3 id="opt-wipe">{t(lang, 'opt.data.wipeHeader')}</h3>
        <p className="opt-hint">{t(lang, 'opt.data.wipeHint')}</p>
        {confirmWipe ? (
          <div className="opt-confirm" role="group" aria-label={t(lang, 'opt.data.wipeHeader')} data-testid="wipe-confirm">
            <p>{t(lang, 'opt.data.wipeConfirm')}</p>
            <div className="opt-buttons">
              <button type="button" className="opt-button opt-button--danger" onClick={wipe}>
                {t(lang, 'opt.data.wipeYes')}
              </button>
              {/* The safe choice takes the focus, so Enter right after the first click does not delete anything. */}
              <button type="button" className="opt-button" autoFocus onClick={() => setConfirmWipe(false)}>
                {t(lang, 'opt.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="opt-button opt-button--danger" disabled={busy} onClick={() => setConfirmWipe(true)}>
            {t(lang, 'opt.data.wipe')}
          </button>
        )}
      </section>
    </div>
  );
}

function TrackedAccountView({ account, now }: { account: TrackedAccount; now: Date }) {
  const lang = useLang();
  const readAt = new Date(account.lastReadAt);
  return (
    <section className="opt-card" data-testid={`tracked-${account.account}`} aria-label={account.name}>
      <h4>
        {account.name} <span className="opt-muted">· {crmName(account.crm, lang)} · {account.account}</span>
      </h4>
      <div className="opt-muted" data-testid="last-read">
        {t(lang, 'opt.data.lastRead', { time: `${formatDay(readAt, lang)} ${formatTime(readAt, lang)} (${formatRelative(readAt, now, lang)})` })}
      </div>
      {TRACKED_KINDS.map((kind) => (
        <details key={kind} className="opt-tracked">
          <summary>
            <strong>{t(lang, KIND_LABEL[kind])}</strong> — <span data-testid={`count-${kind}`}>{tPlural(lang, 'opt.data.records', account.counts[kind])}</span>
          </summary>
          <dl>
            {Object.entries(TRACKED_FIELDS[kind]).map(([field, description]) => (
              <div key={field}>
                <dt>
                  <code>{field}</code>
                </dt>
                <dd>{t(lang, description)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
      <div className="opt-muted">{t(lang, 'opt.data.pipelines', { pipelines: account.counts.pipelines, stages: account.counts.stages })}</div>
      <div className="opt-muted">{t(lang, 'opt.data.everyRecord')}</div>
    </section>
  );
}
