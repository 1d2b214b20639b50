// An immutable string-keyed map (a hash array mapped trie): `set` returns a new map that shares
// all but O(log32 n) nodes with the old one, and `get` visits at most seven levels. The model keeps
// a snapshot of the variables for every RUN; with this, neither taking snapshots nor looking a
// variable up depends on how many variables a file sets.

type Node<V> = Leaf<V> | Branch<V> | Collision<V>;

interface Leaf<V> {
  kind: 'leaf';
  hash: number;
  key: string;
  value: V;
}

interface Branch<V> {
  kind: 'branch';
  /** Bit i set: a child for hash fragment i, at index popcount(bitmap below bit i). */
  bitmap: number;
  children: Array<Node<V>>;
}

/** Keys whose 32-bit hashes are equal. */
interface Collision<V> {
  kind: 'collision';
  hash: number;
  entries: Array<[string, V]>;
}

const BITS = 5;
const MASK = (1 << BITS) - 1;

// Lookups ask a few names (CGO_ENABLED, GOOS, GOFLAGS…) over and over, each of them through
// several maps: their hashes are kept, up to a bound, instead of computed per lookup.
const knownHashes = new Map<string, number>();
const MAX_KNOWN_HASHES = 4096;

function hashOf(key: string): number {
  let h = knownHashes.get(key);
  if (h === undefined) {
    h = fnv1a(key);
    if (knownHashes.size < MAX_KNOWN_HASHES) knownHashes.set(key, h);
  }
  return h;
}

/** FNV-1a over UTF-16 code units. */
function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function fragment(hash: number, shift: number): number {
  return (hash >>> shift) & MASK;
}

function getIn<V>(node: Node<V> | undefined, hash: number, key: string): V | undefined {
  for (let shift = 0; node; shift += BITS) {
    if (node.kind === 'leaf') return node.hash === hash && node.key === key ? node.value : undefined;
    if (node.kind === 'collision') {
      if (node.hash !== hash) return undefined;
      for (const [k, v] of node.entries) if (k === key) return v;
      return undefined;
    }
    const bit = 1 << fragment(hash, shift);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
  }
  return undefined;
}

/** A branch (or nested branches) holding two nodes whose hashes differ. */
function pair<V>(a: Leaf<V> | Collision<V>, b: Leaf<V>, shift: number): Branch<V> {
  const fa = fragment(a.hash, shift);
  const fb = fragment(b.hash, shift);
  if (fa === fb) return { kind: 'branch', bitmap: 1 << fa, children: [pair(a, b, shift + BITS)] };
  return { kind: 'branch', bitmap: (1 << fa) | (1 << fb), children: fa < fb ? [a, b] : [b, a] };
}

function setIn<V>(node: Node<V> | undefined, leaf: Leaf<V>, shift: number): Node<V> {
  if (!node) return leaf;
  if (node.kind === 'leaf') {
    if (node.key === leaf.key) return leaf;
    if (node.hash === leaf.hash) return { kind: 'collision', hash: leaf.hash, entries: [[node.key, node.value], [leaf.key, leaf.value]] };
    return pair(node, leaf, shift);
  }
  if (node.kind === 'collision') {
    if (node.hash !== leaf.hash) return pair(node, leaf, shift);
    const entries = node.entries.filter(([k]) => k !== leaf.key);
    entries.push([leaf.key, leaf.value]);
    return { kind: 'collision', hash: node.hash, entries };
  }
  const bit = 1 << fragment(leaf.hash, shift);
  const index = popcount(node.bitmap & (bit - 1));
  const children = node.children.slice();
  if ((node.bitmap & bit) === 0) {
    children.splice(index, 0, leaf);
    return { kind: 'branch', bitmap: node.bitmap | bit, children };
  }
  children[index] = setIn(children[index], leaf, shift + BITS);
  return { kind: 'branch', bitmap: node.bitmap, children };
}

export class PersistentMap<V> {
  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(undefined);
  }

  private constructor(private readonly root: Node<V> | undefined) {}

  get(key: string): V | undefined {
    return getIn(this.root, hashOf(key), key);
  }

  set(key: string, value: V): PersistentMap<V> {
    return new PersistentMap(setIn(this.root, { kind: 'leaf', hash: hashOf(key), key, value }, 0));
  }
}
