// Positions of one YAML document, kept compactly — the one YAML locator, for plain files and for
// Helm-rendered manifests alike (src/parsers/helm-documents.ts maps its offsets back to templates).
//
// Where a path points (the policy, the same wherever a manifest came from, so that positions,
// waiver lines and fingerprints do not depend on it):
//   - an existing value → its value node (quotes included); { key: true } → its key;
//   - a MISSING path → the closest existing node: its KEY when it is a mapping value (a missing
//     `spec.replicas` → the `spec:` key, the line under which the field goes, where a waiver
//     comment naturally sits), otherwise (the document root, a sequence item such as a
//     container) a compact anchor inside it: its `kind` pair, else its `name` pair, else its
//     first pair. Existing collections that are not mapping values get the same anchor
//     (locate([]) → `kind: Deployment`);
//   - a path through an alias resolves the alias but locates at the alias site (`*env`); a key
//     that comes from a `<<` merge locates at that key in the merged-in map.
// YamlSpans applies the policy in offsets of the parsed text; YamlLocator turns them into the
// file's lines, a rendered document into its templates' lines.
// The `yaml` node tree costs about ten times the
// memory of the plain data (measured: 7 MB of manifests → 210 MB of nodes), and keeping it for
// every document until findings are located does not scale; parsing a file again when a finding
// needs a position would break "lint ≈ parse-only". So after the one parse, each document's tree
// is flattened into typed arrays (offsets, children, resolved alias targets) and dropped.

