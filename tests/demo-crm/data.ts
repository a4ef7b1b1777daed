// Deterministic demo data for the bundled demo CRM: a Russian sales team with known stalled deals, a lagging and a silent manager.
// The generator never calls extension code: `truth` is its own bookkeeping, so tests can check the extension against it.
import { addDays, addMinutes, isWeekend, startOfDay, subDays } from 'date-fns';

export type DemoRole = 'cold_caller' | 'account_manager' | 'closer';
export type DemoStageKind = 'open' | 'won' | 'lost';

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  /** Position as the CRM shows it ("Менеджер холодных звонков"). */
  title: string;
  isHead: boolean;
  /** Generator knowledge, not shown by the CRM; null for the head. */
  role: DemoRole | null;
}

export interface DemoStage {
  id: string;
  pipelineId: string;
  name: string;
  sort: number;
  kind: DemoStageKind;
  color: string;
}

export interface DemoPipeline {
  id: string;
  name: string;
  sort: number;
  isMain: boolean;
  stages: DemoStage[];
}

/** All times are epoch milliseconds, whole seconds (the API speaks unix seconds). */
export interface DemoDeal {
  id: string;
  title: string;
  amount: number | null;
  pipelineId: string;
  stageId: string;
  ownerId: string;
  client: string;
  createdAt: number;
  stageEnteredAt: number;
  updatedAt: number;
  closedAt: number | null;
  lossReason: string | null;
  nextTaskAt: number | null;
}

export type DemoTaskType = 'call' | 'meeting' | 'email';

