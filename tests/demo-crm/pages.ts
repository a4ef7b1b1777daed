// Server-rendered pages of the demo CRM ("ДемоCRM"): kanban, deal card, tasks, call log. Russian UI, no external resources.
import { addDays, differenceInCalendarDays, format, isSameDay, subDays } from 'date-fns';
import { canSee } from './api';
import { Rng, type DemoActivity, type DemoData, type DemoDeal, type DemoPipeline, type DemoStage, type DemoTask, type DemoUser } from './data';

const NBSP = '\u00A0';

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "1 250 000 ₽" with no-break spaces, as amoCRM and Bitrix24 show money. Mirrored in static/kanban.js. */
export function formatMoney(amount: number): string {
  const digits = String(Math.round(Math.abs(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${amount < 0 ? '−' : ''}${digits}${NBSP}₽`;
}

/** 65 → "1:05", 3725 → "1:02:05". */
export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** "Сегодня 14:30", "Вчера 09:15", "Завтра 10:00", "12.03.2026 09:15". */
export function formatWhen(ms: number, now: Date): string {
  const d = new Date(ms);
  const time = format(d, 'HH:mm');
  if (isSameDay(d, now)) return `Сегодня ${time}`;
  if (isSameDay(d, subDays(now, 1))) return `Вчера ${time}`;
  if (isSameDay(d, addDays(now, 1))) return `Завтра ${time}`;
  return format(d, 'dd.MM.yyyy HH:mm');
}

export function plural(n: number, forms: readonly [string, string, string]): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

export interface PageContext {
  data: DemoData;
  viewer: DemoUser;
  now: Date;
}

function userName(data: DemoData, id: string): string {
  return data.users.find((u) => u.id === id)?.name ?? `Пользователь #${id}`;
}

function stageById(data: DemoData, id: string): { stage: DemoStage; pipeline: DemoPipeline } | null {
  for (const pipeline of data.pipelines) {
    const stage = pipeline.stages.find((s) => s.id === id);
    if (stage) return { stage, pipeline };
  }
  return null;
}

export function layout(ctx: PageContext, opts: { title: string; section: 'leads' | 'todo' | 'calls' | 'none'; body: string; scripts?: string[] }): string {
  const { data, viewer } = ctx;
  const firstPipeline = data.pipelines[0]?.id ?? '';
  const nav = [
    ['leads', `/leads/pipeline/${firstPipeline}`, 'Сделки'],
    ['todo', '/todo', 'Задачи'],
    ['calls', '/calls', 'Звонки'],
  ] as const;
  const option = (u: DemoUser) =>
    `<option value="${esc(u.id)}" data-title="${esc(u.title)}"${u.id === viewer.id ? ' selected' : ''}>${esc(u.name)}</option>`;
  const heads = data.users.filter((u) => u.isHead);
  const staff = data.users.filter((u) => !u.isHead);
  const scripts = ['/static/app.js', ...(opts.scripts ?? [])];
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)} — ДемоCRM</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/crm.css">
</head>
<body class="crm">
<header class="crm-header">
  <a class="crm-header__logo" href="/">Демо<span class="crm-header__logo-accent">CRM</span></a>
  <span class="crm-header__account" title="Аккаунт">${esc(data.account.name)}</span>
  <nav class="crm-nav">
    ${nav
      .map(([key, href, label]) => `<a class="crm-nav__item${opts.section === key ? ' crm-nav__item--active' : ''}" href="${esc(href)}">${label}</a>`)
      .join('\n    ')}
  </nav>
  <label class="crm-user-switch">
    <span class="crm-user-switch__label">Вы вошли как:</span>
    <select class="crm-user-switch__select" id="user-switch" name="user" data-current-user-id="${esc(viewer.id)}">
      <optgroup label="Руководство">${heads.map(option).join('')}</optgroup>
      <optgroup label="Менеджеры">${staff.map(option).join('')}</optgroup>
    </select>
  </label>
</header>
<main class="crm-main">
${opts.body}
</main>
${scripts.map((src) => `<script src="${esc(src)}"></script>`).join('\n')}
</body>
</html>
`;
}

// ---------------------------------------------------------------- kanban

/** What a kanban card shows; real deals and the synthetic benchmark board both become these. */
export interface CardView {
  id: string;
  title: string;
  amount: number | null;
  stageId: string;
  ownerId: string;
  ownerName: string;
  client: string | null;
  createdAt: number;
  stageEnteredAt: number;
  nextTaskAt: number | null;
  updatedAt: number;
}

function cardFromDeal(data: DemoData, deal: DemoDeal): CardView {
  return {
    id: deal.id,
    title: deal.title,
    amount: deal.amount,
    stageId: deal.stageId,
    ownerId: deal.ownerId,
    ownerName: userName(data, deal.ownerId),
    client: deal.client,
    createdAt: deal.createdAt,
    stageEnteredAt: deal.stageEnteredAt,
    nextTaskAt: deal.nextTaskAt,
    updatedAt: deal.updatedAt,
  };
}

function renderCard(card: CardView, stage: DemoStage, now: Date): string {
  const days = Math.max(0, differenceInCalendarDays(now, new Date(card.stageEnteredAt)));
  const price =
    card.amount === null
      ? '<div class="lead-card__price lead-card__price--empty">Бюджет не указан</div>'
      : `<div class="lead-card__price">${formatMoney(card.amount)}</div>`;
  let task = '';
  if (stage.kind === 'open') {
    if (card.nextTaskAt === null) task = '<span class="lead-card__task lead-card__task--none">Нет задач</span>';
    else if (card.nextTaskAt < now.getTime()) task = `<span class="lead-card__task lead-card__task--overdue">Просрочено: ${esc(formatWhen(card.nextTaskAt, now))}</span>`;
    else task = `<span class="lead-card__task">${esc(formatWhen(card.nextTaskAt, now))}</span>`;
  }
  return `<article class="lead-card" data-id="${esc(card.id)}" data-stage-id="${esc(card.stageId)}" data-price="${card.amount ?? ''}" draggable="true">
  <div class="lead-card__head"><time class="lead-card__created" datetime="${new Date(card.createdAt).toISOString()}">${esc(format(new Date(card.createdAt), 'dd.MM.yyyy'))}</time><span class="lead-card__id">#${esc(card.id)}</span></div>
  <a class="lead-card__title" href="/leads/detail/${esc(card.id)}">${esc(card.title)}</a>
  ${card.client === null ? '' : `<div class="lead-card__client">${esc(card.client)}</div>`}
  ${price}
  <div class="lead-card__footer"><span class="lead-card__owner" data-user-id="${esc(card.ownerId)}">${esc(card.ownerName)}</span><span class="lead-card__days" title="В этапе с ${esc(format(new Date(card.stageEnteredAt), 'dd.MM.yyyy HH:mm'))}">${days} дн.</span></div>
  ${task}
</article>`;
}

/** A big deterministic board for benchmarks (`?cards=2000`); ids from 900001, never in the API. */
export function syntheticCards(data: DemoData, pipeline: DemoPipeline, viewer: DemoUser, count: number, now: Date): CardView[] {
  const rng = new Rng(count);
  const owners = data.users.filter((u) => !u.isHead && canSee(viewer, u.id));
  const stages = pipeline.stages;
  const clients = [...new Set(data.deals.map((d) => d.client))];
  const cards: CardView[] = [];
  for (let i = 0; i < count; i += 1) {
    const owner = rng.pick(owners);
    const stage = rng.weighted(stages.map((s) => [s, s.kind === 'open' ? 4 : 1] as const));
    const client = rng.pick(clients);
    const entered = now.getTime() - rng.int(0, 40 * 24 * 3600) * 1000;
    cards.push({
      id: String(900001 + i),
      title: `${client} — заявка ${i + 1}`,
      amount: rng.chance(0.05) ? null : rng.int(30, 3000) * 1000,
      stageId: stage.id,
      ownerId: owner.id,
      ownerName: owner.name,
      client,
      createdAt: entered - rng.int(0, 30 * 24 * 3600) * 1000,
      stageEnteredAt: entered,
      nextTaskAt: rng.chance(0.3) ? null : now.getTime() + rng.int(-3 * 24 * 3600, 5 * 24 * 3600) * 1000,
      updatedAt: entered,
    });
  }
  return cards;
}

export function kanbanPage(ctx: PageContext, pipeline: DemoPipeline, syntheticCount: number | null): string {
  const { data, viewer, now } = ctx;
  const cards =
    syntheticCount === null
      ? data.deals.filter((d) => d.pipelineId === pipeline.id && canSee(viewer, d.ownerId)).map((d) => cardFromDeal(data, d))
      : syntheticCards(data, pipeline, viewer, syntheticCount, now);
  const total = cards.reduce((sum, c) => sum + (c.amount ?? 0), 0);
  const tabs = data.pipelines
    .map(
      (p) =>
        `<a class="pipeline-tabs__tab${p.id === pipeline.id ? ' pipeline-tabs__tab--active' : ''}" href="/leads/pipeline/${esc(p.id)}" data-pipeline-id="${esc(p.id)}">${esc(p.name)}</a>`,
    )
    .join('');
  const columns = pipeline.stages
    .map((stage) => {
      const inStage = cards.filter((c) => c.stageId === stage.id).sort((a, b) => b.updatedAt - a.updatedAt || Number(b.id) - Number(a.id));
      const sum = inStage.reduce((s, c) => s + (c.amount ?? 0), 0);
      return `<section class="kanban__column kanban__column--${stage.kind}" data-stage-id="${esc(stage.id)}" data-stage-kind="${stage.kind}" data-stage-sort="${stage.sort}">
<header class="kanban__column-head" style="border-bottom-color:${esc(stage.color)}">
  <h2 class="kanban__column-title">${esc(stage.name)}</h2>
  <div class="kanban__column-meta"><span class="kanban__column-count">${inStage.length}</span> ${plural(inStage.length, ['сделка', 'сделки', 'сделок'])}: <span class="kanban__column-sum">${formatMoney(sum)}</span></div>
</header>
<div class="kanban__cards" data-stage-id="${esc(stage.id)}">
${inStage.map((c) => renderCard(c, stage, now)).join('\n')}
</div>
</section>`;
    })
    .join('\n');
  const body = `<div class="pipeline-toolbar">
  <nav class="pipeline-tabs">${tabs}</nav>
  <div class="pipeline-toolbar__summary"><span class="pipeline-toolbar__count">${cards.length}</span> ${plural(cards.length, ['сделка', 'сделки', 'сделок'])}: <span class="pipeline-toolbar__sum">${formatMoney(total)}</span></div>
  ${syntheticCount === null ? '' : '<span class="pipeline-toolbar__note">Синтетическая доска для замеров: карточки не сохраняются</span>'}
</div>
<div class="kanban" data-pipeline-id="${esc(pipeline.id)}" data-pipeline-name="${esc(pipeline.name)}" data-currency="${esc(data.account.currency)}">
${columns}
</div>
<div class="crm-toast" id="toast" role="status" hidden></div>`;
  return layout(ctx, { title: `Сделки: ${pipeline.name}`, section: 'leads', body, scripts: ['/static/kanban.js'] });
}

// ---------------------------------------------------------------- deal, tasks, calls

const TASK_TYPE_LABEL: Record<DemoTask['type'], string> = { call: 'Звонок', meeting: 'Встреча', email: 'Письмо' };

function activityKind(a: DemoActivity): string {
  if (a.type === 'meeting') return 'Встреча';
  return a.direction === 'in' ? 'Входящий' : 'Исходящий';
}

function taskRow(ctx: PageContext, task: DemoTask, withDeal: boolean): string {
  const { data, now } = ctx;
  const overdue = !task.done && task.dueAt < now.getTime();
  const deal = task.dealId === null ? null : data.deals.find((d) => d.id === task.dealId);
  const mods = `${task.done ? ' todo-line__item--done' : ''}${overdue ? ' todo-line__item--overdue' : ''}`;
  return `<tr class="todo-line__item${mods}" data-id="${esc(task.id)}" data-type="${task.type}">
  <td class="todo-line__due">${esc(formatWhen(task.dueAt, now))}</td>
  <td class="todo-line__type">${TASK_TYPE_LABEL[task.type]}</td>
  <td class="todo-line__text">${esc(task.text)}${task.done && task.doneAt !== null ? ` <span class="todo-line__done-at">выполнено ${esc(formatWhen(task.doneAt, now))}</span>` : ''}</td>
  ${withDeal ? `<td class="todo-line__deal">${deal ? `<a href="/leads/detail/${esc(deal.id)}">${esc(deal.title)}</a>` : '—'}</td>` : ''}
  <td class="todo-line__owner">${esc(userName(data, task.ownerId))}</td>
</tr>`;
}

function callRow(ctx: PageContext, a: DemoActivity, withDeal: boolean): string {
  const { data, now } = ctx;
  const deal = a.dealId === null ? null : data.deals.find((d) => d.id === a.dealId);
  return `<tr class="calls-log__row calls-log__row--${a.type}" data-id="${esc(a.id)}">
  <td class="calls-log__date">${esc(formatWhen(a.at, now))}</td>
  <td class="calls-log__manager">${esc(userName(data, a.ownerId))}</td>
  <td class="calls-log__direction">${activityKind(a)}</td>
  <td class="calls-log__duration">${formatDuration(a.durationSec)}</td>
  <td class="calls-log__result">${esc(a.outcome)}</td>
  ${withDeal ? `<td class="calls-log__deal">${deal ? `<a href="/leads/detail/${esc(deal.id)}">${esc(deal.title)}</a>` : '—'}</td>` : ''}
  <td class="calls-log__phone">${esc(a.phone ?? '')}</td>
</tr>`;
}

export function dealPage(ctx: PageContext, deal: DemoDeal): string {
  const { data, now } = ctx;
  const found = stageById(data, deal.stageId);
  const stageName = found?.stage.name ?? deal.stageId;
  const tasks = data.tasks.filter((t) => t.dealId === deal.id).sort((a, b) => a.dueAt - b.dueAt);
  const calls = data.activities.filter((a) => a.dealId === deal.id).sort((a, b) => b.at - a.at);
  const field = (label: string, value: string, cls: string) =>
    `<div class="lead-detail__field lead-detail__field--${cls}"><dt>${label}</dt><dd>${value}</dd></div>`;
  const stageOptions = (found?.pipeline.stages ?? [])
    .map((s) => `<option value="${esc(s.id)}"${s.id === deal.stageId ? ' selected' : ''}>${esc(s.name)}</option>`)
    .join('');
  const body = `<article class="lead-detail" data-id="${esc(deal.id)}" data-stage-id="${esc(deal.stageId)}">
<p class="lead-detail__back"><a href="/leads/pipeline/${esc(deal.pipelineId)}">← ${esc(found?.pipeline.name ?? 'Сделки')}</a></p>
<h1 class="lead-detail__title">${esc(deal.title)} <span class="lead-detail__id">#${esc(deal.id)}</span></h1>
<dl class="lead-detail__fields">
  ${field('Бюджет', deal.amount === null ? 'Бюджет не указан' : formatMoney(deal.amount), 'price')}
  ${field('Этап', `<select class="lead-detail__stage-select" data-move-lead="${esc(deal.id)}">${stageOptions}</select>`, 'stage')}
  ${field('Воронка', esc(found?.pipeline.name ?? deal.pipelineId), 'pipeline')}
  ${field('Ответственный', `<span data-user-id="${esc(deal.ownerId)}">${esc(userName(data, deal.ownerId))}</span>`, 'owner')}
  ${field('Клиент', esc(deal.client), 'client')}
  ${field('Создана', esc(formatWhen(deal.createdAt, now)), 'created')}
  ${field('В этапе', `${esc(stageName)} с ${esc(formatWhen(deal.stageEnteredAt, now))} (${Math.max(0, differenceInCalendarDays(now, new Date(deal.stageEnteredAt)))} дн.)`, 'stage-entered')}
  ${field('Изменена', esc(formatWhen(deal.updatedAt, now)), 'updated')}
  ${deal.closedAt === null ? '' : field('Закрыта', esc(formatWhen(deal.closedAt, now)), 'closed')}
  ${deal.lossReason === null ? '' : field('Причина отказа', esc(deal.lossReason), 'loss-reason')}
  ${field('Ближайшая задача', deal.nextTaskAt === null ? 'Нет задач' : esc(formatWhen(deal.nextTaskAt, now)), 'next-task')}
</dl>
<h2>Задачи</h2>
${tasks.length === 0 ? '<p class="crm-empty">Задач нет</p>' : `<table class="todo-line"><thead><tr><th>Срок</th><th>Тип</th><th>Задача</th><th>Ответственный</th></tr></thead><tbody>${tasks.map((t) => taskRow(ctx, t, false)).join('')}</tbody></table>`}
<h2>Звонки и встречи</h2>
${calls.length === 0 ? '<p class="crm-empty">Звонков не было</p>' : `<table class="calls-log"><thead><tr><th>Дата</th><th>Менеджер</th><th>Тип</th><th>Длительность</th><th>Результат</th><th>Телефон</th></tr></thead><tbody>${calls.map((a) => callRow(ctx, a, false)).join('')}</tbody></table>`}
</article>
<div class="crm-toast" id="toast" role="status" hidden></div>`;
  return layout(ctx, { title: deal.title, section: 'leads', body });
}

export function todoPage(ctx: PageContext): string {
  const { data, viewer, now } = ctx;
  const mine = data.tasks.filter((t) => canSee(viewer, t.ownerId));
  const nowMs = now.getTime();
  const groups: [string, string, DemoTask[]][] = [
    ['overdue', 'Просроченные', mine.filter((t) => !t.done && t.dueAt < nowMs)],
    ['today', 'Сегодня', mine.filter((t) => !t.done && t.dueAt >= nowMs && isSameDay(new Date(t.dueAt), now))],
    ['tomorrow', 'Завтра', mine.filter((t) => !t.done && isSameDay(new Date(t.dueAt), addDays(now, 1)))],
    ['later', 'Позже', mine.filter((t) => !t.done && t.dueAt >= nowMs && differenceInCalendarDays(new Date(t.dueAt), now) > 1)],
    ['done', 'Выполненные за 7 дней', mine.filter((t) => t.done && t.doneAt !== null && t.doneAt >= subDays(now, 7).getTime())],
  ];
  const sections = groups
    .map(([key, label, tasks]) => {
      const sorted = [...tasks].sort((a, b) => (key === 'done' ? b.dueAt - a.dueAt : a.dueAt - b.dueAt));
      return `<section class="todo-group todo-group--${key}" data-group="${key}">
<h2 class="todo-group__title">${label} <span class="todo-group__count">${sorted.length}</span></h2>
${sorted.length === 0 ? '<p class="crm-empty">Нет задач</p>' : `<table class="todo-line"><thead><tr><th>Срок</th><th>Тип</th><th>Задача</th><th>Сделка</th><th>Ответственный</th></tr></thead><tbody>${sorted.map((t) => taskRow(ctx, t, true)).join('\n')}</tbody></table>`}
</section>`;
    })
    .join('\n');
  return layout(ctx, { title: 'Задачи', section: 'todo', body: `<h1 class="crm-title">Задачи</h1>\n${sections}` });
}

export const CALLS_PER_PAGE = 100;

export function callsPage(ctx: PageContext, query: URLSearchParams): string {
  const { data, viewer } = ctx;
  const type = query.get('type');
  const owner = query.get('user');
  const list = data.activities
    .filter((a) => canSee(viewer, a.ownerId))
    .filter((a) => (type === 'call' || type === 'meeting' ? a.type === type : true))
    .filter((a) => (owner ? a.ownerId === owner : true))
    .sort((a, b) => b.at - a.at || Number(b.id) - Number(a.id));
  const pages = Math.max(1, Math.ceil(list.length / CALLS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1));
  const rows = list.slice((page - 1) * CALLS_PER_PAGE, page * CALLS_PER_PAGE);
  const link = (n: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(n));
    return `/calls?${esc(q.toString())}`;
  };
  const users = data.users.filter((u) => !u.isHead && canSee(viewer, u.id));
  const filter = `<form class="calls-filter" method="get" action="/calls">
  <select name="type" class="calls-filter__type"><option value="">Все</option><option value="call"${type === 'call' ? ' selected' : ''}>Звонки</option><option value="meeting"${type === 'meeting' ? ' selected' : ''}>Встречи</option></select>
  ${viewer.isHead ? `<select name="user" class="calls-filter__user"><option value="">Все менеджеры</option>${users.map((u) => `<option value="${esc(u.id)}"${u.id === owner ? ' selected' : ''}>${esc(u.name)}</option>`).join('')}</select>` : ''}
  <button type="submit">Показать</button>
</form>`;
  const pager = `<nav class="calls-pager">${page > 1 ? `<a class="calls-pager__prev" href="${link(page - 1)}">← Новее</a>` : ''}<span class="calls-pager__info">Страница ${page} из ${pages} · ${list.length} ${plural(list.length, ['запись', 'записи', 'записей'])}</span>${page < pages ? `<a class="calls-pager__next" href="${link(page + 1)}">Старее →</a>` : ''}</nav>`;
  const body = `<h1 class="crm-title">Звонки</h1>
${filter}
${pager}
<table class="calls-log"><thead><tr><th>Дата</th><th>Менеджер</th><th>Тип</th><th>Длительность</th><th>Результат</th><th>Сделка</th><th>Телефон</th></tr></thead>
<tbody>
${rows.map((a) => callRow(ctx, a, true)).join('\n')}
</tbody></table>
${pager}`;
  return layout(ctx, { title: 'Звонки', section: 'calls', body });
}

export function notFoundPage(ctx: PageContext, what: string): string {
  return layout(ctx, {
    title: 'Не найдено',
    section: 'none',
    body: `<div class="crm-error"><h1>Не найдено</h1><p>${esc(what)}</p><p><a href="/">На главную</a></p></div>`,
  });
}

// ---------------------------------------------------------------- /alt/deals: a plain list, built unlike the kanban

/**
 * Money as older list pages print it: "851 000,00 руб.", and whole thousands from a million up as
 * "1,25 млн ₽" (exact: three decimals of a million are thousands).
 */
export function formatAltMoney(amount: number | null): string {
  if (amount === null) return '—';
  const sign = amount < 0 ? '−' : '';
  const abs = Math.abs(amount);
  if (abs >= 1_000_000 && abs % 1000 === 0) {
    const millions = String(abs / 1_000_000).replace('.', ',');
    return `${sign}${millions}${NBSP}млн${NBSP}₽`;
  }
  const [whole = '0', cents = '00'] = abs.toFixed(2).split('.');
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP)},${cents}${NBSP}руб.`;
}

/** The deals the /alt/deals list shows: the signed-in user's own, by id. */
export function altDeals(ctx: PageContext): DemoDeal[] {
  return ctx.data.deals.filter((d) => d.ownerId === ctx.viewer.id).sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * A second, older-style page: a bare table of the signed-in user's deals with no classes on cells and
 * no data attributes, so only a generic configuration (positional selectors) can read it.
 */
export function altDealsPage(ctx: PageContext): string {
  const { data, viewer } = ctx;
  const rows = altDeals(ctx)
    .map((deal) => {
      const stage = stageById(data, deal.stageId)?.stage.name ?? '';
      return `<tr>
  <td><a href="/leads/detail/${esc(deal.id)}">${esc(deal.title)}</a></td>
  <td>${esc(deal.client)}</td>
  <td>${esc(stage)}</td>
  <td align="right">${esc(formatAltMoney(deal.amount))}</td>
  <td>${esc(userName(data, deal.ownerId))}</td>
</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Мои сделки — ${esc(data.account.name)}</title>
<link rel="icon" href="data:,">
<style>
  body { font: 14px/1.4 Arial, sans-serif; margin: 0; color: #222; }
  #top { background: #2f3b52; color: #fff; padding: 8px 16px; }
  #top b { margin-right: 16px; }
  #content { padding: 12px 16px; }
  table.list { border-collapse: collapse; width: 100%; }
  table.list th, table.list td { border: 1px solid #d0d7e2; padding: 4px 8px; text-align: left; }
  table.list th { background: #eef2f8; }
</style>
</head>
<body>
<div id="top"><b>${esc(data.account.name)}</b> Пользователь: <span id="whoami">${esc(viewer.name)}</span> · <a href="/" style="color:#cfe">Новый интерфейс</a></div>
<div id="content">
<h1>Мои сделки</h1>
<table class="list" id="deals">
<thead><tr><th>Сделка</th><th>Клиент</th><th>Этап</th><th>Сумма</th><th>Ответственный</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>Всего: ${altDeals(ctx).length}</p>
</div>
</body>
</html>
`;
}
