import { describe, expect, it } from 'vitest';
import { loadChart, memoryFileSystem } from '../../../src/helm/chart/load.js';
import { coalesceValues, mergeMaps, processDependencies, cloneChartTree } from '../../../src/helm/values/coalesce.js';
import { newMap } from '../../../src/helm/value.js';
import { loadValuesFile } from '../../../src/helm/values/load.js';

function chartOf(files: Record<string, string>) {
  return loadChart('p', { fs: memoryFileSystem(Object.entries(files).map(([path, text]) => ({ path: `p/${path}`, text }))), resolveMissing: false });
}

const parent = {
  'Chart.yaml': `apiVersion: v2
name: parent
version: 1.0.0
dependencies:
- name: sub
  version: 1.x.x
  condition: sub.enabled
- name: sub
  alias: other
  version: 1.x.x
- name: tagged
  version: 1.x.x
  tags: [extras]
- name: exporter
  version: 1.x.x
  import-values:
  - data
  - child: deep.table
    parent: imported
`,
  'values.yaml': `global:
  region: eu
  nested: {a: 1}
sub:
  enabled: true
  name: from-parent
tags:
  extras: false
keep: 1
gone: 2
table: {a: 1}
`,
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.2.0\n',
  'charts/sub/values.yaml': 'name: sub-default\nport: 80\nglobal:\n  nested: {b: 2}\n',
  'charts/tagged/Chart.yaml': 'apiVersion: v2\nname: tagged\nversion: 1.0.0\n',
  'charts/exporter/Chart.yaml': 'apiVersion: v2\nname: exporter\nversion: 1.0.0\n',
  'charts/exporter/values.yaml': 'exports:\n  data:\n    exported: yes\ndeep:\n  table:\n    x: 1\n',
};

describe('values coalescing', () => {
  it('parent overrides subchart defaults, globals flow down, null deletes', () => {
    const chart = cloneChartTree(chartOf(parent));
    const user = loadValuesFile('gone: null\nsub:\n  port: null\ntable: notatable\n', 'prod.yaml').values;
    const warnings: string[] = [];
    processDependencies(chart, user, (w) => warnings.push(w));
    expect(chart.dependencies.map((d) => d.name()).sort()).toEqual(['exporter', 'other', 'sub']);
    const vals = coalesceValues(chart, user, (w) => warnings.push(w));
    expect(vals.gone).toBeUndefined();
    expect('gone' in vals).toBe(false);
    expect(vals.keep).toBe(1);
    const sub = vals.sub as Record<string, unknown>;
    expect(sub.name).toBe('from-parent');
    expect('port' in sub).toBe(false);
    expect(sub.global).toEqual({ region: 'eu', nested: { a: 1, b: 2 } });
    expect((vals.other as Record<string, unknown>).name).toBe('sub-default');
    expect(vals.table).toBe('notatable');
    expect(vals.exported).toBe(true);
    expect(vals.imported).toEqual({ x: 1 });
  });

  it('a condition false removes the subchart; tags are overridden by conditions', () => {
    const chart = cloneChartTree(chartOf(parent));
    processDependencies(
      chart,
      newMap([
        ['sub', newMap([['enabled', false]])],
        ['tags', newMap([['extras', true]])],
      ]),
    );
    expect(chart.dependencies.map((d) => d.name()).sort()).toEqual(['exporter', 'other', 'tagged']);
  });

  it('warns about table vs non-table', () => {
    const chart = chartOf(parent);
    const warnings: string[] = [];
    coalesceValues(chart, newMap([['sub', newMap([['name', newMap([['x', 1]])]])]]), (w) => warnings.push(w));
    expect(warnings.join('\n')).toContain('destination for parent.sub.name is a table. Ignoring non-table value (from-parent)');
  });

  it('layers values files with mergeMaps', () => {
    const a = loadValuesFile('a: {x: 1, z: 2}\nb: 1\n', 'a.yaml').values;
    const b = loadValuesFile('a: {z: 3}\nb: null\n', 'b.yaml').values;
    expect(mergeMaps(a, b)).toEqual({ a: { x: 1, z: 3 }, b: null });
  });

  it('locates keys in values files', () => {
    const v = loadValuesFile('image:\n  tag: "1.0"\nlist:\n  - a\n', 'values-prod.yaml');
    expect(v.locate(['image', 'tag'])).toEqual({ start: { line: 2, column: 3 }, end: { line: 2, column: 6 } });
    expect(v.locate(['list', 0], { value: true })?.start.line).toBe(4);
    expect(v.locate(['nope'])).toBeUndefined();
  });
});
