import { describe, expect, it } from 'vitest';
import { fromYaml, fromYamlArray, originOf } from '../../../src/helm/yaml/index.js';
import type { GoMap } from '../../../src/helm/value.js';

describe('fromYaml on a text it has converted before', () => {
  it('decodes the text once, and still hands each call maps of its own', () => {
    const text = 'a:\n  b: [1, 2]\n  c: x\n';
    const first = fromYaml(text);
    const second = fromYaml(text);
    // one decoding: the loaded entries share their origin records
    expect(originOf(second, 'a')).toBe(originOf(first, 'a'));
    expect(second).toEqual(first);
    // a template that changes one (set, unset) does not change the other
    expect(second.a).not.toBe(first.a);
    (first.a as GoMap).c = 'changed';
    (first.a as GoMap).b = null;
    expect(fromYaml(text)).toEqual({ a: { b: [1, 2], c: 'x' } });
    expect(second).toEqual({ a: { b: [1, 2], c: 'x' } });
    // a text that failed fails again, with the same message
    const bad = 'a: [1\n';
    expect(fromYaml(bad)).toEqual(fromYaml(bad));
    expect(String(fromYaml(bad).Error)).toMatch(/^error converting YAML to JSON: yaml:/);
    expect(fromYamlArray('- 1\n- .inf\n')).toEqual(fromYamlArray('- 1\n- .inf\n'));
  });
});
