// Our own ru/en texts and formatters: the language is a user setting that can override the browser's.
import { differenceInHours, differenceInMinutes, differenceInSeconds, format, formatDistanceStrict, type Locale } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import type { PaceStatus } from './metrics/pace';
import type { StalledReason } from './metrics/stalled-deals';
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
  // Options page (entrypoints/options, components/options).
  'opt.nav.team': 'Team and targets',
  'opt.nav.stages': 'Stages',
  'opt.nav.sites': 'Sites',
  'opt.nav.data': 'Data',
  'opt.nav.language': 'Language',
  'opt.saved': 'Saved',
  'opt.saveFailed': 'Could not save: {error}',
  'opt.cancel': 'Cancel',
  'opt.team.empty': "No managers yet. Open your CRM's deal board once so we can read the team.",
  'opt.team.hint': "Daily targets come from the role. Leave a field empty to use the role's figure; 0 switches that KPI off for the manager.",
  'opt.team.you': 'you',
  'opt.team.role': 'Role',
  'opt.team.roleSuggested': 'Suggested: {role}',
  'opt.team.roleNone': 'Not chosen: no targets',
  'opt.team.reset': 'Reset to preset',
  'opt.team.off': 'off',
  'opt.unit.min': 'min',
  'opt.hours.header': 'Working hours',
  'opt.hours.start': 'Day starts',
  'opt.hours.end': 'Day ends',
  'opt.hours.lunchStart': 'Lunch from',
  'opt.hours.lunchEnd': 'Lunch until',
  'opt.hours.hint': 'Leave both lunch times empty for a day without a lunch break.',
  'opt.thresholds.header': 'Thresholds',
  'opt.conversationMinSec': 'A call is a conversation after, seconds',
  'opt.pace.amber': 'Amber below, % of the pace',
  'opt.pace.red': 'Red below, % of the pace',
  'opt.pace.hint': 'Green while a manager has done at least the amber share of what was due by now.',
  'opt.stages.hint': 'A deal is stalled when it stays in a stage longer than the limit, in working days. An empty field uses the default.',
  'opt.stages.default': 'Default limit, working days',
  'opt.stages.days': 'working days',
  'opt.stages.empty': "No pipelines yet. Open your CRM's deal board once so we can read its stages.",
  'opt.sites.hint': 'Sites where Sales Pace may read your CRM pages.',
  'opt.sites.empty': 'No sites enabled yet. Open your CRM in a tab, click the Sales Pace icon and allow it to read that site.',
  'opt.sites.site': 'Site',
  'opt.sites.crm': 'CRM',
  'opt.sites.permission': 'Permission',
  'opt.sites.granted': 'Allowed',
  'opt.sites.notGranted': 'Removed in the browser',
  'opt.sites.revoke': 'Revoke',
  'opt.sites.failed': 'Could not revoke {site}: {error}',
  'opt.selfHosted.title': 'Bitrix24 on your own server',
  'opt.selfHosted.hint': 'A self-hosted Bitrix24 has your company\'s own address, so Sales Pace cannot tell it is Bitrix24. Enter the portal\'s address; the browser asks you to allow reading that one site.',
  'opt.selfHosted.address': 'Portal address',
  'opt.selfHosted.add': 'Enable',
  'opt.selfHosted.added': 'Enabled: {origin}. Open tabs of it are read now; the others when you open them.',
  'opt.selfHosted.declined': 'The browser did not allow reading {origin}; nothing was changed.',
  'opt.selfHosted.failed': 'Could not enable the portal: {error}',
  'opt.selfHosted.err.empty': 'Enter the portal\'s address',
  'opt.selfHosted.err.invalid': 'Not a site address: enter it as https://crm.example.ru',
  'opt.selfHosted.err.https': 'Only https addresses: the portal is read with your session, which must not travel unencrypted',
  'opt.selfHosted.err.known': 'This is a cloud CRM that Sales Pace recognises by itself: open it in a tab and click the Sales Pace icon',
  'opt.widgets.title': 'Progress widget switched off on',
  'opt.widgets.show': 'Show again',
  'opt.crm.demo': 'Demo CRM',
  'opt.crm.generic': 'Other CRM',
  'opt.data.tracked': 'What is tracked',
  'opt.data.trackedHint': 'Only what your CRM page shows you. It stays in this browser and is sent nowhere.',
  'opt.data.empty': 'Nothing is stored yet.',
  'opt.data.lastRead': 'Last read: {time}',
  'opt.data.kind.managers': 'Managers',
  'opt.data.kind.deals': 'Deals',
  'opt.data.kind.tasks': 'Tasks',
  'opt.data.kind.activities': 'Calls and meetings',
  'opt.data.records': { one: '{n} record', many: '{n} records' },
  'opt.data.pipelines': 'Pipelines: {pipelines}, stages: {stages} (names and order)',
  'opt.data.everyRecord': 'Every record also keeps the CRM account (site address), its id in the CRM and when we read it.',
  'opt.data.export': 'Export',
  'opt.data.exportJson': 'Export all as JSON',
  'opt.data.exportJsonHint': 'Everything, settings included: a backup you can import here again.',
  'opt.data.exportDeals': 'Export deals CSV',
  'opt.data.exportActivities': 'Export calls/meetings CSV',
  'opt.data.csvHint': 'CSV for Excel: UTF-8, comma-separated, decimal point.',
  'opt.data.import': 'Import',
  'opt.data.importJson': 'Import JSON',
  'opt.data.importHint': "Replaces all data and settings with the file's contents.",
  'opt.data.importConfirm': 'Replace everything stored now with this file (exported {date})?',
  'opt.data.importReplace': 'Replace all data',
  'opt.data.imported': 'Imported.',
  'opt.data.counts': 'deals: {deals} · calls and meetings: {activities} · tasks: {tasks} · managers: {managers}',
  'opt.data.wipeHeader': 'Delete everything',
  'opt.data.wipe': 'Wipe everything…',
  'opt.data.wipeHint': 'Deletes every account, deal, task, call, manager and your settings from this browser.',
  'opt.data.wipeConfirm': 'Delete everything Sales Pace stores in this browser? This cannot be undone; export first if you may need it.',
  'opt.data.wipeYes': 'Yes, delete everything',
  'opt.data.wiped': 'Everything was deleted.',
  'opt.import.too-large': 'The file is too large.',
  'opt.import.not-json': 'This file is not JSON.',
  'opt.import.wrong-format': 'This is not a Sales Pace export.',
  'opt.import.wrong-version': 'This export was made by another version of Sales Pace.',
  'opt.import.invalid': 'The file is damaged or was edited.',
  'opt.import.write-failed': 'The data could not be written.',
  'opt.import.unchanged': 'Nothing was changed.',
  'opt.lang.header': 'Interface language',
  'opt.lang.auto': 'Auto (browser language)',
  'opt.err.number': 'Enter a number',
  'opt.err.integer': 'Enter a whole number',
  'opt.err.min': 'At least {min}',
  'opt.err.max': 'At most {max}',
  'opt.err.required': 'Required',
  'opt.err.time': 'Enter a time as HH:MM',
  'opt.err.endAfterStart': 'Must be after the start of the day',
  'opt.err.lunchBoth': 'Set both lunch times or neither',
  'opt.err.lunchOrder': 'Must be after the start of lunch',
  'opt.err.lunchInside': 'Lunch must fit inside the working day',
  'opt.err.redAboveAmber': 'Must not be above the amber threshold',
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
  'opt.pace.header': 'Pace colours',
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
  // Options → Sites: the generic adapter for any other CRM.
  'opt.generic.title': 'Another CRM',
  'opt.generic.hint': 'For a CRM Sales Pace has no adapter for: open its board or deal list in a tab, name the CSS selectors of a deal card and of its fields, check the preview, save.',
  'opt.generic.list': 'Configured CRMs',
  'opt.generic.page': 'Pages',
  'opt.generic.edit': 'Edit',
  'opt.generic.delete': 'Delete',
  'opt.generic.new': 'New configuration',
  'opt.generic.editing': 'Editing {label}',
  'opt.generic.origin': 'Site address',
  'opt.generic.pathPrefix': 'Pages whose path starts with',
  'opt.generic.label': 'Name',
  'opt.generic.currency': 'Currency',
  'opt.generic.selectors': 'CSS selectors',
  'opt.generic.selectorsHint': 'The deal card is searched on the page, the fields inside the card. Stage: either a column around the card with its title, or the stage text on the card. Without an owner, deals are credited to the current user.',
  'opt.generic.sel.card': 'Deal card (required)',
  'opt.generic.sel.title': 'Title (required)',
  'opt.generic.sel.amount': 'Amount',
  'opt.generic.sel.column': 'Stage column around the card',
  'opt.generic.sel.columnTitle': 'Stage name in the column',
  'opt.generic.sel.stage': 'Stage on the card',
  'opt.generic.sel.owner': 'Owner',
  'opt.generic.sel.client': 'Client',
  'opt.generic.sel.link': 'Deal link',
  'opt.generic.sel.currentUser': 'Current user (anywhere on the page)',
  'opt.generic.idAttribute': 'Card attribute with the deal id',
  'opt.generic.wonStages': 'Won stages (names, comma-separated)',
  'opt.generic.lostStages': 'Lost stages (names, comma-separated)',
  'opt.generic.preview': 'Preview',
  'opt.generic.save': 'Save',
  'opt.generic.cancel': 'Cancel editing',
  'opt.generic.previewing': 'Reading the open tab…',
  'opt.generic.noTab': 'No tab of {origin} is open. Open the CRM page there and press Preview again.',
  'opt.generic.declined': 'The browser did not allow Sales Pace to read {origin}.',
  'opt.generic.failed': 'Could not read the tab: {error}',
  'opt.generic.found': 'Cards found on {url}: {n}. The first {shown}, as they would be read:',
  'opt.generic.currentUser': 'Signed in as: {name}',
  'opt.generic.noCurrentUser': 'The current user is not known.',
  'opt.generic.col.deal': 'Deal',
  'opt.generic.col.client': 'Client',
  'opt.generic.col.stage': 'Stage',
  'opt.generic.col.amount': 'Amount',
  'opt.generic.col.owner': 'Owner',
  'opt.generic.col.read': 'Stored',
  'opt.generic.status.won': 'won',
  'opt.generic.status.lost': 'lost',
  'opt.generic.stored': 'yes',
  'opt.generic.skip.title-missing': 'no: no title',
  'opt.generic.skip.stage-missing': 'no: no stage',
  'opt.generic.skip.owner-missing': 'no: no owner',
  'opt.generic.skip.owner-unknown': 'no: owner unknown',
  'opt.generic.skip.duplicate': 'no: shown twice',
  'opt.generic.problems': 'What could not be read',
  'opt.generic.noProblems': 'Every field of these cards was read.',
  'opt.generic.savedLoopback': 'Saved. Reload the CRM tab to read it with this configuration.',
  'opt.generic.savedSite': 'Saved. Sales Pace now reads {origin}; open tabs of it are read now.',
  'opt.generic.saveFailed': 'Could not save: {error}',
  'opt.err.css': 'Not a CSS selector the browser accepts',
  'opt.err.tooLong': 'At most {max} characters',
  'opt.err.origin': 'Only the address of the site: https://crm.example.com (http only for 127.0.0.1 or localhost)',
  'opt.err.path': 'Starts with / and has no spaces, ? or #',
  'opt.err.currency': 'A three-letter code, such as RUB',
  'opt.err.attribute': 'An attribute name, such as data-id',
  'opt.err.columnPair': 'Name both the column and its title, or neither',
  'opt.err.invalid': 'Not a valid value',
  'popup.loading': 'Reading the team…',
  'storage.failed': 'Could not save what was read ({error}). Everything saved before is kept; free some disk space and reload the CRM page.',
  'storage.unavailable': 'The browser does not let the extension use its local database ({error}). Nothing was lost; restart the browser, or check that site data is not blocked for extensions.',
  'overlay.show': 'Show the progress widget on {host} again',
} satisfies Record<string, string | PluralForms>;

