// Export / import / wipe over a real (fake-IndexedDB) database, and CSV for Excel.
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestSnapshot } from '../../entrypoints/background/handlers';
import {
  activitiesCsv,
  BOM,
  CSV_EN,
  CSV_RU,
  csvCell,
  dealsCsv,
  EXPORT_TABLES,
  exportAll,
  importAll,
  parseExport,
  toCsv,
  wipeAll,
} from '../../lib/data-transfer';
import { db } from '../../lib/db';
import type { ActivityFields, DealFields, Snapshot } from '../../lib/model';
import { loadSettings, saveSettings } from '../../lib/queries';

const ACCOUNT = 'https://acme.amocrm.ru';
const OTHER = 'https://beta.bitrix24.ru';
const EXPORTED_AT = new Date('2026-11-18T12:30:00.000Z');
const at = (day: number, h: number, m = 0) => new Date(2026, 10, day, h, m).getTime();

function deal(id: string, patch: Partial<DealFields> = {}, account = ACCOUNT): DealFields {
  return {
    crmId: id, title: `Сделка ${id}`, amount: 100_000, currency: 'RUB', pipelineId: 'p', stageId: 's1', status: 'open', ownerId: '7',
    createdAt: at(1, 10), stageEnteredAt: at(17, 10), updatedAt: at(17, 10), closedAt: null, lossReason: null, client: 'ООО «Ромашка»',
    nextTaskAt: null, url: `${account}/leads/detail/${id}`, ...patch,
  };
}

function call(id: string, patch: Partial<ActivityFields> = {}): ActivityFields {
  return { crmId: id, type: 'call', at: at(18, 10), ownerId: '7', dealId: '1', durationSec: 65, direction: 'out', outcome: 'Успешный', ...patch };
}

function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    crm: 'amocrm', account: ACCOUNT, accountName: 'acme', currency: 'RUB', source: 'api', readAt: at(18, 15), currentUserId: '7',
    managers: [
      { crmId: '7', name: 'Ирина Ковалёва', title: 'Менеджер по продажам', active: true },
      { crmId: '8', name: 'Олег Петров', title: null, active: false },
    ],
    pipelines: [{ crmId: 'p', name: 'Продажи', order: 1 }],
    stages: [
      { crmId: 's1', pipelineId: 'p', name: 'КП отправлено', order: 1, kind: 'open' },
      { crmId: 'won', pipelineId: 'p', name: 'Успешно', order: 9, kind: 'won' },
    ],
    deals: [
      deal('1', { title: '=HYPERLINK("http://evil")', amount: 1_250_000.5 }),
      deal('2', { amount: null, client: null, lossReason: 'Дорого; "не сейчас"\nперезвонить', status: 'lost', closedAt: at(18, 11) }),
      deal('10', { ownerId: '8' }),
    ],
    tasks: [{ crmId: 't1', type: 'call', text: 'Перезвонить', dueAt: at(19, 10), done: false, doneAt: null, ownerId: '7', dealId: '1' }],
    activities: [call('c1'), call('c2', { type: 'meeting', durationSec: null, direction: null, outcome: null, dealId: null })],
    problems: [{ code: 'amount-missing', message: 'amoCRM: 1 card without amount', itemId: '2' }, { code: 'layout-changed', message: 'no field' }],
    ...patch,
  };
}

async function seed() {
  await ingestSnapshot(db, { kind: 'snapshot', part: { index: 0, count: 1 }, snapshot: snapshot() });
  await ingestSnapshot(db, {
    kind: 'snapshot',
    part: { index: 0, count: 1 },
    snapshot: snapshot({ crm: 'bitrix24', account: OTHER, accountName: 'beta', currentUserId: null, deals: [deal('1', {}, OTHER)], problems: [], tasks: [], activities: [] }),
  });
  await saveSettings(db, (s) => ({
    ...s,
    language: 'ru',
    roles: { [`${ACCOUNT}|7`]: 'closer' },
    targetOverrides: { [`${ACCOUNT}|7`]: { calls: 50, meetings: 0 } },
    stageLimitDays: { [`${ACCOUNT}|s1`]: 5 },
  }));
}

