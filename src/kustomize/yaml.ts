// YAML in and out the way kustomize does it. In: go-yaml v3 semantics (YAML 1.2 core schema), with
// the source position of every value kept beside the plain JS objects (a WeakMap keyed by the
// containing object), so a built object can say which file and line produced each value. Out:
// kustomize prints each object as JSON converted by sigs.k8s.io/yaml, i.e. go-yaml v2's emitter:
// keys in go-yaml's "natural" order, sequences not indented under their key, v2's quoting rules
// and plain/quoted scalars folded at column 80.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** Where a value came from: file (as the caller named it), 1-based line and column. */
export interface SourceLoc {
  file: string;
  line: number;
  column: number;
  /** The location this one replaced (a patch over a base value). */
  replaced?: SourceLoc;
}

const LOCS = new WeakMap<object, Map<string | number, SourceLoc>>();

export function locOf(container: object, key: string | number): SourceLoc | undefined {
  return LOCS.get(container)?.get(key);
}

export function setLoc(container: object, key: string | number, loc: SourceLoc | undefined): void {
  if (!loc) return;
  let m = LOCS.get(container);
  if (!m) LOCS.set(container, (m = new Map()));
  m.set(key, loc);
}

const KEY_LOCS = new WeakMap<object, Map<string, SourceLoc>>();

/** Where the key of a mapping pair was written. */
export function keyLocOf(container: object, key: string): SourceLoc | undefined {
  return KEY_LOCS.get(container)?.get(key);
}

export function setKeyLoc(container: object, key: string, loc: SourceLoc | undefined): void {
  if (!loc) return;
  let m = KEY_LOCS.get(container);
  if (!m) KEY_LOCS.set(container, (m = new Map()));
  m.set(key, loc);
}

/** Copy the recorded locations of `from` onto `to` (clones and rebuilt lists keep their origins). */
export function copyLocs(from: object, to: object): void {
  const m = LOCS.get(from);
  if (m) LOCS.set(to, new Map(m));
  const k = KEY_LOCS.get(from);
  if (k) KEY_LOCS.set(to, new Map(k));
}

/** Deep clone keeping the location side table. */
export function cloneJson<T extends Json>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = v.map((x) => cloneJson(x));
    copyLocs(v, out);
    return out as T;
  }
  const out: JsonObject = {};
  for (const k of Object.keys(v)) out[k] = cloneJson((v as JsonObject)[k]!);
  copyLocs(v, out);
  return out as T;
}

export class YamlError extends Error {}

/** Values one document may expand to (aliases included). */
const MAX_NODES = 2_000_000;

export interface ParsedDoc {
  value: Json;
  /** 1-based line of the document's first content. */
  line: number;
}

