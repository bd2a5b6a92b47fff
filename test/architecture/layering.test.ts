// The layering is written twice, once for the tool (eslint.config.js) and once for people (the
// README's "Layering" table); this test fails when the two drift apart or when src/ and rules/
// break it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM config without types
import { exceptions, layers } from '../../eslint.config.js';
import { REPO } from '../helpers/fixtures.js';

interface Layer {
  type: string;
  mayImport: string[];
}
interface Exception {
  files: string[];
  mayAlsoImport: string[];
}

/** The rows of the README's layering table: layer name and the layers it may import. */
function readmeLayers(): Layer[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Layering'));
  const rows = section.split('\n').filter((line) => /^\| `[\w-]+` \|/.test(line));
  return rows.map((row) => {
    const cells = row.split('|').map((c) => c.trim());
    const names = (cell: string) => [...cell.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!);
    return { type: names(cells[1]!)[0]!, mayImport: names(cells[3]!) };
  });
}

describe('layering', () => {
  it("the README's table is the eslint config's layer list, in the same order", () => {
    const fromConfig = (layers as Layer[]).map(({ type, mayImport }) => ({ type, mayImport }));
    expect(readmeLayers()).toEqual(fromConfig);
  });

  it('every layer imports only layers below it (the list is bottom to top, without cycles)', () => {
    const seen = new Set<string>();
    for (const layer of layers as Layer[]) {
      for (const below of layer.mayImport) expect(seen, `${layer.type} may import ${below}, listed above it`).toContain(below);
      seen.add(layer.type);
    }
  });

  it('the README names every exception and the files it covers', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Layering'));
    for (const exception of exceptions as Exception[]) for (const file of exception.files) expect(section).toContain(`\`${file}\``);
  });

  it('src/ and rules/ keep to it (the boundary rule reports nothing)', async () => {
    const eslint = new ESLint({ cwd: REPO, ruleFilter: ({ ruleId }) => ruleId === 'boundaries/dependencies' });
    const results = await eslint.lintFiles(['src', 'rules']);
    const violations = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(REPO.length + 1)}:${m.line}:${m.column} ${m.message}`));
    expect(violations).toEqual([]);
  }, 300_000);
});
