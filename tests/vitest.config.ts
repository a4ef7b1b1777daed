// Unit and component tests: jsdom, fake IndexedDB, WXT's fake browser.
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  root: `${import.meta.dirname}/..`,
  plugins: [WxtVitest()],
  test: {
    environment: 'jsdom',
    setupFiles: ['fake-indexeddb/auto', 'tests/setup.ts'],
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/components/**/*.test.tsx'],
  },
});