import { isAlias, isCollection, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { DocPath, Location, LocateOptions, PathSegment, SourceFile } from '../model/types.js';
import { packWords, stripBom, wordAt, type LineIndex } from './positions.js';
import { offsetInScalar } from './scalar-offset.js';

export const SCALAR = 0;
export const MAP = 1;
export const SEQ = 2;
const ALIAS = 3;
export const EMPTY = 4; // an empty scalar (`key:` with no value)

/**
 * The words a document is built in (by flatten() and yaml-fast.ts), as plain number arrays: node
 * i occupies NODE words at i * NODE, entry j ENTRY words at j * ENTRY. packFlat() stores them.
 */
export const NODE = 6; // kind, start, end, first entry, entry count, alias target
export const ENTRY = 4; // merge flag, key start (-1: sequence item), key end, value node (-1: none)

/**
 * How a flattened document is stored (issue 18: positions were most of a document's memory):
 * PACKED_NODE words a node (kind | count << 3, start, end, first entry: 0 unless a collection) and
 * PACKED_ENTRY an entry (key start + 1 or 0 for none, key end, value node + 1 or 0 for none), with
 * offsets relative to the document's smallest one, in a string by packWords() (positions.ts): one
 * code unit a word when every word fits 16 bits (most documents are under 64K characters), else two.
 * Merge keys are marked in entryKey and alias targets (rare) are kept aside: neither needs a
 * word on every node.
 */
export const PACKED_NODE = 4;
export const PACKED_ENTRY = 3;

/** entryKey's mark for a `<<` merge entry (never equal to a key string). */
export const MERGE: unique symbol = Symbol('<<');

/** A flattened document: made by flatten() from a node tree, or by yaml-fast.ts straight from the CST. */
export interface FlatYaml {
  words: string;
  /** Each word takes two code units of `words` (some word does not fit 16 bits). */
  wide: boolean;
  entryBase: number;
  entryKey: (string | typeof MERGE | null)[]; // scalar key as a string (null: sequence item or complex key)
  root: number; // -1 for an empty document
  docStart: number;
  /** Added to every stored offset. */
  base: number;
  /** Alias node → the node it resolves to (-1: none); only in documents with aliases. */
  aliases: Map<number, number> | undefined;
}

/** Stores a document built as NODE and ENTRY words (see FlatYaml). */
export function packFlat(nodes: readonly number[], entries: readonly number[], entryKey: (string | typeof MERGE | null)[], root: number, docStart: number): FlatYaml {
  const nodeCount = nodes.length / NODE;
  let base = docStart;
  for (let o = 0; o < nodes.length; o += NODE) base = Math.min(base, nodes[o + 1]!);
  for (let o = 0; o < entries.length; o += ENTRY) if (entries[o + 1]! >= 0) base = Math.min(base, entries[o + 1]!);
  base = Math.max(0, base);
  const entryBase = nodeCount * PACKED_NODE;
  const packed: number[] = []; // pushed, not preallocated: a holey array is slower to read and to apply()
  let aliases: Map<number, number> | undefined;
  for (let o = 0; o < nodes.length; o += NODE) {
    const kind = nodes[o]!;
    packed.push(kind | (nodes[o + 4]! << 3), nodes[o + 1]! - base, nodes[o + 2]! - base, kind === MAP || kind === SEQ ? nodes[o + 3]! : 0);
    if (kind === ALIAS) (aliases ??= new Map()).set(o / NODE, nodes[o + 5]!);
  }
  for (let o = 0; o < entries.length; o += ENTRY) {
    const keyStart = entries[o + 1]!;
    packed.push(keyStart < 0 ? 0 : keyStart - base + 1, keyStart < 0 ? 0 : entries[o + 2]! - base, entries[o + 3]! + 1);
    if (entries[o]) entryKey[o / ENTRY] = MERGE;
  }
  const { words, wide } = packWords(packed);
  return { words, wide, entryBase, entryKey, root, docStart, base, aliases };
}

/** One node of a flattened document, decoded (for tests and tools; the locator reads words). */
export function flatNode(f: FlatYaml, n: number): { kind: number; start: number; end: number; first: number; count: number; alias: number } {
  const o = n * PACKED_NODE;
  const w = (i: number): number => wordAt(f.words, f.wide, i);
  return { kind: w(o) & 7, start: w(o + 1) + f.base, end: w(o + 2) + f.base, first: w(o + 3), count: w(o) >>> 3, alias: f.aliases?.get(n) ?? -1 };
}

/** One entry of a flattened document, decoded. */
export function flatEntry(f: FlatYaml, e: number): { merge: boolean; key: string | null; keyStart: number; keyEnd: number; value: number } {
  const o = f.entryBase + e * PACKED_ENTRY;
  const w = (i: number): number => wordAt(f.words, f.wide, i);
  const k = f.entryKey[e]!;
  const keyStart = w(o) === 0 ? -1 : w(o) - 1 + f.base;
  return { merge: k === MERGE, key: k === MERGE ? null : k, keyStart, keyEnd: keyStart < 0 ? -1 : w(o + 1) + f.base, value: w(o + 2) - 1 };
}

function isMergeKey(k: unknown): boolean {
  if (!isScalar(k)) return false;
  const v = k.value;
  return (v === '<<' || (typeof v === 'symbol' && v.description === '<<')) && (!k.type || k.type === 'PLAIN');
}

export function trimEnd(text: string, start: number, end: number): number {
  let e = Math.min(end, text.length);
  while (e > start) {
    const c = text.charCodeAt(e - 1);
    if (c === 10 || c === 13 || c === 32 || c === 9) e--;
    else break;
  }
  return e;
}

/** Flatten a document's node tree (iteratively; aliases resolved as YAML does: last anchor before). */
export function flatten(doc: Document.Parsed, text: string): FlatYaml {
  const kind: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const first: number[] = [];
  const count: number[] = [];
  const aliasOf: (Node | null)[] = [];
  const entryKey: (string | null)[] = [];
  const entryMerge: number[] = [];
  const entryKeyStart: number[] = [];
  const entryKeyEnd: number[] = [];
  const entryValue: number[] = [];
  const idOf = new Map<unknown, number>(); // anchored nodes only
  const lastAnchor = new Map<string, Node>();

  const add = (node: unknown): number => {
    if (!node || typeof node !== 'object' || !('range' in node) || !(node as Node).range) return -1;
    const n = node as Node;
    const id = kind.length;
    const r = n.range!;
    let k = SCALAR;
    if (isMap(n)) k = MAP;
    else if (isSeq(n)) k = SEQ;
    else if (isAlias(n)) k = ALIAS;
    else if (isScalar(n) && n.value === null && r[0] === r[1]) k = EMPTY;
    kind.push(k);
    start.push(r[0]);
    end.push(isCollection(n) ? trimEnd(text, r[0], r[1]) : r[1]);
    first.push(-1);
    count.push(0);
    aliasOf.push(null);
    if ((n as { anchor?: string }).anchor) idOf.set(n, id);
    return id;
  };

  const root = add(doc.contents);
  // Pre-order, document order (children pushed in reverse): anchors are seen before later aliases.
  const stack: [unknown, number][] = root === -1 ? [] : [[doc.contents, root]];
  while (stack.length > 0) {
    const [n, id] = stack.pop()!;
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor && !isAlias(n)) lastAnchor.set(anchor, n as Node);
    if (isAlias(n)) {
      aliasOf[id] = lastAnchor.get(n.source) ?? null;
      continue;
    }
    const children: [unknown, number][] = [];
    if (isMap(n)) {
      first[id] = entryKey.length;
      count[id] = n.items.length;
      for (const p of n.items) {
        const key = p.key as unknown;
        const merge = isMergeKey(key);
        entryMerge.push(merge ? 1 : 0);
        entryKey.push(!merge && isScalar(key) ? String(key.value) : null);
        const kr = key && typeof key === 'object' && 'range' in key ? (key as Node).range : undefined;
        entryKeyStart.push(kr ? kr[0] : -1);
        entryKeyEnd.push(kr ? kr[1] : -1);
        const vid = add(p.value);
        entryValue.push(vid);
        if (kr && isCollection(key)) children.push([key, -1]); // anchors inside complex keys
        if (vid !== -1) children.push([p.value, vid]);
      }
    } else if (isSeq(n)) {
      first[id] = entryKey.length;
      count[id] = n.items.length;
      for (const item of n.items) {
        entryMerge.push(0);
        entryKey.push(null);
        entryKeyStart.push(-1);
        entryKeyEnd.push(-1);
        const vid = add(item);
        entryValue.push(vid);
        if (vid !== -1) children.push([item, vid]);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i]!;
      if (c[1] === -1) {
        // A collection used as a key: only its anchors matter (rare); record them without ids.
        const a = (c[0] as { anchor?: string }).anchor;
        if (a) lastAnchor.set(a, c[0] as Node);
        continue;
      }
      stack.push(c);
    }
  }
  const nodes = new Array<number>(kind.length * NODE);
  for (let i = 0; i < kind.length; i++) {
    const o = i * NODE;
    nodes[o] = kind[i]!;
    nodes[o + 1] = start[i]!;
    nodes[o + 2] = end[i]!;
    nodes[o + 3] = first[i]!;
    nodes[o + 4] = count[i]!;
    const t = aliasOf[i];
    nodes[o + 5] = t ? (idOf.get(t) ?? -1) : -1;
  }
  const entries = new Array<number>(entryKey.length * ENTRY);
  for (let j = 0; j < entryKey.length; j++) {
    const o = j * ENTRY;
    entries[o] = entryMerge[j]!;
    entries[o + 1] = entryKeyStart[j]!;
    entries[o + 2] = entryKeyEnd[j]!;
    entries[o + 3] = entryValue[j]!;
  }
  const c = doc.contents as Node | null;
  return packFlat(nodes, entries, entryKey, root, c?.range?.[0] ?? doc.range?.[0] ?? 0);
}

