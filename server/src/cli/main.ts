// Entry point of dist/cli.js (bin "go-dockerfile"). Everything else lives in cli.ts so it can be tested.
import { rememberGitEntries } from '../files/node-access.ts';
import { runCli } from './cli.ts';
import { processOutput } from './output.ts';
import { toolVersion } from './version.ts';

// One command per process: where the repositories are does not change while it runs.
rememberGitEntries();
// exitCode, not exit(): stdout may be a pipe that still has output to flush.
void runCli(process.argv.slice(2), process.cwd(), processOutput(toolVersion())).then((code) => {
  process.exitCode = code;
});
