// A reader for the part of GNU make a Dockerfile build leans on: variables (=, :=, ::=, ?=, +=, !=,
// export, override, define), explicit rules with their recipes, prerequisites one level deep,
// the default goal. It never runs anything. What it does not model (functions such as $(shell …)
// or $(wildcard …), conditionals, includes, pattern rules, recursive make) either becomes an
// unknown value the engine treats like an ARG without default, or makes the recipe incomplete.

import type { Recipe } from '../engine/types.ts';

/** A value the reader cannot know: the shell reader sees an unset variable, so rules stay quiet about it. */
export const UNRESOLVED = '${GO_DOCKERFILE_UNRESOLVED}';

interface Variable {
  value: string;
  /** 'recursive' values expand at use, 'simple' ones were expanded when assigned. */
  flavor: 'recursive' | 'simple';
  /** `VAR ?= x`: the environment wins when it has VAR. */
  conditional: boolean;
  exported: boolean;
  origin: 'makefile' | 'command line' | 'override';
  /** Assigned inside an ifeq/ifdef block: which branch ran is unknown. */
  uncertain: boolean;
}

interface Rule {
  targets: string[];
  prerequisites: string[];
  recipe: string[];
  /** Defined inside a conditional block. */
  uncertain: boolean;
  /** Target-specific variable assignments (`target: VAR = value`). */
  variables: Array<[string, string, string]>;
}

export interface Makefile {
  variables: Map<string, Variable>;
  rules: Rule[];
  /** target → rules that name it (double-colon rules and repeated targets add recipes). */
  byTarget: Map<string, Rule[]>;
  defaultGoal?: string;
  /** `include` or `-include`: variables and rules may come from elsewhere. */
  includes: boolean;
  /** `.EXPORT_ALL_VARIABLES:` exports every variable. */
  exportAll: boolean;
  /** Something changes how every recipe is read (.RECIPEPREFIX, .ONESHELL, .POSIX…). */
  unsupported?: string;
  patternRules: boolean;
  /** The expansion work left for this Makefile (assignments while parsing, then recipe reads). */
  budget: Budget;
  /** Read as a plain `make` run with an empty environment (see MakefileOptions.asWritten). */
  asWritten?: boolean;
}

export interface MakefileOptions {
  /**
   * Read the Makefile as a plain `make` run with nothing in the environment, to reuse the project's
   * build settings (the generator does): `?=` defaults apply as written, and a value the reader
   * cannot know (`VERSION := $(shell git describe)`) stands as a reference to its own variable,
   * `${VERSION}`, instead of an unknown. The rules never read a Makefile this way: for them the
   * RUN's environment decides, and what cannot be known stays unknown.
   */
  asWritten?: boolean;
}

/** Limits: a Makefile is a small file, but a hostile one must not cost more than linear work. */
const MAX_EXPANSION_DEPTH = 16;
const MAX_EXPANDED_LENGTH = 64 * 1024;
/** Characters all the expansions of one Makefile read may produce together; past it, values are unknown. */
const EXPANSION_BUDGET = 1024 * 1024;

/** Work left for the expansions of one parse or recipe read, shared by every expandText call in it. */
interface Budget {
  left: number;
}

function splitWords(text: string): string[] {
  return text.split(/[ \t]+/).filter(Boolean);
}

/** Logical lines: backslash-newline joins lines (kept for recipes, a space elsewhere). */
function logicalLines(text: string): Array<{ text: string; recipe: boolean }> {
  const physical = text.replace(/^\uFEFF/, '').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const out: Array<{ text: string; recipe: boolean }> = [];
  for (let i = 0; i < physical.length; i++) {
    const recipe = physical[i].startsWith('\t');
    // Parts joined once at the end: a file of continuations stays linear.
    const parts = [recipe ? physical[i].slice(1) : physical[i]];
    const continues = (part: string): boolean => part.endsWith('\\') && !part.endsWith('\\\\');
    while (continues(parts[parts.length - 1]) && i + 1 < physical.length) {
      i++;
      const next = physical[i];
      if (recipe) parts.push(next.startsWith('\t') ? next.slice(1) : next);
      else {
        parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1).trimEnd();
        parts.push(next.trimStart());
      }
    }
    out.push({ text: parts.join(recipe ? '\n' : ' '), recipe });
  }
  return out;
}

