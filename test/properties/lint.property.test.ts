// Property-based tests (issue 6, item 2): lint() on arbitrary file sets (names of every artifact
// kind, text from valid-looking to garbage) never throws, no rule fails internally, and every
// reported range (findings and related locations) lies inside the file it names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { linesOf, rangeProblem } from './ranges.js';

const NAMES = [
  'Dockerfile',
  'app/Dockerfile',
  'Dockerfile.prod',
  '.dockerignore',
  '.env',
  '.env.production',
  '.env.example',
  'docker-compose.yml',
  'compose.prod.yaml',
  'k8s/deploy.yaml',
  'k8s/prod/service.yml',
  'manifests/list.json',
  'charts/app/Chart.yaml',
  'charts/app/values.yaml',
  'charts/app/values-prod.yaml',
  'charts/app/templates/deployment.yaml',
  'charts/app/templates/_helpers.tpl',
  '.github/workflows/ci.yml',
  '.gitignore',
  'README.md',
];

const K8S = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: prod, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:latest
          env: [{name: DB_PASSWORD, value: hunter2hunter2}]
          securityContext: {privileged: true}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;
const COMPOSE = `services:
  db:
    image: postgres
    environment: {POSTGRES_PASSWORD: postgres}
    ports: ["5432:5432"]
  web: &w
    build: .
    privileged: true
  worker:
    <<: *w
`;
const DOCKERFILE = 'FROM node:20 AS build\nARG X=1\nRUN npm ci\nFROM build\nUSER root\nCOPY --from=build /a /b\nCMD ["node"]\n';
const ENV = 'DEBUG=true\nexport SECRET_KEY="s3cr3t-value-xyz"\nEMPTY=\n';
const CHART = 'apiVersion: v2\nname: app\nversion: 1.0.0\n';
const VALUES = 'replicaCount: 1\nimage: {repository: nginx, tag: latest}\npassword: changeme\n';
const TEMPLATE =
  '{{- if .Values.x }}\napiVersion: v1\nkind: Pod\nmetadata: {name: {{ .Release.Name }}}\nspec: {containers: [{name: a, image: "{{ .Values.image.repository }}"}]}\n{{- end }}\n';
const BASES = [K8S, COMPOSE, DOCKERFILE, ENV, CHART, VALUES, TEMPLATE, ''];

/** A base text mutated by a few insertions and deletions of syntax characters. */
const mutated = fc
  .tuple(
    fc.constantFrom(...BASES),
    fc.array(fc.tuple(fc.nat(400), fc.nat(4), fc.constantFrom('', ' ', '\n', '\r\n', ':', '- ', '[', '{', '}', '"', '*w', '&a ', '#', '{{', '}}', '\t', '😀', '\uFEFF')), {
      maxLength: 6,
    }),
  )
  .map(([base, edits]) => {
    let text = base;
    for (const [at, del, ins] of edits) {
      const i = Math.min(at, text.length);
      text = text.slice(0, i) + ins + text.slice(i + del);
    }
    return text;
  });
const text = fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) });
const fileSet = fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), text), { minLength: 1, maxLength: 6, selector: ([name]) => name });

describe('lint() on arbitrary file sets', () => {
  it('never throws, no rule fails internally, every range lies inside its file', () => {
    fc.assert(
      fc.property(fileSet, fc.boolean(), (entries, renderHelm) => {
        const files = entries.map(([path, t]) => ({ path, text: t }));
        const texts = new Map(files.map((f) => [f.path, f.text]));
        const { report } = lint({ files, renderHelm });
        expect(report.notices.filter((n) => /internal error/i.test(n))).toEqual([]);
        const check = (file: string, range: Parameters<typeof rangeProblem>[0], what: string) => {
          const t = texts.get(file);
          expect(t, `${what} names a file that was not given: ${file}`).toBeDefined();
          const problem = rangeProblem(range, linesOf(t!));
          expect(problem, `${what} in ${file}: ${problem}\n${JSON.stringify(t)}`).toBeUndefined();
        };
        for (const f of [...report.findings, ...report.waived]) {
          check(f.file, f.range, f.ruleId);
          for (const r of f.related ?? []) check(r.file, r.range, `${f.ruleId} related`);
        }
      }),
      { numRuns: 250 },
    );
  }, 300_000);
});
