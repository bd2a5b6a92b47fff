// Go runtime helpers shared by the Sprig function library: type names and kinds (reflect), Sprig's
// `empty`, reflect.DeepEqual, strval (fmt "%v"), %q quoting, spf13/cast conversions, byte views of strings.
//
// Semantics ported from Masterminds/sprig v3.3.0 (MIT), spf13/cast v1.7 (MIT) and Go's fmt/strconv/reflect
// (BSD-3-Clause). This file is a translation; see the notices of those projects.

import { GoInt, GoStruct, INT64_MIN, isInt, isMap, sliceType, mapType as valueMapType, typedMap as valueTypedMap, type GoMap, type GoValue } from '../../value.js';
import { goKind, goTypeName, sprintf } from '../../template/index.js';

// ---------------------------------------------------------------------------------------------------------
// Type names and kinds

/** Go type name of a value as `%T` prints it (`<nil>` for nil): the template engine's reflect view. */
export function typeName(v: GoValue): string {
  return goTypeName(v);
}

/** A map's Go type: map[string]interface {} unless marked (e.g. map[string]string from `split`). */
export function mapType(m: GoMap): string {
  return valueMapType(m);
}

/** Mark a map with a Go type name. */
export function typedMap<T extends GoMap>(m: T, goType: string): T {
  return valueTypedMap(m, goType);
}

/** reflect.Kind name of a value (`invalid` for nil). */
export function kindName(v: GoValue): string {
  return goKind(v);
}

export function isNil(v: GoValue): v is null | undefined {
  return v === null || v === undefined;
}

export function isList(v: GoValue): v is GoValue[] {
  return Array.isArray(v);
}

/** Sprig's `empty`: nil, zero numbers, false, and empty strings/slices/maps are empty; structs never are. */
export function empty(v: GoValue): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'number':
      return v === 0;
    case 'boolean':
      return !v;
    case 'function':
      return false;
    default:
      break;
  }
  if (isInt(v)) return v.value === 0n;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof GoStruct) return false;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}

/** reflect.DeepEqual on the value model (types matter: int 1 ≠ int64 1 ≠ float64 1; NaN ≠ NaN). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn;
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object') return a === b;
  if (isInt(a) || isInt(b)) return isInt(a) && isInt(b) && a.type === b.type && a.value === b.value;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    if (sliceType(a) !== sliceType(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isMap(a) && isMap(b)) {
    if (mapType(a) !== mapType(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
      if (!deepEqual(a[k], b[k])) return false;
    }
    return true;
  }
  if (a instanceof GoStruct && b instanceof GoStruct) {
    if (a.goTypeName !== b.goTypeName) return false;
    if (a === b) return true;
    const ka = Object.keys(a).filter((k) => typeof (a as unknown as Record<string, unknown>)[k] !== 'function');
    for (const k of ka) {
      if (!deepEqual((a as unknown as GoMap)[k], (b as unknown as GoMap)[k])) return false;
    }
    return true;
  }
  return a === b;
}

// ---------------------------------------------------------------------------------------------------------
// fmt: %v, %q and float formatting (a local, self-contained subset of Go's fmt)

/** fmt's %v (the template engine's port of Go's fmt). */
export function fmtV(v: GoValue): string {
  return sprintf('%v', v === undefined ? null : v);
}

/** The value's String() method (fmt.Stringer), if it has one. */
export function stringer(v: GoValue): string | undefined {
  if (v instanceof GoStruct) {
    const f = (v as unknown as { String?: unknown }).String;
    if (typeof f === 'function') return String((f as () => unknown).call(v));
  }
  return undefined;
}

/** Sprig's strval: strings as they are, Stringers via String(), everything else fmt.Sprintf("%v"). */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  return fmtV(v);
}

/** strconv.Quote / %q of a string. */
export function goQuote(s: string): string {
  return sprintf('%q', s);
}