/** Drops a `#` comment that is not escaped (make lines; recipes go to the shell as they are). */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '#') return line.slice(0, i);
  }
  return line;
}

/** The operator of an assignment line and where it is, or undefined for a rule or directive. */
function findAssignment(line: string): { name: string; op: string; value: string } | undefined {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      depth++;
      i++;
      continue;
    }
    if (depth > 0) {
      if (ch === ')' || ch === '}') depth--;
      continue;
    }
    if (ch === '=') {
      const prev = line[i - 1];
      let start = i;
      let op = '=';
      if (prev === '?' || prev === '+' || prev === '!') {
        op = prev + '=';
        start = i - 1;
      } else if (prev === ':') {
        op = line[i - 2] === ':' ? (line[i - 3] === ':' ? ':::=' : '::=') : ':=';
        start = i - op.length + 1;
      }
      return { name: line.slice(0, start).trim(), op, value: line.slice(i + 1).replace(/^[ \t]+/, '') };
    }
    if (ch === ':' && line[i + 1] !== '=' && !(line[i + 1] === ':' && line[i + 2] === '=') && !(line[i + 1] === ':' && line[i + 2] === ':' && line[i + 3] === '=')) {
      return undefined; // a rule
    }
  }
  return undefined;
}

const CONDITIONAL_START = new Set(['ifeq', 'ifneq', 'ifdef', 'ifndef']);

