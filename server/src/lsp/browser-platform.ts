// The language server in a browser web worker (VS Code for the Web: vscode.dev, github.dev): no file
// system and no network of its own. The workspace is read through the client (goDockerfile/stat,
// listDir, readFile over vscode.workspace.fs), with a tighter walk, since every read may cross the
// network; syntax validation runs inline within a time budget; rule docs link to the copies shipped
// in the extension, at the address the client gives.

import type { Connection } from 'vscode-languageserver';
import { ClientFileAccess, NoFileAccess, type WorkspaceFileRequests } from '../files/client-access.ts';
import { CONFIG_FILE_NAME } from '../config/index.ts';
import type { DirEntry, FileAccess, FileInfo, ReadResult } from '../files/index.ts';
import { basenameOf, dirnameOf, isWithinPath, normalizePath } from '../files/index.ts';
import { parseUri } from '../files/uri.ts';
import type { WalkLimits } from '../go/index.ts';
import { InlineSyntaxValidation } from './inlineValidation.ts';
import type { ServerPlatform, WorkspaceFiles } from './platform.ts';
import { LIST_DIR_METHOD, READ_FILE_METHOD, STAT_METHOD } from './protocol.ts';

/**
 * The module walk in the browser, where each folder listing and file is a request that may go to
 * GitHub: the packages the Dockerfile builds are read first (targeted), then the rest of the module
 * until one of these is reached. Beyond them the facts say "unknown" and the rules stay quiet.
 */
export const BROWSER_WALK_LIMITS: WalkLimits = {
  maxDirs: 300,
  maxGoFiles: 600,
  maxFileBytes: 512 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
  maxGoModBytes: 512 * 1024,
};

/** Said once in the output channel, as information. */
export const BROWSER_ABSENT_FEATURES = [
  'running in the browser (VS Code for the Web). Not available here: Docker Hub tag lookups ' +
    '(goDockerfile.imageTagCompletion.network is ignored; golang tags still come from go.mod) and the go-dockerfile CLI. ' +
    `The Go workspace is read through the editor, at most ${BROWSER_WALK_LIMITS.maxGoFiles} Go files per module, ` +
    'the packages a Dockerfile builds first; symbolic links are not followed.',
];

interface Folder {
  uri: string;
  scheme: string;
  authority: string;
  path: string;
}

export function connectionFileRequests(connection: Connection): WorkspaceFileRequests {
  return {
    stat: (folder, path) => connection.sendRequest(STAT_METHOD, { folder, path }),
    listDir: (folder, path) => connection.sendRequest(LIST_DIR_METHOD, { folder, path }),
    readFile: (folder, path, maxBytes) => connection.sendRequest(READ_FILE_METHOD, { folder, path, maxBytes }),
  };
}

/**
 * .go-dockerfile.json is looked up again before every lint (so that an edit is seen without a
 * watcher). Over the network that is a request per folder up to the root on every keystroke pause:
 * once the client watches the workspace, the answers are kept until it reports a change.
 */
class ConfigReadCache {
  private enabled = false;
  private readonly reads = new Map<string, Promise<ReadResult>>();

  enable(): void {
    this.enabled = true;
  }

  read(path: string, maxBytes: number, load: () => Promise<ReadResult>): Promise<ReadResult> {
    if (!this.enabled || basenameOf(path) !== CONFIG_FILE_NAME) return load();
    const key = `${maxBytes}:${path}`;
    let read = this.reads.get(key);
    if (!read) {
      read = load();
      this.reads.set(key, read);
    }
    return read;
  }

  /** Drops what a change at `path` (a file, or a folder and everything in it) may have changed. */
  changed(path: string): void {
    for (const key of [...this.reads.keys()]) {
      if (isWithinPath(key.slice(key.indexOf(':') + 1), path)) this.reads.delete(key);
    }
  }
}

class CachedConfigAccess implements FileAccess {
  constructor(
    private readonly inner: FileAccess,
    private readonly cache: ConfigReadCache,
  ) {}

  get root(): string {
    return this.inner.root;
  }

  readText(path: string, maxBytes: number): Promise<ReadResult> {
    const normal = normalizePath(path);
    return this.cache.read(normal, maxBytes, () => this.inner.readText(normal, maxBytes));
  }

  stat(path: string): Promise<FileInfo | undefined> {
    return this.inner.stat(path);
  }

  list(dir: string): Promise<DirEntry[] | undefined> {
    return this.inner.list(dir);
  }
}

/**
 * Workspace folders of any scheme mapped to paths: a URI's path is its path here, and it can be read
 * when a workspace folder of the same scheme and authority holds it; the project root is that folder.
 */
export function browserWorkspace(folderUris: () => readonly string[], requests: WorkspaceFileRequests): WorkspaceFiles {
  let cachedKey = '';
  let cached: Folder[] = [];
  const folders = (): Folder[] => {
    const uris = folderUris();
    const key = uris.join('\n');
    if (key !== cachedKey) {
      cachedKey = key;
      cached = [];
      for (const uri of uris) {
        const parsed = parseUri(uri);
        if (parsed) cached.push({ uri, scheme: parsed.scheme, authority: parsed.authority, path: normalizePath(parsed.path) });
      }
      // Nested folders: the innermost holds a file.
      cached.sort((a, b) => b.path.length - a.path.length);
    }
    return cached;
  };
  const folderHolding = (path: string): Folder | undefined => folders().find((f) => isWithinPath(path, f.path));
  const configReads = new ConfigReadCache();
  return {
    pathOf(uri: string): string | undefined {
      const parsed = parseUri(uri);
      if (!parsed) return undefined;
      const path = normalizePath(parsed.path);
      const folder = folders().find((f) => f.scheme === parsed.scheme && f.authority === parsed.authority && isWithinPath(path, f.path));
      return folder ? path : undefined;
    },
    projectRoot(filePath: string): string {
      return folderHolding(normalizePath(filePath))?.path ?? dirnameOf(filePath);
    },
    access(root: string): FileAccess {
      const folder = folderHolding(normalizePath(root));
      return folder ? new CachedConfigAccess(new ClientFileAccess(root, folder.path, folder.uri, requests), configReads) : new NoFileAccess(normalizePath(root));
    },
    watched: () => configReads.enable(),
    changed: (path) => configReads.changed(normalizePath(path)),
    walkLimits: BROWSER_WALK_LIMITS,
  };
}

function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  return text.slice(0, end);
}

export function browserPlatform(connection: Connection, version: string): ServerPlatform {
  let docsBase: string | undefined;
  const requests = connectionFileRequests(connection);
  return {
    version: () => version,
    workspace: (folders) => browserWorkspace(folders, requests),
    syntaxValidator: (validateInline, log) => new InlineSyntaxValidation(validateInline, log),
    ruleDocsUrl: (ruleId) => (docsBase === undefined ? undefined : `${docsBase}/${ruleId}.md`),
    initialize(options) {
      const base = options.ruleDocsBase;
      docsBase = base !== undefined && parseUri(base) ? withoutTrailingSlashes(base) : undefined;
    },
    absentFeatures: BROWSER_ABSENT_FEATURES,
    networkTagLookups: false,
  };
}
