// Sprig string functions. Ported from Masterminds/sprig v3.3.0 strings.go/functions.go (MIT),
// Masterminds/goutils (Apache-2.0: Abbreviate, Wrap, Initials, Uncapitalize, SwapCase) and
// huandu/xstrings v1.5 (MIT: case conversions). Go strings are UTF-8 bytes: trunc/substr
// cut bytes (a cut inside a character leaves U+FFFD where Go leaves a lone byte).

import { createHash } from 'node:crypto';
import { typedSlice, type GoValue } from '../../value.js';
import type { FuncMap } from '../../template/index.js';
import { byteSlice, fmtV, goQuote, intArg, isNil, strval, typedMap, typeName, utf8Len, compareBytes, isList } from './goval.js';
import { fn, variadic } from './sig.js';
import { checkStringSize } from '../../template/budget.js';
import { newMap } from '../../value.js';

// ---------------------------------------------------------------------------------------------------------
// Unicode helpers with Go's rules

/** unicode.IsSpace */
export function goIsSpace(ch: string): boolean {
  switch (ch) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case '\u0085':
    case '\u00a0':
      return true;
    default:
      return /[\p{White_Space}]/u.test(ch) && ch.codePointAt(0)! > 0xff;
  }
}

const isUpper = (ch: string) => /\p{Lu}/u.test(ch);
const isLower = (ch: string) => /\p{Ll}/u.test(ch);
const isTitleCase = (ch: string) => /\p{Lt}/u.test(ch);
const isLetter = (ch: string) => /\p{L}/u.test(ch);
const isDigitU = (ch: string) => /\p{Nd}/u.test(ch);

/** unicode.ToUpper on one code point (simple mapping only: multi-char expansions are not applied). */
function runeUpper(ch: string): string {
  const u = ch.toUpperCase();
  return [...u].length === 1 ? u : ch;
}
function runeLower(ch: string): string {
  const l = ch.toLowerCase();
  return [...l].length === 1 ? l : ch;
}
function runeTitle(ch: string): string {
  // unicode.ToTitle: differs from ToUpper only for a few digraphs (ǆ → ǅ)
  const map: Record<string, string> = { ǆ: 'ǅ', Ǆ: 'ǅ', ǉ: 'ǈ', Ǉ: 'ǈ', ǌ: 'ǋ', Ǌ: 'ǋ', ǳ: 'ǲ', Ǳ: 'ǲ' };
  return map[ch] ?? runeUpper(ch);
}

export const goUpper = (s: string) => [...s].map(runeUpper).join('');
export const goLower = (s: string) => [...s].map(runeLower).join('');

/** strings.TrimSpace */
export function trimSpace(s: string): string {
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && goIsSpace(cps[a]!)) a++;
  while (b > a && goIsSpace(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

/** strings.Trim(s, cutset) */
export function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set([...cutset]);
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && set.has(cps[a]!)) a++;
  while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

/** strings.Title (deprecated in Go, still what Sprig's `title` calls). */
export function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const r of s) {
    out += isSeparator(prev) ? runeTitle(r) : r;
    prev = r;
  }
  return out;
}
function isSeparator(r: string): boolean {
  const c = r.codePointAt(0)!;
  if (c <= 0x7f) return !/[0-9A-Za-z_]/.test(r);
  if (isLetter(r) || isDigitU(r)) return false;
  return goIsSpace(r);
}

/** strings.Replace(s, old, new, -1) */
export function replaceAll(s: string, old: string, repl: string): string {
  if (old === '') {
    // Go inserts `new` before every UTF-8 sequence and at the end
    return repl + [...s].map((c) => c + repl).join('');
  }
  return s.split(old).join(repl);
}

/** strings.Split(s, sep) */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const cps = [...s];
    if (n > 0 && cps.length > n) return [...cps.slice(0, n - 1), cps.slice(n - 1).join('')];
    return cps;
  }
  const parts = s.split(sep);
  if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
  return parts;
}

// goutils --------------------------------------------------------------------------------------------------

function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '') return '';
  if (maxWidth < 4) return str; // error ignored by Sprig → returns ""? Sprig guards width < 4 before calling
  const len = utf8Len(str);
  if (len <= maxWidth) return str;
  let off = offset;
  if (off > len) off = len;
  if (len - off < maxWidth - 3) off = len - (maxWidth - 3);
  const marker = '...';
  if (off <= 4) return byteSlice(str, 0, maxWidth - 3) + marker;
  if (maxWidth < 7) return '';
  if (off + maxWidth - 3 < len) return marker + abbreviateFull(byteSlice(str, off), 0, maxWidth - 3);
  return marker + byteSlice(str, len - (maxWidth - 3));
}

