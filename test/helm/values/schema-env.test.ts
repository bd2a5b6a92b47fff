import { describe, expect, it } from 'vitest';
import { loadChart, memoryFileSystem } from '../../../src/helm/chart/load.js';
import { renderChart } from '../../../src/helm/render/engine.js';
import { renderChartDocuments } from '../../../src/parsers/helm-documents.js';
import { chartEnvironments, environmentOfValuesFile } from '../../../src/discovery/chart-environments.js';

const schema = JSON.stringify({
  type: 'object',
  properties: { replicas: { type: 'integer', minimum: 1 }, image: { type: 'object', required: ['tag'] } },
});

function fs() {
  return memoryFileSystem([
    { path: 'app/chart/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 1.0.0\n' },
    { path: 'app/chart/values.yaml', text: 'replicas: 1\nimage:\n  tag: "1"\n' },
    { path: 'app/chart/values.schema.json', text: schema },
    { path: 'app/chart/values-prod.yaml', text: 'replicas: 0\n' },
    { path: 'app/chart/values.staging.yaml', text: 'replicas: 2\n' },
    { path: 'app/values-production.yaml', text: 'image:\n  tag: "2"\n' },
    { path: 'app/chart/crds/crd.yaml', text: 'kind: CustomResourceDefinition\n' },
    { path: 'app/chart/templates/cm.yaml', text: 'kind: ConfigMap\nmetadata:\n  name: x\n' },
  ]);
}

describe('values.schema.json', () => {
  it('fails like helm, and in lint mode points at the values key that violates it', () => {
    const chart = loadChart('app/chart', { fs: fs() });
    const bad = { file: 'app/chart/values-prod.yaml', values: { replicas: 0 } as never };
    expect(renderChart(chart, { valuesFiles: [bad] }).error?.message).toContain("values don't meet the specifications of the schema(s) in the following chart(s):\napp:\n");
    expect(renderChart(chart, {}).error).toBeUndefined();
    const { diagnostics, documents } = renderChartDocuments({ chart: 'app/chart', valuesFiles: ['app/chart/values-prod.yaml'], fs: fs() });
    expect(documents).toHaveLength(1);
    expect(diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'helm-render-error', file: 'app/chart/values-prod.yaml', range: expect.objectContaining({ start: { line: 1, column: 1 } }) }),
    ]);
  });
});

describe('crds', () => {
  it('prints crds/ first with includeCrds', () => {
    const r = renderChart(loadChart('app/chart', { fs: fs() }), { includeCrds: true });
    expect(r.output.startsWith('---\n# Source: app/crds/crd.yaml\nkind: CustomResourceDefinition\n')).toBe(true);
    expect(renderChart(loadChart('app/chart', { fs: fs() })).output).not.toContain('CustomResourceDefinition');
  });
});

describe('environments', () => {
  it('names environment values files', () => {
    expect(environmentOfValuesFile('values-prod.yaml')).toBe('production');
    expect(environmentOfValuesFile('values.production.yml')).toBe('production');
    expect(environmentOfValuesFile('values-staging.yaml')).toBe('staging');
    expect(environmentOfValuesFile('values-dev.yaml')).toBe('development');
    expect(environmentOfValuesFile('values.yaml')).toBeUndefined();
    expect(environmentOfValuesFile('values-foo.yaml')).toBeUndefined();
  });
  it('finds environment files in the chart folder and beside it, production first', () => {
    expect(chartEnvironments('app/chart', fs(), ['extra.yaml'])).toEqual([
      { environment: 'production', files: ['app/chart/values-prod.yaml', 'app/values-production.yaml', 'extra.yaml'] },
      { environment: 'staging', files: ['app/chart/values.staging.yaml', 'extra.yaml'] },
    ]);
  });
});
