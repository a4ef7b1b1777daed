// Stalled badges on a real-shaped board: on exactly the stalled cards, text only, removed when no longer stalled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBadges } from '../../entrypoints/crm.content/overlay/badges';
import { amocrmAdapter } from '../../lib/adapters/amocrm';

const board = () => new DOMParser().parseFromString(readFileSync(join(import.meta.dirname, '../fixtures/amocrm/pipeline.html'), 'utf8'), 'text/html');
const stalled = (dealId: string, why = '9 working days in «КП отправлено» (limit 7)') => ({ dealId, days: 9, label: '9 d', why });

describe('renderBadges on an amoCRM board', () => {
  it('puts one badge on each stalled card the board shows, and none elsewhere', () => {
    const doc = board();
    const ids = [...doc.querySelectorAll('.pipeline_leads__item[data-id]')].map((card) => card.getAttribute('data-id')!);
    const [first, second] = ids;
    const shown = renderBadges(doc, [stalled(first!), stalled(second!), stalled('not-on-this-board')], amocrmAdapter.cardIndex!(doc));
    expect(shown).toBe(2);
    const badged = [...doc.querySelectorAll('sales-pace-badge')].map((b) => b.closest('[data-id]')?.getAttribute('data-id'));
    expect(badged.sort()).toEqual([first, second].sort());
  });

  it('shows a hostile reason as text and takes the badge off when the deal is no longer stalled', () => {
    const doc = board();
    const id = doc.querySelector('.pipeline_leads__item[data-id]')!.getAttribute('data-id')!;
    renderBadges(doc, [stalled(id, '<img src=x onerror=alert(1)>')], amocrmAdapter.cardIndex!(doc));
    const pill = doc.querySelector('sales-pace-badge')!.shadowRoot!.querySelector('.pill')!;
    expect(pill.getAttribute('title')).toBe('<img src=x onerror=alert(1)>');
    expect(pill.querySelector('img')).toBeNull();
    renderBadges(doc, [], amocrmAdapter.cardIndex!(doc));
    expect(doc.querySelectorAll('sales-pace-badge')).toHaveLength(0);
  });
});