/** Parses a Makefile. Never throws. */
export function parseMakefile(text: string, options: MakefileOptions = {}): Makefile {
  const mk: Makefile = { variables: new Map(), rules: [], byTarget: new Map(), includes: false, exportAll: false, patternRules: false, budget: { left: EXPANSION_BUDGET } };
  if (options.asWritten) mk.asWritten = true;
  let conditionalDepth = 0;
  let current: Rule | undefined;
  let define: { name: string; lines: string[]; exported: boolean; override: boolean } | undefined;
  const lines = logicalLines(text);
  for (const { text: raw, recipe } of lines) {
    if (define) {
      if (raw.trim() === 'endef') {
        setVariable(mk, define.name, define.lines.join('\n'), 'recursive', false, define.exported, define.override ? 'override' : 'makefile', conditionalDepth > 0);
        define = undefined;
      } else define.lines.push(recipe ? `\t${raw}` : raw);
      continue;
    }
    if (recipe && current) {
      current.recipe.push(raw);
      continue;
    }
    const line = stripComment(raw).trim();
    if (line === '') continue;
    const words = splitWords(line);
    const first = words[0];
    if (CONDITIONAL_START.has(first)) {
      conditionalDepth++;
      current = undefined;
      continue;
    }
    if (first === 'else') continue;
    if (first === 'endif') {
      conditionalDepth = Math.max(0, conditionalDepth - 1);
      current = undefined;
      continue;
    }
    if (first === 'include' || first === '-include' || first === 'sinclude') {
      mk.includes = true;
      continue;
    }
    if (first === 'vpath' || first === 'unexport') continue;
    let exported = false;
    let override = false;
    let rest = line;
    for (;;) {
      const w = splitWords(rest)[0];
      if (w === 'export') exported = true;
      else if (w === 'override') override = true;
      else break;
      rest = rest.slice(rest.indexOf(w) + w.length).trim();
    }
    if (splitWords(rest)[0] === 'define') {
      const name = splitWords(rest)[1] ?? '';
      define = { name: name.replace(/[:?+!]*=$/, ''), lines: [], exported, override };
      current = undefined;
      continue;
    }
    const assignment = findAssignment(rest);
    if (assignment) {
      current = undefined;
      const name = assignment.name;
      if (name === '' || /\s/.test(name)) continue;
      if (name === '.RECIPEPREFIX' || name === '.SHELLFLAGS' || name === 'SHELL') mk.unsupported = `${name} is set`;
      if (name === '.DEFAULT_GOAL') {
        mk.defaultGoal = expandText(assignment.value, mk, {}, 0).text.trim();
        continue;
      }
      assign(mk, name, assignment.op, assignment.value, exported, override ? 'override' : 'makefile', conditionalDepth > 0);
      continue;
    }
    if ((exported || first === 'export') && !rest.includes(':')) {
      // `export VAR …`: mark existing variables exported; `export` alone exports everything.
      const names = splitWords(rest);
      if (names.length === 0) mk.exportAll = true;
      for (const n of names) {
        const v = mk.variables.get(n);
        if (v) v.exported = true;
        else mk.variables.set(n, { value: '', flavor: 'recursive', conditional: true, exported: true, origin: 'makefile', uncertain: false });
      }
      continue;
    }
    // A rule: targets : prerequisites [; recipe]
    const colon = rest.indexOf(':');
    if (colon < 0) {
      current = undefined;
      continue;
    }
    const doubleColon = rest[colon + 1] === ':';
    const targets = splitWords(rest.slice(0, colon));
    let after = rest.slice(colon + (doubleColon ? 2 : 1));
    let inlineRecipe: string | undefined;
    const semicolon = after.indexOf(';');
    if (semicolon >= 0) {
      inlineRecipe = after.slice(semicolon + 1).trim();
      after = after.slice(0, semicolon);
    }
    const rule: Rule = { targets, prerequisites: [], recipe: inlineRecipe ? [inlineRecipe] : [], uncertain: conditionalDepth > 0, variables: [] };
    const targetVar = findAssignment(after);
    if (targetVar) {
      rule.variables.push([targetVar.name.replace(/^(export|override)\s+/, ''), targetVar.op, targetVar.value]);
      for (const t of targets) attachTargetVariable(mk, t, rule);
      current = undefined;
      continue;
    }
    rule.prerequisites = splitWords(after.replace('|', ' '));
    if (targets.some((t) => t.includes('%'))) mk.patternRules = true;
    if (targets.includes('.EXPORT_ALL_VARIABLES')) mk.exportAll = true;
    if (targets.some((t) => t === '.ONESHELL' || t === '.POSIX')) mk.unsupported = `${targets.find((t) => t === '.ONESHELL' || t === '.POSIX')} is used`;
    mk.rules.push(rule);
    for (const t of targets) {
      let list = mk.byTarget.get(t);
      if (!list) mk.byTarget.set(t, (list = []));
      list.push(rule);
    }
    if (mk.defaultGoal === undefined) {
      const goal = targets.find((t) => !t.includes('%') && (!t.startsWith('.') || t.includes('/')));
      if (goal !== undefined && !conditionalDepth) mk.defaultGoal = goal;
    }
    current = rule;
  }
  return mk;
}

/** Target-specific variables live on a rule without recipe; the reader keeps them on a side rule. */
function attachTargetVariable(mk: Makefile, target: string, rule: Rule): void {
  let list = mk.byTarget.get(target);
  if (!list) mk.byTarget.set(target, (list = []));
  list.push({ ...rule, recipe: [], prerequisites: [] });
}

function setVariable(mk: Makefile, name: string, value: string, flavor: Variable['flavor'], conditional: boolean, exported: boolean, origin: Variable['origin'], uncertain: boolean): void {
  const existing = mk.variables.get(name);
  if (existing?.origin === 'override' && origin !== 'override') return;
  mk.variables.set(name, { value, flavor, conditional, exported: exported || existing?.exported === true, origin, uncertain: uncertain || existing?.uncertain === true });
}

