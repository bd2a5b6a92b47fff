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
import { stripBom, type LineIndex } from './positions.js';
import { offsetInScalar } from './scalar-offset.js';

export const SCALAR = 0;
export const MAP = 1;
export const SEQ = 2;
const ALIAS = 3;
export const EMPTY = 4; // an empty scalar (`key:` with no value)

/**
 * Flattened node tree in one Int32Array (small documents are the common case, and every typed
 * array carries a fixed overhead): node i occupies NODE words at i * NODE, entry j occupies
 * ENTRY words at entryBase + j * ENTRY. Scalar keys are kept as strings beside it.
 */
export const NODE = 6; // kind, start, end, first entry, entry count, alias target
export const ENTRY = 4; // merge flag, key start (-1: sequence item), key end, value node (-1: none)

/** A flattened document: made by flatten() from a node tree, or by yaml-fast.ts straight from the CST. */
export interface FlatYaml {
  words: Int32Array;
  entryBase: number;
  entryKey: (string | null)[]; // scalar key as a string (null: sequence item, merge or complex key)
  root: number; // -1 for an empty document
  docStart: number;
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
  const entries = entryKey.length;
  const entryBase = kind.length * NODE;
  const words = new Int32Array(entryBase + entries * ENTRY);
  for (let i = 0; i < kind.length; i++) {
    const o = i * NODE;
    words[o] = kind[i]!;
    words[o + 1] = start[i]!;
    words[o + 2] = end[i]!;
    words[o + 3] = first[i]!;
    words[o + 4] = count[i]!;
    const t = aliasOf[i];
    words[o + 5] = t ? (idOf.get(t) ?? -1) : -1;
  }
  for (let j = 0; j < entries; j++) {
    const o = entryBase + j * ENTRY;
    words[o] = entryMerge[j]!;
    words[o + 1] = entryKeyStart[j]!;
    words[o + 2] = entryKeyEnd[j]!;
    words[o + 3] = entryValue[j]!;
  }
  const c = doc.contents as Node | null;
  return { words, entryBase, entryKey, root, docStart: c?.range?.[0] ?? doc.range?.[0] ?? 0 };
}

