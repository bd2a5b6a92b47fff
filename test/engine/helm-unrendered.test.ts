// A chart whose own workload templates render nothing with the values at hand (bitnami/concourse
// needs web.externalUrl; helm renders no Deployment either) is judged on its other objects only:
// a notice says so, instead of a silent, meaningless score.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const DEPLOYMENT = [
  '{{- if .Values.externalUrl }}',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ .Release.Name }}-web',
  'spec:',
  '  selector: { matchLabels: { app: web } }',
  '  template:',
  '    metadata: { labels: { app: web } }',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27.0',
  '{{- end }}',
  '',
].join('\n');

function files(extra: Record<string, string> = {}) {
  return Object.entries({
    'deploy/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    'deploy/web/values.yaml': 'externalUrl: ""\n',
    'deploy/web/templates/deployment.yaml': DEPLOYMENT,
    'deploy/web/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{ port: 80 }]\n',
    // a subchart's workload does not stand in for the chart's own
    'deploy/web/charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n',
    'deploy/web/charts/db/templates/statefulset.yaml':
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec:\n      containers: [{ name: db, image: "postgres:16.4" }]\n',
    ...extra,
  }).map(([path, text]) => ({ path, text }));
}

const notices = (report: { notices: readonly string[] }) => report.notices.filter((n) => n.includes('rendered none'));

describe('charts that render none of their own workloads', () => {
  it('get a notice naming the templates and the values used', () => {
    const { report } = lint({ files: files(), onlyRules: ['require-probes'] });
    expect(notices(report)).toEqual([
      'chart deploy/web rendered none of its own workloads with its default values: templates/deployment.yaml rendered nothing, so no rule judged them; pass the values the chart needs with --values',
    ]);
    // only the subchart's StatefulSet was judged
    expect(report.findings.map((f) => f.file)).toEqual(['deploy/web/charts/db/templates/statefulset.yaml']);
  });

  it('name the environment values files when those were used', () => {
    const { report } = lint({ files: files({ 'deploy/web/values-staging.yaml': 'replicas: 2\n' }), onlyRules: ['require-probes'] });
    expect(notices(report)).toEqual([
      'chart deploy/web rendered none of its own workloads with the staging values (deploy/web/values-staging.yaml): templates/deployment.yaml rendered nothing, so no rule judged them; pass the values the chart needs with --values',
    ]);
  });

  it('get none once the values make a workload render, nor when the chart defines no workload', () => {
    const rendered = lint({ files: files({ 'deploy/web/values.yaml': 'externalUrl: web.example.test\n' }), onlyRules: ['require-probes'] });
    expect(notices(rendered.report)).toEqual([]);
    expect(rendered.report.findings.some((f) => f.file === 'deploy/web/templates/deployment.yaml')).toBe(true);
    const configOnly = files({ 'deploy/web/templates/deployment.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' });
    expect(notices(lint({ files: configOnly, onlyRules: ['require-probes'] }).report)).toEqual([]);
  });
});
