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

/*
 * The engine warms up on this sample too. A 320-line variant with two dozen build stages was tried
 * (its loops run long enough for V8 to optimise them): the first 1,000-line file opened was linted
 * ~10 ms sooner, but the server then idled at ~75-80 MB instead of ~52-55 MB (the young generation
 * grown by its allocation, and the optimiser's memory). The server runs in every Go workspace,
 * most with small Dockerfiles or none, so the small sample it is; later lints were equally fast.
 */

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
