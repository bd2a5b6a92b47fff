import { describe, expect, it } from 'vitest';
import { classifyFiles, environmentOf } from '../../src/discovery/index.js';
import type { Environment, FileKind } from '../../src/model/types.js';

const K8S = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
const COMPOSE = 'services:\n  web:\n    image: nginx\n';
const PLAIN = 'foo: bar\n';

type Row = [path: string, text: string, kind: FileKind | null, env?: Environment];

const rows: Row[] = [
  // Kubernetes by content
  ['k8s/deployment.yaml', K8S, 'kubernetes', 'unknown'],
  ['manifests/prod/app.yml', K8S, 'kubernetes', 'production'],
  ['deploy/overlays/production/patch.yaml', K8S, 'kubernetes', 'production'],
  ['k8s/dev/svc.yaml', K8S, 'kubernetes', 'development'],
  ['env/staging/ingress.yaml', K8S, 'kubernetes', 'staging'],
  ['pod.json', '{\n  "apiVersion": "v1",\n  "kind": "Pod"\n}\n', 'kubernetes', 'unknown'],
  ['list.yaml', 'apiVersion: v1\nkind: List\nitems: []\n', 'kubernetes'],
  ['multi.yaml', '# x\nfoo: 1\n---\napiVersion: v1\nkind: ConfigMap\n', 'kubernetes'],
  ['quoted.yaml', '"apiVersion": v1\n"kind": Pod\n', 'kubernetes'],
  ['product.yaml', K8S, 'kubernetes', 'unknown'],
  ['devices.yaml', K8S, 'kubernetes', 'unknown'],
  ['kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n', 'kubernetes'],
  ['nested.yaml', 'spec:\n  apiVersion: v1\n  kind: X\n', null],
  ['split.yaml', 'apiVersion: v1\n---\nkind: X\n', null],
  ['package.json', '{"name": "x", "kind": "y"}', null],
  ['tsconfig.json', '{"compilerOptions": {}}', null],
  ['config/app.yaml', PLAIN, null],
  ['mkdocs.yml', 'site_name: x\n', null],
  ['.github/dependabot.yml', 'version: 2\n', null],
  ['deploy.yaml.bak', K8S, null],
  // Compose
  ['compose.yaml', PLAIN, 'compose', 'unknown'],
  ['compose.yml', PLAIN, 'compose'],
  ['compose.prod.yaml', PLAIN, 'compose', 'production'],
  ['docker-compose.yml', PLAIN, 'compose', 'unknown'],
  ['docker-compose.override.yml', PLAIN, 'compose', 'development'],
  ['docker-compose.staging.yaml', PLAIN, 'compose', 'staging'],
  ['docker-compose-dev.yml', PLAIN, 'compose', 'development'],
  ['docker-compose.ci.yml', PLAIN, 'compose', 'test'],
  ['docker-compose_prod.yaml', PLAIN, 'compose', 'production'],
  ['api.compose.yaml', PLAIN, 'compose'],
  ['deploy/stack.yml', COMPOSE, 'compose'],
  ['deploy/build-only.yml', 'services:\n  app:\n    build: .\n', 'compose'],
  ['composer.yaml', PLAIN, null],
  ['services.yaml', 'services:\n  foo: bar\n', null],
  ['docker-compose.yml.bak', COMPOSE, null],
  // Dockerfiles
  ['Dockerfile', 'FROM alpine\n', 'dockerfile', 'unknown'],
  ['Dockerfile.prod', 'FROM alpine\n', 'dockerfile', 'production'],
  ['Dockerfile.dev', 'FROM alpine\n', 'dockerfile', 'development'],
  ['api.Dockerfile', 'FROM alpine\n', 'dockerfile', 'unknown'],
  ['build/ci.dockerfile', 'FROM alpine\n', 'dockerfile', 'test'],
  ['docker/Dockerfile', 'FROM alpine\n', 'dockerfile'],
  ['services/web/Dockerfile', 'FROM alpine\n', 'dockerfile'],
  ['Containerfile', 'FROM alpine\n', 'dockerfile'],
  ['Dockerfile-dev', 'FROM alpine\n', 'dockerfile', 'development'],
  ['Dockerfile_prod', 'FROM alpine\n', 'dockerfile', 'production'],
  ['Dockerfile-template', 'FROM alpine\n', null],
  ['dockerfile_test.go', 'package x\n', null],
  ['Dockerfile.template', 'FROM alpine\n', null],
  ['Dockerfile.tmpl', 'FROM alpine\n', null],
  ['Dockerfile.prod.tmpl', 'FROM alpine\n', null],
  ['Dockerfile.j2', 'FROM alpine\n', null],
  ['Dockerfile.md', '# docs\n', null],
  ['dockerfile.go', 'package x\n', null],
  ['base.Dockerfile.template', 'FROM alpine\n', null],
  ['generated/Dockerfile', 'FROM {{ .Base }}\n', null],
  // Ignore files
  ['.dockerignore', 'node_modules\n', 'dockerignore'],
  ['Dockerfile.dockerignore', 'node_modules\n', 'dockerignore'],
  ['api.Dockerfile.dockerignore', 'node_modules\n', 'dockerignore'],
  ['.gitignore', '.env\n', 'gitignore'],
  ['sub/dir/.gitignore', '*.log\n', 'gitignore'],
  // env
  ['.env', 'A=1\n', 'env', 'unknown'],
  ['.env.production', 'A=1\n', 'env', 'production'],
  ['.env.local', 'A=1\n', 'env', 'development'],
  ['.env.staging', 'A=1\n', 'env', 'staging'],
  ['.env.test', 'A=1\n', 'env', 'test'],
  ['.env.development.local', 'A=1\n', 'env', 'development'],
  ['config/app.env', 'A=1\n', 'env', 'unknown'],
  ['prod.env', 'A=1\n', 'env', 'production'],
  ['.env.example', 'A=\n', 'env-template', 'unknown'],
  ['.env.sample', 'A=\n', 'env-template'],
  ['.env.template', 'A=\n', 'env-template'],
  ['.env.dist', 'A=\n', 'env-template'],
  ['.env.defaults', 'A=\n', 'env-template'],
  ['.env.tmpl', 'A=\n', 'env-template'],
  ['.env.example.local', 'A=\n', 'env-template'],
  ['.env.production.example', 'A=\n', 'env-template', 'production'],
  ['example.env', 'A=\n', 'env-template'],
  ['app.env.example', 'A=\n', 'env-template'],
  ['config/db.env.sample', 'A=\n', 'env-template'],
  ['app.env.example.js', 'x\n', null],
  ['.env.gpg', 'binary\n', null],
  ['env.example', 'A=\n', 'env-template'],
  ['.env.js', 'export default {}\n', null],
  ['.env.ts', 'export default {}\n', null],
  ['.env.json', '{}', null],
  ['app.envsh', 'A=1\n', null],
  ['.envrc', 'export A=1\n', null],
  ['src/env.ts', 'x\n', null],
  ['environment.yaml', PLAIN, null],
  // CI
  ['.github/workflows/ci.yaml', 'on: push\n', 'ci-config'],
  ['.github/workflows/deploy.yml', 'on: push\n', 'ci-config'],
  ['.gitlab-ci.yml', 'stages: []\n', 'ci-config'],
  ['.circleci/config.yml', 'version: 2.1\n', 'ci-config'],
  ['Jenkinsfile', 'pipeline {}\n', 'ci-config'],
  ['azure-pipelines.yml', 'trigger: none\n', 'ci-config'],
  ['bitbucket-pipelines.yml', 'pipelines: {}\n', 'ci-config'],
  // Unrelated
  ['README.md', '# x\n', null],
  ['src/index.ts', 'x\n', null],
  ['Makefile', 'all:\n', null],
  // Evidence only: scripts a job mounts or copies, Prometheus configurations of their own.
  ['backup/pg-backup.sh', 'pg_dump app\n', 'script'],
  ['ops/run.BASH', 'echo\n', 'script'],
  ['monitoring/prometheus.yml', 'global:\n  scrape_interval: 30s\nscrape_configs:\n  - job_name: api\n', 'prometheus-config'],
  ['monitoring/notes.yml', 'jobs:\n  scrape_configs: nested, not a Prometheus file\n', null],
];

