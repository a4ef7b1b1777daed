// Same-origin JSON requests with the page's own session: polite (spaced out), retried on 429/5xx, never cross-origin.
import type { FetchJson } from '../../lib/adapters/types';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    /**
     * The answer's body when it was JSON and small (see MAX_ERROR_BODY_BYTES), else undefined: CRMs explain a refusal
     * there, e.g. Bitrix24's HTTP 401 `{"error":"session_failed","additional":{"sessid":…}}` names the session to renew with.
     */
    readonly body: unknown = undefined,
  ) {
    super(`HTTP ${status} for ${path}`);
    this.name = 'HttpError';
  }
}

/** Largest error body read: an explanation is a few hundred bytes; a bigger one (an HTML page sent as JSON) is not read. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Reads at most `max` bytes of a body; null when it is longer (the rest is not downloaded). */
async function readCapped(response: Response, max: number): Promise<string | null> {
  const declared = Number(response.headers.get('Content-Length') ?? '');
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    return null;
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** The JSON body of a failed answer, if it says it is JSON and is small; undefined otherwise (never throws). */
async function errorBody(response: Response): Promise<unknown> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(type.trim())) return undefined;
  try {
    const text = await readCapped(response, MAX_ERROR_BODY_BYTES);
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

export interface PoliteFetchOptions {
  origin: string;
  /** Fewest milliseconds between two requests (amoCRM allows about 7 a second). */
  minIntervalMs?: number;
  retries?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function politeFetchJson(options: PoliteFetchOptions): FetchJson {
  const { origin, minIntervalMs = 150, retries = 3, fetchImpl = fetch, sleep = wait } = options;
  let nextSlot = 0;
  // One request at a time: a queue keeps the spacing even when an adapter asks in parallel.
  let queue: Promise<unknown> = Promise.resolve();

  async function once(path: string, init: Parameters<FetchJson>[1]): Promise<unknown> {
    const url = new URL(path, origin);
    if (url.origin !== origin) throw new Error(`refused a request outside the CRM's origin: ${url.origin}`);
    for (let attempt = 0; ; attempt += 1) {
      const delay = nextSlot - Date.now();
      if (delay > 0) await sleep(delay);
      nextSlot = Date.now() + minIntervalMs;
      const response = await fetchImpl(url, {
        method: init?.method ?? 'GET',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', ...(init?.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init?.headers },
        body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
      });
      if (response.ok) return response.status === 204 ? null : response.json();
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= retries) throw new HttpError(response.status, url.pathname, await errorBody(response));
      const retryAfter = Number(response.headers.get('Retry-After'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000 * 2 ** attempt);
    }
  }

  return (path, init) => {
    const result = queue.then(() => once(path, init));
    queue = result.catch(() => undefined);
    return result;
  };
}
