// Idle-time warm-up. V8 compiles a function when it is first called and optimises it after many calls:
// the first lints of a fresh server run its code cold, several times slower than later ones (a 10-line
// Dockerfile: ~8 ms of validation on the first call, ~0.5 ms from the twentieth on). So once the server
// is up, and again once the syntax validation is loaded, the same work runs a few times on a typical
// Go Dockerfile, one round per event-loop turn, so requests and lints go between rounds. It publishes
// nothing and reads nothing. In a Go workspace the server starts before any Dockerfile is opened: the
// first one is then linted warm.

/** A typical multi-stage Go Dockerfile: what the first real lints will meet. */
export const WARM_UP_DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  'ARG GO_VERSION=1.23',
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build',
  'WORKDIR /src',
  'ENV GOFLAGS=-mod=readonly',
  'COPY go.mod go.sum ./',
  'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
  'COPY . .',
  'ARG TARGETOS TARGETARCH',
  'RUN --mount=type=cache,target=/go/pkg/mod \\',
  '    --mount=type=cache,target=/root/.cache/go-build \\',
  '    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\',
  '    go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server',
  '',
  'FROM alpine:3.20 AS certs',
  'RUN apk add --no-cache ca-certificates tzdata && adduser -D -u 10001 app',
  '',
  'FROM gcr.io/distroless/static-debian12:nonroot',
  'LABEL org.opencontainers.image.source="https://example.com/app"',
  'COPY --from=build /out/server /server',
  'EXPOSE 8080',
  'USER nonroot:nonroot',
  'HEALTHCHECK NONE',
  'ENTRYPOINT ["/server"]',
  'CMD ["--listen", ":8080"]',
  '',
].join('\n');

/**
 * The engine's warm-up text: the same Dockerfile with two dozen build stages (about 320 lines), so the
 * engine's per-instruction loops run long enough for V8 to optimise them, as a real file will.
 * Traced in the server on the bench's 1,000-line files (three runs of ten opens each), the median
 * time from the lint's start to our findings went from 21–26 ms with the 25-line sample to 19–20 ms.
 * It costs memory until the first large file: the server idles at ~73–82 MB instead of ~52–55 MB
 * (~68 MB with the small young generation VS Code starts it with). The 25-line sample was tried
 * again and measured slower in one A/B run (two servers each): 10-line files 3.3–3.8 → 3.9–5.3 ms,
 * 10,000 lines clean 128–164 → 164–181 ms.
 */
export function warmUpLargeDockerfile(): string {
  return (largeSample ??= largeVariant());
}
let largeSample: string | undefined;

function largeVariant(): string {
  const lines = WARM_UP_DOCKERFILE.split('\n');
  const buildStart = lines.findIndex((line) => line.startsWith('FROM --platform'));
  const buildEnd = lines.findIndex((line, i) => i > buildStart && line === '');
  const finalStart = lines.findIndex((line) => line.startsWith('FROM gcr.io'));
  const builds: string[] = [];
  const copies: string[] = [];
  for (let n = 1; n <= 24; n++) {
    for (const line of lines.slice(buildStart, buildEnd)) builds.push(line.replace(' AS build', ` AS build${n}`).replace(/server\b/g, `server${n}`));
    builds.push('');
    copies.push(`COPY --from=build${n} /out/server${n} /server${n}`);
  }
  const final = lines.slice(finalStart).filter((line) => !line.startsWith('COPY --from=')).map((line) => line.replace('"/server"', '"/server1"'));
  return [...lines.slice(0, buildStart), ...builds, ...lines.slice(buildEnd + 1, finalStart), final[0], ...copies, ...final.slice(1)].join('\n');
}

/** Rounds per warm-up: about where the per-call time stops falling (measured on the validation). */
export const WARM_UP_ROUNDS = 20;

export interface WarmUpOptions {
  rounds?: number;
  /** Runs `next` on a later turn of the event loop (tests pass their own). */
  schedule?: (next: () => void) => void;
  /** Checked before each round: true ends the warm-up (the server is shutting down). */
  stopped?: () => boolean;
}

/**
 * Runs `work` `rounds` times, each round on its own event-loop turn. Resolves with the rounds run; a
 * round that throws ends the warm-up (the real lint will meet and report the same error).
 */
export function warmUp(work: () => void, options: WarmUpOptions = {}): Promise<number> {
  const rounds = options.rounds ?? WARM_UP_ROUNDS;
  const schedule = options.schedule ?? ((next: () => void) => void setTimeout(next, 0));
  return new Promise((resolve) => {
    let done = 0;
    const round = () => {
      if (done >= rounds || options.stopped?.()) return resolve(done);
      try {
        work();
      } catch {
        return resolve(done);
      }
      done++;
      schedule(round);
    };
    schedule(round);
  });
}
