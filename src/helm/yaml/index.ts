// YAML, JSON and TOML exactly as Helm v4.1.4 loads and emits them (verified against the helm binary).
//
//   loadValues(text, file)   values files: k8s YAMLReader split at "---" lines, sigs.k8s.io/yaml
//                            (go-yaml v2, YAML 1.1 → JSON → float64) per document, documents
//                            deep-merged; returns { data, origins(path) } (file, key/value line:column)
//   originOf(map|array, key) the same source map, looked up on the loaded containers themselves;
//   copyOrigin(...)          lets a values merger carry positions over to maps it builds
//   yamlUnmarshal(text)      sigs.k8s.io/yaml.Unmarshal into interface{} (first document), throws YamlLoadError
//   fromYaml / fromYamlArray / fromJson / fromJsonArray / fromToml   Helm's functions ("Error" key / item)
//   mustFromJson             Sprig's (any JSON value, throws)
//   toYaml / mustToYaml      sigs.k8s.io/yaml.Marshal (JSON round trip, go-yaml v2 emitter), newline trimmed
//   yamlMarshal              the same, untrimmed and throwing
//   toYamlPretty             go-yaml v3 Encoder, indent 2
//   toJson / mustToJson / toPrettyJson / mustToPrettyJson / toRawJson / mustToRawJson   Go encoding/json
//   toToml                   BurntSushi/toml Encoder (error text as result, as Helm)
//   formatFloatG             strconv.FormatFloat(x, 'g', -1, 64|32), for fmt-style printing elsewhere
import { isMap, newMap, type GoMap, type GoValue } from '../value.js';
import { GoJsonError, goJsonDecode, goJsonMarshal, goJsonParse } from './json.js';
import type { Document } from 'yaml';
import { adoptParsedDocument, adoptPlainDocument, copyOrigin, jsonKindOf, originAt, yamlUnmarshal, YamlLoadError, type PlainNode, type ValueOrigin } from './load.js';

export type { PlainNode } from './load.js';
export { YamlLoadError, originOf, originAt, copyOrigin, yamlUnmarshal, isDecodedDocumentKept, type ValueOrigin, type Position } from './load.js';
export { toYaml, mustToYaml, toYamlPretty, yamlMarshal, yamlKeyLess, yamlKeyCompare } from './toyaml.js';
export { GoJsonError, goJsonMarshal, goJsonParse, goJsonDecode, goJsonString, goJsonFloat, compareUtf8 } from './json.js';
export { formatFloatG, resolvePlain, isYamlTimestamp } from './resolve.js';
export { emitYaml, type YNode, type EmitterOptions } from './emitter.js';

export interface LoadedValues {
  /** The values: float64 numbers, null-prototype maps, arrays, strings, booleans, null. */
  data: GoMap;
  /** File, key and value position of the value at `path` (map keys and sequence indexes). */
  origins(path: readonly (string | number)[]): ValueOrigin | undefined;
}

/** Split like k8s.io/apimachinery's YAMLReader: at lines that begin with "---". */
export function splitYamlDocuments(text: string): { text: string; lineOffset: number }[] {
  if (!text.startsWith('---') && !text.includes('\n---')) return text === '' ? [] : [{ text, lineOffset: 0 }];
  const lines = text.split(/(?<=\n)/);
  const chunks: { text: string; lineOffset: number }[] = [];
  let buf: string[] = [];
  let start = 0;
  lines.forEach((line, i) => {
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && trimmed[0] !== '#') throw new YamlLoadError(`error reading yaml document: invalid Yaml document separator: ${trimmed}`, i + 1, 1);
      if (buf.length) chunks.push({ text: buf.join(''), lineOffset: start });
      buf = [];
      start = i + 1;
      return;
    }
    if (buf.length === 0) start = i;
    buf.push(line);
  });
  if (buf.length) chunks.push({ text: buf.join(''), lineOffset: start });
  return chunks;
}

/**
 * The lint's parse of a values file (its documents, composed from the whole `text`) stands in for
 * the parse loadValues would make of it: what go-yaml decodes is built from those node trees and
 * kept where loadValues finds it (see adoptParsedDocument). Files of one YAML document, with or
 * without a `---` line first, are taken; for other splits, loadValues parses as before. The
 * documents are the Composer's, or the trees of the lint's fast path (PlainNode; adoptPlainDocument).
 */
export function adoptParsedValues(
  file: string,
  text: string,
  docs: readonly Document.Parsed[] | readonly (PlainNode | null)[],
  linePos: (offset: number) => { line: number; col: number },
): boolean {
  const first = docs[0];
  if (!first) return false;
  let chunks: { text: string; lineOffset: number }[];
  try {
    chunks = splitYamlDocuments(text);
  } catch {
    return false;
  }
  const chunk = chunks.length === 1 ? chunks[0]! : undefined;
  if (!chunk) return false;
  // the chunk is the whole text, or all of it after a first `---` line: the document the lint
  // composed first either way (offsets and lines are the whole text's)
  if (chunk.text !== text && !(chunk.lineOffset === 1 && text.startsWith('---') && text.endsWith(chunk.text) && text.indexOf('\n') + 1 === text.length - chunk.text.length))
    return false;
  return isPlainNode(first)
    ? adoptPlainDocument(chunk.text, file, chunk.lineOffset, first, text, linePos)
    : adoptParsedDocument(chunk.text, file, chunk.lineOffset, first, text, linePos);
}

