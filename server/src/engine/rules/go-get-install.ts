import { replaceSpan } from '../fixer.ts';
import { goVariable } from '../go-commands.ts';
import { parseGoVersion, imageProvides } from '../go-version.ts';
import type { DockerfileModel, GoCommand, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { chainOf } from './rule-chain.ts';
import type { FixProposal, GoFacts, TextEdit } from '../types.ts';
import { golangImageOf } from './rule-go-image.ts';
import { baseName } from './rule-binaries.ts';

const GO_117 = parseGoVersion('1.17')!;

/** A package path on a remote host (github.com/x/y), not a local one (., ./cmd, ../x, ./...). */
function isRemote(pkg: string): boolean {
  return !pkg.startsWith('.') && !pkg.startsWith('/') && !pkg.startsWith('-') && /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(pkg);
}

/** The command name `go install` would give the package. */
function commandName(pkg: string): string | undefined {
  return pkg
    .replace(/@.*$/, '')
    .split('/')
    .filter((p) => p && p !== '...' && !/^v\d+$/.test(p))
    .at(-1);
}

/** Whether go.mod had been brought into the stage (copied, bind-mounted or with the sources) before `cmd`. */
function moduleIsThere(stage: Stage, cmd: GoCommand): boolean {
  for (const s of chainOf(stage)) {
    for (const copy of s.copies) {
      if (copy.instr.start > cmd.run.instr.start && s === stage) continue;
      // The module, or a folder that may hold it (a module below the context: `COPY server/ .`).
      if (copy.fromContext && copy.sources.some((src) => /(^|\/)go\.(mod|\*)$/.test(src.value) || !/\.[A-Za-z0-9]+$/.test(baseName(src.value) || '.') || src.value.endsWith('/'))) return true;
      if (copy.fromStage) return true; // a module from another stage: the engine cannot tell
    }
  }
  return cmd.run.mounts.some((m) => m.type === 'bind');
}

/** Whether the stage (or a later one) uses the command `name` after this RUN: runs it, copies it, launches it. */
function usesCommandLater(model: DockerfileModel, cmd: GoCommand, name: string): boolean {
  const text = model.text;
  // After this go get's own words: later in the same RUN (`&& swag init`) or in a later instruction.
  const last = cmd.packages.at(-1) ?? '';
  const lastAt = last === '' ? -1 : text.indexOf(last, cmd.subcommandWord?.end ?? cmd.goWord.end);
  const after = lastAt >= 0 && lastAt < cmd.run.instr.end ? lastAt + last.length : cmd.run.instr.end;
  for (let i = text.indexOf(name, after); i >= 0; i = text.indexOf(name, i + 1)) {
    // As a command word (`swag init`, `["air"]`) or a path to it (`/go/bin/swag`), not inside an import path.
    const before = text.slice(Math.max(0, i - 5), i);
    const next = text[i + name.length] ?? '';
    const asWord = i === 0 || /[\s;&|("'\[]$/.test(before) || /bin\/$/.test(before);
    if (asWord && !/[A-Za-z0-9_./-]/.test(next)) return true;
  }
  return false;
}

/**
 * Since Go 1.17, `go get` no longer builds or installs commands (and outside a module, Go 1.18+
 * refuses it): `go install pkg@version` does. Old builders and GOPATH mode keep the old meaning.
 */
export default defineRule({
  meta: {
    id: 'go-get-install',
    description: '`go get` is used to install a command, which it no longer does since Go 1.17.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      getToInstall:
        '`go get {{pkg}}` no longer installs {{name}} (since Go 1.17 it only edits go.mod, and outside a module Go 1.18+ refuses it). Use `go install {{install}}`.',
    },
  },
  check({ model, goFacts, report }) {
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        for (const cmd of run.goCommands) {
          if (cmd.subcommand !== 'get' || !cmd.subcommandWord) continue;
          const era = goEra(stage, cmd, goFacts);
          if (era === 'old') continue;
          // `go get -d` only downloads; it never promised a binary.
          if (cmd.flags.has('d')) continue;
          const remote = cmd.packages.filter(isRemote);
          if (remote.length === 0 || remote.length !== cmd.packages.length) continue;
          const names = remote.map(commandName);
          const meantAsProgram = names.some((n) => n !== undefined && usesCommandLater(model, cmd, n)) || remote.some((p) => /\/cmd\//.test(p));
          // Inside a module, `go get example.com/lib` adds a dependency (before a download or a
          // build): a finding only when the package is a command. Outside a module Go 1.18+ refuses it.
          if (moduleIsThere(stage, cmd) ? !meantAsProgram : era !== 'refusesOutsideModule' && !meantAsProgram) continue;
          const pkg = remote[0];
          const install = pkg.includes('@') ? pkg : `${pkg}@latest`;
          const fix = remote.length === 1 ? installFix(model, cmd, install) : undefined;
          report({
            messageId: 'getToInstall',
            data: { pkg: remote.join(' '), name: names[0] ?? baseName(pkg), install },
            start: cmd.goWord.start,
            end: cmd.subcommandWord.end,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});

const GO_118 = parseGoVersion('1.18')!;

/**
 * Which `go get` this is: 'old' (it still installs: Go before 1.17 per the image tag, or, when the
 * tag names no version, per go.mod's go line; GOPATH mode; Go from elsewhere, which cannot be
 * told), 'modern' (1.17: installing is deprecated), or 'refusesOutsideModule' (1.18+).
 */
function goEra(stage: Stage, cmd: GoCommand, facts: GoFacts | undefined): 'old' | 'modern' | 'refusesOutsideModule' {
  const modules = goVariable(cmd, 'GO111MODULE');
  if (modules && modules.value !== 'on') return 'old';
  const image = golangImageOf(stage);
  if (!image) return 'old';
  // A versioned tag decides: Go 1.24 does not install with `go get`, whatever go.mod says.
  if (image.version) return !imageProvides(image.version, GO_117) ? 'old' : imageProvides(image.version, GO_118) ? 'refusesOutsideModule' : 'modern';
  // golang:latest, golang:alpine: an old project (go.mod before 1.17) was written when `go get` installed.
  const goLine = parseGoVersion(facts?.goVersion);
  if (goLine && !imageProvides(goLine, GO_117)) return 'old';
  return 'refusesOutsideModule';
}

/** `go get -u pkg` → `go install pkg@latest`: the subcommand, the update flags, and the version. */
function installFix(model: DockerfileModel, cmd: GoCommand, install: string): FixProposal | undefined {
  const script = model.text;
  const edits: TextEdit[] = [replaceSpan(model.index, cmd.subcommandWord!.start, cmd.subcommandWord!.end, 'install')];
  // Find the package word and the -u flags after the subcommand, in the written text.
  let i = cmd.subcommandWord!.end;
  const end = cmd.run.instr.end;
  const pkg = install.replace(/@latest$/, '');
  let pkgSpan: { start: number; end: number } | undefined;
  while (i < end) {
    while (i < end && (script[i] === ' ' || script[i] === '\t')) i++;
    let j = i;
    while (j < end && !/[\s;&|)]/.test(script[j])) j++;
    if (j === i) break;
    const word = script.slice(i, j);
    if (word === '-t' || word === '-fix' || word.startsWith('-t=')) return undefined; // get-only flags
    if (word === '-u' || word === '-u=patch' || word === '-insecure') {
      let k = j;
      while (k < end && (script[k] === ' ' || script[k] === '\t')) k++;
      edits.push(replaceSpan(model.index, i, k, ''));
    } else if (word === pkg || word === install) {
      pkgSpan = { start: i, end: j };
      break;
    } else if (!word.startsWith('-')) {
      return undefined; // quoting or an unexpected word: do not edit blind
    }
    i = j;
  }
  if (!pkgSpan) return undefined;
  if (!script.slice(pkgSpan.start, pkgSpan.end).includes('@')) edits.push(replaceSpan(model.index, pkgSpan.end, pkgSpan.end, '@latest'));
  return { title: `Use go install ${install}`, edits };
}
