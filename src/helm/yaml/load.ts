// YAML loading as Helm does it: sigs.k8s.io/yaml.Unmarshal = go-yaml v2 (YAML 1.1) into interface{},
// converted to JSON (map keys stringified), then encoding/json into interface{} (every number is a
// float64). Built on the `yaml` package's parser; scalar resolution, merge keys, aliases and the
// conversions follow go-yaml v2 and sigs.k8s.io/yaml. Every loaded map and array entry remembers the
// file, line and column of its key and value.
import { parseAllDocuments, LineCounter, isAlias, isMap as isYamlMap, isScalar, isSeq, isPair, type Document, type Node as YamlNode, Scalar } from 'yaml';
import { newMap, type GoMap, type GoValue } from '../value.js';
import { formatFloatG, resolvePlain, type Resolved } from './resolve.js';
import { TextCache, textDigest } from '../text-cache.js';

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

export interface ValueOrigin {
  file: string;
  /** Position of the key (absent for sequence items). */
  key?: Position;
  /** Position of the value node (for an alias: the alias; for merged entries: the anchored source). */
  value: Position;
  /** Where the value node ends (exclusive), for multi-line regions. */
  valueEnd?: Position;
}

export type Container = GoMap | GoValue[];

const ORIGINS = new WeakMap<object, Map<string | number, ValueOrigin>>();

/** Where `container[key]` was loaded from, if it came from a values/YAML file loaded here. */
export function originOf(container: object, key: string | number): ValueOrigin | undefined {
  return ORIGINS.get(container)?.get(key);
}

function setOrigin(container: object, key: string | number, o: ValueOrigin): void {
  let m = ORIGINS.get(container);
  if (!m) ORIGINS.set(container, (m = new Map()));
  m.set(key, o);
}

/** Record an origin for container[key] (used by mergers that build new maps). */
export function copyOrigin(from: object, fromKey: string | number, to: object, toKey: string | number): void {
  const o = originOf(from, fromKey);
  if (o) setOrigin(to, toKey, o);
}

/** Look up the origin of a value path (map keys and sequence indexes) below `root`. */
export function originAt(root: GoValue, path: readonly (string | number)[]): ValueOrigin | undefined {
  let cur: GoValue = root;
  let origin: ValueOrigin | undefined;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    origin = originOf(cur, Array.isArray(cur) ? Number(seg) : String(seg));
    cur = Array.isArray(cur) ? cur[Number(seg)] : (cur as GoMap)[String(seg)];
    if (cur === undefined) return undefined;
  }
  return origin;
}

/** A failure of sigs.k8s.io/yaml.Unmarshal; the message is Go's (as far as it is reproduced). */
export class YamlLoadError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'YamlLoadError';
  }
}

class Fail extends Error {}

const ALIAS_RATIO_RANGE_LOW = 400000;
const ALIAS_RATIO_RANGE_HIGH = 4000000;
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW);
}

/** Values as go-yaml v2 decodes them into interface{}, before the JSON step. */
type V2 =
  | { k: 'null' }
  | { k: 'bool'; v: boolean }
  | { k: 'int'; v: bigint; unsigned: boolean }
  | { k: 'float'; v: number }
  | { k: 'str'; v: string }
  | { k: 'map'; entries: Map<unknown, { key: V2; value: V2; origin: ValueOrigin }> }
  | { k: 'seq'; items: { value: V2; origin: ValueOrigin }[] };

const TAG_PREFIX = 'tag:yaml.org,2002:';

function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? '!!' + tag.slice(TAG_PREFIX.length) : tag;
}

interface Ctx {
  text: string;
  doc: Document.Parsed;
  /** 1-based line and column of an offset of `text` (the line before lineOffset is added). */
  linePos: (offset: number) => { line: number; col: number };
  lineOffset: number;
  file: string;
  decodeCount: number;
  aliasCount: number;
  aliasDepth: number;
  activeAliases: Set<unknown>;
}

function pos(ctx: Ctx, offset: number | undefined): Position {
  const p = ctx.linePos(offset ?? 0);
  return { line: p.line + ctx.lineOffset, column: p.col };
}

