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