/** A simple variable's value: expanded now; read as written, a wholly unknown value is named after the variable. */
function simpleValue(mk: Makefile, name: string, value: string): string {
  const expanded = expandText(value, mk, {}, 0);
  return mk.asWritten && shellName(name) && expanded.text.trim() === UNRESOLVED ? `\${${name}}` : expanded.text;
}

function assign(mk: Makefile, name: string, op: string, value: string, exported: boolean, origin: Variable['origin'], uncertain: boolean): void {
  const existing = mk.variables.get(name);
  switch (op) {
    case '=':
      setVariable(mk, name, value, 'recursive', false, exported, origin, uncertain);
      break;
    case ':=':
    case '::=':
      setVariable(mk, name, simpleValue(mk, name, value), 'simple', false, exported, origin, uncertain);
      break;
    case ':::=':
      setVariable(mk, name, simpleValue(mk, name, value), 'recursive', false, exported, origin, uncertain);
      break;
    case '?=':
      if (existing && !existing.conditional) {
        if (exported) existing.exported = true;
        break;
      }
      // Read as written, the environment is empty: the default is the value.
      setVariable(mk, name, value, 'recursive', !mk.asWritten, exported, origin, uncertain);
      break;
    case '+=':
      if (!existing) setVariable(mk, name, value, 'recursive', false, exported, origin, uncertain);
      else {
        const added = existing.flavor === 'simple' ? expandText(value, mk, {}, 0).text : value;
        setVariable(mk, name, existing.value === '' ? added : `${existing.value} ${added}`, existing.flavor, existing.conditional, exported, origin, uncertain);
      }
      break;
    case '!=':
      setVariable(mk, name, mk.asWritten && shellName(name) ? `\${${name}}` : UNRESOLVED, 'simple', false, exported, origin, uncertain);
      break;
  }
}

interface Automatic {
  target?: string;
  prerequisites?: string[];
}

interface Expansion {
  text: string;
  /** A reference could not be resolved (it became UNRESOLVED, or an environment reference after an include). */
  unresolved: boolean;
  /** The expansion ran past its limits: the text is only UNRESOLVED. */
  exhausted?: boolean;
}

/** The index of the `)`/`}` closing the reference that opens at `open`, or -1. */
function closingIndex(text: string, open: number): number {
  const opener = text[open];
  const closer = opener === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opener) depth++;
    else if (text[i] === closer && --depth === 0) return i;
  }
  return -1;
}

