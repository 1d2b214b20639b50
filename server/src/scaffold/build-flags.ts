// What the generated build keeps from the project's own build (goreleaser, Makefile): version
// stamping with -X (as build-args with defaults), build tags, CGO_ENABLED, and the few flags that
// matter in an image. Obsolete and local-only flags are left out, and named in a comment. Pure.

import type { ProjectBuild } from '../go/project-build.ts';
import { splitFlagWords } from '../go/project-build.ts';
import { UNRESOLVED } from '../go/makefile.ts';

export interface BuildArg {
  name: string;
  /** The default in `ARG NAME=default`. */
  value: string;
  /** What to pass with --build-arg in the header's example: `$(git describe --tags --always)`. */
  hint: string;
}

export interface CarriedBuild {
  /** Where it came from, for the comment; undefined when the project has no build settings for the program. */
  source?: string;
  /** The complete -ldflags value: `-s -w` and what was carried over. */
  ldflags: string;
  tags: string[];
  /** Flags carried as they are (`-buildvcs=false`, `-pgo=off`). */
  flags: string[];
  /** Build-args the ldflags reference, in order of first use. */
  args: BuildArg[];
  /** The ldflags reference $TARGETOS/$TARGETARCH (goreleaser's {{.Os}}/{{.Arch}}). */
  platformArgs: string[];
  /** What was left out, as the project wrote it (`-a`, `-installsuffix cgo`), with why. */
  dropped: string[];
  /** What was carried, for the comment: 'version stamping (-X)', 'tags netgo', 'CGO_ENABLED=0'. */
  carried: string[];
  binary?: string;
}

const PLATFORM_ARGS = new Set(['TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETPLATFORM']);
/** Names a build-arg must not take: they would change the build environment itself. */
const RESERVED_ENV = /^(PATH|HOME|PWD|OLDPWD|SHELL|USER|CURDIR|MAKE.*|GO[A-Z0-9_]*|CGO_[A-Z0-9_]*|CC|CXX|AR|HTTPS?_PROXY|NO_PROXY|BUILDPLATFORM|BUILDOS|BUILDARCH|BUILDVARIANT)$/;
/** Characters a value may hold inside the generated `-ldflags="…"` without quoting trouble. */
const SAFE_LITERAL = /^[A-Za-z0-9_.,:+@%/=~^ -]*$/;
/** go build flags that take the next word as their value. */
const VALUE_FLAGS = new Set(['o', 'ldflags', 'gcflags', 'asmflags', 'gccgoflags', 'tags', 'mod', 'modfile', 'p', 'pkgdir', 'installsuffix', 'buildmode', 'compiler', 'overlay', 'pgo', 'covermode', 'coverpkg', 'toolexec', 'C']);

/** `gitCommitCount` → `GIT_COMMIT_COUNT`, `Version` → `VERSION`, `GitSHA` → `GIT_SHA`. One pass over the name. */
export function buildArgName(identifier: string): string {
  let out = '';
  const isUpper = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';
  const isLower = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  for (let i = 0; i < identifier.length; i++) {
    const c = identifier[i];
    if (!/[A-Za-z0-9]/.test(c)) {
      if (out !== '' && !out.endsWith('_')) out += '_';
      continue;
    }
    // A word starts at an upper-case letter after a lower-case one, or before a lower-case one in a run of capitals (SHAValue).
    if (isUpper(c) && out !== '' && !out.endsWith('_') && (isLower(identifier[i - 1]) || (isUpper(identifier[i - 1]) && isLower(identifier[i + 1]) && !/[0-9]/.test(identifier[i + 1])))) out += '_';
    out += c.toUpperCase();
  }
  out = out.replace(/_+$/, '');
  return /^[A-Z_]/.test(out) ? out : `X_${out}`;
}

/** A shell reference in a value: `${NAME}`, `${NAME-default}`, `${NAME:-default}` or `$NAME`. */
interface Reference {
  start: number;
  end: number;
  name: string;
  fallback?: string;
}

/** The references in a value, in one pass; an unclosed `${` ends the scan (the rest is literal). */
function referencesIn(value: string): Reference[] {
  const refs: Reference[] = [];
  const nameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  for (let i = value.indexOf('$'); i >= 0 && i < value.length; i = value.indexOf('$', i)) {
    if (value[i + 1] === '{') {
      let j = i + 2;
      while (nameChar(value[j])) j++;
      const name = value.slice(i + 2, j);
      const close = value.indexOf('}', j);
      if (close < 0) break;
      if (name === '' || /^[0-9]/.test(name)) {
        i = close + 1;
        continue;
      }
      let fallback: string | undefined;
      if (value[j] === '-') fallback = value.slice(j + 1, close);
      else if (value[j] === ':' && value[j + 1] === '-') fallback = value.slice(j + 2, close);
      else if (j !== close) {
        i = close + 1;
        continue;
      }
      refs.push({ start: i, end: close + 1, name, ...(fallback !== undefined ? { fallback } : {}) });
      i = close + 1;
      continue;
    }
    let j = i + 1;
    while (nameChar(value[j])) j++;
    const name = value.slice(i + 1, j);
    if (name !== '' && !/^[0-9]/.test(name)) refs.push({ start: i, end: j, name });
    i = Math.max(j, i + 1);
  }
  return refs;
}