function v2Equal(a: V2): unknown {
  // identity of a map key for "last wins": the Go value itself
  switch (a.k) {
    case 'null':
      return null;
    case 'bool':
    case 'float':
    case 'str':
      return `${a.k}:${String(a.v)}`;
    case 'int':
      return `int:${a.v}`;
    default:
      return a;
  }
}

function resolvedToV2(r: Resolved, raw: string): V2 {
  switch (r.tag) {
    case 'null':
      return { k: 'null' };
    case 'bool':
      return { k: 'bool', v: r.value };
    case 'int':
      return { k: 'int', v: r.value, unsigned: r.unsigned };
    case 'float':
      return { k: 'float', v: r.value };
    case 'timestamp':
      return { k: 'str', v: raw };
    default:
      return { k: 'str', v: raw };
  }
}

function checkEscapes(node: Scalar, ctx: Ctx): void {
  if (node.type === 'QUOTE_DOUBLE' && node.range) checkEscapesAt(ctx.text, node.range[0], node.range[1]);
}

function checkEscapesAt(text: string, start: number, end: number): void {
  const src = text.slice(start, end);
  if (/(^|[^\\])(\\\\)*\\(u[dD][89a-fA-F][0-9a-fA-F]{2}|U[0-9a-fA-F]{8})/.test(src)) {
    const m = /\\(u[dD][89a-fA-F][0-9a-fA-F]{2}|U([0-9a-fA-F]{8}))/.exec(src);
    if (m && (m[2] === undefined || parseInt(m[2], 16) > 0x10ffff || (parseInt(m[2], 16) >= 0xd800 && parseInt(m[2], 16) <= 0xdfff))) {
      throw new Fail('yaml: found invalid Unicode character escape code');
    }
  }
}

/**
 * The scalar's text after quoting and folding, before any tag resolved it: what go-yaml resolves.
 * With the failsafe schema it is also the node's value; a tree composed with another schema (the
 * lint's, see adoptParsedDocument) keeps it as `source`.
 */
function rawOf(node: Scalar): string {
  if (typeof node.source === 'string') return node.source;
  return typeof node.value === 'string' ? node.value : node.value === null || node.value === undefined ? '' : String(node.value);
}

function decodeScalar(node: Scalar, ctx: Ctx): V2 {
  checkEscapes(node, ctx);
  const raw = rawOf(node);
  const tag = node.tag;
  const plain = node.type === 'PLAIN' || node.type === undefined;
  return decodeScalarText(raw, tag, plain);
}

function decodeScalarText(raw: string, tag: string | undefined, plain: boolean): V2 {
  if (!tag || tag === '!') {
    if (!plain || tag === '!') return { k: 'str', v: raw };
    return resolvedToV2(resolvePlain(raw), raw);
  }
  const t = tag.startsWith(TAG_PREFIX) ? tag.slice(TAG_PREFIX.length) : null;
  switch (t) {
    case 'str':
      return { k: 'str', v: raw };
    case 'binary': {
      const clean = raw.replace(/[\r\n]/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
        throw new Fail('yaml: !!binary value contains invalid base64 data');
      }
      return { k: 'str', v: Buffer.from(clean, 'base64').toString('utf8') };
    }
    case 'bool':
    case 'int':
    case 'float':
    case 'timestamp':
    case 'null': {
      const r = resolvePlain(raw);
      const rtag = r.tag === 'merge' ? 'str' : r.tag;
      if (rtag === t || (t === 'float' && rtag === 'int') || (t === 'timestamp' && rtag === 'timestamp')) {
        if (t === 'float' && r.tag === 'int') return { k: 'float', v: Number(r.value) };
        return resolvedToV2(r, raw);
      }
      throw new Fail(`yaml: cannot decode !!${rtag} \`${raw}\` as a !!${t}`);
    }
    default:
      // unknown tags: the value is kept as a string (go-yaml v2 does not resolve it)
      return { k: 'str', v: raw };
  }
}

