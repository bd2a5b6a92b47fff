// A values file's text → Go values (Helm: sigs.k8s.io/yaml over yaml.v2, so numbers are float64,
// YAML 1.1 booleans, …). Kept with the chart loader, which reads every chart's values.yaml, so
// that chart/ does not import values/ (values/ builds on chart/: coalescing, schema, locations).

import { isMap, newMap, type GoMap, type GoValue } from '../value.js';
import { loadValues } from '../yaml/index.js';
import { TextCache, VALUES_CACHE_LIMIT_CHARS } from '../text-cache.js';

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

const cache = new TextCache<GoMap>(VALUES_CACHE_LIMIT_CHARS);

/** Empties the memo of parsed values files. */
export function clearParsedValues(): void {
  cache.clear();
}

/**
 * Parse a values file. Throws ValuesError on invalid YAML. Parsed values are memoized by text (the
 * same library chart's values.yaml is loaded for every chart that depends on it); callers must not
 * mutate the returned map (coalescing deep-copies it).
 */
export function parseValuesFile(text: string, file: string): GoMap {
  const cached = cache.get(text);
  if (cached) return cached;
  let values: GoMap;
  try {
    const loaded = loadValues(text, file) as unknown;
    values = toGoMap((loaded as { data: GoValue }).data);
  } catch (e) {
    const err = e as { message?: string; line?: number; column?: number };
    throw new ValuesError(`cannot load ${file}: ${err.message ?? String(e)}`, file, err.line, err.column);
  }
  cache.set(text, values);
  return values;
}
