// Sprig regex functions with Go's regexp semantics on re2js, a JavaScript port of RE2/RE2J (whose parser
// and matcher follow Go's regexp/syntax): linear-time matching, so a hostile pattern like `(a+)+$` cannot
// backtrack, and Go's syntax and error messages. Simple patterns run on a JavaScript RegExp and patterns
// with groups or alternation on Go's bounded backtracker (below), both on short texts, so that a chart's
// few dozen matches do not load re2js. Go's match iteration (FindAll/ReplaceAll/Split skip an
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
  /** The pattern as a program for Go's bounded backtracker, for a pattern of the subset backtrackProgram takes. */
  readonly backtrack?: Program;
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
    const program = native ? undefined : backtrackProgram(expr);
    if (native || program) {
      let pattern: RE2JS | undefined;
      c = {
        expr,
        get pattern() {
          return (pattern ??= re2js().RE2JS.compile(expr));
        },
        names: new Array<string>((program?.slots ?? 2) / 2).fill(''),
        native,
        backtrack: program,
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
  }
  if (!cache.has(expr)) {
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

// ---------------------------------------------------------------------------------------------------------
// Go's bounded backtracker (regexp/backtrack.go) on a small program, for patterns with groups or
// alternation that bitnami's common library uses on short texts (release names, image tags): they
// would load and compile re2js for a few dozen matches. A (instruction, position) pair is visited
// once, so a match costs at most instructions × (text length + 1) steps whatever the pattern, and
// the first match found in priority order is Go's leftmost-first match, submatches included.

const CHAR = 0;
const SPLIT = 1; // out first, then arg
const JMP = 2;
const SAVE = 3;
const BEGIN_TEXT = 4;
const END_TEXT = 5;
const MATCH = 6;

/** Go's limits for its backtracker: longer programs or texts go to re2js. */
const MAX_BACKTRACK_PROG = 500;
const MAX_BACKTRACK_VECTOR = 256 * 1024;

export interface Program {
  readonly op: Uint8Array;
  readonly out: Int32Array;
  readonly arg: Int32Array;
  /** One code point each, for CHAR (arg is the index). */
  readonly sets: readonly ((cp: number) => boolean)[];
  /** Capture slots: 2 per group, group 0 included. */
  readonly slots: number;
}

type Node =
  | { t: 'char'; set: (cp: number) => boolean }
  | { t: 'begin' | 'end' }
  | { t: 'cat' | 'alt'; items: Node[] }
  | { t: 'cap'; index: number; body: Node }
  | { t: 'rep'; op: '*' | '+' | '?'; body: Node };

/** A one-code-point set from the JavaScript source nativeRegExp writes for it (ASCII answers kept). */
function codePointSet(source: string): (cp: number) => boolean {
  const re = new RegExp(`^${source}$`, 'u');
  const ascii = new Int8Array(128).fill(-1);
  return (cp) => {
    if (cp < 128) {
      if (ascii[cp] === -1) ascii[cp] = re.test(String.fromCharCode(cp)) ? 1 : 0;
      return ascii[cp] === 1;
    }
    return re.test(String.fromCodePoint(cp));
  };
}

function nullable(n: Node): boolean {
  switch (n.t) {
    case 'char':
      return false;
    case 'begin':
    case 'end':
      return true;
    case 'cat':
      return n.items.every(nullable);
    case 'alt':
      return n.items.some(nullable);
    case 'cap':
      return nullable(n.body);
    case 'rep':
      return n.op !== '+' || nullable(n.body);
  }
}

/**
 * The pattern as a backtracking program, for nativeRegExp's atoms with capturing and `(?:…)`
 * groups and alternation; undefined for anything else (flags, named groups, counted or lazy
 * repetition, a repetition of a repetition or of what can match empty), which re2js takes.
 */
export function backtrackProgram(expr: string): Program | undefined {
  if (!isWellFormed(expr)) return undefined;
  let i = 0;
  let groups = 0;
  const literal = (cp: number): string => (cp < 0x80 && /[A-Za-z0-9]/.test(String.fromCharCode(cp)) ? String.fromCharCode(cp) : `\\u{${cp.toString(16)}}`);
  const alternation = (depth: number): Node | undefined => {
    const items: Node[] = [];
    for (;;) {
      const c = sequence(depth);
      if (!c) return undefined;
      items.push(c);
      if (expr[i] !== '|') break;
      i++;
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  };
  const sequence = (depth: number): Node | undefined => {
    const items: Node[] = [];
    while (i < expr.length && expr[i] !== '|' && expr[i] !== ')') {
      const cp = expr.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      i += ch.length;
      if (ch === '*' || ch === '+' || ch === '?') {
        const last = items[items.length - 1];
        if (!last || last.t === 'rep' || nullable(last)) return undefined;
        if (expr[i] === '?' || expr[i] === '*' || expr[i] === '+' || expr[i] === '{') return undefined;
        items[items.length - 1] = { t: 'rep', op: ch, body: last };
      } else if (ch === '(') {
        let index = 0;
        if (expr[i] === '?') {
          if (expr[i + 1] !== ':') return undefined;
          i += 2;
        } else index = ++groups;
        if (depth >= 100) return undefined;
        const body = alternation(depth + 1);
        if (!body || expr[i] !== ')') return undefined;
        i++;
        items.push(index ? { t: 'cap', index, body } : body);
      } else if (ch === '^') items.push({ t: 'begin' });
      else if (ch === '$') items.push({ t: 'end' });
      else if (ch === '.') items.push({ t: 'char', set: (c) => c !== 10 });
      else if (ch === '\\') {
        const e = escapeAt(expr, i);
        if (e === undefined) return undefined;
        items.push({
          t: 'char',
          set: codePointSet(e.kind === 'literal' ? literal(e.cp) : e.kind === 's' ? '[\\t\\n\\f\\r ]' : e.kind === 'S' ? '[^\\t\\n\\f\\r ]' : `\\${e.kind}`),
        });
        i = e.next;
      } else if (ch === '[') {
        const c = classAt(expr, i, literal);
        if (c === undefined) return undefined;
        items.push({ t: 'char', set: codePointSet(c.source) });
        i = c.next;
      } else if (']{}'.includes(ch)) return undefined;
      else items.push({ t: 'char', set: (c) => c === cp });
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  };
  const root = alternation(0);
  if (!root || i !== expr.length) return undefined;

  // compiled as Go's regexp/syntax compiles: greedy repetitions try the body first
  const op: number[] = [];
  const out: number[] = [];
  const arg: number[] = [];
  const sets: ((cp: number) => boolean)[] = [];
  const add = (o: number, a = 0): number => {
    op.push(o);
    out.push(op.length);
    arg.push(a);
    return op.length - 1;
  };
  const gen = (n: Node): void => {
    switch (n.t) {
      case 'char':
        add(CHAR, sets.push(n.set) - 1);
        break;
      case 'begin':
        add(BEGIN_TEXT);
        break;
      case 'end':
        add(END_TEXT);
        break;
      case 'cat':
        for (const item of n.items) gen(item);
        break;
      case 'alt': {
        const jumps: number[] = [];
        n.items.forEach((item, k) => {
          if (k === n.items.length - 1) return gen(item);
          const split = add(SPLIT);
          gen(item);
          jumps.push(add(JMP));
          arg[split] = op.length;
        });
        for (const j of jumps) out[j] = op.length;
        break;
      }
      case 'cap':
        add(SAVE, 2 * n.index);
        gen(n.body);
        add(SAVE, 2 * n.index + 1);
        break;
      case 'rep': {
        if (n.op === '+') {
          const start = op.length;
          gen(n.body);
          const split = add(SPLIT);
          out[split] = start;
          arg[split] = split + 1;
        } else {
          const split = add(SPLIT);
          gen(n.body);
          if (n.op === '*') out[add(JMP)] = split;
          arg[split] = op.length;
        }
        break;
      }
    }
  };
  gen(root);
  add(MATCH);
  if (op.length > MAX_BACKTRACK_PROG) return undefined;
  return { op: Uint8Array.from(op), out: Int32Array.from(out), arg: Int32Array.from(arg), sets, slots: 2 * (groups + 1) };
}

/** Go's bitState search (regexp/backtrack.go, leftmost-first) behind the Matcher interface. */
class BacktrackMatcher implements Matcher {
  private caps: Int32Array | undefined;
  constructor(
    private readonly prog: Program,
    private readonly text: string,
  ) {}

  find(start: number): boolean {
    const n = this.text.length;
    // one visited bit per (instruction, position), shared by every start: a pair that failed from one start fails from all
    const visited = new Uint32Array(Math.ceil((this.prog.op.length * (n + 1)) / 32));
    const cap = new Int32Array(this.prog.slots).fill(-1);
    for (let pos = start; ;) {
      cap[0] = pos;
      if (this.tryFrom(pos, cap, visited)) return true;
      if (pos >= n) break;
      pos += this.text.codePointAt(pos)! > 0xffff ? 2 : 1;
    }
    this.caps = undefined;
    return false;
  }

  private tryFrom(startPos: number, cap: Int32Array, visited: Uint32Array): boolean {
    const { op, out, arg, sets } = this.prog;
    const text = this.text;
    const width = text.length + 1;
    const shouldVisit = (pc: number, pos: number): boolean => {
      const bit = pc * width + pos;
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if (visited[word]! & mask) return false;
      visited[word]! |= mask;
      return true;
    };
    // jobs: pc, pos, and whether the job finishes an instruction (a split's second branch, a capture's restore)
    const jobs: number[] = [];
    if (shouldVisit(0, startPos)) jobs.push(0, startPos, 0);
    while (jobs.length > 0) {
      let again = jobs.pop()! === 1;
      let pos = jobs.pop()!;
      let pc = jobs.pop()!;
      let check = false;
      for (;;) {
        if (check && !shouldVisit(pc, pos)) break;
        check = true;
        const o = op[pc]!;
        if (o === SPLIT) {
          if (again) {
            again = false;
            pc = arg[pc]!;
          } else {
            jobs.push(pc, pos, 1);
            pc = out[pc]!;
          }
        } else if (o === CHAR) {
          if (pos >= text.length) break;
          const cp = text.codePointAt(pos)!;
          if (!sets[arg[pc]!]!(cp)) break;
          pos += cp > 0xffff ? 2 : 1;
          pc = out[pc]!;
        } else if (o === SAVE) {
          if (again) {
            // finished what followed the capture: restore the slot's old value (kept in pos)
            cap[arg[pc]!] = pos;
            break;
          }
          jobs.push(pc, cap[arg[pc]!]!, 1);
          cap[arg[pc]!] = pos;
          pc = out[pc]!;
        } else if (o === JMP) pc = out[pc]!;
        else if (o === BEGIN_TEXT) {
          if (pos !== 0) break;
          pc = out[pc]!;
        } else if (o === END_TEXT) {
          if (pos !== text.length) break;
          pc = out[pc]!;
        } else {
          cap[1] = pos;
          this.caps = cap.slice();
          return true;
        }
      }
    }
    return false;
  }

  start(): number {
    return this.caps![0]!;
  }

  group(index: number): string | null {
    const a = this.caps![2 * index]!;
    const b = this.caps![2 * index + 1]!;
    return a < 0 || b < 0 ? null : this.text.slice(a, b);
  }
}

/** A matcher over `s`: the native RegExp when the pattern has one and the text suits it, else re2js. */
function matcherOf(r: CompiledRegexp, s: string): Matcher {
  if (r.native && s.length <= (NATIVE_LIMITS.get(r.native) ?? 0) && isWellFormed(s)) return new NativeMatcher(r.native, s);
  if (r.backtrack && r.backtrack.op.length * (s.length + 1) <= MAX_BACKTRACK_VECTOR && isWellFormed(s)) return new BacktrackMatcher(r.backtrack, s);
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
