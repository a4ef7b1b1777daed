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
    // storage: our settings; scripting: run our reader on the CRM sites the user enabled;
    // activeTab: see which CRM the current tab shows when the popup is opened.
    permissions: ['storage', 'scripting', 'activeTab'],
    // Only our own bundled scripts run on our pages: no remote code, no eval.
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
    // Real CRM sites are requested one by one, at the user's click, never at install.
    optional_host_permissions: ['https://*/*'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Nothing is collected or transmitted: all data stays in the browser's own storage.
            gecko: { id: 'sales-pace@example.org', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
