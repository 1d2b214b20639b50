// The idle-time warm-up (server/src/lsp/warmUp.ts), structurally: one round per scheduled turn, the
// given number of rounds, an early end when stopped or when a round throws; and the sample it runs
// is a Dockerfile the engine and dockerfile-utils take without complaint, so the warm-up exercises
// the paths a real Go Dockerfile does (not an error path).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validate } from 'dockerfile-utils';
import { analyze } from '../../server/src/engine/index.ts';
import { WARM_UP_DOCKERFILE, WARM_UP_ROUNDS, warmUp, warmUpLargeDockerfile } from '../../server/src/lsp/warmUp.ts';

/** A scheduler that queues turns, so a test can see that each round waits for its own turn. */
function manualScheduler() {
  const queue: Array<() => void> = [];
  return {
    schedule: (next: () => void) => void queue.push(next),
    turn(): boolean {
      const next = queue.shift();
      next?.();
      return next !== undefined;
    },
    get queued() {
      return queue.length;
    },
  };
}

describe('warm-up', () => {
  test('runs one round per turn, the given number of rounds, and nothing before the first turn', async () => {
    const scheduler = manualScheduler();
    let calls = 0;
    const done = warmUp(() => void calls++, { rounds: 3, schedule: scheduler.schedule });
    assert.equal(calls, 0, 'nothing runs in the call itself');
    scheduler.turn();
    assert.equal(calls, 1);
    assert.equal(scheduler.queued, 1, 'the next round waits for a later turn');
    while (scheduler.turn());
    assert.equal(await done, 3);
    assert.equal(calls, 3);
  });

  test('ends when stopped, and when a round throws', async () => {
    const scheduler = manualScheduler();
    let stopped = false;
    let calls = 0;
    const done = warmUp(
      () => {
        calls++;
        if (calls === 2) stopped = true;
      },
      { rounds: 10, schedule: scheduler.schedule, stopped: () => stopped },
    );
    while (scheduler.turn());
    assert.equal(await done, 2);

    const throwing = warmUp(
      () => {
        throw new Error('broken');
      },
      { rounds: 10, schedule: (next) => void setTimeout(next, 0) },
    );
    assert.equal(await throwing, 0);
  });

  test('runs the default rounds on real turns', async () => {
    let calls = 0;
    assert.equal(await warmUp(() => void calls++), WARM_UP_ROUNDS);
    assert.equal(calls, WARM_UP_ROUNDS);
  });

  test('the samples are correct Go Dockerfiles: no syntax problems, no Go findings', () => {
    for (const sample of [WARM_UP_DOCKERFILE, warmUpLargeDockerfile()]) {
      assert.deepEqual(validate(sample), []);
      assert.deepEqual(
        analyze(sample).map((f) => f.ruleId),
        [],
      );
    }
  });

  test('the large sample has two dozen build stages, each building its own program for the final image', () => {
    const lines = warmUpLargeDockerfile().split('\n');
    assert.equal(lines.filter((line) => / AS build\d+$/.test(line)).length, 24);
    assert.equal(lines.filter((line) => line.startsWith('COPY --from=build')).length, 24);
    assert.ok(lines.includes('    go build -trimpath -ldflags="-s -w" -o /out/server24 ./cmd/server24'));
    assert.ok(lines.includes('ENTRYPOINT ["/server1"]'));
  });
});
