// Stages: how many working days a deal may sit in each open stage before it counts as stalled.
import { t } from '../../lib/i18n';
import { EmptyState } from '../EmptyState';
import { useLang } from '../Lang';
import { NumberField } from './fields';
import { RULES } from './validation';

export interface StageLimitRow {
  /** Stage record key (lib/model recordKey), the key of settings.stageLimitDays. */
  key: string;
  name: string;
  /** The stage's own limit; null = the default applies. */
  limit: number | null;
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
      {withStages.length === 0 && <EmptyState title={t(lang, 'opt.nav.stages')} hint={t(lang, 'opt.stages.empty')} />}
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
                    <NumberField
                      key={stage.key}
                      testId={`stage-limit-${stage.key}`}
                      label={stage.name}
                      shown={stage.limit === null ? '' : String(stage.limit)}
                      placeholder={String(props.defaultLimit)}
                      suffix={days}
                      rule={RULES.stageLimitDays}
                      onCommit={(value) => props.onStageLimit(stage.key, value)}
                    />
                  ))}
                </div>
              </fieldset>
            ))}
        </section>
      ))}
    </div>
  );
}
