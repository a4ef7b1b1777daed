// Enabling a CRM site: permission asked, site remembered, our scripts registered for exactly the enabled and granted sites.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { adapterFor, adapterForKind } from '../../lib/adapters';
import { enabledCrm, enableSelfHosted, enableSite, listSites, recognise, revokeSite, selfHostedOrigin, syncContentScripts } from '../../lib/sites';

type Registered = { id: string; matches?: string[]; world?: string; allFrames?: boolean };
let granted: Set<string>;
let registered: Registered[];

beforeEach(() => {
  fakeBrowser.reset();
  granted = new Set();
  registered = [];
  const permissions = fakeBrowser.permissions as unknown as Record<string, unknown>;
  permissions.getAll = vi.fn(async () => ({ origins: [...granted], permissions: [] }));
  permissions.request = vi.fn(async ({ origins }: { origins: string[] }) => {
    for (const origin of origins) granted.add(origin);
    return true;
  });
  permissions.remove = vi.fn(async ({ origins }: { origins: string[] }) => {
    for (const origin of origins) granted.delete(origin);
    return true;
  });
  (fakeBrowser as unknown as { scripting: unknown }).scripting = {
    getRegisteredContentScripts: vi.fn(async () => registered),
    unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => {
      registered = registered.filter((script) => !ids.includes(script.id));
    }),
    registerContentScripts: vi.fn(async (scripts: Registered[]) => {
      registered.push(...scripts);
    }),
  };
});

describe('recognise', () => {
  it.each([
    ['https://acme.amocrm.ru/leads/pipeline/3/', { origin: 'https://acme.amocrm.ru', crm: 'amocrm', label: 'amoCRM' }],
    ['https://acme.kommo.com/leads/', { origin: 'https://acme.kommo.com', crm: 'amocrm', label: 'amoCRM' }],
    ['https://www.amocrm.ru/', null],
    ['https://acme.pipedrive.com/pipeline/1/user/everyone', { origin: 'https://acme.pipedrive.com', crm: 'pipedrive', label: 'Pipedrive' }],
    ['https://app-eu1.hubspot.com/contacts/123/objects/0-3/views/all/board', { origin: 'https://app-eu1.hubspot.com', crm: 'hubspot', label: 'HubSpot' }],
    ['https://acme.bitrix24.ru/crm/deal/kanban/', { origin: 'https://acme.bitrix24.ru', crm: 'bitrix24', label: 'Bitrix24' }],
    ['http://acme.amocrm.ru/', null],
    ['http://127.0.0.1:5173/leads/pipeline/101', null],
    ['https://example.org/', null],
    ['chrome://extensions', null],
    ['not a url', null],
    [undefined, null],
  ])('%s → %s', (url, expected) => {
    expect(recognise(url)).toEqual(expected);
  });
});

describe('enableSite', () => {
  it('asks for the origin only, remembers the site and registers the reader and the page-globals script', async () => {
    expect(await enableSite('https://acme.amocrm.ru', 'amocrm')).toBe(true);
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ origins: ['https://acme.amocrm.ru/*'] });
    expect(await listSites()).toEqual([{ origin: 'https://acme.amocrm.ru', crm: 'amocrm', granted: true }]);
    expect(registered.map((s) => [s.id, s.matches, s.world ?? 'ISOLATED'])).toEqual([
      ['crm-sites', ['https://acme.amocrm.ru/*'], 'ISOLATED'],
      ['crm-sites-globals', ['https://acme.amocrm.ru/*'], 'MAIN'],
    ]);
  });

  it('does nothing when the user declines', async () => {
    (fakeBrowser.permissions as unknown as { request: unknown }).request = vi.fn(async () => false);
    expect(await enableSite('https://acme.amocrm.ru', 'amocrm')).toBe(false);
    expect(await listSites()).toEqual([]);
    expect(registered).toEqual([]);
  });
});

describe('revoke and sync', () => {
  it('unregisters a revoked site and keeps the others', async () => {
    await enableSite('https://acme.amocrm.ru', 'amocrm');
    await enableSite('https://acme.bitrix24.ru', 'bitrix24');
    await revokeSite('https://acme.amocrm.ru');
    expect((await listSites()).map((s) => s.origin)).toEqual(['https://acme.bitrix24.ru']);
    expect(registered.find((s) => s.id === 'crm-sites')?.matches).toEqual(['https://acme.bitrix24.ru/*']);
  });

  it('stops reading a site whose permission the user removed in the browser', async () => {
    await enableSite('https://acme.amocrm.ru', 'amocrm');
    granted.clear();
    expect(await syncContentScripts()).toEqual([]);
    expect(registered).toEqual([]);
    expect(await listSites()).toEqual([{ origin: 'https://acme.amocrm.ru', crm: 'amocrm', granted: false }]);
  });
});

describe('self-hosted Bitrix24', () => {
  it.each([
    ['crm.acme-corp.ru', { ok: true, origin: 'https://crm.acme-corp.ru' }],
    ['  https://crm.acme-corp.ru/crm/deal/kanban/?x=1#top ', { ok: true, origin: 'https://crm.acme-corp.ru' }],
    ['https://portal.acme.kz:8443', { ok: true, origin: 'https://portal.acme.kz:8443' }],
    ['CRM.ACME-CORP.RU', { ok: true, origin: 'https://crm.acme-corp.ru' }],
    ['', { ok: false, code: 'empty' }],
    ['   ', { ok: false, code: 'empty' }],
    ['http://crm.acme-corp.ru', { ok: false, code: 'https' }],
    ['ftp://crm.acme-corp.ru', { ok: false, code: 'https' }],
    ['intranet', { ok: false, code: 'invalid' }],
    ['https://user:secret@crm.acme-corp.ru', { ok: false, code: 'invalid' }],
    ['crm acme ru', { ok: false, code: 'invalid' }],
    ['https://', { ok: false, code: 'invalid' }],
    ['acme.bitrix24.ru', { ok: false, code: 'known' }],
    ['https://acme.amocrm.ru/leads/', { ok: false, code: 'known' }],
  ])('%j → %j', (input, expected) => {
    expect(selfHostedOrigin(input)).toEqual(expected);
  });

  it('is enabled as Bitrix24, and the reader then picks the Bitrix24 adapter for a host that names no CRM', async () => {
    const origin = 'https://crm.acme-corp.ru';
    expect(adapterFor(new URL(`${origin}/crm/deal/kanban/`))).toBeNull();
    expect(await enabledCrm(origin)).toBeNull();
    expect(await enableSelfHosted(origin)).toBe(true);
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ origins: [`${origin}/*`] });
    expect(await enabledCrm(origin)).toBe('bitrix24');
    expect(adapterForKind('bitrix24')?.crm).toBe('bitrix24');
    expect(registered.find((s) => s.id === 'crm-sites')?.matches).toEqual([`${origin}/*`]);
    // An origin merely sharing a prefix is not the enabled one.
    expect(await enabledCrm('https://crm.acme-corp.ru.evil.example')).toBeNull();
    expect(await enabledCrm('constructor')).toBeNull();
  });

  it('the demo adapter is never chosen by kind (it only reads the bundled loopback demo)', () => {
    expect(adapterForKind('demo')).toBeNull();
  });

  it('declined: nothing is remembered or registered', async () => {
    (fakeBrowser.permissions as unknown as { request: unknown }).request = vi.fn(async () => false);
    expect(await enableSelfHosted('https://crm.acme-corp.ru')).toBe(false);
    expect(await enabledCrm('https://crm.acme-corp.ru')).toBeNull();
    expect(registered).toEqual([]);
  });
});
