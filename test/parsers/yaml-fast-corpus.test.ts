// The fast path of parseYaml (src/parsers/yaml-fast.ts) against the Composer's path over every YAML
// and JSON file of the shared corpus: where the fast path takes a file, its data (with key order),
// comments, diagnostics and positions must be the Composer's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/parsers/yaml.js';
import { stripBom } from '../../src/parsers/positions.js';
import { CORPUS_DIR, HAS_CORPUS, noteCorpusSkip } from '../helpers/corpus.js';
import { NOT_TAKEN, composerParse, firstDifference, firstFlatDifference } from './yaml-fast-equality.js';

function yamlAndJsonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yamlAndJsonFiles(p, out);
    else if (entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name)) out.push(p);
  }
  return out;
}

noteCorpusSkip('the YAML fast path against the Composer over the corpus');
describe.skipIf(!HAS_CORPUS)('the YAML fast path over the corpus', () => {
  it('gives the Composer path’s result for every file it takes', () => {
    const files = yamlAndJsonFiles(CORPUS_DIR);
    const differences: string[] = [];
    let taken = 0;
    for (const path of files) {
      const text = stripBom(readFileSync(path, 'utf8'));
      const flat = firstFlatDifference(text);
      if (flat === NOT_TAKEN) continue; // both results come from the Composer then
      taken++;
      const file = { path, text, kind: 'kubernetes' as const, environment: 'unknown' as const };
      const d = flat ?? firstDifference(parseYaml(file, text), composerParse(file, text), 2000);
      if (d) differences.push(`${path}: ${d}`);
    }
    expect(differences).toEqual([]);
    // Most of the corpus's YAML is plain (its Helm templates are not YAML and are left out).
    expect(taken).toBeGreaterThan(files.length / 3);
  }, 600_000);
});
