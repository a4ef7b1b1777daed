// Replaces a running demo CRM's live data with a big team (50 managers, 20 000 deals, 100 000 calls) or adds the synthetic board's cards to it.
import { startOfDay, subDays } from 'date-fns';
import { Rng, type DemoActivity, type DemoData, type DemoDeal, type DemoUser } from '../demo-crm/data';
import { syntheticCards } from '../demo-crm/pages';

export interface TeamSize {
  managers: number;
  deals: number;
  activities: number;
}

export interface BigTeam {
  headId: string;
  /** A second head: signing in as them makes the extension read everything again from scratch (its cursor is per user). */
  secondHeadId: string;
  managerIds: string[];
  /** Calls and meetings placed on `now`'s day. */
  todayActivities: number;
}

const SEC = 1000;
const HOUR = 3600 * SEC;
const wholeSec = (ms: number) => Math.floor(ms / SEC) * SEC;

const OUTCOMES = ['Разговор состоялся', 'Не дозвонился', 'Перезвонить позже', 'Обсудили КП', 'Занято'] as const;
const NAMES = ['Иван', 'Мария', 'Пётр', 'Анна', 'Олег', 'Елена', 'Сергей', 'Ольга', 'Дмитрий', 'Наталья'] as const;
const SURNAMES = ['Иванов', 'Петров', 'Сидоров', 'Кузнецов', 'Смирнов'] as const;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return rng.pick(items);
}

/**
 * Swaps `data`'s users, deals, tasks and calls for a big team in place (the server reads `data` on every
 * request). Everything happened before `now` minus a minute; every deal last changed at least an hour ago,
 * so an incremental read right after a full one finds nothing new.
 */
