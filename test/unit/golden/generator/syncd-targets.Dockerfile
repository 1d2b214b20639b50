# syntax=docker/dockerfile:1

# Multi-stage build for example.com/syncd: one target per program (syncd, discosrv, ursrv, relaysrv;
# syncd is the default). Build one with --target:
#   docker buildx build --platform linux/amd64,linux/arm64 --target syncd -t syncd:latest .

ARG GO_VERSION=1.20

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Download modules first: this layer stays cached until go.mod or go.sum changes.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.mod,target=go.mod \
    go mod download

COPY . .

FROM build AS build-discosrv
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/discosrv ./cmd/discosrv

FROM gcr.io/distroless/static-debian12:nonroot AS discosrv
COPY --from=build-discosrv /out/discosrv /usr/local/bin/discosrv
USER nonroot:nonroot
EXPOSE 8443
ENTRYPOINT ["/usr/local/bin/discosrv"]

FROM build AS build-ursrv
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/ursrv ./cmd/infra/ursrv

FROM gcr.io/distroless/static-debian12:nonroot AS ursrv
COPY --from=build-ursrv /out/ursrv /usr/local/bin/ursrv
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/ursrv"]

FROM build AS build-relaysrv
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/relaysrv ./cmd/relaysrv

FROM gcr.io/distroless/static-debian12:nonroot AS relaysrv
COPY --from=build-relaysrv /out/relaysrv /usr/local/bin/relaysrv
USER nonroot:nonroot
EXPOSE 22067
ENTRYPOINT ["/usr/local/bin/relaysrv"]

FROM build AS build-syncd
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/syncd ./cmd/syncd

FROM gcr.io/distroless/static-debian12:nonroot AS syncd
COPY --from=build-syncd /out/syncd /usr/local/bin/syncd
USER nonroot:nonroot
EXPOSE 8384
ENTRYPOINT ["/usr/local/bin/syncd"]
