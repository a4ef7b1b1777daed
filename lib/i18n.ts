// Our own ru/en texts and formatters: the language is a user setting that can override the browser's.
import { differenceInHours, differenceInMinutes, differenceInSeconds, format, formatDistanceStrict, type Locale } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import type { PaceStatus } from './metrics/pace';
import type { StalledReason } from './metrics/stalled-deals';
import type { OptionsCatalog } from './i18n-options';
import type { KpiId, KpiUnit, Language, RoleId } from './settings';

export type Lang = 'ru' | 'en';

/** Forms picked by Intl.PluralRules: few falls back to many, other (fractions, en plural) to many. */
export interface PluralForms {
  one: string;
  few?: string;
  many: string;
  other?: string;
}

// English is the reference: its keys define MessageKey and PluralKey, and `ru` must match them exactly.
const en = {
  appName: 'Sales Pace',
  'tab.myDay': 'My day',
  'tab.team': 'Team',
  settings: 'Settings',
  refresh: 'Refresh',
  showAll: 'Show all',

  'kpi.calls': 'Calls',
  'kpi.conversations': 'Conversations > {sec} s',
  'kpi.talkTime': 'Talk time',
  'kpi.meetings': 'Meetings',
  'kpi.newDeals': 'New deals',
  'kpi.wonCount': 'Deals won',
  'kpi.wonAmount': 'Won today',
  'kpi.movedForward': 'Deals moved forward',
  'kpi.avgDeal': 'Average deal',
  'kpi.conversion': 'Lead → won conversion',
  'kpi.repeatSales': 'Repeat sales',
  'kpi.retention': 'Client retention',
  'kpi.overdueTasks': 'Overdue tasks',

  callsLeft: { one: '{n} call left', many: '{n} calls left' },
  /** Beside the big number, which is shown on its own. */
  callsLeftUnit: { one: 'call left', many: 'calls left' },
  callsDone: 'Call target reached',
  needPace: 'need {pace} / hour',
  projectedBy: 'by {time} ≈ {n}',
  planDone: 'Done',

  'status.green': 'on pace',
  'status.amber': 'slightly behind',
  'status.red': 'far behind',
  'status.grey': 'no target',

  stalledHeader: 'Stalled ({n})',
  stalledNone: 'No stalled deals',
  stalledDaysInStage: {
    one: '{days} working day in «{stage}» (limit {limit})',
    many: '{days} working days in «{stage}» (limit {limit})',
  },
  stalledPill: '{days} d',
  noNextTask: 'no next task',
  taskOverdue: 'task overdue',
  noAmount: 'no amount',
  overdueTasks: 'Overdue tasks ({n})',

  readAgo: 'read {ago}',
  agoJustNow: 'just now',
  agoMinutes: '{n} min ago',
  agoHours: '{n} h ago',
  neverRead: 'not read yet',
  basedOnDeals: { one: 'based on {n} deal', many: 'based on {n} deals' },
  basedOnActivities: { one: '{n} call or meeting', many: '{n} calls and meetings' },

  'empty.deals': "Open your CRM's deal board once so we can read your deals.",
  'empty.activities': 'No calls or meetings read today yet.',
  notCrmPage: 'Not a CRM page',
  notCrmPageHint: 'Open your amoCRM, Bitrix24, Pipedrive or HubSpot in this tab.',
  problemsHeader: 'Could not read everything',

  'role.cold_caller': 'Cold caller',
  'role.account_manager': 'Account manager',
  'role.closer': 'Closer',
  yourRole: 'Your role',
  chooseRole: 'Choose your role to get daily targets',
  dayOff: 'Day off: no targets today',

  'team.managers': { one: '{n} manager', many: '{n} managers' },
  'team.today': 'today {time}',
  'team.manager': 'Manager',
  'team.talks': 'Talks',
  'team.won': 'Won',
  'team.stalled': 'Stalled',
  silentSince: 'silent since {time}',

  report: 'Report',
  copied: 'Copied',
  today: 'Today',
  week: 'Week',
  month: 'Month',

  'site.enable': 'Enable on this site',
  'site.why': 'Allow Sales Pace to read the deals, tasks and calls this CRM already shows you. Nothing leaves your computer.',
  'site.enabled': 'Enabled: reading this CRM now.',
  'site.declined': 'Permission was not given. Click again when you are ready.',
  'site.error': 'Could not enable this site. Reload the CRM page and try again.',
  'field.manager.crmId': 'User id in the CRM',
  'field.manager.name': 'Name as the CRM shows it',
  'field.manager.title': 'Position or group, if the CRM shows it',
  'field.manager.active': 'Whether the CRM user is active',
  'field.deal.crmId': 'Deal id in the CRM',
  'field.deal.title': 'Deal name',
  'field.deal.amount': 'Amount (empty when the CRM shows none)',
  'field.deal.currency': 'Currency code',
  'field.deal.pipelineId': 'Pipeline',
  'field.deal.stageId': 'Stage',
  'field.deal.status': 'Open, won or lost',
  'field.deal.ownerId': 'Responsible manager',
  'field.deal.createdAt': 'When it was created',
  'field.deal.stageEnteredAt': 'When it entered its current stage',
  'field.deal.updatedAt': 'When it last changed',
  'field.deal.closedAt': 'When it was won or lost',
  'field.deal.lossReason': 'Why it was lost',
  'field.deal.client': 'Client company or contact name',
  'field.deal.nextTaskAt': 'When the next task is due',
  'field.deal.url': 'Link that opens the deal in the CRM',
  'field.task.crmId': 'Task id in the CRM',
  'field.task.type': 'Call, meeting, e-mail or other',
  'field.task.text': 'Task text',
  'field.task.dueAt': 'When it is due',
  'field.task.done': 'Whether it is done',
  'field.task.doneAt': 'When it was done',
  'field.task.ownerId': 'Responsible manager',
  'field.task.dealId': 'Deal it belongs to',
  'field.activity.crmId': 'Call or meeting id in the CRM',
  'field.activity.type': 'Call or meeting',
  'field.activity.at': 'When it happened',
  'field.activity.ownerId': 'Manager who made it',
  'field.activity.dealId': 'Deal it belongs to',
  'field.activity.durationSec': 'Duration in seconds',
  'field.activity.direction': 'Incoming or outgoing',
  'field.activity.outcome': 'Result as the CRM words it',
  'overlay.collapse': 'Collapse or expand',
  'overlay.hide': 'Hide on this site (switch it back on in the popup)',
  'overlay.team': 'Team: {behind} behind plan · {stalled} stalled',
  'stalled.noActivity': { one: 'no activity for {days} working day', many: 'no activity for {days} working days' },
  'report.title': 'Report for {date} — {manager}',
  'report.stalled': { one: '{n} stalled deal:', many: '{n} stalled deals:' },
  'report.tasks': { one: '{n} task for {day}:', many: '{n} tasks for {day}:' },
  'report.noTasks': 'No tasks for {day}',
  'report.tomorrow': 'tomorrow',
  'report.more': '…and {n} more',
  activityDrop: 'actions today: {n}, usually {norm} by now',
  tooLittleData: 'too little data yet',
  'lost.noReason': 'no reason given',
  // Popup: Week, Month, Team and Report tabs.
  'popup.tabs': 'Views',
  'popup.backToTeam': '← Team',
  'popup.basedOnCrms': { one: '{n} CRM', many: '{n} CRMs' },
  'popup.tooLittle': 'Too little data yet ({what}): treat these figures as rough.',
  'popup.historyDays': { one: 'calls read for {n} working day', many: 'calls read for {n} working days' },
  'popup.fewDeals': { one: 'only {n} deal', many: 'only {n} deals' },
  'popup.activityDrop': 'Activity drop',
  'popup.dropShort': 'activity drop',
  'popup.silentSince': 'no calls since {time}',
  'popup.overdueDue': 'due {when}',
  'popup.teamSummary': 'behind: {behind} · not calling: {silent} · stalled: {stalled}',
  'popup.sort': 'Sort',
  'popup.sortStatus': 'status',
  'popup.sortFlags': 'warnings',
  'popup.noTeam': "Only your own deals are stored. Team appears once the CRM shows you other managers' deals (open the board as a head of sales).",
  'popup.workingDays': { one: '{n} working day', many: '{n} working days' },
  'popup.daysLeft': { one: '{n} left', many: '{n} left' },
  'popup.dueByNow': 'due by now {n}',
  'popup.noTargets': 'No targets for this period: choose a role in My day to get them.',
  'popup.wonPeriod': 'Won',
  'popup.chart': 'Chart',
  'popup.chartTitle': '{kpi} by day',
  'popup.chartDesc': 'Bars: what was done each day. Line: the plan of the day.',
  'popup.chartDay': 'Day',
  'popup.chartFact': 'Fact',
  'popup.chartPlan': 'Plan',
  'popup.dayOffShort': 'day off',
  'popup.copy': 'Copy',
  'popup.copyBlocked': 'The browser did not allow copying: the text is selected, press Ctrl+C.',
  'popup.reportHint': 'Made from the CRM: paste it into your messenger.',
  'popup.loading': 'Reading the team…',
  'storage.failed': 'Could not save what was read ({error}). Everything saved before is kept; free some disk space and reload the CRM page.',
  'storage.unavailable': 'The browser does not let the extension use its local database ({error}). Nothing was lost; restart the browser, or check that site data is not blocked for extensions.',
  'overlay.show': 'Show the progress widget on {host} again',
  'notice.planShare': '{percent} % of today\'s plan',
  'notice.planDone': 'Today\'s plan is done',
  'notice.dropBody': { one: 'only {n} action in the CRM today; usually {norm} by this time', many: 'only {n} actions in the CRM today; usually {norm} by this time' },
  // Popup: snoozing stalled deals in My day; lost deals and the funnel in Week and Month; the team's losses in Team.
  'popup.snooze': 'Snooze',
  'popup.snoozeFor': 'Snooze «{deal}»',
  'popup.snoozeTomorrow': 'Until tomorrow',
  'popup.snoozeWorkingDays': { one: 'For {n} working day, until {date}', many: 'For {n} working days, until {date}' },
  'popup.snoozeMonday': 'Until Monday, {date}',
  'popup.snoozeDate': 'Until',
  'popup.snoozeOk': 'Snooze',
  'popup.snoozed': '{n} snoozed',
  'popup.snoozedShow': 'show',
  'popup.snoozedHide': 'hide',
  'popup.snoozedUntil': 'snoozed until {date}',
  'popup.unsnooze': 'Un-snooze',
  'popup.unsnoozeFor': 'Un-snooze «{deal}»',
  'popup.snoozeDone': '«{deal}» is snoozed until {date}',
  'popup.unsnoozeDone': '«{deal}» is back in the list',
  'popup.lostWeek': 'Lost this week: {n}',
  'popup.lostMonth': 'Lost this month: {n}',
  'popup.lostNone': 'No deals lost in this period.',
  'popup.lostReasons': 'Why they were lost',
  'popup.retryTitle': 'Worth another try',
  'popup.retryCount': '{n} worth another try',
  'popup.retryHint': { one: 'Lost in the last {n} day for a reason clients often come back from.', many: 'Lost in the last {n} days for a reason clients often come back from.' },
  'popup.retryNone': 'Nothing to bring back: no deal was lost lately for a reason such as «too expensive» or «no budget». Which reasons count is set in Settings.',
  'popup.lostOn': 'lost {date}',
  'popup.funnelSummary': 'Funnel: {won} of {leads} new deals won ({rate})',
  'popup.funnelNone': 'Funnel: no new deals in this period',
  'popup.funnelEmpty': "No deals were created in this period yet. The funnel follows the period's new deals; it fills in as your CRM pipeline is read.",
  'popup.funnelPipeline': 'Pipeline',
  'popup.funnelStage': 'Stage',
  'popup.funnelReached': 'Deals',
  'popup.funnelToNext': 'To next',
  'popup.leadToWon': 'New deal → won',
  'popup.leadToWonValue': '{rate}: {won} of {leads}, {lost} lost',
  'popup.averageDeal': 'Average deal',
  'popup.averageDealValue': { one: '{amount} ({n} won deal)', many: '{amount} ({n} won deals)' },
  'popup.withoutAmount': '{n} without an amount',
  'popup.noWon': 'no deals won in this period yet',
  'popup.repeatBuyers': 'Repeat buyers',
  'popup.repeatValue': '{clients} of {buyers} buyers ({rate}), {amount}',
  'popup.noBuyers': 'no won deals with a client name yet',
  'popup.retention': 'Bought again',
  'popup.retentionValue': '{returned} of {previous} clients of the previous period ({rate})',
  'popup.noPrevious': 'nobody bought in the previous period',
  'popup.funnelNote': 'Lost deals count at the first stage only: the CRM does not show where they dropped out.',
  'popup.percent': '{n}%',
  'kpi.limitOf': '{fact} · at most {plan}',
} satisfies Record<string, string | PluralForms>;