export function installBigTeam(data: DemoData, size: TeamSize, now: Date): BigTeam {
  const rng = new Rng(20_000);
  const nowMs = wholeSec(now.getTime());
  const head: DemoUser = { id: '1', name: 'Анна Кузнецова', email: 'head@acme.example', title: 'Руководитель отдела продаж', isHead: true, role: null };
  const secondHead: DemoUser = { id: '999', name: 'Борис Зимин', email: 'deputy@acme.example', title: 'Заместитель руководителя', isHead: true, role: null };
  const managers: DemoUser[] = [];
  for (let i = 0; i < size.managers; i += 1) {
    const role = (['cold_caller', 'account_manager', 'closer'] as const)[i % 3] ?? 'closer';
    managers.push({
      id: String(2 + i),
      name: `${pick(rng, NAMES)} ${pick(rng, SURNAMES)} ${i + 1}`,
      email: `m${i + 1}@acme.example`,
      title: role === 'cold_caller' ? 'Менеджер холодных звонков' : role === 'account_manager' ? 'Менеджер по работе с клиентами' : 'Менеджер по продажам',
      isHead: false,
      role,
    });
  }
  data.users.splice(0, data.users.length, head, ...managers, secondHead);

  const clients = [...new Set(data.deals.map((d) => d.client))];
  const stages = data.pipelines.flatMap((p) => p.stages);
  const weighted = stages.map((s) => [s, s.kind === 'open' ? 4 : 1] as const);
  const deals: DemoDeal[] = [];
  const dealsOf = new Map<string, string[]>();
  for (let i = 0; i < size.deals; i += 1) {
    const owner = managers[i % managers.length] ?? head;
    const stage = rng.weighted(weighted);
    const client = clients.length > 0 ? pick(rng, clients) : 'ООО Ромашка';
    const createdAt = wholeSec(nowMs - HOUR - rng.int(0, 70 * 24 * 3600) * SEC);
    const enteredAt = wholeSec(createdAt + rng.float() * (nowMs - HOUR - createdAt));
    const id = String(1_000_001 + i);
    deals.push({
      id,
      title: `${client} — сделка ${i + 1}`,
      amount: rng.chance(0.05) ? null : rng.int(30, 3000) * 1000,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      ownerId: owner.id,
      client,
      createdAt,
      stageEnteredAt: enteredAt,
      updatedAt: enteredAt,
      closedAt: stage.kind === 'open' ? null : enteredAt,
      lossReason: stage.kind === 'lost' ? 'Дорого' : null,
      nextTaskAt: stage.kind === 'open' && rng.chance(0.7) ? wholeSec(nowMs + rng.int(-3 * 24 * 3600, 5 * 24 * 3600) * SEC) : null,
    });
    const own = dealsOf.get(owner.id);
    if (own) own.push(id);
    else dealsOf.set(owner.id, [id]);
  }

  const todayStart = startOfDay(now).getTime();
  const todayEnd = nowMs - 60 * SEC;
  // A twentieth of the calls happened today (about 100 per manager), the rest over the four weeks before.
  const todayShare = todayEnd - todayStart > 5 * 60 * SEC ? 0.05 : 0;
  const activities: DemoActivity[] = [];
  let todayActivities = 0;
  for (let i = 0; i < size.activities; i += 1) {
    const owner = managers[i % managers.length] ?? head;
    let at: number;
    if (rng.chance(todayShare)) {
      at = wholeSec(todayStart + rng.float() * (todayEnd - todayStart));
      todayActivities += 1;
    } else {
      const day = startOfDay(subDays(new Date(todayStart), rng.int(1, 28))).getTime();
      at = wholeSec(day + 9 * HOUR + rng.float() * 9 * HOUR);
    }
    const meeting = rng.chance(0.08);
    const own = dealsOf.get(owner.id) ?? [];
    const answered = rng.chance(0.6);
    activities.push({
      id: String(5_000_001 + i),
      type: meeting ? 'meeting' : 'call',
      at: Math.min(at, todayEnd),
      ownerId: owner.id,
      dealId: own.length > 0 && rng.chance(0.7) ? (own[rng.int(0, own.length - 1)] ?? null) : null,
      durationSec: meeting ? 3600 : answered ? rng.int(16, 900) : rng.int(0, 10),
      direction: meeting ? null : rng.chance(0.8) ? 'out' : 'in',
      outcome: pick(rng, OUTCOMES),
      phone: null,
    });
  }
  data.deals = deals;
  data.tasks = [];
  data.activities = activities;
  return { headId: head.id, secondHeadId: secondHead.id, managerIds: managers.map((m) => m.id), todayActivities };
}

/**
 * Makes the synthetic `?cards=N` board's cards real deals of the CRM (same ids, stages, owners), so the
 * board's own move endpoint accepts them and the extension's API read sees the same board the page shows.
 */
export function addBoardDeals(data: DemoData, pipelineId: string, viewerId: string, count: number, now: Date): number {
  const pipeline = data.pipelines.find((p) => p.id === pipelineId);
  const viewer = data.users.find((u) => u.id === viewerId);
  if (!pipeline || !viewer) throw new Error(`bench: no pipeline ${pipelineId} or user ${viewerId} in the demo CRM`);
  const kinds = new Map(pipeline.stages.map((s) => [s.id, s.kind]));
  const known = new Set(data.deals.map((d) => d.id));
  let added = 0;
  for (const card of syntheticCards(data, pipeline, viewer, count, now)) {
    if (known.has(card.id)) continue;
    const kind = kinds.get(card.stageId) ?? 'open';
    data.deals.push({
      id: card.id,
      title: card.title,
      amount: card.amount,
      pipelineId,
      stageId: card.stageId,
      ownerId: card.ownerId,
      client: card.client ?? '',
      createdAt: wholeSec(card.createdAt),
      stageEnteredAt: wholeSec(card.stageEnteredAt),
      updatedAt: wholeSec(card.updatedAt),
      closedAt: kind === 'open' ? null : wholeSec(card.stageEnteredAt),
      lossReason: kind === 'lost' ? 'Дорого' : null,
      nextTaskAt: card.nextTaskAt === null ? null : wholeSec(card.nextTaskAt),
    });
    added += 1;
  }
  return added;
}