describe('classifyFiles by name and content', () => {
  const out = classifyFiles(rows.map(([path, text]) => ({ path, text })));
  const byPath = new Map(out.map((f) => [f.path, f]));
  it.each(rows)('%s', (path, _text, kind, env) => {
    const f = byPath.get(path);
    if (kind === null) {
      expect(f).toBeUndefined();
      return;
    }
    expect(f?.kind).toBe(kind);
    if (env) expect(f?.environment).toBe(env);
  });

  it('returns sorted POSIX paths and keeps the text', () => {
    const paths = out.map((f) => f.path);
    expect(paths).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(byPath.get('Dockerfile')!.text).toBe('FROM alpine\n');
  });

  it('normalises Windows separators and ./ prefixes, strips a BOM', () => {
    const [f] = classifyFiles([{ path: '.\\deploy\\prod\\.env', text: '\uFEFFA=1\n' }]);
    expect(f).toMatchObject({ path: 'deploy/prod/.env', kind: 'env', environment: 'production', text: 'A=1\n' });
  });
});

describe('classifyFiles: Helm layout', () => {
  const files = [
    'charts/api/Chart.yaml',
    'charts/api/values.yaml',
    'charts/api/values-prod.yaml',
    'charts/api/values.production.yaml',
    'charts/api/templates/deployment.yaml',
    'charts/api/templates/_helpers.tpl',
    'charts/api/templates/NOTES.txt',
    'charts/api/templates/tests/test-connection.yaml',
    'charts/api/.helmignore',
    'charts/api/values.schema.json',
    'charts/api/Chart.lock',
    'charts/api/crds/crd.yaml',
    'charts/api/files/config.toml',
    'charts/api/charts/redis-1.0.0.tgz',
    'charts/api/charts/redis/Chart.yaml',
    'charts/api/charts/redis/values.yaml',
    'charts/api/charts/redis/templates/statefulset.yaml',
    'charts/api/ci/prod-values.yaml',
    'charts/api/README.md',
    'charts/values-staging.yaml',
    'helm/mychart/Chart.yaml',
    'helm/values-prod.yaml',
    'helm/notes.yaml',
    'multi/web/Chart.yaml',
    'multi/worker/Chart.yaml',
    'multi/values-worker-prod.yaml',
    'multi/values-shared.yaml',
  ];
  const text = (p: string): string => (p.includes('templates/') ? 'kind: {{ .Values.kind }}\n' : p.includes('crds/') ? K8S : PLAIN);
  const out = classifyFiles(files.map((path) => ({ path, text: text(path) })));
  const get = (p: string) => out.find((f) => f.path === p);

  it.each([
    ['charts/api/Chart.yaml', 'helm-chart', 'charts/api', 'unknown'],
    ['charts/api/values.yaml', 'helm-values', 'charts/api', 'unknown'],
    ['charts/api/values-prod.yaml', 'helm-values', 'charts/api', 'production'],
    ['charts/api/values.production.yaml', 'helm-values', 'charts/api', 'production'],
    ['charts/api/templates/deployment.yaml', 'helm-template', 'charts/api', undefined],
    ['charts/api/templates/_helpers.tpl', 'helm-template', 'charts/api', undefined],
    ['charts/api/templates/NOTES.txt', 'helm-template', 'charts/api', undefined],
    ['charts/api/templates/tests/test-connection.yaml', 'helm-template', 'charts/api', undefined],
    ['charts/api/.helmignore', 'helm-other', 'charts/api', undefined],
    ['charts/api/values.schema.json', 'helm-other', 'charts/api', undefined],
    ['charts/api/Chart.lock', 'helm-other', 'charts/api', undefined],
    ['charts/api/crds/crd.yaml', 'helm-other', 'charts/api', undefined],
    ['charts/api/files/config.toml', 'helm-other', 'charts/api', undefined],
    ['charts/api/charts/redis-1.0.0.tgz', 'helm-other', 'charts/api', undefined],
    // Subcharts are charts too, and belong to the outermost chart.
    ['charts/api/charts/redis/Chart.yaml', 'helm-chart', 'charts/api', undefined],
    ['charts/api/charts/redis/values.yaml', 'helm-values', 'charts/api', undefined],
    ['charts/api/charts/redis/templates/statefulset.yaml', 'helm-template', 'charts/api', undefined],
    ['charts/api/ci/prod-values.yaml', 'helm-values', 'charts/api', 'test'],
    // Values kept beside the chart folder.
    ['charts/values-staging.yaml', 'helm-values', 'charts/api', 'staging'],
    ['helm/values-prod.yaml', 'helm-values', 'helm/mychart', 'production'],
    ['multi/values-worker-prod.yaml', 'helm-values', 'multi/worker', 'production'],
    ['multi/values-shared.yaml', 'helm-values', 'multi/web', 'unknown'],
  ] as const)('%s → %s', (path, kind, chartRoot, env) => {
    const f = get(path);
    expect(f?.kind).toBe(kind);
    expect(f?.chartRoot).toBe(chartRoot);
    if (env) expect(f?.environment).toBe(env);
  });

  it('takes the environment of chart files from their name and the folders above the chart', () => {
    const r = classifyFiles(
      [
        'local-path-provisioner/Chart.yaml',
        'local-path-provisioner/values.yaml',
        'local-path-provisioner/templates/test/pod.yaml',
        'envs/prod/api/Chart.yaml',
        'envs/prod/api/values.yaml',
        'envs/prod/api/values-staging.yaml',
      ].map((path) => ({ path, text: PLAIN })),
    );
    expect(r.map((f) => [f.path, f.environment])).toEqual([
      ['envs/prod/api/Chart.yaml', 'production'],
      ['envs/prod/api/values-staging.yaml', 'staging'],
      ['envs/prod/api/values.yaml', 'production'],
      ['local-path-provisioner/Chart.yaml', 'unknown'],
      ['local-path-provisioner/templates/test/pod.yaml', 'unknown'],
      ['local-path-provisioner/values.yaml', 'unknown'],
    ]);
  });

  it('drops other files of a chart folder and non-values YAML beside it', () => {
    expect(get('charts/api/README.md')).toBeUndefined();
    expect(get('helm/notes.yaml')).toBeUndefined();
  });

  it('finds a chart at the root of the input', () => {
    const r = classifyFiles([
      { path: 'Chart.yaml', text: 'apiVersion: v2\n' },
      { path: 'values.yaml', text: PLAIN },
      { path: 'templates/svc.yaml', text: '{{ x }}' },
    ]);
    expect(r.map((f) => [f.path, f.kind, f.chartRoot])).toEqual([
      ['Chart.yaml', 'helm-chart', ''],
      ['templates/svc.yaml', 'helm-template', ''],
      ['values.yaml', 'helm-values', ''],
    ]);
  });
});

