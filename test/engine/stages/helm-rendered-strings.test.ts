// A rendered document's strings are slices of its rendered text (V8 keeps a substring as a view
// into its parent): one name kept in the document's data would keep the whole rendered file alive
// until the rules are done (a CRD file's descriptions pinned 1.7 MB each on ../shared/corpus). The
// Helm stage interns them (issue 18), so the rendered texts can be collected.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { classifyFiles } from '../../../src/discovery/classify.js';
import { renderHelmStage } from '../../../src/engine/stages/helm.js';
import type { SourceDocument } from '../../../src/model/types.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const LINES = 40_000;
// a large rendered document (made by the renderer, so no template or values text is the same
// string), mostly comments: its data keeps a name of more than 12 characters and a short value
const TEMPLATE = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings-map\n{{- range until ${LINES} }}\n  # generated comment line {{ . }} to make the rendered file large\n{{- end }}\ndata:\n  key: value\n`;

function render(): SourceDocument[] {
  const files = classifyFiles([
    { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' },
    { path: 'c/values.yaml', text: 'replicas: 1\n' },
    { path: 'c/templates/cm.yaml', text: TEMPLATE },
  ]);
  return renderHelmStage(files).documents;
}

describe('the Helm stage', () => {
  it('keeps no rendered text alive through the strings of its documents', () => {
    const held: { documents?: SourceDocument[] } = { documents: render() };
    expect(held.documents!.map((d) => (d.data as { metadata: { name: string } }).metadata.name)).toEqual(['release-name-settings-map']);
    gc();
    const kept = process.memoryUsage().heapUsed;
    delete held.documents;
    gc();
    // the rendered text is about 2.6 MB (one byte per character): what the document keeps is far less
    expect(kept - process.memoryUsage().heapUsed).toBeLessThan(LINES * 16);
  });
});