/** Whether a name can be handed to the shell as `${NAME}` (then the RUN's environment decides it, as it does for make). */
function shellName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Expands make references in `text`. Linear in the output, which is capped. */
export function expandText(text: string, mk: Makefile, auto: Automatic, depth: number, commandLine: Record<string, string> = {}, budget: Budget = mk.budget): Expansion {
  let unresolved = false;
  let exhausted = false;
  const parts: string[] = [];
  let length = 0;
  const push = (s: string): void => {
    length += s.length;
    budget.left -= s.length;
    if (length > MAX_EXPANDED_LENGTH || budget.left < 0) {
      exhausted = true;
      return;
    }
    parts.push(s);
  };
  const lookup = (name: string): string => {
    if (Object.prototype.hasOwnProperty.call(commandLine, name) && mk.variables.get(name)?.origin !== 'override') return commandLine[name];
    const v = mk.variables.get(name);
    if (name === 'MAKE') return v ? resolveValue(v, name) : 'make';
    if (name === '@') return auto.target ?? mark();
    if (name === '<') return auto.prerequisites?.[0] ?? '';
    if (name === '^' || name === '+') return [...new Set(auto.prerequisites ?? [])].join(' ');
    if (name === '@D' || name === '@F') {
      if (auto.target === undefined) return mark();
      const slash = auto.target.lastIndexOf('/');
      return name === '@D' ? (slash < 0 ? '.' : auto.target.slice(0, slash)) : auto.target.slice(slash + 1);
    }
    if (!v) {
      // Undefined in the Makefile: make takes it from the environment, and so will the shell reader.
      if (mk.includes || !shellName(name)) return mark();
      return `\${${name}}`;
    }
    return resolveValue(v, name);
  };
  const resolveValue = (v: Variable, name: string): string => {
    // Read as written, a value that cannot be known is named after its variable: `${VERSION}`.
    const named = mk.asWritten === true && shellName(name);
    if (v.uncertain) return named ? `\${${name}}` : mark();
    if (v.conditional && shellName(name)) {
      // `VAR ?= default`: the environment wins when it has VAR.
      let value = v.value;
      if (v.flavor !== 'simple') {
        const inner: Expansion = depth >= MAX_EXPANSION_DEPTH || budget.left < 0 ? { text: UNRESOLVED, unresolved: true, exhausted: true } : expandText(v.value, mk, auto, depth + 1, commandLine, budget);
        unresolved ||= inner.unresolved;
        exhausted ||= inner.exhausted === true;
        value = inner.text;
      }
      return value.includes('}') ? mark() : `\${${name}-${value}}`;
    }
    if (v.flavor === 'simple') return v.value;
    if (depth >= MAX_EXPANSION_DEPTH || budget.left < 0) return mark();
    const inner = expandText(v.value, mk, auto, depth + 1, commandLine, budget);
    if (named && inner.text.trim() === UNRESOLVED) return `\${${name}}`;
    unresolved ||= inner.unresolved;
    exhausted ||= inner.exhausted === true;
    return inner.text;
  };
  const mark = (): string => {
    unresolved = true;
    return UNRESOLVED;
  };
  let i = 0;
  while (i < text.length && length <= MAX_EXPANDED_LENGTH && budget.left >= 0) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      push(text.slice(i));
      break;
    }
    push(text.slice(i, dollar));
    const next = text[dollar + 1];
    if (next === undefined) {
      push('$');
      break;
    }
    if (next === '$') {
      push('$');
      i = dollar + 2;
      continue;
    }
    if (next === '(' || next === '{') {
      const close = closingIndex(text, dollar + 1);
      if (close < 0) {
        push(mark());
        break;
      }
      const body = text.slice(dollar + 2, close);
      i = close + 1;
      // A function call (`$(shell …)`, `$(wildcard …)`) or a substitution reference: not modelled.
      if (/[\s,:]/.test(body) || body.includes('$')) {
        // `$($(VAR))`-style computed names and functions alike.
        push(mark());
        continue;
      }
      push(lookup(body));
      continue;
    }
    push(lookup(next));
    i = dollar + 2;
  }
  // Past the limits, nothing of the text can be trusted: an unknown value.
  if (exhausted) return { text: UNRESOLVED, unresolved: true, exhausted: true };
  return { text: parts.join(''), unresolved };
}

/** Strips make's recipe-line prefixes: @ (silent), - (ignore errors), + (always run). */
function recipeCommand(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === '@' || line[i] === '-' || line[i] === '+' || line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(i);
}

export interface RecipeRequest {
  /** '' for the default goal. */
  target: string;
  /** Command-line variables (`make build GOOS=linux`). */
  variables?: Record<string, string>;
}

