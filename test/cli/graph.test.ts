// `go-dockerfile graph`: Mermaid, DOT and JSON compared with golden files (UPDATE_GOLDEN=1 rewrites
// them), the label escaping of each syntax, and the command's errors.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import type { BuildGraph } from '../../server/src/engine/build-graph.ts';
import { buildGraph } from '../../server/src/engine/build-graph.ts';
import { dotString, formatDot, formatMermaid, mermaidText } from '../../server/src/cli/format-graph.ts';
import { assertGolden, ensureBuilt, FIXTURES, makeTempDir, removeDir, runCli, writeTree } from './helpers.ts';

before(ensureBuilt);

const GRAPH_FIXTURE = path.join(FIXTURES, 'graph');

describe('graph: golden output', () => {
  test('mermaid (the default format)', () => {
    const result = runCli(['graph', 'graph/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assertGolden('graph.mermaid', result.stdout);
  });

  test('mermaid for --target test', () => {
    const result = runCli(['graph', '--target', 'test', 'graph/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assertGolden('graph-target-test.mermaid', result.stdout);
  });

  test('dot', () => {
    const result = runCli(['graph', '-f', 'dot', 'graph/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assertGolden('graph.dot', result.stdout);
  });

  test('json', () => {
    const result = runCli(['graph', '--format', 'json', 'graph/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assertGolden('graph.json', result.stdout);
  });

  test('the JSON is the engine graph with the lint findings attached, version 1', () => {
    const graph = JSON.parse(runCli(['graph', '-f', 'json'], { cwd: GRAPH_FIXTURE }).stdout) as BuildGraph;
    assert.equal(graph.version, 1);
    assert.deepEqual(graph.nodes.map((n) => n.label), ['build', 'test', 'compress', 'release']);
    const build = graph.nodes[0];
    assert.ok(build.kind === 'stage');
    assert.deepEqual(build.findings.map((f) => [f.ruleId, f.line, f.column]), [['cgo-not-disabled', 11, 5]]);
    assert.deepEqual(graph.finalImage?.binaries.map((b) => [b.path, b.via]), [['/app', ['stage-0', 'stage-2', 'stage-3']]]);
    assert.equal(graph.finalImage?.caCertificates.status, 'copied');
  });

  test('a rule turned off in .go-dockerfile.json leaves its finding out of the graph', () => {
    const dir = makeTempDir();
    try {
      fs.cpSync(GRAPH_FIXTURE, dir, { recursive: true });
      writeTree(dir, { '.go-dockerfile.json': '{"rules": {"cgo-not-disabled": "off"}}', '.git/HEAD': 'ref: refs/heads/main\n' });
      const graph = JSON.parse(runCli(['graph', '-f', 'json'], { cwd: dir }).stdout) as BuildGraph;
      assert.deepEqual(graph.nodes.flatMap((n) => (n.kind === 'stage' ? n.findings : [])), []);
    } finally {
      removeDir(dir);
    }
  });
});

describe('graph: escaping', () => {
  test('mermaid labels cannot end their quotes or become markup', () => {
    assert.equal(mermaidText('say "hi" & <b>#1</b> `x`'), 'say #quot;hi#quot; #amp; #lt;b#gt;#35;1#lt;/b#gt; #96;x#96;');
    assert.equal(mermaidText('a\nb'), 'a<br/>b');
    assert.equal(mermaidText('tab\there'), 'tab here');
    // An entity-looking text is escaped too, so it shows as written.
    assert.equal(mermaidText('#quot;'), '#35;quot;');
  });

  test('dot strings escape backslashes and quotes, so \\N and friends stay literal', () => {
    assert.equal(dotString('C:\\path "q" \\N'), '"C:\\\\path \\"q\\" \\\\N"');
    assert.equal(dotString('a\nb\r'), '"a\\nb "');
  });

  test('hostile stage names and paths give well-formed output', () => {
    const text = ['FROM golang AS build', 'RUN go build -o \'/out/"a b"|c\' .', 'FROM scratch', 'COPY --from=build ["/out/\\"a b\\"|c", "/x\\"]|y"]', ''].join('\n');
    const graph = buildGraph(text);
    const mermaid = formatMermaid(graph);
    // Every label is one quoted string: the quotes left are the delimiters (two per label).
    for (const line of mermaid.split('\n').filter((l) => l.includes('"'))) assert.equal(line.split('"').length - 1, 2, line);
    const dot = formatDot(graph);
    for (const line of dot.split('\n').filter((l) => l.includes('label='))) {
      const unescaped = line.replace(/\\\\/g, '').replace(/\\"/g, '');
      assert.equal((unescaped.match(/"/g) ?? []).length % 2, 0, line);
    }
  });
});

describe('graph: usage and errors', () => {
  test('--help', () => {
    const result = runCli(['graph', '--help'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: go-dockerfile graph/);
    assert.match(result.stdout, /--format <name> +mermaid \(default\), dot or json/);
    assert.match(runCli(['--help'], { cwd: FIXTURES }).stdout, /graph \[file\]/);
  });

  test('an unknown --target names the stages there are', () => {
    const result = runCli(['graph', '--target', 'prod', 'graph/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, "go-dockerfile: graph: graph/Dockerfile has no stage named 'prod'; named stages: build, test, compress, release\n");
  });

  test('a bad format, two files, no Dockerfile, no FROM', () => {
    assert.match(runCli(['graph', '-f', 'svg'], { cwd: GRAPH_FIXTURE }).stderr, /--format must be one of mermaid, dot, json \(got 'svg'\)/);
    assert.match(runCli(['graph', 'a', 'b'], { cwd: GRAPH_FIXTURE }).stderr, /expected one Dockerfile, got 2/);
    const dir = makeTempDir();
    try {
      const missing = runCli(['graph'], { cwd: dir });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /Dockerfile: no such file or directory/);
      writeTree(dir, { Dockerfile: '# nothing yet\nARG X=1\n', 'a/Dockerfile': 'FROM scratch\n', 'a/b.Dockerfile': 'FROM scratch\n' });
      const empty = runCli(['graph'], { cwd: dir });
      assert.equal(empty.status, 2);
      assert.match(empty.stderr, /no FROM instruction/);
      const several = runCli(['graph', 'a'], { cwd: dir });
      assert.equal(several.status, 2);
      assert.match(several.stderr, /holds several Dockerfiles \(a\/Dockerfile, a\/b\.Dockerfile\); name one/);
    } finally {
      removeDir(dir);
    }
  });
});
