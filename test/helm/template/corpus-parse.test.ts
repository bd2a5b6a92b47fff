import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/helm/template/parser.js';

// Real chart templates (bitnami, prometheus-community) beside the repository; every one must parse.
const corpus = resolve(process.cwd(), '../shared/corpus/repos');

function templateFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) templateFiles(p, out);
    else if (/\/templates\//.test(p)) out.push(p);
  }
  return out;
}

describe.runIf(existsSync(corpus))('corpus templates parse', () => {
  test('a sample of every 10th template file parses without error', () => {
    const files = templateFiles(corpus)
      .sort()
      .filter((_, i) => i % 10 === 0);
    const failures: string[] = [];
    for (const f of files) {
      try {
        parseTemplate(f.slice(corpus.length + 1), readFileSync(f, 'utf8'), () => true);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(files.length).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});
