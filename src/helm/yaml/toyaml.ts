// Helm's toYaml: sigs.k8s.io/yaml.Marshal = encoding/json Marshal, then JSONToYAML (go-yaml v2
// Unmarshal of the JSON text, go-yaml v2 Marshal). The JSON round trip is simulated on the value
// tree: numbers take their JSON spelling and are re-resolved as YAML 1.1 scalars, strings pass
// through YAML double-quoted-scalar folding (a raw U+0085 is a line break there).
// toYamlPretty: go-yaml v3's Encoder with indent 2 on the value itself (no JSON step).
import { GoInt, GoStruct, isMap, type GoMap, type GoValue } from '../value.js';
import { emitYaml, type YNode } from './emitter.js';
import { byteSliceBase64, GoJsonError, goJsonFloat, goJsonString, isByteSlice, structFields } from './json.js';
import { formatFloatG, isBase60Float, isOldBool, resolvePlain } from './resolve.js';

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
function isLetterCp(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER.test(String.fromCodePoint(c));
}
function isDigitCp(c: number | undefined): boolean {
  if (c === undefined) return false;
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(String.fromCodePoint(c));
}
const ASCII = /^[\x00-\x7f]*$/;
function runes(s: string): ArrayLike<number> {
  if (ASCII.test(s)) {
    const a = new Uint16Array(s.length);
    for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a;
  }
  return Array.from(s, (c) => c.codePointAt(0)!);
}

/** go-yaml's keyList.Less for two string keys ("natural" order: digit runs compare numerically). */
export function yamlKeyLess(a: string, b: string, v3 = false): boolean {
  return runesLess(runes(a), runes(b), v3);
}