/** goutils.WrapCustom */
export function wrapCustom(str: string, wrapLength: number, newLineStr: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  const nl = newLineStr === '' ? '\n' : newLineStr;
  const wl = wrapLength < 1 ? 1 : wrapLength;
  const inputLineLength = str.length;
  let offset = 0;
  let out = '';
  while (inputLineLength - offset > wl) {
    if (str[offset] === ' ') {
      offset++;
      continue;
    }
    const end = wl + offset + 1;
    const spaceToWrapAt = str.slice(offset, end).lastIndexOf(' ') + offset;
    if (spaceToWrapAt >= offset) {
      out += str.slice(offset, spaceToWrapAt) + nl;
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      out += str.slice(offset, wl + offset) + nl;
      offset += wl;
    } else {
      const e = wl + offset;
      const index = str.slice(e).indexOf(' ');
      if (index === -1) {
        out += str.slice(offset);
        offset = inputLineLength;
      } else {
        const at = index + e;
        out += str.slice(offset, at) + nl;
        offset = at + 1;
      }
    }
  }
  return out + str.slice(offset);
}

function initials(s: string): string {
  if (s === '') return s;
  let out = '';
  let gap = true;
  for (const ch of s) {
    if (goIsSpace(ch)) gap = true;
    else if (gap) {
      out += ch;
      gap = false;
    }
  }
  return out;
}

function uncapitalize(s: string): string {
  let out = '';
  let next = true;
  for (const ch of s) {
    if (goIsSpace(ch)) {
      next = true;
      out += ch;
    } else if (next) {
      out += runeLower(ch);
      next = false;
    } else out += ch;
  }
  return out;
}

function swapCase(s: string): string {
  let out = '';
  for (const ch of s) {
    if (isUpper(ch) || isTitleCase(ch)) out += runeLower(ch);
    else if (isLower(ch)) out += runeUpper(ch);
    else out += ch;
  }
  return out;
}

// xstrings v1.5 case conversion (huandu/xstrings convert.go, MIT) -----------------------------------------

const isConnectorX = (r: string) => r === '-' || r === '_' || goIsSpace(r);
const isPunct = (r: string) => /\p{P}/u.test(r);
const isNumber = (r: string) => /\p{N}/u.test(r);
const isAlphabet = (r: string) => /[A-Za-z]/.test(r);

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

function nextWord(str: string[], pos: number): [WordType, string, number] {
  if (pos >= str.length) return ['invalid', '', pos];
  let i = pos;
  const r = str[i]!;
  i++;
  let wt: WordType;
  if (isConnectorX(r)) {
    wt = 'connector';
    while (i < str.length && isConnectorX(str[i]!)) i++;
  } else if (isPunct(r)) {
    wt = 'punct';
    while (i < str.length && isPunct(str[i]!)) i++;
  } else if (isUpper(r)) {
    wt = 'upper';
    if (i < str.length) {
      const r1 = str[i]!;
      if (isUpper(r1)) {
        i++;
        while (i < str.length && isUpper(str[i]!)) i++;
        // "HTTPStatus": the S belongs to the next word
        if (i < str.length && isAlphabet(str[i]!)) i--;
      } else if (isAlphabet(r1)) {
        i++;
        while (i < str.length && isAlphabet(str[i]!) && !isUpper(str[i]!)) i++;
      }
    }
  } else if (isAlphabet(r)) {
    wt = 'alphabet';
    while (i < str.length && isAlphabet(str[i]!) && !isUpper(str[i]!)) i++;
  } else if (isNumber(r)) {
    wt = 'number';
    while (i < str.length && isNumber(str[i]!)) i++;
  } else {
    wt = 'other';
    while (i < str.length) {
      const c = str[i]!;
      if (isConnectorX(c) || isAlphabet(c) || isNumber(c) || isPunct(c)) break;
      i++;
    }
  }
  return [wt, str.slice(pos, i).join(''), i];
}

