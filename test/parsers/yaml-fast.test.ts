// parseYaml's fast path (src/parsers/yaml-fast.ts): which texts it takes and which it leaves to the
// Composer, and that either way the result is the Composer path's.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/parsers/yaml.js';
import { composerParse, fastPathTakes, firstDifference, firstFlatDifference } from './yaml-fast-equality.js';
import { at } from './helpers.js';

const file = (text: string) => ({ path: 'f.yaml', text, kind: 'kubernetes' as const, environment: 'unknown' as const });

function sameAsComposer(text: string): void {
  expect(firstDifference(parseYaml(file(text), text), composerParse(file(text), text))).toBeUndefined();
}

describe('the YAML fast path', () => {
  it.each([
    ['block maps, sequences, comments', 'a: 1 # one\n# own line\nb:\n  - x\n  -\n  - {c: [1, 2]}\nd: |\n  text\n'],
    ['JSON', '{"a": [1, 2.5, true, null, "s"], "b": {}}'],
    ['documents, empty ones and an end marker', '---\na: 1\n---\n---\n- 1\n...\n# after\n'],
    ['core schema scalars', 'o: 0o17\nh: 0x1F\nf: 1e3\ni: -.inf\nn: .nan\nz: ~\nt: True\ns: 010\nd: 2001-12-14\n'],
    ['scalar keys of every type', '1: one\ntrue: yes\nnull: n\n1.5: float\n0x10: hex\n"quoted": q\n'],
    ['a `__proto__` key (an own property, as the Composer makes it)', '__proto__: {polluted: 1}\ntoString: x\n'],
    ['an empty value with a comment after it', 'a: # nothing\nb: 1\n'],
    ['a nested map ending in an empty value with a comment', 'a:\n  b: # c\nd: 1\n'],
  ])('takes %s, with the Composer’s result', (_, text) => {
    expect(fastPathTakes(text)).toBe(true);
    expect(firstFlatDifference(text)).toBeUndefined();
    sameAsComposer(text);
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {x: 2}\n'],
    ['a quoted `<<` key', '"<<": 1\n'],
    ['a tag', 'a: !!str 5\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a collection as a key', '[a, b]: 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['keys equal once stringified (1 and "1")', '1: a\n"1": b\n'],
    ['a key with no value', 'a: 1\nb\n'],
    ['a pair in a flow sequence', '[a: 1]\n'],
    ['a tab as indentation', 'a:\n\t- 1\n'],
    ['a comment not after a space', 'a: "x"#c\n'],
    ['a multi-line implicit key', '"a\n b": 1\n'],
  ])('leaves %s to the Composer, with the same result', (_, text) => {
    expect(fastPathTakes(text)).toBe(false);
    sameAsComposer(text);
  });

  it('makes the data and positions rules read', () => {
    const text = 'kind: Deployment\nspec:\n  replicas: 0x10\n  template: {a: "b"}\n__proto__: 1\n';
    const [doc] = parseYaml(file(text), text).documents;
    expect(doc!.data).toEqual({ kind: 'Deployment', spec: { replicas: 16, template: { a: 'b' } }, ['__proto__']: 1 });
    expect(Object.getPrototypeOf(doc!.data)).toBe(Object.prototype);
    expect(at(doc!, ['spec', 'replicas'])).toBe('3:13-3:17');
    expect(at(doc!, ['spec', 'missing'])).toBe('2:1-2:5');
    expect(at(doc!, ['spec', 'template', 'a'])).toBe('4:17-4:20');
    expect(at(doc!, [])).toBe('1:1-1:17');
  });
});
