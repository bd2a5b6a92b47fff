// One YAML locator (issue 16): a manifest gets the same positions, relative to its text, whether it
// is a plain file or comes out of a chart. Before, a missing `spec.replicas` was reported at 5:1
// (the `spec:` key) in a plain manifest and at 6:3 (the first key inside spec) from a chart, so
// locations, waiver lines and fingerprints depended on where a manifest came from.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { memoryFileSystem } from '../../src/helm/index.js';
import type { DocPath, LocateOptions, SourceDocument } from '../../src/model/types.js';
import { renderChartDocuments } from '../../src/parsers/helm-documents.js';
import { parseFile } from '../../src/parsers/index.js';
import { file, fmt } from './helpers.js';

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  selector:',
  '    matchLabels: { app: web }',
  '  template:',
  '    metadata:',
  '      labels: { app: web }',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:latest',
  '          ports:',
  '            - containerPort: 80',
  '',
].join('\n');

const CHART = 'deploy/web';
const TEMPLATE = `${CHART}/templates/deployment.yaml`;
const chartFiles = [
  { path: `${CHART}/Chart.yaml`, text: 'apiVersion: v2\nname: web\nversion: 1.0.0\n' },
  { path: TEMPLATE, text: MANIFEST },
];

function plainDocument(): SourceDocument {
  const parsed = parseFile(file('kubernetes', MANIFEST, 'k8s/deployment.yaml'));
  expect(parsed.diagnostics).toEqual([]);
  return parsed.documents[0]!;
}

function renderedDocument(): SourceDocument {
  const { documents, diagnostics } = renderChartDocuments({ chart: CHART, fs: memoryFileSystem(chartFiles) });
  expect(diagnostics).toEqual([]);
  expect(documents).toHaveLength(1);
  expect(documents[0]!.file.path).toBe(TEMPLATE);
  return documents[0]!;
}

const containers = ['spec', 'template', 'spec', 'containers'];

describe('one YAML locator for plain and rendered manifests', () => {
  const plain = plainDocument();
  const rendered = renderedDocument();
  const at = (doc: SourceDocument, path: DocPath, options?: LocateOptions) => fmt(doc.locate(path, options).range);

  it.each<[string, DocPath, LocateOptions | undefined, string]>([
    // missing: the closest existing key (the line under which the field goes)
    ['a missing field', ['spec', 'replicas'], undefined, '5:1-5:5'],
    // (a sequence item has no key: a compact anchor inside it, its `name` pair)
    ['a missing field of a container', [...containers, 0, 'resources', 'limits'], undefined, '13:11-13:20'],
    ['a missing field of a mapping value', ['spec', 'template', 'spec', 'securityContext'], undefined, '11:5-11:9'],
    // present
    ['a present field', ['kind'], undefined, '2:7-2:17'],
    ['a present field, its key', ['kind'], { key: true }, '2:1-2:5'],
    ['a present nested field', [...containers, 0, 'image'], undefined, '14:18-14:30'],
    ['a present nested number', [...containers, 0, 'ports', 0, 'containerPort'], undefined, '16:30-16:32'],
    ['a present block', ['spec', 'template', 'metadata'], undefined, '10:7-10:27'],
    ['a present multi-line block', ['spec', 'template'], undefined, '9:5-16:32'],
    ['the document', [], undefined, '2:1-2:17'],
    ['a sequence item', [...containers, 0], undefined, '13:11-13:20'],
  ])('%s: %j', (_what, path, options, expected) => {
    expect(at(plain, path, options)).toBe(expected);
    expect(at(rendered, path, options)).toBe(expected);
  });

  it('a missing field points at the key it belongs under, and keeps the values a toYaml block came from', () => {
    const template = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '    - name: app',
      '      resources:',
      '        {{- toYaml .Values.resources | nindent 8 }}',
      '',
    ].join('\n');
    const fs = memoryFileSystem([
      { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' },
      { path: 'c/values.yaml', text: 'resources:\n  requests:\n    cpu: 100m\n' },
      { path: 'c/templates/pod.yaml', text: template },
    ]);
    const doc = renderChartDocuments({ chart: 'c', fs }).documents[0]!;
    const limits = doc.locate(['spec', 'containers', 0, 'resources', 'limits']);
    expect(limits.file).toBe('c/templates/pod.yaml');
    expect(fmt(limits.range)).toBe('8:7-8:16');
    expect(limits.related?.[0]).toMatchObject({ file: 'c/values.yaml', range: { start: { line: 1, column: 1 } } });
  });
});

describe('a finding on the same manifest, plain and through a chart', () => {
  it('is at the same position relative to the manifest', () => {
    const plain = lint({ files: [{ path: 'k8s/deployment.yaml', text: MANIFEST }], onlyRules: ['require-replicas', 'require-pinned-images'] }).report.findings;
    const rendered = lint({ files: chartFiles, onlyRules: ['require-replicas', 'require-pinned-images'] }).report.findings;
    const positions = (findings: typeof plain) => findings.map((f) => `${f.ruleId} ${fmt(f.range)}`).sort();
    expect(positions(plain)).toEqual(['require-pinned-images 14:18-14:30', 'require-replicas 5:1-5:5']);
    expect(positions(rendered)).toEqual(positions(plain));
    expect(new Set(rendered.map((f) => f.file))).toEqual(new Set([TEMPLATE]));
  });
});