export interface DemoTask {
  id: string;
  type: DemoTaskType;
  text: string;
  dueAt: number;
  done: boolean;
  doneAt: number | null;
  ownerId: string;
  dealId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface DemoActivity {
  id: string;
  type: 'call' | 'meeting';
  /** Start of the call or meeting; it also ended before `now`. */
  at: number;
  ownerId: string;
  dealId: string | null;
  durationSec: number;
  direction: 'in' | 'out' | null;
  outcome: string;
  phone: string | null;
}

export interface DemoTodayTruth {
  calls: number;
  /** Calls today with duration > 15 s. */
  conversations: number;
  /** Meetings held (started and ended) today. */
  meetings: number;
  /** Sum of amounts of deals won today (closedAt today). */
  wonAmount: number;
  wonCount: number;
}

export interface DemoManagerTruth {
  name: string;
  role: DemoRole;
  /** The mean daily call volume the generator used for this role (a sensible daily target). */
  callsPerDayTypical: number;
  today: DemoTodayTruth;
  /** Open deals made to sit 15–40 calendar days in their stage; every other open deal entered it 0–4 days ago. */
  stalledDealIds: string[];
  /** Made to call far below the usual pace today (true only on a working day from 10:00). */
  behindPlan: boolean;
  /** Made to stop calling 2 hours before now (true only when now is within 09:00–18:00 of a working day). */
  silent: boolean;
}

export interface DemoTruth {
  headId: string;
  /** Managers only (not the head), by user id. */
  managers: Record<string, DemoManagerTruth>;
}

export interface DemoData {
  /** The instant the data was generated for (epoch ms, whole seconds). */
  now: number;
  seed: number;
  account: { id: string; name: string; subdomain: string; currency: 'RUB' };
  users: DemoUser[];
  pipelines: DemoPipeline[];
  deals: DemoDeal[];
  tasks: DemoTask[];
  activities: DemoActivity[];
  truth: DemoTruth;
}

export const DEFAULT_SEED = 42;
export const WORK_START_MIN = 9 * 60;
export const WORK_END_MIN = 18 * 60;
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------- randomness

/** mulberry32: tiny, fast, good enough for demo data, identical on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return itemAt(items, Math.floor(this.next() * items.length));
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return itemAt(entries, entries.length - 1)[0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const a = itemAt(out, i);
      out[i] = itemAt(out, j);
      out[j] = a;
    }
    return out;
  }
}

function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`demo data: index ${index} outside a list of ${items.length}`);
  return item;
}

/** Whole seconds: the API speaks unix seconds, so every stored time round-trips exactly. */
const wholeSec = (ms: number) => Math.floor(ms / SEC) * SEC;
const ceilSec = (ms: number) => Math.ceil(ms / SEC) * SEC;

// ---------------------------------------------------------------- the team and its pipelines

const HEAD: DemoUser = {
  id: '1',
  name: 'Анна Кузнецова',
  email: 'a.kuznetsova@acme.example',
  title: 'Руководитель отдела продаж',
  isHead: true,
  role: null,
};

const ROLE_TITLES: Record<DemoRole, string> = {
  cold_caller: 'Менеджер холодных звонков',
  account_manager: 'Менеджер по работе с клиентами',
  closer: 'Менеджер по продажам',
};

const MANAGERS: readonly { id: string; name: string; email: string; role: DemoRole }[] = [
  { id: '2', name: 'Дмитрий Орлов', email: 'd.orlov@acme.example', role: 'cold_caller' },
  { id: '3', name: 'Екатерина Смирнова', email: 'e.smirnova@acme.example', role: 'cold_caller' },
  { id: '4', name: 'Ольга Морозова', email: 'o.morozova@acme.example', role: 'account_manager' },
  { id: '5', name: 'Игорь Лебедев', email: 'i.lebedev@acme.example', role: 'account_manager' },
  { id: '6', name: 'Сергей Новиков', email: 's.novikov@acme.example', role: 'closer' },
  { id: '7', name: 'Мария Павлова', email: 'm.pavlova@acme.example', role: 'closer' },
];

/** Who the generator makes lag behind today, who goes silent, and who wins deals today. */
const BEHIND_PLAN_ID = '3';
const SILENT_ID = '4';
const WON_TODAY: Record<string, number> = { '6': 2, '7': 1, '5': 1 };
const STALLED_PER_MANAGER: Record<string, number> = { '2': 3, '3': 2, '4': 4, '5': 3, '6': 4, '7': 5 };
const DEALS_PER_ROLE: Record<DemoRole, number> = { cold_caller: 25, account_manager: 60, closer: 65 };

const CALLS_PER_DAY: Record<DemoRole, readonly [number, number]> = {
  cold_caller: [60, 90],
  account_manager: [30, 45],
  closer: [15, 30],
};
const OUTBOUND_SHARE: Record<DemoRole, number> = { cold_caller: 0.93, account_manager: 0.65, closer: 0.7 };
const TALK_MEAN_SEC: Record<DemoRole, number> = { cold_caller: 90, account_manager: 180, closer: 240 };

function buildPipelines(): DemoPipeline[] {
  const stage = (pipelineId: string, id: string, name: string, sort: number, kind: DemoStageKind, color: string): DemoStage => ({
    id,
    pipelineId,
    name,
    sort,
    kind,
    color,
  });
  return [
    {
      id: '101',
      name: 'Продажи',
      sort: 1,
      isMain: true,
      stages: [
        stage('101', '1001', 'Новая заявка', 10, 'open', '#99ccff'),
        stage('101', '1002', 'Квалификация', 20, 'open', '#ffff99'),
        stage('101', '1003', 'КП отправлено', 30, 'open', '#ffcc66'),
        stage('101', '1004', 'Переговоры', 40, 'open', '#ff9966'),
        stage('101', '1005', 'Счёт выставлен', 50, 'open', '#ccc8f9'),
        stage('101', '1006', 'Успешно реализовано', 60, 'won', '#ccff66'),
        stage('101', '1007', 'Закрыто и не реализовано', 70, 'lost', '#d5d8db'),
      ],
    },
    {
      id: '102',
      name: 'Повторные продажи',
      sort: 2,
      isMain: false,
      stages: [
        stage('102', '2001', 'Повторный запрос', 10, 'open', '#99ccff'),
        stage('102', '2002', 'Коммерческое предложение', 20, 'open', '#ffcc66'),
        stage('102', '2003', 'Согласование', 30, 'open', '#ff9966'),
        stage('102', '2004', 'Оплата', 40, 'open', '#ccc8f9'),
        stage('102', '2005', 'Успешно реализовано', 50, 'won', '#ccff66'),
        stage('102', '2006', 'Закрыто и не реализовано', 60, 'lost', '#d5d8db'),
      ],
    },
  ];
}

const STAGE_WEIGHTS: Record<DemoRole, readonly (readonly [string, number])[]> = {
  // Cold callers qualify leads: mostly early stages, many lost for "not reached".
  cold_caller: [['1001', 34], ['1002', 30], ['1003', 6], ['1006', 4], ['1007', 26]],
  // Account managers work repeat buyers, mostly in the second pipeline.
  account_manager: [
    ['2001', 10], ['2002', 12], ['2003', 10], ['2004', 6], ['2005', 24], ['2006', 10],
    ['1003', 6], ['1004', 6], ['1005', 4], ['1006', 8], ['1007', 4],
  ],
  // Closers take deals from proposal to payment.
  closer: [['1001', 4], ['1002', 8], ['1003', 16], ['1004', 14], ['1005', 10], ['1006', 26], ['1007', 22]],
};

const AMOUNT_RANGE: Record<DemoRole, readonly [number, number]> = {
  cold_caller: [30_000, 400_000],
  account_manager: [50_000, 1_200_000],
  closer: [100_000, 3_000_000],
};

const LOSS_REASONS: Record<DemoRole, readonly (readonly [string, number])[]> = {
  cold_caller: [['Не дозвонились', 40], ['Неактуально', 35], ['Нет бюджета', 25]],
  account_manager: [['Дорого', 30], ['Выбрали конкурента', 25], ['Нет бюджета', 20], ['Неактуально', 25]],
  closer: [['Дорого', 35], ['Выбрали конкурента', 35], ['Нет бюджета', 20], ['Неактуально', 10]],
};

// Fictional companies; the first ones are the repeat buyers the account managers work with.
const REPEAT_CLIENTS = [
  'ООО Ромашка', 'ООО Вектор', 'АО Промсервис', 'ООО ТехноСнаб', 'ООО Стройресурс', 'ООО Меридиан',
  'ООО Альфа-Логистик', 'ООО Гранит', 'ИП Соколов', 'ООО Континент', 'ООО Профимед', 'АО Северный терминал',
  'ООО Кедр', 'ИП Васильева', 'ООО Агроинвест', 'ООО Лотос',
] as const;
const OTHER_CLIENTS = [
  'ООО Берёзка', 'ООО Энергомаш-Сервис', 'ООО Сибирский хлеб', 'ООО Волга-Трейд', 'АО Уралметиз', 'ООО Фармлайн',
  'ООО Оптима', 'ООО Дельта', 'ООО Горизонт', 'ИП Ковалёв', 'ИП Федорова', 'ООО Пищекомбинат Заря',
  'ООО Стандарт-Пласт', 'ООО Мебельная фабрика Уют', 'ООО Автоцентр Магистраль', 'ООО Клиника Здоровье',
  'ООО Типография Печатный двор', 'ООО Технопарк', 'ИП Григорьев', 'ООО Арсенал', 'ООО Строймаркет',
  'ООО Экоферма', 'ООО Логистик-Юг', 'ООО Чистый город', 'ИП Титова', 'ООО Инженерные системы',
  'ООО Кондитер', 'АО Балтийские верфи', 'ООО Ресторан Сытый двор', 'ООО Склад-Сервис', 'ИП Никитин',
  'ООО Прайм', 'ООО Полимер', 'ООО ТК Магнат', 'ООО Гостиница Заречная', 'ООО Школа Эрудит',
] as const;
const NEW_PRODUCTS = [
  'поставка оборудования', 'годовой контракт на обслуживание', 'монтаж и пусконаладка', 'пилотный проект',
  'лицензии на 20 рабочих мест', 'расходные материалы', 'обучение персонала', 'модернизация склада',
  'комплексное оснащение офиса', 'поставка запчастей',
] as const;
const REPEAT_PRODUCTS = [
  'повторная поставка', 'продление договора', 'допоставка расходных материалов', 'расширение лицензий',
  'сервис на следующий год', 'дополнительное оборудование',
] as const;

const UNANSWERED_OUTCOMES = ['Не дозвонился', 'Занято', 'Абонент недоступен', 'Сбросил вызов'] as const;
const ANSWERED_OUTCOMES: Record<DemoRole, readonly string[]> = {
  cold_caller: ['Разговор состоялся', 'Перезвонить позже', 'Не интересно', 'Передан менеджеру', 'Назначена встреча'],
  account_manager: ['Разговор состоялся', 'Обсудили повторный заказ', 'Уточнили потребность', 'Перезвонить позже', 'Согласовали условия'],
  closer: ['Разговор состоялся', 'Обсудили КП', 'Согласовали счёт', 'Клиент думает', 'Договорились о встрече'],
};
const MEETING_OUTCOMES = ['Встреча проведена', 'Презентация проведена', 'Подписан договор', 'Обсудили условия'] as const;

const TASK_TEXTS: Record<DemoTaskType, readonly string[]> = {
  call: ['Позвонить клиенту', 'Перезвонить: уточнить решение', 'Звонок: обсудить КП', 'Связаться с ЛПР'],
  meeting: ['Встреча в офисе клиента', 'Онлайн-презентация', 'Подписание договора'],
  email: ['Отправить КП', 'Отправить счёт', 'Письмо с итогами встречи'],
};
const TASK_TYPE_WEIGHTS: Record<DemoRole, readonly (readonly [DemoTaskType, number])[]> = {
  cold_caller: [['call', 85], ['email', 15]],
  account_manager: [['call', 50], ['meeting', 20], ['email', 30]],
  closer: [['call', 50], ['meeting', 30], ['email', 20]],
};

// ---------------------------------------------------------------- generation

interface Draft {
  deal: DemoDeal;
  role: DemoRole;
  kind: DemoStageKind;
  stalled: boolean;
  wonToday: boolean;
}

function emptyToday(): DemoTodayTruth {
  return { calls: 0, conversations: 0, meetings: 0, wonAmount: 0, wonCount: 0 };
}

export function generateDemo(opts: { now: Date; seed?: number }): DemoData {
  const seed = opts.seed ?? DEFAULT_SEED;
  const rng = new Rng(seed);
  const nowMs = wholeSec(opts.now.getTime());
  const now = new Date(nowMs);
  const todayStart = startOfDay(now).getTime();
  const nowMinute = (nowMs - todayStart) / MIN;
  const todayIsWorking = !isWeekend(now);
  const duringWorkHours = todayIsWorking && nowMinute >= WORK_START_MIN && nowMinute < WORK_END_MIN;
  const oldest = wholeSec(subDays(now, 70).getTime());

  const pipelines = buildPipelines();
  const stageById = new Map(pipelines.flatMap((p) => p.stages).map((s) => [s.id, s]));
  const stageOf = (id: string): DemoStage => {
    const stage = stageById.get(id);
    if (!stage) throw new Error(`demo data: no stage ${id}`);
    return stage;
  };
  const firstStageIds = new Set(pipelines.map((p) => itemAt(p.stages, 0).id));

  const users: DemoUser[] = [HEAD, ...MANAGERS.map((m) => ({ ...m, title: ROLE_TITLES[m.role], isHead: false }))];
  const managers: Record<string, DemoManagerTruth> = {};
  for (const m of MANAGERS) {
    const [lo, hi] = CALLS_PER_DAY[m.role];
    managers[m.id] = {
      name: m.name,
      role: m.role,
      callsPerDayTypical: Math.round((lo + hi) / 2),
      today: emptyToday(),
      stalledDealIds: [],
      behindPlan: m.id === BEHIND_PLAN_ID && todayIsWorking && nowMinute >= 10 * 60,
      silent: m.id === SILENT_ID && duringWorkHours,
    };
  }
  const truthOf = (id: string): DemoManagerTruth => {
    const truth = managers[id];
    if (!truth) throw new Error(`demo data: no truth for user ${id}`);
    return truth;
  };

  // A moment inside working hours of a past working day, `daysAgo` calendar days before today.
  const pastWorkMoment = (daysAgo: number): number => {
    let day = subDays(new Date(todayStart), daysAgo);
    while (isWeekend(day)) day = subDays(day, 1);
    return wholeSec(addMinutes(day, rng.int(WORK_START_MIN, WORK_END_MIN - 1)).getTime() + rng.int(0, 59) * SEC);
  };
  const between = (from: number, to: number): number => wholeSec(from + rng.float() * Math.max(0, to - from));
  // People work on weekdays 09:00–18:00: prefer such a moment in [from, to], else any moment there.
  const workBetween = (from: number, to: number): number => {
    for (let tries = 0; tries < 30; tries += 1) {
      const day = startOfDay(new Date(between(from, to)));
      if (isWeekend(day)) continue;
      const at = wholeSec(day.getTime() + rng.int(WORK_START_MIN * 60, WORK_END_MIN * 60 - 1) * SEC);
      if (at >= from && at <= to) return at;
    }
    return between(from, to);
  };

  // ---- deals
  const drafts: Draft[] = [];
  for (const m of MANAGERS) {
    const count = DEALS_PER_ROLE[m.role];
    const wonToday = WON_TODAY[m.id] ?? 0;
    const mine: Draft[] = [];
    for (let i = 0; i < count; i += 1) {
      let stageId = rng.weighted(STAGE_WEIGHTS[m.role]);
      const isWonToday = i < wonToday;
      if (isWonToday) stageId = m.role === 'account_manager' ? '2005' : '1006';
      // Every cold caller has a fresh lead whose budget nobody asked yet.
      const forcedNoAmount = m.role === 'cold_caller' && i === wonToday;
      if (forcedNoAmount) stageId = '1001';
      const stage = stageOf(stageId);
      const repeat = stage.pipelineId === '102' || (m.role === 'closer' && rng.chance(0.3));
      const client = repeat ? rng.pick(REPEAT_CLIENTS) : rng.pick([...REPEAT_CLIENTS, ...OTHER_CLIENTS]);
      const product = stage.pipelineId === '102' ? rng.pick(REPEAT_PRODUCTS) : rng.pick(NEW_PRODUCTS);
      const title = client.startsWith('ИП ') && rng.chance(0.5) ? client : `${client} — ${product}`;
      const [lo, hi] = AMOUNT_RANGE[m.role];
      let amount: number | null = Math.max(30_000, Math.round(Math.exp(Math.log(lo) + rng.float() * (Math.log(hi) - Math.log(lo))) / 1000) * 1000);
      const early = stage.kind === 'open' && firstStageIds.has(stageId);
      if (forcedNoAmount || (early && !isWonToday && rng.chance(0.1))) amount = null;
      mine.push({
        role: m.role,
        kind: stage.kind,
        stalled: false,
        wonToday: isWonToday,
        deal: {
          id: '',
          title,
          amount,
          pipelineId: stage.pipelineId,
          stageId,
          ownerId: m.id,
          client,
          createdAt: 0,
          stageEnteredAt: 0,
          updatedAt: 0,
          closedAt: null,
          lossReason: stage.kind === 'lost' ? rng.weighted(LOSS_REASONS[m.role]) : null,
          nextTaskAt: null,
        },
      });
    }
    const open = mine.filter((d) => d.kind === 'open');
    for (const d of rng.shuffle(open).slice(0, STALLED_PER_MANAGER[m.id] ?? 0)) d.stalled = true;
    drafts.push(...mine);
  }

  for (const d of drafts) {
    const { deal } = d;
    if (d.kind === 'open') {
      // Calendar days (DST-safe), rounded inwards to whole seconds so the bounds hold exactly.
      deal.stageEnteredAt = d.stalled
        ? workBetween(ceilSec(subDays(opts.now, 40).getTime()), wholeSec(subDays(now, 15).getTime()))
        : workBetween(ceilSec(subDays(opts.now, 4).getTime()), nowMs);
      deal.createdAt = firstStageIds.has(deal.stageId) ? deal.stageEnteredAt : workBetween(oldest, deal.stageEnteredAt);
      deal.updatedAt = d.stalled
        ? workBetween(deal.stageEnteredAt, deal.stageEnteredAt + 3 * DAY)
        : workBetween(deal.stageEnteredAt, nowMs);
    } else {
      const workStart = todayStart + WORK_START_MIN * MIN;
      const closedAt = d.wonToday ? between(nowMs > workStart ? workStart : todayStart, nowMs) : pastWorkMoment(rng.int(1, 64));
      deal.closedAt = closedAt;
      deal.stageEnteredAt = closedAt;
      deal.updatedAt = closedAt;
      deal.createdAt = workBetween(Math.min(oldest, closedAt), closedAt);
      if (d.wonToday) {
        const truth = truthOf(deal.ownerId);
        truth.today.wonCount += 1;
        truth.today.wonAmount += deal.amount ?? 0;
      }
    }
  }

  // Ids grow with creation time, as in a real CRM.
  drafts.sort((a, b) => a.deal.createdAt - b.deal.createdAt);
  drafts.forEach((d, i) => {
    d.deal.id = String(10001 + i);
    if (d.stalled) truthOf(d.deal.ownerId).stalledDealIds.push(d.deal.id);
  });
  const deals = drafts.map((d) => d.deal);
  const dealsByOwner = new Map<string, DemoDeal[]>();
  for (const deal of deals) dealsByOwner.set(deal.ownerId, [...(dealsByOwner.get(deal.ownerId) ?? []), deal]);

  // A deal of this manager that existed at `at` (deals are sorted by creation), or null.
  const dealAt = (ownerId: string, at: number, p: number): string | null => {
    const own = dealsByOwner.get(ownerId) ?? [];
    let n = 0;
    while (n < own.length && itemAt(own, n).createdAt <= at) n += 1;
    if (n === 0 || !rng.chance(p)) return null;
    return itemAt(own, rng.int(0, n - 1)).id;
  };

  // ---- tasks
  const tasks: DemoTask[] = [];
  const tomorrow = addDays(new Date(todayStart), 1).getTime();
  const todayWorkEnd = todayStart + WORK_END_MIN * MIN;
  const addTask = (ownerId: string, role: DemoRole, dealId: string | null, dueAt: number, createdAt: number, done: boolean, type?: DemoTaskType) => {
    const taskType = type ?? rng.weighted(TASK_TYPE_WEIGHTS[role]);
    const doneAt = done ? Math.min(nowMs, Math.max(createdAt, wholeSec(dueAt + rng.int(-120, 180) * MIN))) : null;
    tasks.push({
      id: '',
      type: taskType,
      text: rng.pick(TASK_TEXTS[taskType]),
      dueAt,
      done,
      doneAt,
      ownerId,
      dealId,
      createdAt: Math.min(createdAt, dueAt, nowMs),
      updatedAt: doneAt ?? Math.min(createdAt, nowMs),
    });
  };
  const pendingDue = (deal: DemoDeal): number => {
    const r = rng.float();
    const overdueFrom = Math.max(deal.createdAt, nowMs - 6 * DAY);
    if (r < 0.2 && overdueFrom < nowMs - 30 * MIN) return workBetween(overdueFrom, nowMs - 30 * MIN);
    if (r < 0.5 && nowMs < todayWorkEnd - 10 * MIN) return between(nowMs + 5 * MIN, todayWorkEnd);
    if (r < 0.85) return wholeSec(tomorrow + rng.int(10 * 60, 17 * 60) * MIN);
    return wholeSec(addDays(new Date(tomorrow), rng.int(1, 6)).getTime() + rng.int(10 * 60, 17 * 60) * MIN);
  };
  for (const d of drafts) {
    const { deal, role } = d;
    const end = deal.closedAt ?? (d.stalled ? deal.stageEnteredAt + 2 * DAY : nowMs);
    for (let k = rng.int(d.kind === 'open' ? 0 : 1, 2); k > 0; k -= 1) {
      const due = workBetween(deal.createdAt, end);
      addTask(deal.ownerId, role, deal.id, due, workBetween(deal.createdAt, due), true);
    }
    if (d.kind !== 'open') continue;
    if (d.stalled) {
      // Nobody touches a stalled deal: an old overdue task at most.
      if (rng.chance(0.5)) {
        const due = wholeSec(deal.stageEnteredAt + rng.int(1, 5) * DAY);
        addTask(deal.ownerId, role, deal.id, due, deal.stageEnteredAt, false);
      }
      continue;
    }
    const due = pendingDue(deal);
    addTask(deal.ownerId, role, deal.id, due, workBetween(deal.createdAt, Math.min(due, nowMs)), false);
  }
  for (const m of MANAGERS) {
    const day = nowMs < todayWorkEnd ? between(nowMs, todayWorkEnd) : wholeSec(tomorrow + 11 * HOUR);
    tasks.push(
      {
        id: '', type: 'call', text: 'Обзвонить базу «Спящие клиенты»', dueAt: day, done: false, doneAt: null,
        ownerId: m.id, dealId: null, createdAt: wholeSec(todayStart - 3 * DAY), updatedAt: wholeSec(todayStart - 3 * DAY),
      },
      {
        id: '', type: 'email', text: 'Разослать новый прайс', dueAt: wholeSec(todayStart - 2 * DAY + 12 * HOUR), done: false, doneAt: null,
        ownerId: m.id, dealId: null, createdAt: wholeSec(todayStart - 5 * DAY), updatedAt: wholeSec(todayStart - 5 * DAY),
      },
    );
  }
  tasks.sort((a, b) => a.createdAt - b.createdAt || a.dueAt - b.dueAt);
  tasks.forEach((t, i) => {
    t.id = String(50001 + i);
  });
  for (const deal of deals) {
    const pending = tasks.filter((t) => t.dealId === deal.id && !t.done).map((t) => t.dueAt);
    deal.nextTaskAt = pending.length > 0 ? Math.min(...pending) : null;
  }

  // ---- calls and meetings: the last 4 weeks, working days, 09:00–18:00, today only up to now
  const activities: DemoActivity[] = [];
  const lastCallToday = new Map<string, number>();
  const phone = () => `+7 9${rng.int(10, 99)} ${rng.int(100, 999)}-${rng.int(10, 99)}-${rng.int(10, 99)}`;
  const record = (a: DemoActivity) => {
    activities.push(a);
    if (a.at < todayStart) return;
    const today = truthOf(a.ownerId).today;
    if (a.type === 'meeting') {
      today.meetings += 1;
      return;
    }
    today.calls += 1;
    if (a.durationSec > 15) today.conversations += 1;
    lastCallToday.set(a.ownerId, Math.max(lastCallToday.get(a.ownerId) ?? 0, a.at));
  };
  /** A call that starts and ends inside [from, to]; skipped (false) when it does not fit. */
  const addCall = (ownerId: string, role: DemoRole, from: number, to: number): boolean => {
    const answered = !rng.chance(0.4);
    const durationSec = answered ? Math.min(900, 16 + Math.floor(-Math.log(1 - rng.float()) * TALK_MEAN_SEC[role])) : rng.int(0, 10);
    const latest = to - durationSec * SEC;
    if (latest < from) return false;
    const at = between(from, latest);
    const direction = rng.chance(OUTBOUND_SHARE[role]) ? 'out' : 'in';
    record({
      id: '',
      type: 'call',
      at,
      ownerId,
      dealId: dealAt(ownerId, at, 0.7),
      durationSec,
      direction,
      outcome: answered ? rng.pick(ANSWERED_OUTCOMES[role]) : rng.pick(UNANSWERED_OUTCOMES),
      phone: phone(),
    });
    return true;
  };
  const addMeeting = (ownerId: string, start: number, durationSec: number) => {
    record({
      id: '',
      type: 'meeting',
      at: start,
      ownerId,
      dealId: dealAt(ownerId, start, 0.9),
      durationSec,
      direction: null,
      outcome: rng.pick(MEETING_OUTCOMES),
      phone: null,
    });
  };

  const dayFraction = (to: number, dayStart: number) =>
    Math.min(1, Math.max(0, (to - (dayStart + WORK_START_MIN * MIN)) / ((WORK_END_MIN - WORK_START_MIN) * MIN)));

  for (let daysAgo = 27; daysAgo >= 0; daysAgo -= 1) {
    const dayStart = subDays(new Date(todayStart), daysAgo).getTime();
    if (isWeekend(new Date(dayStart))) continue;
    const isToday = daysAgo === 0;
    const from = dayStart + WORK_START_MIN * MIN;
    const dayEnd = dayStart + WORK_END_MIN * MIN;
    const to = isToday ? Math.min(dayEnd, nowMs) : dayEnd;
    for (const m of MANAGERS) {
      const [lo, hi] = CALLS_PER_DAY[m.role];
      let planned = rng.int(lo, hi);
      let callsTo = to;
      if (isToday) {
        planned = Math.round(planned * dayFraction(to, dayStart));
        if (m.id === BEHIND_PLAN_ID) planned = Math.round(planned * 0.12);
        // The silent manager worked at the usual pace, then stopped two hours ago.
        if (m.id === SILENT_ID && duringWorkHours) callsTo = nowMs - 2 * HOUR;
      }
      for (let c = 0; c < planned; c += 1) addCall(m.id, m.role, from, callsTo);

      if (m.role === 'cold_caller') continue;
      if (isToday && m.id === SILENT_ID) continue;
      const meetings = rng.weighted([[0, 30], [1, 50], [2, 20]] as const);
      for (let k = 0; k < meetings; k += 1) {
        const start = dayStart + rng.int(20, 33) * 30 * MIN; // 10:00 … 16:30
        const durationSec = rng.pick([1800, 2700, 3600, 5400]);
        if (start + durationSec * SEC <= Math.min(to, nowMs)) addMeeting(m.id, start, durationSec);
      }
    }
    if (isToday) {
      // A meeting the first closer surely held this morning.
      const start = dayStart + 10 * HOUR;
      if (start + HOUR <= nowMs) addMeeting('6', start, 3600);
      // Everyone but the silent manager called within the last 30 minutes.
      if (duringWorkHours) {
        for (const m of MANAGERS) {
          if (m.id === SILENT_ID) continue;
          const recentFrom = Math.max(from, nowMs - 30 * MIN);
          for (let tries = 0; (lastCallToday.get(m.id) ?? 0) < recentFrom && tries < 50; tries += 1) {
            addCall(m.id, m.role, recentFrom, nowMs);
          }
        }
      }
    }
  }
  activities.sort((a, b) => a.at - b.at || Number(a.ownerId) - Number(b.ownerId));
  activities.forEach((a, i) => {
    a.id = String(200001 + i);
  });

  for (const truth of Object.values(managers)) truth.stalledDealIds.sort();

  return {
    now: nowMs,
    seed,
    account: { id: '31415926', name: 'Акме', subdomain: 'acme', currency: 'RUB' },
    users,
    pipelines,
    deals,
    tasks,
    activities,
    truth: { headId: HEAD.id, managers },
  };
}

/** The stage with this id, if any. */
export function findStage(data: DemoData, stageId: string): DemoStage | undefined {
  for (const pipeline of data.pipelines) {
    const stage = pipeline.stages.find((s) => s.id === stageId);
    if (stage) return stage;
  }
  return undefined;
}
