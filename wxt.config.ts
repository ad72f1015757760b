import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type InlineConfig, type PluginOption } from 'vite';
import { defineConfig } from 'wxt';
import { JETWAY_EXTENSION_PUBLIC_KEY } from './utils/contract/oauth';
import { OVERLAY_UI_FILE } from './utils/overlay/ui-file';
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
    // The content scripts' own build settings (aliases, defines, JSX), reused for the overlay UI.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.some((entrypoint) => entrypoint.type === 'content-script')) contentScriptConfig = config;
    },
    'build:done': async (wxt) => {
      if (!contentScriptConfig) throw new Error('No content script was built: the overlay UI has nothing to load it.');
      await build(overlayUiBuild(contentScriptConfig, wxt.config.outDir));
    },
    'prepare:publicPaths': (_, paths) => {
      paths.push(OVERLAY_UI_FILE);
    },
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
    // The overlay UI (React, the member card, Hand off) is an ES module the content scripts
    // import when first needed; a content script can import only what the site may load.
    web_accessible_resources: [
      { resources: [OVERLAY_UI_FILE], matches: ALL_MATCHES },
      // The server's sign-in page redirects to signed-in.html; Chromium lets a page navigate
      // to an extension page only when it is web-accessible to that page's origin.
      ...(browser === 'firefox' ? [] : [{ resources: ['signed-in.html'], matches: SERVER_ORIGINS }]),
    ],
    externally_connectable: browser === 'firefox' ? undefined : { ids: [] as string[] },
    ...(browser === 'firefox'
      ? {}
      : {
          // A fixed extension ID, so the server can match the sign-in redirect URI exactly.
          key: JETWAY_EXTENSION_PUBLIC_KEY,
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

let contentScriptConfig: InlineConfig | undefined;

/**
 * The overlay UI as one ES module beside the content scripts (docs/extension.md, "What a
 * page loads"). WXT bundles each content script into a single classic script, where a
 * dynamic `import()` would be inlined; this second build, with the content scripts' own
 * settings, makes the module they import at run time instead.
 */
function overlayUiBuild(base: InlineConfig, outDir: string): InlineConfig {
  const plugins = (base.plugins ?? []).flat(Infinity as 1) as PluginOption[];
  return {
    ...base,
    // The content script's footer returns its value to executeScript; a module has none.
    plugins: plugins.filter((plugin) => !(plugin && typeof plugin === 'object' && 'name' in plugin && plugin.name === 'wxt:iife-footer')),
    build: {
      ...base.build,
      outDir,
      emptyOutDir: false,
      // An application build, not a library one: Vite's library mode leaves ES output unminified.
      lib: false,
      rollupOptions: {
        input: resolve('utils/overlay/ui.tsx'),
        preserveEntrySignatures: 'strict',
        output: { format: 'es', entryFileNames: OVERLAY_UI_FILE, inlineDynamicImports: true },
      },
    },
  };
}
