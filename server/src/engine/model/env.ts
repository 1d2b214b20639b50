// Variables as a stage sees them: immutable scopes (ENV over ARG) and Dockerfile-style expansion.
/** A variable's value; `undefined` when it is set but cannot be known (build-arg without default, unresolvable expansion). */
export interface VarValue {
  value: string | undefined;
  origin: 'ENV' | 'ARG' | 'export' | 'inline' | 'go env -w' | 'GOFLAGS';
  /** The value as written, before expansion (`$TARGETARCH`), when the model saw where it was set. */
  raw?: string;
  /** Document offsets of the written value (inside any quotes), for fixes that rewrite it. */
  span?: { start: number; end: number };
}
/** Anything variables can be read from (an Env, or a Map in tests). */
export interface Lookup {
  get(name: string): VarValue | undefined;
}

interface VarNode {
  name: string;
  value: VarValue;
  next?: VarNode;
}

/**
 * An immutable set of variables: `set` returns a new Env sharing the old one, so every RUN can
 * keep a snapshot of its environment cheaply (copying maps per instruction was quadratic).
 * Recent assignments sit in a short list; every 32 of them are folded into a fresh base map, so
 * lookups stay fast however many variables a file sets.
 */
export class Env implements Lookup {
  static readonly empty = new Env(new Map(), undefined, 0, undefined);

  private constructor(
    private readonly base: ReadonlyMap<string, VarValue>,
    private readonly recent: VarNode | undefined,
    private readonly recentCount: number,
    private readonly under: Lookup | undefined,
  ) {}

  get(name: string): VarValue | undefined {
    for (let n = this.recent; n; n = n.next) if (n.name === name) return n.value;
    return this.base.get(name) ?? this.under?.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, value: VarValue): Env {
    // Fold once the list outgrows a fraction of the base, so copying stays linear overall.
    if (this.recentCount < 32 + (this.base.size >> 3)) return new Env(this.base, { name, value, next: this.recent }, this.recentCount + 1, this.under);
    const folded = new Map(this.base);
    const pending: VarNode[] = [];
    for (let n = this.recent; n; n = n.next) pending.push(n);
    for (const n of pending.reverse()) folded.set(n.name, n.value);
    folded.set(name, value);
    return new Env(folded, undefined, 0, this.under);
  }

  /** This Env's own variables, falling back to `below` (e.g. ENV over ARG). */
  over(below: Lookup): Env {
    const under = this.under;
    return new Env(this.base, this.recent, this.recentCount, under ? { get: (n) => under.get(n) ?? below.get(n) } : below);
  }
}

/**
 * Expands $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:+alt}. Returns undefined when a
 * referenced variable is set to an unknown value or is missing without a default (the value
 * then depends on the build invocation, and rules must not guess).
 */
export function expand(value: string, vars: Lookup): string | undefined {
  let unknown = false;
  const out = value.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced, op, word, bare) => {
    if (match === '\\$') return '$';
    const name = braced ?? bare;
    const entry = vars.get(name);
    const isSet = entry !== undefined;
    const known = entry?.value;
    if (op === ':-' || op === '-') {
      if (isSet && known === undefined) {
        unknown = true;
        return '';
      }
      if (op === ':-' ? known === undefined || known === '' : !isSet) return expand(word ?? '', vars) ?? ((unknown = true), '');
      return known ?? '';
    }
    if (op === ':+' || op === '+') {
      if (isSet && known === undefined) {
        unknown = true;
        return '';
      }
      return (op === ':+' ? known : isSet ? known ?? '' : undefined) ? word ?? '' : '';
    }
    if (!isSet || known === undefined) {
      unknown = true;
      return '';
    }
    return known;
  });
  return unknown ? undefined : out;
}
