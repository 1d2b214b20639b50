// Helpers for rules about the golang image a stage builds with: which version it has, where that
// version is written (the FROM tag, or the default of a global ARG that feeds it), and how to edit it.
import { parseGoVersion, preferredVersion, type GoVersion } from '../go-version.ts';
import { goVariable } from '../go-commands.ts';
import { anyUp, rootStage } from './rule-chain.ts';
import type { DockerfileModel, GoCommand, Stage } from '../model/index.ts';
import type { GoFacts } from '../types.ts';

export interface GolangImage {
  /** The stage whose FROM names the image (the stage itself, or the root of its FROM chain). */
  root: Stage;
  /** The image reference after ARG expansion, e.g. "golang:1.21-alpine". */
  ref: string;
  /** The tag's Go version, when it names one. */
  version?: GoVersion;
  /** The tag's variant ("alpine", "bookworm", "alpine3.20"), when any. */
  variant?: string;
  pinnedByDigest: boolean;
}

/** The official golang image a stage rests on, if it does. */
export function golangImageOf(stage: Stage): GolangImage | undefined {
  const root = rootStage(stage);
  if (!root.traits.isGolang || root.imageRef === undefined || !root.image) return undefined;
  return {
    root,
    ref: root.imageRef,
    version: parseGoVersion(root.traits.goVersion),
    variant: root.traits.variant || undefined,
    pinnedByDigest: root.image.digest !== undefined,
  };
}

/** Where the tag's version text is written: in the FROM line, or in a global ARG's default. */
export interface VersionSpot {
  start: number;
  end: number;
  /** The global ARG the version comes from, when it is not in the FROM line. */
  argName?: string;
}

const VAR_REF = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/** Index of `version` in `text` as a whole version (not part of "1.210" or "11.21"), or -1. */
function versionIndex(text: string, version: string, from = 0): number {
  for (let i = text.indexOf(version, from); i >= 0; i = text.indexOf(version, i + 1)) {
    const before = i === 0 ? '' : text[i - 1];
    const after = text[i + version.length] ?? '';
    if (/[0-9.]/.test(before) || /[0-9.]/.test(after) || /^(rc|beta)/.test(text.slice(i + version.length))) continue;
    if (before !== '' && before !== ':' && before !== '=' && before !== '-') continue;
    return i;
  }
  return -1;
}

/**
 * Finds the written version of the golang tag of `image`: literally in the FROM tag, or in the
 * default of exactly one global ARG the FROM references. Undefined when it cannot be told.
 */
export function versionSpot(model: DockerfileModel, image: GolangImage): VersionSpot | undefined {
  const token = image.root.imageToken;
  const version = image.root.traits.goVersion;
  if (!token || !version) return undefined;
  const raw = model.text.slice(token.start, token.end);
  const lastSlash = raw.lastIndexOf('/');
  const colon = raw.indexOf(':', lastSlash + 1);
  if (colon >= 0 && raw.startsWith(version, colon + 1) && versionIndex(raw, version, colon + 1) === colon + 1) {
    return { start: token.start + colon + 1, end: token.start + colon + 1 + version.length };
  }
  const spots: VersionSpot[] = [];
  for (const m of raw.matchAll(VAR_REF)) {
    const entry = model.globalArgs.get(m[1]);
    if (!entry?.span || entry.raw === undefined) continue;
    const written = model.text.slice(entry.span.start, entry.span.end);
    if (written !== entry.raw) continue; // escapes or quotes inside: offsets would not line up
    const at = versionIndex(written, version);
    if (at >= 0 && versionIndex(written, version, at + 1) < 0) spots.push({ start: entry.span.start + at, end: entry.span.start + at + version.length, argName: m[1] });
  }
  const unique = spots.filter((s, i) => spots.findIndex((o) => o.start === s.start) === i);
  return unique.length === 1 ? unique[0] : undefined;
}

/** The Go version go.mod asks a Dockerfile to build with (toolchain line when newer than the go line). */
export function moduleVersion(facts: GoFacts | undefined): GoVersion | undefined {
  return preferredVersion(parseGoVersion(facts?.goVersion), parseGoVersion(facts?.toolchainVersion));
}

/** Variants whose tags exist for every current Go release, so a version bump keeps a valid tag. */
const STABLE_VARIANTS = new Set(['', 'alpine', 'bookworm', 'trixie']);

export function variantIsStable(variant: string | undefined): boolean {
  return STABLE_VARIANTS.has(variant ?? '');
}

/**
 * What GOTOOLCHAIN lets the go command do: 'local' (the image's Go only; the golang images set
 * it), 'switch' (it may download the toolchain go.mod asks for), or 'unknown'.
 */
export function toolchainPolicy(cmd: GoCommand): 'local' | 'switch' | 'unknown' {
  const entry = goVariable(cmd, 'GOTOOLCHAIN');
  if (!entry) return 'local';
  const value = entry.value;
  if (value === undefined) return 'unknown';
  if (value === '' || value === 'local') return 'local';
  if (value === 'auto' || value === 'path' || /\+(auto|path)$/.test(value)) return 'switch';
  // An explicit goX.Y.Z runs that release (downloaded when needed).
  return /^go\d/.test(value) ? 'switch' : 'unknown';
}

/** Go commands that load the local module (and so obey its go line): not `go install pkg@version`. */
export function loadsLocalModule(cmd: GoCommand): boolean {
  if (cmd.subcommand === 'other' || cmd.subcommand === 'env') return false;
  if (cmd.subcommand === 'mod') return cmd.modSubcommand !== undefined && cmd.modSubcommand !== 'init' && cmd.modSubcommand !== 'help';
  if ((cmd.subcommand === 'install' || cmd.subcommand === 'run') && cmd.packages.length > 0 && cmd.packages.every((p) => p.includes('@'))) return false;
  // GOPATH mode ignores go.mod.
  const modules = goVariable(cmd, 'GO111MODULE');
  return modules?.value !== 'off';
}

/**
 * Whether `cmd` can be building the project's own module: something from the build context was
 * copied into its stage (or a parent) before it, or its RUN bind-mounts the context. A stage that
 * only downloads sources (`ADD https://…`, `git clone`) builds someone else's module.
 */
export function seesBuildContext(cmd: GoCommand): boolean {
  if (cmd.run.mounts.some((m) => m.type === 'bind' && m.from === undefined)) return true;
  const runStart = cmd.run.instr.start;
  const stage = cmd.run.instr.stage;
  if (!stage) return false;
  if (stage.copies.some((c) => c.fromContext && c.instr.start < runStart)) return true;
  return stage.baseStage !== undefined && copiesContextUp(stage.baseStage);
}

/** Whether the stage or one it is built on copies from the build context (remembered per stage). */
const copiesContextUp = anyUp((s) => s.copies.some((c) => c.fromContext));
