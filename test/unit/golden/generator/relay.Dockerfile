# syntax=docker/dockerfile:1

# Multi-stage build for example.com/relay (./cmd/relay). Build and tag it with:
#   docker buildx build --platform linux/amd64,linux/arm64 -t relayd:latest .
# Stamp a release by adding build-args (the defaults are for local builds):
#   --build-arg VERSION=$(git describe --tags --always)
#   --build-arg COMMIT=$(git rev-parse HEAD)
#   --build-arg BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)

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
# Build settings from .goreleaser.yaml (build "relay-linux"): version stamping (-X), tags
# netgo,osusergo, CGO_ENABLED=0.
# Left out: -a (obsolete with the build cache since Go 1.10).
ARG VERSION=dev
ARG COMMIT=none
ARG BUILD_DATE=unknown
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -tags netgo,osusergo \
    -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${BUILD_DATE}" \
    -o /out/relayd ./cmd/relay

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/relayd /usr/local/bin/relayd
USER nonroot:nonroot
EXPOSE 22067
ENTRYPOINT ["/usr/local/bin/relayd"]