function isFlat(doc: Document.Parsed | FlatYaml): doc is FlatYaml {
  return 'entryBase' in doc;
}

/** A span of the parsed text, in UTF-16 offsets, end exclusive. */
export interface YamlSpan {
  start: number;
  end: number;
  /** The span is one scalar (a key or a scalar value), not a collection or an anchor inside one. */
  scalar: boolean;
  /**
   * For a missing path: the closest existing node's value (the mapping the field would go in),
   * whose producer a rendered document can still name (the values a `toYaml` block came from).
   */
  container?: YamlSpan;
}

/**
 * The locate() policy (see the top of this file) over one flattened document, in offsets of the
 * text it was parsed from. Built from the parsed document, which can be dropped afterwards.
 */
export class YamlSpans {
  // The FlatYaml's fields, held here so that its object is not kept (see FlatYaml for the words).
  private readonly words: string;
  private readonly wide: boolean;
  private readonly entryBase: number;
  private readonly entryKey: (string | typeof MERGE | null)[];
  private readonly root: number;
  private readonly docStart: number;
  private readonly base: number;
  private readonly aliases: Map<number, number> | undefined;

  constructor(
    doc: Document.Parsed | FlatYaml,
    text: string,
    /** End of the line holding an offset, before its line break (YamlLocator: its LineIndex's). */
    private readonly lineEndOf?: (offset: number) => number,
  ) {
    const t = isFlat(doc) ? doc : flatten(doc, text);
    this.words = t.words;
    this.wide = t.wide;
    this.entryBase = t.entryBase;
    this.entryKey = t.entryKey;
    this.root = t.root;
    this.docStart = t.docStart;
    this.base = t.base;
    this.aliases = t.aliases;
  }

