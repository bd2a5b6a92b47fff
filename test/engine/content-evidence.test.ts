// Content evidence and jobs (issue 11, item 4): a compose or env file whose names say nothing but
// whose settings declare development is development, with the evidence in the report; one-shot
// services (test runners, `restart: "no"`, migrations, test composes) are jobs, not judged by the
// long-running service rules.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { parseConfig } from '../../src/config/index.js';
import { ALL_RULES } from '../../src/engine/lint.js';

type Files = { path: string; text: string }[];
const evidenceOf = (files: Files, path: string, extra: Partial<Parameters<typeof lint>[0]> = {}) =>
  lint({ files, onlyRules: ['require-probes'], ...extra }).report.files.find((f) => f.path === path)?.environmentEvidence;

const DEV_STACK = `services:
  api:
    build: ./backend
    command: uvicorn app.main:app --host 0.0.0.0 --reload
    volumes:
      - ./backend:/app
    environment:
      ENVIRONMENT: development
      DATABASE_URL: postgres://app:app@db:5432/app
    ports: ["8000:8000"]
  db:
    image: postgres:16.4
`;

describe('content evidence', () => {
  it('a dev-stack compose is recognised from its settings, with the setting and its line in the report', () => {
    const { report } = lint({ files: [{ path: 'docker-compose.yml', text: DEV_STACK }] });
    const file = report.files.find((f) => f.path === 'docker-compose.yml')!;
    expect(file.environment).toBe('development');
    expect(file.environmentEvidence).toEqual({
      environment: 'development',
      source: 'content',
      detail: 'setting command "--reload" (service api, a development server) at line 4',
    });
    // Its findings are development findings: production has nothing to judge.
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.environment === 'development')).toBe(true);
    // The headline environment is always reported; with nothing of its own to judge (the local
    // stack's `app:app` database password is no committed secret) its score is n/a.
    expect(report.environments.production?.score ?? null).toBeNull();
  });

  it.each([
    ['an environment variable (map)', 'services:\n  web:\n    image: a:1\n    environment:\n      NODE_ENV: development\n', 'setting NODE_ENV=development (service web) at line 5'],
    ['an environment variable (list)', 'services:\n  web:\n    image: a:1\n    environment:\n      - APP_ENV=dev\n', 'setting APP_ENV=dev (service web) at line 5'],
    ['a dev server', 'services:\n  web:\n    image: node:22\n    command: ["npm", "run", "dev"]\n', 'setting command "npm run dev" (service web, a development server) at line 4'],
    ['next dev', 'services:\n  web:\n    image: node:22\n    command: npx next dev\n', 'setting command "next dev" (service web, a development server) at line 4'],
    ['nodemon', 'services:\n  web:\n    image: node:22\n    entrypoint: nodemon server.js\n', 'setting entrypoint "nodemon" (service web, a development server) at line 4'],
    ['a source bind mount', 'services:\n  web:\n    image: node:22\n    volumes:\n      - .:/app\n', 'setting volume .:/app (service web, the source bind-mounted) at line 5'],
    [
      'a source folder bind mount',
      'services:\n  web:\n    image: node:22\n    volumes:\n      - ./src:/app/src\n',
      'setting volume ./src:/app/src (service web, the source bind-mounted) at line 5',
    ],
  ])('compose: %s', (_, text, detail) => {
    expect(evidenceOf([{ path: 'compose.yaml', text }], 'compose.yaml')).toEqual({ environment: 'development', source: 'content', detail });
  });

  it('is not fooled by production-looking settings: a config bind mount, vite build, DEBUG alone', () => {
    const text = `services:
  web:
    image: nginx:1.27
    command: ["sh", "-c", "vite build && nginx"]
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
      - ./data:/app/data
    environment:
      DEBUG: "true"
      NODE_ENV: production
`;
    expect(evidenceOf([{ path: 'compose.yaml', text }], 'compose.yaml')?.source).toBe('none');
  });

  it('an env file: NODE_ENV=development', () => {
    const files = [
      { path: '.env', text: 'PORT=3000\nNODE_ENV=development\n' },
      { path: 'compose.yaml', text: 'services:\n  web:\n    image: a:1\n' },
    ];
    expect(evidenceOf(files, '.env')).toEqual({ environment: 'development', source: 'content', detail: 'setting NODE_ENV=development at line 2' });
  });

  it('a name wins over content, a config glob over both', () => {
    const text = 'services:\n  web:\n    image: a:1\n    environment:\n      NODE_ENV: development\n';
    expect(evidenceOf([{ path: 'docker-compose.prod.yml', text }], 'docker-compose.prod.yml')).toMatchObject({ environment: 'production', source: 'file-name' });
    const config = parseConfig('environments:\n  staging: [compose.yaml]\n', '.readiness-lint.yaml', '.', new Set(ALL_RULES.map((r) => r.meta.id)));
    expect(evidenceOf([{ path: 'compose.yaml', text }], 'compose.yaml', { config })).toMatchObject({ environment: 'staging', source: 'config' });
  });

  it('a development base with a production layer: production judges the merged model, development the base', () => {
    const files = [
      { path: 'compose.yaml', text: 'services:\n  web:\n    image: ghcr.io/acme/web:latest\n    command: ["npm", "run", "dev"]\n' },
      { path: 'compose.prod.yaml', text: 'services:\n  web:\n    image: ghcr.io/acme/web:1.2.3\n    command: ["node", "server.js"]\n' },
    ];
    const { report } = lint({ files, onlyRules: ['require-pinned-images'] });
    expect(report.findings.map((f) => `${f.environment} ${f.file}:${f.range.start.line}`)).toEqual(['development compose.yaml:3']);
    expect(report.environments.production?.failed).toBe(0);
  });
});

const TEST_COMPOSE = `services:
  api-tests:
    build: .
    command: go test ./...
    restart: "no"
    depends_on: [test-db]
  e2e:
    image: ghcr.io/acme/e2e:1.0.0
    command: ["npx", "playwright", "test"]
  test-db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: test
`;

describe('jobs', () => {
  const files = [
    { path: 'docker-compose.test.yaml', text: TEST_COMPOSE },
    { path: 'Dockerfile', text: 'FROM golang:1.23\nUSER 1000\n' },
  ];

  it('a test compose: its one-shot runners get no probe or restart findings, its test database no backup finding', () => {
    const { report } = lint({ files, onlyRules: ['require-probes', 'require-restart-policy', 'require-backups', 'require-log-rotation'] });
    expect(report.findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`)).toEqual([]);
    const lines = Object.fromEntries(report.checklist.map((l) => [l.ruleId, [l.passed, l.failed, l.notApplicable]]));
    expect(lines['require-restart-policy']).toEqual([0, 0, 3]);
    expect(lines['require-backups']).toEqual([0, 0, 1]);
  });

  it('outside a test model, test runners and `restart: "no"` are jobs; a long-running service is still judged', () => {
    const text = `services:
  api:
    image: ghcr.io/acme/api:1.0.0
  unit:
    image: ghcr.io/acme/api:1.0.0
    command: ["pytest", "-q"]
  once:
    image: ghcr.io/acme/api:1.0.0
    restart: "no"
  migrate:
    image: ghcr.io/acme/api:1.0.0
    command: ["alembic", "upgrade", "head"]
`;
    const { report } = lint({ files: [{ path: 'compose.yaml', text }], onlyRules: ['require-restart-policy', 'require-probes'] });
    expect(report.findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}`).sort()).toEqual([
      'compose.yaml:2:3 require-probes',
      'compose.yaml:2:3 require-restart-policy',
    ]);
  });
});
