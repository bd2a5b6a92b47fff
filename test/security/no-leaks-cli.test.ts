// The whole leak test, end to end (issue 10, section 2): realistic secrets of every kind planted in
// every artifact kind (env files and templates, compose, Kubernetes manifests with JSON and TOML in
// ConfigMaps, a Secret with a parse error on its secret line, Helm values and templates including
// the error paths tpl/fail/required/include, Dockerfiles) must not appear, whole or as any 6
// characters, in any format of the built CLI (stdout and stderr, text -q included), nor in the
// Action's annotations, outputs, SARIF file, job summary and PR comment.
// The secrets are assembled at run time so the repository itself holds none.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FORMATTERS } from '../../src/formatters/index.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');
const ACTION = join(REPO, 'dist', 'action.js');
const j = (...parts: string[]) => parts.join('');

const SECRETS = {
  awsKeyId: j('AKIA', 'Z7Q4XK2M9PLR3TVW'),
  awsSecret: j('q8Vn2rT5wXy7Kp4', 'Lm9Bc3Hd6Fg1Js0AzE4uWt'),
  githubToken: j('gh', 'p_', 'R4nd0mF4k3T0k3nV4lu3F0rT3st1ng00xYz9'),
  githubPat: j('github_', 'pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS'),
  stripe: j('sk_', 'live_', '51H8f2kLmN0pQrStUvWxYz0123'),
  slack: j('xo', 'xb-', '2417-9081-Rk3Jv8LpQw2Zt5Nx'),
  jwt: j('eyJ', 'hbGciOiJIUzI1NiJ9', '.eyJ', 'zdWIiOiJhcGkiLCJpYXQiOjE3MDB9', '.Vb7Kq2Lp9Vz4Mw8Nr3Tx6Yc1'),
  pemBody: j('MIIEowIBAAKCAQEA7', 'x9Lq2Vn8Rt5Wy3Kp6Mz1Bc4Hd7Fg0Js'),
  dbUrlPassword: j('Pg7Rw2', 'Xk9Lm4Qz'),
  password: j('p9X#kL2', 'vQ8!mZ4wR7'),
  helmPassword: j('Hx7Kq2Lp', '9Vz4Mw8Nr3'),
  helmToken: j('Tk5Wn8Rb', '3Jq6Lx1Vz7'),
  configPassword: j('Cf4Hs9Dn', '2Wq7Mz5Kp'),
};
const S = SECRETS;

