// Values files are parsed once per run (issue 18): the renderer builds its go-yaml values from the
// lint's parse of a values file (parsers/yaml.ts composes it with the YAML 1.2 core schema and
// merge keys) instead of parsing the text again. What it builds must be what its own parse gives,
// value for value and position for position, errors included: each text is loaded both ways here
// (and located, through the values locator, which must not change either).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseYaml, parseYamlComposed } from '../../../src/parsers/yaml.js';
import { adoptParsedValuesFile } from '../../../src/engine/helm-stage.js';
import { clearDecodedDocuments } from '../../../src/helm/yaml/load.js';
import { isDecodedDocumentKept, loadValues, originOf } from '../../../src/helm/yaml/index.js';
import { clearValuesLocators, valuesFileLocator } from '../../../src/helm/values/load.js';
import type { SourceFile } from '../../../src/model/types.js';
import { CORPUS_DIR, HAS_CORPUS, noteCorpusSkip } from '../../helpers/corpus.js';
import { fastPathTakes } from '../../parsers/yaml-fast-equality.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = 'chart/values.yaml';

/** The loaded values with every entry's origin, or the error, as one string. */
function loaded(text: string): string {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((item, i) => [originOf(v, i), walk(item)]);
    if (v !== null && typeof v === 'object') return Object.keys(v).map((k) => [k, originOf(v, k), walk((v as Record<string, unknown>)[k])]);
    return v;
  };
  try {
    return JSON.stringify(walk(loadValues(text, FILE).data));
  } catch (e) {
    const err = e as { message: string; line?: number; column?: number };
    return `error ${err.line}:${err.column} ${err.message}`;
  }
}

/** Every key's and value's location (and some missing paths') by the values file's locator. */
function located(text: string): string {
  const paths: (string | number)[][] = [[], ['missing'], ['a', 'missing'], [0]];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (paths.length > 5000) return;
    const visit = (key: string | number, child: unknown): void => {
      paths.push([...path, key]);
      walk(child, [...path, key]);
    };
    if (Array.isArray(v)) v.forEach((item, i) => visit(i, item));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) visit(k, (v as Record<string, unknown>)[k]);
  };
  try {
    walk(loadValues(text, FILE).data, []);
  } catch {
    // locations are still asked for
  }
  const locator = valuesFileLocator(text, FILE);
  return JSON.stringify(paths.map((p) => [locator.locate(p), locator.locate(p, { value: true })]));
}

/** Loaded and located after the lint parsed the text with `parse` (and its parse was adopted). */
function afterLintParse(text: string, parse: typeof parseYaml): { adopted: boolean; values: string; places: string } {
  clearDecodedDocuments();
  clearValuesLocators();
  const file = { path: FILE, text, kind: 'helm-values', environment: 'production' } as SourceFile;
  parse(file, text, adoptParsedValuesFile);
  const adopted = [0, 1].some((lineOffset) => isDecodedDocumentKept(lineOffset ? text.slice(text.indexOf('\n') + 1) : text, FILE, lineOffset));
  const result = { adopted, values: loaded(text), places: located(text) };
  clearDecodedDocuments();
  clearValuesLocators();
  return result;
}

/**
 * Loaded and located from the renderer's own parses, then from the lint's (its fast path where
 * that takes the text, else the Composer's); whether the lint's parse was taken. The lint's
 * Composer path is checked too: it must give the same, and be adopted as often.
 */
function bothWays(text: string): { own: string; shared: string; adopted: boolean; ownPlaces: string; sharedPlaces: string } {
  clearDecodedDocuments();
  clearValuesLocators();
  const own = loaded(text);
  const ownPlaces = located(text);
  const lint = afterLintParse(text, parseYaml);
  const composed = afterLintParse(text, parseYamlComposed);
  expect(lint, `the fast and Composer paths on ${JSON.stringify(text.slice(0, 200))}`).toEqual(composed);
  return { own, shared: lint.values, adopted: lint.adopted, ownPlaces, sharedPlaces: lint.places };
}

