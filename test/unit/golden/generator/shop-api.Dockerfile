# syntax=docker/dockerfile:1

# Multi-stage build for example.com/shop/api. It needs other modules of the Go workspace, so the
# build context is the go.work folder (..). Build and tag it there with:
#   docker buildx build --platform linux/amd64,linux/arm64 -f api/Dockerfile -t api:latest .

ARG GO_VERSION=1.20

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Download modules first: this layer stays cached until go.work or a go.mod or go.sum changes.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.work,target=go.work \
    --mount=type=bind,source=api/go.mod,target=api/go.mod \
    --mount=type=bind,source=catalog/go.mod,target=catalog/go.mod \
    --mount=type=bind,source=admin/go.mod,target=admin/go.mod \
    go mod download

# The workspace needs every module's go.mod; the sources come from api, catalog.
COPY go.work ./
COPY admin/go.mod admin/
COPY api/ api/
COPY catalog/ catalog/

# Cross-compile on the build platform for each target platform.
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/api ./api

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /usr/local/bin/api
USER nonroot:nonroot
EXPOSE 9000
ENTRYPOINT ["/usr/local/bin/api"]