function isMergeKey(node: unknown): boolean {
  return isScalar(node) && (node.type === 'PLAIN' || node.tag === TAG_PREFIX + 'merge') && rawOf(node) === '<<' && (!node.tag || node.tag === TAG_PREFIX + 'merge');
}

function goSharp(v: V2): string {
  // %#v of the decoded value, enough for error messages
  switch (v.k) {
    case 'null':
      return 'interface {}(nil)';
    case 'bool':
      return String(v.v);
    case 'int':
      return v.v.toString();
    case 'float':
      return formatFloatG(v.v);
    case 'str':
      return JSON.stringify(v.v);
    case 'seq':
      return '[]interface {}{' + v.items.map((i) => goSharp(i.value)).join(', ') + '}';
    case 'map':
      return 'map[interface {}]interface {}{' + [...v.entries.values()].map((e) => goSharp(e.key) + ':' + goSharp(e.value)).join(', ') + '}';
  }
}

function decode(node: unknown, ctx: Ctx): V2 {
  ctx.decodeCount++;
  if (ctx.aliasDepth > 0) ctx.aliasCount++;
  if (ctx.aliasCount > 100 && ctx.decodeCount > 1000 && ctx.aliasCount / ctx.decodeCount > allowedAliasRatio(ctx.decodeCount)) {
    throw new Fail('yaml: document contains excessive aliasing');
  }
  if (node === null || node === undefined) return { k: 'null' };
  if (isAlias(node)) {
    if (ctx.activeAliases.has(node)) throw new Fail(`yaml: anchor '${node.source}' value contains itself`);
    const target = node.resolve(ctx.doc);
    if (!target) throw new Fail(`yaml: unknown anchor '${node.source}' referenced`);
    ctx.activeAliases.add(node);
    ctx.aliasDepth++;
    try {
      return decode(target, ctx);
    } finally {
      ctx.aliasDepth--;
      ctx.activeAliases.delete(node);
    }
  }
  if (isScalar(node)) return decodeScalar(node, ctx);
  if (isSeq(node)) {
    const items: { value: V2; origin: ValueOrigin }[] = [];
    for (const item of node.items) {
      const r = (item as YamlNode | null)?.range;
      const origin: ValueOrigin = { file: ctx.file, value: pos(ctx, r?.[0] ?? node.range?.[0]) };
      if (r) origin.valueEnd = pos(ctx, r[1]);
      items.push({ value: decode(item, ctx), origin });
    }
    return { k: 'seq', items };
  }
  if (isYamlMap(node)) {
    const out: V2 & { k: 'map' } = { k: 'map', entries: new Map() };
    decodeMappingInto(node, out, ctx);
    return out;
  }
  if (isPair(node)) throw new Fail('yaml: unexpected pair');
  return { k: 'null' };
}

function decodeMappingInto(node: unknown, out: V2 & { k: 'map' }, ctx: Ctx): void {
  if (!isYamlMap(node)) return;
  for (const pair of node.items) {
    if (isMergeKey(pair.key)) {
      merge(pair.value, out, ctx);
      continue;
    }
    const key = decode(pair.key, ctx);
    if (key.k === 'map' || key.k === 'seq') throw new Fail(`yaml: invalid map key: ${goSharp(key)}`);
    const value = decode(pair.value, ctx);
    const keyNode = pair.key as YamlNode | null;
    const valueNode = pair.value as YamlNode | null;
    const kpos = pos(ctx, keyNode?.range?.[0] ?? valueNode?.range?.[0] ?? node.range?.[0]);
    const origin: ValueOrigin = { file: ctx.file, key: kpos, value: valueNode?.range ? pos(ctx, valueNode.range[0]) : kpos };
    if (valueNode?.range) origin.valueEnd = pos(ctx, valueNode.range[1]);
    const id = v2Equal(key);
    out.entries.delete(id);
    out.entries.set(id, { key, value, origin });
  }
}