/** What a build-arg holds, by the last word of its name: VERSION, GIT_COMMIT, BUILD_DATE… */
function roleOf(name: string): 'version' | 'commit' | 'date' | undefined {
  const last = name.slice(name.lastIndexOf('_') + 1);
  if (last === 'VERSION' || last === 'TAG') return 'version';
  if (last === 'COMMIT' || last === 'REVISION' || last === 'SHA' || last === 'HASH' || last === 'REV') return 'commit';
  if (last === 'DATE' || last === 'TIME' || last === 'TIMESTAMP') return 'date';
  return undefined;
}

function defaultFor(name: string): string {
  const role = roleOf(name);
  return role === 'version' ? 'dev' : role === 'commit' ? 'none' : 'unknown';
}

function hintFor(name: string): string {
  switch (roleOf(name)) {
    case 'version':
      return '$(git describe --tags --always)';
    case 'commit':
      return '$(git rev-parse HEAD)';
    case 'date':
      return '$(date -u +%Y-%m-%dT%H:%M:%SZ)';
    default:
      return '<value>';
  }
}

/** A flag word's name and attached value: `-X=a=b` → X, a=b; `--tags` → tags. */
function flagParts(word: string): { name: string; value?: string } | undefined {
  const match = /^--?([A-Za-z][\w.-]*)(?:=([\s\S]*))?$/.exec(word);
  if (!match) return undefined;
  return match[2] === undefined ? { name: match[1] } : { name: match[1], value: match[2] };
}

/** A value in the ldflags string: quoted with single quotes when it has blanks (Go's linker flag parser honours them). */
function ldflagValue(value: string): string {
  return /\s/.test(value) ? `'${value}'` : value;
}

class Carrier {
  readonly args: BuildArg[] = [];
  readonly platformArgs: string[] = [];
  readonly dropped: string[] = [];
  readonly ldflags: string[] = ['-s', '-w'];
  stamped = false;

  private addArg(name: string, value: string): void {
    if (this.args.some((a) => a.name === name)) return;
    this.args.push({ name, value, hint: hintFor(name) });
  }

  /** `-X importpath.name=value`: release-time values become build-args. */
  stamp(spec: string): void {
    const eq = spec.indexOf('=');
    const symbol = eq < 0 ? spec : spec.slice(0, eq);
    const dot = symbol.lastIndexOf('.');
    const identifier = symbol.slice(dot + 1);
    if (eq < 0 || dot <= 0 || !/^[\w./~-]+$/.test(symbol.slice(0, dot)) || !/^[A-Za-z_]\w*$/.test(identifier)) {
      this.dropped.push(`-X ${spec}`);
      return;
    }
    const value = spec.slice(eq + 1);
    const references = referencesIn(value);
    if (references.length === 0) {
      // goreleaser's own marker says who built it; in an image that is not goreleaser.
      if (identifier.toLowerCase() === 'builtby' && value === 'goreleaser') return;
      if (!SAFE_LITERAL.test(value)) {
        this.dropped.push(`-X ${spec}`);
        return;
      }
      if (/version/i.test(identifier)) {
        // A version written into the build is a version to stamp at build time; it stays the default.
        const name = buildArgName(identifier);
        this.addArg(name, value !== '' && !/\s/.test(value) ? value : defaultFor(name));
        this.push(`-X ${symbol}=\${${name}}`);
      } else {
        this.push(`-X ${ldflagValue(`${symbol}=${value}`)}`);
      }
      return;
    }
    let rewritten = '';
    let at = 0;
    for (const ref of references) {
      const literal = value.slice(at, ref.start);
      if (!SAFE_LITERAL.test(literal)) {
        this.dropped.push(`-X ${spec}`);
        return;
      }
      rewritten += literal;
      at = ref.end;
      let name = ref.name === UNRESOLVED.slice(2, -1) ? buildArgName(identifier) : ref.name;
      if (PLATFORM_ARGS.has(name)) {
        if (!this.platformArgs.includes(name)) this.platformArgs.push(name);
      } else {
        if (RESERVED_ENV.test(name)) name = buildArgName(identifier);
        if (RESERVED_ENV.test(name) || PLATFORM_ARGS.has(name)) {
          this.dropped.push(`-X ${spec}`);
          return;
        }
        const given = ref.fallback;
        this.addArg(name, given !== undefined && given !== '' && /^[\w.+:-]+$/.test(given) ? given : defaultFor(name));
      }
      rewritten += `\${${name}}`;
    }
    const tail = value.slice(at);
    if (!SAFE_LITERAL.test(tail)) {
      this.dropped.push(`-X ${spec}`);
      return;
    }
    this.push(`-X ${ldflagValue(`${symbol}=${rewritten + tail}`)}`);
  }

