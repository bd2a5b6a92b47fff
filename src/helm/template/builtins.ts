// Go text/template's builtin functions (funcs.go), over GoValues.
// Ported from Go 1.25 text/template/funcs.go. Original: Copyright The Go Authors, BSD-style licence.
//
// Builtins see Go's reflect.Value distinction: undefined is the invalid value (no value), null a nil
// interface (e.g. a missing map key under missingkey=zero). `and`/`or` are evaluated lazily by the executor.

import { GoInt, SLICE_TYPE as SLICE_TYPE_KEY, isMap, mapElemZero, namedType, namedTypeOf, type GoValue } from '../value.js';
import { sprint, sprintf, sprintln } from './fmt.js';
import { goKind, goTypeName, isTrue, isUintKind } from './gotype.js';

export const BUILTIN_NAMES: ReadonlySet<string> = new Set([
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
]);

/** Builtin parameter kinds: 'value' is reflect.Value (sees nil vs invalid), 'any' interface{}, 'string' string. */
export type BuiltinParam = 'value' | 'any' | 'string';

export interface Builtin {
  readonly params: readonly BuiltinParam[];
  readonly variadic: boolean;
  readonly fn: (...args: GoValue[]) => GoValue;
}

const isNilish = (v: GoValue): v is null | undefined => v === null || v === undefined;

type BasicKind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string';

function basicKind(v: GoValue): BasicKind {
  if (isNilish(v)) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  if (v instanceof GoInt) return isUintKind(v.type) ? 'uint' : 'int';
  return 'invalid';
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';
const errNoComparison = 'missing argument for comparison';

function intVal(v: GoValue): bigint {
  return (v as GoInt).value;
}

export function eq(arg1: GoValue, ...arg2: GoValue[]): boolean {
  if (arg2.length === 0) throw new Error(errNoComparison);
  const k1 = basicKind(arg1);
  for (const arg of arg2) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = intVal(arg1) >= 0n && intVal(arg1) === intVal(arg);
      else if (k1 === 'uint' && k2 === 'int') truth = intVal(arg) >= 0n && intVal(arg1) === intVal(arg);
      else if (!isNilish(arg1) && !isNilish(arg)) throw new Error(errBadComparison);
    } else {
      switch (k1) {
        case 'bool':
        case 'float':
        case 'string':
          truth = arg1 === arg;
          break;
        case 'int':
        case 'uint':
          truth = intVal(arg1) === intVal(arg);
          break;
        default:
          truth = compareNonBasic(arg1, arg);
      }
    }
    if (truth) return true;
  }
  return false;
}

/** eq on values that are not basic kinds: nil checks, then Go's comparability rules. */
function compareNonBasic(a: GoValue, b: GoValue): boolean {
  const ka = isNilish(a) ? 'invalid' : goKind(a);
  const kb = isNilish(b) ? 'invalid' : goKind(b);
  if (ka !== kb && ka !== 'invalid' && kb !== 'invalid') {
    throw new Error(`non-comparable types ${sprint(a)}: ${goTypeName(a)}, ${goTypeName(b)}: ${sprint(b)}`);
  }
  if (isNilish(a) || isNilish(b)) return isNilish(a) === isNilish(b);
  if (Array.isArray(b) || isMap(b) || typeof b === 'function') {
    throw new Error(`non-comparable type ${sprint(b)}: ${goTypeName(b)}`);
  }
  return a === b;
}

export function ne(a: GoValue, b: GoValue): boolean {
  return !eq(a, b);
}

export function lt(arg1: GoValue, arg2: GoValue): boolean {
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new Error(errBadComparisonType);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new Error(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intVal(arg1) < 0n || intVal(arg1) < intVal(arg2);
    if (k1 === 'uint' && k2 === 'int') return intVal(arg2) >= 0n && intVal(arg1) < intVal(arg2);
    throw new Error(errBadComparison);
  }
  switch (k1) {
    case 'bool':
      throw new Error(errBadComparisonType);
    case 'int':
    case 'uint':
      return intVal(arg1) < intVal(arg2);
    case 'string':
      return Buffer.compare(Buffer.from(arg1 as string), Buffer.from(arg2 as string)) < 0;
    default:
      return (arg1 as number) < (arg2 as number);
  }
}

export function le(a: GoValue, b: GoValue): boolean {
  return lt(a, b) || eq(a, b);
}

export function gt(a: GoValue, b: GoValue): boolean {
  return !le(a, b);
}

export function ge(a: GoValue, b: GoValue): boolean {
  return !lt(a, b);
}

