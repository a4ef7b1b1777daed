// The popup screens over a real (fake-IndexedDB) database: what a manager and a head see.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestSnapshot } from '../../entrypoints/background/handlers';
import { App } from '../../entrypoints/popup/App';
import { db } from '../../lib/db';
import type { ActivityFields, DealFields, Snapshot } from '../../lib/model';
import { saveSettings } from '../../lib/queries';
import type { RoleId } from '../../lib/settings';
import { usePopupStore } from '../../lib/store';

const ACCOUNT = 'https://acme.amocrm.ru';
// Wednesday 18 November 2026, 15:30 local: 5.5 of 8 working hours gone (lunch 13–14 excluded).
const NOW = new Date(2026, 10, 18, 15, 30);
const at = (day: number, h: number, m = 0) => new Date(2026, 10, day, h, m).getTime();

function deal(id: string, patch: Partial<DealFields> = {}): DealFields {
  return {
    crmId: id, title: `Сделка ${id}`, amount: 100_000, currency: 'RUB', pipelineId: 'p', stageId: 's1', status: 'open', ownerId: '7',
    createdAt: at(1, 10), stageEnteredAt: at(17, 10), updatedAt: at(17, 10), closedAt: null, lossReason: null, client: null,
    nextTaskAt: at(19, 10), url: `${ACCOUNT}/leads/detail/${id}`, ...patch,
  };
}

function call(id: string, hour: number, durationSec: number, ownerId = '7'): ActivityFields {
  return { crmId: id, type: 'call', at: at(18, hour, Number(id.replace(/\D/g, '')) % 60), ownerId, dealId: null, durationSec, direction: 'out', outcome: null };
}

function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    crm: 'amocrm', account: ACCOUNT, accountName: 'acme', currency: 'RUB', source: 'api', readAt: NOW.getTime() - 120_000, currentUserId: '7',
    managers: [
      { crmId: '7', name: 'Ирина Ковалёва', title: null, active: true },
      { crmId: '8', name: 'Олег Петров', title: null, active: true },
    ],
    pipelines: [{ crmId: 'p', name: 'Продажи', order: 1 }],
    stages: [
      { crmId: 's1', pipelineId: 'p', name: 'КП отправлено', order: 1, kind: 'open' },
      { crmId: 'won', pipelineId: 'p', name: 'Успешно', order: 9, kind: 'won' },
    ],
    deals: [
      deal('1', { title: '<img src=x onerror=alert(1)> ООО Ромашка', amount: 1_250_000, stageEnteredAt: at(3, 10), nextTaskAt: null }),
      deal('2'),
      deal('3', { status: 'won', stageId: 'won', closedAt: at(18, 11), amount: 120_000 }),
    ],
    tasks: [],
    // 46 calls today, 18 of them conversations; a meeting.
    activities: [
      ...Array.from({ length: 46 }, (_, i) => call(`c${i}`, 9 + (i % 4), i < 18 ? 60 : 5)),
      { crmId: 'm1', type: 'meeting', at: at(18, 11), ownerId: '7', dealId: '2', durationSec: 3600, direction: null, outcome: null },
    ],
    problems: [],
    ...patch,
  };
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  usePopupStore.setState({ tab: 'my-day', managerId: null, showAllStalled: false });
});

async function seed(role: 'account_manager' | 'cold_caller' | null, language: 'ru' | 'en' = 'en', s = snapshot()) {
  await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot: s });
  const roles: Record<string, RoleId> = role ? { [`${ACCOUNT}|7`]: role } : {};
  await saveSettings(db, (current) => ({ ...current, language, roles }));
}

