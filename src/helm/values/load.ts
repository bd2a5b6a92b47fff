// Loading values files into Go values (Helm: sigs.k8s.io/yaml over yaml.v2, so numbers are float64,
// YAML 1.1 booleans, …) and locating keys in them for related locations.

import { isMap as isYamlMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { PathSegment, Range } from '../../model/types.js';
import { isMap, newMap, type GoMap, type GoValue } from '../value.js';
import { loadValues as helmLoadValues } from './yaml-shim.js';

export interface LoadedValues {
  /** The values as Go values (an empty map for an empty file). */
  values: GoMap;
  file: string;
  text: string;
  /** The range of the key (or of the value with { value: true }) at a values path, when present. */
  locate(path: readonly PathSegment[], opts?: { value?: boolean }): Range | undefined;
}

export class ValuesError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

function toGoMap(v: unknown): GoMap {
  if (v === null || v === undefined) return newMap();
  if (isMap(v)) return v;
  throw new Error('values must be a mapping');
}

const cache = new Map<string, GoMap>();
let cacheChars = 0;
const CACHE_LIMIT_CHARS = 64 * 1024 * 1024;

/**
 * Parse a values file. Throws ValuesError on invalid YAML. Parsed values are memoized by text (the
 * same library chart's values.yaml is loaded for every chart that depends on it); callers must not
 * mutate the returned map (coalescing deep-copies it).
 */
export function loadValuesFile(text: string, file: string): LoadedValues {
  let values: GoMap;
  const cached = cache.get(text);
  if (cached) values = cached;
  else try {
    const loaded = helmLoadValues(text, file) as unknown;
    const v = (loaded as { data: GoValue }).data;
    values = toGoMap(v);
    if (cacheChars + text.length > CACHE_LIMIT_CHARS) {
      cache.clear();
      cacheChars = 0;
    }
    cache.set(text, values);
    cacheChars += text.length;
  } catch (e) {
    const err = e as { message?: string; line?: number; column?: number };
    throw new ValuesError(`cannot load ${file}: ${err.message ?? String(e)}`, file, err.line, err.column);
  }
  let located: { doc: ReturnType<typeof parseDocument>; lc: LineCounter } | undefined;
  return {
    values,
    file,
    text,
    locate(path, opts) {
      if (!located) {
        const lc = new LineCounter();
        located = { doc: parseDocument(text, { lineCounter: lc, version: '1.1', uniqueKeys: false }), lc };
      }
      return locateInYaml(located.doc.contents as YamlNode | null, located.lc, path, opts?.value === true);
    },
  };
}

function toRange(lc: LineCounter, start: number, end: number): Range {
  const s = lc.linePos(start);
  const e = lc.linePos(end);
  return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
}

function locateInYaml(root: YamlNode | null, lc: LineCounter, path: readonly PathSegment[], wantValue: boolean): Range | undefined {
  let node: unknown = root;
  let keyNode: unknown;
  for (const seg of path) {
    keyNode = undefined;
    if (isYamlMap(node)) {
      let found: unknown;
      for (const item of node.items) {
        const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
        if (k === String(seg)) {
          found = item.value;
          keyNode = item.key;
        }
      }
      if (keyNode === undefined) return undefined;
      node = found;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) return undefined;
    } else return undefined;
  }
  const target = (wantValue || keyNode === undefined ? node : keyNode) as { range?: [number, number, number] } | undefined;
  const r = target?.range ?? (keyNode as { range?: [number, number, number] } | undefined)?.range;
  if (!r) return undefined;
  return toRange(lc, r[0], r[1]);
}
