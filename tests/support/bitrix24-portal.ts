// The fixture Bitrix24 portal served under any host in a real Chromium: the kanban page as the portal renders it for
// the signed-in user, with the BX globals core.js defines, and the REST answered from tests/fixtures/bitrix24.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { bitrix24Answer, SESSID, type Json } from '../fixtures/bitrix24/fake-api';

export const KANBAN_PATH = '/crm/deal/kanban/';
const BOARD = readFileSync(join(import.meta.dirname, '../fixtures/bitrix24/kanban.html'), 'utf8');
const HEADER_NAME = '<span class="user-name" id="user-name">Анна Кузнецова</span>';
const USERS: Record<string, string> = { '1': 'Анна Кузнецова', '7': 'Дмитрий Орлов' };

/** The board as the portal serves it to `userId`: their name in the header, the portal's core script, the BX globals. */
export function boardFor(userId: string): string {
  if (!BOARD.includes(HEADER_NAME)) throw new Error('tests/fixtures/bitrix24/kanban.html no longer has the header this helper replaces');
  const messages = { bitrix_sessid: SESSID, USER_ID: userId, SITE_ID: 's1', LANGUAGE_ID: 'ru' };
  // core.js: BX.message(key) reads a message, BX.message({...}) adds some, and every message is also a property of BX.message.
  const globals =
    '<script src="/bitrix/js/main/core/core.min.js?17000000001234"></script>' +
    '<script>(function(){' +
    "var message=function(m){if(typeof m==='string')return message[m];for(var k in m)message[k]=m[k];return true;};" +
    `message(${JSON.stringify(messages)});` +
    'var BX=function(){return null;};BX.message=message;BX.bitrix_sessid=function(){return message.bitrix_sessid;};window.BX=BX;' +
    '})();</script>';
  const name = USERS[userId] ?? '';
  return BOARD.replace(HEADER_NAME, HEADER_NAME.replace('Анна Кузнецова', name)).replace('</head>', `${globals}</head>`);
}

export interface PortalLog {
  rest: { method: string; sessid: string | null; userId: string }[];
}

/** Serves the fixture portal at `origin` for whoever `signedIn()` names; returns the log of REST calls. */
export async function servePortal(context: BrowserContext, origin: string, signedIn: () => string): Promise<PortalLog> {
  const log: PortalLog = { rest: [] };
  await context.route(`${origin}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const rest = /^\/rest\/(.+)\.json$/.exec(url.pathname);
    if (rest === null) {
      if (url.pathname === KANBAN_PATH) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: boardFor(signedIn()) });
      if (url.pathname.startsWith('/bitrix/js/')) return route.fulfill({ contentType: 'application/javascript', body: '/* core */' });
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' });
    }
    const method = rest[1] ?? '';
    const sessid = url.searchParams.get('sessid');
    log.rest.push({ method, sessid, userId: signedIn() });
    const body: unknown = request.postDataJSON();
    const params: Json = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : {};
    const answer = bitrix24Answer({ method, params, sessid }, { userId: signedIn(), sessid: SESSID });
    return route.fulfill({ status: answer.status, json: answer.body });
  });
  return log;
}
