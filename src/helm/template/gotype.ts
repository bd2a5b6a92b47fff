import type { GoValue } from '../value.js';
export type GoKind = 'invalid' | 'bool' | 'int' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'float64' | 'string' | 'map' | 'slice' | 'struct' | 'func' | 'ptr';
export function goTypeName(_v: GoValue): string { throw new Error('not implemented'); }
export function goKind(_v: GoValue): GoKind { throw new Error('not implemented'); }
export function isTrue(_v: GoValue): boolean { throw new Error('not implemented'); }
