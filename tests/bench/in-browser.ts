// Code the bench runs inside Chromium (pages, the content-script world, the service worker), as plain JavaScript text:
// tsx would wrap named inner functions of real functions in a `__name` helper that does not exist there.

/** Call as `${fn}(${JSON.stringify(arg)})`. */
export const call = (fn: string, ...args: unknown[]) => `(${fn})(${args.map((a) => JSON.stringify(a)).join(', ')})`;

/** Init script for CRM pages: buffers long tasks and long animation frames (with their script attribution). */
export const LONG_TASK_OBSERVER = `(() => {
  const store = { long: [], loaf: [] };
  Object.defineProperty(window, '__benchLong', { value: store });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        store.long.push({ start: e.startTime, duration: e.duration,
          attribution: Array.from(e.attribution || []).map((a) => ({ name: a.name, type: a.containerType, src: a.containerSrc, id: a.containerId })) });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { store.error = String(e); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        store.loaf.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
          scripts: Array.from(e.scripts || []).map((s) => ({ url: s.sourceURL, fn: s.sourceFunctionName, invoker: s.invoker,
            type: s.invokerType, duration: s.duration, window: s.windowAttribution })) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) { store.loafError = String(e); }
})();`;

/** Moves `count` cards of open columns one column to the right with the board's own HTML5 drag and drop handlers. */
export const MOVE_CARDS = `async (count) => {
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const columns = Array.from(document.querySelectorAll('.kanban__column[data-stage-id]'));
  const plan = [];
  columns.forEach((column, i) => {
    const next = columns[i + 1];
    if (!next || column.getAttribute('data-stage-kind') !== 'open') return;
    for (const card of column.querySelectorAll('.lead-card[data-id]')) plan.push([card, next.querySelector('.kanban__cards')]);
  });
  const picked = [];
  for (let i = 0; picked.length < count && i < plan.length; i += Math.max(1, Math.floor(plan.length / count))) picked.push(plan[i]);
  let moved = 0;
  const started = performance.now();
  for (const [card, list] of picked) {
    const to = list.getAttribute('data-stage-id');
    const dt = new DataTransfer();
    const fire = (el, type) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    fire(card, 'dragstart');
    fire(list, 'dragenter');
    fire(list, 'dragover');
    fire(list, 'drop');
    fire(card, 'dragend');
    for (let t = 0; t < 200 && card.getAttribute('data-stage-id') !== to; t += 1) await wait(10);
    if (card.getAttribute('data-stage-id') === to) moved += 1;
    await wait(20);
  }
  return { moved, asked: count, ms: performance.now() - started, endedAt: Date.now() };
}`;

/**
 * Times an adapter read function against a bare querySelectorAll + textContent pass over the same cards.
 * `optionsKey`/`optionsUrl` pass `{ [optionsKey]: new URL(optionsUrl) }` as the adapter's 4th argument (amoCRM, Bitrix24).
 */
export const READ_VS_FLOOR = `({ global, fn, cardSelector, origin, optionsKey, optionsUrl, reps, warmup, adapterOnly }) => {
  const read = globalThis[global][fn];
  const now = new Date();
  const options = optionsKey ? { [optionsKey]: new URL(optionsUrl) } : undefined;
  let items = 0, problems = 0, cards = 0, chars = 0;
  const adapter = () => {
    const t = performance.now();
    const result = options ? read(document, now, origin, options) : read(document, now, origin);
    const ms = performance.now() - t;
    items = result.items.length;
    problems = result.problems.length;
    return ms;
  };
  const floor = () => {
    const t = performance.now();
    const found = document.querySelectorAll(cardSelector);
    let n = 0;
    for (const card of found) n += card.textContent.length;
    const ms = performance.now() - t;
    cards = found.length;
    chars = n;
    return ms;
  };
  for (let i = 0; i < warmup; i += 1) { adapter(); floor(); }
  const a = [], f = [];
  if (adapterOnly) {
    for (let i = 0; i < reps; i += 1) a.push(adapter());
    return { adapter: a, floor: f, items, problems, cards, chars };
  }
  for (let i = 0; i < reps; i += 1) {
    if (i % 2 === 0) { a.push(adapter()); f.push(floor()); } else { f.push(floor()); a.push(adapter()); }
  }
  return { adapter: a, floor: f, items, problems, cards, chars };
}`;

