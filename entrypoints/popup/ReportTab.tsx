// Report: the end-of-day report from CRM data, in the UI language, ready to copy into a messenger.
import { useMemo } from 'react';
import { useLang } from '../../components/Lang';
import { ReportBlock } from '../../components/ReportBlock';
import { t } from '../../lib/i18n';
import { dailyReport } from '../../lib/metrics';
import { calendarOf, managerDayView, type ManagerContext } from './manager-figures';

export function ReportTab({ ctx }: { ctx: ManagerContext }) {
  const lang = useLang();
  const { data, account, ownerId, settings, now } = ctx;
  const minute = now.getTime();
  const text = useMemo(() => {
    const calendar = calendarOf(ctx);
    return dailyReport(lang, {
      managerName: data.managers.find((m) => m.crmId === ownerId)?.name ?? ownerId,
      ownerId,
      now,
      view: managerDayView(ctx, calendar),
      activities: data.activities,
      tasks: data.tasks,
      currency: account.currency,
      conversationMinSec: settings.conversationMinSec,
      calendar,
    });
  }, [lang, data, account, ownerId, settings, minute]);
  return (
    <main data-testid="report-tab">
      <ReportBlock text={text} title={t(lang, 'report')} />
    </main>
  );
}