type Catalog = typeof en;
type Messages = { [K in keyof Catalog]: Catalog[K] extends string ? string : PluralForms };

/** Keys of plain texts, for {@link t}. */
export type MessageKey = { [K in keyof Catalog]: Catalog[K] extends string ? K : never }[keyof Catalog];
/** Keys of texts that depend on a count, for {@link tPlural}. */
export type PluralKey = Exclude<keyof Catalog, MessageKey>;

const ruMessages: Messages = {
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
  // Страница настроек (entrypoints/options, components/options).
  'opt.nav.team': 'Команда и цели',
  'opt.nav.stages': 'Этапы',
  'opt.nav.sites': 'Сайты',
  'opt.nav.data': 'Данные',
  'opt.nav.language': 'Язык',
  'opt.saved': 'Сохранено',
  'opt.saveFailed': 'Не удалось сохранить: {error}',
  'opt.cancel': 'Отмена',
  'opt.team.empty': 'Менеджеров пока нет. Откройте доску сделок в CRM, чтобы мы прочитали команду.',
  'opt.team.hint': 'Цели на день берутся из роли. Пустое поле — значение роли; 0 отключает показатель для менеджера.',
  'opt.team.you': 'вы',
  'opt.team.role': 'Роль',
  'opt.team.roleSuggested': 'Предложено: {role}',
  'opt.team.roleNone': 'Не выбрана: без целей',
  'opt.team.reset': 'Сбросить к пресету',
  'opt.team.off': 'выкл.',
  'opt.unit.min': 'мин',
  'opt.hours.header': 'Рабочее время',
  'opt.hours.start': 'Начало дня',
  'opt.hours.end': 'Конец дня',
  'opt.hours.lunchStart': 'Обед с',
  'opt.hours.lunchEnd': 'Обед до',
  'opt.hours.hint': 'Оставьте оба поля обеда пустыми, если перерыва нет.',
  'opt.thresholds.header': 'Пороги',
  'opt.conversationMinSec': 'Звонок считается разговором после, секунд',
  'opt.pace.amber': 'Жёлтый ниже, % от темпа',
  'opt.pace.red': 'Красный ниже, % от темпа',
  'opt.pace.hint': 'Зелёный, пока менеджер сделал не меньше «жёлтой» доли того, что положено к этому часу.',
  'opt.stages.hint': 'Сделка зависла, если лежит на этапе дольше лимита в рабочих днях. Пустое поле — лимит по умолчанию.',
  'opt.stages.default': 'Лимит по умолчанию, рабочих дней',
  'opt.stages.days': 'рабочих дней',
  'opt.stages.empty': 'Воронок пока нет. Откройте доску сделок в CRM, чтобы мы прочитали её этапы.',
  'opt.sites.hint': 'Сайты, на которых «Темп продаж» может читать страницы вашей CRM.',
  'opt.sites.empty': 'Сайты ещё не включены. Откройте CRM во вкладке, нажмите на значок «Темп продаж» и разрешите читать этот сайт.',
  'opt.sites.site': 'Сайт',
  'opt.sites.crm': 'CRM',
  'opt.sites.permission': 'Разрешение',
  'opt.sites.granted': 'Разрешено',
  'opt.sites.notGranted': 'Отозвано в браузере',
  'opt.sites.revoke': 'Отозвать',
  'opt.sites.failed': 'Не удалось отозвать {site}: {error}',
  'opt.selfHosted.title': 'Битрикс24 на своём сервере',
  'opt.selfHosted.hint': 'У коробочного Битрикс24 собственный адрес компании, и «Темп продаж» не может сам понять, что это Битрикс24. Укажите адрес портала — браузер попросит разрешить чтение только этого сайта.',
  'opt.selfHosted.address': 'Адрес портала',
  'opt.selfHosted.add': 'Включить',
  'opt.selfHosted.added': 'Включено: {origin}. Открытые вкладки портала читаются уже сейчас, остальные — когда вы их откроете.',
  'opt.selfHosted.declined': 'Браузер не разрешил читать {origin}; ничего не изменилось.',
  'opt.selfHosted.failed': 'Не удалось включить портал: {error}',
  'opt.selfHosted.err.empty': 'Укажите адрес портала',
  'opt.selfHosted.err.invalid': 'Это не адрес сайта: укажите его как https://crm.example.ru',
  'opt.selfHosted.err.https': 'Только адреса https: портал читается с вашей сессией, её нельзя передавать без шифрования',
  'opt.selfHosted.err.known': 'Это облачная CRM, которую «Темп продаж» узнаёт сам: откройте её во вкладке и нажмите на значок «Темп продаж»',
  'opt.widgets.title': 'Виджет прогресса выключен на',
  'opt.widgets.show': 'Показывать снова',
  'opt.crm.demo': 'ДемоCRM',
  'opt.crm.generic': 'Другая CRM',
  'opt.data.tracked': 'Что хранится',
  'opt.data.trackedHint': 'Только то, что вам показывает страница CRM. Хранится в этом браузере и никуда не отправляется.',
  'opt.data.empty': 'Пока ничего не сохранено.',
  'opt.data.lastRead': 'Последнее чтение: {time}',
  'opt.data.kind.managers': 'Менеджеры',
  'opt.data.kind.deals': 'Сделки',
  'opt.data.kind.tasks': 'Задачи',
  'opt.data.kind.activities': 'Звонки и встречи',
  'opt.data.records': { one: '{n} запись', few: '{n} записи', many: '{n} записей', other: '{n} записи' },
  'opt.data.pipelines': 'Воронок: {pipelines}, этапов: {stages} (названия и порядок)',
  'opt.data.everyRecord': 'У каждой записи также хранятся аккаунт CRM (адрес сайта), её id в CRM и время чтения.',
  'opt.data.export': 'Выгрузка',
  'opt.data.exportJson': 'Выгрузить всё в JSON',
  'opt.data.exportJsonHint': 'Всё, включая настройки: резервная копия, которую можно снова загрузить сюда.',
  'opt.data.exportDeals': 'Сделки в CSV',
  'opt.data.exportActivities': 'Звонки и встречи в CSV',
  'opt.data.csvHint': 'CSV для Excel: UTF-8, разделитель «;», десятичная запятая.',
  'opt.data.import': 'Загрузка',
  'opt.data.importJson': 'Загрузить JSON',
  'opt.data.importHint': 'Заменяет все данные и настройки содержимым файла.',
  'opt.data.importConfirm': 'Заменить всё, что хранится сейчас, данными из этого файла (выгружен {date})?',
  'opt.data.importReplace': 'Заменить все данные',
  'opt.data.imported': 'Загружено.',
  'opt.data.counts': 'сделок: {deals} · звонков и встреч: {activities} · задач: {tasks} · менеджеров: {managers}',
  'opt.data.wipeHeader': 'Удалить всё',
  'opt.data.wipe': 'Удалить всё…',
  'opt.data.wipeHint': 'Удаляет из этого браузера все аккаунты, сделки, задачи, звонки, менеджеров и ваши настройки.',
  'opt.data.wipeConfirm': 'Удалить всё, что «Темп продаж» хранит в этом браузере? Отменить это нельзя; если данные могут понадобиться, сначала выгрузите их.',
  'opt.data.wipeYes': 'Да, удалить всё',
  'opt.data.wiped': 'Всё удалено.',
  'opt.import.too-large': 'Файл слишком большой.',
  'opt.import.not-json': 'Это не JSON-файл.',
  'opt.import.wrong-format': 'Это не выгрузка «Темпа продаж».',
  'opt.import.wrong-version': 'Эта выгрузка сделана другой версией «Темпа продаж».',
  'opt.import.invalid': 'Файл повреждён или изменён вручную.',
  'opt.import.write-failed': 'Не удалось записать данные.',
  'opt.import.unchanged': 'Ничего не изменено.',
  'opt.lang.header': 'Язык интерфейса',
  'opt.lang.auto': 'Авто (язык браузера)',
  'opt.err.number': 'Введите число',
  'opt.err.integer': 'Введите целое число',
  'opt.err.min': 'Не меньше {min}',
  'opt.err.max': 'Не больше {max}',
  'opt.err.required': 'Обязательное поле',
  'opt.err.time': 'Введите время в виде ЧЧ:ММ',
  'opt.err.endAfterStart': 'Должно быть позже начала дня',
  'opt.err.lunchBoth': 'Укажите оба времени обеда или ни одного',
  'opt.err.lunchOrder': 'Должно быть позже начала обеда',
  'opt.err.lunchInside': 'Обед должен быть внутри рабочего дня',
  'opt.err.redAboveAmber': 'Не может быть выше жёлтого порога',
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
  'opt.pace.header': 'Цвета темпа',
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
  'opt.generic.title': 'Другая CRM',
  'opt.generic.hint': 'Для CRM, которую «Темп продаж» не знает: откройте её доску или список сделок во вкладке, укажите CSS-селекторы карточки сделки и её полей, проверьте предпросмотр, сохраните.',
  'opt.generic.list': 'Настроенные CRM',
  'opt.generic.page': 'Страницы',
  'opt.generic.edit': 'Изменить',
  'opt.generic.delete': 'Удалить',
  'opt.generic.new': 'Новая настройка',
  'opt.generic.editing': 'Изменение: {label}',
  'opt.generic.origin': 'Адрес сайта',
  'opt.generic.pathPrefix': 'Страницы, путь которых начинается с',
  'opt.generic.label': 'Название',
  'opt.generic.currency': 'Валюта',
  'opt.generic.selectors': 'CSS-селекторы',
  'opt.generic.selectorsHint': 'Карточка сделки ищется на странице, поля — внутри карточки. Этап: либо колонка вокруг карточки и её заголовок, либо текст этапа на карточке. Без ответственного сделки засчитываются текущему пользователю.',
  'opt.generic.sel.card': 'Карточка сделки (обязательно)',
  'opt.generic.sel.title': 'Название (обязательно)',
  'opt.generic.sel.amount': 'Сумма',
  'opt.generic.sel.column': 'Колонка этапа вокруг карточки',
  'opt.generic.sel.columnTitle': 'Название этапа в колонке',
  'opt.generic.sel.stage': 'Этап на карточке',
  'opt.generic.sel.owner': 'Ответственный',
  'opt.generic.sel.client': 'Клиент',
  'opt.generic.sel.link': 'Ссылка на сделку',
  'opt.generic.sel.currentUser': 'Текущий пользователь (где угодно на странице)',
  'opt.generic.idAttribute': 'Атрибут карточки с номером сделки',
  'opt.generic.wonStages': 'Этапы «выиграно» (названия через запятую)',
  'opt.generic.lostStages': 'Этапы «проиграно» (названия через запятую)',
  'opt.generic.preview': 'Предпросмотр',
  'opt.generic.save': 'Сохранить',
  'opt.generic.cancel': 'Отменить изменение',
  'opt.generic.previewing': 'Читаем открытую вкладку…',
  'opt.generic.noTab': 'Вкладка {origin} не открыта. Откройте там страницу CRM и нажмите «Предпросмотр» ещё раз.',
  'opt.generic.declined': 'Браузер не разрешил «Темпу продаж» читать {origin}.',
  'opt.generic.failed': 'Не удалось прочитать вкладку: {error}',
  'opt.generic.found': 'Карточек на {url}: {n}. Первые {shown} — так, как они будут прочитаны:',
  'opt.generic.currentUser': 'Вошли как: {name}',
  'opt.generic.noCurrentUser': 'Текущий пользователь неизвестен.',
  'opt.generic.col.deal': 'Сделка',
  'opt.generic.col.client': 'Клиент',
  'opt.generic.col.stage': 'Этап',
  'opt.generic.col.amount': 'Сумма',
  'opt.generic.col.owner': 'Ответственный',
  'opt.generic.col.read': 'Сохранится',
  'opt.generic.status.won': 'выиграно',
  'opt.generic.status.lost': 'проиграно',
  'opt.generic.stored': 'да',
  'opt.generic.skip.title-missing': 'нет: нет названия',
  'opt.generic.skip.stage-missing': 'нет: нет этапа',
  'opt.generic.skip.owner-missing': 'нет: нет ответственного',
  'opt.generic.skip.owner-unknown': 'нет: ответственный неизвестен',
  'opt.generic.skip.duplicate': 'нет: показана дважды',
  'opt.generic.problems': 'Что не удалось прочитать',
  'opt.generic.noProblems': 'Все поля этих карточек прочитаны.',
  'opt.generic.savedLoopback': 'Сохранено. Перезагрузите вкладку CRM, чтобы читать её по этой настройке.',
  'opt.generic.savedSite': 'Сохранено. «Темп продаж» читает {origin}; открытые вкладки читаются уже сейчас.',
  'opt.generic.saveFailed': 'Не удалось сохранить: {error}',
  'opt.err.css': 'Браузер не принимает такой CSS-селектор',
  'opt.err.tooLong': 'Не больше {max} символов',
  'opt.err.origin': 'Только адрес сайта: https://crm.example.com (http — только для 127.0.0.1 и localhost)',
  'opt.err.path': 'Начинается с / и без пробелов, ? и #',
  'opt.err.currency': 'Трёхбуквенный код, например RUB',
  'opt.err.attribute': 'Имя атрибута, например data-id',
  'opt.err.columnPair': 'Укажите и колонку, и её заголовок — или ничего',
  'opt.err.invalid': 'Недопустимое значение',
  'popup.loading': 'Читаем данные команды…',
  'storage.failed': 'Не удалось сохранить прочитанное ({error}). Всё сохранённое раньше на месте; освободите место на диске и перезагрузите страницу CRM.',
  'storage.unavailable': 'Браузер не даёт расширению пользоваться локальной базой ({error}). Ничего не потеряно; перезапустите браузер или проверьте, не запрещены ли данные сайтов для расширений.',
  'overlay.show': 'Снова показывать виджет прогресса на {host}',
};

