// Sprig regex functions with Go's regexp semantics on re2js, a JavaScript port of RE2/RE2J (whose parser
// and matcher follow Go's regexp/syntax): linear-time matching, so a hostile pattern like `(a+)+$` cannot
// backtrack, and Go's syntax and error messages. Go's match iteration (FindAll/ReplaceAll/Split skip an
// empty match right after a match) and template expansion ($1, ${1}, $name, ${name}, $$; "$1x" names
// group "1x") are re-implemented here on the engine's single-match primitive.
// Ported from Masterminds/sprig v3.3.0 regex.go (MIT) and Go's regexp (BSD-3-Clause).

import type { RE2JS } from 're2js';
import type { GoValue } from '../../value.js';
import { typedSlice } from '../../value.js';
import type { FuncMap } from '../../template/index.js';
import { goQuote, intArg } from './goval.js';
import { fn } from './sig.js';

// required on first use: one copy of re2js for the whole linter (scripts/build.mjs, LAZY_PACKAGES)
const re2js = (): typeof import('re2js') => require('re2js') as typeof import('re2js');

export class GoRegexpError extends Error {}

export interface CompiledRegexp {
  readonly expr: string;
  /** The RE2 program (compiled on first use when `native` is set). */
  readonly pattern: RE2JS;
  readonly names: readonly string[]; // names[0] = "" (whole match); "" for unnamed groups
  /** The same pattern as a JavaScript RegExp ('gu'), for a pattern of the subset nativeRegExp takes. */
  readonly native?: RegExp;
}

/** One match: [whole, group1, ...] (undefined for a group that did not take part), at `index`. */
export interface GoMatch extends Array<string | undefined> {
  0: string;
  index: number;
}

const cache = new Map<string, CompiledRegexp | GoRegexpError>();

/** regexp.Compile: the compiled pattern or a GoRegexpError with Go's message. */
export function compileGo(expr: string): CompiledRegexp {
  let c = cache.get(expr);
  if (c === undefined) {
    const native = nativeRegExp(expr);
    if (native) {
      let pattern: RE2JS | undefined;
      c = {
        expr,
        get pattern() {
          return (pattern ??= re2js().RE2JS.compile(expr));
        },
        names: [''],
        native,
      };
    }
  }
  if (c === undefined) {
    try {
      // no flags: Perl syntax as Go's regexp.Compile parses it (lookbehinds, a re2js extension, stay off)
      const pattern = re2js().RE2JS.compile(expr);
      const names: string[] = new Array<string>(pattern.groupCount() + 1).fill('');
      for (const [name, index] of Object.entries(pattern.namedGroups())) names[index] = name;
      c = { expr, pattern, names };
    } catch (e) {
      c = new GoRegexpError(goErrorMessage(e));
    }
    if (cache.size > 2000) cache.clear();
    cache.set(expr, c);
  }
  if (c instanceof GoRegexpError) throw c;
  return c;
}

/** Go's syntax.Error text always ends in ": `expr`", even when expr is empty (a trailing backslash). */
function goErrorMessage(e: unknown): string {
  const { RE2JSException, RE2JSSyntaxException } = re2js();
  if (e instanceof RE2JSSyntaxException) return `error parsing regexp: ${e.error}: \`${e.input ?? ''}\``;
  return e instanceof RE2JSException ? e.message : String(e);
}

/** What matchAt needs of a matcher: re2js's, or NativeMatcher. */
interface Matcher {
  find(start: number): boolean;
  start(): number;
  group(index: number): string | null;
}

/**
 * Sprig's regex functions run once or twice per label in a chart (bitnami's `common.labels.value`
 * trims every label with `regexReplaceAll "[^A-Za-z0-9]+$"`): on re2js, running cold in a
 * one-chart lint, that took about 1 ms a call. Patterns of a small subset, where a JavaScript
 * RegExp matches exactly as Go does, run on one instead: literals, `.`, `\d \D \w \W \s \S`,
 * escaped punctuation, character classes of literals and ranges, `^` and `$`, and `*`, `+`, `?` on
 * one of those, without groups, alternation, flags or counted repetition. A backtracking RegExp is
 * linear only without overlapping repetitions: a pattern with one `*` or `+` (and at most four `?`)
 * is quadratic at worst, so such a pattern runs natively only on texts of up to 1,024 characters,
 * and a pattern with more than one on none. Texts with a lone surrogate go to re2js too
 * (Go reads them as U+FFFD).
 */
