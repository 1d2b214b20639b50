// Where a path in the image came from in the build context: through the COPY/ADD instructions (and
// bind mounts) that put it there. Answers are candidates, best first, because the engine cannot
// tell a copied file from a copied folder; the Go facts check which one exists.
import { foldLineage } from '../stage-graph.ts';
import { resolvePath } from './paths.ts';
import type { CopyInfo, Instr, Mount, Stage } from './types.ts';

/** A context-relative path in normal form: no leading './', no '..', '.' for the context root. */
export function normalizeContextPath(p: string): string | undefined {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      // Docker clamps `..` at the context root.
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

function joinContext(base: string, rel: string): string | undefined {
  return normalizeContextPath(base === '.' ? rel : `${base}/${rel}`);
}

/** Whether a source holds wildcards or unexpanded variables: it names no single path. */
export function isPatternSource(source: string): boolean {
  return /[*?[\]$]/.test(source);
}

/** The image path a COPY writes a source to, when the destination is a folder (or ends with '/'). */
function copyDestination(copy: CopyInfo): string | undefined {
  const dest = copy.dest?.value;
  if (dest === undefined || dest.includes('$')) return undefined;
  return resolvePath(copy.workdir ?? '/', dest);
}

interface Mapping {
  /** Context-relative source. */
  source: string;
  /** Absolute image path it lands at (for a folder source: its contents land there). */
  dest: string;
  /** Whether the destination was written as a folder (trailing slash) or several sources share it. */
  destIsDir: boolean;
  /** Where the source lands when it is a file copied into the destination folder. */
  fileDest: string;
}

const mappingCache = new WeakMap<CopyInfo, Mapping[]>();

/** A COPY's mappings, computed once per instruction. */
function copyMappings(copy: CopyInfo): Mapping[] {
  let cached = mappingCache.get(copy);
  if (!cached) mappingCache.set(copy, (cached = computeCopyMappings(copy)));
  return cached;
}

function computeCopyMappings(copy: CopyInfo): Mapping[] {
  if (!copy.fromContext) return [];
  const dest = copyDestination(copy);
  if (dest === undefined) return [];
  const destIsDir = copy.dest!.value.endsWith('/') || copy.sources.length > 1;
  const out: Mapping[] = [];
  for (const s of copy.sources) {
    if (isPatternSource(s.value)) continue;
    const source = normalizeContextPath(s.value);
    if (source !== undefined) out.push({ source, dest, destIsDir, fileDest: resolvePath(dest, source.slice(source.lastIndexOf('/') + 1)) });
  }
  return out;
}

function mountMappings(mounts: readonly Mount[], workdir: string | undefined): Mapping[] {
  const out: Mapping[] = [];
  for (const m of mounts) {
    // A bind mount without `from` mounts the build context (a folder of it).
    if (m.type !== 'bind' || m.from !== undefined || m.target === undefined || m.target.includes('$')) continue;
    const source = normalizeContextPath(m.source ?? '.');
    if (source === undefined) continue;
    const dest = resolvePath(workdir ?? '/', m.target);
    out.push({ source, dest, destIsDir: true, fileDest: resolvePath(dest, source.slice(source.lastIndexOf('/') + 1)) });
  }
  return out;
}

function* mappingsOf(stage: Stage, before: Instr | undefined, mounts: readonly Mount[], workdir: string | undefined): Generator<Mapping> {
  yield* mountMappings(mounts, workdir);
  for (const copy of copiesBefore(stage, before)) yield* copyMappings(copy);
}

/** `child` relative to `parent` (absolute image paths), or undefined when outside. */
function relativeImagePath(parent: string, child: string): string | undefined {
  if (child === parent) return '.';
  const prefix = parent.endsWith('/') ? parent : `${parent}/`;
  return child.startsWith(prefix) ? child.slice(prefix.length) : undefined;
}

/**
 * How many COPY instructions a lookup walks back through: enough for any real Dockerfile, and it
 * keeps every lookup constant-time, so a file with thousands of COPYs and RUNs stays linear.
 */
export const MAX_COPIES_SCANNED = 64;

/** The nearest of a stage and its FROM-ancestors that has copies (memoised down the chain). */
const withCopies = (stage: Stage, parent: Stage | null | undefined): Stage | null => (stage.copies.length > 0 ? stage : parent ?? null);

/** The stage a stage is based on: always an earlier one, so the walk ends. */
function baseOf(stage: Stage): Stage | undefined {
  return stage.baseStage && stage.baseStage.index < stage.index ? stage.baseStage : undefined;
}

/** The copies of a stage and its FROM-ancestors that ran before `before` (when given), latest first, at most MAX_COPIES_SCANNED. */
function* copiesBefore(stage: Stage, before: Instr | undefined): Generator<CopyInfo> {
  let budget = MAX_COPIES_SCANNED;
  // Ancestors without copies are skipped in one step (a long FROM chain walked per lookup was quadratic).
  for (let s: Stage | null | undefined = stage; s && budget > 0; s = nextWithCopies(s)) {
    const copies = s.copies;
    // Copies are in document order: find the last one before `before` by bisection.
    let end = copies.length;
    if (s === stage && before) {
      let lo = 0;
      let hi = copies.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (copies[mid].instr.start < before.start) lo = mid + 1;
        else hi = mid;
      }
      end = lo;
    }
    for (let i = end - 1; i >= 0 && budget > 0; i--, budget--) yield copies[i];
  }
}

