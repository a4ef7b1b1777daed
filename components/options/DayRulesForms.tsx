// Working hours and the thresholds every KPI is judged by: forms whose fields are only valid together.
import { t } from '../../lib/i18n';
import type { PaceThresholds, WorkingHours } from '../../lib/settings';
import { useLang } from '../Lang';
import { GroupForm, NumberField } from './fields';
import { checkPace, checkWorkingHours, paceDraft, RULES, workingHoursDraft } from './validation';
import '../../lib/i18n-options';

export function WorkingHoursForm({ hours, onSave }: { hours: WorkingHours; onSave: (hours: WorkingHours) => void }) {
  const lang = useLang();
  return (
    <GroupForm
      testId="working-hours"
      legend={t(lang, 'opt.hours.header')}
      hint={t(lang, 'opt.hours.hint')}
      fields={[
        { name: 'start', label: t(lang, 'opt.hours.start'), kind: 'time' },
        { name: 'end', label: t(lang, 'opt.hours.end'), kind: 'time' },
        { name: 'lunchStart', label: t(lang, 'opt.hours.lunchStart'), kind: 'time' },
        { name: 'lunchEnd', label: t(lang, 'opt.hours.lunchEnd'), kind: 'time' },
      ]}
      shown={workingHoursDraft(hours)}
      check={checkWorkingHours}
      onCommit={onSave}
    />
  );
}

export function ThresholdsForm(props: {
  conversationMinSec: number;
  pace: PaceThresholds;
  onConversationMinSec: (seconds: number) => void;
  onPace: (pace: PaceThresholds) => void;
}) {
  const lang = useLang();
  return (
    <div className="opt-group" data-testid="thresholds">
      <h3>{t(lang, 'opt.thresholds.header')}</h3>
      <NumberField
        testId="conversation-min-sec"
        label={t(lang, 'opt.conversationMinSec')}
        shown={String(props.conversationMinSec)}
        rule={RULES.conversationMinSec}
        onCommit={(value) => {
          if (value !== null) props.onConversationMinSec(value);
        }}
      />
      <GroupForm
        testId="pace"
        legend={t(lang, 'opt.pace.header')}
        hint={t(lang, 'opt.pace.hint')}
        fields={[
          { name: 'amber', label: t(lang, 'opt.pace.amber'), kind: 'number', suffix: '%' },
          { name: 'red', label: t(lang, 'opt.pace.red'), kind: 'number', suffix: '%' },
        ]}
        shown={paceDraft(props.pace)}
        check={checkPace}
        onCommit={props.onPace}
      />
    </div>
  );
}