/** Every text's key: ours here, and the settings page's (lib/i18n-options.ts, known here by type only). */
type Catalog = typeof en & OptionsCatalog;
type TextsOf<C> = { [K in keyof C]: C[K] extends string ? string : PluralForms };
type Messages = TextsOf<Catalog>;

/** Keys of plain texts, for {@link t}. */
export type MessageKey = { [K in keyof Catalog]: Catalog[K] extends string ? K : never }[keyof Catalog];
/** Keys of texts that depend on a count, for {@link tPlural}. */
export type PluralKey = Exclude<keyof Catalog, MessageKey>;

const ruMessages: TextsOf<typeof en> = {
  appName: 'Темп продаж',
  'tab.myDay': 'Мой день',
  'tab.team': 'Команда',
  settings: 'Настройки',
  refresh: 'Обновить',
  showAll: 'Показать все',

  'kpi.calls': 'Звонки',
  'kpi.conversations': 'Разговоры > {sec} с',
  'kpi.talkTime': 'Время разговоров',
  'kpi.meetings': 'Встречи',
  'kpi.newDeals': 'Новые сделки',
  'kpi.wonCount': 'Выиграно сделок',
  'kpi.wonAmount': 'Выиграно сегодня',
  'kpi.movedForward': 'Сделки продвинуты',
  'kpi.avgDeal': 'Средний чек',
  'kpi.conversion': 'Конверсия лид → сделка',
  'kpi.repeatSales': 'Повторные продажи',
  'kpi.retention': 'Удержание клиентов',
  'kpi.overdueTasks': 'Просроченные задачи',

  // The verb agrees with the number: остался 1 / 21 звонок, осталось 2 звонка, осталось 5 звонков.
  callsLeft: { one: 'остался {n} звонок', few: 'осталось {n} звонка', many: 'осталось {n} звонков', other: 'осталось {n} звонка' },
  callsLeftUnit: { one: 'звонок до плана', few: 'звонка до плана', many: 'звонков до плана', other: 'звонка до плана' },
  callsDone: 'План по звонкам выполнен',
  needPace: 'нужно {pace} в час',
  projectedBy: 'к {time} ≈ {n}',
  planDone: 'Выполнено',

  'status.green': 'в темпе',
  'status.amber': 'немного отстаёт',
  'status.red': 'сильно отстаёт',
  'status.grey': 'нет цели',

  stalledHeader: 'Зависшие ({n})',
  stalledNone: 'Зависших сделок нет',
  stalledDaysInStage: {
    one: '{days} рабочий день на этапе «{stage}» (лимит {limit})',
    few: '{days} рабочих дня на этапе «{stage}» (лимит {limit})',
    many: '{days} рабочих дней на этапе «{stage}» (лимит {limit})',
    other: '{days} рабочего дня на этапе «{stage}» (лимит {limit})',
  },
  stalledPill: '{days} д',
  noNextTask: 'нет следующей задачи',
  taskOverdue: 'задача просрочена',
  noAmount: 'без суммы',
  overdueTasks: 'Просроченные задачи ({n})',

  readAgo: 'прочитано {ago}',
  agoJustNow: 'только что',
  agoMinutes: '{n} мин назад',
  agoHours: '{n} ч назад',
  neverRead: 'ещё не прочитано',
  // Genitive throughout, so that "по данным 212 сделок, 40 звонков и встреч" reads as one phrase.
  basedOnDeals: { one: 'по данным {n} сделки', many: 'по данным {n} сделок', other: 'по данным {n} сделки' },
  basedOnActivities: { one: '{n} звонка или встречи', many: '{n} звонков и встреч', other: '{n} звонка или встречи' },

  'empty.deals': 'Откройте доску сделок в CRM, чтобы мы прочитали ваши сделки.',
  'empty.activities': 'Сегодня звонков и встреч пока не прочитано.',
  notCrmPage: 'Это не страница CRM',
  notCrmPageHint: 'Откройте в этой вкладке amoCRM, Битрикс24, Pipedrive или HubSpot.',
  problemsHeader: 'Прочитано не всё',

  'role.cold_caller': 'Оператор холодных звонков',
  'role.account_manager': 'Аккаунт-менеджер',
  'role.closer': 'Менеджер по закрытию сделок',
  yourRole: 'Ваша роль',
  chooseRole: 'Выберите роль, чтобы получить цели на день',
  dayOff: 'Выходной: целей на сегодня нет',

  'team.managers': { one: '{n} менеджер', few: '{n} менеджера', many: '{n} менеджеров', other: '{n} менеджера' },
  'team.today': 'сегодня {time}',
  'team.manager': 'Менеджер',
  'team.talks': 'Разг.',
  'team.won': 'Выигр.',
  'team.stalled': 'Завис.',
  silentSince: 'нет активности с {time}',

  report: 'Отчёт',
  copied: 'Скопировано',
  today: 'Сегодня',
  week: 'Неделя',
  month: 'Месяц',
  'site.enable': 'Включить на этом сайте',
  'site.why': 'Разрешите «Темпу продаж» читать сделки, задачи и звонки, которые эта CRM уже показывает вам. Ничего не покидает ваш компьютер.',
  'site.enabled': 'Включено: читаем эту CRM.',
  'site.declined': 'Разрешение не дано. Нажмите ещё раз, когда будете готовы.',
  'site.error': 'Не удалось включить сайт. Перезагрузите страницу CRM и попробуйте снова.',
  'field.manager.crmId': 'Id пользователя в CRM',
  'field.manager.name': 'Имя, как его показывает CRM',
  'field.manager.title': 'Должность или группа, если CRM её показывает',
  'field.manager.active': 'Активен ли пользователь в CRM',
  'field.deal.crmId': 'Id сделки в CRM',
  'field.deal.title': 'Название сделки',
  'field.deal.amount': 'Сумма (пусто, если CRM её не показывает)',
  'field.deal.currency': 'Код валюты',
  'field.deal.pipelineId': 'Воронка',
  'field.deal.stageId': 'Этап',
  'field.deal.status': 'Открыта, выиграна или проиграна',
  'field.deal.ownerId': 'Ответственный менеджер',
  'field.deal.createdAt': 'Когда создана',
  'field.deal.stageEnteredAt': 'Когда попала на текущий этап',
  'field.deal.updatedAt': 'Когда менялась в последний раз',
  'field.deal.closedAt': 'Когда выиграна или проиграна',
  'field.deal.lossReason': 'Причина проигрыша',
  'field.deal.client': 'Компания или контакт клиента',
  'field.deal.nextTaskAt': 'Срок следующей задачи',
  'field.deal.url': 'Ссылка на сделку в CRM',
  'field.task.crmId': 'Id задачи в CRM',
  'field.task.type': 'Звонок, встреча, письмо или другое',
  'field.task.text': 'Текст задачи',
  'field.task.dueAt': 'Срок',
  'field.task.done': 'Выполнена ли',
  'field.task.doneAt': 'Когда выполнена',
  'field.task.ownerId': 'Ответственный менеджер',
  'field.task.dealId': 'Сделка, к которой относится',
  'field.activity.crmId': 'Id звонка или встречи в CRM',
  'field.activity.type': 'Звонок или встреча',
  'field.activity.at': 'Когда состоялся',
  'field.activity.ownerId': 'Менеджер',
  'field.activity.dealId': 'Сделка, к которой относится',
  'field.activity.durationSec': 'Длительность в секундах',
  'field.activity.direction': 'Входящий или исходящий',
  'field.activity.outcome': 'Результат, как его называет CRM',
  'overlay.collapse': 'Свернуть или развернуть',
  'overlay.hide': 'Скрыть на этом сайте (включить снова можно в окне расширения)',
  'overlay.team': 'Команда: отстают {behind} · зависших {stalled}',
  'stalled.noActivity': {
    one: 'нет активности {days} рабочий день',
    few: 'нет активности {days} рабочих дня',
    many: 'нет активности {days} рабочих дней',
    other: 'нет активности {days} рабочего дня',
  },
  'report.title': 'Отчёт за {date} — {manager}',
  'report.stalled': { one: '{n} зависшая сделка:', few: '{n} зависшие сделки:', many: '{n} зависших сделок:', other: '{n} зависшей сделки:' },
  'report.tasks': { one: '{n} задача на {day}:', few: '{n} задачи на {day}:', many: '{n} задач на {day}:', other: '{n} задачи на {day}:' },
  'report.noTasks': 'Задач на {day} нет',
  'report.tomorrow': 'завтра',
  'report.more': '…и ещё {n}',
  activityDrop: 'действий сегодня: {n}, обычно к этому времени {norm}',
  tooLittleData: 'пока мало данных',
  'lost.noReason': 'причина не указана',
  'popup.tabs': 'Разделы',
  'popup.backToTeam': '← Команда',
  'popup.basedOnCrms': { one: '{n} CRM', many: '{n} CRM' },
  'popup.tooLittle': 'Пока мало данных ({what}): цифры приблизительные.',
  'popup.historyDays': { one: 'звонки прочитаны за {n} рабочий день', few: 'звонки прочитаны за {n} рабочих дня', many: 'звонки прочитаны за {n} рабочих дней' },
  'popup.fewDeals': { one: 'всего {n} сделка', few: 'всего {n} сделки', many: 'всего {n} сделок' },
  'popup.activityDrop': 'Спад активности',
  'popup.dropShort': 'спад активности',
  'popup.silentSince': 'не звонит с {time}',
  'popup.overdueDue': 'срок {when}',
  'popup.teamSummary': 'отстают: {behind} · не звонят: {silent} · зависших: {stalled}',
  'popup.sort': 'Порядок',
  'popup.sortStatus': 'статус',
  'popup.sortFlags': 'сигналы',
  'popup.noTeam': 'Сохранены только ваши сделки. Команда появится, когда CRM покажет вам сделки других менеджеров (откройте доску как руководитель отдела).',
  'popup.workingDays': { one: '{n} рабочий день', few: '{n} рабочих дня', many: '{n} рабочих дней' },
  'popup.daysLeft': { one: 'остался {n}', few: 'осталось {n}', many: 'осталось {n}' },
  'popup.dueByNow': 'к этому часу {n}',
  'popup.noTargets': 'Целей на этот период нет: выберите роль в «Моём дне».',
  'popup.wonPeriod': 'Выиграно',
  'popup.chart': 'График',
  'popup.chartTitle': '{kpi} по дням',
  'popup.chartDesc': 'Столбцы — сделано за день. Линия — план дня.',
  'popup.chartDay': 'День',
  'popup.chartFact': 'Факт',
  'popup.chartPlan': 'План',
  'popup.dayOffShort': 'выходной',
  'popup.copy': 'Копировать',
  'popup.copyBlocked': 'Браузер не разрешил копирование: текст выделен, нажмите Ctrl+C.',
  'popup.reportHint': 'Собран из CRM: вставьте его в мессенджер.',
  'popup.loading': 'Читаем данные команды…',
  'storage.failed': 'Не удалось сохранить прочитанное ({error}). Всё сохранённое раньше на месте; освободите место на диске и перезагрузите страницу CRM.',
  'storage.unavailable': 'Браузер не даёт расширению пользоваться локальной базой ({error}). Ничего не потеряно; перезапустите браузер или проверьте, не запрещены ли данные сайтов для расширений.',
  'overlay.show': 'Снова показывать виджет прогресса на {host}',
  'notice.planShare': '{percent} % плана на сегодня',
  'notice.planDone': 'План на сегодня выполнен',
  'notice.dropBody': {
    one: 'сегодня в CRM только {n} действие, обычно к этому времени {norm}',
    few: 'сегодня в CRM только {n} действия, обычно к этому времени {norm}',
    many: 'сегодня в CRM только {n} действий, обычно к этому времени {norm}',
    other: 'сегодня в CRM только {n} действия, обычно к этому времени {norm}',
  },
  // Попап: отложить зависшие сделки в «Моём дне»; проигранные сделки и воронка в «Неделе» и «Месяце»; отказы команды в «Команде».
  'popup.snooze': 'Отложить',
  'popup.snoozeFor': 'Отложить «{deal}»',
  'popup.snoozeTomorrow': 'До завтра',
  'popup.snoozeWorkingDays': { one: 'На {n} рабочий день, до {date}', few: 'На {n} рабочих дня, до {date}', many: 'На {n} рабочих дней, до {date}' },
  'popup.snoozeMonday': 'До понедельника, {date}',
  'popup.snoozeDate': 'До',
  'popup.snoozeOk': 'Отложить',
  'popup.snoozed': 'отложено: {n}',
  'popup.snoozedShow': 'показать',
  'popup.snoozedHide': 'скрыть',
  'popup.snoozedUntil': 'отложена до {date}',
  'popup.unsnooze': 'Вернуть',
  'popup.unsnoozeFor': 'Вернуть «{deal}» в список',
  'popup.snoozeDone': '«{deal}» отложена до {date}',
  'popup.unsnoozeDone': '«{deal}» снова в списке',
  'popup.lostWeek': 'Проиграно за неделю: {n}',
  'popup.lostMonth': 'Проиграно за месяц: {n}',
  'popup.lostNone': 'В этом периоде проигранных сделок нет.',
  'popup.lostReasons': 'Причины отказа',
  'popup.retryTitle': 'Можно вернуть',
  'popup.retryCount': 'можно вернуть: {n}',
  'popup.retryHint': {
    one: 'Проиграны за последний {n} день по причине, после которой клиенты часто возвращаются.',
    few: 'Проиграны за последние {n} дня по причине, после которой клиенты часто возвращаются.',
    many: 'Проиграны за последние {n} дней по причине, после которой клиенты часто возвращаются.',
  },
  'popup.retryNone': 'Возвращать некого: в последнее время не было отказов по причинам вроде «дорого» или «нет бюджета». Какие причины считаются, задаётся в настройках.',
  'popup.lostOn': 'проиграна {date}',
  'popup.funnelSummary': 'Воронка: выиграно {won} из {leads} новых ({rate})',
  'popup.funnelNone': 'Воронка: новых сделок в периоде нет',
  'popup.funnelEmpty': 'В этом периоде ещё не создано ни одной сделки. Воронка следит за новыми сделками периода и заполнится, когда воронка в CRM будет прочитана.',
  'popup.funnelPipeline': 'Воронка',
  'popup.funnelStage': 'Этап',
  'popup.funnelReached': 'Сделок',
  'popup.funnelToNext': 'В следующий',
  'popup.leadToWon': 'Лид → продажа',
  'popup.leadToWonValue': '{rate}: {won} из {leads}, проиграно {lost}',
  'popup.averageDeal': 'Средний чек',
  'popup.averageDealValue': { one: '{amount} ({n} сделка)', few: '{amount} ({n} сделки)', many: '{amount} ({n} сделок)' },
  'popup.withoutAmount': 'без суммы: {n}',
  'popup.noWon': 'в этом периоде продаж пока нет',
  'popup.repeatBuyers': 'Повторные покупатели',
  'popup.repeatValue': '{clients} из {buyers} ({rate}), {amount}',
  'popup.noBuyers': 'пока нет продаж с названием клиента',
  'popup.retention': 'Купили снова',
  'popup.retentionValue': '{returned} из {previous} клиентов прошлого периода ({rate})',
  'popup.noPrevious': 'в прошлом периоде покупок не было',
  'popup.funnelNote': 'Проигранные сделки учтены только на первом этапе: CRM не показывает, где они выпали.',
  'popup.percent': '{n} %',
  'kpi.limitOf': '{fact} · не больше {plan}',
};

