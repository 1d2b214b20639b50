// Which program a repository ships: main packages ranked the way a person reads a Go repository.
// Pure: main package folders + module path (+ what the release config builds) → ranked list.

import type { GoWorkspace, MainPackage } from '../go/workspace.ts';

/** The rank groups, best first. */
export type MainGroup = 'module-root' | 'module-command' | 'command' | 'other' | 'secondary';

export const MAIN_GROUPS: readonly MainGroup[] = ['module-root', 'module-command', 'command', 'other', 'secondary'];

/** How a picker titles each group. */
export const MAIN_GROUP_LABELS: Record<MainGroup, string> = {
  'module-root': 'Module root',
  'module-command': 'The module\'s command',
  command: 'Commands (cmd/)',
  other: 'Other programs',
  secondary: 'Examples, tools and development programs',
};

export interface RankedMain {
  /** '.' or './cmd/server'. */
  dir: string;
  group: MainGroup;
  /** The release configuration (.goreleaser.yaml) builds it. */
  released: boolean;
}

/** Folder names whose programs are not what the repository ships: examples, helpers, development tools. */
const SECONDARY_SEGMENTS = new Set(['examples', 'example', 'tools', 'hack', 'scripts', 'internal']);

/** The module path's last element without a /vN major-version suffix or a .vN gopkg.in suffix: `…/syncd/v2` → `syncd`. */
export function moduleCommandName(modulePath: string): string {
  const elements = modulePath.split('/').filter(Boolean);
  if (elements.length > 1 && /^v\d+$/.test(elements[elements.length - 1])) elements.pop();
  return (elements.pop() ?? '').replace(/\.v\d+$/, '');
}

// examples, example, tools, hack, scripts, internal and test… folders anywhere; a dev folder with programs below it (cmd/dev/gen).
function isSecondary(segments: readonly string[]): boolean {
  return segments.some((segment, i) => SECONDARY_SEGMENTS.has(segment) || segment.startsWith('test') || (segment === 'dev' && i < segments.length - 1));
}

export function mainGroup(dir: string, modulePath: string): MainGroup {
  if (dir === '.') return 'module-root';
  const segments = dir.replace(/^\.\//, '').split('/').filter(Boolean);
  const name = moduleCommandName(modulePath);
  if (segments.length === 2 && segments[0] === 'cmd' && name !== '' && segments[1] === name) return 'module-command';
  if (isSecondary(segments)) return 'secondary';
  if (segments[0] === 'cmd') return 'command';
  return 'other';
}

/**
 * Main packages best first: the module root; `cmd/<module name>`; other `cmd/*`; any other folder;
 * last, examples, tools, hack, scripts, internal, test* and dev folders. Within a group, what the
 * release configuration builds comes first, then by path.
 */
export function rankMainPackages(dirs: readonly string[], modulePath: string, released: ReadonlySet<string> = new Set()): RankedMain[] {
  const ranked = dirs.map((dir) => ({ dir, group: mainGroup(dir, modulePath), released: released.has(dir) }));
  return ranked.sort((a, b) => {
    const byGroup = MAIN_GROUPS.indexOf(a.group) - MAIN_GROUPS.indexOf(b.group);
    if (byGroup !== 0) return byGroup;
    if (a.released !== b.released) return a.released ? -1 : 1;
    return a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0;
  });
}

/**
 * The program that is clearly the one: the only main package of the first non-empty group, or,
 * when that group has several, the only one of them the release configuration builds.
 */
export function recommendedMain(ranked: readonly RankedMain[]): RankedMain | undefined {
  if (ranked.length === 0) return undefined;
  const first = ranked.filter((m) => m.group === ranked[0].group);
  if (first.length === 1) return first[0];
  const released = first.filter((m) => m.released);
  return released.length === 1 ? released[0] : undefined;
}

/** A main package as the picker and `init` show it: ranked, in its group. */
export interface RankedMainPackage extends MainPackage {
  group: MainGroup;
  /** The project's release configuration (.goreleaser.yaml) builds it. */
  released: boolean;
  /** Where its build settings come from (`.goreleaser.yaml (build "linux")`, `Makefile (make build)`), when the project has some. */
  buildSource?: string;
}

/** The workspace's main packages best first, and the one that is clearly the program, when there is one. */
export function rankedMains(ws: Pick<GoWorkspace, 'mainPackages' | 'modulePath' | 'projectBuilds'>): { mainPackages: RankedMainPackage[]; recommended?: string } {
  const builds = ws.projectBuilds ?? [];
  const released = new Set(builds.filter((b) => b.from === 'goreleaser').map((b) => b.main));
  const ranked = rankMainPackages(ws.mainPackages.map((m) => m.dir), ws.modulePath, released);
  const mainPackages = ranked.map((r): RankedMainPackage => {
    const main = ws.mainPackages.find((m) => m.dir === r.dir)!;
    const build = builds.find((b) => b.main === r.dir);
    // The binary the image will hold: the project's name for it, when its build gives one.
    const ranked: RankedMainPackage = { ...main, group: r.group, released: r.released };
    if (build?.binary !== undefined) ranked.binaryName = build.binary;
    if (build !== undefined) ranked.buildSource = build.source;
    return ranked;
  });
  const recommended = recommendedMain(ranked)?.dir;
  return recommended !== undefined ? { mainPackages, recommended } : { mainPackages };
}
