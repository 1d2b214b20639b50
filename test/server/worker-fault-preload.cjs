// Test-only preload (node --require) for the language server: it also runs in the server's syntax
// validation worker, where GDF_WORKER_FAULT makes the first GDF_WORKER_FAULT_TIMES requests
// (counted across workers in the file GDF_WORKER_FAULT_COUNTER) kill the worker ("die") or never
// answer ("hang"), so the tests can see the server replace it.
'use strict';
const fs = require('node:fs');
const { isMainThread, parentPort } = require('node:worker_threads');

const fault = process.env.GDF_WORKER_FAULT;
const counter = process.env.GDF_WORKER_FAULT_COUNTER;
const times = Number(process.env.GDF_WORKER_FAULT_TIMES || '1');
if (!isMainThread && parentPort && fault && counter) {
  const on = parentPort.on.bind(parentPort);
  parentPort.on = function (event, listener) {
    if (event !== 'message') return on(event, listener);
    return on('message', (message) => {
      const seen = Number(fs.readFileSync(counter, 'utf8') || '0');
      if (seen < times) {
        fs.writeFileSync(counter, String(seen + 1));
        if (fault === 'die') process.exit(7);
        if (fault === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
      }
      listener(message);
    });
  };
}
