// Sprig list and dict functions, including mergo's merge semantics and copystructure's deepCopy.
// Ported from Masterminds/sprig v3.3.0 list.go/dict.go/defaults.go (MIT), dario.cat/mergo v1.0.1
// (BSD-3-Clause: deepMerge for map[string]interface{}) and mitchellh/copystructure (MIT).
//
// Go map iteration order is random: `keys` and `values` return their results in sorted key order
// (a permutation Go could also produce) so lint output is reproducible.

import { GoInt, GoStruct, isInt, isMap, newMap, sameTypeAs, typedSlice, type GoMap, type GoValue } from '../../value.js';
import type { FuncMap } from '../../template/index.js';
import { castToInt64, compareBytes, deepEqual, empty, intArg, isList, isNil, kindName, NIL_DEREF, strval, typeName, mapType } from './goval.js';
import { fn, variadic } from './sig.js';
import { checkListSize } from '../../template/budget.js';

// ---------------------------------------------------------------------------------------------------------
// Lists

/** reflect.TypeOf(list).Kind() as Sprig's list functions read it; nil panics like Go. */
function listKind(v: GoValue): string {
  if (isNil(v)) throw new Error(NIL_DEREF);
  return kindName(v);
}

function requireList(v: GoValue, msg: (kind: string) => string): GoValue[] {
  const k = listKind(v);
  if (!isList(v)) throw new Error(msg(k));
  return v;
}

function asMap(v: GoValue): GoMap | null {
  return isMap(v) ? v : null;
}

function list(...xs: GoValue[]): GoValue[] {
  return xs;
}

function push(l: GoValue, v: GoValue): GoValue[] {
  const arr = requireList(l, (k) => `Cannot push on type ${k}`);
  return [...arr, v];
}

function prepend(l: GoValue, v: GoValue): GoValue[] {
  const arr = requireList(l, (k) => `Cannot prepend on type ${k}`);
  return [v, ...arr];
}

function chunk(size: number, l: GoValue): GoValue[][] {
  const arr = requireList(l, (k) => `Cannot chunk type ${k}`);
  const n = arr.length;
  const cs = Math.floor((n - 1) / size) + 1;
  const out: GoValue[][] = [];
  for (let i = 0; i < cs; i++) {
    let clen = size;
    if (i === cs - 1) {
      clen = Math.floor(n % size);
      if (clen === 0) clen = size;
    }
    out.push(arr.slice(i * size, i * size + clen));
  }
  return typedSlice(out, '[][]interface {}');
}

function inList(hay: GoValue[], needle: GoValue): boolean {
  return hay.some((h) => deepEqual(needle, h));
}

function sliceList(l: GoValue, indices: GoValue[]): GoValue {
  const arr = requireList(l, (k) => `list should be type of slice or array but ${k}`);
  const n = arr.length;
  if (n === 0) return null;
  const start = indices.length > 0 ? Number(castToInt64(indices[0])) : 0;
  const end = indices.length < 2 ? n : Number(castToInt64(indices[1]));
  if (start < 0 || end < start || end > n) {
    throw new Error(`reflect: slice index out of range`);
  }
  // reflect's Slice keeps the slice's type, named types (common.VersionSet) and their methods included
  return sameTypeAs(arr.slice(start, end), arr);
}

function untilStep(start: number, stop: number, step: number): GoInt[] {
  const v: GoInt[] = [];
  if (stop < start ? step >= 0 : step <= 0) return typedSlice(v, '[]int');
  // Go would allocate whatever is asked: count first, so `until 1e12` is a budget finding, not a hang
  checkListSize(Math.ceil((stop - start) / step));
  if (stop < start) for (let i = start; i > stop; i += step) v.push(new GoInt(BigInt(i), 'int'));
  else for (let i = start; i < stop; i += step) v.push(new GoInt(BigInt(i), 'int'));
  return typedSlice(v, '[]int');
}

function seq(...params: GoValue[]): string {
  const p = params.map(intArg);
  let r: GoInt[];
  switch (p.length) {
    case 1: {
      const start = 1;
      const end = p[0]!;
      const inc = end < start ? -1 : 1;
      r = untilStep(start, end + inc, inc);
      break;
    }
    case 2: {
      const start = p[0]!;
      const end = p[1]!;
      const step = end < start ? -1 : 1;
      r = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const start = p[0]!;
      const end = p[2]!;
      const step = p[1]!;
      let inc = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return '';
      }
      r = untilStep(start, end + inc, step);
      break;
    }
    default:
      return '';
  }
  return r.map((x) => x.value.toString()).join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// Dicts

