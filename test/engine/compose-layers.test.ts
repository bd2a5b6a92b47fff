// Compose as layers (issue 11, item 3): `docker compose -f` chains merged with the Compose
// specification's rules, one application model per environment, findings at the file and line
// that hold the effective value.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { parseConfig } from '../../src/config/index.js';
import { ALL_RULES } from '../../src/engine/lint.js';
import { classifyFiles } from '../../src/discovery/index.js';
import { parseFile } from '../../src/parsers/index.js';
import { composeModels } from '../../src/knowledge/compose/compose-layers.js';

const KNOWN_RULES = new Set(ALL_RULES.map((r) => r.meta.id));

type Files = { path: string; text: string }[];
const run = (files: Files, rules: string[], extra: Parameters<typeof lint>[0] extends infer T ? Partial<T> : never = {}) => lint({ files, onlyRules: rules, ...extra }).report;
const where = (report: ReturnType<typeof run>) => report.findings.map((f) => `${f.environment} ${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}`).sort();
/** Outcome counts of one environment (run with the one rule in question). */
const outcomesIn = (report: ReturnType<typeof run>, env: 'production' | 'development' | 'test') => {
  const score = report.environments[env];
  return score ? { passed: score.passed, failed: score.failed, notApplicable: score.notApplicable } : undefined;
};

const BASE = `services:
  api:
    image: ghcr.io/acme/api:latest
    restart: unless-stopped
  db:
    image: postgres:16.4
    restart: unless-stopped
`;
const OVERRIDE = `services:
  api:
    privileged: true
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
`;
const PROD = `services:
  api:
    image: ghcr.io/acme/api:1.4.2
  db:
    cap_add: [SYS_ADMIN]
    privileged: true
`;

describe('compose base + override + prod', () => {
  const files: Files = [
    { path: 'compose.yaml', text: BASE },
    { path: 'compose.override.yaml', text: OVERRIDE },
    { path: 'compose.prod.yaml', text: PROD },
  ];

  it('a value set only in the development override never reaches production findings', () => {
    const probes = run(files, ['require-probes']);
    // The override's healthcheck passes the development model only; production misses it at the
    // service in the base, the layer that defines the service.
    expect(outcomesIn(probes, 'production')).toEqual({ passed: 0, failed: 2, notApplicable: 0 });
    expect(outcomesIn(probes, 'development')).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
    const report = run(files, ['require-probes', 'no-privileged-containers']);
    // The override's privileged: true is a development finding at the override's line, never production's.
    expect(where(report).filter((w) => w.includes('no-privileged-containers'))).toEqual([
      'development compose.override.yaml:3:17 no-privileged-containers',
      'production compose.prod.yaml:6:17 no-privileged-containers',
    ]);
    expect(where(report).filter((w) => w.includes('require-probes'))).toEqual([
      'development compose.yaml:5:3 require-probes',
      'production compose.yaml:2:3 require-probes',
      'production compose.yaml:5:3 require-probes',
    ]);
  });

  it('the prod layer fixes a base problem: production passes, the base alone is not judged as production', () => {
    const report = run(files, ['require-pinned-images']);
    expect(outcomesIn(report, 'production')).toEqual({ passed: 2, failed: 0, notApplicable: 0 });
    // Development runs the base's :latest (the override does not pin it): found at the base's line.
    expect(where(report)).toEqual(['development compose.yaml:3:12 require-pinned-images']);
  });

  it("the prod layer introduces a problem: found at the prod layer's line, in production", () => {
    const report = run(files, ['no-privileged-containers', 'require-dropped-capabilities']);
    expect(where(report).filter((w) => w.startsWith('production'))).toEqual(expect.arrayContaining(['production compose.prod.yaml:6:17 no-privileged-containers']));
    expect(report.findings.filter((f) => f.environment === 'production' && f.file === 'compose.override.yaml')).toEqual([]);
  });

  it('the same base line failing in development and production is two findings with distinct fingerprints', () => {
    const report = run(files, ['require-probes']);
    const db = report.findings.filter((f) => f.range.start.line === 5 && f.file === 'compose.yaml');
    expect(db.map((f) => f.environment).sort()).toEqual(['development', 'production']);
    expect(new Set(db.map((f) => f.fingerprint)).size).toBe(2);
  });
});

