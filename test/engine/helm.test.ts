// Helm charts through the whole pipeline: rendered per environment, findings located at the
// template line that produced the node, with the values key that supplied the value as related.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { toSarif } from '../../src/formatters/sarif.js';

const chart = {
  'deploy/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
  'deploy/shop/values.yaml': 'replicaCount: 3\nimage:\n  tag: "1.2.3"\n',
  'deploy/shop/templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}-shop',
    'spec:',
    '  replicas: {{ .Values.replicaCount }}',
    '  selector:',
    '    matchLabels: { app: shop }',
    '  template:',
    '    metadata:',
    '      labels: { app: shop }',
    '    spec:',
    '      containers:',
    '        - name: shop',
    '          image: "ghcr.io/acme/shop:{{ .Values.image.tag }}"',
    '',
  ].join('\n'),
  'deploy/values-prod.yaml': 'replicaCount: 1\nimage:\n  tag: latest\n',
};
const files = Object.entries(chart).map(([path, text]) => ({ path, text }));

describe('helm in the pipeline', () => {
  it('judges the production rendering and points at the template line and the values key', () => {
    const { report } = lint({ files, onlyRules: ['require-replicas', 'require-pinned-images'] });
    const replicas = report.findings.find((f) => f.ruleId === 'require-replicas')!;
    expect(replicas).toMatchObject({ file: 'deploy/shop/templates/deployment.yaml', range: { start: { line: 6, column: 16 } }, environment: 'production' });
    expect(replicas.related).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: 'deploy/values-prod.yaml', range: expect.objectContaining({ start: { line: 1, column: 1 } }) })]),
    );
    const image = report.findings.find((f) => f.ruleId === 'require-pinned-images')!;
    expect(image).toMatchObject({ file: 'deploy/shop/templates/deployment.yaml', range: { start: { line: 15, column: 18 } } });
    expect(image.related?.some((r) => r.file === 'deploy/values-prod.yaml' && r.range.start.line === 3)).toBe(true);
  });

  it('carries the values key into SARIF relatedLocations', () => {
    const { report } = lint({ files, onlyRules: ['require-replicas'] });
    const result = toSarif(report).runs[0]!.results![0]!;
    expect(result.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('deploy/shop/templates/deployment.yaml');
    expect(result.relatedLocations?.map((r) => [r.physicalLocation?.artifactLocation?.uri, r.physicalLocation?.region?.startLine])).toContainEqual(['deploy/values-prod.yaml', 1]);
  });

  it('layers --values files over every environment', () => {
    const extra = [...files, { path: 'ops/override.yaml', text: 'replicaCount: 4\n' }];
    const { report } = lint({ files: extra, onlyRules: ['require-replicas'], helm: { extraValues: ['ops/override.yaml'] } });
    expect(report.findings.filter((f) => f.ruleId === 'require-replicas')).toEqual([]);
    expect(report.checklist.find((l) => l.ruleId === 'require-replicas')!.passed).toBeGreaterThan(0);
  });

  it('renders without Helm when asked (benchmark mode) and never reports templates as broken YAML', () => {
    const { report } = lint({ files, renderHelm: false });
    expect(report.findings.some((f) => f.file.includes('templates/'))).toBe(false);
    expect(report.findings.some((f) => f.ruleId === 'invalid-yaml')).toBe(false);
  });
});
