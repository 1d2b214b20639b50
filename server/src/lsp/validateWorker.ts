// dockerfile-utils syntax validation, in its own bundle (dist/validate-worker.js) so the server does
// not load it before the first validation. Two uses of the same file:
// - as a worker thread: on a large file validation takes several times longer than the Go analysis,
//   so it runs beside it instead of after it, and a pathological file can be abandoned (the worker
//   is terminated) without blocking the language server;
// - required on the server's thread (`validate`), for small files, where starting a thread costs
//   more than the validation itself.
import { isMainThread, parentPort } from 'node:worker_threads';
import { validate } from 'dockerfile-utils';
import { WARM_UP_DOCKERFILE, warmUp } from './warmUp.ts';

export { validate };

interface ValidateRequest {
  id: number;
  text: string;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  // A new worker validates cold (a 10,000-line file: about twice as long the first time): compile
  // the validation between requests while the worker waits for its first ones (warmUp.ts).
  void warmUp(() => validate(WARM_UP_DOCKERFILE));
  port.on('message', (request: ValidateRequest) => {
    try {
      port.postMessage({ id: request.id, diagnostics: validate(request.text) });
    } catch (error) {
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
