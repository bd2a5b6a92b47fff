// Issue 11: every finding carries the environment of the object it judges. A chart rendered with
// values-staging.yaml produces staging findings with their own outcomes and fingerprints; adding
// or removing staging and dev values files never changes the production findings or score.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import type { Report } from '../../src/report/types.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: "example/api:{{ .Values.image.tag }}"
`;
const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n',
  'chart/values.yaml': 'replicas: 1\nimage:\n  tag: latest\n',
  'chart/templates/deployment.yaml': DEPLOYMENT,
  'chart/values-prod.yaml': 'replicas: 3\nimage:\n  tag: "1.0.0"\n',
};
const LOWER_ENVIRONMENTS = {
  'chart/values-staging.yaml': 'replicas: 2\n',
  'chart/values-dev.yaml': 'replicas: 1\n',
};

function run(files: Record<string, string>): Report {
  return lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })) }).report;
}

const inProduction = (r: Report) => r.findings.filter((f) => f.environment === 'production').map((f) => [f.ruleId, f.file, f.range.start.line, f.message, f.fingerprint]);

describe('rendered findings carry the rendering environment', () => {
  const prodOnly = run(CHART);
  const withLower = run({ ...CHART, ...LOWER_ENVIRONMENTS });

  it('production findings and score do not change when staging and dev values files are added', () => {
    expect(prodOnly.findings.some((f) => f.ruleId === 'require-pinned-images')).toBe(false);
    expect(inProduction(withLower)).toEqual(inProduction(prodOnly));
    expect(withLower.environments.production).toEqual(prodOnly.environments.production);
    expect(withLower.score).toEqual(prodOnly.score);
  });

  it('staging and dev renderings get their own findings, outcomes and fingerprints', () => {
    const pinned = withLower.findings.filter((f) => f.ruleId === 'require-pinned-images');
    expect(pinned.map((f) => f.environment).sort()).toEqual(['development', 'staging']);
    expect(pinned.every((f) => f.file === 'chart/templates/deployment.yaml')).toBe(true);
    // Same template line, different environments: two findings, two fingerprints.
    expect(new Set(pinned.map((f) => f.fingerprint)).size).toBe(2);
    // The failing lower environments score below 100 (their outcomes are no longer merged into production's).
    expect(withLower.environments.staging?.failed).toBeGreaterThan(0);
    expect(withLower.environments.development?.failed).toBeGreaterThan(0);
    expect(withLower.environments.development?.score).toBeLessThan(100);
    // The template file itself names no environment, and the report says its objects are judged per rendering.
    expect(withLower.files.find((f) => f.path === 'chart/templates/deployment.yaml')?.environmentEvidence?.detail).toContain("judged in each rendering's environment");
  });

  it('a render error only the staging values cause is a staging finding, and production keeps its score', () => {
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  port: "{{ .Values.server.port }}"\n';
    const base = { ...CHART, 'chart/values.yaml': 'replicas: 1\nimage:\n  tag: latest\nserver:\n  port: 8080\n', 'chart/templates/configmap.yaml': configMap };
    const clean = run(base);
    const broken = run({ ...base, 'chart/values-staging.yaml': 'server: "flat"\n' });
    const errors = broken.findings.filter((f) => f.ruleId === 'helm-render-error');
    expect(errors.map((f) => [f.file, f.environment])).toEqual([['chart/templates/configmap.yaml', 'staging']]);
    expect(clean.findings.some((f) => f.ruleId === 'helm-render-error')).toBe(false);
    expect(broken.environments.production).toEqual(clean.environments.production);
  });
});
