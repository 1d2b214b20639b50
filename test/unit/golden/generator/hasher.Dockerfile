# syntax=docker/dockerfile:1

# Multi-stage build for example.com/hasher. Build and tag it with:
#   docker buildx build --platform linux/amd64,linux/arm64 -t hasher:latest .
# Stamp a release by adding build-args (the defaults are for local builds):
#   --build-arg VERSION=$(git describe --tags --always)
# cgo is on, so each platform compiles natively (under emulation for foreign platforms):
# cross-compiling cgo would need a C cross toolchain.

ARG GO_VERSION=1.20

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Download modules first: this layer stays cached until go.mod or go.sum changes.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.mod,target=go.mod \
    go mod download

COPY . .

# Build settings from .goreleaser.yml (build): version stamping (-X), CGO_ENABLED=1.
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 \
    go build -trimpath \
    -ldflags="-s -w -X main.version=${VERSION} -linkmode=external -extldflags=-static" \
    -o /out/hasher .

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/hasher /usr/local/bin/hasher
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/hasher"]
