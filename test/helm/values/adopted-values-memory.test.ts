// The lint adopts every values file's parse while it parses (issue 18), long before most charts
// render: what it keeps of them must be small, and must not hold the file's text as a string
// (engine/compact.ts keeps texts deflated once parsed): the decoded values and the key locator are
// found by a digest of the text, and the locator keeps its keys and line starts, not the text.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { adoptParsedValuesFile } from '../../../src/engine/helm-stage.js';
import { clearValuesLocators, valuesFileLocator } from '../../../src/helm/values/load.js';
import { clearDecodedDocuments } from '../../../src/helm/yaml/load.js';
import { isDecodedDocumentKept, loadValues } from '../../../src/helm/yaml/index.js';
import type { SourceFile } from '../../../src/model/types.js';
import { parseYaml } from '../../../src/parsers/yaml.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const FILE = 'chart/values.yaml';

/** A values file of mostly comments, as bitnami's are: `lines` comment lines around a few keys. */
function valuesText(lines: number, tag: string): string {
  const comment = `## @param ${tag} a long explanation of what this parameter does and why it matters\n`;
  return `${comment.repeat(lines)}image:\n  repository: ${tag}/app\n  tag: "1.2.3"\nreplicas: 3\n${comment.repeat(lines)}'quoted key': yes\nlist:\n  - a\n  - b\n`;
}

function adopt(text: string): void {
  const file = { path: FILE, text, kind: 'helm-values', environment: 'production' } as SourceFile;
  parseYaml(file, text, adoptParsedValuesFile);
}

afterEach(() => {
  clearDecodedDocuments();
  clearValuesLocators();
});

describe('an adopted values file', () => {
  it('leaves its text collectable, and its keys still locate', () => {
    const lines = 20_000;
    // about 7 MB of string (two-byte: the é), held by nothing but what adoption keeps
    const size = (() => {
      const text = valuesText(lines, 'big-é');
      adopt(text);
      return text.length * 2;
    })();
    gc();
    const kept = process.memoryUsage().heapUsed;
    clearDecodedDocuments();
    clearValuesLocators();
    gc();
    // the decoded values, the keys and the line starts: far less than the text
    expect(kept - process.memoryUsage().heapUsed).toBeLessThan(size / 8);

    const text = valuesText(lines, 'big-é');
    adopt(text);
    expect(isDecodedDocumentKept(text, FILE)).toBe(true);
    const locator = valuesFileLocator(text, FILE);
    expect(locator.locate(['image', 'tag'])).toEqual({ start: { line: lines + 3, column: 3 }, end: { line: lines + 3, column: 6 } });
    expect(locator.locate(['quoted key'], { value: true })).toEqual({ start: { line: 2 * lines + 5, column: 15 }, end: { line: 2 * lines + 5, column: 18 } });
    expect(locator.locate(['list', 1], { value: true })).toEqual({ start: { line: 2 * lines + 8, column: 5 }, end: { line: 2 * lines + 8, column: 6 } });
    expect(loadValues(text, FILE).data).toMatchObject({ image: { repository: 'big-é/app', tag: '1.2.3' }, replicas: 3 });
  });
});
