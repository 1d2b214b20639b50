// The rule pages' examples are executable: every ```dockerfile block in docs/rules/<id>.md is run
// through the engine, so a page cannot claim behaviour the rule does not have.
//
// Convention for docs/rules/<id>.md:
// - Front matter between `---` lines: `id`, `severity` (the default), `fixable: yes|no`, and
//   optionally `suggestions: yes`.
// - Each ```dockerfile block is judged by the nearest heading above it (any level):
//     "Bad…"                  → at least one finding of the page's rule. A heading ending in
//                               "(error)", "(warning)", "(info)" or "(hint)" also pins the severity.
//     "Good…"                 → no finding of any rule: the recommended form is lint-clean.
//     "Quiet…", "Suppressed…" → no finding of the page's rule (other rules may speak).
//   A block under any other heading fails the test, so no example goes unchecked.
// - `<!-- go-facts: {"vendored": true} -->` on the line right above a block's fence passes those
//   Go workspace facts to `analyze` for that block. A `"program": {…}` object there stands for the
//   per-program facts of every program the block builds (fields not given are "no"/empty).
// - ```json blocks must parse and may only configure the page's own rule.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validate } from 'dockerfile-utils';
import { applyEdits, ruleById, rules } from '../../server/src/engine/index.ts';
import type { FileCreation, Finding, GoFacts, ProgramFacts } from '../../server/src/engine/index.ts';
import { programFacts } from '../fake-facts.ts';
import { analyze } from '../strict-engine.ts';

const repoRoot = path.resolve(__dirname, '..', '..');
const rulesDir = path.join(repoRoot, 'docs/rules');

type Expectation = 'bad' | 'good' | 'quiet';

interface Block {
  lang: string;
  text: string;
  heading: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  goFacts?: GoFacts;
}

interface RulePage {
  file: string;
  frontMatter: Record<string, string>;
  blocks: Block[];
}

function parsePage(file: string): RulePage {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const frontMatter: Record<string, string> = {};
  let i = 0;
  if (lines[0] === '---') {
    for (i = 1; i < lines.length && lines[i] !== '---'; i++) {
      const m = /^([\w-]+):\s*(.*)$/.exec(lines[i]);
      if (m) frontMatter[m[1]] = m[2].trim();
    }
    i++;
  }
  const blocks: Block[] = [];
  let heading = '';
  for (; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      const factsComment = /^<!--\s*go-facts:\s*(\{.*\})\s*-->$/.exec(lines[start - 1] ?? '');
      blocks.push({
        lang: fence[1],
        text: body.join('\n') + '\n',
        heading,
        line: start + 1,
        goFacts: factsComment ? factsFromJson(factsComment[1]) : undefined,
      });
      continue;
    }
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) heading = h[1].trim();
  }
  return { file, frontMatter, blocks };
}

/** Go facts from a page's JSON comment; a `program` object becomes the per-program facts function. */
function factsFromJson(json: string): GoFacts {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const { program, ...rest } = raw;
  const facts = rest as GoFacts;
  if (program && typeof program === 'object') {
    const fixed = programFacts(program as Partial<ProgramFacts>);
    facts.program = () => fixed;
  }
  return facts;
}

/** The facts once a fix's files exist: a created .dockerignore is then the one that applies. */
function factsAfterCreating(facts: GoFacts | undefined, creates: readonly FileCreation[]): GoFacts | undefined {
  const ignore = creates.find((c) => c.path.endsWith('.dockerignore'));
  if (!ignore) return facts;
  const patterns = ignore.text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return { ...facts, dockerignore: { file: ignore.path, patterns } };
}

function expectationOf(heading: string): Expectation | undefined {
  if (/^bad\b/i.test(heading)) return 'bad';
  if (/^good\b/i.test(heading)) return 'good';
  if (/^(quiet|suppressed)\b/i.test(heading)) return 'quiet';
  return undefined;
}

function pinnedSeverity(heading: string): string | undefined {
  return /\((error|warning|info|hint)\)\s*$/.exec(heading)?.[1];
}

