// Loading values files into Go values (Helm: sigs.k8s.io/yaml over yaml.v2, so numbers are float64,
// YAML 1.1 booleans, …) and locating keys in them for related locations.

import { isMap as isYamlMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
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
  const places = placesOf(doc.contents, (key) => (isScalar(key) ? String(key.value) : String(key)))!;
  return locatorOver(places, lc.linePos);
}

/** Every path's place below `root`, keys named by `keyName`; undefined when it names one undefined. */
function placesOf(root: unknown, keyName: (key: unknown) => string | undefined): Map<string, Place> | undefined {
  const places = new Map<string, Place>();
  const rangeOf = (n: unknown): [number, number] | undefined => {
    const r = (n as { range?: [number, number, number] } | null | undefined)?.range;
    return r ? [r[0], r[1]] : undefined;
  };
  let named = true;
  const visit = (node: unknown, at: string, key: [number, number] | undefined): void => {
    places.set(at, { key, value: rangeOf(node) });
    if (isYamlMap(node)) {
      // the last of duplicate keys is the one a lookup finds
      const last = new Map<string, (typeof node.items)[number]>();
      for (const item of node.items) {
        const k = keyName(item.key);
        if (k === undefined) named = false;
        else last.set(k, item);
      }
      for (const [k, item] of last) visit(item.value, `${at}${STEP}m${k}`, rangeOf(item.key));
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, `${at}${STEP}s${i}`, undefined));
    }
  };
  visit(root, '', undefined);
  return named ? places : undefined;
}

// A plain scalar that starts with a letter or `_` is a string in YAML 1.1 unless it is one of
// these words (booleans and nulls); numbers, timestamps, `.inf` and `<<` start otherwise.
const YAML11_WORD = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/**
 * A key of the lint's parse (YAML 1.2 core schema) named as the locator's own YAML 1.1 parse names
 * it, for the keys where both are the key's text; undefined for the others (tags, numbers,
 * booleans, merge keys, collections), whose files keep their own parse.
 */
function yaml11KeyName(key: unknown): string | undefined {
  if (!isScalar(key) || key.tag || typeof key.source !== 'string') return undefined;
  if (key.type !== 'PLAIN') return key.source; // quoted or block: a string in every schema
  return /^[A-Za-z_]/.test(key.source) && !YAML11_WORD.test(key.source) ? key.source : undefined;
}

/**
 * The lint's parse of a values file (its first document, composed from all of `text`) stands in
 * for the locator's parse of it: the node tree is the same (tagged collections aside, which may
 * become sets or pairs), and so are keys that are their own text. Returns whether it was taken.
 */
export function adoptValuesLocator(text: string, doc: Document.Parsed, linePos: (offset: number) => { line: number; col: number }): boolean {
  if (locators.get(text)) return true;
  if (doc.errors.length > 0 || /^%/m.test(text) || text.includes('\ufeff')) return false;
  let tagged = false;
  const places = placesOf(doc.contents, (key) => {
    if (isYamlMap(key) || isSeq(key)) return undefined;
    return yaml11KeyName(key);
  });
  // a tagged collection anywhere: left to the locator's own parse
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0 && !tagged) {
    const n = stack.pop();
    if (isYamlMap(n)) {
      tagged = !!n.tag;
      for (const p of n.items) stack.push(p.value);
    } else if (isSeq(n)) {
      tagged = !!n.tag;
      for (const item of n.items) stack.push(item);
    }
  }
  if (!places || tagged) return false;
  locators.set(text, locatorOver(places, linePos));
  return true;
}

function locatorOver(places: Map<string, Place>, linePos: (offset: number) => { line: number; col: number }): Locator {
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
      return r ? toRange(linePos, r[0], r[1]) : undefined;
    },
  };
}

function toRange(linePos: (offset: number) => { line: number; col: number }, start: number, end: number): Range {
  const s = linePos(start);
  const e = linePos(end);
  return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
}
