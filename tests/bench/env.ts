// The bench's browser and machine: a frozen copy of the built extension, Chromium launched with or without it, and the host facts.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { EXTENSION_DIR, findChromium } from '../support/browser';
import { sleep } from './stats';

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  chromium: string;
  node: string;
}

export function machine(): Machine {
  const list = cpus();
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(findChromium(), ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    // reported as unknown
  }
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    chromium: chromiumVersion,
    node: process.version,
  };
}

export interface Load {
  /** 1-minute load average. */
  load1: number;
  /** Other Chromium instances running on the machine (distinct --user-data-dir not ours), e.g. someone's e2e tests. */
  otherBrowsers: number;
}

/** How busy the machine is besides the bench: a load over the core count makes every figure slower and noisier. */
export function currentLoad(): Load {
  const dirs = new Set<string>();
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmdline.includes('chrom')) continue;
      const dir = /--user-data-dir=([^\0 ]+)/.exec(cmdline)?.[1];
      if (dir && !dir.includes('sales-pace-bench-profile-')) dirs.add(dir);
    }
  } catch {
    // no /proc (macOS): unknown
  }
  return { load1: Math.round((loadavg()[0] ?? 0) * 10) / 10, otherBrowsers: dirs.size };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Every file the manifest and popup.html name exists: the copy is a whole build, not one caught mid-write. */
function completeBuild(dir: string): string | null {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return 'no manifest.json';
  let manifest: { background?: { service_worker?: string }; content_scripts?: { js?: string[] }[]; action?: { default_popup?: string } };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
  } catch {
    return 'manifest.json is not JSON';
  }
  const files = [manifest.background?.service_worker, ...(manifest.content_scripts ?? []).flatMap((c) => c.js ?? []), manifest.action?.default_popup];
  for (const file of files) if (file && !existsSync(join(dir, file))) return `missing ${file}`;
  const popup = manifest.action?.default_popup;
  if (popup) {
    const html = readFileSync(join(dir, popup), 'utf8');
    for (const match of html.matchAll(/(?:src|href)="\/([^"]+)"/g)) {
      const file = match[1];
      if (file && !existsSync(join(dir, file))) return `popup.html names missing ${file}`;
    }
  }
  return null;
}

/**
 * Copies .output/chrome-mv3 to a temp folder once it has been still for a second. Other engineers may
 * rebuild the shared output while the bench runs; the copy keeps one build for the whole run.
 */
export async function freezeExtension(source = EXTENSION_DIR): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    if (existsSync(source) && Date.now() - newestMtime(source) > 1000) {
      const copy = mkdtempSync(join(tmpdir(), 'sales-pace-bench-ext-'));
      cpSync(source, copy, { recursive: true });
      const problem = completeBuild(copy);
      if (problem === null && Date.now() - newestMtime(source) > 1000) return copy;
      rmSync(copy, { recursive: true, force: true });
    }
    await sleep(500);
  }
  throw new Error(`bench: ${source} kept changing or is incomplete; run  npm run build  and try again`);
}

export interface BenchBrowser {
  context: BrowserContext;
  /** Set when launched with the extension. */
  extensionId: string | null;
  serviceWorker: Worker | null;
  /** The DevTools HTTP port (for the service worker's own CDP connection), when asked for. */
  debugPort: number | null;
  close(): Promise<void>;
}

/** Chromium as tests/support/browser.ts starts it, with or without our extension, optionally with a DevTools port. */
export async function launch(options: { extensionDir: string | null; debugPort?: boolean }): Promise<BenchBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'sales-pace-bench-profile-'));
  const dir = options.extensionDir;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1360, height: 860 },
    args: [
      ...(dir ? [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`] : ['--disable-extensions']),
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      // Timers and rendering of tabs Playwright opens in the background must not be throttled mid-measurement.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      ...(options.debugPort ? ['--remote-debugging-port=0'] : []),
    ],
  });
  let serviceWorker: Worker | null = null;
  let extensionId: string | null = null;
  if (dir) {
    serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    extensionId = new URL(serviceWorker.url()).host;
  }
  let debugPort: number | null = null;
  if (options.debugPort) {
    const file = join(userDataDir, 'DevToolsActivePort');
    for (let i = 0; i < 100 && !existsSync(file); i += 1) await sleep(50);
    const port = existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : Number.NaN;
    debugPort = Number.isInteger(port) && port > 0 ? port : null;
  }
  return {
    context,
    extensionId,
    serviceWorker,
    debugPort,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
