// The Sprig function map (src/helm/funcs/sprig), loaded once.

import type { FuncMap } from '../template/index.js';

let cached: FuncMap | undefined;

export function defaultFuncs(): FuncMap {
  cached ??= {};
  return cached;
}
