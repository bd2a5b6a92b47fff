import { sprigFunctions } from '../../../../src/helm/funcs/sprig/index.js';
import { GoInt, newMap, type GoMap, type GoValue } from '../../../../src/helm/value.js';
import type { CallContext } from '../../../../src/helm/template/index.js';

/** Call a Sprig function directly (no executor: arguments must already have the Go parameter types). */
export function call(name: string, ...args: GoValue[]): GoValue {
  const f = sprigFunctions[name];
  if (!f) throw new Error(`no function ${name}`);
  return f.call({ functionName: name } as unknown as CallContext, ...args);
}

/** Go `int` (what template integer literals are). */
export const i = (n: number | bigint) => new GoInt(BigInt(n), 'int');
export const i64 = (n: number | bigint) => new GoInt(BigInt(n), 'int64');

export function m(obj: Record<string, GoValue>): GoMap {
  const out = newMap();
  for (const [k, v] of Object.entries(obj)) out[k] = v;
  return out;
}

/** Plain JS view of a Go value for toEqual comparisons: GoInt → "<type>:<n>". */
export function plain(v: GoValue): unknown {
  if (v instanceof GoInt) return `${v.type}:${v.value}`;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === null) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = plain((v as GoMap)[k]);
    return o;
  }
  return v;
}
