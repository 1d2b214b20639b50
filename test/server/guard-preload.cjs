// Preloaded (node --require) into every language server the server tests start (test/server/helpers.ts),
// and into its worker threads: nothing from a Dockerfile or the workspace may be executed, and
// nothing may reach the network unless a test opts in. Every child_process entry point and every
// socket connection or DNS lookup throws, and is recorded in the file GDF_GUARD_LOG, which
// TestClient.stop() checks. A test that spies on the network itself (network-spy.ts) replaces the
// socket part after this file and asserts on its own log.
// With GDF_FS_LOG set, every file the process opens or lists is recorded there too, so a test can
// prove what was (not) read.
'use strict';
const fs = require('node:fs');
const childProcess = require('node:child_process');
const net = require('node:net');
const dns = require('node:dns');

const guardLog = process.env.GDF_GUARD_LOG;
const fsLog = process.env.GDF_FS_LOG;
const appendFileSync = fs.appendFileSync;

function record(file, line) {
  if (file) appendFileSync.call(fs, file, line + '\n');
}

function forbidden(what) {
  return function () {
    const detail = typeof arguments[0] === 'string' ? arguments[0] : JSON.stringify(arguments[0]);
    record(guardLog, `${what} ${detail}`);
    throw new Error(`${what} is forbidden in the language server (test guard): ${detail}`);
  };
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[name] = forbidden(`child_process.${name}`);
}
net.Socket.prototype.connect = forbidden('net.Socket.connect');
dns.lookup = forbidden('dns.lookup');
dns.promises.lookup = forbidden('dns.promises.lookup');

if (fsLog) {
  const pathOf = (p) => (typeof p === 'string' ? p : Buffer.isBuffer(p) ? p.toString() : p instanceof URL ? p.pathname : undefined);
  const spy = (object, name, kind) => {
    const original = object[name];
    object[name] = function (p) {
      const file = pathOf(p);
      if (file !== undefined) record(fsLog, `${kind} ${file}`);
      return original.apply(this, arguments);
    };
  };
  for (const name of ['openSync', 'readFileSync', 'readdirSync', 'opendirSync', 'open', 'readFile', 'readdir', 'opendir', 'createReadStream']) spy(fs, name, 'read');
  for (const name of ['open', 'readFile', 'readdir', 'opendir']) spy(fs.promises, name, 'read');
  for (const name of ['statSync', 'lstatSync', 'stat', 'lstat', 'existsSync', 'accessSync', 'access']) spy(fs, name, 'stat');
  for (const name of ['stat', 'lstat', 'access']) spy(fs.promises, name, 'stat');
  spy(fs.realpathSync, 'native', 'stat');
}
