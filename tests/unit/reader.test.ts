// The content script's read: parts sent in order, and the figures the background works out after the last part
// handed to the overlay, so the page does not ask for the same figures a second time.
import { describe, expect, it, vi } from 'vitest';
import { readOnce, sendWaking } from '../../entrypoints/crm.content/reader';
import type { CrmAdapter } from '../../lib/adapters/types';
import { MAX_RECORDS_PER_MESSAGE, type Message, type Reply } from '../../lib/messages';
import type { DealFields, Snapshot } from '../../lib/model';
import type { OverlayState } from '../../lib/queries/overlay';

const ACCOUNT = 'https://acme.amocrm.ru';
const deal = (i: number): DealFields => ({
  crmId: String(i),
  title: `Сделка ${i}`,
  amount: 1000,
  currency: 'RUB',
  pipelineId: 'p',
  stageId: 's',
  status: 'open',
  ownerId: '7',
  createdAt: 1,
  updatedAt: 1,
  closedAt: null,
  stageEnteredAt: 1,
  lossReason: null,
  client: null,
  nextTaskAt: null,
  url: `${ACCOUNT}/leads/detail/${i}`,
});
const OVERLAY = { callsLeft: 12, summary: '12 calls left' } as unknown as OverlayState;

function setup(deals: number, answer: (message: Message, last: boolean) => Reply) {
  const snapshot = { crm: 'amocrm', account: ACCOUNT, accountName: 'acme', currency: 'RUB', readAt: 1, source: 'api', currentUserId: '7', managers: [], pipelines: [], stages: [], deals: Array.from({ length: deals }, (_, i) => deal(i)), tasks: [], activities: [], problems: [] } as unknown as Snapshot;
  const adapter = { crm: 'amocrm', label: 'amoCRM', matches: () => true, read: async () => snapshot } as unknown as CrmAdapter;
  const send = vi.fn(async (message: Message): Promise<Reply> => {
    if (message.kind === 'read-state') return { ok: true, since: null };
    if (message.kind !== 'snapshot') throw new Error(`unexpected ${message.kind}`);
    return answer(message, message.part.index === message.part.count - 1);
  });
  const deps = { adapter, document, location: () => new URL(`${ACCOUNT}/leads/`), fetchJson: async () => ({}), pageGlobals: async () => null, cookies: () => '', send, now: () => new Date(2026, 10, 25) };
  return { deps, send };
}

describe('readOnce', () => {
  it('hands on the figures that came with the last part, and never asks for them itself', async () => {
    const { deps, send } = setup(MAX_RECORDS_PER_MESSAGE + 5, (message, last) => ({ ok: true, written: message.kind === 'snapshot' ? message.snapshot.deals.length : 0, skipped: 0, ...(last ? { overlay: OVERLAY } : {}) }));
    const outcome = await readOnce(deps);
    expect(outcome).toMatchObject({ ok: true, written: MAX_RECORDS_PER_MESSAGE + 5, overlay: OVERLAY });
    const kinds = send.mock.calls.map(([m]) => m.kind);
    expect(kinds.filter((k) => k === 'snapshot')).toHaveLength(2);
    expect(kinds).not.toContain('overlay-state');
  });

  it('leaves the figures out when the background could not work them out, so the overlay asks', async () => {
    const { deps } = setup(3, () => ({ ok: true, written: 3, skipped: 0 }));
    const outcome = await readOnce(deps);
    expect(outcome.ok).toBe(true);
    expect('overlay' in outcome).toBe(false);
  });
});

describe('sendWaking', () => {
  const gone = () => new Error('Could not establish connection. Receiving end does not exist.');

  it('tries again while the service worker wakes, and answers what it finally says', async () => {
    const send = vi.fn<() => Promise<string>>().mockRejectedValueOnce(gone()).mockRejectedValueOnce(new Error('The message port closed before a response was received.')).mockResolvedValue('ok');
    expect(await sendWaking(send, [0, 0, 0])).toBe('ok');
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('gives up after the last pause with the browser\'s error', async () => {
    const send = vi.fn<() => Promise<string>>().mockRejectedValue(gone());
    await expect(sendWaking(send, [0, 0])).rejects.toThrow('Receiving end does not exist');
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('does not repeat any other failure', async () => {
    const send = vi.fn<() => Promise<string>>().mockRejectedValue(new Error('Extension context invalidated.'));
    await expect(sendWaking(send, [0, 0])).rejects.toThrow('Extension context invalidated');
    expect(send).toHaveBeenCalledTimes(1);
  });
});
