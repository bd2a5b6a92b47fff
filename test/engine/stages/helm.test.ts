import { describe, expect, it } from 'vitest';
import { classifyFiles } from '../../../src/discovery/classify.js';
import { renderHelmStage } from '../../../src/engine/stages/helm.js';

describe('helm stage for the lint pipeline', () => {
  it('renders each chart once per environment with its values files', () => {
    const files = classifyFiles([
      { path: 'deploy/app/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 1.0.0\n' },
      { path: 'deploy/app/values.yaml', text: 'replicas: 1\n' },
      { path: 'deploy/app/values-prod.yaml', text: 'replicas: 3\n' },
      { path: 'deploy/app/values-staging.yaml', text: 'replicas: 2\n' },
      { path: 'deploy/app/templates/d.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: {{ .Values.replicas }}\n' },
      { path: 'deploy/lib/Chart.yaml', text: 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n' },
    ]);
    const r = renderHelmStage(files, { fs: undefined });
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => [d.origin?.environment, (d.data as { spec: { replicas: number } }).spec.replicas])).toEqual([
      ['production', 3],
      ['staging', 2],
    ]);
    const loc = r.documents[0]!.locate(['spec', 'replicas']);
    expect(loc).toMatchObject({ file: 'deploy/app/templates/d.yaml', range: { start: { line: 6 } } });
    expect(loc.related?.[0]).toMatchObject({ file: 'deploy/app/values-prod.yaml', range: { start: { line: 1 } } });
  });
});
