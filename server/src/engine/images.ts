// What the engine knows about base images: which C library they carry, whether they ship Go
// and a C compiler. Unknown images get `unknown` everywhere, and the rules stay quiet on them.

export type Libc = 'glibc' | 'musl' | 'none' | 'unknown';

export interface ImageName {
  /** Registry host, lower-case, or '' for Docker Hub. */
  registry: string;
  /** Repository path without registry; Docker Hub official images without `library/`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export interface ImageTraits {
  libc: Libc;
  /** The image ships the Go toolchain. */
  hasGo: boolean;
  /** The image ships a C compiler, so cgo is on by default. undefined = unknown. */
  hasCCompiler: boolean | undefined;
  /** Official golang image. */
  isGolang: boolean;
  /** Alpine-based (musl) image. */
  isAlpine: boolean;
  /** No /bin/sh: scratch and distroless (non-debug). */
  noShell: boolean;
  /** The Go version in a golang tag, e.g. "1.22" from golang:1.22-alpine. */
  goVersion?: string;
  /** The tag's variant suffix after the version, e.g. "alpine3.20", "bookworm". */
  variant?: string;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Parses an image reference. Returns undefined for references that still hold `$` variables. */
export function parseImageName(reference: string): ImageName | undefined {
  if (reference === '' || reference.includes('$')) return undefined;
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = '';
  const firstSlash = rest.indexOf('/');
  if (firstSlash > 0) {
    const head = rest.slice(0, firstSlash);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head.toLowerCase();
      rest = rest.slice(firstSlash + 1);
    }
  }
  let repository = rest.toLowerCase();
  if (DOCKER_HUB_HOSTS.has(registry)) registry = '';
  if (repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return { registry, repository, tag, digest };
}

/** Mirrors and proxies of Docker Hub official images keep the same repository names. */
function officialName(image: ImageName): string | undefined {
  if (image.registry === '') return image.repository;
  if (image.registry === 'mirror.gcr.io' || image.registry === 'public.ecr.aws') {
    return image.repository.replace(/^(docker\/library\/|library\/)/, '');
  }
  if (image.registry.endsWith('.dkr.ecr.aws') || image.registry === 'ghcr.io') return undefined;
  // A private registry mirroring Docker Hub keeps the official name as the last path element.
  return image.repository.replace(/^(library\/|docker\/library\/|dockerhub\/library\/|dockerhub\/)/, '');
}

const GLIBC_DISTROS = new Set(['debian', 'ubuntu', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'archlinux', 'opensuse/leap', 'opensuse/tumbleweed', 'buildpack-deps']);

export function imageTraits(image: ImageName | undefined): ImageTraits {
  const unknown: ImageTraits = { libc: 'unknown', hasGo: false, hasCCompiler: undefined, isGolang: false, isAlpine: false, noShell: false };
  if (!image) return unknown;
  const tag = (image.tag ?? 'latest').toLowerCase();
  const repo = image.repository;
  const name = officialName(image);
  const tagSaysAlpine = /(^|-)alpine/.test(tag);

  if (repo === 'scratch' && image.registry === '') {
    return { ...unknown, libc: 'none', hasCCompiler: false, noShell: true };
  }
  // gcr.io/distroless/static-debian12, …/base, …/cc, …/base-nossl; :debug tags have busybox.
  if (repo.startsWith('distroless/') || repo.includes('/distroless/')) {
    const kind = repo.slice(repo.lastIndexOf('distroless/') + 'distroless/'.length);
    const noShell = !tag.includes('debug');
    if (kind.startsWith('static')) return { ...unknown, libc: 'none', hasCCompiler: false, noShell };
    if (/^(base|cc|java|python|nodejs)/.test(kind)) return { ...unknown, libc: 'glibc', hasCCompiler: false, noShell };
    return unknown;
  }
  if (image.registry === 'cgr.dev' || repo.startsWith('chainguard/')) {
    const last = repo.slice(repo.lastIndexOf('/') + 1);
    if (last === 'static') return { ...unknown, libc: 'none', hasCCompiler: false, noShell: !tag.includes('dev') };
    if (last === 'go') return { ...unknown, libc: 'glibc', hasGo: true, hasCCompiler: true };
    if (last === 'glibc-dynamic' || last === 'wolfi-base' || last === 'cc-dynamic') return { ...unknown, libc: 'glibc', hasCCompiler: false };
    return unknown;
  }
  if (name === 'golang') {
    const m = /^(\d+(?:\.\d+){0,2}(?:rc\d+|beta\d+)?)(?:-(.*))?$/.exec(tag);
    const goVersion = m?.[1];
    const variant = m ? m[2] : tag === 'latest' ? undefined : tag;
    if (tagSaysAlpine) return { ...unknown, libc: 'musl', hasGo: true, hasCCompiler: false, isGolang: true, isAlpine: true, goVersion, variant };
    if (/windowsservercore|nanoserver/.test(tag)) return { ...unknown, hasGo: true, isGolang: true, goVersion, variant };
    // Every other official golang tag is Debian-based and ships gcc.
    return { ...unknown, libc: 'glibc', hasGo: true, hasCCompiler: true, isGolang: true, goVersion, variant };
  }
  if (name === 'alpine' || tagSaysAlpine) {
    // alpine-glibc images (frolvlad/alpine-glibc, pingcap/alpine-glibc) carry glibc beside musl.
    if (/glibc/.test(repo) || /glibc/.test(tag)) return unknown;
    return { ...unknown, libc: 'musl', hasCCompiler: false, isAlpine: true };
  }
  if (name && GLIBC_DISTROS.has(name)) return { ...unknown, libc: 'glibc', hasCCompiler: name === 'buildpack-deps' ? true : false };
  if (name === 'busybox') return { ...unknown, libc: tag.includes('glibc') ? 'glibc' : tag.includes('musl') ? 'musl' : 'unknown' };
  if (image.registry === 'registry.access.redhat.com' || /^ubi\d*\//.test(repo) || repo.startsWith('redhat/ubi')) {
    return { ...unknown, libc: 'glibc', hasCCompiler: false };
  }
  return unknown;
}
