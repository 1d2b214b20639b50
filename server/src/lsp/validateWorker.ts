// Worker thread for dockerfile-utils syntax validation. On a large file it takes several times
// longer than the Go analysis, so it runs beside it instead of after it, and a pathological file
// can be abandoned (the worker is terminated) without blocking the language server.
import { parentPort } from 'node:worker_threads';
import { validate } from 'dockerfile-utils';

interface ValidateRequest {
  id: number;
  text: string;
}

parentPort?.on('message', (request: ValidateRequest) => {
  try {
    parentPort!.postMessage({ id: request.id, diagnostics: validate(request.text) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
