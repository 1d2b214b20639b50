# syntax=docker/dockerfile:1

# Multi-stage build for example.com/pinger (./cmd/pinger). Build and tag it with:
#   docker buildx build --platform linux/amd64,linux/arm64 -t pinger:latest .
# Stamp a release by adding build-args (the defaults are for local builds):
#   --build-arg VERSION=$(git describe --tags --always)
#   --build-arg COMMIT=$(git rev-parse HEAD)

ARG GO_VERSION=1.20

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Download modules first: this layer stays cached until go.mod or go.sum changes.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.mod,target=go.mod \
    go mod download

COPY . .

# Cross-compile on the build platform for each target platform.
ARG TARGETOS TARGETARCH
# Build settings from Makefile (make build): version stamping (-X), tags netgo, CGO_ENABLED=0.
# Left out: -a (obsolete with the build cache since Go 1.10), -installsuffix cgo (obsolete with the
# build cache since Go 1.10).
ARG VERSION=dev
ARG COMMIT=none
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -tags netgo \
    -ldflags="-s -w -X example.com/pinger/internal/version.Version=${VERSION} -X example.com/pinger/internal/version.Commit=${COMMIT}" \
    -o /out/pinger ./cmd/pinger

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/pinger /usr/local/bin/pinger
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/pinger"]
