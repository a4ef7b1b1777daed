// Hostile messages at the background's door: every malformed, oversize, polluting or foreign message is refused with a
// readable reason, and the database is byte-for-byte what it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestSnapshot, readState, recordReadFailure, senderAllowed } from '../../entrypoints/background/handlers';
import { exportAll } from '../../lib/data-transfer';
import { SalesDb } from '../../lib/db';
import { MAX_RECORDS_PER_MESSAGE, parseMessage, type Reply } from '../../lib/messages';
import type { ActivityFields, DealFields, Snapshot, TaskFields } from '../../lib/model';
import { FUZZ_TIMEOUT, hostileValue, mutatedRecord, PROTOTYPE_NAMES, RUNS } from '../support/fuzz';

const EXTENSION_ID = 'sales-pace-extension-id';
const ACCOUNT = 'https://acme.amocrm.ru';
const FROM_CRM_TAB = { id: EXTENSION_ID, tab: { id: 7 }, url: `${ACCOUNT}/leads/pipeline/7001001/`, origin: ACCOUNT };
const T0 = new Date(2026, 10, 25, 14, 30).getTime();
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

function deal(id: string, patch: Partial<DealFields> = {}): DealFields {
  return {
    crmId: id, title: `Поставка оборудования ООО «Ромашка» ${id}`, amount: 1_250_000, currency: 'RUB', pipelineId: '7001001', stageId: '60001003',
    status: 'open', ownerId: '5001002', createdAt: T0 - 20 * 86_400_000, stageEnteredAt: T0 - 3 * 86_400_000, updatedAt: T0 - 3_600_000,
    closedAt: null, lossReason: null, client: 'ООО «Ромашка»', nextTaskAt: null, url: `${ACCOUNT}/leads/detail/${id}`, ...patch,
  };
}
const task: TaskFields = { crmId: 't1', type: 'call', text: 'Перезвонить', dueAt: T0 + 3_600_000, done: false, doneAt: null, ownerId: '5001002', dealId: '1' };
const call: ActivityFields = { crmId: 'c1', type: 'call', at: T0 - 60_000, ownerId: '5001002', dealId: '1', durationSec: 185, direction: 'out', outcome: 'Разговор состоялся' };

function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    crm: 'amocrm', account: ACCOUNT, accountName: 'acme', currency: 'RUB', readAt: T0, source: 'api', currentUserId: '5001002',
    managers: [{ crmId: '5001002', name: 'Ирина Ковалёва', title: 'Отдел продаж', active: true }],
    pipelines: [{ crmId: '7001001', name: 'Продажи', order: 1 }],
    stages: [{ crmId: '60001003', pipelineId: '7001001', name: 'Переговоры', order: 2, kind: 'open' }],
    deals: [deal('1'), deal('2')], tasks: [task], activities: [call], problems: [],
    ...patch,
  };
}
const message = (s: Snapshot, part = { index: 0, count: 1 }) => ({ kind: 'snapshot', part, snapshot: s });
const withDeal = (patch: Record<string, unknown>) => ({ ...message(snapshot()), snapshot: { ...snapshot(), deals: [{ ...deal('1'), ...patch }] } });
const withSnapshot = (patch: Record<string, unknown>) => ({ ...message(snapshot()), snapshot: { ...snapshot(), ...patch } });
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** What the background does with a message (entrypoints/background/index.ts `handle`), minus the toolbar badge. */
async function receive(db: SalesDb, raw: unknown, sender: Parameters<typeof senderAllowed>[0] = FROM_CRM_TAB): Promise<Reply> {
  const parsed = parseMessage(raw);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { message: m } = parsed;
  const account = m.kind === 'snapshot' ? m.snapshot.account : m.account;
  if (!senderAllowed(sender, EXTENSION_ID, account)) return { ok: false, error: 'unknown sender' };
  switch (m.kind) {
    case 'snapshot':
      return ingestSnapshot(db, m);
    case 'read-failed':
      return recordReadFailure(db, m);
    case 'read-state':
    case 'overlay-state':
      return readState(db, m.account);
  }
}

let db: SalesDb;
/** Every table, every row, in the export format: the same bytes mean the same database. */
const dump = () => exportAll(db, 0);
let seeded: string;

beforeAll(async () => {
  db = new SalesDb(`hostile-${Math.random()}`);
  await db.open();
  expect(await receive(db, message(snapshot()))).toEqual({ ok: true, written: 7, skipped: 0 });
  seeded = await dump();
});
afterAll(async () => {
  db.close();
  await db.delete();
});