describe('compose merge rules (Compose specification)', () => {
  const base = `services:
  web:
    image: nginx:1.27
    command: ["nginx", "-g", "daemon off;"]
    ports: ["8080:80"]
    volumes:
      - ./site:/usr/share/nginx/html
      - logs:/var/log/nginx
    environment:
      - MODE=base
      - KEEP=yes
    healthcheck:
      test: ["CMD", "true"]
      interval: 10s
`;
  const prod = `services:
  web:
    command: ["nginx-debug"]
    ports: ["127.0.0.1:8443:443"]
    volumes:
      - site-data:/usr/share/nginx/html
    environment:
      MODE: prod
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/"]
`;
  const files = classifyFiles([
    { path: 'docker-compose.yml', text: base },
    { path: 'docker-compose.prod.yml', text: prod },
  ]);
  const docs = files.flatMap((f) => parseFile(f).documents);
  const { documents } = composeModels(docs, (path) => docs.find((d) => d.file.path === path), { environmentOf: (f) => f.environment, headline: 'production' });
  const model = documents[0]!;
  const web = model.data as { services: { web: Record<string, unknown> } };
  const at = (path: (string | number)[]) => {
    const l = model.locate(path);
    return `${l.file}:${l.range.start.line}:${l.range.start.column}`;
  };

  it('one production model: the base is not judged alone', () => {
    expect(documents.map((d) => [d.composeModel?.environment, d.composeModel?.files])).toEqual([['production', ['docker-compose.yml', 'docker-compose.prod.yml']]]);
  });
  it('command and healthcheck.test are replaced; other healthcheck keys merge', () => {
    expect(web.services.web.command).toEqual(['nginx-debug']);
    expect(web.services.web.healthcheck).toEqual({ test: ['CMD', 'curl', '-f', 'http://localhost/'], interval: '10s' });
    expect(at(['services', 'web', 'command'])).toBe('docker-compose.prod.yml:3:14');
    expect(at(['services', 'web', 'healthcheck', 'interval'])).toBe('docker-compose.yml:14:17');
  });
  it('ports append by their unique key; volumes merge by target', () => {
    expect(web.services.web.ports).toEqual(['8080:80', '127.0.0.1:8443:443']);
    expect(web.services.web.volumes).toEqual(['site-data:/usr/share/nginx/html', 'logs:/var/log/nginx']);
    expect(at(['services', 'web', 'volumes', 0])).toBe('docker-compose.prod.yml:6:9');
    expect(at(['services', 'web', 'volumes', 1])).toBe('docker-compose.yml:8:9');
    expect(at(['services', 'web', 'ports', 1])).toBe('docker-compose.prod.yml:4:13');
  });
  it("environment merges by name, in the base's form, each entry at its own line", () => {
    expect(web.services.web.environment).toEqual(['MODE=prod', 'KEEP=yes']);
    expect(at(['services', 'web', 'environment', 0])).toBe('docker-compose.prod.yml:8:13');
    expect(at(['services', 'web', 'environment', 1])).toBe('docker-compose.yml:11:9');
  });
});

