// Expected strings produced by helm v4.1.4 (toToml / fromToml | toJson of each input).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GoInt, newMap } from '../../../src/helm/value.js';
import { fromJsonArray, fromToml, toJson, toToml } from '../../../src/helm/yaml/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const cases = JSON.parse(readFileSync(join(here, 'fixtures', 'toml-cases.json'), 'utf8')) as {
  toToml: { json: string; toml: string }[];
  fromToml: { toml: string; json: string }[];
};

describe('TOML', () => {
  it(`toToml matches helm byte for byte (${cases.toToml.length} values)`, () => {
    const bad = cases.toToml.filter((c) => toToml(fromJsonArray(`[${c.json}]`)[0] ?? null) !== c.toml);
    expect(bad).toEqual([]);
  });

  it('fromToml matches helm (values; errors as errors)', () => {
    for (const c of cases.fromToml) {
      const got = toJson(fromToml(c.toml));
      if (c.json.startsWith('{"Error"')) expect(got.startsWith('{"Error"')).toBe(true);
      else expect(got).toBe(c.json);
    }
  });

  it('integers are int64, nil fails as in Helm', () => {
    const m = fromToml('a = 3\nb = 1.5\n');
    expect(m['a']).toBeInstanceOf(GoInt);
    expect((m['a'] as GoInt).type).toBe('int64');
    expect(m['b']).toBe(1.5);
    expect(() => toToml(null)).toThrow();
    expect(toToml(newMap([['k', [null]]]))).toBe('toml: cannot encode array with nil element');
  });
});
