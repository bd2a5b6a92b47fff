import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TemplateError, TemplateSet } from '../../../src/helm/template/index.js';
import { m } from './helpers.js';

// Template-ish fragments, so random texts reach deep into the lexer, parser and executor.
const pieces = [
  '{{',
  '}}',
  '{{-',
  '-}}',
  ' ',
  '\n',
  '.',
  '.Values',
  '.a',
  '.b',
  '$',
  '$x',
  ':=',
  '=',
  '|',
  '(',
  ')',
  '"s"',
  '`r`',
  "'c'",
  '1',
  '-2',
  '3.5',
  '1e3',
  '0x1F',
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
  'nil',
  'true',
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'eq',
  'lt',
  'print',
  'printf',
  '"%d %s %v"',
  'call',
  ',',
  '/*',
  '*/',
  'text',
  'é',
  '{{/* c */}}',
];

const data = m({ Values: { a: 1, b: 'x', l: [1, 'two', null], m: { k: 'v' }, n: null }, a: [null], b: {} });

describe('never crash', () => {
  test('random template texts parse and execute or fail with a TemplateError', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const set = new TemplateSet({ maxRangeIterations: 1000 });
        try {
          set.parse('f', text);
          set.execute('f', data);
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          expect(e.message).toMatch(/^template: /);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