  /** End of the line holding an offset, before its line break. */
  protected lineEnd(offset: number): number {
    return this.lineEndOf!(offset);
  }

  /** Word `i` (see FlatYaml). */
  private word(i: number): number {
    return wordAt(this.words, this.wide, i);
  }

  private kind(node: number): number {
    return this.word(node * PACKED_NODE) & 7;
  }

  private count(node: number): number {
    return this.word(node * PACKED_NODE) >>> 3;
  }

  private start(node: number): number {
    return this.word(node * PACKED_NODE + 1) + this.base;
  }

  private end(node: number): number {
    return this.word(node * PACKED_NODE + 2) + this.base;
  }

  /** The first entry of a collection. */
  private first(node: number): number {
    return this.word(node * PACKED_NODE + 3);
  }

  /** The key's start offset of an entry, -1 for a sequence item (or a key without a range). */
  private keyStart(entry: number): number {
    const v = this.word(this.entryBase + entry * PACKED_ENTRY);
    return v === 0 ? -1 : v - 1 + this.base;
  }

  private keyEnd(entry: number): number {
    return this.word(this.entryBase + entry * PACKED_ENTRY + 1) + this.base;
  }

  /** The value node of an entry, -1 for none. */
  private value(entry: number): number {
    return this.word(this.entryBase + entry * PACKED_ENTRY + 2) - 1;
  }

  /** Start offset of the scalar at `path` (not through an alias), or undefined. */
  scalarStart(path: DocPath): number | undefined {
    let node = this.root;
    for (const seg of path) {
      if (node === -1 || this.kind(node) === ALIAS) return undefined; // an alias site is not the scalar's text
      const entry = this.step(node, seg);
      if (entry === -1) return undefined;
      node = this.value(entry);
    }
    if (node === -1 || this.kind(node) !== SCALAR) return undefined;
    return this.start(node);
  }

  span(path: DocPath, wantKey: boolean): YamlSpan {
    let value = this.root;
    let key = -1; // entry index of the pair reached, -1 when not reached through a key
    let found = true;
    // Walking through an alias resolves it, but the location stays at the alias site.
    let aliasSite = -1;
    for (const seg of path) {
      if (value === -1) {
        found = false;
        break;
      }
      if (aliasSite === -1 && this.kind(value) === ALIAS) aliasSite = value;
      const entry = this.step(value, seg);
      if (entry === -1) {
        found = false;
        break;
      }
      value = this.value(entry);
      key = this.keyStart(entry) >= 0 ? entry : -1;
    }
    if (aliasSite !== -1) return this.nodeSpan(aliasSite);
    if (found) {
      if (key === -1 && value !== -1 && (this.kind(value) === MAP || this.kind(value) === SEQ)) return this.anchor(value);
      if (wantKey && key !== -1) return this.keySpan(key);
      if (value !== -1 && this.kind(value) !== EMPTY) return this.nodeSpan(value);
      if (key !== -1) return this.keySpan(key);
      return this.fallback();
    }
    if (key !== -1) {
      const at = this.keySpan(key);
      if (value !== -1 && this.kind(value) !== EMPTY) at.container = this.nodeSpan(value);
      return at;
    }
    return value === -1 ? this.fallback() : this.anchor(value);
  }

  private deref(id: number): number {
    let n = id;
    for (let hops = 0; hops < 32 && n !== -1 && this.kind(n) === ALIAS; hops++) n = this.aliases?.get(n) ?? -1;
    return n !== -1 && this.kind(n) === ALIAS ? -1 : n;
  }

  /** The entry index for a path segment, or -1. */
  private step(id: number, seg: PathSegment): number {
    const n = this.deref(id);
    if (n === -1) return -1;
    if (this.kind(n) === MAP) return this.findEntry(n, String(seg), new Set());
    if (this.kind(n) === SEQ) {
      const idx = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
      if (idx < 0 || idx >= this.count(n)) return -1;
      return this.first(n) + idx;
    }
    return -1;
  }

