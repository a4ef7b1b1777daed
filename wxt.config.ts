// WXT build configuration: MV3 for Chrome first, Firefox from the same sources.
import { defineConfig } from 'wxt';

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Never let `wxt dev` download or start a browser of its own; `npm run demo` starts Chromium.
  webExt: { disabled: true },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage'],
    // Real CRM sites are requested one by one, at the user's click, never at install.
    optional_host_permissions: ['https://*/*'],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'sales-pace@example.org', strict_min_version: '128.0' } } }
      : {}),
  }),
});
