// Which build context and module a Dockerfile builds, the facts' confinement to the project root
// (issue 7 part 4), and how a go command's folder in the image maps back to the module.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInputs } from '../../server/src/engine/build-inputs.ts';
import { programQuery, relativeContextPath } from '../../server/src/engine/go-program.ts';
import { buildModel } from '../../server/src/engine/model/index.ts';
import { MAX_COPIES_SCANNED } from '../../server/src/engine/model/context-paths.ts';
import type { GoFacts } from '../../server/src/engine/types.ts';
import { NodeFileAccess, nodeProject } from '../../server/src/files/node-access.ts';
import { GoFactsCache, resolveBuildContext } from '../../server/src/go/index.ts';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function writeTree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-context-')));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const MAIN = 'package main\n\nfunc main() {}\n';

async function contextOf(root: string, dockerfileRel: string, explicit?: string) {
  const dockerfile = path.join(root, dockerfileRel);
  const inputs = buildInputs(buildModel(fs.readFileSync(dockerfile, 'utf8')));
  return resolveBuildContext(new NodeFileAccess(root), dockerfile, inputs, explicit);
}

describe('build context and module', () => {
  test('the module at the Dockerfile\'s folder', async () => {
    const root = writeTree({ 'go.mod': 'module example.com/a\n', 'main.go': MAIN, Dockerfile: 'FROM golang:1.22\nCOPY go.mod ./\nCOPY . .\nRUN go build .\n' });
    assert.deepEqual(await contextOf(root, 'Dockerfile'), { contextDir: root, contextFrom: 'dockerfile-folder', moduleDir: root, moduleDirInContext: '.' });
  });

  test('COPY ./server . builds server/go.mod', async () => {
    const root = writeTree({ 'server/go.mod': 'module example.com/s\n', 'server/main.go': MAIN, Dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY ./server .\nRUN go build -o /bin/s .\n' });
    const ctx = await contextOf(root, 'Dockerfile');
    assert.equal(ctx.contextDir, root);
    assert.equal(ctx.moduleDir, `${root}/server`);
    assert.equal(ctx.moduleDirInContext, 'server');
  });

  test('COPY server/go.mod server/go.sum ./ names the module too', async () => {
    const root = writeTree({ 'server/go.mod': 'module example.com/s\n', 'server/go.sum': '', Dockerfile: 'FROM golang:1.22\nCOPY server/go.mod server/go.sum ./\nRUN go mod download\n' });
    assert.equal((await contextOf(root, 'Dockerfile')).moduleDirInContext, 'server');
  });

  test('a go command that runs in a copied folder names its module', async () => {
    const root = writeTree({ 'svc/go.mod': 'module example.com/svc\n', 'svc/main.go': MAIN, Dockerfile: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/svc .\n' });
    assert.equal((await contextOf(root, 'Dockerfile')).moduleDirInContext, 'svc');
  });

  test('a go.work at the context root: the module holding the built package', async () => {
    const root = writeTree({
      'go.work': 'go 1.22\n\nuse (\n\t./api\n\t./worker\n)\n',
      'api/go.mod': 'module example.com/api\n',
      'api/main.go': MAIN,
      'worker/go.mod': 'module example.com/worker\n',
      'worker/main.go': MAIN,
      Dockerfile: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/w ./worker\n',
    });
    assert.equal((await contextOf(root, 'Dockerfile')).moduleDirInContext, 'worker');
  });

  test('a Dockerfile kept in docker/ whose COPY sources only exist at the repository root', async () => {
    const root = writeTree({
      'go.mod': 'module example.com/r\n',
      'go.sum': '',
      'cmd/r/main.go': MAIN,
      'docker/Dockerfile': 'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY cmd ./cmd\nRUN go build ./cmd/r\n',
    });
    const ctx = await contextOf(root, 'docker/Dockerfile');
    assert.equal(ctx.contextDir, root);
    assert.equal(ctx.contextFrom, 'copy-sources');
    assert.equal(ctx.moduleDirInContext, '.');
  });

  test('sources that exist beside the Dockerfile keep its folder as the context', async () => {
    const root = writeTree({
      'go.mod': 'module example.com/outer\n',
      'tools/gen/go.mod': 'module example.com/gen\n',
      'tools/gen/main.go': MAIN,
      'tools/gen/Dockerfile': 'FROM golang:1.22\nCOPY go.mod main.go ./\nRUN go build .\n',
    });
    const ctx = await contextOf(root, 'tools/gen/Dockerfile');
    assert.equal(ctx.contextDir, `${root}/tools/gen`);
    assert.equal(ctx.moduleDir, `${root}/tools/gen`);
  });

  test('an explicit context (the config\'s contexts mapping) wins', async () => {
    const root = writeTree({ 'go.mod': 'module example.com/r\n', 'deploy/Dockerfile': 'FROM golang:1.22\nCOPY . .\nRUN go build .\n' });
    const ctx = await contextOf(root, 'deploy/Dockerfile', root);
    assert.equal(ctx.contextFrom, 'explicit');
    assert.equal(ctx.contextDir, root);
    // An explicit context outside the project root is ignored.
    const outside = await contextOf(root, 'deploy/Dockerfile', path.dirname(root));
    assert.notEqual(outside.contextFrom, 'explicit');
  });

  test('GoFactsCache takes the context from a contextFor callback and reports it in the facts', async () => {
    const root = writeTree({ 'go.mod': 'module example.com/r\n', 'main.go': MAIN, 'deploy/prod.Dockerfile': 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\n' });
    const asked: string[] = [];
    const cache = new GoFactsCache({
      projectRoot: () => root,
      access: (r) => new NodeFileAccess(r),
      contextFor: (file) => {
        asked.push(file);
        return root;
      },
    });
    const dockerfile = path.join(root, 'deploy', 'prod.Dockerfile');
    const facts = await cache.factsFor(dockerfile, buildInputs(buildModel(fs.readFileSync(dockerfile, 'utf8'))));
    assert.deepEqual(asked, [dockerfile]);
    assert.equal(facts.contextDir, root);
    assert.equal(facts.moduleDirInContext, '.');
    assert.deepEqual(facts.mainPackages, ['.']);
  });
});

describe('confinement to the project root (issue 7, part 4)', () => {
  test('linting outer/ws/Dockerfile, where ws is its own repository, never reads outer/go.mod', async () => {
    const outer = writeTree({
      'go.mod': 'module example.com/outer\n\ngo 1.22\n',
      'private/secret.go': 'package private\n',
      'ws/Dockerfile': 'FROM golang:1.22\nCOPY . .\nRUN go build .\n',
    });
    fs.mkdirSync(path.join(outer, 'ws', '.git'));
    const project = nodeProject();
    const reads: string[] = [];
    const cache = new GoFactsCache({
      projectRoot: project.projectRoot,
      access: (root) => {
        const access = project.access(root);
        return {
          root: access.root,
          readText: (p, max) => (reads.push(p), access.readText(p, max)),
          stat: (p) => (reads.push(p), access.stat(p)),
          list: (p) => (reads.push(p), access.list(p)),
        };
      },
    });
    const dockerfile = path.join(outer, 'ws', 'Dockerfile');
    const facts = await cache.factsFor(dockerfile, buildInputs(buildModel(fs.readFileSync(dockerfile, 'utf8'))));
    assert.deepEqual(facts, {}, 'no module inside the repository');
    assert.ok(reads.length > 0);
    assert.deepEqual(reads.filter((p) => !p.startsWith(`${outer}/ws`)), [], 'nothing outside ws was even looked at');
  });

  test('a go.mod symlinked to a file outside the repository is not followed', async () => {
    const outside = writeTree({ 'go.mod': 'module example.com/stolen\n\ngo 1.22\n' });
    const repo = writeTree({ 'main.go': MAIN, Dockerfile: 'FROM golang:1.22\nCOPY . .\nRUN go build .\n' });
    fs.mkdirSync(path.join(repo, '.git'));
    fs.symlinkSync(path.join(outside, 'go.mod'), path.join(repo, 'go.mod'));
    const cache = new GoFactsCache(nodeProject());
    const facts = await cache.factsFor(path.join(repo, 'Dockerfile'));
    assert.equal(facts.modulePath, undefined);
    assert.deepEqual(facts, {});
    // And `init --stdout` refuses the module instead of printing the outside module path.
    const cli = path.resolve('dist', 'cli.js');
    if (fs.existsSync(cli)) {
      let out = '';
      try {
        out = execFileSync(process.execPath, [cli, 'init', '--stdout'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        out = String((error as { stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
      }
      assert.ok(!out.includes('example.com/stolen'), out);
    }
  });

  test('a 400 MB sparse go.mod costs nothing: refused by size, never read', async () => {
    const repo = writeTree({ 'main.go': MAIN, Dockerfile: 'FROM golang:1.22\nCOPY . .\nRUN go build .\n' });
    fs.mkdirSync(path.join(repo, '.git'));
    const fd = fs.openSync(path.join(repo, 'go.mod'), 'w');
    fs.ftruncateSync(fd, 400 * 1024 * 1024);
    fs.closeSync(fd);
    const heapBefore = process.memoryUsage().rss;
    const facts = await new GoFactsCache(nodeProject()).factsFor(path.join(repo, 'Dockerfile'));
    // The module cannot be read: no facts from it (and no exception).
    assert.equal(facts.modulePath, undefined);
    // Structural: nothing near the file's size was allocated.
    assert.ok(process.memoryUsage().rss - heapBefore < 100 * 1024 * 1024);
  });
});

describe('where a go command runs, relative to the module', () => {
  const facts = (moduleDirInContext: string): GoFacts => ({ moduleDir: '/m', moduleDirInContext });
  const queryOf = (dockerfile: string, goFacts: GoFacts) => {
    const model = buildModel(dockerfile);
    const cmd = model.stages.flatMap((s) => s.runs.flatMap((r) => r.goCommands)).find((c) => c.subcommand === 'build')!;
    return programQuery(cmd, goFacts);
  };

  test('WORKDIR + COPY . . + go build ./cmd/api runs at the module root', () => {
    assert.equal(queryOf('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build ./cmd/api\n', facts('.')).dir, '.');
  });

  test('COPY ./server . puts the module root at the WORKDIR', () => {
    assert.equal(queryOf('FROM golang:1.22\nWORKDIR /app\nCOPY ./server .\nRUN go build ./cmd/api\n', facts('server')).dir, '.');
  });

  test('cd into a copied folder below the module root', () => {
    assert.equal(queryOf('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN cd server/cmd && go build ./api\n', facts('server')).dir, 'cmd');
  });

  test('files copied into the WORKDIR, then folders: the WORKDIR is the context root', () => {
    const dockerfile = 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY cmd ./cmd\nCOPY internal ./internal\nRUN go build ./cmd/api\n';
    assert.equal(queryOf(dockerfile, facts('.')).dir, '.');
    // A Makefile copied alone is found where make runs.
    const inputs = buildInputs(buildModel('FROM golang:1.22\nWORKDIR /src\nCOPY Makefile go.mod ./\nRUN make build\n'));
    assert.ok(inputs.makeCalls[0].dirs.includes('.'), JSON.stringify(inputs.makeCalls));
    const sub = buildInputs(buildModel('FROM golang:1.22\nWORKDIR /src\nCOPY server/Makefile server/go.mod ./\nRUN make\n'));
    assert.ok(sub.makeCalls[0].dirs.includes('server'), JSON.stringify(sub.makeCalls));
  });

  test('a bind-mounted context', () => {
    assert.equal(queryOf('FROM golang:1.22\nWORKDIR /w\nRUN --mount=type=bind,target=. go build ./cmd/api\n', facts('.')).dir, '.');
  });

  test('a folder the COPYs do not explain is unknown', () => {
    assert.equal(queryOf('FROM golang:1.22\nWORKDIR /elsewhere\nRUN go build .\n', facts('.')).dir, undefined);
    assert.equal(queryOf('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n', {}).dir, undefined);
  });

  test('relativeContextPath', () => {
    assert.equal(relativeContextPath('server', 'server/cmd'), 'cmd');
    assert.equal(relativeContextPath('server', '.'), '..');
    assert.equal(relativeContextPath('.', 'a/b'), 'a/b');
  });
});

describe('linear in the Dockerfile', () => {
  test('mapping a folder back to the context looks at a bounded number of COPYs, however many there are', () => {
    const lines = ['FROM golang:1.22 AS build', 'WORKDIR /src'];
    for (let i = 0; i < 3000; i++) lines.push(`COPY dir${i}/x.txt /elsewhere/${i}/`);
    lines.push('RUN cd /nowhere && go build ./cmd/app', '');
    const model = buildModel(lines.join('\n'));
    const stage = model.stages[0];
    // Count every read of a COPY of the stage (structural, not a time limit).
    let reads = 0;
    const copies = stage.copies;
    stage.copies = new Proxy(copies, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const cmd = stage.runs.at(-1)!.goCommands[0];
    assert.equal(programQuery(cmd, { moduleDirInContext: '.' }).dir, undefined);
    assert.ok(reads <= MAX_COPIES_SCANNED + 2 * Math.ceil(Math.log2(copies.length + 1)), `${reads} COPYs read for one lookup`);
    reads = 0;
    buildInputs(model);
    assert.ok(reads <= MAX_COPIES_SCANNED + 2 * Math.ceil(Math.log2(copies.length + 1)) + copies.length, `${reads} COPYs read by buildInputs`);
  });
});