async function rowCounts() {
  return Object.fromEntries(await Promise.all(db.tables.map(async (table) => [table.name, await table.count()] as const)));
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe('exportAll / importAll / wipeAll', () => {
  it('export → wipe → import → export gives the same bytes', async () => {
    await seed();
    const first = await exportAll(db, EXPORTED_AT);
    await wipeAll(db);
    expect(Object.values(await rowCounts()).every((n) => n === 0)).toBe(true);
    const result = await importAll(db, first);
    expect(result).toEqual({
      ok: true,
      counts: { accounts: 2, managers: 4, pipelines: 2, stages: 4, deals: 4, tasks: 1, activities: 2, settings: 1 },
    });
    expect(await exportAll(db, EXPORTED_AT)).toBe(first);
    // What the app reads back is what was saved.
    const settings = await loadSettings(db);
    expect(settings.targetOverrides[`${ACCOUNT}|7`]).toEqual({ calls: 50, meetings: 0 });
    expect(settings.language).toBe('ru');
  });

  it('writes the documented envelope, every table, rows by primary key, one per line', async () => {
    await seed();
    const text = await exportAll(db, EXPORTED_AT);
    const file = JSON.parse(text) as { format: string; version: number; exportedAt: string; tables: Record<string, { key?: string; account?: string }[]> };
    expect(Object.keys(file)).toEqual(['format', 'version', 'exportedAt', 'tables']);
    expect(file).toMatchObject({ format: 'sales-pace-export', version: 1, exportedAt: '2026-11-18T12:30:00.000Z' });
    expect(Object.keys(file.tables)).toEqual([...EXPORT_TABLES]);
    expect(file.tables.deals?.map((d) => d.key)).toEqual([`${ACCOUNT}|1`, `${ACCOUNT}|10`, `${ACCOUNT}|2`, `${OTHER}|1`]);
    expect(file.tables.accounts?.map((a) => a.account)).toEqual([ACCOUNT, OTHER]);
    expect(text).toContain('\n      {"account":"https://acme.amocrm.ru","amount":1250000.5,');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('gives the same bytes whatever order the rows and their fields were written in', async () => {
    await seed();
    const first = await exportAll(db, EXPORTED_AT);
    const file = JSON.parse(first) as { tables: Record<string, Record<string, unknown>[]> };
    for (const rows of Object.values(file.tables)) {
      rows.reverse();
      rows.forEach((row, i) => (rows[i] = Object.fromEntries(Object.entries(row).reverse())));
    }
    expect((await importAll(db, JSON.stringify(file))).ok).toBe(true);
    expect(await exportAll(db, EXPORTED_AT)).toBe(first);
  });

  it('covers every table of the database', () => {
    expect([...EXPORT_TABLES].sort()).toEqual(db.tables.map((table) => table.name).sort());
  });

  it('exports settings as the app reads them, complete, even when an older version stored a part', async () => {
    await db.settings.put({ id: 'settings', value: { language: 'en' } });
    const file = JSON.parse(await exportAll(db, EXPORTED_AT)) as { tables: { settings: { value: Record<string, unknown> }[] } };
    expect(file.tables.settings[0]?.value).toMatchObject({ language: 'en', conversationMinSec: 15, defaultStageLimitDays: 7 });
  });

  it('wipeAll clears every table, settings and accounts included', async () => {
    await seed();
    await wipeAll(db);
    expect(await rowCounts()).toEqual(Object.fromEntries(db.tables.map((table) => [table.name, 0])));
  });
});

describe('importAll refuses a bad file and changes nothing', () => {
  type Tables = Record<string, Record<string, unknown>[]>;
  const edit = (text: string, change: (file: { format?: unknown; version?: unknown; tables: Tables }) => void) => {
    const file = JSON.parse(text) as { tables: Tables };
    change(file);
    return JSON.stringify(file);
  };
  const firstRow = (file: { tables: Tables }, table: string) => {
    const row = file.tables[table]?.[0];
    if (!row) throw new Error(`no ${table} row`);
    return row;
  };

  it.each<[string, (good: string) => string, string, RegExp]>([
    ['not JSON', () => '{"format": "sales-pace-export", ', 'not-json', /not JSON/],
    ['not an object', () => '[1, 2]', 'wrong-format', /"format" must be "sales-pace-export", found an array/],
    ['another format', (good) => edit(good, (f) => (f.format = 'something-else')), 'wrong-format', /found "something-else"/],
    ['another version', (good) => edit(good, (f) => (f.version = 2)), 'wrong-version', /version 2 is not supported/],
    ['a deal without a field', (good) => edit(good, (f) => delete firstRow(f, 'deals').amount), 'invalid', /^tables\.deals\[0\]\.amount \(key "https:\/\/acme\.amocrm\.ru\|1"\): Invalid key: Expected "amount"/],
    ['a field of the wrong type', (good) => edit(good, (f) => (firstRow(f, 'activities').durationSec = '65')), 'invalid', /tables\.activities\[0\]\.durationSec.*Expected number/],
    ['an unknown field', (good) => edit(good, (f) => (firstRow(f, 'managers').salary = 1)), 'invalid', /tables\.managers\[0\]\.salary/],
    ['a table missing', (good) => edit(good, (f) => delete f.tables.tasks), 'invalid', /tables\.tasks/],
    ['a key that is not account|crmId', (good) => edit(good, (f) => (firstRow(f, 'deals').key = 'x|1')), 'invalid', /tables\.deals\[0\].*key must be/],
    ['the same key twice', (good) => edit(good, (f) => f.tables.deals?.push({ ...firstRow(f, 'deals') })), 'invalid', /deals: the key ".*\|1" appears twice/],
    ['a setting of the wrong type', (good) => edit(good, (f) => ((firstRow(f, 'settings').value as Record<string, unknown>).language = 42)), 'invalid', /settings\[0\]\.value\.language/],
    ['an unknown setting', (good) => edit(good, (f) => ((firstRow(f, 'settings').value as Record<string, unknown>).bonus = 1)), 'invalid', /value\.bonus: unknown setting/],
    ['a deal link that is not http(s)', (good) => edit(good, (f) => (firstRow(f, 'deals').url = 'javascript:alert(1)')), 'invalid', /tables\.deals\[0\]\.url .*javascript/],
    ['a deal link to another site', (good) => edit(good, (f) => (firstRow(f, 'deals').url = 'https://evil.example/x')), 'invalid', /tables\.deals\[0\].*url must be on the account origin/],
  ])('%s', async (_name, make, code, message) => {
    await seed();
    const before = await exportAll(db, EXPORTED_AT);
    const result = await importAll(db, make(before));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.error).toMatch(message);
    expect(await exportAll(db, EXPORTED_AT)).toBe(before);
  });

  it('an oversize file, before parsing it', async () => {
    await seed();
    const before = await exportAll(db, EXPORTED_AT);
    const result = await importAll(db, before, { maxSize: 1000 });
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(await exportAll(db, EXPORTED_AT)).toBe(before);
    expect(parseExport('x'.repeat(2000), { maxSize: 1000 })).toMatchObject({ ok: false, code: 'too-large' });
  });
});

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['ООО «Ромашка»', 'ООО «Ромашка»'],
    ['a;b', '"a;b"'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+2', "'=1+2"],
    ['+7 999 123-45-67', "'+7 999 123-45-67"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['=HYPERLINK("http://evil";"x")', `"'=HYPERLINK(""http://evil"";""x"")"`],
    ['a=b', 'a=b'],
  ])('text %j → %j', (value, cell) => expect(csvCell(value)).toBe(cell));

  it.each([
    [1250000.5, CSV_RU, '1250000,5'],
    [1250000.5, CSV_EN, '1250000.5'],
    [-500, CSV_RU, '-500'],
    [null, CSV_RU, ''],
    [true, CSV_RU, 'true'],
    [Number.NaN, CSV_RU, ''],
  ] as const)('value %s → %j', (value, dialect, cell) => expect(csvCell(value, dialect)).toBe(cell));

  it('starts with a BOM, ends lines with CRLF, and uses the dialect separator', () => {
    const rows = [{ name: 'Ирина', n: 1.5 }];
    const columns = [
      { header: 'name', value: (r: (typeof rows)[number]) => r.name },
      { header: 'n', value: (r: (typeof rows)[number]) => r.n },
    ];
    expect(toCsv(rows, columns)).toBe(`${BOM}name;n\r\nИрина;1,5\r\n`);
    expect(toCsv(rows, columns, CSV_EN)).toBe(`${BOM}name,n\r\nИрина,1.5\r\n`);
    // UTF-8 bytes EF BB BF then Cyrillic as UTF-8: what Excel needs to show "Ирина".
    const bytes = new TextEncoder().encode(toCsv(rows, columns));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3, 15))).toBe('name;n\r\nИр');
  });

  it('deals: one line per deal with names instead of ids, formulas defused, text quoted', async () => {
    await seed();
    const [deals, accounts, managers, pipelines, stages] = await Promise.all([
      db.deals.toArray(), db.accounts.toArray(), db.managers.toArray(), db.pipelines.toArray(), db.stages.toArray(),
    ]);
    const lines = dealsCsv(deals, { accounts, managers, pipelines, stages }).split('\r\n');
    expect(lines[0]).toBe(
      `${BOM}account;crmId;title;client;amount;currency;pipeline;stage;status;owner;ownerId;createdAt;stageEnteredAt;updatedAt;closedAt;lossReason;nextTaskAt;url`,
    );
    expect(lines[1]).toBe(
      `acme;1;"'=HYPERLINK(""http://evil"")";ООО «Ромашка»;1250000,5;RUB;Продажи;КП отправлено;open;Ирина Ковалёва;7;2026-11-01 10:00;2026-11-17 10:00;2026-11-17 10:00;;;;${ACCOUNT}/leads/detail/1`,
    );
    // Key order: "|1", "|10", "|2"; the lost deal's reason keeps its quote, separator and line break inside one quoted cell.
    expect(lines[3]).toContain(';lost;Ирина Ковалёва;7;2026-11-01 10:00;2026-11-17 10:00;2026-11-17 10:00;2026-11-18 11:00;"Дорого; ""не сейчас""\nперезвонить";;');
    expect(lines.at(-1)).toBe('');
    // Records end with CRLF; the line break inside the quoted cell stays a bare LF, as the person typed it.
    expect(lines).toHaveLength(1 + 4 + 1);
  });

  it('calls and meetings: oldest first, with the manager and the deal', async () => {
    await seed();
    const [activities, accounts, managers, deals] = await Promise.all([db.activities.toArray(), db.accounts.toArray(), db.managers.toArray(), db.deals.toArray()]);
    const lines = activitiesCsv(activities, { accounts, managers, deals }, CSV_EN).split('\r\n');
    expect(lines[0]).toBe(`${BOM}account,crmId,type,at,owner,ownerId,durationSec,direction,outcome,dealId,deal`);
    expect(lines[1]).toBe(`acme,c1,call,2026-11-18 10:00,Ирина Ковалёва,7,65,out,Успешный,1,"'=HYPERLINK(""http://evil"")"`);
    expect(lines[2]).toBe('acme,c2,meeting,2026-11-18 10:00,Ирина Ковалёва,7,,,,,');
  });
});
