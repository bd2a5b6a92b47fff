// The Sprig function map (src/helm/funcs/sprig), loaded once.

import type { FuncMap } from '../template/index.js';
import { collectionFunctions } from '../funcs/sprig/collections.js';
import { coreFunctions } from '../funcs/sprig/core.js';
import { dateFunctions } from '../funcs/sprig/dates.js';
import { stringFunctions } from '../funcs/sprig/strings.js';

let cached: FuncMap | undefined;

export function defaultFuncs(): FuncMap {
  cached ??= { ...coreFunctions, ...stringFunctions, ...collectionFunctions, ...dateFunctions };
  return cached;
}
