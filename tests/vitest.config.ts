// Unit and component tests: jsdom, fake IndexedDB, WXT's fake browser.
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  root: `${import.meta.dirname}/..`,
  plugins: [WxtVitest()],
  // WXT's mock of `wxt/browser` imports `wxt/testing`, whose index also loads the build tooling
  // (esbuild refuses to run under jsdom); the fake browser alone is all it needs.
  resolve: { alias: [{ find: /^wxt\/testing$/, replacement: 'wxt/testing/fake-browser' }] },
  test: {
    environment: 'jsdom',
    setupFiles: ['fake-indexeddb/auto', 'tests/setup.ts'],
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/components/**/*.test.tsx'],
  },
});
