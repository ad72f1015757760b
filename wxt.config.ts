import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { JETWAY_EXTENSION_PUBLIC_KEY } from './utils/contract/oauth';
import { ALL_MATCHES } from './utils/sites/registry';

/**
 * The server origin the build points at by default. `npm start` builds against the
 * local reference server; an airline's IT sets the real origin through managed
 * storage (see docs/deployment.md), which the agent then grants as an optional
 * host permission.
 */
const defaultServer = process.env.JETWAY_SERVER_URL ?? 'http://127.0.0.1:8787';

/** Where an airline's Jetway server may live; the options page asks for the one configured. */
const SERVER_ORIGINS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  // The toolbar and store icons: 16, 32, 48 and 128 px PNGs rendered from the one SVG at build.
  autoIcons: { baseIconPath: 'components/icons/jetway.svg', developmentIndicator: false },
  imports: false,
  hooks: {
    // Any build outside `npm start` (npm run build / zip, maybe for another server) makes
    // `npm start`'s record of its last build void, so it never skips a build it needs.
    'build:before': () => rmSync(resolve('.output/.build-stamp'), { force: true }),
  },
  vite: () => ({
    define: {
      __JETWAY_DEFAULT_SERVER__: JSON.stringify(defaultServer),
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extensionName__',
    description: '__MSG_extensionDescription__',
    default_locale: 'en',
    // Firefox signs in through identity.launchWebAuthFlow (docs/sign-in.md).
    permissions: ['storage', 'alarms', 'unlimitedStorage', ...(browser === 'firefox' ? ['identity'] : [])],
    // Every registered site's pages, the same patterns its content script matches.
    host_permissions: ALL_MATCHES,
    // The API server is reached through CORS (the server allows extension origins);
    // the options page also asks for this optional permission for the origin the agent
    // configures, so a locked-down server may drop CORS later.
    // Firefox's Manifest V2 has no optional_host_permissions: origins go in optional_permissions.
    ...(browser === 'firefox' ? { optional_permissions: SERVER_ORIGINS } : { optional_host_permissions: SERVER_ORIGINS }),
    externally_connectable: browser === 'firefox' ? undefined : { ids: [] as string[] },
    ...(browser === 'firefox'
      ? {}
      : {
          // A fixed extension ID, so the server can match the sign-in redirect URI exactly.
          key: JETWAY_EXTENSION_PUBLIC_KEY,
          // The server's sign-in page redirects here; Chromium lets a page navigate to an
          // extension page only when it is web-accessible to that page's origin.
          web_accessible_resources: [{ resources: ['signed-in.html'], matches: SERVER_ORIGINS }],
        }),
    storage: { managed_schema: 'managed-schema.json' },
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      // Manifest V2 (Firefox) opens the popup with _execute_browser_action.
      [browser === 'firefox' ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+J' },
        description: '__MSG_commandOpenPopup__',
      },
      'hand-off-focused-post': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_commandHandOff__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'jetway@jetway.example',
              // 140 (the current ESR) is the first to read data_collection_permissions.
              strict_min_version: '140.0',
              // Handles, names and the posts an agent hands off go to the airline's own Jetway server.
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