function runesLess(ar: ArrayLike<number>, br: ArrayLike<number>, v3: boolean): boolean {
  let digits = false;
  const n = Math.min(ar.length, br.length);
  for (let i = 0; i < n; i++) {
    const ca = ar[i]!;
    const cb = br[i]!;
    if (ca === cb) {
      if (v3) digits = isDigitCp(ca);
      continue;
    }
    const al = isLetterCp(ca);
    const bl = isLetterCp(cb);
    if (al && bl) return ca < cb;
    // go-yaml v3 puts a letter first when it follows a common digit
    if (al || bl) return v3 && digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ca === 0x30 || cb === 0x30) {
      for (let j = i - 1; j >= 0 && isDigitCp(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigitCp(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]! - 0x30));
    let bi = i;
    for (; bi < br.length && isDigitCp(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]! - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return ar.length < br.length;
}

/** Sort string keys with go-yaml's order (runes computed once per key). */
export function sortYamlKeys(keys: string[], v3 = false): string[] {
  if (keys.length < 2) return keys;
  const rs = new Map<string, ArrayLike<number>>();
  for (const k of keys) rs.set(k, runes(k));
  return keys.sort((x, y) => {
    const rx = rs.get(x)!;
    const ry = rs.get(y)!;
    return runesLess(rx, ry, v3) ? -1 : runesLess(ry, rx, v3) ? 1 : 0;
  });
}

export function yamlKeyCompare(a: string, b: string, v3 = false): number {
  return yamlKeyLess(a, b, v3) ? -1 : yamlKeyLess(b, a, v3) ? 1 : 0;
}

/** Characters libyaml's reader refuses; json.Marshal leaves them raw, so JSONToYAML fails. */
const YAML_FORBIDDEN = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

interface V2Ctx {
  seen: Set<object>;
  /** The first error of the JSON→YAML step; json.Marshal errors anywhere take precedence. */
  yamlError?: string;
}

function checkReadable(s: string, ctx: V2Ctx): void {
  if (ctx.yamlError === undefined && YAML_FORBIDDEN.test(s)) ctx.yamlError = 'yaml: control characters are not allowed';
}

const jsonError = (msg: string) => new GoJsonError(`error marshaling into JSON: ${msg}`);

/** What go-yaml v2 reads back from a JSON string literal: raw U+0085 (NEL) folds like a line break. */
function foldJsonString(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/ *\u0085[ \u0085]*/g, (m) => {
    const k = (m.match(/\u0085/g) ?? []).length;
    return k === 1 ? ' ' : '\n'.repeat(k - 1);
  });
}

/** go-yaml v2 (and v3) encoder's choice of style for a string. */
function stringNode(s: string, v3: boolean): YNode {
  const r = resolvePlain(s);
  let canUsePlain = r.tag === 'str' && !isBase60Float(s);
  if (v3 && isOldBool(s)) canUsePlain = false;
  if (s.includes('\n')) return { t: 'scalar', v: s, style: 'literal' };
  return { t: 'scalar', v: s, style: canUsePlain ? 'plain' : 'double' };
}

function plain(v: string): YNode {
  return { t: 'scalar', v, style: 'plain' };
}

/** A float64 after json.Marshal and go-yaml v2's re-resolution of the JSON number. */
function jsonNumberNode(x: number): YNode {
  const j = goJsonFloat(x);
  const r = resolvePlain(j);
  if (r.tag === 'int') return plain(r.value.toString());
  return plain(formatFloatG(x));
}

function entriesOf(v: GoMap | GoStruct): [string, GoValue][] {
  if (v instanceof GoStruct) return structFields(v);
  return Object.keys(v).map((k) => [k, v[k]]);
}

function toNodeV2(v: GoValue, ctx: V2Ctx): YNode {
  if (v === null || v === undefined) return plain('null');
  switch (typeof v) {
    case 'string':
      checkReadable(v, ctx);
      return stringNode(foldJsonString(v), false);
    case 'number':
      if (!Number.isFinite(v)) throw jsonError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
      return jsonNumberNode(v);
    case 'boolean':
      return plain(v ? 'true' : 'false');
    case 'function':
      throw jsonError('json: unsupported type: func()');
    default:
      break;
  }
  if (v instanceof GoInt) return plain(v.value.toString());
  const seen = ctx.seen;
  if (seen.has(v as object)) throw jsonError('json: unsupported value: encountered a cycle');
  seen.add(v as object);
  try {
    // encoding/json writes a []byte as a base64 string
    if (Array.isArray(v) && isByteSlice(v)) return stringNode(byteSliceBase64(v), false);
    if (Array.isArray(v)) return { t: 'seq', items: v.map((e) => toNodeV2(e, ctx)) };
    if (isMap(v) || v instanceof GoStruct) {
      const entries = entriesOf(v).map(([k, e]) => {
        checkReadable(k, ctx);
        // in the JSON text every key is a simple key: one line, at most 1024 characters
        if (ctx.yamlError === undefined && (k.includes('\u0085') || (k.length > 160 && Array.from(goJsonString(k, true)).length > 1024))) {
          ctx.yamlError = "yaml: did not find expected ',' or '}'";
        }
        return [foldJsonString(k), e] as [string, GoValue];
      });
      // JSON object keys are unique; after folding two keys could collide: the later (bytewise) wins
      const uniq = new Map<string, GoValue>();
      for (const [k, e] of entries) uniq.set(k, e);
      const keys = sortYamlKeys([...uniq.keys()]);
      return { t: 'map', pairs: keys.map((k) => [stringNode(k, false), toNodeV2(uniq.get(k), ctx)] as [YNode, YNode]) };
    }
    throw jsonError('json: unsupported type');
  } finally {
    seen.delete(v as object);
  }
}

function toNodeV3(v: GoValue, seen: Set<object>): YNode {
  if (v === null || v === undefined) return plain('null');
  switch (typeof v) {
    case 'string':
      return stringNode(v, true);
    case 'number': {
      const s = formatFloatG(v);
      return plain(s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s);
    }
    case 'boolean':
      return plain(v ? 'true' : 'false');
    case 'function':
      throw new GoJsonError('cannot marshal type: func()');
    default:
      break;
  }
  if (v instanceof GoInt) return plain(v.value.toString());
  if (seen.has(v as object)) throw new GoJsonError('cycle');
  seen.add(v as object);
  try {
    if (Array.isArray(v)) return { t: 'seq', items: v.map((e) => toNodeV3(e, seen)) };
    if (isMap(v) || v instanceof GoStruct) {
      const entries = new Map(entriesOf(v));
      const keys = sortYamlKeys([...entries.keys()], true);
      return { t: 'map', pairs: keys.map((k) => [stringNode(k, true), toNodeV3(entries.get(k), seen)] as [YNode, YNode]) };
    }
    throw new GoJsonError('cannot marshal');
  } finally {
    seen.delete(v as object);
  }
}

/** sigs.k8s.io/yaml.Marshal: the YAML text with its trailing newline; throws GoJsonError. */
export function yamlMarshal(v: GoValue): string {
  const ctx: V2Ctx = { seen: new Set() };
  const node = toNodeV2(v, ctx);
  if (ctx.yamlError !== undefined) throw new GoJsonError(ctx.yamlError);
  return emitYaml(node);
}

/** Helm's toYaml: "" on error, trailing newline removed. */
export function toYaml(v: GoValue): string {
  try {
    return yamlMarshal(v).replace(/\n$/, '');
  } catch (e) {
    if (e instanceof GoJsonError || e instanceof RangeError) return '';
    throw e;
  }
}

/** Helm's mustToYaml: like toYaml but throws on a marshalling error. */
export function mustToYaml(v: GoValue): string {
  return yamlMarshal(v).replace(/\n$/, '');
}

/** Helm's toYamlPretty (go-yaml v3 Encoder, indent 2, sequences indented, no line folding). */
export function toYamlPretty(v: GoValue): string {
  try {
    return emitYaml(toNodeV3(v, new Set()), { width: -1, indentSequencesInMappings: true, v3: true }).replace(/\n$/, '');
  } catch (e) {
    if (e instanceof GoJsonError || e instanceof RangeError) return '';
    throw e;
  }
}