/** Parse a multi-document stream; every map/sequence gets its value locations recorded. */
export function parseYamlStream(text: string, file: string): ParsedDoc[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, version: '1.2', schema: 'core', merge: true, uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const out: ParsedDoc[] = [];
  for (const d of docs) {
    if (d.errors.length > 0) throw new YamlError(`${file}: ${d.errors[0]!.message.split('\n')[0]}`);
    if (d.contents === null) continue;
    const pos = (n: YamlNode | null | undefined): SourceLoc | undefined => {
      const r = n?.range;
      if (!r) return undefined;
      const p = lc.linePos(r[0]);
      return { file, line: p.line, column: p.col };
    };
    let budget = MAX_NODES;
    const conv = (n: unknown, depth: number): Json => {
      if (depth > 200) throw new YamlError(`${file}: nesting too deep`);
      // aliases are expanded: a few lines of anchors must not become billions of nodes
      if (--budget < 0) throw new YamlError(`${file}: more than ${MAX_NODES} values after expanding aliases`);
      if (isAlias(n)) return conv(n.resolve(d), depth + 1);
      if (isScalar(n)) {
        const v = n.value;
        if (v === null || v === undefined) return null;
        if (
          typeof v === 'string' &&
          (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') &&
          v.endsWith('\n') &&
          n.range &&
          n.range[1] >= text.length &&
          !text.endsWith('\n')
        ) {
          // go-yaml: a block scalar cut off by the end of the file has no final line break
          return v.slice(0, -1);
        }
        if (typeof v === 'number' && n.type === 'PLAIN' && typeof n.source === 'string' && /^[-+]?0[0-7]+$/.test(n.source)) {
          // go-yaml v3 reads a leading-zero integer as octal (0755 is 493), as kustomize does
          return parseInt(n.source, 8);
        }
        if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
        if (typeof v === 'bigint') return Number(v);
        return String(v);
      }
      if (isSeq(n)) {
        const arr: Json[] = [];
        n.items.forEach((it, i) => {
          arr.push(conv(it, depth + 1));
          setLoc(arr, i, pos(it as YamlNode));
        });
        return arr;
      }
      if (isMap(n)) {
        const obj: JsonObject = {};
        for (const pair of n.items) {
          if (!isPair(pair)) continue;
          const kn = pair.key;
          if (isScalar(kn) && kn.value === '<<' && (isMap(pair.value) || isAlias(pair.value) || isSeq(pair.value))) {
            const merged = isSeq(pair.value) ? pair.value.items.map((x) => conv(x, depth + 1)) : [conv(pair.value, depth + 1)];
            for (const m of merged) {
              if (m && typeof m === 'object' && !Array.isArray(m)) for (const k of Object.keys(m)) if (!(k in obj)) obj[k] = m[k]!;
            }
            continue;
          }
          const key = isScalar(kn) ? String(kn.value ?? 'null') : String(conv(kn, depth + 1));
          obj[key] = pair.value === null || pair.value === undefined ? null : conv(pair.value, depth + 1);
          setLoc(obj, key, pos((pair.value as YamlNode | null) ?? (kn as YamlNode)) ?? pos(kn as YamlNode));
          setKeyLoc(obj, key, pos(kn as YamlNode));
        }
        return obj;
      }
      return null;
    };
    const value = conv(d.contents, 0);
    out.push({ value, line: pos(d.contents as YamlNode)?.line ?? 1 });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Output: go-yaml v2's Marshal of the object's JSON form.

const BEST_WIDTH = 80;

/** go-yaml v2's key order (sorter.go): runs of digits compare as numbers, letters before other runes. */
const PLAIN_KEY = /^[a-zA-Z._/-]*$/;

export function goKeyLess(a: string, b: string): boolean {
  // no digits and ASCII only: letters before the rest, otherwise code point order
  if (PLAIN_KEY.test(a) && PLAIN_KEY.test(b)) return plainKeyLess(a, b);
  const ar = Array.from(a);
  const br = Array.from(b);
  let digits = false;
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const isLetter = (c: string) => /\p{L}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]!);
      continue;
    }
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return digits ? al : bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function plainKeyLess(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const al = isAsciiLetter(x);
    const bl = isAsciiLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return bl;
    return x < y;
  }
  return a.length < b.length;
}

function sortedKeys(o: JsonObject): string[] {
  return Object.keys(o).sort((a, b) => (goKeyLess(a, b) ? -1 : goKeyLess(b, a) ? 1 : 0));
}

// go-yaml v2's resolve(): would this plain text read back as something other than a string?
const V2_SPECIAL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);
const V2_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = [/^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}(?::\d{2})?))?$/, /^\d{4}-\d{2}-\d{2}$/];

function goParseIntOk(s: string): boolean {
  // strconv.ParseInt/ParseUint(s, 0, 64) after yaml.v2 strips underscores (overflow falls to the float regex)
  const t = s.replace(/_/g, '');
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/.test(t);
}