const CHART_VALUES = `auth:\n  password: "${S.helmPassword}"\n  token: ${S.helmToken}\n  template: "{{ .Values.auth.password }} {{ .Values.nope.x }}"\nconf: |\n  user: app\n  password: ${S.helmPassword}\n  x: {{ .Values.nope.y }}\n`;
const chart = (name: string, template: string): Record<string, string> => ({
  [`charts/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`,
  [`charts/${name}/values.yaml`]: CHART_VALUES,
  [`charts/${name}/values-prod.yaml`]: `auth:\n  password: "${S.helmPassword}"\n`,
  [`charts/${name}/templates/main.yaml`]: template,
});
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n';

const FILES: Record<string, string> = {
  '.env.production': [
    `AWS_ACCESS_KEY_ID=${S.awsKeyId}`,
    `AWS_SECRET_ACCESS_KEY=${S.awsSecret}`,
    `GITHUB_TOKEN=${S.githubToken}`,
    `PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\n${S.pemBody}\n-----END RSA PRIVATE KEY-----"`,
    `DATABASE_URL=postgres://app:${S.dbUrlPassword}@db.internal:5432/app`,
    `# old: password: ${S.password}`,
    'DEBUG=true',
    `STRIPE_SECRET_KEY=${S.stripe}`,
    '',
  ].join('\n'),
  '.env.example': `JWT_SECRET=${S.jwt}\nSLACK_BOT_TOKEN=${S.slack}\n`,
  'docker-compose.yml': `services:\n  api:\n    image: acme/api:latest\n    command: ["--db-password=${S.password}", "--verbose"]\n    environment:\n      - API_TOKEN=${S.githubPat}\n      - DEBUG=true\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: "${S.password}"\n`,
  'k8s/deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:latest\n          args: ["--api-key=${S.stripe}"]\n          env: [{name: DB_PASSWORD, value: "${S.password}"}, {name: GITHUB_TOKEN, value: "${S.githubToken}"}]\n`,
  'k8s/configmap.yaml': `${CM}  config.json: |\n    {"db": {"user": "app", "password": "${S.configPassword}"},\n     "corsOrigins": "*"}\n  app.toml: |\n    [db]\n    password = "${S.configPassword}"\n    debug = true\n`,
  'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData: {password: "${S.password}", token: "${S.githubToken}"} extra\n`,
  Dockerfile: `FROM node:latest\nENV STRIPE_SECRET_KEY=${S.stripe}\nARG DB_PASSWORD=${S.password}\nRUN echo ${S.githubToken} > /root/.token\nUSER root\n`,
  ...chart('tpl-values', `${CM}  a: {{ tpl .Values.auth.template . }}\n`),
  ...chart('tpl-block', `${CM}  a: {{ tpl .Values.conf . }}\n`),
  ...chart('fail-printf', `{{ fail (printf "bad password %q" .Values.auth.password) }}\n`),
  ...chart('required', `${CM}  a: {{ required (printf "need x, have %s" .Values.auth.password) .Values.missing }}\n`),
  ...chart('include', `{{ include .Values.auth.token . }}\n`),
  ...chart(
    'literal',
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: p\n      image: busybox:latest\n      env:\n        - name: SLACK_TOKEN\n          value: "${S.slack}"\n`,
  ),
};

/** Public prefixes of token formats: `github` of `github_pat_` is in every rule link, not a leak. */
const PUBLIC_PREFIXES = ['github_pat_', 'sk_live_', 'ghp_', 'xoxb-', 'AKIA', 'eyJ'];

/** Every secret, and every 6 characters of each (beyond its public prefix), that the text holds. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) {
    const prefix = PUBLIC_PREFIXES.find((p) => secret.startsWith(p))?.length ?? 0;
    for (let i = Math.max(0, prefix - 5); i + 6 <= secret.length; i++) {
      if (text.includes(secret.slice(i, i + 6))) {
        found.push(`${name}: …${secret.slice(i, i + 6)}…`);
        break;
      }
    }
  }
  return found;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function run(
  script: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NO_COLOR: '1' },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI) || !existsSync(ACTION)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the built CLI never prints a secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-leaks-'));
  dirs.push(dir);
  write(dir, FILES);

  it('finds the planted secrets and Helm errors (so the checks prove something)', async () => {
    const r = await run(CLI, ['.', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] };
    const rules = new Set(report.findings.map((f) => f.ruleId));
    for (const rule of ['no-secrets-in-env-files', 'no-plaintext-secrets', 'helm-render-error', 'helm-required-value', 'invalid-yaml']) expect(rules, rule).toContain(rule);
    for (const file of ['.env.production', 'docker-compose.yml', 'k8s/deployment.yaml', 'k8s/configmap.yaml', 'k8s/secret.yaml', 'Dockerfile']) {
      expect(
        report.findings.some((f) => f.file === file),
        file,
      ).toBe(true);
    }
  });

  const runs: [string, string[]][] = [...Object.keys(FORMATTERS).map((f): [string, string[]] => [f, ['--format', f]]), ['text -q', ['-q']]];
  for (const [name, args] of runs) {
    it(`${name}: stdout and stderr hold no secret and no 6 characters of one`, async () => {
      const r = await run(CLI, ['.', ...args], dir);
      expect(r.code).toBe(1);
      if (name === 'text') expect(r.stdout).toMatch(/^ {2}> +\d+ \| /m); // code frames are there
      expect(leaks(r.stdout), `stdout of ${name}`).toEqual([]);
      expect(leaks(r.stderr), `stderr of ${name}`).toEqual([]);
    });
  }
});

describe('the built Action never publishes a secret', () => {
  it('annotations, outputs, SARIF, job summary and PR comment hold none', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'rl-leaks-action-'));
    const meta = mkdtempSync(join(tmpdir(), 'rl-leaks-runner-'));
    dirs.push(ws, meta);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd: ws, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    git('init', '-q', '-b', 'main');
    write(ws, { 'README.md': 'x\n' });
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const baseSha = git('rev-parse', 'HEAD');
    write(ws, FILES);
    git('add', '-A');
    git('commit', '-q', '-m', 'head');
    const headSha = git('rev-parse', 'HEAD');

    const comments = '/repos/acme/shop/issues/7/comments';
    const fake = await new FakeGitHub([
      { method: 'GET', path: comments, pages: [] },
      { method: 'POST', path: comments, status: 201, json: { id: 1 } },
    ]).start();
    try {
      const event = {
        action: 'synchronize',
        number: 7,
        pull_request: {
          number: 7,
          head: { ref: 'x', sha: headSha, repo: { full_name: 'acme/shop', fork: false } },
          base: { ref: 'main', sha: baseSha, repo: { full_name: 'acme/shop' } },
        },
        repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } },
      };
      writeFileSync(join(meta, 'event.json'), JSON.stringify(event));
      writeFileSync(join(meta, 'output'), '');
      writeFileSync(join(meta, 'summary'), '');
      const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', GITHUB_ACTIONS: 'true', NO_COLOR: '1' };
      for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase()}`] = name === 'github-token' ? 'test-token' : (spec.default ?? '');
      Object.assign(env, {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(meta, 'event.json'),
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: headSha,
        GITHUB_WORKSPACE: ws,
        GITHUB_API_URL: fake.url,
        GITHUB_SERVER_URL: 'https://github.example.test',
        GITHUB_RUN_ID: '42',
        GITHUB_OUTPUT: join(meta, 'output'),
        GITHUB_STEP_SUMMARY: join(meta, 'summary'),
      });
      const r = await run(ACTION, [], ws, env);
      expect(r.code).toBe(1);
      const posts = fake.calls('POST', comments);
      expect(posts).toHaveLength(1);
      const comment = (posts[0]!.body as { body: string }).body;
      const summary = readFileSync(join(meta, 'summary'), 'utf8');
      const sarif = readFileSync(join(ws, 'readiness-lint.sarif'), 'utf8');
      // the published artifacts are about the planted files
      expect(r.stdout).toMatch(/^::error file=\.env\.production,/m);
      expect(summary).toContain('.env.production');
      expect(comment).toContain('no-secrets-in-env-files');
      const published = { annotations: r.stdout, stderr: r.stderr, outputs: readFileSync(join(meta, 'output'), 'utf8'), sarif, summary, comment };
      for (const [name, text] of Object.entries(published)) expect(leaks(text), name).toEqual([]);
    } finally {
      await fake.stop();
    }
  });
});
