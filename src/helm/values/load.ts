// Loading values files into Go values (Helm: sigs.k8s.io/yaml over yaml.v2, so numbers are float64,
// YAML 1.1 booleans, …) and locating keys in them for related locations.

import { isMap as isYamlMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { PathSegment, TextRange as Range } from '../source-range.js';
import type { GoMap } from '../value.js';
import type { PlainNode } from '../yaml/load.js';
import { parseValuesFile } from '../chart/values-file.js';
import { TextCache, textDigest, VALUES_CACHE_LIMIT_CHARS } from '../text-cache.js';

export interface LoadedValues {
  /** The values as Go values (an empty map for an empty file). */
  values: GoMap;
  file: string;
  text: string;
  /** The range of the key (or of the value with { value: true }) at a values path, when present. */
  locate(path: readonly PathSegment[], opts?: { value?: boolean }): Range | undefined;
}

/** A values file's Go values (see chart/values-file.ts) and a locator for its keys. Throws ValuesError on invalid YAML. */
export function loadValuesFile(text: string, file: string): LoadedValues {
  const values = parseValuesFile(text, file);
  return { values, ...valuesFileLocator(text, file) };
}

/**
 * The locator alone, for a values file known to load (a loaded chart's values.yaml): locations
 * asked for after rendering do not decode its values again.
 */
export function valuesFileLocator(text: string, file: string): Omit<LoadedValues, 'values'> {
  let locator: Locator | undefined;
  return {
    file,
    text,
    locate(path, opts) {
      // looked up once: the lookup digests the text
      locator ??= locatorOf(text);
      return locator.locate(path, opts?.value === true);
    },
  };
}

/** Where each key and value of a values file is: one entry per path, positions as offsets. */
interface Locator {
  locate(path: readonly PathSegment[], wantValue: boolean): Range | undefined;
}

interface Place {
  /** Offsets of the key, when the path's last step is a mapping key. */
  key?: [number, number];
  /** Offsets of the value node, when it has one (a key without a value has none). */
  value?: [number, number];
}

// Locators by text: a values file is parsed for positions once per run, however many renderings
// (environments, charts that share a library chart) point into it. Flat offsets, not the node
// tree, stay alive; bounded like the values cache. Keyed by a digest of the text, not the text:
// the lint adopts a locator for every values file while parsing, and keys holding their texts
// kept them all alive as strings for the whole run (12 MB on ../shared/corpus).
const locators = new TextCache<Locator>(VALUES_CACHE_LIMIT_CHARS);

function locatorOf(text: string): Locator {
  const key = textDigest(text);
  let locator = locators.get(key);
  if (locator) return locator;
  locator = buildLocator(text);
  locators.set(key, locator, text.length);
  return locator;
}

/** Forgets every locator (the next locate parses again). */
export function clearValuesLocators(): void {
  locators.clear();
}

// A path step: a mapping key (`m` + the key as text) or a sequence index (`s` + the index).
const STEP = '\u0000';

function buildLocator(text: string): Locator {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, version: '1.1', uniqueKeys: false });
  const places = new Map<string, Place>();
  const rangeOf = (n: unknown): [number, number] | undefined => {
    const r = (n as { range?: [number, number, number] } | null | undefined)?.range;
    return r ? [r[0], r[1]] : undefined;
  };
  const visit = (node: unknown, at: string, key: [number, number] | undefined): void => {
    places.set(at, { key, value: rangeOf(node) });
    if (isYamlMap(node)) {
      // the last of duplicate keys is the one a lookup finds
      const last = new Map<string, (typeof node.items)[number]>();
      for (const item of node.items) last.set(isScalar(item.key) ? String(item.key.value) : String(item.key), item);
      for (const [k, item] of last) visit(item.value, `${at}${STEP}m${k}`, rangeOf(item.key));
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, `${at}${STEP}s${i}`, undefined));
    }
  };
  visit(doc.contents, '', undefined);
  return {
    locate(path, wantValue) {
      let at = '';
      for (const seg of path) {
        const asKey = `${at}${STEP}m${String(seg)}`;
        if (places.has(asKey)) at = asKey;
        else if (typeof seg === 'number' && places.has(`${at}${STEP}s${seg}`)) at = `${at}${STEP}s${seg}`;
        else return undefined;
      }
      const place = places.get(at)!;
      const r = (wantValue || place.key === undefined ? place.value : place.key) ?? place.key;
      return r ? toRange(lc, r[0], r[1]) : undefined;
    },
  };
}