/** The recipe of a target, prerequisites' recipes first (one level), make variables expanded. */
export function recipeOf(parsed: Makefile, request: RecipeRequest): Recipe {
  // Each recipe read gets its own budget, so one costly target does not starve the next.
  const mk: Makefile = { ...parsed, budget: { left: EXPANSION_BUDGET } };
  const commandLine = request.variables ?? {};
  const target = request.target === '' ? mk.defaultGoal : request.target;
  const incomplete = (): Recipe => ({ lines: [], complete: false });
  // Read as written (the generator harvests flags, it judges nothing), a changed SHELL or
  // .ONESHELL does not hide which commands the recipe holds.
  if (target === undefined || (mk.unsupported && !mk.asWritten)) return incomplete();
  const rules = mk.byTarget.get(target);
  if (!rules || rules.length === 0 || rules.some((r) => r.uncertain)) return incomplete();
  let complete = true;
  const lines: string[] = [];
  const prerequisites = rules.flatMap((r) => r.prerequisites);
  // Target-specific variables apply to the target and its prerequisites.
  const scoped = withTargetVariables(mk, rules);
  for (const prereq of prerequisites) {
    const prereqRules = scoped.byTarget.get(prereq);
    if (!prereqRules || prereqRules.length === 0) {
      // A file, unless a pattern rule may build it.
      if (scoped.patternRules || mk.includes) complete = false;
      continue;
    }
    if (prereqRules.some((r) => r.uncertain)) complete = false;
    // Deeper prerequisites with recipes are beyond one level.
    for (const deeper of prereqRules.flatMap((r) => r.prerequisites)) {
      if ((scoped.byTarget.get(deeper) ?? []).some((r) => r.recipe.length > 0) || ((scoped.patternRules || mk.includes) && !scoped.byTarget.has(deeper))) complete = false;
    }
    for (const r of prereqRules) {
      for (const line of r.recipe) {
        const expanded = expandText(recipeCommand(line), withTargetVariables(scoped, prereqRules), { target: prereq, prerequisites: r.prerequisites }, 0, commandLine);
        if (expanded.exhausted) complete = false;
        if (expanded.text.trim() !== '') lines.push(recipeCommand(expanded.text));
      }
    }
  }
  for (const r of rules) {
    for (const line of r.recipe) {
      const expanded = expandText(recipeCommand(line), scoped, { target, prerequisites }, 0, commandLine);
      if (expanded.exhausted) complete = false;
      if (expanded.text.trim() !== '') lines.push(recipeCommand(expanded.text));
    }
  }
  const recipe: Recipe = { lines, complete };
  const environment = recipeEnvironment(scoped, commandLine);
  if (environment.length > 0) recipe.environment = environment;
  return recipe;
}

/** The Makefile with a target's specific variables applied on top. */
function withTargetVariables(mk: Makefile, rules: Rule[]): Makefile {
  const specific = rules.flatMap((r) => r.variables);
  if (specific.length === 0) return mk;
  const copy: Makefile = { ...mk, variables: new Map([...mk.variables].map(([k, v]) => [k, { ...v }])) };
  for (const [name, op, value] of specific) assign(copy, name, op, value, false, 'makefile', false);
  return copy;
}

/** What make puts in the recipe lines' environment (see Recipe.environment). */
function recipeEnvironment(mk: Makefile, commandLine: Record<string, string>): NonNullable<Recipe['environment']> {
  const out: NonNullable<Recipe['environment']> = [];
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(commandLine)) {
    if (!shellName(name) || mk.variables.get(name)?.origin === 'override') continue;
    seen.add(name);
    out.push({ name, value, when: 'always' });
  }
  for (const [name, v] of mk.variables) {
    if (seen.has(name) || !shellName(name) || name === 'MAKE' || name === 'SHELL') continue;
    // A `?=` default never replaces the environment's value, and is only exported when asked to.
    if (v.conditional && !v.exported && !mk.exportAll) continue;
    const expanded = v.uncertain ? { text: UNRESOLVED, unresolved: true } : v.flavor === 'simple' ? { text: v.value, unresolved: v.value.includes(UNRESOLVED) } : expandText(v.value, mk, {}, 0, commandLine);
    const value = expanded.unresolved || expanded.text.includes('${') ? undefined : expanded.text;
    if (v.exported || mk.exportAll) out.push(value === undefined ? { name, when: 'always' } : { name, value, when: 'always' });
    else if (!v.conditional) out.push(value === undefined ? { name, when: 'if-set' } : { name, value, when: 'if-set' });
  }
  return out;
}
