// Sizes of the built extension's scripts: the content script, the JS the popup loads, the background.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeFigure {
  kb: number;
  gzipKb: number;
  files: string[];
}

export interface Sizes {
  content: SizeFigure;
  popup: SizeFigure;
  background: SizeFigure;
}

const KB = 1024;

function measure(dir: string, files: string[]): SizeFigure {
  let bytes = 0;
  let gzip = 0;
  for (const file of files) {
    const path = join(dir, file);
    bytes += statSync(path).size;
    gzip += gzipSync(readFileSync(path)).length;
  }
  return { kb: bytes / KB, gzipKb: gzip / KB, files };
}

/** The popup's scripts: what popup.html loads, plus every chunk those import (statically or lazily). */
function popupScripts(dir: string): string[] {
  const html = readFileSync(join(dir, 'popup.html'), 'utf8');
  const queue = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1] ?? '').filter(Boolean);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = normalize(queue.shift() ?? '');
    if (seen.has(file) || !existsSync(join(dir, file))) continue;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+\.js)["']/g)) {
      const spec = match[1] ?? '';
      const resolved = spec.startsWith('/') ? spec.slice(1) : relative(dir, join(dir, dirname(file), spec));
      queue.push(resolved);
    }
  }
  return [...seen];
}

export function measureSizes(extensionDir: string): Sizes {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } };
  return {
    content: measure(extensionDir, ['content-scripts/crm.js']),
    popup: measure(extensionDir, popupScripts(extensionDir)),
    background: measure(extensionDir, [manifest.background?.service_worker ?? 'background.js']),
  };
}
