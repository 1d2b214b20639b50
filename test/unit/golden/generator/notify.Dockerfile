# syntax=docker/dockerfile:1

# Multi-stage build for example.com/notify. Build and tag it with:
#   docker buildx build --platform linux/amd64,linux/arm64 -t notify:latest .

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
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/notify .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/notify /usr/local/bin/notify
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/notify"]
