// A minimal Chrome DevTools Protocol client over a WebSocket, for the targets Playwright offers no CDP session for (the extension's service worker).

interface Socket {
  send(data: string): void;
  close(): void;
  onMessage(handler: (text: string) => void): void;
}

type SocketFactory = (url: string) => Promise<Socket>;

type WsConstructor = new (
  url: string,
  options: { maxPayload: number },
) => {
  on(event: string, cb: (arg: unknown) => void): void;
  send(d: string): void;
  close(): void;
};

/** Node 22 has a global WebSocket; Node 20 has it only behind a flag, so fall back to `ws` (already installed, by jsdom). */
async function socketFactory(): Promise<SocketFactory | null> {
  const Global = (globalThis as { WebSocket?: new (url: string) => { send(d: string): void; close(): void; addEventListener(type: string, cb: (e: { data?: unknown }) => void): void } }).WebSocket;
  if (Global) {
    return (url) =>
      new Promise((resolve, reject) => {
        const socket = new Global(url);
        socket.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)));
        socket.addEventListener('open', () =>
          resolve({
            send: (d) => socket.send(d),
            close: () => socket.close(),
            onMessage: (handler) => socket.addEventListener('message', (e) => handler(String(e.data))),
          }),
        );
      });
  }
  const specifier = 'ws';
  let Ctor: WsConstructor;
  try {
    const mod = (await import(specifier)) as { default?: unknown; WebSocket?: unknown };
    const candidate = mod.WebSocket ?? mod.default;
    if (typeof candidate !== 'function') return null;
    Ctor = candidate as WsConstructor;
  } catch {
    return null;
  }
  return (url) =>
    new Promise((resolve, reject) => {
      const socket = new Ctor(url, { maxPayload: 1024 * 1024 * 1024 });
      socket.on('error', (error) => reject(error instanceof Error ? error : new Error(String(error))));
      socket.on('open', () =>
        resolve({
          send: (d) => socket.send(d),
          close: () => socket.close(),
          onMessage: (handler) => socket.on('message', (data) => handler(String(data))),
        }),
      );
    });
}

export interface CdpClient {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  close(): void;
}

/** Connects to the first DevTools target of `type` whose URL starts with `urlPrefix`; null when that is not possible here. */
export async function connectTarget(port: number, type: string, urlPrefix: string): Promise<CdpClient | null> {
  const factory = await socketFactory();
  if (!factory) return null;
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; url: string; webSocketDebuggerUrl?: string }[];
  const target = list.find((t) => t.type === type && t.url.startsWith(urlPrefix) && t.webSocketDebuggerUrl);
  if (!target?.webSocketDebuggerUrl) return null;
  const socket = await factory(target.webSocketDebuggerUrl);
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.onMessage((text) => {
    const message = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId;
        nextId += 1;
        pending.set(id, { resolve: (value) => resolve(value as T), reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** The CPU profile shape CDP returns (Profiler.stop). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time by function (name + file), largest first, in ms. */
export function selfTimes(profile: CpuProfile, top = 12): { fn: string; ms: number; share: number }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((nodeId, i) => {
    const node = byNode.get(nodeId);
    const us = deltas[i + 1] ?? deltas[i] ?? 0;
    if (!node) return;
    const file = node.callFrame.url.split('/').pop() ?? '';
    const label = `${node.callFrame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
    totals.set(label, (totals.get(label) ?? 0) + us);
    all += us;
  });
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, us]) => ({ fn, ms: us / 1000, share: all > 0 ? us / all : 0 }));
}

export interface BusyStretch {
  /** Milliseconds of back-to-back non-idle samples (a long task as the profiler saw it). */
  ms: number;
  /** Share of the stretch whose nearest script frame is in a file whose URL contains the `ours` marker. */
  ourShare: number;
  /** The script files (or "(browser)" for layout, parsing and other native work) that took most of it. */
  top: string;
}

/**
 * Splits a CPU profile into stretches of busy main-thread time (separated by idle samples) and says how
 * much of each went to our script: every sample counts for the nearest frame up its stack that has a URL.
 */
export function busyStretches(profile: CpuProfile & { startTime?: number }, ours: string, count = 5): BusyStretch[] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fileOf = new Map<number, string>();
  const resolveFile = (id: number): string => {
    const known = fileOf.get(id);
    if (known !== undefined) return known;
    let at: number | undefined = id;
    let file = '(browser)';
    while (at !== undefined) {
      const node = byId.get(at);
      if (!node) break;
      if (node.callFrame.url) {
        file = node.callFrame.url;
        break;
      }
      if (node.callFrame.functionName === '(garbage collector)') {
        file = '(gc)';
        break;
      }
      at = parent.get(at);
    }
    fileOf.set(id, file);
    return file;
  };
  const stretches: BusyStretch[] = [];
  let current = new Map<string, number>();
  let currentUs = 0;
  const close = () => {
    if (currentUs > 0) {
      let mine = 0;
      for (const [file, us] of current) if (file.includes(ours)) mine += us;
      const top = [...current.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([file, us]) => `${file.split('/').slice(-2).join('/')} ${Math.round((us / currentUs) * 100)}%`)
        .join(', ');
      stretches.push({ ms: currentUs / 1000, ourShare: mine / currentUs, top });
    }
    current = new Map();
    currentUs = 0;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = deltas[i + 1] ?? deltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') {
      close();
      return;
    }
    const file = resolveFile(id);
    current.set(file, (current.get(file) ?? 0) + us);
    currentUs += us;
  });
  close();
  return stretches.sort((a, b) => b.ms - a.ms).slice(0, count);
}

/** Total time per script file (nearest frame with a URL up each sample's stack), plus "(idle)", "(gc)" and "(browser)". */
export function fileTimes(profile: CpuProfile): { file: string; ms: number }[] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const us = deltas[i + 1] ?? deltas[i] ?? 0;
    let file = '(browser)';
    let at: number | undefined = id;
    while (at !== undefined) {
      const node = byId.get(at);
      if (!node) break;
      const name = node.callFrame.functionName;
      if (name === '(idle)' || name === '(garbage collector)') {
        file = name === '(idle)' ? '(idle)' : '(gc)';
        break;
      }
      if (node.callFrame.url) {
        file = node.callFrame.url.split('/').pop() ?? node.callFrame.url;
        break;
      }
      at = parent.get(at);
    }
    totals.set(file, (totals.get(file) ?? 0) + us);
  });
  return [...totals.entries()].map(([file, us]) => ({ file, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
}
