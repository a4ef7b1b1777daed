// The bundled demo CRM ("ДемоCRM") on node:http: pages, a same-origin JSON API and a cookie session, all in memory.
// Run it:  npx tsx tests/demo-crm/server.ts --port 5173 [--seed 42] [--now 2026-11-25T14:30:00]   (env DEMO_NOW works too)
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  accountJson,
  API_PREFIX,
  ApiError,
  callJson,
  canSee,
  companyIds,
  leadJson,
  ownerFilter,
  paged,
  pipelineJson,
  rangeFilter,
  taskJson,
  userJson,
} from './api';
import { findStage, generateDemo, type DemoData, type DemoUser } from './data';
import { altDealsPage, callsPage, dealPage, kanbanPage, notFoundPage, todoPage, type PageContext } from './pages';

export type { DemoData } from './data';

export interface DemoCrmOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Pins the clock: data is generated for this instant and pages count days from it. Default: env DEMO_NOW, else the real clock. */
  now?: Date;
  seed?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Every /api/v1 request answers 503, to exercise an adapter's page fallback. */
  failApi?: boolean;
}

export interface DemoCrm {
  /** e.g. "http://127.0.0.1:5173", no trailing slash. */
  url: string;
  /** The live data: moves on the board change `deals` in place (`truth` stays as generated). */
  data: DemoData;
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'demo_user';
// Not `new URL('./static/', import.meta.url)`: vite (vitest) rewrites that pattern into an asset URL.
const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');
const STATIC_TYPES: Record<string, string> = {
  'crm.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'kanban.js': 'text/javascript; charset=utf-8',
};
const MAX_SYNTHETIC_CARDS = 20_000;

function envNow(): Date | undefined {
  const raw = process.env.DEMO_NOW;
  if (!raw) return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new Error(`DEMO_NOW is not a date: "${raw}" (use ISO, e.g. 2026-11-25T14:30:00)`);
  return d;
}

function cookies(req: IncomingMessage): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return jar;
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > 64 * 1024) throw new ApiError(413, 'Payload Too Large', 'request body over 64 KB');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'Bad Request', 'the body is not JSON');
  }
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

