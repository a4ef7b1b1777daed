// The content script trusts only well-formed replies with its own nonce from the page-globals script.
import { describe, expect, it } from 'vitest';
import { GLOBALS_REPLY, parseGlobalsReply, requestPageGlobals } from '../../lib/page-bridge';

describe('parseGlobalsReply', () => {
  it.each([
    ['a reply with another nonce', { source: GLOBALS_REPLY, nonce: 'other', globals: { userId: '7' } }, null],
    ['something else the page posts', { type: 'analytics', payload: 1 }, null],
    ['not an object', 'hello', null],
    ['non-string and oversize values dropped', { source: GLOBALS_REPLY, nonce: 'n', globals: { userId: 7, token: 'x'.repeat(301), userName: 'Ирина' } }, { userName: 'Ирина' }],
    ['unknown fields dropped', { source: GLOBALS_REPLY, nonce: 'n', globals: { userId: '7', cookie: 'secret' } }, { userId: '7' }],
  ])('%s', (_, data, expected) => {
    expect(parseGlobalsReply(data, 'n')).toEqual(expected);
  });
});

describe('requestPageGlobals', () => {
  it('resolves null when nothing in the page answers', async () => {
    expect(await requestPageGlobals(window, 'amocrm', 50)).toBeNull();
  });
});