function dict(...xs: GoValue[]): GoMap {
  const m = newMap();
  for (let i = 0; i < xs.length; i += 2) {
    const key = strval(xs[i]);
    m[key] = i + 1 >= xs.length ? '' : xs[i + 1];
  }
  return m;
}

/** A value whose dynamic type is exactly map[string]interface{} (a Go type assertion target). */
function isPlainMap(v: GoValue): v is GoMap {
  return isMap(v) && mapType(v) === 'map[string]interface {}';
}

function dig(ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new Error('dig needs at least three arguments');
  const last = ps[ps.length - 1];
  if (!isPlainMap(last)) throw new Error(`interface conversion: interface {} is ${typeName(last)}, not map[string]interface {}`);
  const def = ps[ps.length - 2];
  const ks = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw new Error(`interface conversion: interface {} is ${typeName(k)}, not string`);
    return k;
  });
  let cur: GoMap = last;
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i]!;
    if (!Object.prototype.hasOwnProperty.call(cur, k)) return def;
    const step = cur[k];
    if (i === ks.length - 1) return step;
    if (!isPlainMap(step)) throw new Error(`interface conversion: interface {} is ${typeName(step)}, not map[string]interface {}`);
    cur = step;
  }
  return def;
}

// mergo ------------------------------------------------------------------------------------------------------

/** mergo's isEmptyValue with dereferencing (same as Sprig's `empty` on the value model). */
const isEmptyValue = empty;

/**
 * mergo.Merge(&dst, src[, WithOverride]) for map[string]interface{}: mutates and returns dst.
 * Nested maps present only in src are inserted BY REFERENCE (later merges into dst then mutate src's maps);
 * nested maps present in both are merged recursively into dst's map.
 */
export function mergoMerge(dst: GoMap, src: GoMap, overwrite: boolean): GoMap {
  deepMergeMap(dst, src, overwrite);
  return dst;
}

function deepMergeMap(dst: GoMap, src: GoMap, overwrite: boolean): void {
  const srcEmpty = Object.keys(src).length === 0;
  for (const key of Object.keys(src)) {
    const srcEl = src[key];
    const dstHas = Object.prototype.hasOwnProperty.call(dst, key);
    const dstEl = dstHas ? dst[key] : undefined;
    if (srcEl === null || srcEl === undefined) {
      // interface element holding nil
      if (overwrite) dst[key] = null;
      continue;
    }
    if (isMap(srcEl) || srcEl instanceof GoStruct) {
      if (isMap(srcEl) && dstHas && isMap(dstEl)) deepMergeMap(dstEl, srcEl, overwrite);
    } else if (Array.isArray(srcEl)) {
      // mergo checks emptiness of the whole src/dst maps here (not of the elements)
      let dstSlice: GoValue;
      if (!dstHas || dstEl === null || dstEl === undefined) dstSlice = typedSliceLike([], srcEl);
      else dstSlice = dstEl;
      if (!srcEmpty && (overwrite || Object.keys(dst).length === 0)) dstSlice = srcEl;
      dst[key] = dstSlice;
    }
    // a non-empty dst element is never replaced by a src map or slice (even with overwrite, even if dst
    // holds a scalar): mergo only recurses into maps / handles slices above
    if (dstHas && !isEmptyValue(dstEl) && (isMap(srcEl) || Array.isArray(srcEl))) continue;
    if (overwrite || !dstHas || isEmptyValue(dstEl)) {
      dst[key] = srcEl;
    }
  }
}

function typedSliceLike(arr: GoValue[], like: GoValue[]): GoValue[] {
  return sameTypeAs(arr, like);
}

/** Sprig's merge family. Arguments arrive converted to map[string]interface{} (so mergo's same-type check
 * always passes); mergo errors cannot occur on these maps, so `must` only changes nothing but the name. */
function mergeAll(args: GoValue[], overwrite: boolean, _must: boolean): GoValue {
  let dst = asMap(args[0]) ?? newMap();
  for (const s of args.slice(1)) {
    const src = asMap(s) ?? newMap();
    dst = mergoMerge(dst, src, overwrite);
  }
  return dst;
}

// copystructure ----------------------------------------------------------------------------------------------