/** Grows a saved board page to `cards` cards by cloning its cards (new ids) into their own columns. */
export const CLONE_CARDS = `({ cards, cardSelector, skipSelector, firstId }) => {
  const templates = Array.from(document.querySelectorAll(cardSelector)).filter((c) => !skipSelector || !c.matches(skipSelector));
  if (templates.length === 0) return 0;
  let count = templates.length;
  let id = firstId;
  while (count < cards) {
    const template = templates[count % templates.length];
    const old = template.getAttribute('data-id');
    template.parentElement.insertAdjacentHTML('beforeend', template.outerHTML.split(old).join(String(id)));
    id += 1;
    count += 1;
  }
  return count;
}`;

/**
 * Content-script world: wraps chrome.runtime.sendMessage to time every message and keep the snapshot ones
 * for replays. With `hold`, the overlay's requests for figures ("overlay-state", also sent on a one-minute
 * timer) are answered locally, so the worker does no unrelated work while ingest and the popup are timed.
 */
export const CS_PATCH = `(({ keep, hold }) => {
  if (globalThis.__benchSends) return 'already';
  const rt = chrome.runtime;
  const original = rt.sendMessage;
  const log = { sends: [], messages: [], original, keep, hold, held: 0 };
  globalThis.__benchSends = log;
  const clock = () => performance.timeOrigin + performance.now();
  rt.sendMessage = function (...args) {
    const msg = args[0];
    if (log.hold && msg && msg.kind === 'overlay-state') {
      log.held += 1;
      return Promise.resolve({ ok: false, error: 'held by the bench' });
    }
    const t0 = clock();
    const result = original.apply(rt, args);
    const rec = { kind: msg && msg.kind, t0, t1: null, reply: null };
    if (msg && msg.kind === 'snapshot') {
      const s = msg.snapshot;
      Object.assign(rec, { index: msg.part.index, count: msg.part.count, readAt: s.readAt,
        deals: s.deals.length, tasks: s.tasks.length, activities: s.activities.length });
      if (log.keep) log.messages.push(msg);
    }
    log.sends.push(rec);
    Promise.resolve(result).then(
      (reply) => { rec.t1 = clock(); rec.reply = reply && typeof reply === 'object' ? { ok: reply.ok, written: reply.written, skipped: reply.skipped, error: reply.error } : reply; },
      (error) => { rec.t1 = clock(); rec.reply = { ok: false, error: String(error) }; });
    return result;
  };
  return 'patched';
})`;

/** Content-script world: the snapshot messages seen so far (without the kept messages). */
export const CS_SENDS = `(() => (globalThis.__benchSends ? { sends: globalThis.__benchSends.sends, held: globalThis.__benchSends.held } : null))()`;

/** Content-script world: sends the kept messages again, in order and one at a time as the reader does; optionally as a newer read. */
export const CS_REPLAY = `async (readAt) => {
  const log = globalThis.__benchSends;
  const clock = () => performance.timeOrigin + performance.now();
  const t0 = clock();
  const replies = [];
  for (const m of log.messages) {
    const msg = readAt === null ? m : { ...m, snapshot: { ...m.snapshot, readAt } };
    replies.push(await log.original.call(chrome.runtime, msg));
  }
  const t1 = clock();
  log.messages = log.keep ? log.messages : [];
  return { t0, t1, ms: t1 - t0, replies };
}`;

/** Content-script world: forget the kept messages (frees the heap before measuring memory). */
export const CS_FORGET = `(() => { if (globalThis.__benchSends) { globalThis.__benchSends.messages = []; globalThis.__benchSends.keep = false; } return true; })()`;

