// A values file is parsed once per run, on the lint's fast YAML path (issue 18): the Helm stage
// builds its go-yaml values and its key locator from the trees that path hands over, so neither
// the `yaml` package's Composer nor a second parse of the text is run for it, and the chart
// renders from those values.
import { Composer, Parser } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adoptParsedValuesFile } from '../../../src/engine/helm-stage.js';
import { loadChart, memoryFileSystem } from '../../../src/helm/chart/load.js';
import { clearParsedValues } from '../../../src/helm/chart/values-file.js';
import { renderChart } from '../../../src/helm/render/engine.js';
import { clearValuesLocators, valuesFileLocator } from '../../../src/helm/values/load.js';
import { clearDecodedDocuments, isDecodedDocumentKept } from '../../../src/helm/yaml/load.js';
import { isPlainNode } from '../../../src/helm/yaml/index.js';
import type { SourceFile } from '../../../src/model/types.js';
import { parseYaml } from '../../../src/parsers/yaml.js';

const VALUES = [
  '## @param replicas how many (a bitnami-style comment)',
  'replicas: 3',
  'image:',
  '  repository: nginx',
  '  tag: "1.25"',
  'enabled: yes # YAML 1.1: true for Helm',
  'ports: [80, 0x1BB]',
  'empty:',
  '',
].join('\n');

afterEach(() => {
  vi.restoreAllMocks();
  clearDecodedDocuments();
  clearValuesLocators();
  clearParsedValues();
});

describe('a values file on the fast YAML path', () => {
  it('is parsed once, without the Composer, and the chart renders from that parse', () => {
    const compose = vi.spyOn(Composer.prototype, 'compose');
    const parse = vi.spyOn(Parser.prototype, 'parse');
    const parsesOfValues = (): number => parse.mock.calls.filter(([source]) => source === VALUES).length;
    const handed: unknown[] = [];
    const file = { path: 'c/values.yaml', text: VALUES, kind: 'helm-values', environment: 'production', chartRoot: 'c' } as SourceFile;
    const parsed = parseYaml(file, VALUES, (f, text, documents, linePos) => {
      handed.push(...documents);
      adoptParsedValuesFile(f, text, documents, linePos);
    });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.documents[0]!.data).toMatchObject({ replicas: 3, enabled: 'yes' });
    expect(compose).not.toHaveBeenCalled();
    expect(parsesOfValues()).toBe(1);
    expect(handed).toHaveLength(1);
    expect(isPlainNode(handed[0] as never)).toBe(true);

    const fs = memoryFileSystem([
      { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' },
      { path: 'c/values.yaml', text: VALUES },
      {
        path: 'c/templates/t.yaml',
        text: 'r: {{ .Values.replicas }}\ntag: {{ .Values.image.tag }}\non: {{ .Values.enabled }}\nport: {{ index .Values.ports 1 }}\nempty: {{ .Values.empty | toJson }}\n',
      },
    ]);
    const rendered = renderChart(loadChart('c', { fs }), { releaseName: 'rl', namespace: 'ns', validateYaml: false });
    expect(rendered.error).toBeUndefined();
    expect(rendered.files.get('c/templates/t.yaml')!.text).toBe('r: 3\ntag: 1.25\non: true\nport: 443\nempty: null\n');
    // the key locator is the adopted one too
    expect(valuesFileLocator(VALUES, 'c/values.yaml').locate(['image', 'tag'], { value: true })).toEqual({ start: { line: 5, column: 8 }, end: { line: 5, column: 14 } });
    expect(parsesOfValues()).toBe(1);
  });

  it('of a vendored subchart is adopted too (the chart loads it with its parent)', () => {
    const text = 'sub: {port: 80}\n';
    // not an environment's values file (those are adopted anyway): only as the subchart's own
    const file = { path: 'c/charts/sub/values.yaml', text, kind: 'helm-values', environment: 'unknown', chartRoot: 'c' } as SourceFile;
    parseYaml(file, text, adoptParsedValuesFile);
    expect(isDecodedDocumentKept(text, file.path)).toBe(true);
  });

  it('leaves a file the fast path does not take to the Composer, adopted as before', () => {
    const text = 'base: &b\n  x: 1\nother: *b\n';
    const compose = vi.spyOn(Composer.prototype, 'compose');
    const handed: unknown[] = [];
    const file = { path: 'c/values.yaml', text, kind: 'helm-values', environment: 'production', chartRoot: 'c' } as SourceFile;
    parseYaml(file, text, (f, t, documents, linePos) => {
      handed.push(...documents);
      adoptParsedValuesFile(f, t, documents, linePos);
    });
    expect(compose).toHaveBeenCalledTimes(1);
    expect(isPlainNode(handed[0] as never)).toBe(false);
  });
});