function toLowerWord(wt: WordType, word: string, connector: string): string {
  if (wt !== 'upper' && wt !== 'connector') return word;
  let out = '';
  for (const r of word) out += isConnectorX(r) ? connector : isUpper(r) ? runeLower(r) : r;
  return out;
}

/** xstrings.ToSnakeCase / ToKebabCase */
export function toSnakeCase(s: string, connector = '_'): string {
  if (s === '') return '';
  const str = [...s];
  let buf = '';
  let [wt, word, pos] = nextWord(str, 0);
  while (pos < str.length) {
    if (wt !== 'connector') buf += toLowerWord(wt, word, connector);
    const prev = wt;
    const last = word;
    [wt, word, pos] = nextWord(str, pos);
    switch (prev) {
      case 'number':
        while (wt === 'alphabet' || wt === 'number') {
          buf += toLowerWord(wt, word, connector);
          [wt, word, pos] = nextWord(str, pos);
        }
        if (wt !== 'invalid' && wt !== 'punct' && wt !== 'connector') buf += connector;
        break;
      case 'connector':
        buf += toLowerWord(prev, last, connector);
        break;
      case 'punct':
        break;
      default: {
        if (wt !== 'number') {
          if (wt !== 'connector' && wt !== 'punct') buf += connector;
          break;
        }
        if (pos >= str.length) break;
        const numWord = word;
        [wt, word, pos] = nextWord(str, pos);
        // a number is part of the previous word ("Bld4Floor" → "bld4_floor")…
        if (wt !== 'alphabet') {
          buf += toLowerWord('number', numWord, connector);
          if (wt !== 'connector' && wt !== 'punct') buf += connector;
          break;
        }
        // …unless lower-case letters follow it ("HTTP2xx" → "http_2xx")
        buf += connector + toLowerWord('number', numWord, connector);
        while (wt === 'alphabet' || wt === 'number') {
          buf += toLowerWord(wt, word, connector);
          [wt, word, pos] = nextWord(str, pos);
        }
        if (wt !== 'invalid' && wt !== 'connector' && wt !== 'punct') buf += connector;
      }
    }
  }
  return buf + toLowerWord(wt, word, connector);
}

/** xstrings.ToCamelCase (v1.5: lower camel case, "http_server" → "httpServer"). */
export function toCamelCase(s: string, isBig = false): string {
  if (s === '') return '';
  const str = [...s];
  let buf = '';
  let i = 0;
  let isFirstRuneUpper = false;
  let r0 = '';
  while (i < str.length) {
    r0 = str[i++]!;
    if (!isConnectorX(r0)) {
      isFirstRuneUpper = isUpper(r0);
      r0 = isBig ? runeUpper(r0) : runeLower(r0);
      break;
    }
    buf += r0;
    if (i === str.length) return buf + r0; // Go writes the last connector twice here
  }
  if (i >= str.length) return buf + r0;
  let r1: string;
  while (i < str.length) {
    r1 = r0;
    r0 = str[i++]!;
    if (isConnectorX(r0) && isConnectorX(r1)) {
      buf += r1;
      continue;
    }
    if (isConnectorX(r1)) {
      isFirstRuneUpper = isUpper(r0);
      r0 = runeUpper(r0);
    } else {
      if (isFirstRuneUpper) {
        if (isUpper(r0)) r0 = runeLower(r0);
        else isFirstRuneUpper = false;
      }
      buf += r1;
    }
  }
  if (isFirstRuneUpper && !isBig) r0 = runeLower(r0);
  return buf + r0;
}

// Hashes / encodings -----------------------------------------------------------------------------------------

