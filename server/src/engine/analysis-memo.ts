// Answers that cannot change during one analysis (the model and the Go facts are fixed while the
// rules run), asked again by several rules: kept while the analysis runs, then let go, so a model
// kept for code actions does not carry them, and facts that change between analyses are read anew.

let tables: Map<object, WeakMap<object, unknown>> | undefined;

/** Runs `fn` (one analysis) with the memo tables on. */
export function inAnalysis<T>(fn: () => T): T {
  const outer = tables;
  tables = new Map();
  try {
    return fn();
  } finally {
    tables = outer;
  }
}

/**
 * The memo of `compute` for `key` during an analysis; outside one, `compute` is simply called.
 * `owner` names the table (the function whose answers it keeps).
 */
export function memoized<K extends object, V>(owner: object, key: K, compute: (key: K) => V): V {
  if (!tables) return compute(key);
  let table = tables.get(owner) as WeakMap<K, V> | undefined;
  if (!table) tables.set(owner, (table = new WeakMap<K, V>()));
  if (table.has(key)) return table.get(key) as V;
  const value = compute(key);
  table.set(key, value);
  return value;
}
