// Bundles product modules into one IIFE at bench time, so the real code runs in a page, a content-script world or the worker.
import { build } from 'esbuild';
import { ROOT } from '../support/browser';

/**
 * `entry` is a tiny module (e.g. `export { readKanban } from './lib/adapters/demo.ts'`) resolved from the
 * repository root; the result assigns its exports to `globalThis[globalName]`. Minified like the product
 * build by default; `readable` keeps names for CPU profiles.
 */
export async function bundleIife(entry: string, globalName: string, options: { readable?: boolean } = {}): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: `${globalName}.ts` },
    bundle: true,
    write: false,
    format: 'iife',
    globalName,
    platform: 'browser',
    target: 'chrome120',
    minify: !options.readable,
    keepNames: false,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'import.meta.env.DEV': 'false', 'import.meta.env.PROD': 'true', 'import.meta.env.MODE': '"production"' },
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`bench: esbuild produced nothing for ${globalName}`);
  // `var X = (() => …)()` at top level of an evaluated script: make it a property of the global whatever the context.
  return `${file.text}\n;globalThis.${globalName} = ${globalName};`;
}