const describeFindings = (findings: Finding[]) =>
  findings.map((f) => `${f.ruleId}/${f.severity} @${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).join('\n');

const pageFiles = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .sort();

describe('docs/rules pages', () => {
  it('exist for every registered rule, and only for registered rules', () => {
    const documented = pageFiles.map((f) => f.replace(/\.md$/, ''));
    const registered = rules.map((r) => r.meta.id).sort();
    assert.deepEqual(documented, registered);
  });

  it('are all listed in the README index with the registry’s severity and fixability', () => {
    const readme = readFileSync(path.join(rulesDir, 'README.md'), 'utf8');
    const rows = new Map<string, string[]>();
    for (const m of readme.matchAll(/^\|\s*\[([\w-]+)\]\(([\w-]+)\.md\)\s*\|(.*)\|\s*$/gm)) {
      assert.equal(m[1], m[2], `README links ${m[1]} to ${m[2]}.md`);
      rows.set(m[1], m[3].split('|').map((c) => c.trim()));
    }
    assert.deepEqual([...rows.keys()].sort(), rules.map((r) => r.meta.id).sort());
    for (const r of rules) {
      const [severity, fixable] = rows.get(r.meta.id)!;
      assert.equal(severity, r.meta.defaultSeverity, `${r.meta.id} severity`);
      assert.match(fixable, r.meta.fixable ? /^yes\b/ : /^no\b/, `${r.meta.id} fixable`);
    }
  });
});

for (const fileName of pageFiles) {
  const page = parsePage(path.join(rulesDir, fileName));
  const id = fileName.replace(/\.md$/, '');

  describe(`docs/rules/${fileName}`, () => {
    it('has front matter that matches the rule’s metadata', () => {
      const rule = ruleById(id);
      assert.ok(rule, `no registered rule ${id}`);
      assert.equal(page.frontMatter.id, id);
      assert.equal(page.frontMatter.severity, rule.meta.defaultSeverity);
      assert.equal(page.frontMatter.fixable, rule.meta.fixable ? 'yes' : 'no');
    });

    const dockerfiles = page.blocks.filter((b) => b.lang === 'dockerfile');

    it('has at least one bad and one good example', () => {
      const kinds = new Set(dockerfiles.map((b) => expectationOf(b.heading)));
      assert.ok(kinds.has('bad'), 'no "Bad" example');
      assert.ok(kinds.has('good'), 'no "Good" example');
    });

    for (const block of dockerfiles) {
      const expectation = expectationOf(block.heading);
      const title = `line ${block.line} under "${block.heading}"`;

      it(`${title}: parses without dockerfile-utils errors`, () => {
        const errors = validate(block.text).filter((d) => d.severity === 1);
        assert.deepEqual(errors.map((e) => e.message), []);
      });

      it(`${title}: ${expectation ?? 'is classified'}`, () => {
        assert.ok(expectation, 'dockerfile examples must sit under a heading starting with Bad, Good, Quiet or Suppressed');
        const findings = analyze(block.text, { goFacts: block.goFacts });
        const own = findings.filter((f) => f.ruleId === id);
        if (expectation === 'bad') {
          assert.ok(own.length > 0, `expected a ${id} finding; got:\n${describeFindings(findings) || '(none)'}`);
          const severity = pinnedSeverity(block.heading);
          if (severity) assert.ok(own.some((f) => f.severity === severity), `expected ${severity}; got:\n${describeFindings(own)}`);
        } else if (expectation === 'good') {
          assert.deepEqual(describeFindings(findings), '');
        } else {
          assert.deepEqual(describeFindings(own), '');
        }
      });
    }

    const bad = dockerfiles.filter((b) => expectationOf(b.heading) === 'bad');

    if (page.frontMatter.fixable === 'yes') {
      it('bad examples offer the preferred fix, and applying it clears that finding', () => {
        let fixed = 0;
        for (const block of bad) {
          const options = { goFacts: block.goFacts };
          for (const finding of analyze(block.text, options).filter((f) => f.ruleId === id && f.fix)) {
            const after = applyEdits(block.text, finding.fix!.edits);
            const again = analyze(after, { goFacts: factsAfterCreating(block.goFacts, finding.fix!.creates ?? []) }).filter((f) => f.ruleId === id && f.messageId === finding.messageId);
            assert.ok(again.length < analyze(block.text, options).filter((f) => f.ruleId === id && f.messageId === finding.messageId).length,
              `fix "${finding.fix!.title}" left the finding in place:\n${after}`);
            fixed++;
          }
        }
        assert.ok(fixed > 0, 'no bad example produced a finding with a fix');
      });
    } else {
      it('bad examples offer no preferred fix', () => {
        for (const block of bad) {
          const withFix = analyze(block.text, { goFacts: block.goFacts }).filter((f) => f.ruleId === id && f.fix);
          assert.deepEqual(describeFindings(withFix), '');
        }
      });
    }

    if (page.frontMatter.suggestions === 'yes') {
      it('bad examples offer suggestions', () => {
        const suggested = bad.some((b) => analyze(b.text, { goFacts: b.goFacts }).some((f) => f.ruleId === id && (f.suggestions?.length ?? 0) > 0));
        assert.ok(suggested, 'no bad example produced a suggestion');
      });
    }

    for (const block of page.blocks.filter((b) => b.lang === 'json')) {
      it(`line ${block.line}: JSON settings example parses and configures ${id} only`, () => {
        const value = JSON.parse(block.text) as Record<string, unknown>;
        const ruleMap = (value.rules ?? value['goDockerfile.rules']) as Record<string, string> | undefined;
        assert.ok(ruleMap, 'expected "rules" or "goDockerfile.rules"');
        assert.deepEqual(Object.keys(ruleMap), [id]);
      });
    }
  });
}

describe('docs example reader', () => {
  it('classifies headings', () => {
    assert.equal(expectationOf('Bad: Debian builder (error)'), 'bad');
    assert.equal(expectationOf('Good: ENV in the build stage'), 'good');
    assert.equal(expectationOf('Quiet: build behind make'), 'quiet');
    assert.equal(expectationOf('Suppressed for one instruction'), 'quiet');
    assert.equal(expectationOf('Badge'), undefined);
    assert.equal(expectationOf('Why'), undefined);
    assert.equal(pinnedSeverity('Bad: alpine builder without gcc (hint)'), 'hint');
    assert.equal(pinnedSeverity('Bad: no pin'), undefined);
  });
});
