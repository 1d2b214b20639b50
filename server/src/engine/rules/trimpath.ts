import { isDebugBuild, shippedGoBuilds } from '../final-image.ts';
import type { GoCommand } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { goCommandSpan } from './rule-helpers.ts';
import { goflagsOf, insertFlagEdit } from './rule-go-flags.ts';

/**
 * Without -trimpath, a binary records the builder's absolute paths (/src/…, /go/pkg/mod/…) in its
 * file table: stack traces show build-machine paths and the same sources built in two folders give
 * two different binaries.
 */
export default defineRule({
  meta: {
    id: 'trimpath',
    description: 'A shipped Go binary is built without -trimpath.',
    defaultSeverity: 'hint',
    fixable: true,
    messages: {
      noTrimpath:
        'The shipped binary records the builder\'s file system paths (/src/…, /go/pkg/mod/…), so it is not reproducible across build folders. Build with -trimpath.',
    },
  },
  check({ model, goFacts, report }) {
    const seen = new Set<GoCommand>();
    for (const { cmd } of shippedGoBuilds(model, goFacts)) {
      if (seen.has(cmd) || isDebugBuild(cmd)) continue;
      seen.add(cmd);
      // -trimpath (or -trimpath=false, a deliberate choice) from the command line or GOFLAGS.
      if (cmd.flags.has('trimpath') || goflagsOf(cmd) === 'unknown') continue;
      const edit = insertFlagEdit(model, cmd, 'trimpath');
      report({ messageId: 'noTrimpath', ...goCommandSpan(cmd), ...(edit ? { fix: { title: 'Add -trimpath', edits: [edit] } } : {}) });
    }
  },
});