function nextWithCopies(stage: Stage): Stage | null {
  const base = baseOf(stage);
  return base ? foldLineage(base, withCopies) : null;
}

/**
 * Context-relative candidates for an absolute image path, best first: the latest COPY (or bind
 * mount of `mounts`) whose destination covers it. For a file path also the file-copy reading
 * (`COPY build.sh /usr/local/bin/` puts build.sh at /usr/local/bin/build.sh).
 */
export function contextPathsOf(stage: Stage | undefined, imagePath: string, before?: Instr, mounts: readonly Mount[] = [], workdir?: string): string[] {
  if (!stage) return [];
  const target = resolvePath('/', imagePath);
  const out: string[] = [];
  const add = (candidate: string | undefined): void => {
    if (candidate !== undefined && !out.includes(candidate)) out.push(candidate);
  };
  for (const m of mappingsOf(stage, before, mounts, workdir)) {
    const rel = relativeImagePath(m.dest, target);
    const file = m.source !== '.' && looksLikeFile(m.source);
    if (rel !== undefined && !(file && m.destIsDir)) add(joinContext(m.source, rel));
    // File copies: `COPY x.sh /bin/` (dest folder) and `COPY x.sh /bin/run` (dest file).
    if (m.source !== '.' && ((target === m.dest && !m.destIsDir) || target === m.fileDest)) add(m.source);
    // A file copied into a folder (`COPY go.mod go.sum ./`): that folder is where the file came from.
    const folderOfFile = m.destIsDir ? m.dest : dirOfImagePath(m.dest);
    if (file && target === folderOfFile) add(normalizeContextPath(contextDirOf(m.source)));
    // The latest copy covering the path as a folder decides; older ones are only overlaid.
    if (rel !== undefined && !file && out.length > 0) break;
  }
  return out;
}

/** Names that are files, not folders, in practice: with an extension, or a well-known file name. */
const FILE_NAMES = new Set(['Makefile', 'makefile', 'GNUmakefile', 'Dockerfile', 'Containerfile', 'LICENSE', 'Taskfile', 'Justfile', 'justfile']);

/** Whether a COPY source is most likely a file (its copy puts the file in the destination folder). */
export function looksLikeFile(source: string): boolean {
  const base = source.slice(source.lastIndexOf('/') + 1);
  return FILE_NAMES.has(base) || /^[^.].*\.[A-Za-z0-9]{1,8}$/.test(base);
}

function contextDirOf(p: string): string {
  const slash = p.lastIndexOf('/');
  return slash < 0 ? '.' : p.slice(0, slash);
}

function dirOfImagePath(p: string): string {
  const slash = p.lastIndexOf('/');
  return slash <= 0 ? '/' : p.slice(0, slash);
}
