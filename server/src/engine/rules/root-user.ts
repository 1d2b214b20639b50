import { insertLineAfter, insertLinesBefore, replaceSpan } from '../fixer.ts';
import { copiesInto, effectiveUser, imageFacts, isRootUser, rootImageName, runsAsContainer, shippedGoBuilds, shippedStage, startCommand, userNames } from '../final-image.ts';
import { hasGo } from '../go-commands.ts';
import type { ImageFacts } from '../final-image.ts';
import { argWords, trimTrailingSlashes } from '../model/index.ts';
import type { DockerfileModel, Instr, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import type { RuleContext } from '../rule.ts';
import { programFactsOf } from '../go-program.ts';
import { lineage } from '../stage-graph.ts';
import type { FixProposal, GoFacts } from '../types.ts';
import { rootImage } from './rule-helpers.ts';

/** Users every distroless-style image and the usual numeric stand-ins. */
const NUMERIC_FOR_NAME: Record<string, string> = { nobody: '65534', nonroot: '65532' };
/** Programs that start as root and drop privileges themselves. */
const PRIVILEGE_DROPPERS = /^(gosu|su-exec|setpriv|setuidgid|s6-setuidgid|chpst|runuser|su|sudo|chroot|capsh|docker-entrypoint\.sh|entrypoint\.sh|.*entrypoint.*|.*\.sh)$/;
/** Debug images run a debugger, which needs ptrace and usually root. */
const DEBUGGERS = /^(dlv|gdb|delve)$/;
/** A shell script as the start command may drop privileges (gosu/su-exec) where we cannot see it. */
const SHELLS = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/;

/**
 * The container's main process runs as root unless the image says otherwise. A Go server needs no
 * root; if it is compromised, root in the container is one kernel bug away from root on the host.
 */
export default defineRule({
  meta: {
    id: 'root-user',
    description: 'The shipped image runs its program as root, or names a user that does not exist in it.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      runsAsRoot: 'The image runs as root: {{image}} has no other default user and no USER is set. Add `USER {{user}}`.',
      unknownUser:
        'USER {{name}} does not exist in {{image}} (it has no /etc/passwd entry for it): the container fails to start with "unable to find user {{name}}". Use a numeric user such as {{numeric}}.',
    },
  },
  check({ model, goFacts, report }) {
    const stage = shippedStage(model);
    if (!stage || !runsAsContainer(stage) || !carriesGoProgram(model, stage, goFacts)) return;
    const facts = imageFacts(stage);
    const user = effectiveUser(model, stage);
    if (user.instr) {
      // Explicit `USER root` is hadolint's DL3002; a USER from a build argument is unknown here.
      if (user.value === undefined || isRootUser(user.value)) return;
      checkUserExists(model, stage, facts, user.instr, user.value, report);
      return;
    }
    if (facts.base.defaultUser !== 'root' || dropsPrivileges(stage)) return;
    const token = stage.imageToken ?? lineage(stage).at(-1)!.imageToken;
    if (!token) return;
    const nonrootUser = facts.base.distroless ? 'nonroot:nonroot' : '65534:65534';
    const fix = addUserFix(model, stage, nonrootUser);
    const safe = fix !== undefined && runsSafelyAsNonroot(model, stage, goFacts);
    report({
      messageId: 'runsAsRoot',
      data: { image: describeImage(stage), user: nonrootUser },
      start: token.start,
      end: token.end,
      ...(fix && safe ? { fix } : {}),
      ...(fix && !safe ? { suggestions: [fix] } : {}),
    });
  },
});

function describeImage(stage: Stage): string {
  return rootImageName(stage)?.repository === 'scratch' ? 'scratch' : rootImage(stage);
}

/**
 * The image runs a Go program: a Go build of this file ships in it, or, in a Go workspace, the
 * program it starts was copied in (a binary built outside Docker, as goreleaser does). Toolchain
 * images are development images or single-stage's finding, and are left alone.
 */
function carriesGoProgram(model: DockerfileModel, stage: Stage, goFacts: GoFacts | undefined): boolean {
  if (hasGo(stage)) return false;
  // Without a start command of its own the image runs whatever its user passes (a tool image).
  const program = launchedProgram(startCommand(stage)?.words ?? []);
  if (!program || DEBUGGERS.test(baseName(program))) return false;
  if (shippedGoBuilds(model, goFacts).some((b) => b.runtime === stage)) return true;
  if (goFacts?.moduleDir === undefined) return false;
  const name = baseName(program);
  return copiesInto(stage).some((c) => [...c.sources.map((s) => s.value), c.dest?.value ?? ''].some((p) => baseName(p) === name));
}

