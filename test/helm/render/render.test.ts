import { describe, expect, it } from 'vitest';
import { loadChart, memoryFileSystem } from '../../../src/helm/chart/load.js';
import { renderChart } from '../../../src/helm/render/engine.js';
import { renderChartDocuments } from '../../../src/parsers/helm-documents.js';
import { splitManifests, sortManifests } from '../../../src/helm/render/manifests.js';
import { loadValuesFile } from '../../../src/helm/values/load.js';

const files: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.2.3\nappVersion: "9.9"\n',
  'values.yaml': 'replicas: 1\nimage:\n  repository: nginx\n  tag: "1.0"\nsecret: ""\nresources:\n  limits:\n    cpu: 100m\n',
  'values-prod.yaml': 'replicas: 3\nimage:\n  tag: "2.0"\n',
  'templates/_helpers.tpl': '{{- define "app.name" -}}{{ .Chart.Name }}-{{ .Release.Name }}{{- end -}}\n',
  'templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.name" . }}
  namespace: {{ .Release.Namespace }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            - name: T
              value: {{ .Template.Name | quote }}
          resources: {{- toYaml .Values.resources | nindent 12 }}
`,
  'templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "app.name" . }}\n  missing: "{{ .Values.nope }}"\n',
  'templates/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  pw: {{ required "secret is required" .Values.secret | quote }}\n',
  'templates/hook.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    "helm.sh/hook": pre-install\n',
  'templates/NOTES.txt': 'Thanks {{ .Release.Name }}',
};

function fsOf() {
  return memoryFileSystem(Object.entries(files).map(([p, text]) => ({ path: `chart/${p}`, text })));
}

describe('renderChart', () => {
  it('renders like helm template: sorted kinds, hooks last, <no value> removed', () => {
    const chart = loadChart('chart', { fs: fsOf() });
    const prod = loadValuesFile(files['values-prod.yaml']!, 'chart/values-prod.yaml');
    const r = renderChart(chart, { releaseName: 'rl', valuesFiles: [{ file: prod.file, values: prod.values }], lintMode: true });
    expect(r.error).toBeUndefined();
    expect(r.manifests.map((m) => m.kind)).toEqual(['Secret', 'Service', 'Deployment']);
    expect(r.hooks.map((m) => m.kind)).toEqual(['Job']);
    expect(r.output).toContain('---\n# Source: app/templates/deploy.yaml\napiVersion: apps/v1');
    expect(r.output).toContain('replicas: 3');
    expect(r.output).toContain('image: "nginx:2.0"');
    expect(r.output).toContain('name: app-rl');
    expect(r.output).toContain('missing: ""');
    expect(r.output).toContain('value: "app/templates/deploy.yaml"');
    expect(r.problems.find((p) => p.code === 'helm-required')).toMatchObject({ message: 'secret is required', template: 'app/templates/secret.yaml', line: 6 });
  });

  it('fails on required in helm mode, naming the template line', () => {
    const chart = loadChart('chart', { fs: fsOf() });
    const r = renderChart(chart, { releaseName: 'rl' });
    expect(r.error?.message).toContain('execution error at (app/templates/secret.yaml:6:');
    expect(r.error?.message).toContain('secret is required');
  });

  it('library charts are not installable', () => {
    const fs = memoryFileSystem([{ path: 'lib/Chart.yaml', text: 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n' }]);
    expect(renderChart(loadChart('lib', { fs })).error?.message).toBe('library charts are not installable');
  });
});

describe('documents with source mapping', () => {
  it('locates rendered nodes in templates and values files', () => {
    const { documents, diagnostics } = renderChartDocuments({ chart: 'chart', valuesFiles: ['chart/values-prod.yaml'], environment: 'production', fs: fsOf() });
    const deploy = documents.find((d) => (d.data as { kind: string }).kind === 'Deployment')!;
    expect(deploy.file.path).toBe('chart/templates/deploy.yaml');
    expect(deploy.origin).toMatchObject({ template: 'chart/templates/deploy.yaml', environment: 'production', valuesFiles: ['chart/values-prod.yaml'] });
    const replicas = deploy.locate(['spec', 'replicas']);
    expect(replicas.file).toBe('chart/templates/deploy.yaml');
    expect(replicas.range.start).toEqual({ line: 7, column: 16 });
    expect(replicas.related?.[0]).toMatchObject({ file: 'chart/values-prod.yaml', range: { start: { line: 1, column: 1 } } });
    const repo = deploy.locate(['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(repo.range.start.line).toBe(12);
    const literal = deploy.locate(['spec', 'template', 'spec', 'containers', 0, 'name']);
    expect(literal.range.start).toEqual({ line: 11, column: 17 });
    const key = deploy.locate(['kind'], { key: true });
    expect(key.range.start).toEqual({ line: 2, column: 1 });
    const name = deploy.locate(['metadata', 'name']);
    expect(name.range.start).toEqual({ line: 4, column: 12 });
    expect(name.related?.some((r) => r.file === 'chart/templates/_helpers.tpl')).toBe(true);
    const cpu = deploy.locate(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']);
    expect(cpu.range.start.line).toBe(16);
    expect(cpu.related?.[0]).toMatchObject({ file: 'chart/values.yaml', range: { start: { line: 8, column: 5 } } });
    expect(diagnostics.find((d) => d.ruleId === 'helm-required-value')).toMatchObject({ file: 'chart/templates/secret.yaml', range: { start: { line: 6 } } });
  });
});

describe('manifest splitting and sorting', () => {
  it('splits like releaseutil.SplitManifests', () => {
    expect(splitManifests('\n---\na: 1\n---   \nb: 2\n\n--- \n').map((d) => d.text)).toEqual(['a: 1', 'b: 2']);
    const text = 'x: 1\n---\nkind: Service\n';
    const docs = splitManifests(text);
    expect(text.slice(docs[1]!.start)).toBe('kind: Service\n');
  });
  it('sorts unknown kinds last, alphabetically, webhook configurations known', () => {
    const { manifests } = sortManifests(
      new Map([['a/templates/x.yaml', 'kind: ServiceMonitor\n---\nkind: ValidatingWebhookConfiguration\n---\n# only a comment\n---\nkind: Namespace']]),
    );
    expect(manifests.map((m) => m.kind)).toEqual(['Namespace', 'ValidatingWebhookConfiguration', '', 'ServiceMonitor']);
  });
});

describe('lint mode robustness', () => {
  it('skips a failing template, reports its line and renders the rest', () => {
    const fs = memoryFileSystem([
      { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' },
      { path: 'c/templates/bad.yaml', text: 'kind: ConfigMap\nmetadata:\n  name: {{ .Values.a.b.c }}\n' },
      { path: 'c/templates/good.yaml', text: 'kind: Service\nmetadata:\n  name: ok\n' },
      { path: 'c/templates/fails.yaml', text: '{{ fail "not supported" }}\n' },
    ]);
    const r = renderChart(loadChart('c', { fs }), { lintMode: true });
    expect(r.error).toBeUndefined();
    expect(r.manifests.map((m) => m.name)).toEqual(['ok']);
    expect(r.problems.find((p) => p.code === 'helm-render-error')).toMatchObject({ template: 'c/templates/bad.yaml', line: 3 });
    expect(r.problems.find((p) => p.code === 'helm-fail')).toMatchObject({ template: 'c/templates/fails.yaml', line: 1, message: 'not supported' });
    const strict = renderChart(loadChart('c', { fs }));
    expect(strict.error?.message).toBe('execution error at (c/templates/fails.yaml:1:3): not supported');
  });

  it('renders without a missing dependency and says how to vendor it', () => {
    const fs = memoryFileSystem([
      { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: redis\n  version: 1.x.x\n  repository: oci://registry\n' },
      { path: 'c/templates/cm.yaml', text: 'kind: ConfigMap\nmetadata:\n  name: x\n' },
    ]);
    const { documents, diagnostics } = renderChartDocuments({ chart: 'c', fs });
    expect(documents).toHaveLength(1);
    expect(diagnostics).toEqual([expect.objectContaining({ ruleId: 'helm-render-error', file: 'c/Chart.yaml' })]);
    expect(diagnostics[0]!.message).toContain('helm dependency build');
    expect(renderChart(loadChart('c', { fs }), { requireDependencies: true }).error?.code).toBe('missing-dependency');
  });
});