export function deepCopy(v: GoValue): GoValue {
  if (v === null || v === undefined) return v ?? null;
  if (Array.isArray(v)) {
    return sameTypeAs(v.map(deepCopy), v);
  }
  if (isMap(v)) {
    const m = newMap();
    for (const k of Object.keys(v)) m[k] = deepCopy(v[k]);
    return sameTypeAs(m, v);
  }
  if (isInt(v)) return new GoInt(v.value, v.type);
  return v;
}

// ---------------------------------------------------------------------------------------------------------

const mapOrEmpty = (v: GoValue): GoMap => asMap(v) ?? newMap();

export const collectionFunctions: FuncMap = {
  list: variadic(['interface{}'], list),
  tuple: variadic(['interface{}'], list),
  first: fn(['interface{}'], (l) => {
    const arr = requireList(l, (k) => `Cannot find first on type ${k}`);
    return arr.length === 0 ? null : arr[0];
  }),
  mustFirst: fn(['interface{}'], (l) => {
    const arr = requireList(l, (k) => `Cannot find first on type ${k}`);
    return arr.length === 0 ? null : arr[0];
  }),
  last: fn(['interface{}'], (l) => {
    const arr = requireList(l, (k) => `Cannot find last on type ${k}`);
    return arr.length === 0 ? null : arr[arr.length - 1];
  }),
  mustLast: fn(['interface{}'], (l) => {
    const arr = requireList(l, (k) => `Cannot find last on type ${k}`);
    return arr.length === 0 ? null : arr[arr.length - 1];
  }),
  rest: fn(['interface{}'], (l) => {
    const arr = requireList(l, (k) => `Cannot find rest on type ${k}`);
    return arr.length === 0 ? null : arr.slice(1);
  }),
  mustRest: fn(['interface{}'], (l) => {
    const arr = requireList(l, (k) => `Cannot find rest on type ${k}`);
    return arr.length === 0 ? null : arr.slice(1);
  }),
  initial: fn(['interface{}'], (l) => {
    const arr = requireList(l, (k) => `Cannot find initial on type ${k}`);
    return arr.length === 0 ? null : arr.slice(0, -1);
  }),
  mustInitial: fn(['interface{}'], (l) => {
    const arr = requireList(l, (k) => `Cannot find initial on type ${k}`);
    return arr.length === 0 ? null : arr.slice(0, -1);
  }),
  append: fn(['interface{}', 'interface{}'], push),
  push: fn(['interface{}', 'interface{}'], push),
  mustAppend: fn(['interface{}', 'interface{}'], push),
  mustPush: fn(['interface{}', 'interface{}'], push),
  prepend: fn(['interface{}', 'interface{}'], prepend),
  mustPrepend: fn(['interface{}', 'interface{}'], prepend),
  concat: variadic(['interface{}'], (...lists) => {
    const out: GoValue[] = [];
    for (const l of lists) {
      const k = listKind(l);
      if (!isList(l)) throw new Error(`Cannot concat type ${k} as list`);
      checkListSize(out.length + l.length);
      // element by element: push(...l) overflows the call stack past ~100k elements
      for (const e of l) out.push(e);
    }
    return out;
  }),
  reverse: fn(['interface{}'], (l) => [...requireList(l, (k) => `Cannot find reverse on type ${k}`)].reverse()),
  mustReverse: fn(['interface{}'], (l) => [...requireList(l, (k) => `Cannot find reverse on type ${k}`)].reverse()),
  uniq: fn(['interface{}'], (l) => uniq(requireList(l, (k) => `Cannot find uniq on type ${k}`))),
  mustUniq: fn(['interface{}'], (l) => uniq(requireList(l, (k) => `Cannot find uniq on type ${k}`))),
  without: variadic(['interface{}', 'interface{}'], (l, ...omit) => requireList(l, (k) => `Cannot find without on type ${k}`).filter((x) => !inList(omit, x))),
  mustWithout: variadic(['interface{}', 'interface{}'], (l, ...omit) => requireList(l, (k) => `Cannot find without on type ${k}`).filter((x) => !inList(omit, x))),
  has: fn(['interface{}', 'interface{}'], (needle, hay) => has(needle, hay)),
  mustHas: fn(['interface{}', 'interface{}'], (needle, hay) => has(needle, hay)),
  compact: fn(['interface{}'], (l) => requireList(l, (k) => `Cannot compact on type ${k}`).filter((x) => !empty(x))),
  mustCompact: fn(['interface{}'], (l) => requireList(l, (k) => `Cannot compact on type ${k}`).filter((x) => !empty(x))),
  slice: variadic(['interface{}', 'interface{}'], (l, ...idx) => sliceList(l, idx)),
  mustSlice: variadic(['interface{}', 'interface{}'], (l, ...idx) => sliceList(l, idx)),
  chunk: fn(['int', 'interface{}'], (size, l) => chunk(intArg(size), l)),
  mustChunk: fn(['int', 'interface{}'], (size, l) => chunk(intArg(size), l)),
  until: fn(['int'], (c) => {
    const n = intArg(c);
    return untilStep(0, n, n < 0 ? -1 : 1);
  }),
  untilStep: fn(['int', 'int', 'int'], (a, b, c) => untilStep(intArg(a), intArg(b), intArg(c))),
  seq: variadic(['int'], seq),

  dict: variadic(['interface{}'], dict),
  get: fn(['map[string]interface{}', 'string'], (d, k) => {
    const m = asMap(d);
    if (m && Object.prototype.hasOwnProperty.call(m, k as string)) return m[k as string] ?? null;
    return '';
  }),
  set: fn(['map[string]interface{}', 'string', 'interface{}'], (d, k, v) => {
    const m = asMap(d);
    if (!m) throw new Error('assignment to entry in nil map');
    m[k as string] = v;
    return m;
  }),
  unset: fn(['map[string]interface{}', 'string'], (d, k) => {
    const m = asMap(d);
    if (m) delete m[k as string];
    return m;
  }),
  hasKey: fn(['map[string]interface{}', 'string'], (d, k) => {
    const m = asMap(d);
    return !!m && Object.prototype.hasOwnProperty.call(m, k as string);
  }),
  pluck: variadic(['string', 'map[string]interface{}'], (k, ...ds) => {
    const out: GoValue[] = [];
    for (const d of ds) {
      const m = asMap(d);
      if (m && Object.prototype.hasOwnProperty.call(m, k as string)) out.push(m[k as string] ?? null);
    }
    return out;
  }),
  keys: variadic(['map[string]interface{}'], (...ds) => {
    const out: string[] = [];
    for (const d of ds) for (const k of Object.keys(mapOrEmpty(d))) out.push(k);
    return typedSlice(out.sort(compareBytes), '[]string');
  }),
  values: fn(['map[string]interface{}'], (d) => {
    const m = mapOrEmpty(d);
    return Object.keys(m)
      .sort(compareBytes)
      .map((k) => m[k] ?? null);
  }),
  pick: variadic(['map[string]interface{}', 'string'], (d, ...ks) => {
    const m = mapOrEmpty(d);
    const out = newMap();
    for (const k of ks as string[]) if (Object.prototype.hasOwnProperty.call(m, k)) out[k] = m[k];
    return out;
  }),
  omit: variadic(['map[string]interface{}', 'string'], (d, ...ks) => {
    const m = mapOrEmpty(d);
    const drop = new Set(ks as string[]);
    const out = newMap();
    for (const k of Object.keys(m)) if (!drop.has(k)) out[k] = m[k];
    return out;
  }),
  dig: variadic(['interface{}'], (...ps) => dig(ps)),
  merge: variadic(['map[string]interface{}', 'map[string]interface{}'], (...a) => mergeAll(a, false, false)),
  mergeOverwrite: variadic(['map[string]interface{}', 'map[string]interface{}'], (...a) => mergeAll(a, true, false)),
  mustMerge: variadic(['map[string]interface{}', 'map[string]interface{}'], (...a) => mergeAll(a, false, true)),
  mustMergeOverwrite: variadic(['map[string]interface{}', 'map[string]interface{}'], (...a) => mergeAll(a, true, true)),
  deepCopy: fn(['interface{}'], (v) => {
    if (isNil(v)) throw new Error('deepCopy error: mustDeepCopy: Cannot copy nil');
    return deepCopy(v);
  }),
  mustDeepCopy: fn(['interface{}'], (v) => {
    if (isNil(v)) throw new Error('mustDeepCopy: Cannot copy nil');
    return deepCopy(v);
  }),
};

function uniq(arr: GoValue[]): GoValue[] {
  const dest: GoValue[] = [];
  for (const x of arr) if (!inList(dest, x)) dest.push(x);
  return dest;
}

function has(needle: GoValue, hay: GoValue): boolean {
  if (isNil(hay)) return false;
  const k = kindName(hay);
  if (!isList(hay)) throw new Error(`Cannot find has on type ${k}`);
  return inList(hay, needle);
}
