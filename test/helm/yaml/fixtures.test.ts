// Differential fixtures: the expected strings were produced by helm v4.1.4 itself
// (`helm template` of a scratch chart applying each function to each input).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromJson, fromJsonArray, fromYaml, fromYamlArray, toJson, toPrettyJson, toRawJson, toYaml, toYamlPretty } from '../../../src/helm/yaml/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const load = <T>(name: string): T[] => JSON.parse(readFileSync(join(here, 'fixtures', name), 'utf8')) as T[];

interface EmitCase {
  json: string;
  toYaml: string;
  toJson: string;
  toPrettyJson: string;
  toRawJson: string;
  toYamlPretty: string;
}

const isError = (s: string) => s.startsWith('{"Error":') || /^\["(error|json|invalid|unexpected)/.test(s);

describe('emitters match helm byte for byte', () => {
  const cases = load<EmitCase>('emit-cases.json');
  const fns = { toYaml, toJson, toPrettyJson, toRawJson, toYamlPretty } as const;
  for (const name of Object.keys(fns) as (keyof typeof fns)[]) {
    it(`${name} (${cases.length} values)`, () => {
      const bad: string[] = [];
      for (const c of cases) {
        const v = fromJsonArray(`[${c.json}]`)[0];
        const got = fns[name](v ?? null);
        if (got !== c[name]) bad.push(`${c.json}\n  helm: ${JSON.stringify(c[name])}\n  ours: ${JSON.stringify(got)}`);
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('loading matches helm (fromYaml / fromYamlArray → toJson)', () => {
  const cases = load<{ yaml: string; fromYaml: string; fromYamlArray: string }>('load-cases.json');
  it(`values (${cases.length} documents)`, () => {
    const bad: string[] = [];
    for (const c of cases) {
      for (const [fn, expected] of [
        [fromYaml, c.fromYaml],
        [fromYamlArray, c.fromYamlArray],
      ] as const) {
        const got = toJson(fn(c.yaml));
        if (isError(expected) || isError(got)) {
          if (isError(expected) !== isError(got)) bad.push(`${JSON.stringify(c.yaml)} ${fn.name}\n  helm: ${expected}\n  ours: ${got}`);
        } else if (got !== expected) bad.push(`${JSON.stringify(c.yaml)} ${fn.name}\n  helm: ${expected}\n  ours: ${got}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('error messages', () => {
    const bad: string[] = [];
    for (const c of cases) {
      const got = toJson(fromYaml(c.yaml));
      if (isError(c.fromYaml) && got !== c.fromYaml) bad.push(`${JSON.stringify(c.yaml)}\n  helm: ${c.fromYaml}\n  ours: ${got}`);
    }
    // libyaml's wording and line numbers are reproduced for the common errors (not for every error)
    expect(bad).toEqual([]);
  });
});

describe('fromJson / fromJsonArray match helm', () => {
  const cases = load<{ json: string; fromJson: string; fromJsonArray: string }>('json-cases.json');
  it(`${cases.length} documents`, () => {
    const bad: string[] = [];
    for (const c of cases) {
      const a = toJson(fromJson(c.json));
      const b = toJson(fromJsonArray(c.json));
      if (a !== c.fromJson) bad.push(`${JSON.stringify(c.json)} fromJson\n  helm: ${c.fromJson}\n  ours: ${a}`);
      if (b !== c.fromJsonArray) bad.push(`${JSON.stringify(c.json)} fromJsonArray\n  helm: ${c.fromJsonArray}\n  ours: ${b}`);
    }
    expect(bad).toEqual([]);
  });
});
