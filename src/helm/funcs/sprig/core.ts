// Sprig defaults, conversions, math, reflection, paths, URLs and OS functions.
// Ported from Masterminds/sprig v3.3.0 (MIT: defaults.go, numeric.go, reflect.go, url.go, functions.go),
// spf13/cast (MIT), shopspring/decimal (MIT: NewFromFloat/Add/Sub/Mul/DivRound(16)/Float64) and Go's
// path and net/url packages (BSD-3-Clause).
//
// Integer math is int64 with Go's wraparound (BigInt.asIntN(64)); results are GoInt('int64').

import { GoInt, INT64_MAX, INT64_MIN, isMap, newMap, type GoMap, type GoValue } from '../../value.js';
import type { FuncMap } from '../../template/index.js';
import { castToFloat64, castToInt64, deepEqual, empty, fmtV, intArg, kindName, NIL_DEREF, parseGoInt, strval, typeName } from './goval.js';
import { fn, variadic } from './sig.js';

const i64 = (v: bigint) => new GoInt(BigInt.asIntN(64, v), 'int64');

// ---------------------------------------------------------------------------------------------------------
// shopspring/decimal subset: value = c × 10^e

interface Dec {
  c: bigint;
  e: number;
}

function decFromFloat(f: number): Dec {
  if (Number.isNaN(f)) throw new Error('Cannot create a Decimal from NaN');
  if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${f > 0 ? '+Inf' : '-Inf'}`);
  if (f === 0) return { c: 0n, e: 0 };
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(f));
  if (!m) throw new Error(`Cannot create a Decimal from ${f}`);
  const frac = m[3] ?? '';
  const c = BigInt((m[1] ?? '') + (m[2] ?? '') + frac);
  return { c, e: Number(m[4] ?? 0) - frac.length };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.e === b.e) return [a.c, b.c, a.e];
  if (a.e < b.e) return [a.c, b.c * 10n ** BigInt(b.e - a.e), a.e];
  return [a.c * 10n ** BigInt(a.e - b.e), b.c, b.e];
}

const decAdd = (a: Dec, b: Dec): Dec => {
  const [x, y, e] = align(a, b);
  return { c: x + y, e };
};
const decSub = (a: Dec, b: Dec): Dec => {
  const [x, y, e] = align(a, b);
  return { c: x - y, e };
};
const decMul = (a: Dec, b: Dec): Dec => ({ c: a.c * b.c, e: a.e + b.e });

/** Decimal.Div = DivRound(d2, 16): quotient at 10^-16, rounded half away from zero. */
function decDiv(a: Dec, b: Dec): Dec {
  if (b.c === 0n) throw new Error('decimal division by zero');
  const P = 16;
  // a/b × 10^P = a.c × 10^(a.e - b.e + P) / b.c
  const shift = a.e - b.e + P;
  let num = a.c;
  let den = b.c;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  let q = num / den;
  const r = num % den;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  if (2n * abs(r) >= abs(den)) q += num < 0n !== den < 0n ? -1n : 1n;
  return { c: q, e: -P };
}

const decToFloat = (d: Dec): number => Number(`${d.c}e${d.e}`);

function decimalOp(first: GoValue, rest: GoValue[], op: (a: Dec, b: Dec) => Dec): number {
  let acc = decFromFloat(castToFloat64(first));
  for (const x of rest) acc = op(acc, decFromFloat(castToFloat64(x)));
  return decToFloat(acc);
}

// ---------------------------------------------------------------------------------------------------------
// Go path package

export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

export function pathBase(p: string): string {
  if (p === '') return '.';
  let s = p.replace(/\/+$/, '');
  if (s === '') return '/';
  const i = s.lastIndexOf('/');
  if (i >= 0) s = s.slice(i + 1);
  return s;
}

export function pathDir(p: string): string {
  const i = p.lastIndexOf('/');
  return pathClean(p.slice(0, i + 1));
}

export function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) {
    if (p[i] === '.') return p.slice(i);
  }
  return '';
}

// ---------------------------------------------------------------------------------------------------------
// net/url (the parts urlParse/urlJoin need)

interface GoURL {
  scheme: string;
  opaque: string;
  user: string | null;
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

function unescapeURL(s: string, mode: 'path' | 'host' | 'fragment' | 'user'): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) {
        throw new Error(`invalid URL escape "${s.slice(i, i + 3)}"`);
      }
      bytes.push(parseInt(h, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  void mode;
  return Buffer.from(bytes).toString('utf8');
}

export function parseURL(raw: string): GoURL {
  const u: GoURL = { scheme: '', opaque: '', user: null, host: '', path: '', rawQuery: '', fragment: '' };
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    u.fragment = unescapeURL(rest.slice(hash + 1), 'fragment');
    rest = rest.slice(0, hash);
  }
  if (/[\x00-\x1f\x7f]/.test(rest)) throw new Error(`parse "${raw}": net/url: invalid control character in URL`);
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (sm) {
    u.scheme = sm[1]!.toLowerCase();
    rest = rest.slice(sm[0].length);
  } else if (/^[0-9+.-]/.test(rest) && rest.includes(':') && !/[/?]/.test(rest.split(':')[0]!)) {
    // a colon before any slash without a valid scheme
    if (rest[0] !== ':' || true) {
      if (rest.startsWith(':')) throw new Error(`parse "${raw}": missing protocol scheme`);
    }
  }
  if (rest.startsWith(':') && !sm) throw new Error(`parse "${raw}": missing protocol scheme`);
  if (rest.endsWith('?') && (rest.match(/\?/g) ?? []).length === 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) {
      throw new Error(`parse "${raw}": first path segment in URL cannot contain colon`);
    }
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    let path = '';
    const i = authority.indexOf('/');
    if (i >= 0) {
      path = authority.slice(i);
      authority = authority.slice(0, i);
    }
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      u.user = authority.slice(0, at);
      authority = authority.slice(at + 1);
    }
    u.host = unescapeURL(authority, 'host');
    rest = path;
  }
  u.path = unescapeURL(rest, 'path');
  return u;
}

function hostname(host: string): string {
  if (host.startsWith('[')) {
    const i = host.indexOf(']');
    return i >= 0 ? host.slice(1, i) : host;
  }
  const i = host.lastIndexOf(':');
  return i >= 0 && /^:\d*$/.test(host.slice(i)) ? host.slice(0, i) : host;
}

function userinfoString(user: string): string {
  const i = user.indexOf(':');
  const name = unescapeURL(i >= 0 ? user.slice(0, i) : user, 'user');
  const pass = i >= 0 ? unescapeURL(user.slice(i + 1), 'user') : null;
  const esc = (s: string, isPass: boolean) =>
    [...Buffer.from(s, 'utf8')]
      .map((b) => {
        const c = String.fromCharCode(b);
        if (/[A-Za-z0-9\-._~$&+,;=]/.test(c) || (isPass && c === ':' && false)) return c;
        return '%' + b.toString(16).toUpperCase().padStart(2, '0');
      })
      .join('');
  return esc(name, false) + (pass !== null ? ':' + esc(pass, true) : '');
}

function escapePath(p: string): string {
  return [...Buffer.from(p, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-._~$&+,/:;=@]/.test(c)) return c;
      return '%' + b.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
}

function escapeFragment(p: string): string {
  return [...Buffer.from(p, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-._~$&+,/:;=@!()*?']/.test(c)) return c;
      return '%' + b.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
}

export function urlString(u: GoURL): string {
  let buf = '';
  if (u.scheme !== '') buf += u.scheme + ':';
  if (u.opaque !== '') {
    buf += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.user !== null) {
      if (u.host !== '' || u.path !== '' || u.user !== null) buf += '//';
      if (u.user !== null) buf += userinfoString(u.user) + '@';
      if (u.host !== '') buf += u.host;
    }
    const path = escapePath(u.path);
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf === '') {
      const seg = path.split('/')[0]!;
      if (seg.includes(':')) buf += './';
    }
    buf += path;
  }
  if (u.rawQuery !== '') buf += '?' + u.rawQuery;
  if (u.fragment !== '') buf += '#' + escapeFragment(u.fragment);
  return buf;
}

function urlParse(v: string): GoMap {
  let u: GoURL;
  try {
    u = parseURL(v);
  } catch (e) {
    throw new Error(`unable to parse url: ${(e as Error).message}`);
  }
  return newMap([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user === null ? '' : userinfoString(u.user)],
  ]);
}

function urlJoin(d: GoMap): string {
  const mv = (k: string): string => {
    const v = d[k];
    if (v === undefined) return '';
    if (v === null) throw new Error(NIL_DEREF);
    if (typeof v !== 'string') throw new Error(`unable to parse ${k} key, must be of type string, but ${kindName(v)} found`);
    return v;
  };
  const userinfo = mv('userinfo');
  const u: GoURL = {
    scheme: mv('scheme'),
    host: mv('host'),
    path: mv('path'),
    rawQuery: mv('query'),
    opaque: mv('opaque'),
    fragment: mv('fragment'),
    user: userinfo !== '' ? userinfo : null,
  };
  return urlString(u);
}

// ---------------------------------------------------------------------------------------------------------

function atoi(s: string): GoInt {
  const m = /^[+-]?\d+$/.test(s);
  if (!m) return new GoInt(0n, 'int');
  let v = BigInt(s);
  if (v > INT64_MAX) v = INT64_MAX;
  if (v < INT64_MIN) v = INT64_MIN;
  return new GoInt(v, 'int');
}

function round(a: GoValue, p: GoValue, rOpt: GoValue[]): number {
  const roundOn = rOpt.length > 0 ? castToFloat64(rOpt[0]) : 0.5;
  const val = castToFloat64(a);
  const places = intArg(p);
  const pow = Math.pow(10, places);
  const digit = pow * val;
  const div = digit - Math.trunc(digit);
  const r = div >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

function divInt(a: bigint, b: bigint, op: 'div' | 'mod'): GoInt {
  if (b === 0n) throw new Error('runtime error: integer divide by zero');
  if (op === 'div') return i64(a / b);
  return i64(a % b);
}

export const coreFunctions: FuncMap = {
  // defaults
  default: variadic(['interface{}', 'interface{}'], (d, ...given) => {
    if (given.length === 0 || empty(given[0])) return d;
    return given[0];
  }),
  empty: fn(['interface{}'], (v) => empty(v)),
  coalesce: variadic(['interface{}'], (...xs) => {
    for (const x of xs) if (!empty(x)) return x;
    return null;
  }),
  all: variadic(['interface{}'], (...xs) => xs.every((x) => !empty(x))),
  any: variadic(['interface{}'], (...xs) => xs.some((x) => !empty(x))),
  ternary: fn(['interface{}', 'interface{}', 'bool'], (t, f, c) => (c === true ? t : f)),

  // conversions
  atoi: fn(['string'], (s) => atoi(s as string)),
  int: fn(['interface{}'], (v) => new GoInt(castToInt64(v), 'int')),
  int64: fn(['interface{}'], (v) => new GoInt(castToInt64(v), 'int64')),
  float64: fn(['interface{}'], (v) => castToFloat64(v)),
  toDecimal: fn(['interface{}'], (v) => new GoInt(parseGoInt(fmtV(v), 8) ?? 0n, 'int64')),

  // integer math
  add1: fn(['interface{}'], (v) => i64(castToInt64(v) + 1n)),
  add: variadic(['interface{}'], (...xs) => {
    let a = 0n;
    for (const x of xs) a = BigInt.asIntN(64, a + castToInt64(x));
    return i64(a);
  }),
  sub: fn(['interface{}', 'interface{}'], (a, b) => i64(castToInt64(a) - castToInt64(b))),
  div: fn(['interface{}', 'interface{}'], (a, b) => divInt(castToInt64(a), castToInt64(b), 'div')),
  mod: fn(['interface{}', 'interface{}'], (a, b) => divInt(castToInt64(a), castToInt64(b), 'mod')),
  mul: variadic(['interface{}', 'interface{}'], (a, ...xs) => {
    let v = castToInt64(a);
    for (const x of xs) v = BigInt.asIntN(64, v * castToInt64(x));
    return i64(v);
  }),
  biggest: variadic(['interface{}', 'interface{}'], (a, ...xs) => {
    let v = castToInt64(a);
    for (const x of xs) {
      const b = castToInt64(x);
      if (b > v) v = b;
    }
    return i64(v);
  }),
  max: variadic(['interface{}', 'interface{}'], (a, ...xs) => {
    let v = castToInt64(a);
    for (const x of xs) {
      const b = castToInt64(x);
      if (b > v) v = b;
    }
    return i64(v);
  }),
  min: variadic(['interface{}', 'interface{}'], (a, ...xs) => {
    let v = castToInt64(a);
    for (const x of xs) {
      const b = castToInt64(x);
      if (b < v) v = b;
    }
    return i64(v);
  }),

  // float math (decimal arithmetic like shopspring/decimal)
  add1f: fn(['interface{}'], (v) => decimalOp(v, [new GoInt(1n, 'int')], decAdd)),
  addf: variadic(['interface{}'], (...xs) => decimalOp(0, xs, decAdd)),
  subf: variadic(['interface{}', 'interface{}'], (a, ...xs) => decimalOp(a, xs, decSub)),
  mulf: variadic(['interface{}', 'interface{}'], (a, ...xs) => decimalOp(a, xs, decMul)),
  divf: variadic(['interface{}', 'interface{}'], (a, ...xs) => decimalOp(a, xs, decDiv)),
  maxf: variadic(['interface{}', 'interface{}'], (a, ...xs) => xs.reduce<number>((m, x) => Math.max(m, castToFloat64(x)), castToFloat64(a))),
  minf: variadic(['interface{}', 'interface{}'], (a, ...xs) => xs.reduce<number>((m, x) => Math.min(m, castToFloat64(x)), castToFloat64(a))),
  floor: fn(['interface{}'], (v) => Math.floor(castToFloat64(v))),
  ceil: fn(['interface{}'], (v) => Math.ceil(castToFloat64(v))),
  round: variadic(['interface{}', 'int', 'float64'], (a, p, ...r) => round(a, p, r)),

  // reflection
  typeOf: fn(['interface{}'], (v) => typeName(v)),
  typeIs: fn(['string', 'interface{}'], (t, v) => t === typeName(v)),
  typeIsLike: fn(['string', 'interface{}'], (t, v) => {
    const n = typeName(v);
    return t === n || '*' + (t as string) === n;
  }),
  kindOf: fn(['interface{}'], (v) => kindName(v)),
  kindIs: fn(['string', 'interface{}'], (t, v) => t === kindName(v)),
  deepEqual: fn(['interface{}', 'interface{}'], (a, b) => deepEqual(a, b)),

  // OS: no env/expandenv. Helm deletes them from Sprig's map (a template using them fails to parse:
  // function "env" not defined), and a linted chart must never read the process environment.

  // paths (path and path/filepath on Unix)
  base: fn(['string'], (s) => pathBase(s as string)),
  dir: fn(['string'], (s) => pathDir(s as string)),
  clean: fn(['string'], (s) => pathClean(s as string)),
  ext: fn(['string'], (s) => pathExt(s as string)),
  isAbs: fn(['string'], (s) => (s as string).startsWith('/')),
  osBase: fn(['string'], (s) => pathBase(s as string)),
  osDir: fn(['string'], (s) => pathDir(s as string)),
  osClean: fn(['string'], (s) => pathClean(s as string)),
  osExt: fn(['string'], (s) => pathExt(s as string)),
  osIsAbs: fn(['string'], (s) => (s as string).startsWith('/')),

  // URLs
  urlParse: fn(['string'], (s) => urlParse(s as string)),
  urlJoin: fn(['map[string]interface{}'], (d) => urlJoin(isMap(d) ? d : newMap())),
};

export { strval };