export function nativeRegExp(expr: string): RegExp | undefined {
  if (!isWellFormed(expr)) return undefined;
  let out = '';
  let unbounded = 0;
  let optional = 0;
  let quantifiable = false;
  const literal = (cp: number): string => (cp < 0x80 && /[A-Za-z0-9]/.test(String.fromCharCode(cp)) ? String.fromCharCode(cp) : `\\u{${cp.toString(16)}}`);
  for (let i = 0; i < expr.length;) {
    const cp = expr.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    if (ch === '*' || ch === '+' || ch === '?') {
      // a repetition of nothing, of an anchor or of a repetition is an error or not in the subset
      if (!quantifiable || expr[i] === '?' || expr[i] === '*' || expr[i] === '+' || expr[i] === '{') return undefined;
      if (ch === '?') optional++;
      else unbounded++;
      out += ch;
      quantifiable = false;
      continue;
    }
    if (ch === '^' || ch === '$') {
      // Go without flags: ^ is the text's start, $ its end (\z), as in JavaScript without 'm'
      out += ch;
      quantifiable = false;
      continue;
    }
    quantifiable = true;
    if (ch === '.') out += '[^\\n]';
    else if (ch === '\\') {
      const e = escapeAt(expr, i);
      if (e === undefined) return undefined;
      out += e.kind === 'literal' ? literal(e.cp) : e.kind === 's' ? '[\\t\\n\\f\\r ]' : e.kind === 'S' ? '[^\\t\\n\\f\\r ]' : `\\${e.kind}`;
      i = e.next;
    } else if (ch === '[') {
      const c = classAt(expr, i, literal);
      if (c === undefined) return undefined;
      out += c.source;
      i = c.next;
    } else if ('()|{}]'.includes(ch)) return undefined;
    else out += literal(cp);
  }
  if (unbounded > 1 || optional > 4) return undefined;
  const re = new RegExp(out, 'gu');
  NATIVE_LIMITS.set(re, unbounded === 0 ? Infinity : 1024);
  return re;
}

/** The longest text a native RegExp may run on (nativeRegExp). */
const NATIVE_LIMITS = new WeakMap<RegExp, number>();

type Escape = { kind: 'literal'; cp: number; next: number } | { kind: 'd' | 'D' | 'w' | 'W' | 's' | 'S'; next: number };

/** The escape after a backslash at `i - 1`: a class shorthand, or escaped ASCII punctuation (a literal). */
function escapeAt(expr: string, i: number): Escape | undefined {
  const c = expr[i];
  if (c === undefined) return undefined;
  if (c === 'd' || c === 'D' || c === 'w' || c === 'W' || c === 's' || c === 'S') return { kind: c, next: i + 1 };
  const code = c.charCodeAt(0);
  // Go takes any ASCII punctuation escaped as itself; letters and digits are other escapes
  if (code > 0x20 && code < 0x7f && !/[A-Za-z0-9]/.test(c)) return { kind: 'literal', cp: code, next: i + 1 };
  return undefined;
}

