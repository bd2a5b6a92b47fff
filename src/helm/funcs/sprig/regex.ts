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
  readonly pattern: RE2JS;
  readonly names: readonly string[]; // names[0] = "" (whole match); "" for unnamed groups
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

type Matcher = ReturnType<RE2JS['matcher']>;

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
  const matcher = r.pattern.matcher(s);
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
  const matcher = r.pattern.matcher(s);
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
  return matchAt(r, r.pattern.matcher(s), 0, false)?.[0] ?? '';
}

function matchString(r: CompiledRegexp, s: string): boolean {
  return r.pattern.matcher(s).find(0);
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
