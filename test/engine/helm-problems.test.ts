// Helm problems travel as typed values (Diagnostic.helm): the renderer names the missing dependency
// and the values key, and the engine places the finding with those fields, never by reading its prose.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { pointAtDependency, pointAtValuesKey } from '../../src/engine/helm-stage.js';
import { classifyFiles } from '../../src/discovery/classify.js';
import { parseFile } from '../../src/parsers/index.js';
import { renderChartDocuments } from '../../src/parsers/helm-documents.js';
import { memoryFileSystem } from '../../src/helm/chart/load.js';
import type { Diagnostic } from '../../src/model/types.js';

const CHART = [
  {
    path: 'app/Chart.yaml',
    text: 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n  - name: common\n    version: 2.0.0\n    repository: https://charts.example.com\n',
  },
  { path: 'app/values.yaml', text: 'api:\n  metrics:\n    rules: []\n' },
  { path: 'app/values-prod.yaml', text: 'api:\n  metrics:\n    rules: []\n' },
  { path: 'app/templates/cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' },
];
const parsed = classifyFiles(CHART).map((f) => parseFile(f));

describe('typed Helm problems', () => {
  it('the renderer names a missing dependency in a typed field', () => {
    const { diagnostics } = renderChartDocuments({ chart: 'app', fs: memoryFileSystem(CHART) });
    const missing = diagnostics.filter((d) => d.helm?.code === 'missing-dependency');
    expect(missing.map((d) => [d.file, d.helm?.dependency])).toEqual([
      ['app/Chart.yaml', 'redis'],
      ['app/Chart.yaml', 'common'],
    ]);
  });

  it('a missing dependency is reported at its Chart.yaml entry', () => {
    const findings = lint({ files: CHART }).report.findings.filter((f) => f.message.includes('is not in its charts/ folder'));
    expect(findings.map((f) => [f.file, f.range.start])).toEqual([
      ['app/Chart.yaml', { line: 5, column: 11 }],
      ['app/Chart.yaml', { line: 7, column: 11 }],
    ]);
  });

  const at1 = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

  it('the engine places a dependency problem by its typed name, whatever the prose says', () => {
    const d: Diagnostic = {
      ruleId: 'helm-render-error',
      file: 'app/Chart.yaml',
      range: at1,
      message: 'a dependency is missing',
      helm: { code: 'missing-dependency', dependency: 'common' },
    };
    expect(pointAtDependency(d, parsed).range.start).toEqual({ line: 7, column: 11 });
    // without the typed field the prose is not parsed back: the problem stays where the renderer put it
    const { helm: _lost, ...untyped } = d;
    expect(pointAtDependency({ ...untyped, message: 'dependency "common" (version 2.0.0) is missing' }, parsed).range).toEqual(at1);
  });

  it('the engine places a values warning by its typed key, in the last values layer that sets it', () => {
    const d: Diagnostic = {
      ruleId: 'helm-values-warning',
      file: 'app/Chart.yaml',
      range: at1,
      message: 'a values warning',
      helm: { code: 'values-warning', valuesKey: 'app.api.metrics.rules' },
    };
    expect(pointAtValuesKey(d, parsed)).toMatchObject({ file: 'app/values.yaml', range: { start: { line: 3, column: 5 } } });
    const { helm: _lost, ...untyped } = d;
    expect(pointAtValuesKey({ ...untyped, message: 'warning: destination for app.api.metrics.rules is a table' }, parsed).range).toEqual(at1);
  });
});