export const MESSAGES: { readonly en: Messages; readonly ru: Messages } = { en, ru: ruMessages };

const INTL_LOCALE: Record<Lang, string> = { ru: 'ru-RU', en: 'en-US' };
const DATE_LOCALE: Record<Lang, Locale> = { ru, en: enUS };

/** The UI language: the setting wins; "auto" follows the browser (navigator.language, e.g. "ru-RU"), English otherwise. */
export function resolveLang(setting: Language, browserLang: string): Lang {
  if (setting !== 'auto') return setting;
  return /^ru\b/i.test(browserLang.trim()) ? 'ru' : 'en';
}

/** A text with "{name}" placeholders filled; numbers get the language's separators. A missing param stays visible as "{name}". */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return fill(MESSAGES[lang][key], lang, params);
}

/** A counted text; `n` is also available to the text as "{n}". */
export function tPlural(lang: Lang, key: PluralKey, n: number, params?: Record<string, string | number>): string {
  return fill(plural(lang, n, MESSAGES[lang][key]), lang, { n, ...params });
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

/** A KPI value in its unit: count, duration or money. */
export function formatKpiValue(value: number, unit: KpiUnit, lang: Lang, currency: string): string {
  switch (unit) {
    case 'count':
      return formatNumber(value, lang, 0);
    case 'seconds':
      return formatDuration(value, lang);
    case 'money':
      return formatMoney(value, currency, lang);
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