function resolvesToNonString(s: string): boolean {
  if (V2_SPECIAL.has(s)) return true;
  const c = s[0]!;
  if ('+-0123456789.'.includes(c)) {
    if (goParseIntOk(s)) return true;
    const t = s.replace(/_/g, '');
    if (V2_FLOAT.test(t)) return true;
    if (s.startsWith('0b') || s.startsWith('-0b')) {
      if (/^-?0b[01_]+$/.test(s)) return true;
    }
    if (TIMESTAMP.some((r) => r.test(s))) return true;
  }
  return false;
}

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}
const isBreakCp = (cp: number) => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isSpaceCp = (cp: number) => cp === 0x20;
const isBlankz = (cp: number | undefined) => cp === undefined || cp === 0x20 || cp === 0x09 || isBreakCp(cp) || cp === 0;

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(value: string): Analysis {
  const cps = Array.from(value).map((c) => c.codePointAt(0)!);
  if (cps.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankz(cps[1]);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isBreakCp(c)) lineBreaks = true;
    if (isSpaceCp(c)) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(c)) {
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
    followedByWhitespace = isBlankz(cps[i + 2]);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/** A small model of the emitter's column so folding happens where go-yaml folds. */
class Out {
  parts: string[] = [];
  column = 0;
  write(s: string): void {
    this.parts.push(s);
    const nl = s.lastIndexOf('\n');
    const tail = nl >= 0 ? s.slice(nl + 1) : s;
    // columns count characters (runes), not UTF-16 units
    const width = /[\ud800-\udfff]/.test(tail) ? Array.from(tail).length : tail.length;
    this.column = nl >= 0 ? width : this.column + width;
  }
  newline(): void {
    this.parts.push('\n');
    this.column = 0;
  }
  /** End the line unless a block scalar already did. */
  endLine(): void {
    if (this.column !== 0 || !this.parts[this.parts.length - 1]?.endsWith('\n')) this.newline();
  }
  indentTo(indent: number): void {
    this.newline();
    this.write(' '.repeat(indent));
  }
}

function writePlain(o: Out, value: string, indent: number, allowBreaks: boolean): void {
  const cps = Array.from(value);
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    if (ch === ' ') {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && cps[i + 1] !== ' ') o.indentTo(indent);
      else o.write(ch);
      spaces = true;
    } else {
      o.write(ch);
      spaces = false;
    }
  }
}

function writeSingle(o: Out, value: string, indent: number, allowBreaks: boolean): void {
  o.write("'");
  const cps = Array.from(value);
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    if (ch === ' ') {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1 && cps[i + 1] !== ' ') o.indentTo(indent);
      else o.write(ch);
      spaces = true;
    } else {
      o.write(ch === "'" ? "''" : ch);
      spaces = false;
    }
  }
  o.write("'");
}

const ESCAPES: Record<number, string> = {
  0: '0',
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  27: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

function writeDouble(o: Out, value: string, indent: number, allowBreaks: boolean): void {
  o.write('"');
  const cps = Array.from(value);
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff || isBreakCp(c) || ch === '"' || ch === '\\') {
      const e = ESCAPES[c];
      if (e) o.write('\\' + e);
      else if (c <= 0xff) o.write('\\x' + c.toString(16).toUpperCase().padStart(2, '0'));
      else if (c <= 0xffff) o.write('\\u' + c.toString(16).toUpperCase().padStart(4, '0'));
      else o.write('\\U' + c.toString(16).toUpperCase().padStart(8, '0'));
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1) {
        o.indentTo(indent);
        if (cps[i + 1] === ' ') o.write('\\');
      } else o.write(ch);
      spaces = true;
    } else {
      o.write(ch);
      spaces = false;
    }
  }
  o.write('"');
}

function writeLiteral(o: Out, value: string, indent: number): void {
  const cps = Array.from(value);
  let hints = '';
  if (cps[0] === ' ' || (cps[0] !== undefined && isBreakCp(cps[0].codePointAt(0)!))) hints += '2';
  const last = cps[cps.length - 1];
  if (last === undefined || !isBreakCp(last.codePointAt(0)!)) hints += '-';
  else if (cps.length === 1) hints += '+';
  else if (isBreakCp(cps[cps.length - 2]!.codePointAt(0)!)) hints += '+';
  o.write('|' + hints);
  o.newline();
  let breaks = true;
  for (const ch of cps) {
    if (isBreakCp(ch.codePointAt(0)!)) {
      o.newline();
      breaks = true;
    } else {
      if (breaks) o.write(' '.repeat(indent));
      o.write(ch);
      breaks = false;
    }
  }
}

