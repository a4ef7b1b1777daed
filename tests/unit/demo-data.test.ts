// The demo data generator: deterministic, realistic in size, and its `truth` matches what it generated.
import { addDays, isWeekend, startOfDay, subDays } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { generateDemo, type DemoData, type DemoRole } from '../demo-crm/data';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Wednesday 25 Nov 2026, 14:30 in the process's time zone. */
const NOW = new Date(2026, 10, 25, 14, 30);

const minuteOfDay = (ms: number) => (ms - startOfDay(new Date(ms)).getTime()) / 60_000;

function stageKind(data: DemoData, stageId: string) {
  return data.pipelines.flatMap((p) => p.stages).find((s) => s.id === stageId)?.kind;
}

/** Counts today's figures straight from the generated records (test code, independent of the generator's bookkeeping). */
function countToday(data: DemoData, userId: string) {
  const from = startOfDay(new Date(data.now)).getTime();
  const mine = data.activities.filter((a) => a.ownerId === userId && a.at >= from);
  const calls = mine.filter((a) => a.type === 'call');
  const won = data.deals.filter(
    (d) => d.ownerId === userId && d.closedAt !== null && d.closedAt >= from && stageKind(data, d.stageId) === 'won',
  );
  return {
    calls: calls.length,
    conversations: calls.filter((a) => a.durationSec > 15).length,
    meetings: mine.filter((a) => a.type === 'meeting').length,
    wonAmount: won.reduce((s, d) => s + (d.amount ?? 0), 0),
    wonCount: won.length,
  };
}

