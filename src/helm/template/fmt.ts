import type { GoValue } from '../value.js';
export function sprint(..._args: GoValue[]): string { throw new Error('not implemented'); }
export function sprintln(..._args: GoValue[]): string { throw new Error('not implemented'); }
export function sprintf(_format: string, ..._args: GoValue[]): string { throw new Error('not implemented'); }
export function formatFloat(_f: number, _fmt: 'e' | 'E' | 'f' | 'g' | 'G', _prec: number, _bitSize: 64 | 32 = 64): string { throw new Error('not implemented'); }