  private push(flag: string): void {
    this.stamped = true;
    this.ldflags.push(flag);
  }

  /** The linker flags other than -X. */
  other(name: string, value: string | undefined, cgo: boolean, word: string): void {
    if (name === 'buildid') {
      if (value !== undefined && SAFE_LITERAL.test(value) && !/\s/.test(value)) this.ldflags.push(`-buildid=${value}`);
      return;
    }
    if (name === 'extldflags' || name === 'linkmode') {
      // Only meaningful to the external (C) linker: with cgo off they do nothing or fail the link.
      if (!cgo) {
        this.dropped.push(`${word} (needs cgo)`);
        return;
      }
      if (value !== undefined && SAFE_LITERAL.test(value) && !value.includes("'")) this.ldflags.push(`-${name}=${ldflagValue(value)}`);
      else this.dropped.push(word);
      return;
    }
    this.dropped.push(word);
  }
}

/** The ldflags words, with `-X a=b` and `-X=a=b` alike. */
function readLdflags(text: string, carrier: Carrier, cgo: boolean): void {
  const words = splitFlagWords(text);
  for (let i = 0; i < words.length; i++) {
    const parts = flagParts(words[i]);
    if (!parts) {
      carrier.dropped.push(words[i]);
      continue;
    }
    if (parts.name === 's' || parts.name === 'w') continue; // always there
    const takesValue = ['X', 'buildid', 'extldflags', 'linkmode', 'H', 'T', 'R', 'E', 'I', 'L', 'r', 'k', 'tmpdir', 'installsuffix', 'extld', 'o', 'B', 'memprofile', 'cpuprofile', 'importcfg', 'pluginpath', 'benchmark', 'randlayout'].includes(parts.name);
    let value = parts.value;
    if (value === undefined && takesValue && i + 1 < words.length) value = words[++i];
    if (parts.name === 'X') carrier.stamp(value ?? '');
    else carrier.other(parts.name, value, cgo, value === undefined ? words[i] : `-${parts.name} ${value}`);
  }
}

const OBSOLETE: Record<string, string> = {
  a: 'obsolete with the build cache since Go 1.10',
  installsuffix: 'obsolete with the build cache since Go 1.10',
  i: 'deprecated since Go 1.16',
};
/** Flags about how the build talks or is instrumented locally, never about the binary an image ships. */
const LOCAL_ONLY = new Set(['v', 'x', 'n', 'work', 'json']);

/** What the generated build keeps of a project build, for a build with cgo on or off. */
export function carryOver(build: ProjectBuild | undefined, cgo: boolean): CarriedBuild {
  const carrier = new Carrier();
  const tags: string[] = [];
  const flags: string[] = [];
  const carried: string[] = [];
  const addTags = (list: string) => {
    for (const tag of list.split(/[\s,]+/)) if (/^[\w.-]+$/.test(tag) && !tags.includes(tag)) tags.push(tag);
  };
  if (build) {
    if (build.ldflags) readLdflags(build.ldflags, carrier, cgo);
    for (const tag of build.tags) addTags(tag);
    const words = build.flags;
    for (let i = 0; i < words.length; i++) {
      const parts = flagParts(words[i]);
      if (!parts) continue;
      let value = parts.value;
      if (value === undefined && VALUE_FLAGS.has(parts.name) && i + 1 < words.length && !words[i + 1].startsWith('-')) value = words[++i];
      const written = value === undefined ? `-${parts.name}` : `-${parts.name} ${value}`;
      switch (parts.name) {
        case 'trimpath':
        case 'mod': // the generator decides: -mod=vendor when vendored
          break;
        case 'tags':
          if (value !== undefined) addTags(value);
          break;
        case 'ldflags':
          if (value !== undefined) readLdflags(value, carrier, cgo);
          break;
        case 'buildvcs':
        case 'pgo':
          if (value === undefined || (SAFE_LITERAL.test(value) && !/\s/.test(value))) flags.push(value === undefined ? `-${parts.name}` : `-${parts.name}=${value}`);
          else carrier.dropped.push(written);
          break;
        default:
          if (LOCAL_ONLY.has(parts.name)) break;
          carrier.dropped.push(OBSOLETE[parts.name] ? `${written} (${OBSOLETE[parts.name]})` : written);
      }
    }
    if (carrier.stamped) carried.push('version stamping (-X)');
    if (tags.length > 0) carried.push(`tags ${tags.join(',')}`);
    if (build.cgo !== undefined) carried.push(`CGO_ENABLED=${build.cgo ? 1 : 0}`);
    carried.push(...flags);
  }
  const result: CarriedBuild = {
    ldflags: carrier.ldflags.join(' '),
    tags,
    flags,
    args: carrier.args,
    platformArgs: carrier.platformArgs,
    dropped: carrier.dropped,
    carried,
  };
  if (build) result.source = build.source;
  if (build?.binary !== undefined) result.binary = build.binary;
  return result;
}
