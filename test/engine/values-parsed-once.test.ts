// Values files are parsed once per run (issue 18): the lint's parse of a chart's values files is
// handed to the Helm stage before it renders, which builds the chart's values from it instead of
// parsing the texts again (test/helm/yaml/adopted-parse.test.ts: the values are the same).
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { isDecodedDocumentKept } from '../../src/helm/yaml/index.js';

const VALUES = 'replicas: 2\nimage:\n  tag: "1.27.0"\n';
const PRODUCTION = '---\nreplicas: 3\n';

const files = [
  { path: 'deploy/web/Chart.yaml', text: 'apiVersion: v2\nname: web\nversion: 1.0.0\n' },
  { path: 'deploy/web/values.yaml', text: VALUES },
  { path: 'deploy/web/values-production.yaml', text: PRODUCTION },
  {
    path: 'deploy/web/templates/deployment.yaml',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {{ .Values.replicas }}\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers: [{ name: web, image: "nginx:{{ .Values.image.tag }}" }]\n',
  },
];

describe('values files are parsed once per run', () => {
  it("the Helm stage finds the lint's parse of each values file when it starts rendering", () => {
    const seen: boolean[] = [];
    const { report } = lint({
      files,
      onProgress: (event) => {
        if (event.stage === 'rendering') {
          seen.push(isDecodedDocumentKept(VALUES, 'deploy/web/values.yaml'), isDecodedDocumentKept(PRODUCTION.slice(4), 'deploy/web/values-production.yaml', 1));
        }
      },
    });
    expect(seen).toEqual([true, true]);
    // rendered with those values: the production replicas reach the Deployment
    expect(report.findings.some((f) => f.file === 'deploy/web/templates/deployment.yaml')).toBe(true);
  });

  it('not without Helm rendering', () => {
    const seen: boolean[] = [];
    lint({ files, renderHelm: false, onProgress: (event) => event.stage === 'parsing' || seen.push(isDecodedDocumentKept(VALUES, 'deploy/web/values.yaml')) });
    expect(seen.every((kept) => !kept)).toBe(true);
  });
});