// What go-yaml v2 and the lint's YAML 1.2 parse read differently, and what the lint's parse is not taken for.
const CASES: { yaml: string; adopted: boolean }[] = [
  { yaml: 'a: yes\nb: no\nc: on\nd: Off\ne: y\nf: ~\ng: null\nh:\n', adopted: true },
  { yaml: 'a: 0777\nb: 0o17\nc: 0x1F\nd: 1_000\ne: 1e3\nf: .5\ng: 1:20\nh: -.inf\ni: 12345678901234567890\n', adopted: true },
  { yaml: 'a: "1"\nb: \'true\'\nc: !!str 5\nd: !!int "7"\ne: !!float 3\nf: !!binary aGVsbG8=\ng: !custom x\nh: ! 12\n', adopted: true },
  { yaml: 'base: &b\n  x: 1\n  y: [1, 2]\nother:\n  <<: *b\n  y: 3\nlist:\n  - *b\n  - <<: [*b, {z: 1}]\n', adopted: true },
  { yaml: 'a: 1\na: 2\nb: {c: 1, c: 2}\n', adopted: true },
  { yaml: '"<<": {a: 1}\nq: !!merge <<\n', adopted: true },
  { yaml: 'yes: 1\n1: one\n1.5: x\n~: nil\n', adopted: true },
  { yaml: '---\nname: x\nlist:\n  - a\n  - b\n', adopted: true },
  { yaml: '--- # values\nname: x\n', adopted: true },
  { yaml: 'a: 1\n...\nb: 2\n', adopted: true },
  { yaml: 'a: 1\r\nb:\r\n  c: "two\r\n    lines"\r\n', adopted: true },
  { yaml: 'text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\nplain: a\n  b\n', adopted: true },
  { yaml: "a: \"\\u00e9\\t\\x41\"\nb: 'it''s'\n", adopted: true },
  { yaml: 'a: "\\ud800"\n', adopted: false },
  { yaml: 'a: !!int x\n', adopted: false },
  { yaml: 'a: !!set {x, y}\nb: !!omap [{a: 1}]\n', adopted: false },
  { yaml: 'a: !!pairs [{a: 1}]\n', adopted: false },
  { yaml: '? [a, b]\n: c\n', adopted: false },
  { yaml: '? {a: 1}\n: c\n', adopted: false },
  { yaml: 'a: *missing\n', adopted: false },
  { yaml: 'a: &x [*x]\n', adopted: false },
  { yaml: 'a: b: c\n', adopted: false },
  { yaml: 'a:\n\t- b\n', adopted: false },
  { yaml: '- a\n- b\n', adopted: false },
  { yaml: 'just a string\n', adopted: false },
  { yaml: '%YAML 1.1\n---\na: yes\n', adopted: false },
  { yaml: 'a: 1\n---\nb: 2\n', adopted: false },
  { yaml: 'a: "x\u0085y"\n', adopted: false },
  { yaml: 'a: "\u0001"\n', adopted: false },
  { yaml: 'a: .nan\n', adopted: true }, // refused after decoding, by the JSON step
  { yaml: '<<: 1\n', adopted: false },
  { yaml: '', adopted: false },
  { yaml: '# only a comment\n', adopted: false },
];

describe('values from the lint parse of a values file are what the renderer parses itself', () => {
  it('values, positions and errors on texts go-yaml and YAML 1.2 read differently', () => {
    for (const c of CASES) {
      const r = bothWays(c.yaml);
      expect(r.shared, c.yaml).toBe(r.own);
      expect(r.adopted, c.yaml).toBe(c.adopted);
      expect(r.sharedPlaces, c.yaml).toBe(r.ownPlaces);
    }
  });

  it('on the texts of the helm-verified loading fixtures', () => {
    const cases = JSON.parse(readFileSync(join(here, 'fixtures', 'load-cases.json'), 'utf8')) as { yaml: string }[];
    let adopted = 0;
    for (const c of cases) {
      const r = bothWays(c.yaml);
      expect(r.shared, c.yaml).toBe(r.own);
      expect(r.sharedPlaces, c.yaml).toBe(r.ownPlaces);
      if (r.adopted) adopted++;
    }
    expect(adopted).toBeGreaterThan(cases.length / 4);
  });

  noteCorpusSkip('the values files of the corpus read both ways');
  it.skipIf(!HAS_CORPUS)('on every values file of the corpus', () => {
    const paths = execFileSync('find', [join(CORPUS_DIR, 'repos'), '-name', 'values*.yaml', '-size', '-1000k'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .trim()
      .split('\n')
      .filter(Boolean);
    let adopted = 0;
    let fast = 0;
    for (const p of paths) {
      const text = readFileSync(p, 'utf8');
      // bothWays checks the lint's fast path against its Composer path as well
      const r = bothWays(text);
      expect(r.shared, p).toBe(r.own);
      expect(r.sharedPlaces, p).toBe(r.ownPlaces);
      if (r.adopted) adopted++;
      if (r.adopted && fastPathTakes(text)) fast++;
    }
    expect(adopted).toBeGreaterThan(paths.length * 0.9);
    // most values files are plain YAML: adopted from the fast path
    expect(fast).toBeGreaterThan(adopted * 0.8);
  });
});
