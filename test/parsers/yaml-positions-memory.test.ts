// What a flattened YAML document costs (issue 18: positions were most of a parsed document's
// memory): the words of a typical Deployment, and that the compact layout's limits (16-bit words,
// offsets relative to the document) keep every answer right past them.
import { Composer, Parser } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeFast, schemaFor } from '../../src/parsers/yaml-fast.js';
import { flatten, type FlatYaml } from '../../src/parsers/yaml-locator.js';
import { LineIndex } from '../../src/parsers/positions.js';
import { COMPOSE_OPTIONS, parseYaml } from '../../src/parsers/yaml.js';
import { composerParse, firstDifference, firstFlatDifference } from './yaml-fast-equality.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/part-of: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: web
          image: registry.example.com/shop/web:1.4.2
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
`;

const file = (text: string) => ({ path: 'f.yaml', text, kind: 'kubernetes' as const, environment: 'unknown' as const });
const SCHEMA = schemaFor(COMPOSE_OPTIONS);

function fastFlat(text: string): FlatYaml[] {
  const fast = composeFast(text, LineIndex.fromText(text), SCHEMA);
  expect(fast).toBeDefined();
  return fast!.documents.map((d) => d.flat);
}

/** Nodes of plain data: every value is one node (and every value but the root one entry). */
function countValues(v: unknown): number {
  if (v === null || typeof v !== 'object') return 1;
  let n = 1;
  for (const x of Object.values(v)) n += countValues(x);
  return n;
}

describe('the memory of flattened YAML positions', () => {
  it('keeps a typical Deployment in 16-bit words, at most 14 bytes a node and no typed array', () => {
    const [flat] = fastFlat(DEPLOYMENT);
    const nodes = countValues(parseYaml(file(DEPLOYMENT), DEPLOYMENT).documents[0]!.data);
    // 4 words a node and 3 an entry, 2 bytes each, in a string (the Int32Array of 6 and 4 words
    // took 40 bytes a node, and about 200 more for the typed array itself)
    expect(typeof flat!.words).toBe('string');
    expect(flat!.wide).toBe(false);
    expect(flat!.words.length * 2).toBeLessThanOrEqual(14 * nodes);
    // the Composer's path (and Helm-rendered documents) store the same layout
    const doc = [...new Composer(COMPOSE_OPTIONS).compose(new Parser().parse(DEPLOYMENT))][0]!;
    expect(flatten(doc, DEPLOYMENT).words.length).toBe(flat!.words.length);
  });

  it('stores offsets relative to the document, so a later document of a large file stays 16-bit', () => {
    const filler = `data:\n${Array.from({ length: 3000 }, (_, i) => `  key${i}: value-${i}-${'x'.repeat(12)}\n`).join('')}`;
    const text = `${filler}---\n${DEPLOYMENT}`;
    expect(filler.length).toBeGreaterThan(0x10000);
    const [large, deployment] = fastFlat(text);
    expect(large!.wide).toBe(true); // its offsets do not fit 16 bits
    expect(deployment!.wide).toBe(false);
    expect(firstFlatDifference(text)).toBeUndefined();
    expect(firstDifference(parseYaml(file(text), text), composerParse(file(text), text))).toBeUndefined();
    const parsed = parseYaml(file(text), text);
    expect(parsed.documents[0]!.locate(['data', 'key2999']).range.start).toEqual({ line: 3001, column: 12 });
    expect(parsed.documents[1]!.locate(['spec', 'replicas']).range.start).toEqual({ line: 3012, column: 13 });
  });

  it('keeps aliases and merge keys aside and still resolves them', () => {
    const text = 'base: &b {image: app:1, name: web}\nsvc:\n  <<: *b\n  name: api\nref: *b\n';
    const p = parseYaml(file(text), text).documents[0]!;
    expect(p.locate(['svc', 'image']).range.start).toEqual({ line: 1, column: 18 });
    expect(p.locate(['svc', 'name']).range.start).toEqual({ line: 4, column: 9 });
    expect(p.locate(['ref', 'name']).range.start).toEqual({ line: 5, column: 6 });
  });
});