function baseName(path: string): string {
  const trimmed = trimTrailingSlashes(path);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The program a start command runs, past init wrappers (tini --, dumb-init). */
function launchedProgram(words: string[]): string | undefined {
  let i = 0;
  while (i < words.length && /^(tini|tini-static|dumb-init|catatonit)$/.test(baseName(words[i]))) {
    i++;
    while (i < words.length && words[i].startsWith('-')) i++;
  }
  return words[i];
}

/** The start command is a privilege-dropping wrapper or a script that may be one. */
function dropsPrivileges(stage: Stage): boolean {
  const words = startCommand(stage)?.words ?? [];
  const first = words[0] ?? '';
  const base = first.slice(first.lastIndexOf('/') + 1);
  if (SHELLS.test(first) || PRIVILEGE_DROPPERS.test(base)) return true;
  // tini/dumb-init in front: look at what they start.
  if (/^(tini|tini-static|dumb-init|catatonit)$/.test(base)) {
    const next = words.slice(1).find((w) => !w.startsWith('-')) ?? '';
    return SHELLS.test(next) || PRIVILEGE_DROPPERS.test(next.slice(next.lastIndexOf('/') + 1));
  }
  return false;
}

/**
 * Running as nonroot changes nothing for a program that only reads its files. It can break one that
 * writes into root-owned folders (a VOLUME, a WORKDIR, folders made by RUN) or binds a port below 1024 outside
 * Docker; then the fix is only offered, never applied by fix-all.
 */
function runsSafelyAsNonroot(model: DockerfileModel, stage: Stage, goFacts: GoFacts | undefined): boolean {
  const chain = lineage(stage);
  // RUN may create root-owned folders, VOLUME and WORKDIR are folders the program may write to.
  if (chain.some((s) => s.instructions.some((i) => i.keyword === 'VOLUME' || i.keyword === 'RUN' || i.keyword === 'WORKDIR'))) return false;
  const exposed = chain.flatMap((s) => s.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => argWords(i).map((w) => Number.parseInt(w.value, 10))));
  const listened = shippedGoBuilds(model, goFacts)
    .filter((b) => b.runtime === stage)
    .flatMap((b) => programFactsOf(b.cmd, goFacts)?.ports ?? []);
  const ports = [...exposed, ...listened];
  return !ports.some((p) => Number.isFinite(p) && p > 0 && p < 1024);
}

/** `USER <user>` before the stage's start-up settings (ENTRYPOINT, CMD, EXPOSE…), or at its end. */
function addUserFix(model: DockerfileModel, stage: Stage, user: string): FixProposal | undefined {
  const own = stage.instructions;
  const building = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'VOLUME', 'USER', 'ONBUILD', 'SHELL']);
  let lastBuilding = -1;
  own.forEach((instr, i) => {
    if (building.has(instr.keyword)) lastBuilding = i;
  });
  const startup = new Set(['ENTRYPOINT', 'CMD', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'LABEL']);
  const before = own.slice(lastBuilding + 1).find((i) => startup.has(i.keyword));
  const title = `Run as ${user}`;
  if (before) return { title, edits: [insertLinesBefore(model.index, before, [`USER ${user}`])] };
  const last: Instr = own.at(-1) ?? stage.from;
  return { title, edits: [insertLineAfter(model.index, last, `USER ${user}`)] };
}

/** USER <name> in an image whose /etc/passwd does not know the name (scratch has none at all). */
function checkUserExists(model: DockerfileModel, stage: Stage, facts: ImageFacts, instr: Instr, value: string, report: RuleContext['report']): void {
  if (facts.addsPasswd) return;
  const known = facts.base.users;
  const names = userNames(value);
  const missing = facts.base.passwd === false ? names : known ? names.filter((n) => !known.includes(n)) : [];
  if (missing.length === 0) return;
  const words = argWords(instr);
  if (words.length === 0) return;
  const parts = value.split(':');
  const allKnown = parts.every((p) => /^\d+$/.test(p) || NUMERIC_FOR_NAME[p] !== undefined);
  const numeric = allKnown ? parts.map((p) => NUMERIC_FOR_NAME[p] ?? p).join(':') : '65534:65534';
  const edit = replaceSpan(model.index, words[0].start, words.at(-1)!.end, numeric);
  const proposal: FixProposal = { title: `Use USER ${numeric}`, edits: [edit] };
  report({
    messageId: 'unknownUser',
    data: { name: missing[0], image: describeImage(stage), numeric },
    start: words[0].start,
    end: words.at(-1)!.end,
    // nobody/nonroot have well-known ids: the same user, numerically. Another name is a guess.
    ...(allKnown ? { fix: proposal } : { suggestions: [proposal] }),
  });
}