function toRange(lc: LineCounter, start: number, end: number): Range {
  const s = lc.linePos(start);
  const e = lc.linePos(end);
  return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
}

/**
 * The locator of a values file from the lint's parse of it (a document without errors, composed
 * from the whole `text`), kept where locate() finds it, so that a related location does not parse
 * the file again. Compact: a few numbers per node, not the node tree, and nothing of the lint's
 * parse (its closures would keep every node tree of the file alive). The lint reads YAML 1.2 and this locator's own parse
 * YAML 1.1, so a document with a key whose text either could read differently (`yes`, `0x1F`, a
 * tag, a key that is not a scalar) is left to that parse. Returns whether it was taken. The parse
 * is the Composer's document or the tree of the lint's fast path (PlainNode, same ranges).
 */
export function adoptValuesLocator(text: string, doc: Document.Parsed | PlainNode): boolean {
  const plain = !('contents' in doc);
  // a lone CR: the lines below end at LF only, the YAML parser's at CR too
  if ((!plain && doc.errors.length > 0) || /\r(?!\n)/.test(text)) return false;
  const flat = plain ? flattenTree(text, doc, plainView) : flattenTree<unknown>(text, doc.contents, composerView);
  if (flat === undefined) return false;
  locators.set(textDigest(text), compactLocator(text, flat), text.length);
  return true;
}

const LEAF = 0;
const MAP = 1;
const SEQ = 2;

/** YAML 1.1 booleans among plain words (YAML 1.2 reads them as strings; `true`/`false` forms too, for safety). */
const YAML11_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);

/** A key's text as both YAML 1.1 and 1.2 read it, or undefined when they might differ. */
function sameKeyText(key: unknown): string | undefined {
  if (!isScalar(key) || key.tag || typeof key.value !== 'string' || key.value.includes(STEP)) return undefined;
  if (key.type === 'QUOTE_DOUBLE' || key.type === 'QUOTE_SINGLE') return key.value;
  if (key.type === 'PLAIN' && /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(key.value) && !YAML11_WORDS.has(key.value)) return key.value;
  return undefined;
}

/**
 * buildLocator's answers from flat arrays: nodes in document order, each with its kind, its first
 * child and next sibling and the offsets of its key and value (-1: none). A key is read back from
 * the text at its offsets; only keys whose text is not their source (quoted ones) are kept as strings.
 */
interface FlatTree {
  kind: Uint8Array;
  first: Int32Array;
  next: Int32Array;
  /** Key start, key end, value start, value end, per node. */
  offsets: Int32Array;
  /** Keys whose text is not their source, by node. */
  keys: Map<number, string>;
}

/**
 * How flattenTree reads one kind of tree: the Composer's nodes or the fast path's (PlainNode).
 * A map's children come as key and value, a sequence's as items (key undefined).
 */
interface TreeView<N> {
  kind(node: N): number;
  /** range[0] and range[1] of a node or key, undefined where it has none. */
  range(node: N | undefined): readonly number[] | undefined;
  /** A key's text as both YAML 1.1 and 1.2 read it, or undefined when they might differ. */
  keyText(key: N): string | undefined;
  /** A map's pairs or a sequence's items, in document order; undefined for a scalar. */
  children(node: N): Iterable<[key: N | undefined, value: N]> | undefined;
}

const composerView: TreeView<unknown> = {
  kind: (node) => (isYamlMap(node) ? MAP : isSeq(node) ? SEQ : LEAF),
  range: (node) => (node as { range?: [number, number, number] } | null | undefined)?.range,
  keyText: sameKeyText,
  *children(node) {
    if (isYamlMap(node)) for (const item of node.items) yield [item.key, item.value];
    else if (isSeq(node)) for (const item of node.items) yield [undefined, item];
  },
};

/** sameKeyText for a key of the fast path's tree (no tags there). */
function samePlainKeyText(key: PlainNode): string | undefined {
  if (key.kind !== 'scalar' || typeof key.value !== 'string' || key.value.includes(STEP)) return undefined;
  if (key.style === 'QUOTE_DOUBLE' || key.style === 'QUOTE_SINGLE') return key.value;
  if (key.style === 'PLAIN' && /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(key.value) && !YAML11_WORDS.has(key.value)) return key.value;
  return undefined;
}

