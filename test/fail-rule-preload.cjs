// Test-only preload (node --require) for the bundled server and CLI: the rule named by
// GO_DOCKERFILE_FAIL_RULE throws on every check, so the tests can see how a rule bug is reported.
// It rewrites defineRule in dist/engine.js (which both require) at load time; the shipped code has no such hook.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');

const failing = process.env.GO_DOCKERFILE_FAIL_RULE;
// The bundles are minified (whitespace only, names kept): the seam is found either way.
const SEAM = /function defineRule\((\w+)\)\s*\{\s*return \1;?\s*\}/;
const load = Module._extensions['.js'];
Module._extensions['.js'] = function (module, filename) {
  if (!failing || !/[\\/]dist[\\/]engine\.js$/.test(filename)) return load(module, filename);
  const source = fs.readFileSync(filename, 'utf8');
  if (!SEAM.test(source)) throw new Error(`fail-rule-preload: defineRule not found in ${filename}; update the seam`);
  const patched = source.replace(
    SEAM,
    'function defineRule(rule) {\n' +
      `  if (rule.meta.id === ${JSON.stringify(failing)}) return { ...rule, check() { throw new Error("injected failure in " + rule.meta.id); } };\n` +
      '  return rule;\n}',
  );
  module._compile(patched, filename);
};