/** Service worker: counts rows put into our database per store, and times our read-write transactions. */
export const SW_PATCH = `(() => {
  if (self.__bench) return self.__bench.marker;
  const clock = () => performance.timeOrigin + performance.now();
  const bench = { marker: Math.random().toString(36).slice(2), puts: {}, tx: [] };
  self.__bench = bench;
  const tx = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    const t = tx.call(this, stores, mode, options);
    if (mode === 'readwrite' && this.name === 'sales-pace') {
      const rec = { start: clock(), end: null, stores: typeof stores === 'string' ? [stores] : Array.from(stores) };
      bench.tx.push(rec);
      t.addEventListener('complete', () => { rec.end = clock(); });
      t.addEventListener('abort', () => { rec.end = clock(); rec.aborted = true; });
    }
    return t;
  };
  for (const method of ['put', 'add']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (...args) {
      if (this.transaction.db.name === 'sales-pace') bench.puts[this.name] = (bench.puts[this.name] || 0) + 1;
      return original.apply(this, args);
    };
  }
  return bench.marker;
})()`;

/** Service worker: the counters since the last reset, then resets them. */
export const SW_TAKE = `(() => {
  const b = self.__bench;
  if (!b) return null;
  const out = { marker: b.marker, puts: b.puts, tx: b.tx };
  b.puts = {};
  b.tx = [];
  return out;
})()`;

const IDB_HELPERS = `
  const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const open = (name, version, upgrade) => new Promise((resolve, reject) => {
    const r = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    r.onupgradeneeded = () => upgrade && upgrade(r.result);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const done = (t) => new Promise((resolve, reject) => { t.oncomplete = () => resolve(); t.onerror = () => reject(t.error); t.onabort = () => reject(t.error || new Error('aborted')); });
`;

const DATA_STORES = ['managers', 'pipelines', 'stages', 'deals', 'tasks', 'activities'];

/** Service worker: `save` remembers every stored row's seenAt; `compare` counts rows added or re-written since. */
export const SW_SEEN = `async (mode) => {
  ${IDB_HELPERS}
  const db = await open('sales-pace');
  const stores = ${JSON.stringify(DATA_STORES)}.filter((s) => db.objectStoreNames.contains(s));
  const now = new Map();
  for (const s of stores) {
    const rows = await req(db.transaction(s).objectStore(s).getAll());
    for (const row of rows) now.set(s + '|' + row.key, row.seenAt);
  }
  db.close();
  if (mode === 'save') { self.__benchSeen = now; return { rows: now.size }; }
  const before = self.__benchSeen || new Map();
  let rewritten = 0, added = 0;
  for (const [k, seenAt] of now) {
    if (!before.has(k)) added += 1;
    else if (before.get(k) !== seenAt) rewritten += 1;
  }
  return { rows: now.size, rewritten, added, removed: Math.max(0, before.size + added - now.size) };
}`;

/** Service worker: empties our data stores and accounts (so a replay is a first ingest again). */
export const SW_CLEAR = `async () => {
  ${IDB_HELPERS}
  const db = await open('sales-pace');
  const stores = ['accounts', ...${JSON.stringify(DATA_STORES)}].filter((s) => db.objectStoreNames.contains(s));
  const t = db.transaction(stores, 'readwrite');
  for (const s of stores) t.objectStore(s).clear();
  await done(t);
  db.close();
  return stores.length;
}`;

/**
 * Service worker: the floor for ingest. The same deal and activity rows (read back from our database) are
 * put in a loop, in one transaction, into a scratch database with the same keys and indexes.
 */
export const SW_FLOOR = `async ({ reps }) => {
  ${IDB_HELPERS}
  const stores = ['deals', 'activities'];
  const src = await open('sales-pace');
  const schema = stores.map((name) => {
    const s = src.transaction(name).objectStore(name);
    return { name, keyPath: s.keyPath, autoIncrement: s.autoIncrement,
      indexes: Array.from(s.indexNames).map((i) => { const ix = s.index(i); return { name: i, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry }; }) };
  });
  const rows = {};
  for (const name of stores) rows[name] = await req(src.transaction(name).objectStore(name).getAll());
  src.close();
  const scratch = 'sales-pace-bench-floor';
  await req(indexedDB.deleteDatabase(scratch));
  const dst = await open(scratch, 1, (db) => {
    for (const s of schema) {
      const os = db.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
      for (const ix of s.indexes) os.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
    }
  });
  const times = [];
  for (let r = 0; r < reps; r += 1) {
    const c = dst.transaction(stores, 'readwrite');
    for (const name of stores) c.objectStore(name).clear();
    await done(c);
    const t0 = performance.now();
    const t = dst.transaction(stores, 'readwrite');
    for (const name of stores) { const os = t.objectStore(name); for (const row of rows[name]) os.put(row); }
    await done(t);
    times.push(performance.now() - t0);
  }
  dst.close();
  await req(indexedDB.deleteDatabase(scratch));
  return { times, deals: rows.deals.length, activities: rows.activities.length };
}`;

