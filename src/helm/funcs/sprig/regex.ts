// Sprig regex functions on Go RE2 semantics, by translating Go regexp syntax to a JS RegExp (u flag) and
// re-implementing Go's match iteration (FindAll/ReplaceAll/Split skip an empty match right after a match)
// and template expansion ($1, ${1}, $name, ${name}, $$; "$1x" names group "1x").
// Ported from Masterminds/sprig v3.3.0 regex.go (MIT) and Go's regexp, regexp/syntax (BSD-3-Clause).
//
// Translation: (?P<name>…)/(?<name>…) → plain capture groups (names tracked here), inline flags (?i) (?m)
// (?s) (?U) and (?flags:…) (case-insensitivity outside a whole-pattern (?i) is expanded to [aA]),
// \A \z ^ $ with Go's line rules, `.` not matching \n, \s = [\t\n\f\r ], POSIX classes [[:alpha:]],
// \pL / \p{Greek}, \Q…\E, \x{…}, octal escapes. Unsupported by RE2 (and rejected): lookarounds, backrefs.

import type { GoValue } from '../../value.js';
import { typedSlice } from '../../value.js';
import type { FuncMap } from '../../template/index.js';
import { goQuote, intArg } from './goval.js';
import { fn } from './sig.js';

export class GoRegexpError extends Error {}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

export interface CompiledRegexp {
  readonly expr: string;
  readonly re: RegExp; // global, unicode
  readonly names: readonly string[]; // names[0] = "" (whole match); "" for unnamed groups
}

const POSIX: Record<string, [number, number][]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};
const SPACE: [number, number][] = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];
const DIGIT = POSIX.digit!;
const WORD = POSIX.word!;

function complement(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

const cp = (c: number) => `\\u{${c.toString(16)}}`;
const rangesToClassBody = (rs: [number, number][]) => rs.map(([a, b]) => (a === b ? cp(a) : `${cp(a)}-${cp(b)}`)).join('');

function caseVariants(c: number): number[] {
  const ch = String.fromCodePoint(c);
  const out = new Set<number>([c]);
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    if ([...v].length === 1) out.add(v.codePointAt(0)!);
  }
  // Kelvin sign and long s fold with k/s in Go (simple folding orbits)
  if (c === 0x6b || c === 0x4b) out.add(0x212a);
  if (c === 0x73 || c === 0x53) out.add(0x17f);
  return [...out];
}

function foldRanges(rs: [number, number][]): [number, number][] {
  const out: [number, number][] = [...rs];
  for (const [lo, hi] of rs) {
    if (hi - lo > 5000) continue; // large ranges: leave as they are
    for (let c = lo; c <= hi; c++) for (const v of caseVariants(c)) if (v !== c) out.push([v, v]);
  }
  return out;
}

function unicodeClass(name: string, negate: boolean): string {
  let n = name;
  let neg = negate;
  if (n.startsWith('^')) {
    neg = !neg;
    n = n.slice(1);
  }
  if (n === 'Any') return neg ? '[^\\s\\S]' : '[\\s\\S]';
  const prop = /^[A-Z][a-z]?$/.test(n) ? n : `Script=${n}`;
  try {
    new RegExp(`\\p{${prop}}`, 'u');
  } catch {
    throw new GoRegexpError(`invalid character class range: \`\\p{${name}}\``);
  }
  return `\\${neg ? 'P' : 'p'}{${prop}}`;
}

class Translator {
  private i = 0;
  private out = '';
  readonly names: string[] = [''];
  private nativeI = false;

  constructor(private readonly src: string) {}

  err(code: string, arg: string): never {
    throw new GoRegexpError(`error parsing regexp: ${code}: \`${arg}\``);
  }