/** Go's indexArg: an integer index within [0, cap]. */
function indexArg(index: GoValue, cap: number): number {
  if (isNilish(index)) throw new Error('cannot index slice/array with nil');
  if (!(index instanceof GoInt)) throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  const x = index.value;
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

export function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (isNilish(item)) throw new Error('index of untyped nil');
  for (const ix of indexes) {
    if (isNilish(item)) throw new Error('index of nil pointer');
    if (typeof item === 'string' || Array.isArray(item)) {
      const len: number = typeof item === 'string' ? Buffer.byteLength(item) : item.length;
      const x = indexArg(ix, len);
      if (x === len) throw new Error(`index out of range: ${x}`);
      if (typeof item === 'string') item = new GoInt(BigInt(Buffer.from(item)[x]!), 'uint8');
      else item = item[x] === undefined ? null : item[x];
    } else if (isMap(item)) {
      if (isNilish(ix)) throw new Error('value is nil; should be of type string');
      if (typeof ix !== 'string') throw new Error(`value has type ${goTypeName(ix)}; should be string`);
      const v: GoValue = Object.prototype.hasOwnProperty.call(item, ix) ? item[ix] : undefined;
      item = v === undefined ? mapElemZero(item) : v;
    } else {
      throw new Error(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

export function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (isNilish(item)) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    cap = len = Buffer.byteLength(item);
  } else if (Array.isArray(item)) {
    cap = len = item.length;
  } else throw new Error(`can't slice item of type ${goTypeName(item)}`);
  const idx = [0, len, 0];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(ix, cap);
  });
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  // Byte offsets, as Go; a cut inside a UTF-8 sequence yields U+FFFD here (JS strings cannot hold raw bytes).
  if (typeof item === 'string') return Buffer.from(item).subarray(idx[0], idx[1]).toString('utf8');
  const out = item.slice(idx[0], idx[1]);
  const named = namedTypeOf(item);
  if (named) return namedType(out, named);
  const t = (item as unknown as Record<symbol, unknown>)[SLICE_TYPE_KEY];
  if (t) Object.defineProperty(out, SLICE_TYPE_KEY, { value: t, enumerable: false });
  return out;
}

export function length(item: GoValue): GoValue {
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (item === null) throw new Error('len of nil pointer');
  if (typeof item === 'string') return new GoInt(BigInt(Buffer.byteLength(item)), 'int');
  if (Array.isArray(item)) return new GoInt(BigInt(item.length), 'int');
  if (isMap(item)) return new GoInt(BigInt(Object.keys(item).length), 'int');
  throw new Error(`len of type ${goTypeName(item)}`);
}

export function not(v: GoValue): boolean {
  return !isTrue(v);
}

/** Go's evalArgs for html/js/urlquery: one string as is, otherwise Sprint with <no value> for nil. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(...args.map((a) => (isNilish(a) ? '<no value>' : a)));
}

export function htmlEscapeString(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => {
    switch (c) {
      case '\0':
        return '\uFFFD';
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      default:
        return '&gt;';
    }
  });
}

const JS_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x80) {
      if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
      else out += ch;
    } else if (JS_PRINTABLE.test(ch)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export const BUILTINS: Record<string, Builtin> = {
  not: { params: ['value'], variadic: false, fn: not },
  len: { params: ['value'], variadic: false, fn: length },
  index: { params: ['value', 'value'], variadic: true, fn: index },
  slice: { params: ['value', 'value'], variadic: true, fn: slice },
  eq: { params: ['value', 'value'], variadic: true, fn: eq },
  ne: { params: ['value', 'value'], variadic: false, fn: ne },
  lt: { params: ['value', 'value'], variadic: false, fn: lt },
  le: { params: ['value', 'value'], variadic: false, fn: le },
  gt: { params: ['value', 'value'], variadic: false, fn: gt },
  ge: { params: ['value', 'value'], variadic: false, fn: ge },
  print: { params: ['any'], variadic: true, fn: (...a) => sprint(...a) },
  println: { params: ['any'], variadic: true, fn: (...a) => sprintln(...a) },
  printf: { params: ['string', 'any'], variadic: true, fn: (f, ...a) => sprintf(f as string, ...a) },
  html: { params: ['any'], variadic: true, fn: (...a) => htmlEscapeString(evalArgs(a)) },
  js: { params: ['any'], variadic: true, fn: (...a) => jsEscapeString(evalArgs(a)) },
  urlquery: { params: ['any'], variadic: true, fn: (...a) => queryEscape(evalArgs(a)) },
  and: { params: ['value', 'value'], variadic: true, fn: () => undefined },
  or: { params: ['value', 'value'], variadic: true, fn: () => undefined },
  call: { params: ['value', 'value'], variadic: true, fn: () => undefined },
};