export function adler32(buf: Buffer): number {
  let a = 1;
  let b = 0;
  for (const x of buf) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Go's string(bytes) for decoded data: invalid UTF-8 becomes U+FFFD. */
function bytesToString(b: Buffer): string {
  return b.toString('utf8');
}

/** encoding/base64 StdEncoding.DecodeString with Go's error text. */
export function b64decode(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    const bad = firstBadB64(clean);
    return `illegal base64 data at input byte ${bad}`;
  }
  return bytesToString(Buffer.from(clean, 'base64'));
}
function firstBadB64(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '=') {
      // padding is only valid in the last group
      const rest = s.slice(i);
      if (/^={1,2}$/.test(rest) && s.length % 4 === 0) return s.length;
      return i;
    }
    if (!/[A-Za-z0-9+/]/.test(c)) return i;
  }
  // truncated input: Go reports the position of the incomplete quantum's end
  return s.length - (s.length % 4 === 1 ? 1 : 0);
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export function b32encode(s: string): string {
  const b = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(chunk[j] ?? 0);
    const nchars = Math.ceil((chunk.length * 8) / 5);
    for (let j = 0; j < 8; j++) {
      out += j < nchars ? B32[Number((bits >> BigInt(35 - j * 5)) & 31n)] : '=';
    }
  }
  return out;
}
export function b32decode(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 8 !== 0) return `illegal base32 data at input byte ${clean.length - (clean.length % 8)}`;
  const out: number[] = [];
  for (let i = 0; i < clean.length; i += 8) {
    const group = clean.slice(i, i + 8);
    const m = /^([A-Z2-7]*)(=*)$/.exec(group);
    if (!m || ![0, 1, 3, 4, 6].includes(m[2]!.length)) {
      const bad = [...group].findIndex((c) => !B32.includes(c) && c !== '=');
      return `illegal base32 data at input byte ${i + (bad < 0 ? group.indexOf('=') : bad)}`;
    }
    let bits = 0n;
    for (let j = 0; j < 8; j++) bits = (bits << 5n) | BigInt(Math.max(0, B32.indexOf(group[j]!)));
    const nbytes = { 0: 5, 1: 4, 3: 3, 4: 2, 6: 1 }[m[2]!.length as 0 | 1 | 3 | 4 | 6];
    for (let j = 0; j < nbytes; j++) out.push(Number((bits >> BigInt(32 - j * 8)) & 255n));
    if (m[2]!.length && i + 8 < clean.length) return `illegal base32 data at input byte ${i + 8}`;
  }
  return bytesToString(Buffer.from(out));
}

// strslice: []string from anything -------------------------------------------------------------------------

/** Sprig's strslice: lists become their non-nil items' strvals; nil → []; a scalar → [strval]. */
export function strslice(v: GoValue): string[] {
  if (isList(v)) {
    const out: string[] = [];
    for (const x of v) if (!isNil(x)) out.push(strval(x));
    return out;
  }
  if (isNil(v)) return [];
  return [strval(v)];
}

const hex = (alg: string, s: string) => createHash(alg).update(Buffer.from(s, 'utf8')).digest('hex');