describe('generateDemo', () => {
  const data = generateDemo({ now: NOW, seed: 42 });

  it('is deterministic for the same now and seed', () => {
    expect(generateDemo({ now: NOW, seed: 42 })).toEqual(data);
    expect(generateDemo({ now: NOW })).toEqual(data); // 42 is the default seed
    expect(generateDemo({ now: NOW, seed: 7 }).deals).not.toEqual(data.deals);
  });

  it('has a head and two managers per role', () => {
    expect(data.users).toHaveLength(7);
    expect(new Set(data.users.map((u) => u.id)).size).toBe(7);
    const head = data.users.find((u) => u.id === data.truth.headId);
    expect(head?.isHead).toBe(true);
    expect(head?.title).toBe('Руководитель отдела продаж');
    const roles = Object.values(data.truth.managers).map((m) => m.role);
    for (const role of ['cold_caller', 'account_manager', 'closer'] satisfies DemoRole[]) {
      expect(roles.filter((r) => r === role)).toHaveLength(2);
    }
    expect(Object.keys(data.truth.managers)).not.toContain(data.truth.headId);
  });

  it('has the two pipelines with unique numeric stage ids and one won and one lost stage each', () => {
    expect(data.pipelines.map((p) => p.name)).toEqual(['Продажи', 'Повторные продажи']);
    expect(data.pipelines[0]?.stages.map((s) => s.name)).toEqual([
      'Новая заявка', 'Квалификация', 'КП отправлено', 'Переговоры', 'Счёт выставлен', 'Успешно реализовано', 'Закрыто и не реализовано',
    ]);
    const stages = data.pipelines.flatMap((p) => p.stages);
    expect(new Set(stages.map((s) => s.id)).size).toBe(stages.length);
    for (const stage of stages) expect(stage.id).toMatch(/^\d+$/);
    for (const pipeline of data.pipelines) {
      expect(pipeline.stages.filter((s) => s.kind === 'won')).toHaveLength(1);
      expect(pipeline.stages.filter((s) => s.kind === 'lost')).toHaveLength(1);
    }
  });

  it('has about 300 deals with realistic fields', () => {
    expect(data.deals).toHaveLength(300);
    expect(new Set(data.deals.map((d) => d.id)).size).toBe(300);
    const amounts = data.deals.map((d) => d.amount);
    const withAmount = amounts.filter((a): a is number => a !== null);
    expect(amounts.length - withAmount.length).toBeGreaterThanOrEqual(2);
    expect(amounts.length - withAmount.length).toBeLessThan(20);
    expect(Math.min(...withAmount)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...withAmount)).toBeLessThanOrEqual(3_000_000);
    const byOwner = (id: string) => data.deals.filter((d) => d.ownerId === id).length;
    for (const [id, m] of Object.entries(data.truth.managers)) {
      if (m.role === 'cold_caller') expect(byOwner(id)).toBeLessThan(40);
      else expect(byOwner(id)).toBeGreaterThan(40);
    }
    for (const d of data.deals) {
      const kind = stageKind(data, d.stageId);
      expect(kind).toBeDefined();
      expect(d.createdAt).toBeGreaterThanOrEqual(data.now - 71 * DAY);
      expect(d.createdAt).toBeLessThanOrEqual(d.stageEnteredAt);
      expect(d.stageEnteredAt).toBeLessThanOrEqual(d.updatedAt);
      expect(d.updatedAt).toBeLessThanOrEqual(data.now);
      expect(d.closedAt !== null).toBe(kind !== 'open');
      expect(d.lossReason !== null).toBe(kind === 'lost');
      expect(d.title.startsWith(d.client)).toBe(true);
    }
    const lossReasons = new Set(data.deals.map((d) => d.lossReason).filter(Boolean));
    expect([...lossReasons].every((r) => ['Дорого', 'Выбрали конкурента', 'Нет бюджета', 'Не дозвонились', 'Неактуально'].includes(r ?? ''))).toBe(true);
    // Repeat buyers: some clients have more than one deal.
    const clients = data.deals.map((d) => d.client);
    expect(new Set(clients).size).toBeLessThan(clients.length / 2);
  });

  it('makes exactly the truth deals stalled (15+ days in stage) and every other open deal fresh (0–4 days)', () => {
    const stalled = new Set(Object.values(data.truth.managers).flatMap((m) => m.stalledDealIds));
    expect(stalled.size).toBeGreaterThanOrEqual(6);
    for (const [id, m] of Object.entries(data.truth.managers)) {
      expect(m.stalledDealIds.length).toBeGreaterThan(0);
      for (const dealId of m.stalledDealIds) expect(data.deals.find((d) => d.id === dealId)?.ownerId).toBe(id);
    }
    for (const d of data.deals) {
      const kind = stageKind(data, d.stageId);
      if (stalled.has(d.id)) {
        expect(kind).toBe('open');
        expect(d.stageEnteredAt).toBeLessThanOrEqual(subDays(NOW, 15).getTime());
        expect(d.stageEnteredAt).toBeGreaterThanOrEqual(subDays(NOW, 40).getTime());
      } else if (kind === 'open') {
        expect(d.stageEnteredAt).toBeGreaterThanOrEqual(subDays(NOW, 4).getTime());
      }
    }
  });

  it('has calls only on working days 09:00–18:00 of the last 4 weeks, none after now', () => {
    expect(data.activities.length).toBeGreaterThan(3000);
    for (const a of data.activities) {
      expect(a.at + a.durationSec * 1000).toBeLessThanOrEqual(data.now);
      expect(a.at).toBeGreaterThanOrEqual(subDays(startOfDay(NOW), 28).getTime());
      expect(isWeekend(new Date(a.at))).toBe(false);
      expect(minuteOfDay(a.at)).toBeGreaterThanOrEqual(9 * 60);
      expect(minuteOfDay(a.at + a.durationSec * 1000)).toBeLessThanOrEqual(18 * 60);
    }
    const calls = data.activities.filter((a) => a.type === 'call');
    const unanswered = calls.filter((a) => a.durationSec <= 10).length / calls.length;
    expect(unanswered).toBeGreaterThan(0.33);
    expect(unanswered).toBeLessThan(0.47);
    expect(calls.every((a) => a.durationSec <= 10 || (a.durationSec >= 16 && a.durationSec <= 900))).toBe(true);
    // Meetings belong to account managers and closers.
    const meetingOwners = new Set(data.activities.filter((a) => a.type === 'meeting').map((a) => data.truth.managers[a.ownerId]?.role));
    expect([...meetingOwners].sort()).toEqual(['account_manager', 'closer']);
  });

  it('has tasks linked to deals: done, overdue and for tomorrow', () => {
    const now = data.now;
    const tomorrow = startOfDay(addDays(NOW, 1)).getTime();
    expect(data.tasks.some((t) => t.done && t.doneAt !== null && t.doneAt <= now)).toBe(true);
    expect(data.tasks.some((t) => !t.done && t.dueAt < now)).toBe(true);
    expect(data.tasks.some((t) => !t.done && t.dueAt >= tomorrow && t.dueAt < tomorrow + DAY)).toBe(true);
    expect(data.tasks.every((t) => t.dealId === null || data.deals.some((d) => d.id === t.dealId && d.ownerId === t.ownerId))).toBe(true);
    expect(data.tasks.every((t) => (t.doneAt ?? 0) <= now && t.createdAt <= now)).toBe(true);
    for (const d of data.deals) {
      const pending = data.tasks.filter((t) => t.dealId === d.id && !t.done).map((t) => t.dueAt);
      expect(d.nextTaskAt).toBe(pending.length > 0 ? Math.min(...pending) : null);
    }
  });

  it("keeps truth equal to a recount of today's records", () => {
    for (const [id, m] of Object.entries(data.truth.managers)) expect(m.today, `user ${id}`).toEqual(countToday(data, id));
  });

  it('makes one manager behind plan, one silent, and a closer win a deal today', () => {
    const managers = Object.entries(data.truth.managers);
    const behind = managers.filter(([, m]) => m.behindPlan);
    const silent = managers.filter(([, m]) => m.silent);
    expect(behind).toHaveLength(1);
    expect(silent).toHaveLength(1);
    const [behindId, behindTruth] = behind[0] ?? [];
    const [silentId] = silent[0] ?? [];
    expect(behindId).not.toBe(silentId);
    // 14:30 is 5.5 of 9 working hours: the usual pace would be ~60% of the day's calls.
    const expected = (behindTruth?.callsPerDayTypical ?? 0) * (5.5 / 9);
    expect(behindTruth?.today.calls ?? Infinity).toBeLessThan(expected / 3);
    for (const [id, m] of managers) {
      const lastCall = Math.max(0, ...data.activities.filter((a) => a.ownerId === id && a.type === 'call').map((a) => a.at));
      if (id === silentId) expect(lastCall).toBeLessThanOrEqual(data.now - 2 * HOUR);
      else expect(lastCall, `${m.name} called recently`).toBeGreaterThanOrEqual(data.now - 30 * 60_000);
    }
    const closersWinning = managers.filter(([, m]) => m.role === 'closer' && m.today.wonCount > 0);
    expect(closersWinning.length).toBeGreaterThan(0);
    const wonToday = data.deals.filter((d) => d.closedAt !== null && d.closedAt >= startOfDay(NOW).getTime() && stageKind(data, d.stageId) === 'won');
    expect(wonToday.every((d) => d.closedAt !== null && d.closedAt <= data.now && d.amount !== null)).toBe(true);
  });

  it.each([
    ['Saturday noon', new Date(2026, 10, 28, 12, 0), { callsToday: false, behind: false, silent: false }],
    ['Wednesday 08:00', new Date(2026, 10, 25, 8, 0), { callsToday: false, behind: false, silent: false }],
    ['Wednesday 09:40', new Date(2026, 10, 25, 9, 40), { callsToday: true, behind: false, silent: true }],
    ['Wednesday 19:30', new Date(2026, 10, 25, 19, 30), { callsToday: true, behind: true, silent: false }],
    ['Monday 11:05:07.250', new Date(2026, 10, 23, 11, 5, 7, 250), { callsToday: true, behind: true, silent: true }],
  ] as const)('at %s keeps its invariants', (_label, now, expected) => {
    const d = generateDemo({ now });
    expect(d.now).toBeLessThanOrEqual(now.getTime());
    expect(d.activities.every((a) => a.at + a.durationSec * 1000 <= d.now)).toBe(true);
    const todayCalls = Object.values(d.truth.managers).reduce((s, m) => s + m.today.calls, 0);
    expect(todayCalls > 0).toBe(expected.callsToday);
    expect(Object.values(d.truth.managers).some((m) => m.behindPlan)).toBe(expected.behind);
    expect(Object.values(d.truth.managers).some((m) => m.silent)).toBe(expected.silent);
    for (const [id, m] of Object.entries(d.truth.managers)) {
      expect(m.today).toEqual(countToday(d, id));
      if (m.silent) expect(d.activities.some((a) => a.ownerId === id && a.type === 'call' && a.at > d.now - 2 * HOUR)).toBe(false);
    }
    expect(d.deals.every((deal) => deal.updatedAt <= d.now && (deal.closedAt ?? 0) <= d.now)).toBe(true);
  });
});