/**
 * The texts loaded so far, per language. The settings page's texts join when lib/i18n-options.ts is
 * imported (only the settings page does), so the popup and the background do not carry them.
 */
export const MESSAGES: { readonly en: Partial<Messages>; readonly ru: Partial<Messages> } = { en: { ...en }, ru: { ...ruMessages } };

/** Adds a part of the catalogue (see lib/i18n-options.ts). */
export function addMessages(extra: { en: Partial<Messages>; ru: Partial<Messages> }): void {
  Object.assign(MESSAGES.en, extra.en);
  Object.assign(MESSAGES.ru, extra.ru);
}

/** A text by key; a key whose part of the catalogue was never loaded is a bug, shown as the key itself. */
function text<K extends keyof Messages>(lang: Lang, key: K): Messages[K] | undefined {
  const found = MESSAGES[lang][key];
  if (found === undefined) console.error(`[sales-pace] no ${lang} text for "${String(key)}": is lib/i18n-options.ts imported?`);
  return found;
}

const INTL_LOCALE: Record<Lang, string> = { ru: 'ru-RU', en: 'en-US' };
const DATE_LOCALE: Record<Lang, Locale> = { ru, en: enUS };

/** The UI language: the setting wins; "auto" follows the browser (navigator.language, e.g. "ru-RU"), English otherwise. */
export function resolveLang(setting: Language, browserLang: string): Lang {
  if (setting !== 'auto') return setting;
  return /^ru\b/i.test(browserLang.trim()) ? 'ru' : 'en';
}

