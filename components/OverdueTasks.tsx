// Overdue tasks: how many, and the oldest few, each linking to its deal in the CRM.
import { format } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import { t } from '../lib/i18n';
import type { TaskFields } from '../lib/model';
import { useLang } from './Lang';

export interface OverdueTask {
  task: TaskFields;
  /** The deal it belongs to, when we have it. */
  deal: { title: string; url: string } | null;
}

const SHOWN = 3;

export function OverdueTasks({ tasks }: { tasks: readonly OverdueTask[] }) {
  const lang = useLang();
  if (tasks.length === 0) return null;
  const when = (at: number) => format(at, lang === 'ru' ? 'd MMM, HH:mm' : 'MMM d, h:mm a', { locale: lang === 'ru' ? ru : enUS });
  return (
    <section className="section" data-testid="overdue" data-count={tasks.length}>
      <h2>{t(lang, 'overdueTasks', { n: tasks.length })}</h2>
      <ul className="stalled">
        {tasks.slice(0, SHOWN).map(({ task, deal }) => (
          <li key={task.crmId} data-task-id={task.crmId}>
            {deal ? (
              <a className="stalled__title" href={deal.url} target="_blank" rel="noreferrer noopener">
                {deal.title}
              </a>
            ) : null}
            {deal && task.text ? ' · ' : ''}
            {task.text}
            <div className="stalled__why overdue__due">{t(lang, 'popup.overdueDue', { when: when(task.dueAt) })}</div>
          </li>
        ))}
      </ul>
      {tasks.length > SHOWN && <div className="stalled__why">{t(lang, 'report.more', { n: tasks.length - SHOWN })}</div>}
    </section>
  );
}
