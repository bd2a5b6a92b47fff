// The lint core is pure: it reaches the disk and programs only through the services it is given
// (src/engine/services.ts), and it leaves its input as it was given.
import { beforeAll, describe, expect, it } from 'vitest';
import { defineCheck, type RuleDefinition } from '../../src/engine/api.js';
import { lint, type LintInput } from '../../src/engine/lint.js';
import { parseConfig } from '../../src/config/index.js';
import { RULES } from '../../src/engine/registry.generated.js';
import type { SourceFile } from '../../src/model/types.js';
import { memoryFileSystemReader, withoutDisk } from '../helpers/memory-services.js';

/** Records every Kubernetes document the run judged: which file, which replicas, which ConfigMap data. */
function probe(seen: string[]): RuleDefinition {
  return {
    meta: {
      id: 'probe',
      title: 'probe',
      description: 'test probe',
      category: 'reliability',
      severity: 'warning',
      tags: [],
      evidence: ['kubernetes'],
      messages: { m: 'm' },
      remediation: 'none',
    },
    check: defineCheck({
      kinds: ['kubernetes'],
      check(ctx) {
        for (const doc of ctx.project.ofKind<{ kind?: string; spec?: { replicas?: number }; data?: Record<string, string> }>('kubernetes')) {
          seen.push(`${doc.file.path} ${doc.data.kind} ${doc.data.spec?.replicas ?? ''}${doc.data.data ? JSON.stringify(doc.data.data) : ''}`);
        }
      },
    }),
  };
}

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {{ .Values.replicas }}\n  selector: {}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
const TREE: { path: string; text: string }[] = [
  { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: web\nversion: 1.0.0\n' },
  { path: 'chart/values.yaml', text: 'replicas: 1\n' },
  { path: 'chart/templates/deployment.yaml', text: DEPLOYMENT },
  { path: 'k/kustomization.yaml', text: 'resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: cfg\n    files:\n      - app.properties\n' },
  { path: 'k/deployment.yaml', text: DEPLOYMENT.replace('{{ .Values.replicas }}', '2') },
  { path: 'Dockerfile', text: 'FROM node:20\nCOPY . .\nUSER node\n' },
  { path: '.dockerignore', text: '.env\n' },
];

describe('lint reaches the disk only through its services', () => {
  // Libraries the linter loads on first use (dockerfile-ast, ajv, re2js: scripts/build.mjs) are its
  // own code, not the scanned tree: loaded once before the disk is trapped.
  beforeAll(() => {
    lint({ files: TREE, config: parseConfig('ignore: ["*.tmp"]\n', '.readiness-lint.yaml', '.', new Set(RULES.map((r) => r.meta.id))) });
  });
  it('lints a chart, a kustomization and a Dockerfile with .dockerignore from an in-memory file system, touching no real disk', () => {
    // outside the linted files: a --values file and a file the kustomization's generator reads
    const fs = memoryFileSystemReader({ '/repo/ops/prod.yaml': 'replicas: 4\n', '/repo/k/app.properties': 'mode=fast\n' });
    const seen: string[] = [];
    const rules = [probe(seen)];
    const { result, calls } = withoutDisk(() => lint({ files: TREE, rules, helm: { root: '/repo', extraValues: ['ops/prod.yaml'] } }, { fs }));
    expect(calls).toEqual([]);
    expect(seen.sort()).toEqual([
      'chart/templates/deployment.yaml Deployment 4',
      'k/kustomization.yaml ConfigMap {"app.properties":"mode=fast\\n"}',
      'k/kustomization.yaml Deployment 2',
    ]);
    expect(result.report.notices).toEqual([]);
  });

  it('without services reads nothing beyond its input (the Helm stage included)', () => {
    const { result, calls } = withoutDisk(() => lint({ files: TREE }));
    expect(calls).toEqual([]);
    expect(result.report.findings.some((f) => f.file === 'chart/templates/deployment.yaml')).toBe(true);
    // the generator's file is not read: the build says so, and the files are judged one by one
    expect(result.report.findings.some((f) => f.ruleId === 'kustomize-build-error')).toBe(true);
  });
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

describe('lint never changes its input', () => {
  const long = (s: string) => s.repeat(Math.ceil(3000 / s.length));
  const input = (): LintInput => {
    const files: SourceFile[] = [
      // large enough for the engine to keep its copy compressed (engine/compact.ts)
      {
        path: 'k8s/service.yaml',
        text: long('# padding padding padding padding\n') + 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
        kind: 'kubernetes',
        environment: 'production',
      },
      { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: web\nversion: 1.0.0\n', kind: 'helm-chart', environment: 'unknown', chartRoot: 'chart' },
      { path: 'chart/templates/deployment.yaml', text: long('{{/* a comment */}}\n') + DEPLOYMENT, kind: 'helm-template', environment: 'unknown', chartRoot: 'chart' },
      { path: 'chart/values.yaml', text: 'replicas: 1\n', kind: 'helm-values', environment: 'unknown', chartRoot: 'chart' },
      { path: 'compose.yaml', text: long('# a comment line\n') + 'services:\n  web:\n    image: nginx:1.27\n', kind: 'compose', environment: 'unknown' },
    ];
    const config = parseConfig(
      'rules:\n  require-replicas:\n    options:\n      minReplicas: 3\nwaivers:\n  - rule: require-probes\n    reason: probes come later\n    files: [chart/**]\n',
      '.readiness-lint.yaml',
      '.',
      new Set(RULES.map((r) => r.meta.id)),
    );
    return { files, config, today: '2026-01-01', skipped: [{ path: 'big.yaml', reason: 'larger than the size limit' }] };
  };

  it('lints deep-frozen files and options (the compact path included) with the same result', () => {
    const plain = lint(input());
    const frozen = lint(deepFreeze(input()));
    expect(frozen.report).toEqual(plain.report);
    expect(frozen.files.map((f) => f.text)).toEqual(plain.files.map((f) => f.text));
  });

  it("leaves the caller's file objects as plain values, even when the engine compresses its copies", () => {
    const given = input();
    const before = structuredClone(given.files);
    lint(given);
    given.files.forEach((f, i) => {
      expect(Object.getOwnPropertyDescriptor(f, 'text')).toMatchObject({ value: before[i]!.text, writable: true });
      expect({ ...f }).toEqual(before[i]);
    });
  });
});