describe('environmentOf', () => {
  it.each([
    ['values-prod.yaml', 'production'],
    ['values.production.yaml', 'production'],
    ['.env.production', 'production'],
    ['docker-compose.prod.yml', 'production'],
    ['Dockerfile.prd', 'production'],
    ['deploy/live/app.yaml', 'production'],
    ['overlays/production/patch.yaml', 'production'],
    ['values-stg.yaml', 'staging'],
    ['values-uat.yaml', 'staging'],
    // issue 11: qa is staging here too (it was unknown here and staging for Helm values files)
    ['values-qa.yaml', 'staging'],
    ['deploy/qa/app.yaml', 'staging'],
    ['develop/app.yaml', 'development'],
    ['preprod.env', 'staging'],
    ['pre-prod/app.yaml', 'staging'],
    ['env/staging/app.yaml', 'staging'],
    ['k8s/dev/app.yaml', 'development'],
    ['.env.local', 'development'],
    ['e2e/app.yaml', 'test'],
    ['testing/app.yaml', 'test'],
    ['ci/app.yaml', 'test'],
    // Tokens must be whole words.
    ['product.yaml', 'unknown'],
    ['prodigy.yaml', 'unknown'],
    ['devices.yaml', 'unknown'],
    ['devops/app.yaml', 'unknown'],
    ['latest.yaml', 'unknown'],
    ['contest/app.yaml', 'unknown'],
    ['deliver.yaml', 'unknown'],
    ['liveness.yaml', 'unknown'],
    ['override.yaml', 'unknown'],
    ['app.yaml', 'unknown'],
    // The file name wins over folders; the innermost folder wins over outer ones.
    ['k8s/prod/values-dev.yaml', 'development'],
    ['staging/overlays/prod/app.yaml', 'production'],
  ] as const)('%s → %s', (path, env) => {
    expect(environmentOf(path)).toBe(env);
  });

  it('reads "override" as development only for compose files', () => {
    expect(environmentOf('docker-compose.override.yml', 'compose')).toBe('development');
    expect(environmentOf('docker-compose.override.yml', 'kubernetes')).toBe('unknown');
  });

  it('gives CI pipelines no environment, whatever their name', () => {
    expect(environmentOf('.github/workflows/ci.yml', 'ci-config')).toBe('unknown');
    expect(environmentOf('.github/workflows/deploy-prod.yml', 'ci-config')).toBe('unknown');
    expect(environmentOf('k8s/ci/job.yaml', 'kubernetes')).toBe('test');
  });
});

