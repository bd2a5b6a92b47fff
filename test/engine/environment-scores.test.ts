// Issue 11 (items 2 and 5): each environment has its own score, categories and checklist, the
// headline being production's; concerns of the repository rather than a deployment (a real key
// committed in any file, CI, build contexts, files not judged) count in every environment's score.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { RULES } from '../../src/engine/registry.generated.js';
import type { Report } from '../../src/report/types.js';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };

// Token-shaped, assembled at run time so no scanner mistakes this test for a leak.
const STRIPE_LIVE_KEY = ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_');
const AWS_ACCESS_KEY = ['AKIA', 'Q3EGRJ7Z', 'WXKN5M4P'].join('');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: example/api:1.0.0
`;

function run(files: Record<string, string>, env?: 'staging'): Report {
  return lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })), ...(env ? { env } : {}) }).report;
}

const line = (r: Report, env: 'production' | 'staging' | 'development' | 'test', ruleId: string) => r.environments[env]?.checklist.find((l) => l.ruleId === ruleId);

describe('a real key committed in a development or test file is a repository problem', () => {
  const clean = run({ 'k8s/deploy.yaml': DEPLOYMENT });

  it('a live Stripe key in .env.test lowers the production headline', () => {
    const leaked = run({ 'k8s/deploy.yaml': DEPLOYMENT, '.env.test': `STRIPE_SECRET_KEY=${STRIPE_LIVE_KEY}\n` });
    const finding = leaked.findings.find((f) => f.ruleId === 'no-secrets-in-env-files')!;
    expect(finding).toMatchObject({ file: '.env.test', environment: 'test', scope: 'repository' });
    expect(leaked.environment).toBe('production');
    expect(leaked.score.score!).toBeLessThan(clean.score.score!);
    expect(leaked.environments.production!.failed).toBe(clean.environments.production!.failed + 1);
    expect(line(leaked, 'production', 'no-secrets-in-env-files')).toMatchObject({ failed: 1, scope: 'repository' });
    // the test environment sees it too
    expect(line(leaked, 'test', 'no-secrets-in-env-files')).toMatchObject({ failed: 1 });
  });

  it('an AWS key in .env.local.example (a development template) lowers the production headline', () => {
    const leaked = run({ 'k8s/deploy.yaml': DEPLOYMENT, '.env.local.example': `AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY}\n` });
    expect(leaked.findings.find((f) => f.ruleId === 'no-secrets-in-env-files')).toMatchObject({ environment: 'development', scope: 'repository' });
    expect(leaked.score.score!).toBeLessThan(clean.score.score!);
    expect(line(leaked, 'production', 'no-secrets-in-env-files')).toMatchObject({ failed: 1 });
  });

  it('a key in a development compose file counts in production through no-plaintext-secrets', () => {
    const compose = `services:\n  api:\n    image: example/api:1.0.0\n    environment:\n      STRIPE_SECRET_KEY: ${STRIPE_LIVE_KEY}\n`;
    const leaked = run({ 'k8s/deploy.yaml': DEPLOYMENT, 'docker-compose.dev.yml': compose });
    expect(leaked.findings.find((f) => f.ruleId === 'no-plaintext-secrets')).toMatchObject({ environment: 'development', scope: 'repository' });
    expect(line(leaked, 'production', 'no-plaintext-secrets')).toMatchObject({ failed: 1 });
  });

  it('a deployment concern of a development file stays in development', () => {
    const devOnly = run({ 'k8s/deploy.yaml': DEPLOYMENT, 'k8s/dev/deploy.yaml': DEPLOYMENT.replace('api:1.0.0', 'api:latest') });
    expect(devOnly.findings.find((f) => f.ruleId === 'require-pinned-images')).toMatchObject({ environment: 'development' });
    expect(devOnly.findings.find((f) => f.ruleId === 'require-pinned-images')?.scope).toBeUndefined();
    expect(line(devOnly, 'development', 'require-pinned-images')?.failed).toBe(1);
    expect(line(devOnly, 'production', 'require-pinned-images')?.failed).toBe(0);
    expect(devOnly.score).toEqual(clean.score);
  });

  it('the repository-wide rules are named in their metadata', () => {
    const repositoryWide = RULES.filter((r) => r.meta.scope === 'repository')
      .map((r) => r.meta.id)
      .sort();
    expect(repositoryWide).toEqual(['file-not-judged', 'no-plaintext-secrets', 'no-secrets-in-env-files', 'no-secrets-in-images', 'require-ci-checks', 'require-dockerignore']);
  });
});

describe('a chart with values, staging, dev and prod values files', () => {
  const CHART = {
    'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n',
    'chart/values.yaml': 'replicas: 1\nimage:\n  tag: latest\n',
    'chart/templates/deployment.yaml': DEPLOYMENT.replace('replicas: 3', 'replicas: {{ .Values.replicas }}').replace('example/api:1.0.0', '"example/api:{{ .Values.image.tag }}"'),
    'chart/values-prod.yaml': 'replicas: 3\nimage:\n  tag: "1.0.0"\n',
  };
  // staging forgets to pin its image; dev pins but runs one replica
  const STAGING = { 'chart/values-staging.yaml': 'replicas: 2\n' };
  const DEV = { 'chart/values-dev.yaml': 'replicas: 1\nimage:\n  tag: "1.0.0"\n' };
  const prodOnly = run(CHART);
  const all = run({ ...CHART, ...STAGING, ...DEV });
  const withoutDev = run({ ...CHART, ...STAGING });

  it('production findings, score, categories and checklist do not change when staging and dev values are added or removed', () => {
    const production = (r: Report) => r.findings.filter((f) => f.environment === 'production');
    for (const r of [all, withoutDev]) {
      expect(production(r)).toEqual(production(prodOnly));
      expect(r.score).toEqual(prodOnly.score);
      expect(r.environments.production).toEqual(prodOnly.environments.production);
    }
  });

  it("each environment's checklist is its own: staging's unpinned image fails only in staging", () => {
    expect(line(all, 'staging', 'require-pinned-images')).toMatchObject({ failed: 1 });
    expect(line(all, 'production', 'require-pinned-images')).toMatchObject({ failed: 0, passed: 1 });
    expect(line(all, 'development', 'require-pinned-images')).toMatchObject({ failed: 0, passed: 1 });
    expect(all.environments.staging!.score!).toBeLessThan(all.environments.production!.score!);
    // and so is each environment's category breakdown
    const category = line(all, 'staging', 'require-pinned-images')!.category;
    expect(all.environments.staging!.categories[category]!.failed).toBe(all.environments.production!.categories[category]!.failed + 1);
    // environments come production first, then staging, development, test
    expect(Object.keys(all.environments)).toEqual(['production', 'staging', 'development']);
  });

  it('validates against the report schema (1.2)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(reportSchema);
    expect(validate(all), JSON.stringify(validate.errors)).toBe(true);
    expect(all.reportVersion).toBe('1.5');
    expect(all.scoring.version).toBe(3);
  });
});

describe('repository-wide outcomes count once in every environment', () => {
  it('a file not judged costs each environment one failure, and the overall score one', () => {
    const files = [
      { path: 'k8s/deploy.yaml', text: DEPLOYMENT },
      { path: 'k8s/staging/deploy.yaml', text: DEPLOYMENT },
    ];
    const without = lint({ files }).report;
    const report = lint({ files, skipped: [{ path: 'k8s/huge.yaml', reason: 'larger than the size limit' }] }).report;
    for (const env of ['production', 'staging'] as const) {
      expect(report.environments[env]!.failed).toBe(without.environments[env]!.failed + 1);
      expect(line(report, env, 'file-not-judged')).toMatchObject({ failed: 1, scope: 'repository' });
    }
    expect(report.overall.failed).toBe(without.overall.failed + 1);
  });

  it('--env staging makes staging the headline, and the repository-wide key still counts there', () => {
    const report = run({ 'k8s/deploy.yaml': DEPLOYMENT, '.env.test': `STRIPE_SECRET_KEY=${STRIPE_LIVE_KEY}\n` }, 'staging');
    expect(report.environment).toBe('staging');
    expect(line(report, 'staging', 'no-secrets-in-env-files')).toMatchObject({ failed: 1 });
    expect(report.score.failed).toBeGreaterThan(0);
  });
});
