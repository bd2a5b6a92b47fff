// The Helm stage renders chart after chart: what only one chart's renderings read (its values
// maps, decoded values files, parsed template set) is released before the next chart renders,
// not kept until the stage ends (issue 18: about 50 MB of the corpus's live heap with Helm on).
import { describe, expect, it } from 'vitest';
import { classifyFiles } from '../../../src/discovery/classify.js';
import { renderHelmStage } from '../../../src/engine/stages/helm.js';
import { memoryFileSystem, type ChartFileSystem } from '../../../src/helm/index.js';
import { parseValuesFile } from '../../../src/helm/chart/values-file.js';

const VALUES_A = 'replicas: 3\nname: first-chart-values\n';
const TEMPLATE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: {{ .Values.replicas }}\n';

describe('the Helm stage, chart after chart', () => {
  it("lets a chart's values go before the next chart renders, and renders both", () => {
    const files = classifyFiles([
      { path: 'a/Chart.yaml', text: 'apiVersion: v2\nname: a\nversion: 1.0.0\n' },
      { path: 'a/values.yaml', text: VALUES_A },
      { path: 'a/templates/d.yaml', text: TEMPLATE },
      { path: 'b/Chart.yaml', text: 'apiVersion: v2\nname: b\nversion: 1.0.0\n' },
      { path: 'b/values.yaml', text: 'replicas: 2\n' },
      { path: 'b/templates/d.yaml', text: TEMPLATE },
    ]);
    // the values map chart a's renderings read: memoized by text, so this is the one they get
    const valuesOfA = parseValuesFile(VALUES_A, 'a/values.yaml');
    const mem = memoryFileSystem(files);
    let memoizedWhenBLoads: boolean | undefined;
    const fs: ChartFileSystem = {
      readDir: (p) => mem.readDir(p),
      readFile: (p) => {
        // chart b starts loading: chart a is done, and its values must not be held for it
        if (p === 'b/Chart.yaml' && memoizedWhenBLoads === undefined) memoizedWhenBLoads = parseValuesFile(VALUES_A, 'a/values.yaml') === valuesOfA;
        return mem.readFile(p);
      },
    };
    const r = renderHelmStage(files, { fs });
    expect(memoizedWhenBLoads).toBe(false);
    expect(r.documents.map((d) => [d.file.path, (d.data as { spec: { replicas: number } }).spec.replicas])).toEqual([
      ['a/templates/d.yaml', 3],
      ['b/templates/d.yaml', 2],
    ]);
  });
});