/** A character class from `i` (after '['): literals, ranges, \d \D \w \W \s; no POSIX classes, no \S. */
function classAt(expr: string, i: number, literal: (cp: number) => string): { source: string; next: number } | undefined {
  let source = '[';
  if (expr[i] === '^') {
    source += '^';
    i++;
  }
  // ']' first is a literal in Go, '[' may open a POSIX class: neither is in the subset
  if (expr[i] === ']' || expr[i] === undefined) return undefined;
  let items = 0;
  let last: number | undefined; // the previous literal, when it may start a range
  for (;;) {
    const ch = expr[i];
    if (ch === undefined || ch === '[') return undefined;
    if (ch === ']') break;
    if (ch === '-') {
      if (items === 0 || expr[i + 1] === ']') {
        source += literal(45);
        last = undefined;
        items++;
        i++;
        continue;
      }
      if (last === undefined) return undefined;
      // a range: last '-' hi
      const hiAt = i + 1;
      let hi: number;
      let next: number;
      if (expr[hiAt] === '\\') {
        const e = escapeAt(expr, hiAt + 1);
        if (e === undefined || e.kind !== 'literal') return undefined;
        hi = e.cp;
        next = e.next;
      } else {
        if (expr[hiAt] === '[' || expr[hiAt] === ']' || expr[hiAt] === undefined) return undefined;
        hi = expr.codePointAt(hiAt)!;
        next = hiAt + String.fromCodePoint(hi).length;
      }
      if (hi < last) return undefined;
      // after a range, a '-' other than the last character is not in the subset
      if (expr[next] === '-' && expr[next + 1] !== ']') return undefined;
      source += '-' + literal(hi);
      last = undefined;
      items++;
      i = next;
      continue;
    }
    if (ch === '\\') {
      const e = escapeAt(expr, i + 1);
      if (e === undefined || e.kind === 'S') return undefined;
      if (e.kind === 'literal') {
        source += literal(e.cp);
        last = e.cp;
      } else {
        source += e.kind === 's' ? '\\t\\n\\f\\r ' : `\\${e.kind}`;
        last = undefined;
        if (expr[e.next] === '-' && expr[e.next + 1] !== ']') return undefined;
      }
      items++;
      i = e.next;
      continue;
    }
    const cp = expr.codePointAt(i)!;
    source += literal(cp);
    last = cp;
    items++;
    i += String.fromCodePoint(cp).length;
  }
  return { source: source + ']', next: i + 1 };
}

/** re2js's Matcher interface over a native RegExp ('g': exec searches from lastIndex, the text before still counts for ^). */
class NativeMatcher implements Matcher {
  private match: RegExpExecArray | null = null;
  constructor(
    private readonly re: RegExp,
    private readonly text: string,
  ) {}
  find(start: number): boolean {
    this.re.lastIndex = start;
    this.match = this.re.exec(this.text);
    return this.match !== null;
  }
  start(): number {
    return this.match!.index;
  }
  group(index: number): string | null {
    return this.match![index] ?? null;
  }
}

/** A matcher over `s`: the native RegExp when the pattern has one and the text suits it, else re2js. */
function matcherOf(r: CompiledRegexp, s: string): Matcher {
  if (r.native && s.length <= (NATIVE_LIMITS.get(r.native) ?? 0) && isWellFormed(s)) return new NativeMatcher(r.native, s);
  return r.pattern.matcher(s);
}

/** String.prototype.isWellFormed (Node 20; not in this project's TypeScript lib yet). */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * The leftmost-first match with the search starting at `pos` (the text before `pos` still counts for
 * ^ and \b, as in Go's doExecute). Submatches are computed only when asked: they cost a second pass.
 */
function matchAt(r: CompiledRegexp, m: Matcher, pos: number, withGroups: boolean): GoMatch | null {
  if (!m.find(pos)) return null;
  const out = [m.group(0) ?? ''] as GoMatch;
  if (withGroups) for (let g = 1; g < r.names.length; g++) out.push(m.group(g) ?? undefined);
  out.index = m.start();
  return out;
}

/** regexp.MustCompile's panic text. */
function mustCompile(expr: string): CompiledRegexp {
  try {
    return compileGo(expr);
  } catch (e) {
    throw new Error(`regexp: Compile(${goQuote(expr)}): ${(e as Error).message}`);
  }
}

/** All matches, Go-style (n < 0: all), without submatches. */
export function findAll(r: CompiledRegexp, s: string, n: number): GoMatch[] {
  const out: GoMatch[] = [];
  if (n === 0) return out;
  const matcher = matcherOf(r, s);
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    const m = matchAt(r, matcher, pos, false);
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
export function expand(template: string, m: GoMatch, names: readonly string[]): string {
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
  const matcher = matcherOf(r, s);
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    const m = matchAt(r, matcher, searchPos, !literal);
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
  return matchAt(r, matcherOf(r, s), 0, false)?.[0] ?? '';
}

function matchString(r: CompiledRegexp, s: string): boolean {
  return matcherOf(r, s).find(0);
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
