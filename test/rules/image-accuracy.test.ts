// Issue 15 (items 6, 7, 8, 11 and graceful shutdown through signals): severities and messages the
// fixtures' position comments cannot carry.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

function findings(files: Record<string, string>, rule: string) {
  const { report } = lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })), onlyRules: [rule] });
  return report.findings.filter((f) => f.environment === report.environment);
}

describe('require-pinned-images: mutable tags', () => {
  it('a tag without a version or with a major version only is a warning that says why', () => {
    const compose = 'services:\n  proxy:\n    image: nginx:alpine\n  worker:\n    image: python:3\n  web:\n    image: nginx:latest\n';
    const found = findings({ 'docker-compose.yml': compose }, 'require-pinned-images');
    expect(found.map((f) => [f.range.start.line, f.severity])).toEqual([
      [3, 'warning'],
      [5, 'warning'],
      [7, 'error'],
    ]);
    expect(found[0]!.message).toMatch(/no version/);
    expect(found[1]!.message).toMatch(/only a major version/);
  });

  it('minor versions and digests pass', () => {
    const compose = 'services:\n  worker:\n    image: python:3.12-slim\n  cache:\n    image: redis:7@sha256:1b503bb77079ba644371969e06e1a6a1670bb34c2251107c0fc3a21ef9fdaeca\n';
    expect(findings({ 'docker-compose.yml': compose }, 'require-pinned-images')).toEqual([]);
  });
});

describe('no-root-containers: who the image runs as', () => {
  const compose = [
    'services:',
    '  db:',
    '    image: postgres:16.4',
    '  proxy:',
    '    image: nginx:1.27.0',
    '  kafka:',
    '    image: confluentinc/cp-kafka:7.6.1',
    '  api:',
    '    build: ./api',
    '',
  ].join('\n');

  it('says precisely what is known of each image, and never that an unknown image runs as root', () => {
    const found = findings({ 'compose.yaml': compose }, 'no-root-containers');
    const byLine = Object.fromEntries(found.map((f) => [f.range.start.line, f.message]));
    expect(Object.keys(byLine).sort()).toEqual(['2', '4', '9']);
    expect(byLine[2]).toMatch(/`postgres:16\.4` starts as root and its entrypoint switches to `postgres`/);
    expect(byLine[4]).toMatch(/default user of its image `nginx:1\.27\.0` is not known/);
    expect(byLine[9]).toMatch(/builds `api\/Dockerfile`, which is not among the linted files/);
    for (const message of Object.values(byLine)) expect(message).not.toMatch(/runs as root by default/);
  });

  it('a Dockerfile without USER names its base image and what is known of it', () => {
    const [fromPostgres] = findings({ 'db/Dockerfile': 'FROM postgres:16.4\nCOPY init.sql /docker-entrypoint-initdb.d/\n' }, 'no-root-containers');
    expect(fromPostgres!.message).toMatch(/base image `postgres:16\.4` starts as root/);
    const [fromNode] = findings({ Dockerfile: 'FROM node:20.18.0-slim\nCMD ["node", "server.js"]\n' }, 'no-root-containers');
    expect(fromNode!.message).toMatch(/base image `node:20\.18\.0-slim`, which is not known/);
  });
});

describe('require-graceful-shutdown: signals reach the server', () => {
  function run(files: Record<string, string>) {
    const { report } = lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })), onlyRules: ['require-graceful-shutdown'] });
    return report;
  }

  it('a shell-form CMD of an image that serves traffic is a warning at the CMD', () => {
    const report = run({ Dockerfile: 'FROM node:20.18.0-slim\nEXPOSE 3000\nCMD npm start\n' });
    expect(report.findings.map((f) => [f.range.start.line, f.range.start.column, f.severity])).toEqual([[3, 1, 'warning']]);
    expect(report.findings[0]!.message).toMatch(/shell is PID 1 and does not forward SIGTERM/);
  });

  it('exec form, `exec`, tini and compose `init: true` pass; an image serving no traffic is not judged', () => {
    // Only Dockerfiles (and a compose file building one): every outcome of the rule is the command's.
    const statuses = (files: Record<string, string>) => {
      const line = run(files).checklist.find((l) => l.ruleId === 'require-graceful-shutdown')!;
      return [...Array(line.passed).fill('pass'), ...Array(line.failed).fill('fail'), ...Array(line.notApplicable).fill('not-applicable')];
    };
    expect(statuses({ Dockerfile: 'FROM node:20.18.0-slim\nEXPOSE 3000\nCMD ["node", "server.js"]\n' })).toEqual(['pass']);
    expect(statuses({ Dockerfile: 'FROM node:20.18.0-slim\nEXPOSE 3000\nCMD cd /app && exec node server.js\n' })).toEqual(['pass']);
    expect(statuses({ Dockerfile: 'FROM node:20.18.0-slim\nEXPOSE 3000\nENTRYPOINT ["dumb-init", "--"]\nCMD npm start\n' })).toEqual(['pass']);
    expect(
      statuses({
        'app/Dockerfile': 'FROM node:20.18.0-slim\nCMD npm start\n',
        'compose.yaml': 'services:\n  app:\n    build: app\n    init: true\n    ports: ["3000:3000"]\n',
      }),
    ).toEqual(['pass']);
    expect(statuses({ Dockerfile: 'FROM python:3.12.4-slim\nCMD celery -A app worker\n' })).toEqual(['not-applicable']);
  });
});

describe('build targets the Dockerfile does not have', () => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    build:\n      context: web\n      target: worker\n',
    'web/Dockerfile':
      'FROM node:20.18.0-slim AS development\nCMD ["npm", "run", "dev"]\n\nFROM node:20.18.0-slim AS production\nUSER node\nHEALTHCHECK CMD ["node", "health.js"]\nCMD ["node", "server.js"]\n',
  };

  it('no-root-containers: one finding at the target, no verdict on the final stage', () => {
    const found = findings(files, 'no-root-containers');
    expect(found.map((f) => [f.file, f.range.start.line, f.range.start.column])).toEqual([['compose.yaml', 5, 15]]);
    expect(found[0]!.message).toMatch(/builds target `worker` of `web\/Dockerfile`, which has no stage of that name/);
  });

  it('require-probes: says nothing of the image it never read', () => {
    const found = findings(files, 'require-probes');
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/^Service `web` has no healthcheck: compose cannot tell/)]);
    expect(found[0]!.related ?? []).toEqual([]);
  });
});