function merge(node: unknown, out: V2 & { k: 'map' }, ctx: Ctx): void {
  const failWantMap = (): never => {
    throw new Fail('yaml: map merge requires map or sequence of maps as the value');
  };
  const target = (n: unknown): unknown => (isAlias(n) ? n.resolve(ctx.doc) : n);
  const mergeOne = (n: unknown): void => {
    const v = decode(n, ctx);
    if (v.k !== 'map') failWantMap();
    for (const [id, e] of (v as V2 & { k: 'map' }).entries) {
      out.entries.delete(id);
      out.entries.set(id, e);
    }
  };
  if (isYamlMap(node)) return mergeOne(node);
  if (isAlias(node)) {
    if (!isYamlMap(target(node))) failWantMap();
    return mergeOne(node);
  }
  if (isSeq(node)) {
    for (let i = node.items.length - 1; i >= 0; i--) {
      const ni = node.items[i];
      if (!isYamlMap(target(ni))) failWantMap();
      mergeOne(ni);
    }
    return;
  }
  failWantMap();
}

/**
 * A node of the lint's fast YAML path (parsers/yaml-fast.ts: PlainYamlNode, the same shape, kept
 * apart since this module imports nothing of the linter): no tags, anchors, aliases or merge keys.
 * `source` is a scalar's text after quoting and folding, `style` its Scalar.type, `value` what
 * the YAML 1.2 core schema made of it; start and end are the Composer's range[0] and range[1].
 */
export interface PlainNode {
  kind: 'scalar' | 'map' | 'seq';
  style: string;
  source: string;
  value: unknown;
  start: number;
  end: number;
  /** A map's keys and values, alternating; a sequence's items. */
  items: readonly PlainNode[];
}

