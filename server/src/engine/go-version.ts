// Go version numbers as the go command orders them (golang.org/x/mod's gover): a language version
// "1.21" < its prereleases "1.21rc1" < the releases "1.21.0" < "1.21.1". An image tag that names
// only a minor ("golang:1.22") floats to that minor's newest release, so it satisfies any 1.22.x.

export interface GoVersion {
  major: number;
  /** undefined for a major-only tag ("golang:1"), which floats over every 1.x. */
  minor?: number;
  /** undefined for a language version ("1.21") or a prerelease. */
  patch?: number;
  /** 'beta' or 'rc' for prereleases. */
  pre?: 'beta' | 'rc';
  preNumber?: number;
  /** How many dot-separated parts were written ("1.21" → 2, "1.21.3" → 3). */
  parts: number;
  text: string;
}

/** Parses "1.21", "1.21.3", "1.21rc1", "go1.22.0", "1". Undefined for anything else. */
export function parseGoVersion(text: string | undefined): GoVersion | undefined {
  if (!text) return undefined;
  const m = /^(?:go)?(\d+)(?:\.(\d+)(?:(?:\.(\d+))|(beta|rc)(\d+))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const version: GoVersion = { major: Number(m[1]), parts: m[2] === undefined ? 1 : m[3] === undefined ? 2 : 3, text: text.trim().replace(/^go/, '') };
  if (m[2] !== undefined) version.minor = Number(m[2]);
  if (m[3] !== undefined) version.patch = Number(m[3]);
  if (m[4] !== undefined) {
    version.pre = m[4] as 'beta' | 'rc';
    version.preNumber = Number(m[5]);
  }
  return version;
}

/** The rank of what follows major.minor: language version < beta < rc < release (by patch). */
function tailRank(v: GoVersion, floating: boolean): [number, number] {
  if (v.pre === 'beta') return [1, v.preNumber ?? 0];
  if (v.pre === 'rc') return [2, v.preNumber ?? 0];
  if (v.patch !== undefined) return [3, v.patch];
  // "1.22" as an image tag is the newest 1.22 release; as a go line it is the language version.
  return floating ? [3, Number.POSITIVE_INFINITY] : [0, 0];
}

function compare(a: GoVersion, aFloating: boolean, b: GoVersion, bFloating: boolean): number {
  if (a.major !== b.major) return a.major - b.major;
  const aMinor = a.minor ?? (aFloating ? Number.POSITIVE_INFINITY : 0);
  const bMinor = b.minor ?? (bFloating ? Number.POSITIVE_INFINITY : 0);
  if (aMinor !== bMinor) return aMinor < bMinor ? -1 : 1;
  const [ak, an] = tailRank(a, aFloating);
  const [bk, bn] = tailRank(b, bFloating);
  if (ak !== bk) return ak - bk;
  return an === bn ? 0 : an < bn ? -1 : 1;
}

/** Orders two go.mod-style versions (go lines, toolchain lines). */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return compare(a, false, b, false);
}

/** Whether an image tag's Go version (floating when it names no patch) is at least `required`. */
export function imageProvides(imageVersion: GoVersion, required: GoVersion): boolean {
  return compare(imageVersion, true, required, false) >= 0;
}

/** Whether the image's Go is older than 1.21 (before the go line became a requirement and GOTOOLCHAIN existed). */
export function imageBefore121(imageVersion: GoVersion): boolean {
  return !imageProvides(imageVersion, { major: 1, minor: 21, parts: 2, text: '1.21' });
}

/**
 * The version text for an image tag that replaces `current`, satisfying `target` in the style the
 * file already uses: a floating minor ("1.22") stays a minor, a pinned patch ("1.21.5") stays a patch.
 */
export function tagVersionFor(target: GoVersion, current: GoVersion): string {
  if (target.pre) return `${target.major}.${target.minor}${target.pre}${target.preNumber}`;
  if (current.parts >= 3) return `${target.major}.${target.minor ?? 0}.${target.patch ?? 0}`;
  return `${target.major}.${target.minor ?? 0}`;
}

/** The version a Dockerfile should build with: the toolchain line when it asks for more than the go line. */
export function preferredVersion(goLine: GoVersion | undefined, toolchain: GoVersion | undefined): GoVersion | undefined {
  if (goLine && toolchain) return compareGoVersions(toolchain, goLine) > 0 ? toolchain : goLine;
  return goLine ?? toolchain;
}
