/** The server URL the extension was built for (wxt.config.ts → `JETWAY_SERVER_URL`). */
declare const __JETWAY_DEFAULT_SERVER__: string;