/** A text with "{name}" placeholders filled; numbers get the language's separators. A missing param stays visible as "{name}". */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return fill(text(lang, key) ?? key, lang, params);
}

/** A counted text; `n` is also available to the text as "{n}". */
export function tPlural(lang: Lang, key: PluralKey, n: number, params?: Record<string, string | number>): string {
  return fill(plural(lang, n, text(lang, key) ?? { one: key, many: key }), lang, { n, ...params });
}

/** 1 звонок, 2 звонка, 5 звонков, 21 звонок (Intl.PluralRules). */
export function plural(lang: Lang, n: number, forms: PluralForms): string {
  switch (new Intl.PluralRules(INTL_LOCALE[lang]).select(n)) {
    case 'one':
      return forms.one;
    case 'few':
      return forms.few ?? forms.many;
    case 'many':
      return forms.many;
    default:
      return forms.other ?? forms.many;
  }
}

/** "осталось 34 звонка" / "34 calls left"; at or below zero the target is reached. */
export function callsLeftText(lang: Lang, n: number): string {
  return n <= 0 ? t(lang, 'callsDone') : tPlural(lang, 'callsLeft', n);
}

export function kpiName(lang: Lang, kpi: KpiId, conversationMinSec: number): string {
  return t(lang, `kpi.${kpi}`, { sec: conversationMinSec });
}

