// The recommended multi-stage Dockerfile for a Go module. Pure: workspace facts + options → text.

import type { GoWorkspace, MainPackage } from '../go/workspace.ts';
import { binaryNameFor } from '../go/workspace.ts';
import { compareGoVersions, isGoReleaseVersion } from '../go/gomod.ts';

export type FinalImage = 'distroless' | 'scratch' | 'alpine';
export const FINAL_IMAGES: readonly FinalImage[] = ['distroless', 'scratch', 'alpine'];

export interface ScaffoldOptions {
  /** A MainPackage.dir: '.' or './cmd/server'. */
  mainPackage: string;
  finalImage?: FinalImage;
  /** Overrides the workspace's cgo need. */
  cgo?: boolean;
}

/** golang:1-bookworm: the newest Go 1.x, for a go.mod without a usable `go` line (Go then assumes 1.16). */
const FALLBACK_GO_VERSION = '1';
const ALPINE_IMAGE = 'alpine:3.20';
const DISTROLESS_STATIC = 'gcr.io/distroless/static-debian12:nonroot';
const DISTROLESS_CC = 'gcr.io/distroless/cc-debian12:nonroot';
const BINARY_DIR = '/usr/local/bin';
const CONTINUATION = ' \\\n    ';

/** The Go version for the builder tag: the toolchain line when it is newer, else the go line, as written. */
export function builderGoVersion(ws: Pick<GoWorkspace, 'goVersion' | 'toolchainVersion'>): string {
  const candidates = [ws.goVersion, ws.toolchainVersion].filter((v): v is string => v !== undefined && isGoReleaseVersion(v));
  if (candidates.length === 0) return FALLBACK_GO_VERSION;
  return candidates.reduce((best, v) => (compareGoVersions(v, best) > 0 ? v : best));
}

/** '.', 'cmd/server', './cmd/server/' → '.', './cmd/server'. Throws for paths that cannot be a package inside the module. */
export function normalizePackageDir(dir: string): string {
  const trimmed = dir.trim().replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\.\//, '');
  if (trimmed === '' || trimmed === '.') return '.';
  const parts = trimmed.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..') || trimmed.startsWith('/')) {
    throw new Error(`Main package "${dir}" is outside the module`);
  }
  if (parts.some((p) => !/^[\w.+@~-]+$/.test(p))) {
    throw new Error(`Main package "${dir}" has characters that do not belong in a Go package path`);
  }
  return './' + parts.join('/');
}

/** A binary name safe in paths, JSON exec form and shell words. */
function safeBinaryName(name: string): string {
  const cleaned = name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+/, '');
  return cleaned || 'app';
}

/** A repository name docker accepts: lowercase alphanumerics separated by single . _ or -. */
function imageName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, '');
  return cleaned || 'app';
}

function findMain(ws: GoWorkspace, dir: string): MainPackage | undefined {
  return ws.mainPackages.find((m) => {
    try {
      return normalizePackageDir(m.dir) === dir;
    } catch {
      return false;
    }
  });
}

function lines(...parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string').map((p) => p + '\n').join('');
}

