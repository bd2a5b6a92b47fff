// The YAML functions the chart side needs, taken from src/helm/yaml when available. Until then a
// fallback on the `yaml` package (YAML 1.1, numbers as float64, maps as Go maps) stands in.

import { parseAllDocuments, parseDocument, stringify } from 'yaml';
import { GoInt, isMap, newMap, type GoValue } from '../value.js';

function convert(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(convert);
  if (v instanceof Map) {
    const m = newMap();
    for (const [k, val] of v) m[String(k)] = convert(val);
    return m;
  }
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'object') {
    const m = newMap();
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) m[k] = convert(val);
    return m;
  }
  return v as GoValue;
}

const options = {
  version: '1.1' as const,
  merge: true,
  uniqueKeys: false,
  customTags: (tags: unknown[]) =>
    (tags as { tag: string; format?: string }[]).filter((t) => t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME'),
};

export function loadValues(text: string, _fileName: string): { values: GoValue } {
  const doc = parseDocument(text, options as never);
  if (doc.errors.length > 0) throw doc.errors[0];
  return { values: convert(doc.toJS({ mapAsMap: true, maxAliasCount: -1 })) };
}

function plain(v: GoValue): unknown {
  if (v instanceof GoInt) return Number(v.value);
  if (Array.isArray(v)) return v.map(plain);
  if (isMap(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = plain(v[k]);
    return o;
  }
  return v;
}

export function toYaml(v: GoValue): string {
  return stringify(plain(v), { lineWidth: 0 }).replace(/\n$/, '');
}

export function fromYaml(text: string): GoValue {
  return loadValues(text, '').values;
}

export function parseAll(text: string): unknown[] {
  return parseAllDocuments(text, options as never).map((d) => (Array.isArray(d) ? null : d.toJS()));
}
