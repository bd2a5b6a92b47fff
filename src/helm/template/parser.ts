import type { ParsedTree } from './ast.js';
export function parseTemplate(_name: string, _text: string, _isFunc: (name: string) => boolean): ParsedTree[] {
  throw new Error('not implemented');
}
