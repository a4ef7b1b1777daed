// Same-origin JSON requests with the page's own session: polite (spaced out), retried on 429/5xx, never cross-origin.
import type { FetchJson } from '../../lib/adapters/types';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(`HTTP ${status} for ${path}`);
    this.name = 'HttpError';
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
      if (!retryable || attempt >= retries) throw new HttpError(response.status, url.pathname);
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
