// Entry point of dist/server.js: `go-dockerfile-language-server --stdio` for any editor, `--node-ipc` from VS Code.

import { createConnection } from 'vscode-languageserver/node';
import { nodePlatform, packageVersion } from './node-platform.ts';
import { startServer } from './server.ts';

const USAGE = `Usage: go-dockerfile-language-server [--stdio | --node-ipc | --socket=<port>]

Go-aware Dockerfile language server (Language Server Protocol).

Options:
  --stdio          talk LSP over stdin/stdout
  --node-ipc       talk LSP over the Node IPC channel (used by the VS Code extension)
  --socket=<port>  talk LSP over a TCP socket on localhost
  --version        print the version and exit
  --help           print this help and exit
`;

function main(argv: readonly string[]): void {
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const hasTransport = argv.some((arg) => arg === '--stdio' || arg === '--node-ipc' || arg.startsWith('--socket=') || arg.startsWith('--pipe='));
  if (!hasTransport) {
    process.stderr.write(`go-dockerfile-language-server: no transport given.\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  // With --stdio, vscode-languageserver routes console output to window/logMessage, so stdout stays protocol-only.
  startServer(createConnection(), nodePlatform());
}

main(process.argv.slice(2));