export async function startDemoCrm(opts: DemoCrmOptions = {}): Promise<DemoCrm> {
  const pinned = opts.now ?? envNow();
  const clock = () => pinned ?? new Date();
  const data = generateDemo({ now: clock(), seed: opts.seed });
  const companies = companyIds(data);
  // Signed out (no cookie) means the first cold caller, as `npm run demo` expects.
  const defaultUser = data.users.find((u) => u.role === 'cold_caller') ?? data.users[0];
  if (!defaultUser) throw new Error('demo CRM: no users generated');
  const statics = new Map(Object.keys(STATIC_TYPES).map((name) => [name, readFileSync(join(STATIC_DIR, name), 'utf8')]));

  const viewerOf = (req: IncomingMessage): DemoUser => {
    const id = cookies(req).get(SESSION_COOKIE);
    return data.users.find((u) => u.id === id) ?? defaultUser;
  };

  function api(req: IncomingMessage, res: ServerResponse, url: URL, viewer: DemoUser, body: unknown) {
    const path = url.pathname.replace(/\/+$/, '');
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const owners = ownerFilter(q);
    const mine = (ownerId: string) => canSee(viewer, ownerId) && (owners === null || owners.has(ownerId));

    if (method === 'GET' && path === `${API_PREFIX}/account`) return sendJson(res, 200, accountJson(data, viewer));
    if (method === 'GET' && path === `${API_PREFIX}/users`) return sendJson(res, 200, paged(path, q, 'users', data.users, userJson));
    if (method === 'GET' && path === `${API_PREFIX}/pipelines`) {
      return sendJson(res, 200, { _total_items: data.pipelines.length, _links: { self: { href: path } }, _embedded: { pipelines: data.pipelines.map(pipelineJson) } });
    }
    if (method === 'GET' && path === `${API_PREFIX}/leads`) {
      const updated = rangeFilter(q, 'updated_at');
      const created = rangeFilter(q, 'created_at');
      const pipelineId = q.get('filter[pipeline_id]');
      const leads = data.deals
        .filter((d) => mine(d.ownerId))
        .filter((d) => d.updatedAt >= updated.from && d.updatedAt <= updated.to && d.createdAt >= created.from && d.createdAt <= created.to)
        .filter((d) => pipelineId === null || d.pipelineId === pipelineId)
        .sort((a, b) => Number(a.id) - Number(b.id));
      return sendJson(res, 200, paged(path, q, 'leads', leads, (d) => leadJson(d, companies)));
    }
    const one = /^\/api\/v1\/leads\/(\d+)$/.exec(path);
    if (method === 'GET' && one) {
      const deal = data.deals.find((d) => d.id === one[1] && canSee(viewer, d.ownerId));
      if (!deal) throw new ApiError(404, 'Not Found', `lead ${one[1] ?? ''} not found`);
      return sendJson(res, 200, leadJson(deal, companies));
    }
    const move = /^\/api\/v1\/leads\/(\d+)\/move$/.exec(path);
    if (method === 'POST' && move) {
      const deal = data.deals.find((d) => d.id === move[1] && canSee(viewer, d.ownerId));
      if (!deal) throw new ApiError(404, 'Not Found', `lead ${move[1] ?? ''} not found`);
      const stageId = String(field(body, 'status_id') ?? '');
      const stage = findStage(data, stageId);
      if (!stage) throw new ApiError(400, 'Bad Request', `status_id ${stageId || '(missing)'} is not a stage`);
      if (stage.id !== deal.stageId) {
        const at = Math.floor(clock().getTime() / 1000) * 1000;
        deal.stageId = stage.id;
        deal.pipelineId = stage.pipelineId;
        deal.stageEnteredAt = at;
        deal.updatedAt = at;
        deal.closedAt = stage.kind === 'open' ? null : at;
        const reason = field(body, 'loss_reason');
        deal.lossReason = stage.kind === 'lost' ? (typeof reason === 'string' && reason ? reason : deal.lossReason) : null;
      }
      return sendJson(res, 200, leadJson(deal, companies));
    }
    if (method === 'GET' && path === `${API_PREFIX}/tasks`) {
      const updated = rangeFilter(q, 'updated_at');
      const due = rangeFilter(q, 'complete_till');
      const tasks = data.tasks
        .filter((t) => mine(t.ownerId))
        .filter((t) => t.updatedAt >= updated.from && t.updatedAt <= updated.to && t.dueAt >= due.from && t.dueAt <= due.to)
        .sort((a, b) => Number(a.id) - Number(b.id));
      return sendJson(res, 200, paged(path, q, 'tasks', tasks, taskJson));
    }
    if (method === 'GET' && path === `${API_PREFIX}/calls`) {
      const created = rangeFilter(q, 'created_at');
      const type = q.get('filter[type]');
      if (type !== null && type !== 'call' && type !== 'meeting') throw new ApiError(400, 'Bad Request', `filter[type] must be "call" or "meeting", got "${type}"`);
      const calls = data.activities
        .filter((a) => mine(a.ownerId))
        .filter((a) => a.at >= created.from && a.at <= created.to && (type === null || a.type === type))
        .sort((a, b) => Number(a.id) - Number(b.id));
      return sendJson(res, 200, paged(path, q, 'calls', calls, callJson));
    }
    throw new ApiError(404, 'Not Found', `no API method ${method} ${path}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const viewer = viewerOf(req);
    const ctx: PageContext = { data, viewer, now: clock() };

    if (path.startsWith('/api/')) {
      try {
        const body = method === 'POST' ? await readJsonBody(req) : undefined;
        if (method === 'POST' && path === '/api/session') {
          const userId = String(field(body, 'userId') ?? field(body, 'user_id') ?? '');
          const user = data.users.find((u) => u.id === userId);
          if (!user) throw new ApiError(400, 'Bad Request', `no user "${userId}"`);
          return sendJson(res, 200, { ok: true, user_id: Number(user.id) }, { 'Set-Cookie': `${SESSION_COOKIE}=${user.id}; Path=/; SameSite=Lax` });
        }
        if (path.startsWith(`${API_PREFIX}/`)) {
          if (opts.failApi) throw new ApiError(503, 'Service Unavailable', 'the demo CRM was started with failApi');
          return api(req, res, url, viewer, body);
        }
        throw new ApiError(404, 'Not Found', `no API method ${method} ${path}`);
      } catch (error) {
        if (error instanceof ApiError) return sendJson(res, error.status, error.body);
        throw error;
      }
    }

    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed', { Allow: 'GET' });
    const staticName = /^\/static\/([\w.-]+)$/.exec(path)?.[1];
    if (staticName !== undefined) {
      const text = statics.get(staticName);
      const type = STATIC_TYPES[staticName];
      if (text === undefined || type === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'Not Found');
      return send(res, 200, type, text);
    }
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (path === '/' || path === '/leads' || path === '/leads/') {
      return send(res, 302, 'text/plain; charset=utf-8', '', { Location: `/leads/pipeline/${data.pipelines[0]?.id ?? ''}` });
    }
    const board = /^\/leads\/pipeline\/(\d+)\/?$/.exec(path);
    if (board) {
      const pipeline = data.pipelines.find((p) => p.id === board[1]);
      if (!pipeline) return send(res, 404, 'text/html; charset=utf-8', notFoundPage(ctx, `Воронки ${board[1] ?? ''} нет`));
      const cardsRaw = url.searchParams.get('cards');
      const cards = cardsRaw === null ? null : Math.min(MAX_SYNTHETIC_CARDS, Math.max(0, Number.parseInt(cardsRaw, 10) || 0));
      return send(res, 200, 'text/html; charset=utf-8', kanbanPage(ctx, pipeline, cards));
    }
    const detail = /^\/leads\/detail\/(\d+)\/?$/.exec(path);
    if (detail) {
      const deal = data.deals.find((d) => d.id === detail[1]);
      if (!deal || !canSee(viewer, deal.ownerId)) {
        return send(res, 404, 'text/html; charset=utf-8', notFoundPage(ctx, `Сделка #${detail[1] ?? ''} не найдена или недоступна`));
      }
      return send(res, 200, 'text/html; charset=utf-8', dealPage(ctx, deal));
    }
    if (path === '/todo' || path === '/todo/') return send(res, 200, 'text/html; charset=utf-8', todoPage(ctx));
    if (path === '/calls' || path === '/calls/') return send(res, 200, 'text/html; charset=utf-8', callsPage(ctx, url.searchParams));
    // An older list of the signed-in user's deals, built unlike the kanban: for the generic adapter.
    if (path === '/alt/deals' || path === '/alt/deals/') return send(res, 200, 'text/html; charset=utf-8', altDealsPage(ctx));
    return send(res, 404, 'text/html; charset=utf-8', notFoundPage(ctx, `Страницы ${path} нет`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[demo-crm]', error);
      if (!res.headersSent) sendJson(res, 500, { title: 'Internal Server Error', status: 500, detail: String(error) });
      else res.end();
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    data,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// `npx tsx tests/demo-crm/server.ts --port 5173`: serve until interrupted.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5173' },
      host: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      'fail-api': { type: 'boolean', default: false },
    },
  });
  const now = values.now ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now is not a date: "${values.now}"`);
  const crm = await startDemoCrm({
    port: Number(values.port),
    host: values.host,
    seed: values.seed === undefined ? undefined : Number(values.seed),
    now,
    failApi: values['fail-api'],
  });
  const managers = Object.entries(crm.data.truth.managers).map(([id, m]) => `${id} ${m.name} (${m.role})`);
  console.log(`ДемоCRM: ${crm.url}`);
  console.log(`  head: ${crm.data.truth.headId}; managers: ${managers.join(', ')}`);
  console.log(`  data for ${new Date(crm.data.now).toString()}, seed ${crm.data.seed}. Ctrl+C to stop.`);
  const stop = () => {
    crm.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