/** Go's string ordering (bytewise on UTF-8), usable as a sort comparator. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // Fast path for BMP-only strings outside the surrogate range: UTF-16 order equals UTF-8 order.
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------
// Byte views: Go strings are UTF-8 byte sequences

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function utf8Len(s: string): number {
  return ASCII_ONLY.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

/** s[start:end] on the UTF-8 bytes; a cut inside a multi-byte sequence leaves U+FFFD for the lone bytes. */
export function byteSlice(s: string, start: number, end?: number): string {
  if (ASCII_ONLY.test(s)) {
    const e = end ?? s.length;
    if (e <= s.length && e >= 0 && start <= e && start >= 0) return s.slice(start, e);
  }
  const b = Buffer.from(s, 'utf8');
  const e = end ?? b.length;
  // Go's runtime panic texts for s[start:end]
  if (e > b.length) throw new Error(`runtime error: slice bounds out of range [:${e}] with length ${b.length}`);
  if (e < 0) throw new Error(`runtime error: slice bounds out of range [:${e}]`);
  if (start > e) throw new Error(`runtime error: slice bounds out of range [${start}:${e}]`);
  if (start < 0) throw new Error(`runtime error: slice bounds out of range [${start}:]`);
  return b.subarray(start, e).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------------
// spf13/cast conversions (errors ignored: zero values), as Sprig's toInt/toInt64/toFloat64 use them

/** strconv.ParseInt(s, base, 64) with Go's syntax (base 0: prefixes 0x/0o/0b/0 and underscores). */
export function parseGoInt(s: string, base: number): bigint | undefined {
  let str = s;
  let neg = false;
  if (str.startsWith('+') || str.startsWith('-')) {
    neg = str[0] === '-';
    str = str.slice(1);
  }
  if (str === '') return undefined;
  let b = base;
  let digits = str;
  let prefixed = false;
  if (base === 0) {
    b = 10;
    if (/^0[xX]/.test(str)) {
      b = 16;
      digits = str.slice(2);
      prefixed = true;
    } else if (/^0[oO]/.test(str)) {
      b = 8;
      digits = str.slice(2);
      prefixed = true;
    } else if (/^0[bB]/.test(str)) {
      b = 2;
      digits = str.slice(2);
      prefixed = true;
    } else if (str.length > 1 && str[0] === '0') {
      b = 8;
      digits = str.slice(1);
      prefixed = true;
    }
    if (digits.includes('_')) {
      // underscores only between digits (or right after a base prefix)
      const check = (prefixed ? '0' : '') + digits;
      if (/^_|__|_$/.test(check)) return undefined;
      digits = digits.replace(/_/g, '');
    }
  }
  if (digits === '') return undefined;
  const valid = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  let v = 0n;
  const bb = BigInt(b);
  for (const ch of digits.toLowerCase()) {
    const d = valid.indexOf(ch);
    if (d < 0) return undefined;
    v = v * bb + BigInt(d);
  }
  if (neg) v = -v;
  if (v > (1n << 63n) - 1n || v < -(1n << 63n)) return undefined;
  return v;
}

/** strconv.ParseFloat(s, 64), or undefined on a syntax error. */
export function parseGoFloat(s: string): number | undefined {
  const t = s.toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(t);
  if (m) {
    if (m[2] === 'nan') return m[1] ? undefined : NaN;
    return m[1] === '-' ? -Infinity : Infinity;
  }
  if (/^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/.test(t)) {
    return Number(t.replace(/_/g, ''));
  }
  const hm = /^([+-]?)0x([0-9a-f_]*)(?:\.([0-9a-f_]*))?p([+-]?\d+)$/.exec(t);
  if (hm && (hm[2] || hm[3])) {
    const intPart = (hm[2] ?? '').replace(/_/g, '');
    const frac = (hm[3] ?? '').replace(/_/g, '');
    let mant = 0;
    for (const c of intPart) mant = mant * 16 + parseInt(c, 16);
    let scale = 1 / 16;
    for (const c of frac) {
      mant += parseInt(c, 16) * scale;
      scale /= 16;
    }
    const v = mant * Math.pow(2, Number(hm[4]));
    return hm[1] === '-' ? -v : v;
  }
  return undefined;
}

/** cast's trimZeroDecimal: "3.0" → "3", "3.00" → "3"; "3.5" and "3." unchanged. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

/** Go's float64 → int64 conversion on amd64 (truncation; out of range and NaN give math.MinInt64). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** cast.ToInt64 (also cast.ToInt: Go's int is 64-bit on Helm's platforms). */
export function castToInt64(v: GoValue): bigint {
  if (v === null || v === undefined) return 0n;
  if (isInt(v)) return BigInt.asIntN(64, v.value);
  switch (typeof v) {
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const r = parseGoInt(trimZeroDecimal(v), 0);
      return r ?? 0n;
    }
    default:
      return 0n;
  }
}

/** cast.ToFloat64. */
export function castToFloat64(v: GoValue): number {
  if (v === null || v === undefined) return 0;
  if (isInt(v)) return Number(v.value);
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseGoFloat(v) ?? 0;
    default:
      return 0;
  }
}

export function goInt(v: bigint, type: GoInt['type'] = 'int'): GoInt {
  return new GoInt(v, type);
}

/** A JS number from an `int` parameter (already checked by the executor). */
export function intArg(v: GoValue): number {
  if (isInt(v)) return Number(v.value);
  if (typeof v === 'number') return Math.trunc(v);
  return 0;
}

export function strArg(v: GoValue): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : strval(v);
}

/** Go's panic text for reflect.TypeOf(nil).Kind(). */
export const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';
