import { isDebugBuild, shippedGoBuilds } from '../final-image.ts';
import { splitQuoted } from '../model/index.ts';
import type { DockerfileModel, GoCommand } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import type { FixProposal, TextEdit } from '../types.ts';
import { goCommandSpan } from './rule-helpers.ts';
import { goflagsOf, goflagsValue, insertFlagEdit, lastFlag, prependToValueEdit, valueFields } from './rule-go-flags.ts';

/** `-s` (and `-s=true`): no symbol table; since Go 1.22 it also implies `-w` (no DWARF). */
const STRIP = /^--?s(=(true|1|t|T|TRUE|True))?$/;
const NO_DWARF = /^--?w(=(true|1|t|T|TRUE|True))?$/;

/**
 * A release binary carries its symbol table and DWARF debug data unless linked with `-s -w`:
 * typically a quarter to a third of its size, shipped and pulled for nothing.
 */
export default defineRule({
  meta: {
    id: 'strip-symbols',
    description: 'A shipped Go binary is built without -ldflags="-s -w" (symbol table and debug data).',
    defaultSeverity: 'info',
    fixable: true,
    messages: {
      notStripped:
        'The shipped binary keeps its symbol table and DWARF debug data, often a quarter of its size. Link with -ldflags="-s -w" (panics still print stack traces).',
      onlyDwarfStripped: 'The shipped binary keeps its symbol table: -ldflags has -w but not -s. Add -s to drop it.',
    },
  },
  check({ model, goFacts, report }) {
    const seen = new Set<GoCommand>();
    for (const { cmd } of shippedGoBuilds(model, goFacts)) {
      if (seen.has(cmd) || isDebugBuild(cmd)) continue;
      seen.add(cmd);
      const ldflags = effectiveLdflags(cmd);
      if (ldflags === 'unknown') continue;
      const { strip, noDwarf: hasW } = strippingOf(ldflags.fields);
      if (strip) continue;
      const missing = hasW ? ['-s'] : ['-s', '-w'];
      const fix = stripFix(model, cmd, ldflags, missing);
      report({ messageId: hasW ? 'onlyDwarfStripped' : 'notStripped', ...goCommandSpan(cmd), ...(fix ? { fix } : {}) });
    }
  },
});

const stripping = new WeakMap<readonly string[], { strip: boolean; noDwarf: boolean }>();

/** Whether the fields strip the symbol table (-s) and DWARF (-w); read once per list (a GOFLAGS one is shared by every build). */
function strippingOf(fields: readonly string[]): { strip: boolean; noDwarf: boolean } {
  let found = stripping.get(fields);
  if (!found) stripping.set(fields, (found = { strip: fields.some((f) => STRIP.test(f)), noDwarf: fields.some((f) => NO_DWARF.test(f)) }));
  return found;
}

interface Ldflags {
  fields: readonly string[];
  /** Where the value Go uses comes from. */
  source: 'command' | 'goflags' | 'none';
  /** The GOFLAGS value of -ldflags, when that is the source. */
  goflagsValue?: string;
}

/** The -ldflags Go applies: the command line's last one, else GOFLAGS'; 'unknown' when a build argument decides. */
function effectiveLdflags(cmd: GoCommand): Ldflags | 'unknown' {
  const onCommand = lastFlag(cmd, 'ldflags');
  if (onCommand) {
    if (typeof onCommand.value !== 'string') return { fields: [], source: 'command' };
    const fields = valueFields(cmd, onCommand.value);
    return fields === undefined ? 'unknown' : { fields, source: 'command' };
  }
  const goflags = goflagsOf(cmd);
  if (goflags === 'unknown') return 'unknown';
  const fromGoflags = goflags === undefined ? undefined : goflagsValue(goflags, 'ldflags');
  if (typeof fromGoflags === 'string') {
    const fields = valueFields(cmd, fromGoflags);
    return fields === undefined ? 'unknown' : { fields, source: 'goflags', goflagsValue: fromGoflags };
  }
  return { fields: [], source: 'none' };
}

function stripFix(model: DockerfileModel, cmd: GoCommand, ldflags: Ldflags, missing: string[]): FixProposal | undefined {
  const title = `Add ${missing.join(' ')} to -ldflags`;
  let edit: TextEdit | undefined;
  if (ldflags.source === 'command') {
    edit = prependToValueEdit(model, cmd, lastFlag(cmd, 'ldflags')!, missing);
  } else if (ldflags.source === 'goflags') {
    // A command-line -ldflags replaces GOFLAGS' one: carry its fields over so -X settings survive.
    edit = insertFlagEdit(model, cmd, 'ldflags', [...missing, ...splitQuoted(ldflags.goflagsValue ?? '').filter((f) => !NO_DWARF.test(f))].join(' '));
  } else {
    edit = insertFlagEdit(model, cmd, 'ldflags', missing.join(' '));
  }
  return edit ? { title, edits: [edit] } : undefined;
}
