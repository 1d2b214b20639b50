# syntax=docker/dockerfile:1

# Multi-stage build for example.com/syncd: syncd, discosrv, ursrv, relaysrv in one image. Build and
# tag it with:
#   docker buildx build --platform linux/amd64,linux/arm64 -t syncd:latest .
# The image runs syncd; run another program with --entrypoint /usr/local/bin/discosrv.

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
    go build -trimpath -ldflags="-s -w" -o /out/syncd ./cmd/syncd
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/discosrv ./cmd/discosrv
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/ursrv ./cmd/infra/ursrv
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/relaysrv ./cmd/relaysrv

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/syncd /usr/local/bin/syncd
COPY --from=build /out/discosrv /usr/local/bin/discosrv
COPY --from=build /out/ursrv /usr/local/bin/ursrv
COPY --from=build /out/relaysrv /usr/local/bin/relaysrv
USER nonroot:nonroot
EXPOSE 8384 8443 22067
ENTRYPOINT ["/usr/local/bin/syncd"]
