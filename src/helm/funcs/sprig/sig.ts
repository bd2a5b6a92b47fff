// Declaring Sprig functions with their Go signatures, so the template executor checks arity and argument
// types exactly as Go's reflect-based calls do ("wrong number of args for trunc: want 2 got 1",
// "wrong type for value; expected string; got float64").

import type { GoValue } from '../../value.js';
import type { FunctionSignature, GoParamType, TemplateFunction } from '../../template/index.js';

export type SprigImpl = (...args: GoValue[]) => GoValue;

/** A function with a fixed Go parameter list. */
export function fn(params: readonly GoParamType[], impl: SprigImpl): TemplateFunction {
  return sign(impl, { params });
}

/** A variadic function: the last entry of `params` is the element type of `...T`. */
export function variadic(params: readonly GoParamType[], impl: SprigImpl): TemplateFunction {
  return sign(impl, { params, variadic: true });
}

function sign(impl: SprigImpl, signature: FunctionSignature): TemplateFunction {
  const f = function (this: unknown, ...args: GoValue[]): GoValue {
    // the rest array is this call's own: no value becomes nil in place (no second array per call)
    for (let i = 0; i < args.length; i++) if (args[i] === undefined) args[i] = null;
    return impl(...args);
  } as TemplateFunction;
  f.signature = signature;
  return f;
}