  translate(): { source: string; flags: string } {
    let flags: Flags = { i: false, m: false, s: false, U: false };
    // A leading (?i…) without a later (?-i) can use JS's own (Unicode) case folding.
    const lead = /^\(\?([imsU]*)\)/.exec(this.src);
    if (lead && lead[1]!.includes('i') && !/\(\?[a-zA-Z]*-[a-zA-Z]*i/.test(this.src)) this.nativeI = true;
    flags = this.seq(flags, 0);
    void flags;
    if (this.i < this.src.length) this.err('unexpected )', this.src);
    return { source: this.out, flags: this.nativeI ? 'gui' : 'gu' };
  }

  /** Translate a sequence until ')' or end; returns flags in effect at the end. */
  private seq(start: Flags, depth: number): Flags {
    let f = { ...start };
    let canRepeat = false;
    let lastWasRepeat = false;
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === ')') {
        if (depth === 0) this.err('unexpected )', s);
        return f;
      }
      if (c === '|') {
        this.out += '|';
        this.i++;
        canRepeat = false;
        lastWasRepeat = false;
        continue;
      }
      if (c === '*' || c === '+' || c === '?' || (c === '{' && this.isRepeat())) {
        const opStart = this.i;
        let op: string;
        if (c === '{') {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i))!;
          const lo = Number(m[1]);
          const hi = m[3] !== undefined && m[3] !== '' ? Number(m[3]) : undefined;
          if (lo > 1000 || (hi !== undefined && (hi > 1000 || hi < lo))) this.err('invalid repeat count', m[0]);
          op = m[0];
          this.i += m[0].length;
        } else {
          op = c;
          this.i++;
        }
        if (!canRepeat) this.err('missing argument to repetition operator', s.slice(opStart, this.i));
        if (lastWasRepeat) this.err('invalid nested repetition operator', s.slice(opStart - 1, this.i));
        let lazy = false;
        if (s[this.i] === '?') {
          lazy = true;
          this.i++;
        }
        if (f.U) lazy = !lazy;
        this.out += op + (lazy ? '?' : '');
        lastWasRepeat = true;
        continue;
      }
      lastWasRepeat = false;
      canRepeat = true;
      if (c === '(') {
        const r = this.group(f, depth);
        if (r.flagsOnly) {
          f = r.flags;
          canRepeat = false;
        }
        continue;
      }
      if (c === '[') {
        this.out += this.charClass(f);
        continue;
      }
      if (c === '\\') {
        const r = this.escape(f, false);
        if (r === null) canRepeat = false; // \Q…\E handled inline
        continue;
      }
      this.i++;
      switch (c) {
        case '.':
          this.out += f.s ? '[\\s\\S]' : '[^\\n]';
          break;
        case '^':
          this.out += f.m ? '(?<![^\\n])' : '(?<![\\s\\S])';
          canRepeat = false;
          break;
        case '$':
          this.out += f.m ? '(?![^\\n])' : '(?![\\s\\S])';
          canRepeat = false;
          break;
        default: {
          const code = s.codePointAt(this.i - 1)!;
          if (code > 0xffff) this.i++;
          this.literal(code, f);
        }
      }
    }
    if (depth > 0) this.err('missing closing )', s);
    return f;
  }

  private isRepeat(): boolean {
    return /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i));
  }

  private literal(c: number, f: Flags): void {
    if (f.i && !this.nativeI) {
      const vs = caseVariants(c);
      if (vs.length > 1) {
        this.out += `[${vs.map(cp).join('')}]`;
        return;
      }
    }
    const ch = String.fromCodePoint(c);
    this.out += /[A-Za-z0-9 _]/.test(ch) || c > 0x7f ? (c > 0xffff || c < 0x20 ? cp(c) : ch) : cp(c);
  }

  private group(f: Flags, depth: number): { flagsOnly: boolean; flags: Flags } {
    const s = this.src;
    const rest = s.slice(this.i);
    let m: RegExpExecArray | null;
    if ((m = /^\(\?P?<([^>]*)>/.exec(rest))) {
      const name = m[1]!;
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.err('invalid named capture', m[0]);
      if (this.names.includes(name)) this.err('duplicate capture group name', name);
      this.names.push(name);
      this.i += m[0].length;
      this.out += '(';
      this.seq(f, depth + 1);
      this.i++;
      this.out += ')';
      return { flagsOnly: false, flags: f };
    }
    if ((m = /^\(\?([a-zA-Z-]*)([:)])/.exec(rest))) {
      const spec = m[1]!;
      const nf = { ...f };
      let neg = false;
      let sawFlag = false;
      for (const ch of spec) {
        if (ch === '-') {
          if (neg) this.err('invalid or unsupported Perl syntax', m[0]);
          neg = true;
          sawFlag = false;
          continue;
        }
        if (!'imsU'.includes(ch)) this.err('invalid or unsupported Perl syntax', m[0]);
        nf[ch as keyof Flags] = !neg;
        sawFlag = true;
      }
      if (neg && !sawFlag) this.err('invalid or unsupported Perl syntax', m[0]);
      this.i += m[0].length;
      if (m[2] === ')') return { flagsOnly: true, flags: nf };
      this.out += '(?:';
      this.seq(nf, depth + 1);
      this.i++;
      this.out += ')';
      return { flagsOnly: false, flags: f };
    }
    if (rest.startsWith('(?')) {
      this.err('invalid or unsupported Perl syntax', rest.slice(0, 3));
    }
    this.names.push('');
    this.i++;
    this.out += '(';
    this.seq(f, depth + 1);
    this.i++;
    this.out += ')';
    return { flagsOnly: false, flags: f };
  }

  /** An escape outside a class: appends to out. Returns null for \Q…\E. */
  private escape(f: Flags, inClass: boolean): string | null {
    const s = this.src;
    const start = this.i;
    const c = s[this.i + 1];
    if (c === undefined) this.err('trailing backslash at end of expression', '');
    this.i += 2;
    const single = (code: number) => {
      if (inClass) return cp(code);
      this.literal(code, f);
      return '';
    };
    switch (c) {
      case 'A':
        if (inClass) this.err('invalid escape sequence', '\\A');
        this.out += '(?<![\\s\\S])';
        return '';
      case 'z':
        if (inClass) this.err('invalid escape sequence', '\\z');
        this.out += '(?![\\s\\S])';
        return '';
      case 'b':
      case 'B':
        if (inClass) this.err('invalid escape sequence', `\\${c}`);
        this.out += `\\${c}`;
        return '';
      case 'd':
      case 'w':
        return this.emitSet(c === 'd' ? DIGIT : WORD, false, inClass, f);
      case 'D':
      case 'W':
        return this.emitSet(c === 'D' ? DIGIT : WORD, true, inClass, f);
      case 's':
        return this.emitSet(SPACE, false, inClass, f);
      case 'S':
        return this.emitSet(SPACE, true, inClass, f);
      case 'p':
      case 'P': {
        let name: string;
        if (s[this.i] === '{') {
          const end = s.indexOf('}', this.i);
          if (end < 0) this.err('invalid character class range', s.slice(start));
          name = s.slice(this.i + 1, end);
          this.i = end + 1;
        } else {
          name = s[this.i] ?? '';
          this.i++;
        }
        const cls = unicodeClass(name, c === 'P');
        if (inClass) return cls;
        this.out += cls;
        return '';
      }
      case 'Q': {
        const end = s.indexOf('\\E', this.i);
        const lit = end < 0 ? s.slice(this.i) : s.slice(this.i, end);
        this.i = end < 0 ? s.length : end + 2;
        if (inClass) return [...lit].map((ch) => cp(ch.codePointAt(0)!)).join('');
        this.out += '(?:';
        for (const ch of lit) this.literal(ch.codePointAt(0)!, f);
        this.out += ')';
        return null;
      }
      case 'x': {
        if (s[this.i] === '{') {
          const end = s.indexOf('}', this.i);
          const hex = end < 0 ? '' : s.slice(this.i + 1, end);
          if (!/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) this.err('invalid escape sequence', s.slice(start, end + 1));
          this.i = end + 1;
          return single(parseInt(hex, 16));
        }
        const hex = s.slice(this.i, this.i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.err('invalid escape sequence', s.slice(start, this.i + 2));
        this.i += 2;
        return single(parseInt(hex, 16));
      }
      case 'a':
        return single(7);
      case 'f':
        return single(12);
      case 't':
        return single(9);
      case 'n':
        return single(10);
      case 'r':
        return single(13);
      case 'v':
        return single(11);
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      // single non-zero digit is a backreference: unsupported
      if (c !== '0' && !/[0-7]/.test(s[this.i] ?? '')) this.err('invalid escape sequence', `\\${c}`);
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(s[this.i] ?? '')) digits += s[this.i++];
      return single(parseInt(digits, 8));
    }
    if (/[!-/:-@[-`{-~]/.test(c)) return single(c.charCodeAt(0));
    return this.err('invalid escape sequence', `\\${c}`);
  }

  private emitSet(rs: [number, number][], negate: boolean, inClass: boolean, f: Flags): string {
    const ranges = negate ? complement(rs) : rs;
    const body = rangesToClassBody(f.i && !this.nativeI ? foldRanges(ranges) : ranges);
    if (inClass) return body;
    this.out += `[${body}]`;
    return '';
  }

  private charClass(f: Flags): string {
    const s = this.src;
    const start = this.i;
    this.i++;
    let negate = false;
    if (s[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const ranges: [number, number][] = [];
    const extras: string[] = [];
    let first = true;
    const readChar = (): number | string => {
      const ch = s[this.i];
      if (ch === undefined) this.err('missing closing ]', s.slice(start));
      if (ch === '\\') {
        const esc = this.escape(f, true);
        if (esc === null) return '';
        // single characters come back as a one-code-point escape
        const m = /^\\u\{([0-9a-f]+)\}$/.exec(esc);
        if (m) return parseInt(m[1]!, 16);
        return esc;
      }
      const c = s.codePointAt(this.i)!;
      this.i += c > 0xffff ? 2 : 1;
      return c;
    };
    for (;;) {
      if (this.i >= s.length) this.err('missing closing ]', s.slice(start));
      const ch = s[this.i]!;
      if (ch === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      if (ch === '[' && s[this.i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(s.slice(this.i));
        if (m) {
          const set = POSIX[m[2]!];
          if (!set) this.err('invalid character class range', m[0]);
          ranges.push(...(m[1] ? complement(set) : set));
          this.i += m[0].length;
          continue;
        }
      }
      const lo = readChar();
      if (typeof lo === 'string') {
        if (lo.startsWith('\\p') || lo.startsWith('\\P') || lo.startsWith('[')) extras.push(lo);
        else if (lo !== '') extras.push(lo);
        continue;
      }
      if (s[this.i] === '-' && s[this.i + 1] !== ']' && this.i + 1 < s.length) {
        this.i++;
        const hi = readChar();
        if (typeof hi === 'string') this.err('invalid character class range', s.slice(start, this.i));
        if (hi < lo) this.err('invalid character class range', `${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`);
        ranges.push([lo, hi]);
      } else {
        ranges.push([lo, lo]);
      }
    }
    const rs = f.i && !this.nativeI ? foldRanges(ranges) : ranges;
    const body = rangesToClassBody(rs) + extras.join('');
    if (body === '') return negate ? '[\\s\\S]' : '[^\\s\\S]';
    return `[${negate ? '^' : ''}${body}]`;
  }
}

const cache = new Map<string, CompiledRegexp | GoRegexpError>();

/** regexp.Compile: a translated RegExp or a GoRegexpError with Go's message. */
export function compileGo(expr: string): CompiledRegexp {
  let c = cache.get(expr);
  if (c === undefined) {
    try {
      const t = new Translator(expr);
      const { source, flags } = t.translate();
      let re: RegExp;
      try {
        re = new RegExp(source, flags);
      } catch (e) {
        throw new GoRegexpError(`error parsing regexp: invalid or unsupported Perl syntax: \`${expr}\``);
      }
      c = { expr, re, names: t.names };
    } catch (e) {
      c = e instanceof GoRegexpError ? e : new GoRegexpError(String(e));
    }
    if (cache.size > 2000) cache.clear();
    cache.set(expr, c);
  }
  if (c instanceof GoRegexpError) throw c;
  return c;
}

/** regexp.MustCompile's panic text. */
function mustCompile(expr: string): CompiledRegexp {
  try {
    return compileGo(expr);
  } catch (e) {
    throw new Error(`regexp: Compile(${goQuote(expr)}): ${(e as Error).message}`);
  }
}

/** All matches, Go-style (n < 0: all). Each match is the exec array. */
export function findAll(r: CompiledRegexp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  if (n === 0) return out;
  const re = r.re;
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      // advance one code point past the empty match
      pos = start + (start < s.length ? (s.codePointAt(start)! > 0xffff ? 2 : 1) : 1);
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** Go's Regexp.Expand template syntax. */
export function expand(template: string, m: RegExpExecArray, names: readonly string[]): string {
  let out = '';
  let t = template;
  for (;;) {
    const i = t.indexOf('$');
    if (i < 0) break;
    out += t.slice(0, i);
    t = t.slice(i + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    let name: string | undefined;
    let rest = t;
    let brace = false;
    if (t.startsWith('{')) {
      brace = true;
      rest = t.slice(1);
    }
    const nm = /^[\p{L}\p{Nd}_]+/u.exec(rest);
    if (nm) {
      name = nm[0];
      rest = rest.slice(name.length);
      if (brace) {
        if (!rest.startsWith('}')) name = undefined;
        else rest = rest.slice(1);
      }
    }
    if (name === undefined) {
      out += '$';
      continue;
    }
    t = rest;
    if (/^\d+$/.test(name)) {
      const num = name.length > 8 ? -1 : Number(name);
      if (num >= 0 && num < m.length && m[num] !== undefined) out += m[num];
    } else {
      const idx = names.indexOf(name);
      if (idx > 0 && m[idx] !== undefined) out += m[idx];
    }
  }
  return out + t;
}

/** Regexp.ReplaceAllString / ReplaceAllLiteralString. */
export function replaceAll(r: CompiledRegexp, s: string, repl: string, literal: boolean): string {
  const re = r.re;
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    re.lastIndex = searchPos;
    const m = re.exec(s);
    if (!m) break;
    const a0 = m.index;
    const a1 = a0 + m[0].length;
    out += s.slice(lastMatchEnd, a0);
    if (a1 > lastMatchEnd || a0 === 0) out += literal ? repl : expand(repl, m, r.names);
    lastMatchEnd = a1;
    const width = searchPos < s.length ? (s.codePointAt(searchPos)! > 0xffff ? 2 : 1) : 1;
    if (searchPos + width > a1) searchPos += width;
    else if (searchPos + 1 > a1) searchPos++;
    else searchPos = a1;
  }
  return out + s.slice(lastMatchEnd);
}

/** Regexp.Split */
export function split(r: CompiledRegexp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (r.expr.length > 0 && s.length === 0) return [''];
  const matches = findAll(r, s, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    const mend = m.index + m[0].length;
    if (mend !== 0) out.push(s.slice(beg, end));
    beg = mend;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const strs = (a: string[]) => typedSlice(a, '[]string');

function findString(r: CompiledRegexp, s: string): string {
  r.re.lastIndex = 0;
  const m = r.re.exec(s);
  return m ? m[0] : '';
}

function matchString(r: CompiledRegexp, s: string): boolean {
  r.re.lastIndex = 0;
  return r.re.test(s);
}

export const regexFunctions: FuncMap = {
  regexMatch: fn(['string', 'string'], (re, s) => {
    try {
      return matchString(compileGo(re as string), s as string);
    } catch {
      return false;
    }
  }),
  mustRegexMatch: fn(['string', 'string'], (re, s) => matchString(compileGo(re as string), s as string)),
  regexFindAll: fn(['string', 'string', 'int'], (re, s, n) => strs(findAll(mustCompile(re as string), s as string, intArg(n)).map((m) => m[0]))),
  mustRegexFindAll: fn(['string', 'string', 'int'], (re, s, n) => strs(findAll(compileGo(re as string), s as string, intArg(n)).map((m) => m[0]))),
  regexFind: fn(['string', 'string'], (re, s) => findString(mustCompile(re as string), s as string)),
  mustRegexFind: fn(['string', 'string'], (re, s) => findString(compileGo(re as string), s as string)),
  regexReplaceAll: fn(['string', 'string', 'string'], (re, s, repl) => replaceAll(mustCompile(re as string), s as string, repl as string, false)),
  mustRegexReplaceAll: fn(['string', 'string', 'string'], (re, s, repl) => replaceAll(compileGo(re as string), s as string, repl as string, false)),
  regexReplaceAllLiteral: fn(['string', 'string', 'string'], (re, s, repl) => replaceAll(mustCompile(re as string), s as string, repl as string, true)),
  mustRegexReplaceAllLiteral: fn(['string', 'string', 'string'], (re, s, repl) => replaceAll(compileGo(re as string), s as string, repl as string, true)),
  regexSplit: fn(['string', 'string', 'int'], (re, s, n) => strs(split(mustCompile(re as string), s as string, intArg(n)))),
  mustRegexSplit: fn(['string', 'string', 'int'], (re, s, n) => strs(split(compileGo(re as string), s as string, intArg(n)))),
  regexQuoteMeta: fn(['string'], (s) => quoteMeta(s as string)),
};

export type { GoValue };