  /** Own keys first, then merged-in maps in order (as YAML merge semantics say). */
  private findEntry(map: number, want: string, seen: Set<number>): number {
    seen.add(map);
    const from = this.first(map);
    const to = from + this.count(map);
    let hasMerge = false;
    for (let e = from; e < to; e++) {
      const k = this.entryKey[e];
      if (k === MERGE) hasMerge = true;
      else if (k === want) return e;
    }
    if (!hasMerge) return -1;
    for (let e = from; e < to; e++) {
      if (this.entryKey[e] !== MERGE) continue;
      const src = this.deref(this.value(e));
      if (src === -1) continue;
      const sources: number[] = [];
      if (this.kind(src) === SEQ) {
        for (let i = this.first(src); i < this.first(src) + this.count(src); i++) sources.push(this.value(i));
      } else sources.push(src);
      for (const s of sources) {
        const m = this.deref(s);
        if (m !== -1 && this.kind(m) === MAP && !seen.has(m)) {
          const hit = this.findEntry(m, want, seen);
          if (hit !== -1) return hit;
        }
      }
    }
    return -1;
  }

  private nodeSpan(id: number): YamlSpan {
    return { start: this.start(id), end: this.end(id), scalar: this.kind(id) === SCALAR || this.kind(id) === EMPTY };
  }

  private keySpan(entry: number): YamlSpan {
    return { start: this.keyStart(entry), end: this.keyEnd(entry), scalar: true };
  }

  /** A compact range inside a collection that is not a mapping value: kind, name or first pair. */
  private anchor(id: number): YamlSpan {
    if (this.kind(id) === ALIAS) return this.nodeSpan(id);
    const n = this.deref(id);
    if (n === -1) return this.fallback();
    if (this.kind(n) === MAP && this.count(n) > 0) {
      const from = this.first(n);
      const to = from + this.count(n);
      let pick = -1;
      for (let e = from; e < to && pick === -1; e++) if (this.entryKey[e] === 'kind') pick = e;
      for (let e = from; e < to && pick === -1; e++) if (this.entryKey[e] === 'name') pick = e;
      if (pick === -1) pick = from;
      if (this.keyStart(pick) >= 0) {
        const v = this.value(pick);
        const end = v !== -1 && this.kind(v) === SCALAR ? this.end(v) : this.keyEnd(pick);
        return { start: this.keyStart(pick), end, scalar: false };
      }
    }
    const s = this.start(n);
    return { start: s, end: Math.min(this.lineEnd(s), this.end(n)), scalar: false };
  }

  /** The first line of the document's content (never undefined). */
  private fallback(): YamlSpan {
    const s = this.docStart;
    return { start: s, end: this.lineEnd(s), scalar: false };
  }
}

/**
 * locate() for one plain YAML document: the policy's spans in the file's lines. The text is not
 * kept: the rare locateInScalar reads it back from the file (the engine keeps large texts
 * compressed once parsed).
 */
export class YamlLocator extends YamlSpans {
  // One object with the spans' fields (not a YamlSpans and a line-end closure beside it): there
  // is one locator per document, alive for the run.

  /** The parsed text, only when it is not the file's own text without its byte-order mark. */
  private readonly ownText: string | undefined;

  constructor(
    doc: Document.Parsed | FlatYaml,
    private readonly file: SourceFile,
    text: string,
    private readonly lines: LineIndex,
  ) {
    super(doc, text);
    this.ownText = text === stripBom(file.text) ? undefined : text;
  }

  protected override lineEnd(offset: number): number {
    return this.lines.lineEnd(offset);
  }

  locate(path: DocPath, options?: LocateOptions): Location {
    const at = this.span(path, options?.key === true);
    return { file: this.file.path, range: this.lines.range(at.start, at.end) };
  }

  /** Where a character of the string scalar at `path` sits (see scalar-offset.ts), or undefined. */
  locateInScalar(path: DocPath, value: string, line: number, column: number): Location | undefined {
    const start = this.scalarStart(path);
    if (start === undefined) return undefined;
    const offset = offsetInScalar(this.ownText ?? stripBom(this.file.text), start, value, line, column);
    return offset === undefined ? undefined : { file: this.file.path, range: this.lines.range(offset, offset + 1) };
  }
}