describe('My day', () => {
  it('shows calls left, the pace, every KPI of the role and the stalled deals with reasons', async () => {
    await seed('account_manager');
    render(<App now={NOW} />);
    const left = await screen.findByTestId('calls-left');
    expect(left.dataset.value).toBe('0'); // 46 of 40: done
    expect(screen.getByTestId('calls-done').textContent).toBe('46 / 40');
    expect(screen.getByTestId('kpi-conversations').dataset.fact).toBe('18');
    expect(screen.getByTestId('kpi-meetings').dataset.fact).toBe('1');
    expect(screen.getByTestId('kpi-wonAmount').dataset.fact).toBe('120000');
    const stalled = screen.getByTestId('stalled');
    expect(stalled.dataset.count).toBe('1');
    // Page text is shown as text, never as markup.
    expect(within(stalled).getByRole('link').textContent).toBe('<img src=x onerror=alert(1)> ООО Ромашка');
    expect(stalled.querySelector('img')).toBeNull();
    // 3 → 18 November: 11 weekdays, less 4 November (a public holiday in Russia).
    expect(stalled.textContent).toMatch(/10 working days in «КП отправлено» \(limit 7\); no next task/);
  });

  it('gives the pace needed per remaining working hour (Russian plurals)', async () => {
    await seed('cold_caller', 'ru');
    render(<App now={NOW} />);
    const left = await screen.findByTestId('calls-left');
    // 80 − 46 = 34 calls in 2.5 working hours → 13,6 an hour.
    expect(left.dataset.value).toBe('34');
    expect(left.textContent).toMatch(/34\s*звонка до плана/);
    expect(screen.getByTestId('calls-pace').textContent).toBe('нужно 13,6 в час');
  });

  it('asks for a role before it shows targets, and remembers the choice', async () => {
    await seed(null);
    render(<App now={NOW} />);
    const picker = await screen.findByTestId('role-picker');
    expect(screen.queryByTestId('calls-left')).toBeNull();
    await userEvent.selectOptions(picker, 'cold_caller');
    expect((await screen.findByTestId('calls-left')).dataset.value).toBe('34');
  });

  it('says what the last read could not get, and keeps showing the stored figures', async () => {
    await seed('cold_caller', 'en', snapshot({ problems: [{ code: 'amount-missing', message: 'amoCRM: 3 cards without amount' }] }));
    render(<App now={NOW} />);
    expect((await screen.findByTestId('problems')).textContent).toContain('amoCRM: 3 cards without amount');
    expect(screen.getByTestId('calls-left').dataset.value).toBe('34');
  });

  it('teaches what to do when nothing has been read yet', async () => {
    await saveSettings(db, (current) => ({ ...current, language: 'ru' }));
    render(<App now={NOW} />);
    expect((await screen.findByTestId('empty')).textContent).toContain('Откройте доску сделок в CRM');
  });

  it('has no targets on a day off', async () => {
    await seed('cold_caller');
    render(<App now={new Date(2026, 10, 21, 12, 0)} />);
    expect(await screen.findByText('Day off: no targets today')).toBeTruthy();
    expect(screen.queryByTestId('calls-left')).toBeNull();
  });
});

describe('Team', () => {
  it('lists every manager with deals, flags the one behind, and opens their day on click', async () => {
    const s = snapshot();
    s.deals.push(deal('9', { ownerId: '8', title: 'Сделка Олега' }));
    s.activities.push(call('c900', 10, 30, '8'));
    await seed('cold_caller', 'en', s);
    await saveSettings(db, (current) => ({ ...current, roles: { ...current.roles, [`${ACCOUNT}|8`]: 'cold_caller' } }));
    render(<App now={NOW} />);
    await userEvent.click(await screen.findByRole('tab', { name: 'Team' }));
    const table = await screen.findByTestId('team');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.dataset.managerId)).toEqual(['8', '7']); // red first
    expect(rows[0]?.dataset.status).toBe('red');
    await userEvent.click(rows[0]!);
    await waitFor(() => expect(screen.getByTestId('who').textContent).toContain('Олег Петров'));
    expect(screen.getByTestId('calls-done').textContent).toBe('1 / 80');
  });
});
