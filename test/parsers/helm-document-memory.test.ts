// A rendered document keeps what its locations need, not its rendering: the executor's output
// segments, the rendered text and the chart loader's template buffers can be collected while the
// document lives (issue 18: they were most of the corpus's live set with Helm on).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../src/helm/index.js';
import type { SourceDocument } from '../../src/model/types.js';
import { renderChartDocuments } from '../../src/parsers/helm-documents.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const HELPERS = ['{{- define "c.labels" -}}', 'app: {{ .Values.app }}', 'tier: web', '{{- end }}', ''].join('\n');
const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ .Release.Name }}',
  '  labels:',
  '    {{- include "c.labels" . | nindent 4 }}',
  'spec:',
  '  replicas: 2',
  '',
].join('\n');

/** Renders the chart and returns its documents, with weak references to what the rendering made. */
function render(): { documents: SourceDocument[]; segments: WeakRef<object>; templateData: WeakRef<object>[] } {
  const fs = memoryFileSystem([
    { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' },
    { path: 'c/values.yaml', text: 'app: shop\n' },
    { path: 'c/templates/_helpers.tpl', text: HELPERS },
    { path: 'c/templates/deployment.yaml', text: DEPLOYMENT },
  ]);
  const { documents, result } = renderChartDocuments({ chart: 'c', fs });
  const segments = new WeakRef(result!.files.get('c/templates/deployment.yaml')!.segments);
  const templateData = result!.chart.templates.map((t) => new WeakRef(t.data));
  expect(templateData).toHaveLength(2);
  return { documents, segments, templateData };
}

describe('a rendered document', () => {
  it('lets the output segments and the template buffers go, and still locates into the templates', async () => {
    const { documents, segments, templateData } = render();
    // WeakRef targets stay alive until the job that made them ends
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(segments.deref()).toBeUndefined();
    expect(templateData.map((r) => r.deref())).toEqual([undefined, undefined]);

    const doc = documents[0]!;
    const replicas = doc.locate(['spec', 'replicas']);
    expect(replicas).toMatchObject({ file: 'c/templates/deployment.yaml', range: { start: { line: 8, column: 13 }, end: { line: 8, column: 14 } } });
    // printed by the helper: the include's line, the helper's action beside it, the values key it read
    const app = doc.locate(['metadata', 'labels', 'app']);
    expect(app.file).toBe('c/templates/deployment.yaml');
    expect(app.range.start).toEqual({ line: 6, column: 9 });
    expect(app.related?.map((r) => r.file)).toEqual(['c/values.yaml', 'c/templates/_helpers.tpl']);
    expect(doc.file.text).toBe(DEPLOYMENT);
  });
});