/** Emit a string scalar; `indent` is the column continuation lines take, `key` for mapping keys. */
function writeString(o: Out, s: string, indent: number, key: boolean): void {
  const canUsePlain = !resolvesToNonString(s) && !BASE60.test(s);
  let style: 'plain' | 'single' | 'double' | 'literal' = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  const a = analyze(s);
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (s.length === 0 && key) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || key)) style = 'double';
  if (style === 'plain') writePlain(o, s, indent, !key);
  else if (style === 'single') writeSingle(o, s, indent, !key);
  else if (style === 'double') writeDouble(o, s, indent, !key);
  else writeLiteral(o, s, indent);
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '+.inf' : '-.inf';
  // strconv.FormatFloat(f, 'g', -1, 64)
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = n.toExponential().split('e');
    const ev = Number(e);
    return `${m}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(n);
}

function isEmptyCollection(v: Json): boolean {
  return v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
}

function writeScalarValue(o: Out, v: Json, indent: number): void {
  if (v === null) o.write('null');
  else if (typeof v === 'boolean') o.write(v ? 'true' : 'false');
  else if (typeof v === 'number') o.write(formatNumber(v));
  else if (typeof v === 'string') writeString(o, v, indent, false);
  else if (Array.isArray(v)) o.write('[]');
  else o.write('{}');
}

/** Block mapping at `indent`; the first key is written at the current position. */
function writeMap(o: Out, m: JsonObject, indent: number, first: boolean): void {
  let isFirst = first;
  for (const k of sortedKeys(m)) {
    if (!isFirst) o.write(' '.repeat(indent));
    isFirst = false;
    writeString(o, k, indent + 2, true);
    o.write(':');
    const v = m[k]!;
    writeValueAfterKey(o, v, indent);
  }
}

function writeValueAfterKey(o: Out, v: Json, indent: number): void {
  if (v !== null && typeof v === 'object' && !isEmptyCollection(v)) {
    o.newline();
    if (Array.isArray(v)) writeSeq(o, v, indent);
    else {
      o.write(' '.repeat(indent + 2));
      writeMap(o, v, indent + 2, true);
    }
    return;
  }
  o.write(' ');
  writeScalarValue(o, v, indent + 2);
  o.endLine();
}

/** Block sequence whose "- " indicators sit at `indent`. */
function writeSeq(o: Out, s: Json[], indent: number): void {
  writeSeqInline(o, s, indent, false);
}

/** A sequence that starts on the line of its parent's "- " (or, not inline, on a line of its own). */
function writeSeqInline(o: Out, s: Json[], indent: number, inline = true): void {
  let first = inline;
  for (const item of s) {
    if (!first) o.write(' '.repeat(indent));
    first = false;
    o.write('-');
    if (item !== null && typeof item === 'object' && !isEmptyCollection(item)) {
      o.write(' ');
      if (Array.isArray(item)) writeSeqInline(o, item, indent + 2);
      else writeMap(o, item, indent + 2, true);
    } else {
      o.write(' ');
      writeScalarValue(o, item, indent + 2);
      o.endLine();
    }
  }
}

/** One object as `yaml.JSONToYAML(json.Marshal(obj))` prints it. */
export function emitGoYaml(v: Json): string {
  const o = new Out();
  if (v !== null && typeof v === 'object' && !isEmptyCollection(v)) {
    if (Array.isArray(v)) writeSeq(o, v, 0);
    else writeMap(o, v, 0, true);
  } else {
    writeScalarValue(o, v, 0);
    o.endLine();
  }
  return o.parts.join('');
}