function isFlat(doc: Document.Parsed | FlatYaml): doc is FlatYaml {
  return (doc as FlatYaml).words instanceof Int32Array;
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
  private readonly t: FlatYaml;

  constructor(
    doc: Document.Parsed | FlatYaml,
    text: string,
    /** End of the line holding an offset, before its line break. */
    private readonly lineEnd: (offset: number) => number,
  ) {
    this.t = isFlat(doc) ? doc : flatten(doc, text);
  }

  private kind(node: number): number {
    return this.t.words[node * NODE]!;
  }

  /** Word `field` of node `node`. */
  private w(node: number, field: number): number {
    return this.t.words[node * NODE + field]!;
  }

  /** Word `field` of entry `entry`. */
  private e(entry: number, field: number): number {
    return this.t.words[this.t.entryBase + entry * ENTRY + field]!;
  }

  /** Start offset of the scalar at `path` (not through an alias), or undefined. */
  scalarStart(path: DocPath): number | undefined {
    let node = this.t.root;
    for (const seg of path) {
      if (node === -1 || this.kind(node) === ALIAS) return undefined; // an alias site is not the scalar's text
      const entry = this.step(node, seg);
      if (entry === -1) return undefined;
      node = this.e(entry, 3);
    }
    if (node === -1 || this.kind(node) !== SCALAR) return undefined;
    return this.w(node, 1);
  }

  span(path: DocPath, wantKey: boolean): YamlSpan {
    let value = this.t.root;
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
      value = this.e(entry, 3);
      key = this.e(entry, 1) >= 0 ? entry : -1;
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
    for (let hops = 0; hops < 32 && n !== -1 && this.kind(n) === ALIAS; hops++) n = this.w(n, 5);
    return n !== -1 && this.kind(n) === ALIAS ? -1 : n;
  }

  /** The entry index for a path segment, or -1. */
  private step(id: number, seg: PathSegment): number {
    const n = this.deref(id);
    if (n === -1) return -1;
    if (this.kind(n) === MAP) return this.findEntry(n, String(seg), new Set());
    if (this.kind(n) === SEQ) {
      const idx = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
      if (idx < 0 || idx >= this.w(n, 4)) return -1;
      return this.w(n, 3) + idx;
    }
    return -1;
  }

  /** Own keys first, then merged-in maps in order (as YAML merge semantics say). */
  private findEntry(map: number, want: string, seen: Set<number>): number {
    const t = this.t;
    seen.add(map);
    const from = this.w(map, 3);
    const to = from + this.w(map, 4);
    let hasMerge = false;
    for (let e = from; e < to; e++) {
      if (this.e(e, 0)) hasMerge = true;
      else if (t.entryKey[e] === want) return e;
    }
    if (!hasMerge) return -1;
    for (let e = from; e < to; e++) {
      if (!this.e(e, 0)) continue;
      const src = this.deref(this.e(e, 3));
      if (src === -1) continue;
      const sources: number[] = [];
      if (this.kind(src) === SEQ) {
        for (let i = this.w(src, 3); i < this.w(src, 3) + this.w(src, 4); i++) sources.push(this.e(i, 3));
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
    return { start: this.w(id, 1), end: this.w(id, 2), scalar: this.kind(id) === SCALAR || this.kind(id) === EMPTY };
  }

  private keySpan(entry: number): YamlSpan {
    return { start: this.e(entry, 1), end: this.e(entry, 2), scalar: true };
  }

  /** A compact range inside a collection that is not a mapping value: kind, name or first pair. */
  private anchor(id: number): YamlSpan {
    const t = this.t;
    if (this.kind(id) === ALIAS) return this.nodeSpan(id);
    const n = this.deref(id);
    if (n === -1) return this.fallback();
    if (this.kind(n) === MAP && this.w(n, 4) > 0) {
      const from = this.w(n, 3);
      const to = from + this.w(n, 4);
      let pick = -1;
      for (let e = from; e < to && pick === -1; e++) if (t.entryKey[e] === 'kind') pick = e;
      for (let e = from; e < to && pick === -1; e++) if (t.entryKey[e] === 'name') pick = e;
      if (pick === -1) pick = from;
      if (this.e(pick, 1) >= 0) {
        const v = this.e(pick, 3);
        const end = v !== -1 && this.kind(v) === SCALAR ? this.w(v, 2) : this.e(pick, 2);
        return { start: this.e(pick, 1), end, scalar: false };
      }
    }
    const s = this.w(n, 1);
    return { start: s, end: Math.min(this.lineEnd(s), this.w(n, 2)), scalar: false };
  }

  /** The first line of the document's content (never undefined). */
  private fallback(): YamlSpan {
    const s = this.t.docStart;
    return { start: s, end: this.lineEnd(s), scalar: false };
  }
}

/**
 * locate() for one plain YAML document: the policy's spans in the file's lines. The text is not
 * kept: the rare locateInScalar reads it back from the file (the engine keeps large texts
 * compressed once parsed).
 */
export class YamlLocator {
  private readonly spans: YamlSpans;

  /** The parsed text, only when it is not the file's own text without its byte-order mark. */
  private readonly ownText: string | undefined;

  constructor(
    doc: Document.Parsed | FlatYaml,
    private readonly file: SourceFile,
    text: string,
    private readonly lines: LineIndex,
  ) {
    this.spans = new YamlSpans(doc, text, (offset) => lines.lineEnd(offset));
    this.ownText = text === stripBom(file.text) ? undefined : text;
  }

  locate(path: DocPath, options?: LocateOptions): Location {
    const at = this.spans.span(path, options?.key === true);
    return { file: this.file.path, range: this.lines.range(at.start, at.end) };
  }

  /** Where a character of the string scalar at `path` sits (see scalar-offset.ts), or undefined. */
  locateInScalar(path: DocPath, value: string, line: number, column: number): Location | undefined {
    const start = this.spans.scalarStart(path);
    if (start === undefined) return undefined;
    const offset = offsetInScalar(this.ownText ?? stripBom(this.file.text), start, value, line, column);
    return offset === undefined ? undefined : { file: this.file.path, range: this.lines.range(offset, offset + 1) };
  }
}
