import type { FunctionSignature, TemplateFunction } from './types.js';

/** Attach a Go signature to a function so the executor checks arity and converts/checks argument types as Go does. */
export function withSignature<F extends TemplateFunction>(fn: F, signature: FunctionSignature): F {
  fn.signature = signature;
  return fn;
}