/** decode() for a fast-path tree: the same values and origins as for the Composer's node tree. */
function decodePlain(node: PlainNode, ctx: Ctx): V2 {
  ctx.decodeCount++;
  if (node.kind === 'scalar') {
    if (node.style === 'QUOTE_DOUBLE') checkEscapesAt(ctx.text, node.start, node.end);
    return decodeScalarText(node.source, undefined, node.style === 'PLAIN' || node.style === ''); // as decodeScalar: unset is plain
  }
  const items = node.items;
  if (node.kind === 'seq') {
    const seq: { value: V2; origin: ValueOrigin }[] = [];
    for (const item of items) {
      const origin: ValueOrigin = { file: ctx.file, value: pos(ctx, item.start), valueEnd: pos(ctx, item.end) };
      seq.push({ value: decodePlain(item, ctx), origin });
    }
    return { k: 'seq', items: seq };
  }
  const out: V2 & { k: 'map' } = { k: 'map', entries: new Map() };
  for (let i = 0; i < items.length; i += 2) {
    const keyNode = items[i]!;
    const valueNode = items[i + 1]!;
    const key = decodePlain(keyNode, ctx);
    const value = decodePlain(valueNode, ctx);
    const origin: ValueOrigin = { file: ctx.file, key: pos(ctx, keyNode.start), value: pos(ctx, valueNode.start), valueEnd: pos(ctx, valueNode.end) };
    const id = v2Equal(key);
    out.entries.delete(id);
    out.entries.set(id, { key, value, origin });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// sigs.k8s.io/yaml: YAML object → JSON → interface{}

function keyString(key: V2, value: V2): string {
  switch (key.k) {
    case 'str':
      return key.v;
    case 'int':
      if (key.unsigned && key.v > (1n << 63n) - 1n) break;
      return key.v.toString();
    case 'float': {
      const s = formatFloatG(key.v, 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    case 'bool':
      return key.v ? 'true' : 'false';
    default:
      break;
  }
  const typ = key.k === 'null' ? '%!s(<nil>)' : key.k === 'int' ? 'uint64' : '?';
  const kv = key.k === 'null' ? '<nil>' : goSharp(key);
  throw new Fail(`unsupported map key of type: ${typ}, key: ${kv}, value: ${goPlusSharp(value)}`);
}

function goPlusSharp(v: V2): string {
  if (v.k === 'null') return '<nil>';
  return goSharp(v);
}

function toGo(v: V2, container?: object, key?: string | number, origin?: ValueOrigin): GoValue {
  if (container && key !== undefined && origin) setOrigin(container, key, origin);
  switch (v.k) {
    case 'null':
      return null;
    case 'bool':
      return v.v;
    case 'int':
      return Number(v.v);
    case 'float':
      if (!Number.isFinite(v.v)) throw new Fail(`json: unsupported value: ${Number.isNaN(v.v) ? 'NaN' : v.v > 0 ? '+Inf' : '-Inf'}`);
      return v.v;
    case 'str':
      return v.v;
    case 'seq': {
      const arr: GoValue[] = [];
      v.items.forEach((it, i) => {
        arr.push(null);
        arr[i] = toGo(it.value, arr, i, it.origin);
      });
      return arr;
    }
    case 'map': {
      const m = newMap();
      for (const e of v.entries.values()) {
        const ks = keyString(e.key, e.value);
        m[ks] = null;
        m[ks] = toGo(e.value, m, ks, e.origin);
      }
      return m;
    }
  }
}

/** libyaml's wording for the parse errors the `yaml` package reports (best effort). */
function libyamlMessage(code: string, msg: string): string {
  const m = msg.split(/ at line \d+, column \d+/)[0]!.trim();
  if (/^flow sequence/i.test(m)) return "did not find expected ',' or ']'";
  if (/^flow map/i.test(m)) return "did not find expected ',' or '}'";
  if (/sequence item without - indicator/i.test(m)) return "did not find expected '-' indicator";
  if (/block-seq-ind on same line/i.test(m)) return 'block sequence entries are not allowed in this context';
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'mapping values are not allowed in this context';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'mapping values are not allowed in this context';
    case 'MISSING_CHAR':
      if (/flow map/i.test(m)) return "did not find expected ',' or '}'";
      if (/flow sequence/i.test(m)) return "did not find expected ',' or ']'";
      if (/quote/i.test(m)) return 'found unexpected end of stream';
      if (/followed by map values/i.test(m)) return "could not find expected ':'";
      break;
    case 'BAD_INDENT':
      return 'did not find expected key';
    case 'BAD_DQ_ESCAPE':
      return /\\[xuU]/.test(m) ? 'did not find expected hexdecimal number' : 'found unknown escape character';
    case 'BAD_SCALAR_START':
      return 'found character that cannot start any token';
    case 'UNEXPECTED_TOKEN':
      return /^-/.test(m) ? "did not find expected '-' indicator" : 'did not find expected key';
    default:
      break;
  }
  return m.charAt(0).toLowerCase() + m.slice(1);
}

/** Characters libyaml's reader accepts. */
const YAML_BAD_CHAR = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/;

// Parsed documents are kept (immutable, as go-yaml v2 decodes them) so that a file loaded again,
// such as a library chart's values.yaml for every chart that uses it, is only converted again.
// Keyed by file, line offset and a digest of the text: a key holding the text would keep every
// values file of the run alive as a string (12 MB on ../shared/corpus) while compact.ts keeps it deflated.
const V2_CACHE = new Map<string, DecodedEntry>();
let v2CacheChars = 0;
const V2_CACHE_LIMIT = 16 * 1024 * 1024;

/** A decoded document and its text's length (counted against V2_CACHE_LIMIT). */
interface DecodedEntry {
  v2: V2 | null;
  chars: number;
}

/**
 * Template-produced text (fromYaml) by text alone: charts convert the same few texts over and over
 * (10,227 calls on 203 distinct texts, 89 kB in all, over the corpus's 157 charts). Bounded by 1 M
 * characters of text, as a decoded tree is many times its text.
 */
const TEMPLATE_TEXT_CACHE = new TextCache<V2 | null>(1024 * 1024);

/** Empties the caches of decoded values files and template-produced texts. */
export function clearDecodedDocuments(): void {
  V2_CACHE.clear();
  v2CacheChars = 0;
  TEMPLATE_TEXT_CACHE.clear();
}

/**
 * Forgets the decoded files under a folder (`''`: all): a chart's values files, once its renderings
 * are done, are not read again, and the lint decodes every chart's values before the first renders.
 */
export function forgetDecodedUnder(folder: string): void {
  const prefix = folder === '' ? '' : `${folder}/`;
  for (const [key, entry] of V2_CACHE) {
    if (!key.startsWith(prefix)) continue;
    V2_CACHE.delete(key);
    v2CacheChars -= entry.chars;
  }
}

function decodeDocument(text: string, file: string, lineOffset: number): V2 | null {
  if (file === '') {
    if (lineOffset !== 0) return decodeDocumentUncached(text, file, lineOffset);
    let v2 = TEMPLATE_TEXT_CACHE.get(text);
    if (v2 === undefined) TEMPLATE_TEXT_CACHE.set(text, (v2 = decodeDocumentUncached(text, file, lineOffset)));
    return v2;
  }
  const cacheKey = v2CacheKey(text, file, lineOffset);
  const hit = V2_CACHE.get(cacheKey);
  if (hit) return hit.v2;
  const v2 = decodeDocumentUncached(text, file, lineOffset);
  keepDecoded(cacheKey, { v2, chars: text.length });
  return v2;
}

function v2CacheKey(text: string, file: string, lineOffset: number): string {
  return `${file}\u0000${lineOffset}\u0000${textDigest(text)}`;
}

function keepDecoded(cacheKey: string, entry: DecodedEntry): void {
  const chars = entry.chars;
  if (chars >= V2_CACHE_LIMIT / 4) return;
  for (const [oldest, old] of V2_CACHE) {
    if (v2CacheChars + chars <= V2_CACHE_LIMIT) break;
    V2_CACHE.delete(oldest);
    v2CacheChars -= old.chars;
  }
  const replaced = V2_CACHE.get(cacheKey);
  if (replaced) v2CacheChars -= replaced.chars;
  V2_CACHE.set(cacheKey, entry);
  v2CacheChars += chars;
}

/** Has this text's first document been decoded (or adopted) under this name? For tests. */
export function isDecodedDocumentKept(text: string, file: string, lineOffset = 0): boolean {
  return V2_CACHE.has(v2CacheKey(text, file, lineOffset));
}

/** A collection with a tag: the lint's schema may have made it something else (`!!set`, `!!omap`, `!!pairs`). */
function hasTaggedCollection(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isYamlMap(n)) {
      if (n.tag) return true;
      for (const p of n.items) stack.push(p.key, p.value);
    } else if (isSeq(n)) {
      if (n.tag) return true;
      for (const item of n.items) stack.push(item);
    }
  }
  return false;
}

/**
 * What decodeDocumentUncached does to a text before parsing it (refuse it, read NEL as a line
 * break) is left to it, and so are directives (a %YAML or %TAG line applies to the next document).
 */
function adoptableText(text: string): boolean {
  return !(YAML_BAD_CHAR.test(text) || text.includes('\u0085') || text.includes('\ufeff') || /^%/m.test(text));
}

/**
 * A document the lint composed already (parsers/yaml.ts, with its own options: YAML 1.2 core
 * schema, merge keys, strict) becomes what decodeDocument gives for `chunk` of `file` at
 * `lineOffset`, so that a values file is parsed once per run. The node tree is the same whatever
 * the schema (go-yaml resolves each scalar from its text, kept as `source`), except for tagged
 * collections, which the lint's schema may turn into sets or pairs; those documents, documents
 * with errors (Helm's message comes from its own parse) and anything go-yaml refuses are left to
 * decodeDocument. `text` is the whole file, `linePos` its lines; the document's offsets are in it.
 */
export function adoptParsedDocument(
  chunk: string,
  file: string,
  lineOffset: number,
  doc: Document.Parsed,
  text: string,
  linePos: (offset: number) => { line: number; col: number },
): boolean {
  if (!adoptableText(text)) return false;
  if (doc.errors.length > 0 || !isYamlMap(doc.contents) || hasTaggedCollection(doc.contents)) return false;
  // positions come from the whole text's lines, which already count the chunk's lineOffset
  const ctx: Ctx = { text, doc, linePos, lineOffset: 0, file, decodeCount: 0, aliasCount: 0, aliasDepth: 0, activeAliases: new Set() };
  let v2: V2;
  try {
    v2 = decode(doc.contents, ctx);
  } catch (e) {
    if (e instanceof Fail || e instanceof RangeError) return false;
    throw e;
  }
  keepDecoded(v2CacheKey(chunk, file, lineOffset), { v2, chars: chunk.length });
  return true;
}

/**
 * adoptParsedDocument for a document the lint's fast YAML path composed (a PlainNode tree, see
 * there): what go-yaml decodes is built from it and kept where decodeDocument finds it.
 */
export function adoptPlainDocument(
  chunk: string,
  file: string,
  lineOffset: number,
  root: PlainNode,
  text: string,
  linePos: (offset: number) => { line: number; col: number },
): boolean {
  if (!adoptableText(text) || root.kind !== 'map') return false;
  // no aliases to resolve: no document is needed
  const ctx: Ctx = { text, doc: undefined!, linePos, lineOffset: 0, file, decodeCount: 0, aliasCount: 0, aliasDepth: 0, activeAliases: new Set() };
  let v2: V2;
  try {
    v2 = decodePlain(root, ctx);
  } catch (e) {
    if (e instanceof Fail || e instanceof RangeError) return false;
    throw e;
  }
  keepDecoded(v2CacheKey(chunk, file, lineOffset), { v2, chars: chunk.length });
  return true;
}

/**
 * Indent the continuation lines of the quoted scalar starting at `start` one column deeper than the
 * line it starts on (folding drops that whitespace, so the value is unchanged). undefined when the
 * scalar is not closed or a continuation line is a document marker (libyaml refuses those too).
 */
/** The opening quote of a quoted scalar still open at `errorAt`, starting at most 30 lines before. */
function findOpenQuote(text: string, errorAt: number): number {
  let lineStart = text.lastIndexOf('\n', errorAt - 1) + 1;
  for (let back = 0; back < 30; back++) {
    let start = -1;
    let opened = -1;
    for (let i = lineStart; i < errorAt; i++) {
      const c = text[i]!;
      if (start < 0) {
        if (c === '\n') break;
        if (c === '#' && (i === lineStart || /\s/.test(text[i - 1]!))) break;
        if ((c === '"' || c === "'") && (i === lineStart || /[\s:\-?[{,]/.test(text[i - 1]!))) start = opened = i;
        continue;
      }
      const q = text[start]!;
      if (q === '"' && c === '\\') {
        i++;
        continue;
      }
      if (c === q) {
        if (q === "'" && text[i + 1] === "'") {
          i++;
          continue;
        }
        start = -1;
      }
    }
    if (start >= 0 && opened === start) return start;
    if (lineStart === 0) break;
    lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  }
  return -1;
}

function reindentQuoted(text: string, errorAt: number): string | undefined {
  const start = findOpenQuote(text, errorAt);
  if (start < 0) return undefined;
  const q = text[start]!;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^ */.exec(text.slice(lineStart))![0].length + 1;
  let out = text.slice(0, start + 1);
  let changed = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (q === '"' && c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === q) {
      if (q === "'" && text[i + 1] === "'") {
        out += "''";
        i++;
        continue;
      }
      return changed ? out + text.slice(i) : undefined;
    }
    out += c;
    if (c === '\n') {
      const rest = text.slice(i + 1);
      if (/^(---|\.\.\.)(\s|$)/.test(rest)) return undefined;
      const have = /^ */.exec(rest)![0].length;
      if (have < indent && !/^\s*(\n|$)/.test(rest)) {
        out += ' '.repeat(indent - have);
        changed = true;
      }
    }
  }
  return undefined;
}

function decodeDocumentUncached(text: string, file: string, lineOffset: number): V2 | null {
  if (YAML_BAD_CHAR.test(text)) throw new YamlLoadError('error converting YAML to JSON: yaml: control characters are not allowed');
  // YAML 1.1: NEL is a line break, read as "\n" everywhere (same length, so offsets hold)
  if (text.includes('\u0085')) text = text.replace(/\u0085/g, '\n');
  let lc = new LineCounter();
  const parse = () =>
    parseAllDocuments(text, {
      schema: 'failsafe',
      merge: false,
      uniqueKeys: false,
      strict: false,
      resolveKnownTags: false,
      lineCounter: lc,
      prettyErrors: false,
    });
  let docs = parse();
  // libyaml accepts quoted scalars whose continuation lines are indented less than YAML 1.2 wants
  for (let attempt = 0; attempt < 50 && Array.isArray(docs) && docs[0]; attempt++) {
    const errors = docs[0].errors;
    const e = errors.find((x) => (x.code === 'MISSING_CHAR' && /Missing closing ["']quote/.test(x.message)) || x.code === 'MULTILINE_IMPLICIT_KEY');
    const repaired = e ? reindentQuoted(text, e.pos[0]) : undefined;
    if (repaired === undefined) break;
    const before = { text, lc, docs };
    text = repaired;
    lc = new LineCounter();
    docs = parse();
    if (!Array.isArray(docs) || !docs[0] || docs[0].errors.length >= errors.length) {
      ({ text, lc, docs } = before);
      break;
    }
  }
  if (!Array.isArray(docs)) return null; // EmptyStream
  const doc = docs[0];
  if (!doc) return null;
  // go-yaml v2 stops after the root node: what follows a flow collection or quoted scalar root is never parsed
  const root = doc.contents as YamlNode | null;
  let lenientAfter = Infinity;
  if (root?.range) {
    const end = root.range[1];
    const closedFlow = (isYamlMap(root) || isSeq(root)) && (root as { flow?: boolean }).flow && /[}\]]/.test(text[end - 1] ?? '');
    const quoted = isScalar(root) && (root.type === 'QUOTE_DOUBLE' || root.type === 'QUOTE_SINGLE');
    if (closedFlow || quoted) lenientAfter = end;
  }
  const err = doc.errors.find((e) => e.pos[0] < lenientAfter);
  if (err) {
    const at = err.code === 'MULTILINE_IMPLICIT_KEY' ? Math.max(err.pos[0], err.pos[1] - 1) : err.pos[0];
    const lp = lc.linePos(Math.min(at, text.length));
    // go-yaml v2 prints the 0-based line of the problem (+1 for scanner errors), none for line 0;
    // libyaml puts the end of the stream on a line of its own
    let line0 = lp.line - 1;
    const msg = libyamlMessage(err.code, err.code === 'UNEXPECTED_TOKEN' && isSeq(root) && !(root as { flow?: boolean }).flow ? '-' : err.message);
    const scanner = !/^did not find expected/.test(msg);
    if (!scanner && at >= text.length && !text.endsWith('\n') && text.length > 0) line0++;
    const printed = line0 === 0 ? 0 : scanner ? line0 + 1 : line0;
    const where = printed ? `line ${printed + lineOffset}: ` : '';
    throw new YamlLoadError(`error converting YAML to JSON: yaml: ${where}${msg}`, lp.line + lineOffset, lp.col);
  }
  const ctx: Ctx = { text, doc, linePos: lc.linePos, lineOffset, file, decodeCount: 0, aliasCount: 0, aliasDepth: 0, activeAliases: new Set() };
  try {
    return decode(doc.contents, ctx);
  } catch (e) {
    if (e instanceof Fail) throw new YamlLoadError(`error converting YAML to JSON: ${e.message}`);
    if (e instanceof RangeError) throw new YamlLoadError('error converting YAML to JSON: yaml: exceeded max depth');
    throw e;
  }
}

/**
 * sigs.k8s.io/yaml.Unmarshal into interface{}: the first YAML document of `text`, converted as
 * Helm converts it. Throws YamlLoadError with Go's error text (wrapping included).
 */
export function yamlUnmarshal(text: string, file = '', lineOffset = 0): GoValue {
  const v2 = decodeDocument(text, file, lineOffset);
  if (v2 === null) return null;
  try {
    return toGo(v2);
  } catch (e) {
    if (e instanceof Fail) throw new YamlLoadError(`error converting YAML to JSON: ${e.message}`);
    if (e instanceof RangeError) throw new YamlLoadError('error converting YAML to JSON: json: exceeded max depth');
    throw e;
  }
}

export function jsonKindOf(v: GoValue): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}
