// The built manifests keep the privacy promise: MV3, no broad or sensitive permissions, strict CSP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from '../support/browser';

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: { extension_pages?: string };
  content_scripts?: { matches: string[] }[];
}

const FORBIDDEN = ['tabs', 'history', 'webRequest', 'webRequestBlocking', 'cookies', 'debugger', 'management', 'downloads', '<all_urls>'];

for (const target of ['chrome-mv3', 'firefox-mv3']) {
  test(`${target} manifest: MV3, minimal permissions, strict CSP`, () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, '.output', target, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.manifest_version).toBe(3);
    const granted = [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])];
    for (const permission of FORBIDDEN) expect(granted).not.toContain(permission);
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['activeTab', 'scripting', 'storage']);
    // Notifications are asked for when the user switches notices on, never granted at install.
    expect(manifest.permissions ?? []).not.toContain('notifications');
    expect(manifest.optional_permissions ?? []).toEqual(['notifications']);
    // No CRM host is granted at install; content scripts run at install only on the loopback demo CRM.
    expect(manifest.host_permissions ?? []).toEqual([]);
    const matches = (manifest.content_scripts ?? []).flatMap((script) => script.matches);
    expect(matches.every((match) => /^http:\/\/(127\.0\.0\.1|localhost)\//.test(match))).toBe(true);
    expect(manifest.content_security_policy?.extension_pages).toBe("script-src 'self'; object-src 'self'");
  });
}
