// WXT build configuration: MV3 for Chrome first, Firefox from the same sources.
import { defineConfig } from 'wxt';

/**
 * CRM hosts the real-browser tests serve fixtures under. Only the `e2e` build (npm run test:e2e)
 * grants them up front, because no browser lets a test click "Allow" in its permission prompt;
 * everything after the prompt (enable, register, read) runs as it does for a user.
 */
const E2E_HOSTS = ['https://acme.amocrm.ru/*', 'https://acme.bitrix24.ru/*', 'https://acme.pipedrive.com/*', 'https://app.hubspot.com/*', 'https://crm.acme-corp.ru/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Never let `wxt dev` download or start a browser of its own; `npm run demo` starts Chromium.
  webExt: { disabled: true },
  manifest: ({ browser, mode }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: our settings; scripting: run our reader on the CRM sites the user enabled;
    // activeTab: see which CRM the current tab shows when the popup is opened.
    // notifications: optional, asked for when the user switches notices on (options → Notices);
    // the e2e build holds it from the start, as it holds the fixture hosts (no prompt to click in a test).
    permissions: ['storage', 'scripting', 'activeTab', ...(mode === 'e2e' ? ['notifications'] : [])],
    ...(mode === 'e2e' ? {} : { optional_permissions: ['notifications'] }),
    // Only our own bundled scripts run on our pages: no remote code, no eval.
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
    // Real CRM sites are requested one by one, at the user's click, never at install.
    optional_host_permissions: ['https://*/*'],
    ...(mode === 'e2e' ? { host_permissions: E2E_HOSTS } : {}),
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