async function expectRefusedAndNothingStored(raw: unknown, sender: Parameters<typeof senderAllowed>[0] = FROM_CRM_TAB): Promise<string> {
  const reply = await receive(db, raw, sender);
  expect(reply.ok).toBe(false);
  expect(await dump()).toBe(seeded);
  return reply.ok ? '' : reply.error;
}

describe('parseMessage refuses, with a readable reason, and nothing is stored', () => {
  it.each<[string, unknown, RegExp]>([
    // Wrong shapes.
    ['null', null, /\(root\)/],
    ['undefined', undefined, /\(root\)/],
    ['a number', 42, /\(root\)/],
    ['a string', 'snapshot', /\(root\)/],
    ['an array', [message(snapshot())], /kind/],
    ['an empty object', {}, /kind/],
    ['an unknown kind', { kind: 'drop-tables', account: ACCOUNT }, /kind/],
    ['a snapshot without a snapshot', { kind: 'snapshot', part: { index: 0, count: 1 } }, /snapshot/],
    ['a snapshot without its part', { kind: 'snapshot', snapshot: snapshot() }, /part/],
    ['a negative part', message(snapshot(), { index: -1, count: 1 }), /part\.index/],
    ['a part count of 0', message(snapshot(), { index: 0, count: 0 }), /part\.count/],
    ['a fractional part', message(snapshot(), { index: 0.5, count: 1 }), /part\.index/],
    ['deals as an object', withSnapshot({ deals: { 0: deal('1') } }), /snapshot\.deals/],
    ['a deal as text', withSnapshot({ deals: ['deal 1'] }), /snapshot\.deals\.0/],
    ['a manager without a name', withSnapshot({ managers: [{ crmId: '5001002', title: null, active: true }] }), /snapshot\.managers\.0\.name/],
    ['a read-failed without problems', { kind: 'read-failed', crm: 'amocrm', account: ACCOUNT, at: T0 }, /problems/],
    // Wrong types.
    ['readAt as text', withSnapshot({ readAt: String(T0) }), /snapshot\.readAt/],
    ['an amount as text', withDeal({ amount: '1 250 000 ₽' }), /snapshot\.deals\.0\.amount/],
    ['a currency in lowercase', withDeal({ currency: 'rub' }), /snapshot\.deals\.0\.currency/],
    ['an unknown CRM', withSnapshot({ crm: 'salesforce' }), /snapshot\.crm/],
    ['a status with a space', withDeal({ status: 'open ' }), /snapshot\.deals\.0\.status/],
    ['a stage kind "closed"', withSnapshot({ stages: [{ crmId: 's', pipelineId: 'p', name: 'x', order: 1, kind: 'closed' }] }), /snapshot\.stages\.0\.kind/],
    ['a task type "todo"', withSnapshot({ tasks: [{ ...task, type: 'todo' }] }), /snapshot\.tasks\.0\.type/],
    ['done as text', withSnapshot({ tasks: [{ ...task, done: 'true' }] }), /snapshot\.tasks\.0\.done/],
    ['a negative call length', withSnapshot({ activities: [{ ...call, durationSec: -5 }] }), /snapshot\.activities\.0\.durationSec/],
    ['a direction "inbound"', withSnapshot({ activities: [{ ...call, direction: 'inbound' }] }), /snapshot\.activities\.0\.direction/],
    ['a user id as a number', withSnapshot({ currentUserId: 5001002 }), /snapshot\.currentUserId/],
    ['a problem code as a number', withSnapshot({ problems: [{ code: 1, message: 'x' }] }), /snapshot\.problems\.0\.code/],
    ['a fractional time', withDeal({ createdAt: T0 + 0.5 }), /snapshot\.deals\.0\.createdAt/],
    // NaN and Infinity (structured clone carries them; JSON would turn them into null).
    ['an amount of NaN', withDeal({ amount: Number.NaN }), /snapshot\.deals\.0\.amount/],
    ['an amount of Infinity', withDeal({ amount: Number.POSITIVE_INFINITY }), /snapshot\.deals\.0\.amount/],
    ['readAt NaN', withSnapshot({ readAt: Number.NaN }), /snapshot\.readAt/],
    ['createdAt -Infinity', withDeal({ createdAt: Number.NEGATIVE_INFINITY }), /snapshot\.deals\.0\.createdAt/],
    ['a pipeline order of NaN', withSnapshot({ pipelines: [{ crmId: 'p', name: 'x', order: Number.NaN }] }), /snapshot\.pipelines\.0\.order/],
    ['a call length of Infinity', withSnapshot({ activities: [{ ...call, durationSec: Number.POSITIVE_INFINITY }] }), /snapshot\.activities\.0\.durationSec/],
    ['a part index of NaN', message(snapshot(), { index: Number.NaN, count: 1 }), /part\.index/],
    ['a read-failed at Infinity', { kind: 'read-failed', crm: 'amocrm', account: ACCOUNT, at: Number.POSITIVE_INFINITY, problems: [] }, /at/],
    // Prototype names where a known word is expected.
    ['kind "__proto__"', { kind: '__proto__', account: ACCOUNT }, /kind/],
    ['kind "constructor"', { kind: 'constructor', account: ACCOUNT }, /kind/],
    ['crm "constructor"', withSnapshot({ crm: 'constructor' }), /snapshot\.crm/],
    ['status "toString"', withDeal({ status: 'toString' }), /snapshot\.deals\.0\.status/],
    ['a deal whose amount hides behind an own "__proto__" key', withDeal({ amount: undefined, ...JSON.parse('{"__proto__": {"amount": 5}}') }), /snapshot\.deals\.0\.amount/],
    // Over the limits.
    [`${MAX_RECORDS_PER_MESSAGE + 1} tasks`, withSnapshot({ tasks: many(MAX_RECORDS_PER_MESSAGE + 1, (i) => ({ ...task, crmId: `t${i}` })) }), /snapshot\.tasks/],
    [`${MAX_RECORDS_PER_MESSAGE + 1} calls`, withSnapshot({ activities: many(MAX_RECORDS_PER_MESSAGE + 1, (i) => ({ ...call, crmId: `c${i}` })) }), /snapshot\.activities/],
    ['5 001 managers', withSnapshot({ managers: many(5_001, (i) => ({ crmId: `m${i}`, name: 'M', title: null, active: true })) }), /snapshot\.managers/],
    ['1 001 pipelines', withSnapshot({ pipelines: many(1_001, (i) => ({ crmId: `p${i}`, name: 'P', order: i })) }), /snapshot\.pipelines/],
    ['5 001 stages', withSnapshot({ stages: many(5_001, (i) => ({ crmId: `s${i}`, pipelineId: 'p', name: 'S', order: i, kind: 'open' })) }), /snapshot\.stages/],
    ['501 problems', withSnapshot({ problems: many(501, (i) => ({ code: 'x', message: `problem ${i}` })) }), /snapshot\.problems/],
    ['a 10 MB deal title', withDeal({ title: TEN_MB }), /snapshot\.deals\.0\.title/],
    ['a 10 MB account name', withSnapshot({ accountName: TEN_MB }), /snapshot\.accountName/],
    ['a 10 MB problem message', withSnapshot({ problems: [{ code: 'x', message: TEN_MB }] }), /snapshot\.problems\.0\.message/],
    ['a 10 MB client', withDeal({ client: TEN_MB }), /snapshot\.deals\.0\.client/],
    ['a 201-character id', withDeal({ crmId: '9'.repeat(201) }), /snapshot\.deals\.0\.crmId/],
    ['an empty id', withDeal({ ownerId: '' }), /snapshot\.deals\.0\.ownerId/],
    // Deal links that would open another site, or run script, from our popup.
    ['a deal url on another origin', withDeal({ url: 'https://evil.example/leads/detail/1' }), /snapshot: every deal url must be on the account origin/],
    ['a deal url over http', withDeal({ url: 'http://acme.amocrm.ru/leads/detail/1' }), /every deal url must be on the account origin/],
    ['a deal url on a look-alike host', withDeal({ url: 'https://acme.amocrm.ru.evil.example/leads/detail/1' }), /every deal url must be on the account origin/],
    ['a deal url with credentials', withDeal({ url: 'https://acme.amocrm.ru@evil.example/leads/detail/1' }), /every deal url must be on the account origin/],
    ['a javascript: deal url', withDeal({ url: 'javascript:alert(document.cookie)' }), /snapshot\.deals\.0\.url/],
    ['a data: deal url', withDeal({ url: 'data:text/html,<script>alert(1)</script>' }), /snapshot\.deals\.0\.url/],
    ['a deal url with a leading space', withDeal({ url: ` ${ACCOUNT}/leads/detail/1` }), /snapshot\.deals\.0\.url/],
  ])('%s', async (_, raw, where) => {
    const parsed = parseMessage(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(/^malformed message: /);
    expect(parsed.error).toMatch(where);
    expect(parsed.error.length).toBeLessThan(2_000);
    expect(await expectRefusedAndNothingStored(raw)).toBe(parsed.error);
  }, 30_000);

  it('takes "__proto__" and "constructor" keys as plain keys: dropped from what is stored, Object.prototype untouched', async () => {
    // JSON.parse makes these own properties (structured clone does too); the rest of the message is what is stored already.
    const raw: unknown = JSON.parse(
      JSON.stringify(message(snapshot()))
        .replace('{"kind"', '{"__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"ctor"}},"kind"')
        .replace('"deals":[{', '"deals":[{"__proto__":{"polluted":"deal"},'),
    );
    const reply = await receive(db, raw);
    if (reply.ok) expect(reply).toEqual({ ok: true, written: 0, skipped: 0 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(await dump()).toBe(seeded);
    for (const row of await db.deals.toArray()) expect(Object.keys(row)).not.toContain('__proto__');
  });

  it('never throws on anything: mutated valid messages and arbitrary values', { timeout: FUZZ_TIMEOUT }, () => {
    const valid = [message(snapshot()), { kind: 'read-failed', crm: 'amocrm', account: ACCOUNT, at: T0, problems: [{ code: 'http-401', message: 'x' }] }];
    fc.assert(
      fc.property(fc.oneof(mutatedRecord(valid, hostileValue).map((m) => m.record), fc.anything()), (raw) => {
        let parsed: ReturnType<typeof parseMessage>;
        try {
          parsed = parseMessage(raw);
        } catch (error) {
          // The one known way it throws: `new URL` in SnapshotSchema's check (see "known bugs" below). Delete when fixed.
          expect(error).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_URL' });
          return;
        }
        if (!parsed.ok) {
          expect(parsed.error).toMatch(/^malformed message: /);
          return;
        }
        // What passes is clean: only model keys, every deal link on the account's own origin.
        expect(Object.keys(parsed.message).every((k) => !(PROTOTYPE_NAMES as readonly string[]).includes(k))).toBe(true);
        if (parsed.message.kind === 'snapshot') {
          const origin = new URL(parsed.message.snapshot.account).origin;
          for (const d of parsed.message.snapshot.deals) expect(new URL(d.url).origin).toBe(origin);
        }
      }),
      { numRuns: RUNS.json },
    );
  });
});

describe('senderAllowed refuses foreign senders, and nothing is stored', () => {
  const changed = message(snapshot({ readAt: T0 + 60_000, deals: [deal('1', { title: 'Подменённая сделка', updatedAt: T0 })] }));
  it.each<[string, Parameters<typeof senderAllowed>[0]]>([
    ['another extension', { ...FROM_CRM_TAB, id: 'evil-extension' }],
    ['no extension id (a web page)', { tab: { id: 7 }, url: FROM_CRM_TAB.url, origin: ACCOUNT }],
    ['not from a tab (another extension page or a worker)', { id: EXTENSION_ID, url: FROM_CRM_TAB.url, origin: ACCOUNT }],
    ['a tab of another site', { ...FROM_CRM_TAB, url: 'https://evil.example/leads', origin: 'https://evil.example' }],
    ['a tab of another account of the same CRM', { ...FROM_CRM_TAB, url: 'https://rival.amocrm.ru/leads', origin: 'https://rival.amocrm.ru' }],
    ['the same host over http', { ...FROM_CRM_TAB, url: 'http://acme.amocrm.ru/leads', origin: 'http://acme.amocrm.ru' }],
    ['the same host on another port', { ...FROM_CRM_TAB, url: 'https://acme.amocrm.ru:8443/leads', origin: 'https://acme.amocrm.ru:8443' }],
    ['a subdomain of the account', { ...FROM_CRM_TAB, url: 'https://evil.acme.amocrm.ru/leads', origin: 'https://evil.acme.amocrm.ru' }],
    ['a frame of another site inside the CRM tab (origin wins over the tab url)', { ...FROM_CRM_TAB, origin: 'https://evil.example' }],
    ['a url with credentials for another host', { id: EXTENSION_ID, tab: { id: 7 }, url: 'https://acme.amocrm.ru@evil.example/leads' }],
    ['our own extension page', { id: EXTENSION_ID, tab: { id: 7 }, url: `chrome-extension://${EXTENSION_ID}/popup.html`, origin: `chrome-extension://${EXTENSION_ID}` }],
  ])('%s', async (_, sender) => {
    expect(senderAllowed(sender, EXTENSION_ID, ACCOUNT)).toBe(false);
    expect(await expectRefusedAndNothingStored(changed, sender)).toBe('unknown sender');
  });

  it('the same message from the account\'s own tab is stored (the refusals above are about the sender)', async () => {
    const scratch = new SalesDb(`hostile-control-${Math.random()}`);
    await receive(scratch, message(snapshot()));
    expect(await receive(scratch, changed)).toMatchObject({ ok: true, written: 1 });
    expect((await scratch.deals.get(`${ACCOUNT}|1`))?.title).toBe('Подменённая сделка');
    scratch.close();
    await scratch.delete();
  });
});

describe('fixed: once known bugs in message checks', () => {
  // WAS A BUG: lib/messages.ts SnapshotFieldsSchema.account is `v.url()`, which takes any URL: "javascript:alert(1)",
  // "data:…", or an origin with a path. The deal-url check compares `new URL(...).origin`, which for javascript:/data:
  // is the opaque "null", so a snapshot with no deals passes; an account with a path passes with deals too, and its
  // records are keyed "<account with path>|<id>": the same CRM account stored twice. Require `new URL(a).origin === a`
  // with an http(s) scheme (also for read-failed, read-state and overlay-state).
  it.each<[string, unknown]>([
    ['a javascript: account', withSnapshot({ account: 'javascript:alert(1)', deals: [] })],
    ['a data: account', withSnapshot({ account: 'data:text/html,<script>alert(1)</script>', deals: [] })],
    ['an account with a path', withSnapshot({ account: `${ACCOUNT}/leads` })],
    ['a read-failed for a javascript: account', { kind: 'read-failed', crm: 'amocrm', account: 'javascript:alert(1)', at: T0, problems: [] }],
  ])('refuses %s', (_, raw) => {
    expect(parseMessage(raw).ok).toBe(false);
  });

  // WAS A BUG: entrypoints/background/handlers.ts senderAllowed compares `sender.origin ?? new URL(sender.url).origin` with
  // `new URL(account).origin`. For an opaque origin both sides are the string "null": a sandboxed frame
  // (sender.origin "null"; the registered scripts run with allFrames: true) speaking for a "data:" account is allowed.
  it('refuses a sender with an opaque origin speaking for an opaque account', () => {
    expect(senderAllowed({ id: EXTENSION_ID, tab: { id: 7 }, origin: 'null', url: `${ACCOUNT}/leads` }, EXTENSION_ID, 'data:text/html,x')).toBe(false);
  });

  // WAS A BUG: lib/messages.ts SnapshotSchema's v.check runs `new URL(d.url)` and `new URL(s.account)` even when those
  // strings already failed their own url validation (valibot still runs a pipe's check on typed input with issues).
  // For a deal url that is not a URL ("//evil.example/x") or an account that is not one, with every other field
  // well-formed, `new URL` throws TypeError out of parseMessage, whose contract is to return a reason instead.
  // (The background's catch-all still refuses the message, so nothing is stored.) Guard the check with try/catch.
  it.each<[string, unknown]>([
    ['a scheme-relative deal url', withDeal({ url: '//evil.example/x' })],
    ['a deal url that is just a word', withDeal({ url: 'leads-detail-1' })],
    ['an account that is not a URL, with deals', withSnapshot({ account: 'acme.amocrm.ru' })],
  ])('returns a reason instead of throwing for %s', (_, raw) => {
    expect(() => parseMessage(raw)).not.toThrow();
  });

  it('...while the background still stores nothing from such a message (its catch-all refuses it)', async () => {
    const reply = await receive(db, withDeal({ url: '//evil.example/x' })).catch((error: unknown) => ({ ok: false, error: String(error) }));
    expect(reply.ok).toBe(false);
    expect(await dump()).toBe(seeded);
  });

  // WAS A BUG (minor): lib/messages.ts SnapshotMessageSchema accepts part.index >= part.count ({ index: 5, count: 1 }).
  // ingestSnapshot then never sees a last part, so lastGoodReadAt and the cursor do not move; refuse it in the schema.
  it('refuses a part index past the part count', () => {
    expect(parseMessage(message(snapshot(), { index: 5, count: 1 })).ok).toBe(false);
  });

  // WAS A BUG: parseMessage joins valibot's issue messages, which quote the received value in full ("Invalid type: Expected
  // (...) but received \"xxxx…\""). A 10 MB string in a picklist or url field gives a 10 MB error, which the background
  // logs with console.warn and sends back as the reply. Clip each issue (e.g. to 200 characters) in parseMessage.
  it.each<[string, unknown]>([
    ['a 10 MB kind', { kind: TEN_MB }],
    ['a 10 MB crm', withSnapshot({ crm: TEN_MB })],
    ['a 10 MB deal currency', withDeal({ currency: TEN_MB })],
    ['a 10 MB account', { kind: 'read-state', account: TEN_MB }],
  ])('keeps the reason short for %s', (_, raw) => {
    const parsed = parseMessage(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.length).toBeLessThan(2_000);
  });
});