/**
 * Service worker, with the readable ingest bundle loaded as globalThis.__benchIngest: rebuilds the snapshot
 * from the stored rows and splits it as the reader does, into a scratch database of the product's schema.
 */
export const SW_BREAKDOWN_SETUP = `async ({ account, readAt, maxRows }) => {
  ${IDB_HELPERS}
  const B = globalThis.__benchIngest;
  const src = await open('sales-pace');
  // maxRows: only as many rows of each kind as the parts replayed hold (reading 100 000 rows takes seconds here).
  const all = async (name) => (await req(src.transaction(name).objectStore(name).getAll(null, maxRows === null ? undefined : maxRows))).filter((r) => r.account === account);
  const strip = (rows) => rows.map((r) => { const { key, account: _a, seenAt, ...fields } = r; return fields; });
  const acc = await req(src.transaction('accounts').objectStore('accounts').get(account));
  const snapshot = {
    crm: acc.crm, account, accountName: acc.name, currency: acc.currency, readAt, source: 'api', currentUserId: acc.currentUserId,
    managers: strip(await all('managers')), pipelines: strip(await all('pipelines')), stages: strip(await all('stages')),
    deals: strip(await all('deals')), tasks: strip(await all('tasks')), activities: strip(await all('activities')), problems: [],
  };
  src.close();
  const parts = B.splitSnapshot(snapshot);
  const scratch = 'sales-pace-bench-replica';
  await req(indexedDB.deleteDatabase(scratch));
  const db = new B.SalesDb(scratch);
  await db.open();
  globalThis.__benchReplica = { db, scratch, messages: parts.map((snapshot, index) => ({ kind: 'snapshot', part: { index, count: parts.length }, snapshot })) };
  return { parts: parts.length };
}`;

/** Service worker: one pass of the replica's messages through the product's validation and ingest, timed apart. */
export const SW_BREAKDOWN_RUN = `async () => {
  const B = globalThis.__benchIngest;
  const { db, messages } = globalThis.__benchReplica;
  const parts = [];
  for (const m of messages) {
    const t0 = performance.now();
    const parsed = B.parseMessage(m);
    const t1 = performance.now();
    if (!parsed.ok) throw new Error(parsed.error);
    const reply = await B.ingestSnapshot(db, parsed.message);
    const t2 = performance.now();
    parts.push({ index: m.part.index, records: m.snapshot.deals.length + m.snapshot.activities.length + m.snapshot.tasks.length,
      validateMs: t1 - t0, ingestMs: t2 - t1, written: reply.written });
  }
  return parts;
}`;

export const SW_BREAKDOWN_DONE = `async () => {
  ${IDB_HELPERS}
  const r = globalThis.__benchReplica;
  if (!r) return false;
  r.db.close();
  await req(indexedDB.deleteDatabase(r.scratch));
  globalThis.__benchReplica = undefined;
  return true;
}`;

