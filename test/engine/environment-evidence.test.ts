// Issue 11: the report says for each file which environment it serves and why, and the config
// speaks the one model's words: `env:` and `environments:` keys take aliases, an unknown name is
// a configuration error with a did-you-mean at its line.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { lint } from '../../src/engine/lint.js';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };

const DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nCMD ["node", "server.js"]\n';
const FILES = [
  { path: 'charts/app/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\n' },
  { path: 'charts/app/values.yaml', text: 'replicas: 1\n' },
  { path: 'charts/app/values-prod.yaml', text: 'replicas: 3\n' },
  { path: 'k8s/overlays/qa/.env', text: 'LOG_LEVEL=info\n' },
  { path: 'docker-compose.override.yml', text: 'services:\n  api:\n    image: api:1.0\n' },
  { path: 'deploy/live-eu/Dockerfile', text: DOCKERFILE },
  { path: 'api/Dockerfile', text: DOCKERFILE },
];

const config = (text: string) => parseConfig(text, '.readiness-lint.yaml', '', new Set());

describe('files[].environmentEvidence', () => {
  it('names the environment each file is judged as and what decided it', () => {
    const { report } = lint({ files: FILES });
    const evidence = Object.fromEntries(report.files.map((f) => [f.path, f.environmentEvidence]));
    expect(evidence).toEqual({
      'api/Dockerfile': {
        environment: 'production',
        source: 'none',
        detail: "nothing in its name or folders names an environment: judged as the headline environment (production; --env or the config's env: change it)",
      },
      'charts/app/Chart.yaml': expect.objectContaining({ environment: 'production', source: 'none' }),
      'charts/app/values-prod.yaml': { environment: 'production', source: 'file-name', detail: 'file name token "prod"' },
      'charts/app/values.yaml': expect.objectContaining({ environment: 'production', source: 'none' }),
      'deploy/live-eu/Dockerfile': { environment: 'production', source: 'folder', detail: 'folder "deploy/live-eu/" token "live"' },
      'docker-compose.override.yml': { environment: 'development', source: 'compose-layer', detail: 'compose layer "override" (development by the Compose convention)' },
      'k8s/overlays/qa/.env': { environment: 'staging', source: 'folder', detail: 'folder "k8s/overlays/qa/" token "qa"' },
    });
    // the file's own environment stays as before: unknown when nothing names one
    expect(report.files.find((f) => f.path === 'api/Dockerfile')?.environment).toBe('unknown');
    // environmentEvidence is there since 1.1
    expect(Number(report.reportVersion.split('.')[1])).toBeGreaterThanOrEqual(1);
    const validate = new Ajv({ strict: false });
    (addFormats as unknown as (a: Ajv) => void)(validate);
    expect(validate.validate(reportSchema, JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a config glob wins and is named; config env: takes an alias for the headline', () => {
    const cfg = config('env: stg\nenvironments:\n  dev: [api/**]\n  prod: ["deploy/**", "!deploy/old/**"]\n');
    expect(cfg.env).toBe('staging');
    expect(cfg.environments).toEqual({ development: ['api/**'], production: ['deploy/**', '!deploy/old/**'] });
    const { report } = lint({ files: FILES, config: cfg });
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    expect(report.environment).toBe('staging');
    expect(byPath.get('api/Dockerfile')).toMatchObject({
      environment: 'development',
      environmentEvidence: { environment: 'development', source: 'config', detail: 'config environments.development glob "api/**"' },
    });
    expect(byPath.get('deploy/live-eu/Dockerfile')?.environmentEvidence).toMatchObject({ source: 'config', detail: 'config environments.production glob "deploy/**"' });
    // unnamed files are judged as the headline (staging here)
    expect(byPath.get('charts/app/Chart.yaml')?.environmentEvidence).toMatchObject({ environment: 'staging', source: 'none' });
  });

  it('an unknown environment in the config is an error at its line with a did-you-mean', () => {
    const typo = () => config('failOn: error\nenv: prodution\n');
    expect(typo).toThrow(ConfigError);
    expect(typo).toThrow(".readiness-lint.yaml:2:6: /env: unknown environment 'prodution' (did you mean 'production'?)");
    const key = () => config('environments:\n  stagin:\n    - k8s/**\n');
    expect(key).toThrow(/^\.readiness-lint\.yaml:3:\d+: \/environments\/stagin: unknown environment 'stagin' \(did you mean 'staging'\?\)/);
  });
});
