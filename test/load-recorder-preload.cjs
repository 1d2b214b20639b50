// Test-only preload (node --require) for the bundled server: appends to the file named by
// GO_DOCKERFILE_LOAD_LOG the name of each of the server's lazily loaded bundles
// (dist/language-service.js, dist/validate-worker.js, dist/dockerfile.js, dist/yaml.js) when the server thread requires
// it, so a test can see what start-up and a lint load.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const logFile = process.env.GO_DOCKERFILE_LOAD_LOG;
const LAZY = /[\\/]dist[\\/](language-service|validate-worker|dockerfile|yaml)\.js$/;
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  const exported = load.call(this, request, parent, ...rest);
  if (logFile) {
    try {
      const resolved = Module._resolveFilename(request, parent);
      if (LAZY.test(resolved)) fs.appendFileSync(logFile, `${path.basename(resolved)}\n`);
    } catch {
      // a built-in or unresolvable request: not one of ours
    }
  }
  return exported;
};
