// Rendered manifests resolve plain scalars with a first test that claims only what must be a
// string (src/helm/render/manifest-yaml.ts): the parse must equal the plain YAML 1.1 parse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, visit, type Document } from 'yaml';
import { MANIFEST_YAML_OPTIONS } from '../../../src/helm/render/manifest-yaml.js';

const PLAIN_1_1 = { version: '1.1', uniqueKeys: false, merge: true, strict: false } as const;

/** Data, scalar node values and formats, and errors of a parse: what a rendered document is made of. */
function shape(doc: Document.Parsed): unknown {
  const scalars: string[] = [];
  visit(doc, {
    Scalar(_, node) {
      scalars.push(`${typeof node.value}:${String(node.value)}:${node.format ?? ''}:${node.tag ?? ''}`);
    },
  });
  return { data: doc.toJS({ maxAliasCount: -1 }), scalars, errors: doc.errors.map((e) => e.message), warnings: doc.warnings.map((e) => e.message) };
}

const same = (text: string) => expect(shape(parseDocument(text, MANIFEST_YAML_OPTIONS))).toEqual(shape(parseDocument(text, PLAIN_1_1)));

describe('rendered manifest YAML', () => {
  it('resolves every YAML 1.1 scalar form as the plain schema does', () => {
    const scalars = [
      'e5',
      'E5',
      'e',
      '1e5',
      '.5',
      '.inf',
      '-.inf',
      '.nan',
      '+1',
      '-1',
      '0x1F',
      '0b101',
      '017',
      '1_000',
      '190:20:30',
      '1:20.5',
      '2001-12-14',
      '2001-12-14t21:59:43.10-05:00',
      'y',
      'Y',
      'yes',
      'n',
      'No',
      'on',
      'OFF',
      'true',
      'False',
      '~',
      'null',
      'NULL',
      'metadata',
      'containerPort',
      'name',
      'nginx:1.25',
      'app.kubernetes.io/name',
      'éte',
      '日本',
      '<<',
      '<x',
      'ex',
      'Enabled',
      'x y',
      '_1',
      '@',
      '%',
      '/path',
      'a: b'.slice(0, 1),
    ];
    const text = scalars.map((s, i) => `k${i}: ${s}\n${s.includes(':') || s === '<<' ? `"${s}"` : s}: v${i}`).join('\n');
    same(text);
    same('<<: {a: 1}\nb: 2\nlist: [e5, E5, yes, metadata, 1e3, .5]\n');
    same('a: !!str e5\nb: !!int "7"\nc: !!float 1\nd: !!str metadata\n');
  });

  it('leaves scalars starting with an exponent letter to the float test, which matches them', () => {
    // the `yaml` package's YAML 1.1 float test takes `e5` (its mantissa is optional): not a string
    expect(parseDocument('a: e5\nb: E5\n', PLAIN_1_1).toJS()).toEqual({ a: NaN, b: NaN });
    expect(parseDocument('a: e5\nb: E5\nc: ex\n', MANIFEST_YAML_OPTIONS).toJS()).toEqual({ a: NaN, b: NaN, c: 'ex' });
  });

  it('parses generated plain scalars, keys and values alike, as the plain schema does', () => {
    const chars = fc.constantFrom(...'aeEnNyYoOtTfF019.+-_~<:xZ é'.split(''));
    const scalar = fc
      .array(chars, { minLength: 1, maxLength: 8 })
      .map((cs) => cs.join('').trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(fc.array(fc.tuple(scalar, scalar), { minLength: 1, maxLength: 6 }), (pairs) => {
        const text = pairs.map(([k, v], i) => `${JSON.stringify(k)}${i}: ${v}\n${v}: ${JSON.stringify(k)}`).join('\n');
        same(text);
      }),
      { numRuns: 300 },
    );
  });
});
