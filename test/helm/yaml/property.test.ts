import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newMap, type GoValue } from '../../../src/helm/value.js';
import { fromJson, fromYaml, loadValues, toJson, toPrettyJson, yamlMarshal, YamlLoadError } from '../../../src/helm/yaml/index.js';

// yamlMarshal is toYaml before Helm trims the final newline (which can cut a `|+` scalar short)

// Characters go-yaml refuses to read back (C1 controls, U+FFFE/FFFF), and the YAML 1.1 line breaks
// U+0085/U+2028/U+2029, which the `yaml` package (YAML 1.2) does not treat as breaks when loading.
const readable = (s: string) => !/[\u007f-\u009f\ufffe\uffff\u2028\u2029]/.test(s) && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));

const tricky = fc.constantFrom(
  'yes',
  'NO',
  'on',
  '~',
  'null',
  '1e3',
  '0o17',
  '+12',
  '.5',
  '1_000',
  '0b101',
  '2001-12-14',
  '1:30',
  '- a',
  'a: b',
  '#',
  "it's",
  '"',
  '\\',
  '\t',
  ' ',
  '\n',
  'é',
  '😀',
  '<<',
  '=',
  '{',
  '[',
  '*',
  '&',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '---',
  '...',
);
const str = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    tricky,
    fc.array(fc.oneof(tricky, fc.string({ maxLength: 8 })), { maxLength: 30 }).map((a) => a.join(' ')),
  )
  .filter(readable);
// a plain "<<" key is emitted as is and read back as a merge key, by Helm as well
const key = str.filter((k) => k !== '<<');
const num = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(1e6, 1e21, 1e-7, 123456789012345678, 0.1, 1e20, 1e19));

const value: fc.Arbitrary<GoValue> = fc.letrec<{ v: GoValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    str,
    num,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('v')), { maxLength: 4 }).map((es) => newMap(es)),
  ),
})).v;

describe('properties', () => {
  it('loadValues(yamlMarshal(m)) gives m back (as JSON sees it)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 5 }), (entries) => {
        const m = newMap(entries);
        const y = yamlMarshal(m);
        const back = loadValues(y, 'rt.yaml').data;
        // JSON is the common denominator: -0 becomes 0 in YAML, key order is irrelevant
        expect(toJson(back)).toBe(toJson(fromJson(toJson(m).replace(/(?<=[:,[])-0(?=[,}\]])/g, '0'))));
      }),
      { numRuns: 400 },
    );
  });

  it('yamlMarshal output is YAML that fromYaml reads back for any value', () => {
    fc.assert(
      fc.property(value, (v) => {
        const wrapped = newMap([['v', v]]);
        const back = fromYaml(yamlMarshal(wrapped));
        expect(back['Error']).toBeUndefined();
        expect(toPrettyJson(back).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('loadValues either loads or throws YamlLoadError, whatever the text', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      ':',
      ': ',
      '-',
      '- ',
      ' ',
      '  ',
      '\n',
      '\t',
      '&x',
      '*x',
      '<<',
      '{',
      '}',
      '[',
      ']',
      ',',
      '"',
      "'",
      '#',
      '|',
      '>',
      '!!int',
      '!!binary',
      '?',
      '---',
      '...',
      '~',
      'yes',
      '1e3',
      '.inf',
      '\\',
      '%YAML 1.1',
      '@',
      '`',
      '\u0000',
      '\u0085',
      '😀',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(piece, { maxLength: 40 }).map((a) => a.join('')),
        ),
        (text) => {
          try {
            loadValues(text, 'fuzz.yaml');
          } catch (e) {
            if (!(e instanceof YamlLoadError)) throw e;
          }
          const m = fromYaml(text);
          expect(m).toBeTypeOf('object');
        },
      ),
      { numRuns: 1500 },
    );
  });
});