/** Popup init script: when My day and Team first appear (performance.now(), i.e. ms since navigation started). */
export const POPUP_MARKS = `(() => {
  const marks = {};
  Object.defineProperty(window, '__benchMarks', { value: marks });
  window.__benchTeamExpect = 1;
  const check = () => {
    const now = performance.now();
    if (marks.root === undefined && document.querySelector('#root > *')) marks.root = now;
    if (marks.myDay === undefined && document.querySelector('[data-testid="my-day"]')) marks.myDay = now;
    if (marks.callsLeft === undefined && document.querySelector('[data-testid="calls-left"]')) marks.callsLeft = now;
    // Team may first render with the previous tab's rows (one manager) before its own query answers:
    // it counts as rendered when it shows as many rows as the bench expects.
    const rows = document.querySelectorAll('[data-testid="team"] tbody tr').length;
    if (rows !== (marks.teamRows || 0)) {
      marks.teamRows = rows;
      marks.teamRowsAt = now;
      if (marks.firstTeamRows === undefined && rows > 0) { marks.firstTeamRows = rows; marks.firstTeam = now; }
      if (marks.team === undefined && rows >= (window.__benchTeamExpect || 1)) marks.team = now;
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

/** Popup page: the floor for My day, a raw getAll of the manager's deals and today's activities by the indexes the popup uses. */
export const POPUP_FLOOR = `async ({ account, ownerId, from, to }) => {
  ${IDB_HELPERS}
  const t0 = performance.now();
  const db = await open('sales-pace');
  const t = db.transaction(['deals', 'activities']);
  const [deals, activities] = await Promise.all([
    req(t.objectStore('deals').index('[account+ownerId]').getAll(IDBKeyRange.only([account, ownerId]))),
    req(t.objectStore('activities').index('[account+ownerId+at]').getAll(IDBKeyRange.bound([account, ownerId, from], [account, ownerId, to]))),
  ]);
  const ms = performance.now() - t0;
  db.close();
  return { ms, deals: deals.length, activities: activities.length };
}`;

/** Popup page: clicks the Team tab and notes when; Team counts as rendered once it shows `expect` rows. */
export const CLICK_TEAM = `((expect) => {
  window.__benchTeamExpect = expect;
  const tab = Array.from(document.querySelectorAll('[role="tab"]')).find((b) => /Team|Команда/.test(b.textContent || ''));
  if (!tab) return false;
  window.__benchMarks.teamClick = performance.now();
  tab.click();
  return true;
})`;

/**
 * Popup page, with the readable popup bundle as globalThis.__benchPopup: how long the popup's own pieces take
 * on the stored data (the query, the metrics) outside React.
 */
export const POPUP_BREAKDOWN = `async ({ account, ownerId }) => {
  const B = globalThis.__benchPopup;
  const db = new B.SalesDb();
  const now = new Date();
  const settings = await B.loadSettings(db);
  const history = (data) => (data.historyFrom ? { historyFrom: data.historyFrom } : {});
  const t0 = performance.now();
  const mine = await B.loadDay(db, account, now, ownerId);
  const t1 = performance.now();
  const manager = mine.managers.find((m) => m.crmId === ownerId);
  B.dayView({ account, ownerId, managerTitle: manager ? manager.title : null, deals: mine.deals, stages: mine.stages, activities: mine.activities,
    tasks: [...(mine.tasks || []), ...(mine.olderOpenTasks || [])], settings, now, ...history(mine) });
  const t2 = performance.now();
  const team = await B.loadDay(db, account, now, undefined);
  const t3 = performance.now();
  const owners = new Set([...team.deals.map((d) => d.ownerId), ...team.activities.map((a) => a.ownerId)]);
  const rows = team.managers.filter((m) => m.active !== false && owners.has(m.crmId));
  if (B.teamView) {
    B.teamView({ account, managers: rows, deals: team.deals, stages: team.stages, activities: team.activities, tasks: team.tasks || [], settings, now,
      currentUserId: ownerId, ...history(team) });
  } else {
    for (const m of rows) B.dayView({ account, ownerId: m.crmId, managerTitle: m.title, deals: team.deals, stages: team.stages, activities: team.activities, settings, now });
  }
  const t4 = performance.now();
  await B.loadDealOwners(db, account);
  const t5 = performance.now();
  db.close();
  return { myDayQueryMs: t1 - t0, myDayViewMs: t2 - t1, teamQueryMs: t3 - t2, teamViewsMs: t4 - t3, ownersMs: t5 - t4, teamView: Boolean(B.teamView),
    teamManagers: rows.length, teamDeals: team.deals.length, teamActivities: team.activities.length, teamTasks: (team.tasks || []).length,
    myDeals: mine.deals.length, myActivities: mine.activities.length,
    windowFrom: B.historyWindowStart ? B.historyWindowStart(now).getTime() : null };
}`;
