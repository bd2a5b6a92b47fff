// The Go value model Helm templates compute with, shared by the template executor, the function
// library (Sprig + Helm), the YAML/JSON loaders and emitters.
//
// Go type               JS representation
// ---------------------------------------------------------------------------------------------
// float64               number  (every number loaded from YAML/JSON values is float64, as in Helm)
// int, int64, int32,…   GoInt   (template literals are `int`; Sprig math returns int64; --set gives int64)
// string                string  (functions that are byte-oriented in Go convert with Buffer)
// bool                  boolean
// nil (interface{})     null
// missing / no value    undefined  (a missing map key; prints as "<no value>", Helm turns that into "")
// map[string]interface{} plain object: created with newMap(); read with isMap(); keys are strings
// []interface{}         array  (a typed slice such as []string carries SLICE_TYPE, see typedSlice)
// structs (.Release, .Chart, .Capabilities, .Files, .Template) class instances extending GoStruct;
//                        their function-valued properties are methods callable from templates

export type IntType = 'int' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint' | 'uint64' | 'uint32' | 'uint16' | 'uint8';

export class GoInt {
  constructor(
    readonly value: bigint,
    readonly type: IntType = 'int',
  ) {}
  toString(): string {
    return this.value.toString();
  }
}

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

/** Wrap to int64 the way Go's arithmetic does. */
export function wrapInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

export function int(v: number | bigint, type: IntType = 'int'): GoInt {
  return new GoInt(typeof v === 'bigint' ? v : BigInt(Math.trunc(v)), type);
}

export function int64(v: number | bigint): GoInt {
  return int(v, 'int64');
}

/** Base class for Go structs exposed to templates (.Release, .Chart, …). */
export abstract class GoStruct {
  /** The Go type name printed by %T / typeOf, e.g. "chart.Metadata". */
  abstract readonly goTypeName: string;
}

export const SLICE_TYPE = Symbol('goSliceType');

export type GoMap = { [key: string]: GoValue };
export type GoValue = null | undefined | string | number | boolean | GoInt | GoMap | GoValue[] | GoStruct | ((...args: never[]) => unknown);

/** A map[string]interface{} with no prototype, so keys such as "__proto__" are plain keys. */
export function newMap(entries?: Iterable<[string, GoValue]>): GoMap {
  const m = Object.create(null) as GoMap;
  if (entries) for (const [k, v] of entries) m[k] = v;
  return m;
}

export function isMap(v: unknown): v is GoMap {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

export function isInt(v: unknown): v is GoInt {
  return v instanceof GoInt;
}

/** Mark an array as a typed Go slice (e.g. "[]string" from splitList), for %T and typeOf. */
export function typedSlice<T extends GoValue[]>(arr: T, goType: string): T {
  Object.defineProperty(arr, SLICE_TYPE, { value: goType, enumerable: false });
  return arr;
}

export function sliceType(arr: readonly unknown[]): string {
  return ((arr as unknown as Record<symbol, string>)[SLICE_TYPE] as string | undefined) ?? '[]interface {}';
}

export const MAP_TYPE = Symbol('goMapType');

/** Mark a map with a named Go type (e.g. "chartutil.Values") for %T and typeOf; it still behaves as a map. */
export function typedMap<T extends GoMap>(m: T, goType: string): T {
  Object.defineProperty(m, MAP_TYPE, { value: goType, enumerable: false });
  return m;
}

export function mapType(m: GoMap): string {
  return ((m as unknown as Record<symbol, string>)[MAP_TYPE] as string | undefined) ?? 'map[string]interface {}';
}
