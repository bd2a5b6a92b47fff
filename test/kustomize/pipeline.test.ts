// Overlays judged as they will be applied: each overlay is an environment, its objects go through the
// Kubernetes rules, findings point at the line that produced the value, waivers work there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/index.js';
import { lint } from '../../src/engine/lint.js';
import { runPipeline } from '../../src/pipeline/run.js';
import type { Report } from '../../src/report/types.js';

function line(report: Report, env: 'production' | 'staging', ruleId: string) {
  return report.environments[env]?.checklist.find((l) => l.ruleId === ruleId);
}

const BASE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`;

function project(extra: Record<string, string>) {
  const files: Record<string, string> = {
    'deploy/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'deploy/base/deployment.yaml': BASE_DEPLOYMENT,
    ...extra,
  };
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

const LIMITS_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
`;

describe('kustomize overlays in the pipeline', () => {
  it('a base without limits that the production overlay patches passes in production and is not reported for the base', () => {
    const files = project({
      'deploy/overlays/production/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: limits.yaml\n',
      'deploy/overlays/production/limits.yaml': LIMITS_PATCH,
    });
    const { report } = lint({ files, onlyRules: ['require-resource-limits'] });
    expect(report.findings).toEqual([]);
    expect(line(report, 'production', 'require-resource-limits')).toMatchObject({ passed: 1, failed: 0 });
  });

  it('the same base linted alone (nothing includes it) still fails', () => {
    const { report } = lint({ files: project({}), onlyRules: ['require-resource-limits'] });
    expect(report.findings.map((f) => f.file)).toContain('deploy/base/deployment.yaml');
  });

  it('a staging overlay that sets replicas: 1 fails staging only, at the patch line, with the base line related', () => {
    const files = project({
      'deploy/overlays/production/kustomization.yaml': 'resources:\n  - ../../base\n',
      'deploy/overlays/staging/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n',
      'deploy/overlays/staging/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n',
    });
    const { report } = lint({ files, onlyRules: ['require-replicas'], env: 'production' });
    const findings = report.findings.filter((f) => f.ruleId === 'require-replicas');
    expect(findings.map((f) => [f.file, f.range.start.line, f.range.start.column, f.environment])).toEqual([['deploy/overlays/staging/replicas.yaml', 6, 13, 'staging']]);
    expect(findings[0]!.related?.map((r) => [r.file, r.range.start.line])).toContainEqual(['deploy/base/deployment.yaml', 6]);
    expect(line(report, 'production', 'require-replicas')).toMatchObject({ passed: 1, failed: 0 });
    expect(line(report, 'staging', 'require-replicas')).toMatchObject({ failed: 1 });
  });

  it('an inline patch is located at its line inside the kustomization', () => {
    const files = project({
      'deploy/overlays/staging/kustomization.yaml':
        'resources:\n  - ../../base\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: web\n      spec:\n        replicas: 1\n',
    });
    const { report } = lint({ files, onlyRules: ['require-replicas'] });
    expect(report.findings.map((f) => [f.file, f.range.start.line, f.range.start.column, f.environment])).toEqual([
      ['deploy/overlays/staging/kustomization.yaml', 10, 19, 'staging'],
    ]);
  });

  it('a waiver at the patch line waives the overlay finding', () => {
    const files = project({
      'deploy/overlays/staging/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n',
      'deploy/overlays/staging/replicas.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  # readiness-lint-disable-next-line require-replicas -- staging runs one pod\n  replicas: 1\n',
    });
    const { report } = lint({ files, onlyRules: ['require-replicas'] });
    expect(report.findings).toEqual([]);
    expect(report.waived.map((f) => [f.file, f.range.start.line, f.suppression?.kind])).toEqual([['deploy/overlays/staging/replicas.yaml', 7, 'inline']]);
  });

  it('an images: entry pinning a digest satisfies require-pinned-images; a floating tag fails where it was set', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const floating = (overlay: string) => [
      ...project({ 'deploy/overlays/production/kustomization.yaml': overlay }).map((f) =>
        f.path === 'deploy/base/deployment.yaml' ? { ...f, text: f.text.replace('web:1.4.2', 'web:latest') } : f,
      ),
    ];
    const pinned = lint({
      files: floating(`resources:\n  - ../../base\nimages:\n  - name: registry.example.com/web\n    digest: ${digest}\n`),
      onlyRules: ['require-pinned-images'],
    }).report;
    expect(pinned.findings).toEqual([]);
    expect(line(pinned, 'production', 'require-pinned-images')).toMatchObject({ passed: 1, failed: 0 });

    const unpatched = lint({ files: floating('resources:\n  - ../../base\n'), onlyRules: ['require-pinned-images'] }).report;
    expect(unpatched.findings.map((f) => [f.file, f.range.start.line, f.range.start.column])).toEqual([['deploy/base/deployment.yaml', 15, 18]]);

    const retagged = lint({
      files: floating('resources:\n  - ../../base\nimages:\n  - name: registry.example.com/web\n    newTag: stable\n'),
      onlyRules: ['require-pinned-images'],
    }).report;
    const f = retagged.findings[0]!;
    expect([f.file, f.range.start.line, f.range.start.column]).toEqual(['deploy/overlays/production/kustomization.yaml', 5, 13]);
    expect(f.related?.map((r) => [r.file, r.range.start.line])).toContainEqual(['deploy/base/deployment.yaml', 15]);
  });
});

describe('kustomize overlays in a folder named outside the working folder', () => {
  // `readiness-lint ../app` from a sibling folder: the overlay may read within ../app (its
  // base), as it could when linted from inside; before, every build there failed as "outside".
  it('builds the overlay within the named folder and still refuses what lies outside it', async () => {
    const top = mkdtempSync(join(tmpdir(), 'rl-kustomize-outside-'));
    try {
      const write = (rel: string, text: string) => {
        mkdirSync(dirname(join(top, rel)), { recursive: true });
        writeFileSync(join(top, rel), text);
      };
      mkdirSync(join(top, 'cwd'));
      write('app/deploy/base/kustomization.yaml', 'resources:\n  - deployment.yaml\n');
      write('app/deploy/base/deployment.yaml', BASE_DEPLOYMENT);
      write('app/deploy/overlays/production/kustomization.yaml', 'resources:\n  - ../../base\npatches:\n  - path: limits.yaml\n');
      write('app/deploy/overlays/production/limits.yaml', LIMITS_PATCH);
      write('app/deploy/overlays/escape/kustomization.yaml', 'resources:\n  - ../../../../shared\n');
      write('shared/kustomization.yaml', 'resources:\n  - cm.yaml\n');
      write('shared/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
      const { report } = await runPipeline({ root: join(top, 'cwd'), paths: ['../app'], config: EMPTY_CONFIG, onlyRules: ['kustomize-build-error', 'require-resource-limits'] });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line}`)).toEqual(['kustomize-build-error ../app/deploy/overlays/escape/kustomization.yaml:1']);
      expect(report.findings[0]!.message).toContain("'../shared' is outside the linted folder");
      expect(line(report, 'production', 'require-resource-limits')).toMatchObject({ passed: 1, failed: 0 });
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});