export function generateDockerfile(ws: GoWorkspace, options: ScaffoldOptions): string {
  const pkg = normalizePackageDir(options.mainPackage);
  const main = findMain(ws, pkg);
  const binary = safeBinaryName(main?.binaryName ?? binaryNameFor(pkg === '.' ? '.' : pkg.slice(2), ws.modulePath, ws.moduleDir));
  const cgo = options.cgo ?? main?.needsCgo ?? ws.needsCgo ?? false;
  const requestedFinal = options.finalImage ?? 'distroless';
  if (!FINAL_IMAGES.includes(requestedFinal)) {
    // Options arrive over LSP as plain JSON; refuse rather than silently pick another image.
    throw new Error(`Unknown final image "${String(requestedFinal)}": expected ${FINAL_IMAGES.join(', ')}`);
  }
  // A cgo binary needs glibc at run time: scratch has no libc and alpine has musl.
  const final: FinalImage = cgo ? 'distroless' : requestedFinal;
  const goVersion = builderGoVersion(ws);
  const vendored = ws.vendored === true;
  const ports = main?.ports ?? ws.ports;
  const binaryPath = `${BINARY_DIR}/${binary}`;

  // scratch and alpine ship no zone database; distroless images include /usr/share/zoneinfo.
  const embedTzdata = ws.usesTimezones && final !== 'distroless';
  const buildFlags = [
    '-trimpath',
    vendored ? '-mod=vendor' : undefined,
    embedTzdata ? '-tags timetzdata' : undefined,
    '-ldflags="-s -w"',
    `-o /out/${binary}`,
    pkg,
  ].filter(Boolean).join(' ');

  const header = lines(
    '# syntax=docker/dockerfile:1',
    '',
    `# Multi-stage build for ${ws.modulePath || binary}${pkg === '.' ? '' : ` (${pkg})`}. Build and tag it with:`,
    `#   docker buildx build --platform linux/amd64,linux/arm64 -t ${imageName(binary)}:latest .`,
    cgo && '# cgo is on, so each platform compiles natively (under emulation for foreign platforms):',
    cgo && '# cross-compiling cgo would need a C cross toolchain.',
    cgo && requestedFinal !== 'distroless' && `# The binary links against glibc, so it ships in distroless/cc instead of ${requestedFinal}.`,
    ws.hasGoWork === true && '# A go.work governs this module; this build resolves dependencies from go.mod alone.',
    ws.hasGoWork === true && '# If a dependency only resolves through the workspace, build from the go.work directory.',
    '',
    `ARG GO_VERSION=${goVersion}`,
    '',
  );

  const buildStage = lines(
    cgo
      ? 'FROM golang:${GO_VERSION}-bookworm AS build'
      : 'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build',
    'WORKDIR /src',
    '',
    vendored
      ? '# Dependencies come from vendor/, so there is nothing to download.'
      : '# Download modules first: this layer stays cached until go.mod or go.sum changes.',
    !vendored && [
      'RUN --mount=type=cache,target=/go/pkg/mod',
      '--mount=type=bind,source=go.mod,target=go.mod',
      ws.hasGoSum ? '--mount=type=bind,source=go.sum,target=go.sum' : undefined,
      'go mod download',
    ].filter(Boolean).join(CONTINUATION),
    !vendored && '',
    'COPY . .',
    '',
    !cgo && '# Cross-compile on the build platform for each target platform.',
    !cgo && 'ARG TARGETOS TARGETARCH',
    [
      vendored ? 'RUN --mount=type=cache,target=/root/.cache/go-build' : 'RUN --mount=type=cache,target=/go/pkg/mod',
      vendored ? undefined : '--mount=type=cache,target=/root/.cache/go-build',
      cgo ? 'CGO_ENABLED=1' : 'CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH',
      `go build ${buildFlags}`,
    ].filter(Boolean).join(CONTINUATION),
    '',
  );

  const finalStage = lines(
    final === 'distroless' ? `FROM ${cgo ? DISTROLESS_CC : DISTROLESS_STATIC}` : `FROM ${final === 'scratch' ? 'scratch' : ALPINE_IMAGE}`,
    final === 'scratch' && '# scratch has no CA certificates: bring the builder\'s bundle for outgoing TLS.',
    final === 'scratch' && 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
    `COPY --from=build /out/${binary} ${binaryPath}`,
    final === 'distroless' ? 'USER nonroot:nonroot' : final === 'scratch' ? 'USER 65534:65534' : 'USER nobody',
    ports.length > 0 && `EXPOSE ${ports.join(' ')}`,
    `ENTRYPOINT ${JSON.stringify([binaryPath])}`,
  );

  return header + buildStage + finalStage;
}
