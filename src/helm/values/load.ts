// Loading values files into Go values (Helm: sigs.k8s.io/yaml over yaml.v2, so numbers are float64,
// YAML 1.1 booleans, …) and locating keys in them for related locations.

import { isMap as isYamlMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { PathSegment, TextRange as Range } from '../source-range.js';
import type { GoMap } from '../value.js';
import { parseValuesFile } from '../chart/values-file.js';
import { TextCache, VALUES_CACHE_LIMIT_CHARS } from '../text-cache.js';

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
  return {
    file,
    text,
    locate(path, opts) {
      return locatorOf(text).locate(path, opts?.value === true);
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
// tree, stay alive; bounded like the values cache.
const locators = new TextCache<Locator>(VALUES_CACHE_LIMIT_CHARS);

function locatorOf(text: string): Locator {
  let locator = locators.get(text);
  if (locator) return locator;
  locator = buildLocator(text);
  locators.set(text, locator);
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
