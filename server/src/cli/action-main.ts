// Entry point of dist/action.js, which action.yml runs (runs.using: node20).
import { runAction } from './action.ts';
import { toolVersion } from './version.ts';

void runAction({
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => {
    if (text) process.stdout.write(text);
  },
  toolVersion: toolVersion(),
}).then((code) => {
  process.exitCode = code;
});
