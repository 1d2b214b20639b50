# syntax=docker/dockerfile:1

# Multi-stage build for example.com/greeter. Build and tag it with:
#   docker buildx build --platform linux/amd64,linux/arm64 -t greeter:latest .
# Stamp a release by adding build-args (the defaults are for local builds):
#   --build-arg VERSION=$(git describe --tags --always)

ARG GO_VERSION=1.20

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Dependencies come from vendor/, so there is nothing to download.
COPY . .

# Cross-compile on the build platform for each target platform.
ARG TARGETOS TARGETARCH
# Build settings from Makefile (make greeter): version stamping (-X).
ARG VERSION=dev
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -mod=vendor \
    -ldflags="-s -w -X main.version=${VERSION}" \
    -o /out/greeter .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/greeter /usr/local/bin/greeter
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/greeter"]