export const stringFunctions: FuncMap = {
  hello: fn([], () => 'Hello!'),
  abbrev: fn(['int', 'string'], (w, s) => {
    const width = intArg(w);
    if (width < 4) return s as string;
    return abbreviateFull(s as string, 0, width);
  }),
  abbrevboth: fn(['int', 'int', 'string'], (l, r, s) => {
    const left = intArg(l);
    const right = intArg(r);
    if (right < 4 || (left > 0 && right < 7)) return s as string;
    return abbreviateFull(s as string, left, right);
  }),
  trunc: fn(['int', 'string'], (c, s) => {
    const n = intArg(c);
    const str = s as string;
    const len = utf8Len(str);
    if (n < 0 && len + n > 0) return byteSlice(str, len + n);
    if (n >= 0 && len > n) return byteSlice(str, 0, n);
    return str;
  }),
  trim: fn(['string'], (s) => trimSpace(s as string)),
  upper: fn(['string'], (s) => goUpper(s as string)),
  lower: fn(['string'], (s) => goLower(s as string)),
  title: fn(['string'], (s) => goTitle(s as string)),
  untitle: fn(['string'], (s) => uncapitalize(s as string)),
  substr: fn(['int', 'int', 'string'], (a, b, s) => {
    const start = intArg(a);
    const end = intArg(b);
    const str = s as string;
    if (start < 0) return byteSlice(str, 0, end);
    if (end < 0 || end > utf8Len(str)) return byteSlice(str, start);
    return byteSlice(str, start, end);
  }),
  repeat: fn(['int', 'string'], (c, s) => {
    const n = intArg(c);
    if (n < 0) throw new Error('strings: negative Repeat count');
    checkStringSize(n * (s as string).length);
    return (s as string).repeat(n);
  }),
  trimall: fn(['string', 'string'], (a, b) => trimCutset(b as string, a as string)),
  trimAll: fn(['string', 'string'], (a, b) => trimCutset(b as string, a as string)),
  trimSuffix: fn(['string', 'string'], (a, b) => {
    const suf = a as string;
    const s = b as string;
    return suf !== '' && s.endsWith(suf) ? s.slice(0, s.length - suf.length) : s;
  }),
  trimPrefix: fn(['string', 'string'], (a, b) => {
    const pre = a as string;
    const s = b as string;
    return pre !== '' && s.startsWith(pre) ? s.slice(pre.length) : s;
  }),
  nospace: fn(['string'], (s) => [...(s as string)].filter((c) => !goIsSpace(c)).join('')),
  initials: fn(['string'], (s) => initials(s as string)),
  swapcase: fn(['string'], (s) => swapCase(s as string)),
  snakecase: fn(['string'], (s) => toSnakeCase(s as string, '_')),
  camelcase: fn(['string'], (s) => toCamelCase(s as string)),
  kebabcase: fn(['string'], (s) => toSnakeCase(s as string, '-')),
  wrap: fn(['int', 'string'], (l, s) => wrapCustom(s as string, intArg(l), '\n', false)),
  wrapWith: fn(['int', 'string', 'string'], (l, sep, s) => wrapCustom(s as string, intArg(l), sep as string, true)),
  contains: fn(['string', 'string'], (sub, s) => (s as string).includes(sub as string)),
  hasPrefix: fn(['string', 'string'], (sub, s) => (s as string).startsWith(sub as string)),
  hasSuffix: fn(['string', 'string'], (sub, s) => (s as string).endsWith(sub as string)),
  quote: variadic(['interface{}'], (...xs) =>
    xs
      .filter((x) => !isNil(x))
      .map((x) => goQuote(strval(x)))
      .join(' '),
  ),
  squote: variadic(['interface{}'], (...xs) =>
    xs
      .filter((x) => !isNil(x))
      .map((x) => `'${fmtV(x)}'`)
      .join(' '),
  ),
  cat: variadic(['interface{}'], (...xs) =>
    xs
      .filter((x) => !isNil(x))
      .map((x) => fmtV(x))
      .join(' '),
  ),
  indent: fn(['int', 'string'], (n, s) => indent(intArg(n), s as string)),
  nindent: fn(['int', 'string'], (n, s) => '\n' + indent(intArg(n), s as string)),
  replace: fn(['string', 'string', 'string'], (o, n, s) => replaceAll(s as string, o as string, n as string)),
  plural: fn(['string', 'string', 'int'], (one, many, c) => (intArg(c) === 1 ? one : many)),
  sha1sum: fn(['string'], (s) => hex('sha1', s as string)),
  sha256sum: fn(['string'], (s) => hex('sha256', s as string)),
  adler32sum: fn(['string'], (s) => String(adler32(Buffer.from(s as string, 'utf8')))),
  toString: fn(['interface{}'], (v) => strval(v)),
  b64enc: fn(['string'], (s) => Buffer.from(s as string, 'utf8').toString('base64')),
  b64dec: fn(['string'], (s) => b64decode(s as string)),
  b32enc: fn(['string'], (s) => b32encode(s as string)),
  b32dec: fn(['string'], (s) => b32decode(s as string)),
  split: fn(['string', 'string'], (sep, s) => splitMap(goSplit(s as string, sep as string))),
  splitList: fn(['string', 'string'], (sep, s) => typedSlice(goSplit(s as string, sep as string), '[]string')),
  splitn: fn(['string', 'int', 'string'], (sep, n, s) => splitMap(goSplit(s as string, sep as string, intArg(n)))),
  toStrings: fn(['interface{}'], (v) => typedSlice(strslice(v), '[]string')),
  join: fn(['string', 'interface{}'], (sep, v) => strslice(v).join(sep as string)),
  sortAlpha: fn(['interface{}'], (v) => {
    // a []string is sorted in place (Go's sort.StringSlice on the same backing array)
    if (isList(v) && typeName(v) === '[]string') return (v as string[]).sort(compareBytes);
    if (isList(v)) return typedSlice(strslice(v).sort(compareBytes), '[]string');
    return typedSlice([strval(v)], '[]string');
  }),
};

function indent(n: number, s: string): string {
  if (n < 0) throw new Error('strings: negative Repeat count');
  const lines = s.split('\n');
  checkStringSize(s.length + n * lines.length);
  const pad = ' '.repeat(n);
  return pad + lines.join('\n' + pad);
}

function splitMap(parts: string[]) {
  const m = newMap(parts.map((p, i) => [`_${i}`, p]));
  return typedMap(m, 'map[string]string');
}
