// Regenerates tests/fixtures/demo/kanban.html: a small kanban page rendered by the demo CRM's own renderer.
// Run: npx tsx tests/demo-crm/save-fixture.ts   (pinned clock and seed, so the output is stable)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemo, type DemoDeal } from './data';
import { kanbanPage } from './pages';

export const FIXTURE_NOW = new Date(2026, 10, 25, 14, 30); // Wednesday 25 Nov 2026, 14:30 local time
export const FIXTURE_USER_ID = '2';

const data = generateDemo({ now: FIXTURE_NOW, seed: 42 });
const viewer = data.users.find((u) => u.id === FIXTURE_USER_ID);
const pipeline = data.pipelines[0];
if (!viewer || !pipeline) throw new Error('demo data has no user 2 or no pipeline');

// One card per stage where this cold caller has one, plus the card without amount: a few cards, open and lost.
const own = data.deals.filter((d) => d.ownerId === viewer.id && d.pipelineId === pipeline.id);
const picked = new Map<string, DemoDeal>();
for (const stage of pipeline.stages) {
  const deal = own.find((d) => d.stageId === stage.id && d.amount !== null);
  if (deal) picked.set(deal.id, deal);
}
const noAmount = own.find((d) => d.amount === null);
if (!noAmount) throw new Error('the cold caller has no deal without amount');
picked.set(noAmount.id, noAmount);

const html = kanbanPage({ data: { ...data, deals: [...picked.values()] }, viewer, now: FIXTURE_NOW }, pipeline, null);
const out = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/demo/kanban.html');
writeFileSync(out, html);
console.log(`wrote ${out}: cards ${[...picked.keys()].join(', ')}`);
