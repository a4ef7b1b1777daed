// Stages: how many working days a deal may sit in each open stage before it counts as stalled.
import { t, tPlural } from '../../lib/i18n';
import { MIN_DEALS_FOR_STAGE_LIMIT } from '../../lib/metrics/stalled-deals';
import { EmptyState } from '../EmptyState';
import { useLang } from '../Lang';
import { NumberField } from './fields';
import { RULES } from './validation';
import '../../lib/i18n-options';

export interface StageLimitRow {
  /** Stage record key (lib/model recordKey), the key of settings.stageLimitDays. */
  key: string;
  name: string;
  /** The stage's own limit; null = the default applies. */
  limit: number | null;
  /** From the time the stage's open deals have spent in it (lib/metrics suggestStageLimits); null = not worked out. */
  suggestion: { days: number | null; basedOn: number } | null;
}

export interface StagePipeline {
  key: string;
  name: string;
  stages: StageLimitRow[];
}

export interface StageAccount {
  account: string;
  name: string;
  pipelines: StagePipeline[];
}

export function StagesSection(props: {
  accounts: StageAccount[];
  defaultLimit: number;
  onDefaultLimit: (days: number) => void;
  onStageLimit: (stageKey: string, days: number | null) => void;
}) {
  const lang = useLang();
  const withStages = props.accounts.filter((account) => account.pipelines.some((pipeline) => pipeline.stages.length > 0));
  const days = t(lang, 'opt.stages.days');
  return (
    <div data-testid="stages-settings">
      <p className="opt-hint">{t(lang, 'opt.stages.hint')}</p>
      <NumberField
        testId="default-stage-limit"
        label={t(lang, 'opt.stages.default')}
        shown={String(props.defaultLimit)}
        rule={RULES.defaultStageLimitDays}
        onCommit={(value) => {
          if (value !== null) props.onDefaultLimit(value);
        }}
      />
      {withStages.length === 0 && <EmptyState hint={t(lang, 'opt.stages.empty')} />}
      {withStages.map((account) => (
        <section key={account.account} className="opt-account" aria-label={account.name}>
          {withStages.length > 1 && (
            <h3>
              {account.name} <span className="opt-muted">{account.account}</span>
            </h3>
          )}
          {account.pipelines
            .filter((pipeline) => pipeline.stages.length > 0)
            .map((pipeline) => (
              <fieldset key={pipeline.key} className="opt-card" data-testid={`pipeline-${pipeline.key}`}>
                <legend>{pipeline.name}</legend>
                <div className="opt-stages">
                  {pipeline.stages.map((stage) => (
                    <div key={stage.key} className="opt-stage">
                      <NumberField
                        testId={`stage-limit-${stage.key}`}
                        label={stage.name}
                        shown={stage.limit === null ? '' : String(stage.limit)}
                        placeholder={String(props.defaultLimit)}
                        suffix={days}
                        rule={RULES.stageLimitDays}
                        onCommit={(value) => props.onStageLimit(stage.key, value)}
                      />
                      {stage.suggestion && <StageSuggestion stage={stage} suggestion={stage.suggestion} onUse={(limit) => props.onStageLimit(stage.key, limit)} />}
                    </div>
                  ))}
                </div>
              </fieldset>
            ))}
        </section>
      ))}
    </div>
  );
}

/** "suggested: 9 (from 34 deals)" with a button that makes it the stage's limit, or why there is no suggestion. */
function StageSuggestion({ stage, suggestion, onUse }: { stage: StageLimitRow; suggestion: { days: number | null; basedOn: number }; onUse: (days: number) => void }) {
  const lang = useLang();
  const { days, basedOn } = suggestion;
  if (days === null) {
    return (
      <div className="opt-suggest opt-muted" data-testid={`stage-suggestion-${stage.key}`}>
        {tPlural(lang, 'opt.stages.notEnough', basedOn, { min: MIN_DEALS_FOR_STAGE_LIMIT })}
      </div>
    );
  }
  return (
    <div className="opt-suggest" data-testid={`stage-suggestion-${stage.key}`}>
      <span className="opt-muted">{tPlural(lang, 'opt.stages.suggested', basedOn, { days })}</span>
      <button
        type="button"
        className="opt-button opt-button--small"
        aria-label={t(lang, 'opt.stages.useFor', { days, stage: stage.name })}
        disabled={stage.limit === days}
        onClick={() => onUse(days)}
      >
        {t(lang, 'opt.stages.use')}
      </button>
    </div>
  );
}
