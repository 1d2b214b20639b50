import { replaceSpan } from '../fixer.ts';
import { assignmentsOf } from '../model/index.ts';
import type { Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';

/** Environment variables the go command (and cgo) read, that a Dockerfile may set. */
const GO_VARIABLES = [
  'GO111MODULE', 'GOARCH', 'GOAUTH', 'GOBIN', 'GOCACHE', 'GOCACHEPROG', 'GOCOVERDIR', 'GODEBUG', 'GOEXPERIMENT', 'GOFIPS140',
  'GOFLAGS', 'GOINSECURE', 'GOMODCACHE', 'GONOPROXY', 'GONOSUMDB', 'GOOS', 'GOPATH', 'GOPRIVATE', 'GOPROXY', 'GOROOT', 'GOSUMDB',
  'GOTELEMETRY', 'GOTELEMETRYDIR', 'GOTMPDIR', 'GOTOOLCHAIN', 'GOVCS', 'GOWORK', 'GCCGO',
  'GO386', 'GOAMD64', 'GOARM', 'GOARM64', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GORISCV64', 'GOWASM',
  'CGO_ENABLED', 'CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_FFLAGS', 'CGO_LDFLAGS',
  'CGO_CFLAGS_ALLOW', 'CGO_CFLAGS_DISALLOW', 'CGO_CPPFLAGS_ALLOW', 'CGO_CPPFLAGS_DISALLOW', 'CGO_CXXFLAGS_ALLOW',
  'CGO_CXXFLAGS_DISALLOW', 'CGO_FFLAGS_ALLOW', 'CGO_FFLAGS_DISALLOW', 'CGO_LDFLAGS_ALLOW', 'CGO_LDFLAGS_DISALLOW',
  'GOGC', 'GOMAXPROCS', 'GOMEMLIMIT', 'GOTRACEBACK', 'GORACE',
];
const KNOWN = new Set(GO_VARIABLES);
/**
 * Names that are not Go's but are common on purpose: read-only `go env` values and the `GO_ENV`
 * convention of web frameworks. A near miss of these is never reported.
 */
const NOT_SETTABLE = new Set(['GOVERSION', 'GOHOSTOS', 'GOHOSTARCH', 'GOEXE', 'GOMOD', 'GOTOOLDIR', 'GOGCCFLAGS', 'GOENV', 'GOLANG_VERSION']);
/** Short names are too easy to hit by accident (GOSS, GOPS are other tools): only exact case slips count. */
const MIN_FUZZY_LENGTH = 5;

/** Optimal-string-alignment distance, stopping early once it exceeds 1. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const rest = (x: string, y: string) => x === y;
  return (
    rest(a.slice(i + 1), b.slice(i + 1)) || // substitution
    rest(a.slice(i + 1), b.slice(i)) || // deletion from a
    rest(a.slice(i), b.slice(i + 1)) || // insertion into a
    (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a.slice(i + 2), b.slice(i + 2))) // transposition
  );
}

/** The Go variable `name` is a near miss of, when exactly one fits. */
export function nearMiss(name: string): string | undefined {
  if (KNOWN.has(name) || NOT_SETTABLE.has(name) || !/^c?go/i.test(name)) return undefined;
  const upper = name.toUpperCase();
  if (KNOWN.has(upper)) return upper; // cgo_enabled: names are case-sensitive
  if (NOT_SETTABLE.has(upper)) return undefined;
  const matches = GO_VARIABLES.filter((v) => v.length >= MIN_FUZZY_LENGTH && withinOneEdit(upper, v));
  // A truncated or extended name (GOARC, GOFLAG, CGO_ENABLES) is the likeliest slip: GOARC is
  // GOARCH, not GOARM.
  const truncations = matches.filter((v) => v.startsWith(upper) || upper.startsWith(v));
  const best = truncations.length > 0 ? truncations : matches;
  if (best.length !== 1) return undefined;
  const match = best[0];
  // GO_LDFLAGS, GO_CFLAGS…: a project's own variable for Go flags, not a slip of CGO_LDFLAGS.
  if (match.startsWith('CGO_') && upper === match.slice(1)) return undefined;
  return match;
}

/** Whether `$name` or `${name…}` appears anywhere: the variable is then used on purpose. */
function isReferenced(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const after = text[i + name.length] ?? '';
    if (/[A-Za-z0-9_]/.test(after)) continue;
    if (text[i - 1] === '$' || (text[i - 1] === '{' && text[i - 2] === '$')) return true;
  }
  return false;
}

/**
 * A near miss of a Go variable (`CGO_ENABLE=0`, `GOARC`, `GOFLAG`, `GO111MODULES`) is accepted
 * silently by the shell and by Docker, and the go command never sees the setting.
 */
export default defineRule({
  meta: {
    id: 'go-env-typo',
    description: 'A near miss of a Go environment variable (CGO_ENABLE, GOARC, GOFLAG…): the setting silently does nothing.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      typo: '`{{name}}` is not a variable Go reads; did you mean `{{suggestion}}`? As written, the setting silently does nothing.',
    },
  },
  check({ model, report }) {
    const text = model.text;
    // A stage's ENV reaches the stages built on it. Which of them run go commands, and which run
    // a make target or script (that could read any variable, so the stage is left alone)?
    const runsGo = new Set<Stage>();
    const opaque = new Set<Stage>();
    for (const stage of [...model.stages].reverse()) {
      if (stage.runs.some((r) => r.goCommands.length > 0)) runsGo.add(stage);
      if (stage.runs.some((r) => r.opaqueBuild)) opaque.add(stage);
      if (stage.baseStage && runsGo.has(stage)) runsGo.add(stage.baseStage);
      if (stage.baseStage && opaque.has(stage)) opaque.add(stage.baseStage);
    }
    const fixFor = (start: number, end: number, suggestion: string) => ({ title: `Rename to ${suggestion}`, edits: [replaceSpan(model.index, start, end, suggestion)] });
    const check = (name: string, start: number, end: number) => {
      const suggestion = nearMiss(name);
      if (!suggestion || isReferenced(text, name) || model.text.slice(start, end) !== name) return;
      report({ messageId: 'typo', data: { name, suggestion }, start, end, fix: fixFor(start, end, suggestion) });
    };
    for (const stage of model.stages) {
      if (opaque.has(stage)) continue;
      const stageRunsGo = runsGo.has(stage);
      for (const instr of stage.instructions) {
        if ((instr.keyword === 'ENV' || instr.keyword === 'ARG') && stageRunsGo) {
          for (const a of assignmentsOf(instr)) check(a.name, a.nameStart, a.nameEnd);
        }
        const run = instr.run;
        if (run && run.goCommands.length > 0) {
          for (const a of run.assignments) check(a.name, a.nameStart, a.nameStart + a.name.length);
        }
      }
    }
  },
});
