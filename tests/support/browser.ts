// Finds a Chromium that can load an unpacked extension and starts it with ours; shared by e2e, demo and bench.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');

// Google-branded Chrome >= 137 ignores --load-extension, so Chromium comes first.
const CANDIDATES = [
  '/usr/lib/chromium/chromium', // Debian's binary itself (the /usr/bin wrapper adds flags of its own)
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/usr/bin/microsoft-edge',
  '/usr/bin/google-chrome-beta',
];

export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error('No Chromium found. Install one with:  sudo apt-get install -y chromium   (or set CHROMIUM_PATH)');
  }
  return found;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
}

export async function launchWithExtension(options: { headless: boolean; userDataDir?: string; extensionDir?: string }): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`The extension is not built at ${extensionDir}: run  npm run build  first`);
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'sales-pace-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: options.headless,
    viewport: { width: 1360, height: 860 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return { context, extensionId, serviceWorker };
}

/** Pins the extension's own clock (content script and service worker) in the `e2e` build; see lib/clock.ts. */
export async function pinExtensionClock(serviceWorker: Worker, at: Date): Promise<void> {
  await serviceWorker.evaluate(`chrome.storage.local.set({ 'e2e:now': ${at.getTime()} })`);
}