describe('config compose: chains', () => {
  const files: Files = [
    { path: 'compose.yaml', text: BASE },
    { path: 'deploy/live.yaml', text: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n' },
  ];

  it('a chain named in the config is the production model, whatever its file names', () => {
    const config = parseConfig('compose:\n  production: [compose.yaml, deploy/live.yaml]\n', '.readiness-lint.yaml', '.', KNOWN_RULES);
    expect(config.compose).toEqual({ production: [['compose.yaml', 'deploy/live.yaml']] });
    const report = run(files, ['require-pinned-images'], { config });
    expect(outcomesIn(report, 'production')).toEqual({ passed: 2, failed: 0, notApplicable: 0 });
    expect(where(report)).toEqual([]);
  });

  it('without the chain, the base alone is production and its :latest is found', () => {
    const report = run(files.slice(0, 1), ['require-pinned-images']);
    expect(where(report)).toEqual(['production compose.yaml:3:12 require-pinned-images']);
  });

  it('a chain names files, not globs, inside the project; errors name the line', () => {
    expect(() => parseConfig('compose:\n  prod: [compose.yaml, "compose.*.yaml"]\n', '.readiness-lint.yaml', '.', KNOWN_RULES)).toThrow(
      /\.readiness-lint\.yaml:2:\d+: \/compose\/prod\/1: a compose chain names files in the order of docker compose -f, not globs/,
    );
    expect(() => parseConfig('compose:\n  production: [../other/compose.yaml]\n', '.readiness-lint.yaml', '.', KNOWN_RULES)).toThrow(/names files inside the project/);
    expect(() => parseConfig('compose:\n  prodution: [compose.yaml]\n', '.readiness-lint.yaml', '.', KNOWN_RULES)).toThrow(
      /unknown environment 'prodution' \(did you mean 'production'\?\)/,
    );
    expect(() => parseConfig('compose:\n  production: compose.yaml\n', '.readiness-lint.yaml', '.', KNOWN_RULES)).toThrow(/\/compose\/production/);
  });

  it('a chain naming a file that is not in the run is a notice, not a silent pass', () => {
    const config = parseConfig('compose:\n  production: [compose.yaml, compose.live.yaml]\n', '.readiness-lint.yaml', '.', KNOWN_RULES);
    const report = run(files.slice(0, 1), ['require-pinned-images'], { config });
    expect(report.notices.join('\n')).toMatch(/config compose\.production names 'compose\.live\.yaml'/);
    // The base is still judged (alone, as the headline environment).
    expect(where(report)).toEqual(['production compose.yaml:3:12 require-pinned-images']);
  });
});

describe('extends, include and profiles', () => {
  it('extends (same file and file:) brings the extended settings, located where they are written', () => {
    const files: Files = [
      {
        path: 'compose.yaml',
        text: `services:
  base-app:
    image: ghcr.io/acme/app:1.0.0
    restart: unless-stopped
    profiles: [tools]
  api:
    extends: base-app
    command: ["node", "api.js"]
  worker:
    extends:
      file: common/services.yaml
      service: runner
`,
      },
      { path: 'common/services.yaml', text: 'services:\n  runner:\n    image: ghcr.io/acme/app:latest\n    restart: unless-stopped\n' },
    ];
    const restart = run(files, ['require-restart-policy']);
    // api and worker restart through what they extend; base-app is only in the `tools` profile (not an environment): judged too.
    expect(outcomesIn(restart, 'production')).toEqual({ passed: 3, failed: 0, notApplicable: 0 });
    const report = run(files, ['require-pinned-images']);
    expect(where(report)).toEqual(['production common/services.yaml:3:12 require-pinned-images']);
  });

  it('a prod layer that extends from the base (file: docker-compose.yml) layers onto it: production judges its pinned image', () => {
    const files: Files = [
      { path: 'docker-compose.yml', text: 'services:\n  api:\n    image: ghcr.io/acme/api:latest\n    restart: unless-stopped\n' },
      { path: 'docker-compose.prod.yml', text: 'services:\n  api:\n    extends:\n      file: docker-compose.yml\n      service: api\n    image: ghcr.io/acme/api:1.4.2\n' },
    ];
    const report = run(files, ['require-pinned-images']);
    expect(outcomesIn(report, 'production')).toEqual({ passed: 1, failed: 0, notApplicable: 0 });
    expect(where(report)).toEqual([]);
  });

  it('include brings the included services into the model; the included file is not judged alone', () => {
    const files: Files = [
      { path: 'compose.yaml', text: 'include:\n  - infra/compose.yaml\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    restart: unless-stopped\n' },
      { path: 'infra/compose.yaml', text: 'services:\n  cache:\n    image: redis:7.4\n' },
    ];
    const report = run(files, ['require-restart-policy']);
    expect(outcomesIn(report, 'production')).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
    expect(where(report)).toEqual(['production infra/compose.yaml:2:3 require-restart-policy']);
    // Judged once, inside the including model (outcomes are scored for the model's base file).
    expect(report.files.find((f) => f.path === 'infra/compose.yaml')?.score).toBeUndefined();
  });

  it('a service only in a dev or test profile is not production', () => {
    const files: Files = [
      {
        path: 'compose.yaml',
        text: `services:
  api:
    image: ghcr.io/acme/api:1.0.0
    restart: unless-stopped
  adminer:
    image: adminer:latest
    profiles: [dev]
  e2e:
    image: ghcr.io/acme/e2e:1.0.0
    profiles: [test]
`,
      },
    ];
    const report = run(files, ['require-pinned-images']);
    expect(where(report)).toEqual(['development compose.yaml:6:12 require-pinned-images']);
    expect(outcomesIn(report, 'production')).toEqual({ passed: 1, failed: 0, notApplicable: 0 });
    // e2e runs in its test profile only: a job there, not judged for a restart policy.
    const restart = run(files, ['require-restart-policy']);
    expect(outcomesIn(restart, 'test')).toEqual({ passed: 0, failed: 0, notApplicable: 1 });
    expect(outcomesIn(restart, 'development')).toEqual({ passed: 0, failed: 1, notApplicable: 0 });
  });
});
