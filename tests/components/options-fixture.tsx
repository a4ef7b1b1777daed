// The options page over a fake-IndexedDB database, for the tests of its forms: one amoCRM account, two managers, one pipeline.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { ingestSnapshot } from '../../entrypoints/background/handlers';
import { App } from '../../entrypoints/options/App';
import { db } from '../../lib/db';
import type { DealFields, Snapshot } from '../../lib/model';
import { loadSettings, saveSettings } from '../../lib/queries';
import type { Settings } from '../../lib/settings';

export const ACCOUNT = 'https://acme.amocrm.ru';
/** Wednesday 18 November 2026: the week has 5 working days, the month 20 (4 November is a holiday). */
export const NOW = new Date(2026, 10, 18, 15, 30);
export const IRINA = `${ACCOUNT}|7`;
export const OLEG = `${ACCOUNT}|8`;
export const STAGE_OFFER = `${ACCOUNT}|s1`;
export const STAGE_TALKS = `${ACCOUNT}|s2`;

/** A moment in November 2026. */
export const at = (day: number, hour = 10) => new Date(2026, 10, day, hour).getTime();

export function deal(id: string, patch: Partial<DealFields> = {}): DealFields {
  return {
    crmId: id, title: `Сделка ${id}`, amount: 100_000, currency: 'RUB', pipelineId: 'p', stageId: 's1', status: 'open', ownerId: '7',
    createdAt: at(1), stageEnteredAt: at(17), updatedAt: at(17), closedAt: null, lossReason: null, client: null,
    nextTaskAt: null, url: `${ACCOUNT}/leads/detail/${id}`, ...patch,
  };
}

/**
 * The account as read: Irina (the signed-in user), Oleg (owns only a call; his position suggests a role), one
 * pipeline whose stages come out of CRM order, and six open deals in «КП отправлено», entered 1, 2, 3, 4, 8
 * and 11 working days before NOW: enough for a suggested limit there, none in «Переговоры».
 */
export function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    crm: 'amocrm', account: ACCOUNT, accountName: 'acme', currency: 'RUB', source: 'api', readAt: NOW.getTime() - 120_000, currentUserId: '7',
    managers: [
      { crmId: '7', name: 'Ирина Ковалёва', title: null, active: true },
      { crmId: '8', name: 'Олег Петров', title: 'Менеджер холодных звонков', active: true },
    ],
    pipelines: [{ crmId: 'p', name: 'Продажи', order: 1 }],
    stages: [
      { crmId: 's2', pipelineId: 'p', name: 'Переговоры', order: 2, kind: 'open' },
      { crmId: 's1', pipelineId: 'p', name: 'КП отправлено', order: 1, kind: 'open' },
      { crmId: 'won', pipelineId: 'p', name: 'Успешно', order: 9, kind: 'won' },
    ],
    deals: [17, 16, 13, 12, 6, 2].map((day, i) => deal(String(i + 1), { stageEnteredAt: at(day), updatedAt: at(day) })),
    tasks: [],
    activities: [{ crmId: 'c1', type: 'call', at: at(18), ownerId: '8', dealId: null, durationSec: 40, direction: 'out', outcome: null }],
    problems: [],
    ...patch,
  };
}

/** A fresh database with the account read and the settings patched (English, Irina a cold caller). */
export async function seed(patch: Partial<Settings> = {}, read: Snapshot = snapshot()) {
  await Promise.all(db.tables.map((table) => table.clear()));
  history.replaceState(null, '', '#');
  await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot: read });
  await saveSettings(db, (current) => ({ ...current, language: 'en', roles: { [IRINA]: 'cold_caller' }, ...patch }));
}

export function renderOptions(section?: 'stages') {
  if (section) history.replaceState(null, '', `#${section}`);
  const sites = { listSites: vi.fn(async () => []), revokeSite: vi.fn(async () => undefined) };
  render(<App now={() => NOW} sites={sites} download={vi.fn()} />);
  return userEvent.setup();
}

export const stored = () => loadSettings(db);

/** The form (or group) by its test id, once the page has loaded. */
export const form = (testId: string) => screen.findByTestId(testId);