const plainView: TreeView<PlainNode> = {
  kind: (node) => (node.kind === 'map' ? MAP : node.kind === 'seq' ? SEQ : LEAF),
  range: (node) => (node ? [node.start, node.end] : undefined),
  keyText: samePlainKeyText,
  *children(node) {
    const items = node.items;
    if (node.kind === 'map') for (let i = 0; i < items.length; i += 2) yield [items[i]!, items[i + 1]!];
    else if (node.kind === 'seq') for (const item of items) yield [undefined, item];
  },
};

/** The tree as FlatTree, or undefined when a key's text is not certain (see sameKeyText). */
function flattenTree<N>(text: string, root: N, view: TreeView<N>): FlatTree | undefined {
  const kinds: number[] = [];
  const firstChild: number[] = [];
  const nextSibling: number[] = [];
  const spans: number[] = [];
  const keys = new Map<number, string>();
  const add = (node: N, key: N | undefined, keyText: string | undefined): number => {
    const id = kinds.length;
    kinds.push(view.kind(node));
    firstChild.push(-1);
    nextSibling.push(-1);
    const k = view.range(key);
    const v = view.range(node);
    spans.push(k ? k[0] : -1, k ? k[1] : -1, v ? v[0] : -1, v ? v[1] : -1);
    if (keyText !== undefined && !(k && k[1] - k[0] === keyText.length && text.startsWith(keyText, k[0]))) keys.set(id, keyText);
    return id;
  };
  // an explicit stack: values files nest as deep as the lint's parse allows
  const stack: [N, number][] = [[root, add(root, undefined, undefined)]];
  while (stack.length > 0) {
    const [node, id] = stack.pop()!;
    let previous = -1;
    for (const [key, value] of view.children(node) ?? []) {
      let keyText: string | undefined;
      if (key !== undefined) {
        keyText = view.keyText(key);
        if (keyText === undefined) return undefined;
      }
      const child = add(value, key, keyText);
      if (previous < 0) firstChild[id] = child;
      else nextSibling[previous] = child;
      previous = child;
      stack.push([value, child]);
    }
  }
  return { kind: Uint8Array.from(kinds), first: Int32Array.from(firstChild), next: Int32Array.from(nextSibling), offsets: Int32Array.from(spans), keys };
}

// made apart from flattenTree: closures share their scope, and these would keep its working arrays
function compactLocator(text: string, { kind, first, next, offsets, keys }: FlatTree): Locator {
  // Nothing here keeps the text (its file keeps it deflated, engine/compact.ts): the keys' source
  // texts are copied into one string, and the line starts are counted now.
  const keyAt = new Int32Array(kind.length).fill(-1);
  const keyParts: string[] = [];
  let keyChars = 0;
  for (let c = 0; c < kind.length; c++) {
    const start = offsets[c * 4]!;
    if (start < 0 || keys.has(c)) continue;
    keyAt[c] = keyChars;
    keyParts.push(text.slice(start, offsets[c * 4 + 1]!));
    keyChars += offsets[c * 4 + 1]! - start;
  }
  const keyText = keyParts.join('');
  // lines as the parser's LineCounter counts them (a start at 0 and after each LF)
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return {
    locate(path, wantValue) {
      let at = 0;
      for (const seg of path) {
        let found = -1;
        if (kind[at] === MAP) {
          // the last of duplicate keys is the one a lookup finds
          const name = String(seg);
          for (let c = first[at]!; c >= 0; c = next[c]!) {
            const kept = keys.get(c);
            if (kept !== undefined ? kept === name : offsets[c * 4 + 1]! - offsets[c * 4]! === name.length && keyText.startsWith(name, keyAt[c]!)) found = c;
          }
        } else if (kind[at] === SEQ && typeof seg === 'number') {
          let i = 0;
          for (let c = first[at]!; c >= 0; c = next[c]!, i++) {
            if (i === seg) {
              found = c;
              break;
            }
          }
        }
        if (found < 0) return undefined;
        at = found;
      }
      const hasKey = offsets[at * 4]! >= 0;
      const hasValue = offsets[at * 4 + 2]! >= 0;
      const useValue = (wantValue || !hasKey) && hasValue;
      if (!useValue && !hasKey) return undefined;
      const o = at * 4 + (useValue ? 2 : 0);
      return toRange(lines, offsets[o]!, offsets[o + 1]!);
    },
  };
}
