import type { GoValue } from '../value.js';
import type { TemplateSet } from './template-set.js';
import type { ExecuteOptions, ExecuteResult } from './types.js';
export function executeTemplate(_set: TemplateSet, _name: string, _data: GoValue, _options: ExecuteOptions): ExecuteResult {
  throw new Error('not implemented');
}
