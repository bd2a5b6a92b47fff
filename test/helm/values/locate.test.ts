// Values files are parsed for positions once per run (src/helm/values/load.ts): every rendering
// that points into a values file reads the same flat index; the ranges are those of the node tree.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import type { PathSegment, Range, SourceFile } from '../../../src/model/types.js';

const parsed = vi.hoisted(() => ({ count: 0 }));
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return { ...yaml, parseDocument: (...args: Parameters<typeof yaml.parseDocument>) => (parsed.count++, yaml.parseDocument(...args)) };
});
// the setup file loaded the Helm stage already: load the module again, over the counting parser
vi.resetModules();
const { loadValuesFile, valuesFileLocator, clearValuesLocators } = await import('../../../src/helm/values/load.js');
const { parseYaml } = await import('../../../src/parsers/yaml.js');
const { adoptParsedValuesFile } = await import('../../../src/engine/helm-stage.js');

/** The lookup as it was, walking the node tree: the reference the index must agree with. */
function walk(text: string, path: readonly PathSegment[], wantValue: boolean): Range | undefined {
  const lc = new LineCounter();
  let node: unknown = parseDocument(text, { lineCounter: lc, version: '1.1', uniqueKeys: false }).contents as Node | null;
  let keyNode: unknown;
  for (const seg of path) {
    keyNode = undefined;
    if (isMap(node)) {
      let found: unknown;
      for (const item of node.items) {
        if ((isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(seg)) {
          found = item.value;
          keyNode = item.key;
        }
      }
      if (keyNode === undefined) return undefined;
      node = found;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) return undefined;
    } else return undefined;
  }
  const target = (wantValue || keyNode === undefined ? node : keyNode) as { range?: number[] } | undefined;
  const r = target?.range ?? (keyNode as { range?: number[] } | undefined)?.range;
  if (!r) return undefined;
  const s = lc.linePos(r[0]!);
  const e = lc.linePos(r[1]!);
  return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
}

const TEXT = `image:
  repository: nginx
  tag: "1.27"
replicas: 3
empty:
list:
  - name: a
    port: 80
  - plain
  - [x, y]
"0": zero key
dup: first
nested: {a: {b: [1, {c: d}]}}
dup: second
anchor: &a {k: v}
alias: *a
`;

const PATHS: PathSegment[][] = [
  [],
  ['image'],
  ['image', 'tag'],
  ['image', 'nope'],
  ['replicas'],
  ['empty'],
  ['list'],
  ['list', 0],
  ['list', 0, 'port'],
  ['list', 1],
  ['list', 2, 1],
  ['list', '0'],
  ['list', 5],
  [0],
  ['0'],
  ['dup'],
  ['nested', 'a', 'b', 1, 'c'],
  ['nested', 'a', 'b', '1'],
  ['anchor', 'k'],
  ['alias'],
  ['alias', 'k'],
  ['replicas', 'x'],
];

describe('values file locations', () => {
  it('are the ranges of the node tree, keys and values, for every kind of path', () => {
    const values = loadValuesFile(TEXT, 'values.yaml');
    for (const path of PATHS) {
      for (const value of [false, true]) expect(values.locate(path, { value }), `${JSON.stringify(path)} value=${value}`).toEqual(walk(TEXT, path, value));
    }
    expect(values.locate(['image', 'tag'])).toEqual({ start: { line: 3, column: 3 }, end: { line: 3, column: 6 } });
    expect(values.locate(['dup'], { value: true })?.start.line).toBe(14);
  });

  it('parses a values file for positions once, however many loads point into it', () => {
    const text = 'a:\n  b: 1\nc: [1, 2]\n# a text of its own\n';
    const before = parsed.count;
    for (let i = 0; i < 5; i++) {
      const values = loadValuesFile(text, `values-${i}.yaml`);
      expect(values.locate(['a', 'b'])).toEqual({ start: { line: 2, column: 3 }, end: { line: 2, column: 4 } });
      expect(values.locate(['c', 1], { value: true })).toEqual({ start: { line: 3, column: 8 }, end: { line: 3, column: 9 } });
    }
    expect(parsed.count - before).toBe(1);
  });

  it('are read from the lint parse of a values file, which is not parsed again for them', () => {
    // TEXT without its duplicate key: the lint refuses a document with one, and parses it again
    const text = TEXT.replace('dup: second\n', '');
    const file = { path: 'chart/values.yaml', text, kind: 'helm-values', environment: 'production' } as SourceFile;
    clearValuesLocators();
    parseYaml(file, text, adoptParsedValuesFile);
    const before = parsed.count;
    const locator = valuesFileLocator(text, file.path);
    for (const path of PATHS) {
      for (const value of [false, true]) expect(locator.locate(path, { value }), `${JSON.stringify(path)} value=${value}`).toEqual(walk(text, path, value));
    }
    // walk() parses once per lookup: the locator itself did not
    expect(parsed.count - before).toBe(PATHS.length * 2);
    clearValuesLocators();
  });
});
