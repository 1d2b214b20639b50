// Cached Go facts per module, for the language server: reading a module walks its tree, so it happens
// once per module until a watcher reports a change inside it.

import { NO_MODULE } from '../engine/types.ts';
import * as path from 'node:path';
import type { GoFacts } from '../engine/types.ts';
import { findModuleDir, readGoWorkspace, toGoFacts, type GoWorkspace } from './workspace.ts';

/** Whether `child` is `parent` or lies inside it. */
function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export class GoFactsCache {
  /** Module dir → facts, or undefined when its go.mod could not be read. */
  private readonly modules = new Map<string, { workspace?: GoWorkspace; facts?: GoFacts }>();
  /** Directory → the module dir found above it (undefined: none). Only go.mod changes can alter it. */
  private readonly moduleDirOf = new Map<string, string | undefined>();

  /** Facts for the module around a Dockerfile: the nearest go.mod at or above the Dockerfile's directory. */
  /** Facts for a Dockerfile; `NO_MODULE` (an empty object) when no go.mod governs it, so rules know it was looked for. */
  factsFor(dockerfilePath: string): GoFacts {
    return this.entryFor(path.dirname(path.resolve(dockerfilePath)))?.facts ?? NO_MODULE;
  }

  /** The full workspace for a directory (e.g. for the Generate Dockerfile request); cached like factsFor. */
  workspaceFor(dir: string): GoWorkspace | undefined {
    return this.entryFor(path.resolve(dir))?.workspace;
  }

  /** Drops what a change at `changedPath` may have made stale (a file or a directory, created, edited or deleted). */
  invalidate(changedPath: string): void {
    const changed = path.resolve(changedPath);
    const base = path.basename(changed);
    if (base === 'go.mod' || base === 'go.work') {
      // A go.mod appearing or vanishing moves module boundaries; a go.work governs every module below it.
      this.moduleDirOf.clear();
      const changedDir = path.dirname(changed);
      for (const moduleDir of [...this.modules.keys()]) {
        if (isWithin(changedDir, moduleDir) || isWithin(moduleDir, changedDir)) this.modules.delete(moduleDir);
      }
      return;
    }
    // Any other change: the modules containing it, and any module inside a deleted directory.
    for (const moduleDir of [...this.modules.keys()]) {
      if (isWithin(changed, moduleDir) || isWithin(moduleDir, changed)) this.modules.delete(moduleDir);
    }
    for (const dir of [...this.moduleDirOf.keys()]) {
      if (isWithin(dir, changed)) this.moduleDirOf.delete(dir);
    }
  }

  private entryFor(dir: string): { workspace?: GoWorkspace; facts?: GoFacts } | undefined {
    let moduleDir: string | undefined;
    if (this.moduleDirOf.has(dir)) {
      moduleDir = this.moduleDirOf.get(dir);
    } else {
      moduleDir = findModuleDir(dir);
      this.moduleDirOf.set(dir, moduleDir);
    }
    if (moduleDir === undefined) return undefined;
    let entry = this.modules.get(moduleDir);
    if (!entry) {
      try {
        const workspace = readGoWorkspace(moduleDir);
        entry = { workspace, facts: toGoFacts(workspace) };
      } catch {
        entry = {}; // unreadable go.mod: no facts until it changes
      }
      this.modules.set(moduleDir, entry);
    }
    return entry;
  }
}
