// Entry point of dist/web/server.js: the language server in a web worker, started by the browser
// client (client/src/web/extension.ts) in VS Code for the Web. It talks LSP over postMessage.

import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { browserPlatform } from './browser-platform.ts';
import { startServer } from './server.ts';

/** Set by esbuild from package.json (see esbuild.mjs). */
declare const GO_DOCKERFILE_VERSION: string;

declare const self: unknown;

const connection = createConnection(new BrowserMessageReader(self as never), new BrowserMessageWriter(self as never));
startServer(connection, browserPlatform(connection, GO_DOCKERFILE_VERSION));
