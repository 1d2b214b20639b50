// Shared by the server tests that prove what reaches (or does not reach) the network.

/** Preloaded into the server: records every outgoing connection attempt in a file and fails it at once. */
export const NETWORK_SPY = `
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const log = process.env.GDF_NETWORK_LOG;
function record(what) { fs.appendFileSync(log, String(what) + '\\n'); }
net.Socket.prototype.connect = function (options) {
  record(typeof options === 'object' && options ? (options.host || options.path || JSON.stringify(options)) : options);
  process.nextTick(() => this.destroy(new Error('network blocked by the test')));
  return this;
};
dns.lookup = function (host, options, callback) {
  record(host);
  const cb = typeof options === 'function' ? options : callback;
  process.nextTick(() => cb(new Error('network blocked by the test')));
};
`;
