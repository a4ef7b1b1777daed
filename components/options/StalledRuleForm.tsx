// When an open deal counts as stalled beyond its stage limit, and which lost deals are worth another try.
import { useId } from 'react';
import { t } from '../../lib/i18n';
import { DEFAULT_RECOVERABLE_LOSS_REASONS, DEFAULT_SETTINGS, DEFAULT_STALLED_RULE, type StalledRule } from '../../lib/settings';
import { useLang } from '../Lang';
import { errorAttributes, Field, FormButtons, ListEditor, useSettingsForm } from './fields';
import { checkLossReason, checkNumber, RULES, type FieldError } from './validation';
import '../../lib/i18n-options';

interface StalledRuleDraft {
  noActivityDays: string;
  noNextTaskStalls: boolean;
}

const stalledRuleDraft = (rule: StalledRule): StalledRuleDraft => ({ noActivityDays: String(rule.noActivityDays), noNextTaskStalls: rule.noNextTaskStalls });

function checkStalledRule(draft: StalledRuleDraft): { value: StalledRule | null; errors: Partial<Record<'noActivityDays', FieldError>> } {
  const days = checkNumber(draft.noActivityDays, RULES.noActivityDays);
  if (!days.ok) return { value: null, errors: { noActivityDays: days.error } };
  return { value: { noActivityDays: days.value ?? DEFAULT_STALLED_RULE.noActivityDays, noNextTaskStalls: draft.noNextTaskStalls }, errors: {} };
}

/** A number of days typed into a form that is saved with its button. */
function DaysField(props: { label: string; suffix: string; value: string; error: FieldError | undefined; onChange: (text: string) => void; testId: string }) {
  const id = useId();
  return (
    <Field id={id} label={props.label} error={props.error} suffix={props.suffix}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        data-testid={props.testId}
        value={props.value}
        {...errorAttributes(id, props.error)}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </Field>
  );
}

export function StalledRuleForm(props: { rule: StalledRule; onSave: (rule: StalledRule) => void }) {
  const lang = useLang();
  const checkboxId = useId();
  const form = useSettingsForm({ shown: stalledRuleDraft(props.rule), defaults: stalledRuleDraft(DEFAULT_STALLED_RULE), check: checkStalledRule, onSave: props.onSave });
  return (
    <form className="opt-group" data-testid="stalled-rule" aria-label={t(lang, 'opt.stalled.header')} {...form.formProps}>
      <h3>{t(lang, 'opt.stalled.header')}</h3>
      <p className="opt-hint">{t(lang, 'opt.stalled.hint')}</p>
      <DaysField
        testId="no-activity-days"
        label={t(lang, 'opt.stalled.noActivityDays')}
        suffix={t(lang, 'opt.stages.days')}
        value={form.draft.noActivityDays}
        error={form.errors.noActivityDays}
        onChange={(noActivityDays) => form.set({ ...form.draft, noActivityDays })}
      />
      <div className="opt-check">
        <input
          id={checkboxId}
          type="checkbox"
          checked={form.draft.noNextTaskStalls}
          onChange={(event) => form.set({ ...form.draft, noNextTaskStalls: event.target.checked })}
        />
        <label htmlFor={checkboxId}>{t(lang, 'opt.stalled.noNextTask')}</label>
      </div>
      <FormButtons form={form} />
    </form>
  );
}

export function LostDealsForm(props: {
  recoverWithinDays: number;
  reasons: readonly string[];
  onRecoverWithinDays: (days: number) => void;
  onAddReason: (reason: string) => void;
  onRemoveReason: (reason: string) => void;
  onDefaultReasons: () => void;
}) {
  const lang = useLang();
  const form = useSettingsForm({
    shown: String(props.recoverWithinDays),
    defaults: String(DEFAULT_SETTINGS.recoverWithinDays),
    check: (text: string) => {
      const checked = checkNumber(text, RULES.recoverWithinDays);
      return checked.ok ? { value: checked.value, errors: {} } : { value: null, errors: { recoverWithinDays: checked.error } };
    },
    onSave: (days) => {
      if (days !== null) props.onRecoverWithinDays(days);
    },
  });
  const reasonsAreDefault =
    props.reasons.length === DEFAULT_RECOVERABLE_LOSS_REASONS.length && props.reasons.every((reason, i) => reason === DEFAULT_RECOVERABLE_LOSS_REASONS[i]);
  return (
    <div className="opt-group" data-testid="lost-deals">
      <h3>{t(lang, 'opt.lost.header')}</h3>
      <p className="opt-hint">{t(lang, 'opt.lost.hint')}</p>
      <form {...form.formProps}>
        <DaysField
          testId="recover-within-days"
          label={t(lang, 'opt.lost.within')}
          suffix={t(lang, 'opt.lost.days')}
          value={form.draft}
          error={form.errors.recoverWithinDays}
          onChange={form.set}
        />
        <FormButtons form={form} />
      </form>
      <h4>{t(lang, 'opt.lost.reasons')}</h4>
      <ListEditor
        testId="reasons"
        label={t(lang, 'opt.lost.reason')}
        type="text"
        check={(text) => checkLossReason(text, props.reasons)}
        onAdd={props.onAddReason}
        items={props.reasons}
        removeLabel={(reason) => t(lang, 'opt.lost.remove', { reason })}
        onRemove={props.onRemoveReason}
        empty={t(lang, 'opt.lost.none')}
      />
      <button type="button" className="opt-button" disabled={reasonsAreDefault} onClick={props.onDefaultReasons}>
        {t(lang, 'opt.lost.defaults')}
      </button>
    </div>
  );
}
