// The Sprig function map (src/helm/funcs/sprig), loaded once.

import type { FuncMap } from '../template/index.js';
import { sprigFunctions } from '../funcs/sprig/index.js';

export function defaultFuncs(): FuncMap {
  return sprigFunctions;
}
