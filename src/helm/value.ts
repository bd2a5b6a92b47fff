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
// named map/slice types  a map or array marked with namedType(): %T prints the name, methods are callable
//                        from templates (Helm's engine.files, common.VersionSet); it is still a map/slice
// structs (.Chart, .Capabilities, .Template…) class instances extending GoStruct;
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

/**
 * The 256 uint8 values, shared: a []byte (a chart file in .Files) is an array of these, and
 * printing one (`printf "%v" $`, Sprig `dict $ …`) reads each byte's decimal text from here.
 */
export const UINT8_VALUES: readonly GoInt[] = Array.from({ length: 256 }, (_, b) => new GoInt(BigInt(b), 'uint8'));

/** The bytes a []byte slice was made from (the slice holds UINT8_VALUES, element for element). */
const BYTE_SOURCES = new WeakMap<readonly GoValue[], Uint8Array>();

/** A []byte slice of shared uint8 values for these bytes; printing it reads them back in one piece. */
export function byteSlice(bytes: Uint8Array, typed: (elements: GoValue[]) => GoValue[]): GoValue[] {
  const slice = typed(Array.from(bytes, (b) => UINT8_VALUES[b]!));
  BYTE_SOURCES.set(slice, bytes);
  return slice;
}

/** `1 2 3` for a slice made by byteSlice and still holding those bytes, else undefined. */
export function byteSliceText(slice: readonly GoValue[]): string | undefined {
  const bytes = BYTE_SOURCES.get(slice);
  if (!bytes || bytes.length !== slice.length) return undefined;
  for (let i = 0; i < bytes.length; i++) if (slice[i] !== UINT8_VALUES[bytes[i]!]) return undefined;
  let text = BYTE_TEXTS.get(bytes);
  if (text === undefined) BYTE_TEXTS.set(bytes, (text = bytes.join(' ')));
  return text;
}

/** The text of each byte source once made: a chart printing its context with `%v` prints every file of .Files each time. */
const BYTE_TEXTS = new WeakMap<Uint8Array, string>();

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

/**
 * Marks a GoStruct whose String method has a pointer receiver (Helm's common.KubeVersion): text/template
 * prints the (addressable) field through String, fmt's printf/toString of the copied value does not.
 */
export const POINTER_STRINGER = Symbol('goPointerStringer');

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

/** A method of a named map or slice type; `this` is the receiver. */
export type GoMethod = (this: GoMap | GoValue[], ...args: GoValue[]) => unknown;

/**
 * A named Go type whose underlying type is a map or a slice, with methods (e.g. `type files map[string][]byte`).
 * `underlying` is the unnamed type (Go's assignability and the executor's interface{} element rule use it);
 * `zero` is the element type's zero value, for a missing key (missingkey=zero, index).
 */
export interface NamedType {
  readonly name: string;
  readonly underlying: string;
  readonly methods: Readonly<Record<string, GoMethod>>;
  readonly zero?: () => GoValue;
}

export const NAMED_TYPE = Symbol('goNamedType');

/** Give a map or slice a named Go type with methods; it still ranges, indexes, prints and lens as the map/slice. */
export function namedType<T extends GoMap | GoValue[]>(v: T, t: NamedType): T {
  if (Array.isArray(v)) typedSlice(v, t.name);
  else typedMap(v, t.name);
  Object.defineProperty(v, NAMED_TYPE, { value: t, enumerable: false });
  return v;
}

export function namedTypeOf(v: unknown): NamedType | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  return (v as Record<symbol, NamedType | undefined>)[NAMED_TYPE];
}

/** The unnamed type of a map or slice: "map[string][]uint8" for engine.files, else its own type name. */
export function underlyingType(v: GoMap | readonly GoValue[]): string {
  const t = namedTypeOf(v);
  if (t) return t.underlying;
  return Array.isArray(v) ? sliceType(v) : mapType(v as GoMap);
}

/** The exported method `name` of a named map/slice value, bound to it; undefined when it has none. */
export function methodOf(v: GoValue, name: string): GoMethod | undefined {
  const t = namedTypeOf(v);
  return t && Object.hasOwn(t.methods, name) ? t.methods[name] : undefined;
}

/** The zero value of a map's element type (nil interface{} for an unnamed map). */
export function mapElemZero(m: GoMap): GoValue {
  const t = namedTypeOf(m);
  return t?.zero ? t.zero() : null;
}

/** Give `out` (a new map or slice) the Go type of `like`, named type and methods included (reflect-made copies). */
export function sameTypeAs<T extends GoMap | GoValue[]>(out: T, like: GoMap | readonly GoValue[]): T {
  const named = namedTypeOf(like);
  if (named) return namedType(out, named);
  if (Array.isArray(out)) {
    const t = sliceType(like as readonly GoValue[]);
    return t === '[]interface {}' ? out : typedSlice(out, t);
  }
  const t = mapType(like as GoMap);
  return t === 'map[string]interface {}' ? out : (typedMap(out as GoMap, t) as T);
}