/** A fast-path tree rather than a Document (which has no `kind`). */
export function isPlainNode(doc: Document.Parsed | PlainNode): doc is PlainNode {
  return 'kind' in doc && 'items' in doc && !('contents' in doc);
}

/** Helm's MergeMaps (values documents): b wins, nested maps merged into fresh maps. */
function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out = newMap();
  for (const k of Object.keys(a)) {
    out[k] = a[k];
    copyOrigin(a, k, out, k);
  }
  for (const k of Object.keys(b)) {
    const v = b[k];
    const bv = out[k];
    if (isMap(v) && isMap(bv)) {
      out[k] = mergeMaps(bv, v);
      copyOrigin(b, k, out, k);
      continue;
    }
    out[k] = v;
    copyOrigin(b, k, out, k);
  }
  return out;
}

const MAP_TYPE = 'map[string]interface {}';
const SLICE_TYPE_NAME = '[]interface {}';

function typeError(v: GoValue, target: string): string {
  return `json: cannot unmarshal ${jsonKindOf(v)} into Go value of type ${target}`;
}

/**
 * Load a values file as Helm v4 does (chart values.yaml and -f files). Throws YamlLoadError whose
 * message is Helm's text after "cannot load values.yaml: " / "failed to parse <file>: ".
 */
export function loadValues(text: string, fileName: string): LoadedValues {
  let values = newMap();
  for (const chunk of splitYamlDocuments(text)) {
    let v: GoValue;
    try {
      v = yamlUnmarshal(chunk.text, fileName, chunk.lineOffset);
    } catch (e) {
      if (e instanceof YamlLoadError) throw new YamlLoadError(`cannot unmarshal yaml document: ${e.message}`, e.line, e.column);
      throw e;
    }
    if (v === null || v === undefined) continue;
    if (!isMap(v)) throw new YamlLoadError(`cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: ${typeError(v, MAP_TYPE)}`);
    values = mergeMaps(values, v);
  }
  const data = values;
  return { data, origins: (path) => originAt(data, path) };
}

/** Helm's fromYaml: a map; on failure {"Error": message}. */
export function fromYaml(text: string): GoMap {
  try {
    const v = yamlUnmarshal(text);
    if (v === null || v === undefined) return newMap();
    if (!isMap(v)) return newMap([['Error', `error unmarshaling JSON: while decoding JSON: ${typeError(v, MAP_TYPE)}`]]);
    return v;
  } catch (e) {
    if (e instanceof YamlLoadError) return newMap([['Error', e.message]]);
    throw e;
  }
}

/** Helm's fromYamlArray: a list; on failure a list holding the message. */
export function fromYamlArray(text: string): GoValue[] {
  try {
    const v = yamlUnmarshal(text);
    if (v === null || v === undefined) return [];
    if (!Array.isArray(v)) return [`error unmarshaling JSON: while decoding JSON: ${typeError(v, SLICE_TYPE_NAME)}`];
    return v;
  } catch (e) {
    if (e instanceof YamlLoadError) return [e.message];
    throw e;
  }
}

/** Sprig's mustFromJson: json.Unmarshal into interface{} (any JSON value); throws GoJsonError. */
export function mustFromJson(text: string): GoValue {
  return goJsonParse(text);
}

/** Helm's fromJson. */
export function fromJson(text: string): GoMap {
  try {
    const { value: v, error } = goJsonDecode(text);
    if (v === null) return newMap();
    if (!isMap(v)) return newMap([['Error', typeError(v, MAP_TYPE)]]);
    if (error !== undefined) v['Error'] = error;
    return v;
  } catch (e) {
    if (e instanceof GoJsonError) return newMap([['Error', e.message]]);
    throw e;
  }
}

/** Helm's fromJsonArray. */
export function fromJsonArray(text: string): GoValue[] {
  try {
    const { value: v, error } = goJsonDecode(text);
    if (v === null) return [];
    if (!Array.isArray(v)) return [typeError(v, SLICE_TYPE_NAME)];
    if (error !== undefined) return [error];
    return v;
  } catch (e) {
    if (e instanceof GoJsonError) return [e.message];
    throw e;
  }
}

/** Helm's toJson: json.Marshal, "" on error. */
export function toJson(v: GoValue): string {
  try {
    return goJsonMarshal(v);
  } catch (e) {
    if (e instanceof GoJsonError || e instanceof RangeError) return '';
    throw e;
  }
}

/** mustToJson: json.Marshal, throwing GoJsonError. */
export function mustToJson(v: GoValue): string {
  return goJsonMarshal(v);
}

/** Sprig's toPrettyJson: json.MarshalIndent(v, "", "  "); "" on error. */
export function toPrettyJson(v: GoValue): string {
  try {
    return goJsonMarshal(v, { indent: '  ' });
  } catch (e) {
    if (e instanceof GoJsonError || e instanceof RangeError) return '';
    throw e;
  }
}

/** Sprig's mustToPrettyJson. */
export function mustToPrettyJson(v: GoValue): string {
  return goJsonMarshal(v, { indent: '  ' });
}

/** Sprig's toRawJson: an Encoder without HTML escaping, trailing newline removed. Sprig panics on error. */
export function toRawJson(v: GoValue): string {
  return goJsonMarshal(v, { escapeHTML: false });
}

/** Sprig's mustToRawJson. */
export function mustToRawJson(v: GoValue): string {
  return goJsonMarshal(v, { escapeHTML: false });
}

export { toToml, fromToml } from './toml.js';