describe('classifyFiles with chart context', () => {
  it('uses chart folders passed by discovery', () => {
    const r = classifyFiles(
      [
        { path: 'helm/values-prod.yaml', text: PLAIN },
        { path: 'helm/app/values.yaml', text: PLAIN },
      ],
      { chartDirs: ['helm/app'] },
    );
    expect(r.map((f) => [f.path, f.kind, f.chartRoot])).toEqual([
      ['helm/app/values.yaml', 'helm-values', 'helm/app'],
      ['helm/values-prod.yaml', 'helm-values', 'helm/app'],
    ]);
  });
});

describe('classifyFiles never throws', () => {
  it('on arbitrary paths and texts', async () => {
    const fc = (await import('fast-check')).default;
    const segment = fc.oneof(
      fc.constantFrom(
        'Chart.yaml',
        'values.yaml',
        'values-prod.yaml',
        'templates',
        'charts',
        'ci',
        '.env',
        '.env.example',
        'Dockerfile',
        'compose.yaml',
        '..',
        '.',
        'prod',
        'a b',
        '',
      ),
      fc.string({ maxLength: 8 }),
    );
    const input = fc.record({
      path: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/')),
      text: fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom(K8S, COMPOSE, '{{ x }}')),
    });
    fc.assert(
      fc.property(fc.array(input, { maxLength: 12 }), (inputs) => {
        const out = classifyFiles(inputs);
        expect(out.length).toBeLessThanOrEqual(inputs.length);
        const paths = out.map((f) => f.path);
        expect(paths).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
      { numRuns: 500 },
    );
  });
});