export function roleName(lang: Lang, role: RoleId): string {
  return t(lang, `role.${role}`);
}

export function paceStatusText(lang: Lang, status: PaceStatus): string {
  return t(lang, `status.${status}`);
}

export function stalledReasonText(lang: Lang, reason: StalledReason): string {
  switch (reason.kind) {
    case 'days-in-stage':
      return tPlural(lang, 'stalledDaysInStage', reason.days, { days: reason.days, stage: reason.stageName, limit: reason.limit });
    case 'no-next-task':
      return t(lang, 'noNextTask');
    case 'task-overdue':
      return t(lang, 'taskOverdue');
  }
}

/** Grouped, with the language's decimal separator: "1 250,5" / "1,250.5". */
export function formatNumber(value: number, lang: Lang, maximumFractionDigits = 0): string {
  if (!Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(INTL_LOCALE[lang], { maximumFractionDigits }).format(value);
}

/** "1 250 000 ₽" / "₽1,250,000"; kopecks/cents only when there are any. An unknown currency code is shown as text. */
export function formatMoney(value: number, currency: string, lang: Lang): string {
  if (!Number.isFinite(value)) return '—';
  const digits = Number.isInteger(value) ? 0 : 2;
  try {
    return new Intl.NumberFormat(INTL_LOCALE[lang], {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    // Intl throws RangeError for codes it does not know; the figure still matters more than the symbol.
    const amount = new Intl.NumberFormat(INTL_LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
    return currency.trim() === '' ? amount : `${amount} ${currency.trim()}`;
  }
}

/** Short money for tight cells: "120 тыс. ₽" / "₽120K". */
export function formatCompactMoney(value: number, currency: string, lang: Lang): string {
  if (!Number.isFinite(value)) return '—';
  try {
    return new Intl.NumberFormat(INTL_LOCALE[lang], {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    }).format(value);
  } catch {
    const amount = new Intl.NumberFormat(INTL_LOCALE[lang], { notation: 'compact', maximumFractionDigits: 1 }).format(value);
    return currency.trim() === '' ? amount : `${amount} ${currency.trim()}`;
  }
}

/** "1 ч 05 мин" / "1 h 05 min"; under an hour "12 мин"; under a minute "45 с". Whole units, rounded down. */
export function formatDuration(seconds: number, lang: Lang): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const u = lang === 'ru' ? { h: 'ч', min: 'мин', s: 'с' } : { h: 'h', min: 'min', s: 's' };
  if (total < 60) return `${total} ${u.s}`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (hours === 0) return `${minutes} ${u.min}`;
  return `${hours} ${u.h} ${String(minutes).padStart(2, '0')} ${u.min}`;
}

/** "чт, 12 мар." / "Thu, Mar 12". */
export function formatDay(date: Date, lang: Lang): string {
  return format(date, lang === 'ru' ? 'EEEEEE, d MMM' : 'EEE, MMM d', { locale: DATE_LOCALE[lang] });
}

/** Clock time in the language's habit: "18:00" / "6:00 PM". */
export function formatTime(date: Date, lang: Lang): string {
  return format(date, 'p', { locale: DATE_LOCALE[lang] });
}

/**
 * How long ago `from` was: "только что", "3 мин назад", "2 ч назад", then date-fns words ("2 дня назад").
 * Short units under a day because the popup header has room for a few characters only.
 * A `from` in the future (clock skew between machines) reads as "just now".
 */
export function formatRelative(from: Date, now: Date, lang: Lang): string {
  if (differenceInSeconds(now, from) < 60) return t(lang, 'agoJustNow');
  const minutes = differenceInMinutes(now, from);
  if (minutes < 60) return t(lang, 'agoMinutes', { n: minutes });
  const hours = differenceInHours(now, from);
  if (hours < 24) return t(lang, 'agoHours', { n: hours });
  return formatDistanceStrict(from, now, { addSuffix: true, roundingMethod: 'floor', locale: DATE_LOCALE[lang] });
}

/** A KPI value in its unit: count, duration, money or percent ("42 %", whole percents). */
export function formatKpiValue(value: number, unit: KpiUnit, lang: Lang, currency: string): string {
  switch (unit) {
    case 'count':
      return formatNumber(value, lang, 0);
    case 'seconds':
      return formatDuration(value, lang);
    case 'money':
      return formatMoney(value, currency, lang);
    case 'percent':
      return `${formatNumber(value, lang, 0)}\u00a0%`;
  }
}

function fill(text: string, lang: Lang, params: Record<string, string | number> | undefined): string {
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    if (!Object.hasOwn(params, name)) return placeholder;
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? formatNumber(value, lang, 2) : value;
  });
}
