// The content script's same-origin fetch: JSON answers, retries, and the JSON body a refusal carries (capped).
import { describe, expect, it } from 'vitest';
import { HttpError, MAX_ERROR_BODY_BYTES, politeFetchJson } from '../../entrypoints/crm.content/fetch-json';

const ORIGIN = 'https://acme.bitrix24.ru';
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };
const SESSION_FAILED = { error: 'session_failed', error_description: 'Sessid check failed', additional: { sessid: '3f6b9d2c5e8a4f1b0c7d2e9a6b3c8d1f' } };

/** A fetch that answers from a list, one answer a request, and remembers what was asked. */
function fakeFetch(answers: Array<() => Response>) {
  const requests: URL[] = [];
  const fetchImpl = ((input: URL | RequestInfo) => {
    requests.push(new URL(String(input)));
    const next = answers.shift();
    return next ? Promise.resolve(next()) : Promise.reject(new Error('no more answers'));
  }) as typeof fetch;
  return { fetchImpl, requests };
}

const fetchJsonWith = (answers: Array<() => Response>) => {
  const fake = fakeFetch(answers);
  return { ...fake, fetchJson: politeFetchJson({ origin: ORIGIN, minIntervalMs: 0, fetchImpl: fake.fetchImpl, sleep: () => Promise.resolve() }) };
};

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return error;
}

describe('politeFetchJson', () => {
  it('returns the JSON of a 2xx answer, and null for 204', async () => {
    const { fetchJson } = fetchJsonWith([() => new Response(JSON.stringify({ result: 1 }), { headers: JSON_TYPE }), () => new Response(null, { status: 204 })]);
    expect(await fetchJson('/rest/user.current.json')).toEqual({ result: 1 });
    expect(await fetchJson('/rest/user.current.json')).toBeNull();
  });

  it("carries the JSON body of a refusal: Bitrix24's HTTP 401 session_failed names the new sessid", async () => {
    const { fetchJson } = fetchJsonWith([() => new Response(JSON.stringify(SESSION_FAILED), { status: 401, headers: JSON_TYPE })]);
    const error = await refusal(fetchJson('/rest/user.current.json?sessid=old', { method: 'POST', body: {} }));
    expect(error).toMatchObject({ status: 401, path: '/rest/user.current.json', body: SESSION_FAILED, message: 'HTTP 401 for /rest/user.current.json' });
  });

  it.each<[string, () => Response]>([
    ['not JSON (a login page)', () => new Response('<html>login</html>', { status: 401, headers: { 'Content-Type': 'text/html' } })],
    ['JSON that does not parse', () => new Response('{"error":', { status: 401, headers: JSON_TYPE })],
    ['no body', () => new Response(null, { status: 403, headers: JSON_TYPE })],
    ['declared larger than the cap', () => new Response('{}', { status: 401, headers: { ...JSON_TYPE, 'Content-Length': String(MAX_ERROR_BODY_BYTES + 1) } })],
    ['streamed larger than the cap', () => new Response(JSON.stringify({ error: 'x'.repeat(MAX_ERROR_BODY_BYTES) }), { status: 401, headers: JSON_TYPE })],
  ])('leaves the body out of a refusal when it is %s', async (_label, answer) => {
    const { fetchJson } = fetchJsonWith([answer]);
    const error = await refusal(fetchJson('/rest/user.current.json'));
    expect(error.body).toBeUndefined();
    expect([401, 403]).toContain(error.status);
  });

  it('retries 5xx and 429, then carries the last answer and its body', async () => {
    const limit = { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' };
    const answer = () => new Response(JSON.stringify(limit), { status: 503, headers: JSON_TYPE });
    const { fetchJson, requests } = fetchJsonWith([answer, answer, answer, answer]);
    const error = await refusal(fetchJson('/rest/crm.deal.list.json'));
    expect(requests).toHaveLength(4);
    expect(error).toMatchObject({ status: 503, body: limit });
  });

  it('refuses a request to another origin without sending it', async () => {
    const { fetchJson, requests } = fetchJsonWith([]);
    await expect(fetchJson('https://evil.example/rest/user.current.json')).rejects.toThrow('outside the CRM');
    expect(requests).toEqual([]);
  });
});
