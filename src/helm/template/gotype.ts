// Go reflection-level facts about GoValues: type names (%T), kinds, truthiness (text/template's isTrue).
// Semantics from Go's reflect, fmt and text/template (BSD-style licence, The Go Authors).

import { GoInt, GoStruct, isMap, mapType, sliceType, type GoValue } from '../value.js';

export type GoKind =
  | 'invalid'
  | 'bool'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float64'
  | 'string'
  | 'map'
  | 'slice'
  | 'struct'
  | 'func'
  | 'ptr';

/** reflect.TypeOf(v).String(); "<nil>" for nil. A GoStruct whose goTypeName starts with "*" is a pointer. */
export function goTypeName(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'func(...interface {}) (interface {}, error)';
  }
  if (v instanceof GoInt) return v.type;
  if (Array.isArray(v)) return sliceType(v);
  if (v instanceof GoStruct) return v.goTypeName;
  if (isMap(v)) return mapType(v);
  return 'interface {}';
}

/** reflect.Value.Kind() of the dynamic value; 'invalid' for nil. */
export function goKind(v: GoValue): GoKind {
  if (v === null || v === undefined) return 'invalid';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'func';
  }
  if (v instanceof GoInt) return v.type;
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoStruct) return v.goTypeName.startsWith('*') ? 'ptr' : 'struct';
  return 'map';
}

export function isIntKind(k: GoKind): boolean {
  return k === 'int' || k === 'int8' || k === 'int16' || k === 'int32' || k === 'int64';
}

export function isUintKind(k: GoKind): boolean {
  return k === 'uint' || k === 'uint8' || k === 'uint16' || k === 'uint32' || k === 'uint64';
}

/** text/template's truth: false, 0, nil, and empty strings/maps/slices are false; structs are true. */
export function isTrue(v: GoValue): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'boolean':
      return v;
    case 'function':
      return true;
  }
  if (v instanceof GoInt) return v.value !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoStruct) return true;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}
