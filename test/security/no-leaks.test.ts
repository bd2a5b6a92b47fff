// Known secrets planted in every artifact kind must not appear in any output format.
// The secrets are assembled at run time so the repository itself holds none.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { FORMATTERS, formatToString } from '../../src/formatters/index.js';

const join = (...parts: string[]) => parts.join('');
const SECRETS = {
  aws: join('AKIA', 'Z7Q4XK2M9PLR3TVW'),
  awsSecret: join('q8Vn2rT5wXy7Kp4', 'Lm9Bc3Hd6Fg1Js0AzE4uWt'),
  github: join('gh', 'p_', 'R4nd0mF4k3T0k3nV4lu3F0rT3st1ng0000'),
  jwtSecret: join('Zq8vN2rT5wXy7K', 'p4Lm9Bc3Hd6Fg1Js0A'),
  dbPassword: join('p9X#kL2', 'vQ8!mZ4wR7'),
  dockerKey: join('sk_', 'live_', '51H8f2kLmN0pQrStUvWxYz0123'),
  helmPassword: join('Hx7Kq2Lp', '9Vz4Mw8Nr3'),
  pemBody: join('MIIEowIBAAKCAQEA7', 'x9Lq2Vn8Rt5Wy3Kp6Mz1Bc4Hd7Fg0Js'),
};

const files = [
  {
    path: '.env.production',
    text: `AWS_ACCESS_KEY_ID=${SECRETS.aws}\nAWS_SECRET_ACCESS_KEY=${SECRETS.awsSecret}\nGITHUB_TOKEN=${SECRETS.github}\nJWT_SECRET="${SECRETS.jwtSecret}"\nPRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\n${SECRETS.pemBody}\n-----END RSA PRIVATE KEY-----"\n`,
  },
  { path: '.env.example', text: `JWT_SECRET=${SECRETS.jwtSecret}\n` },
  {
    path: 'docker-compose.yml',
    text: `services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: "${SECRETS.dbPassword}"\n      API_TOKEN: ${SECRETS.github}\n`,
  },
  {
    path: 'k8s/deployment.yaml',
    text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.0\n          env:\n            - name: JWT_SECRET\n              value: "${SECRETS.jwtSecret}"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  DB_PASSWORD: "${SECRETS.dbPassword}"\n`,
  },
  { path: 'Dockerfile', text: `FROM node:22.11\nENV STRIPE_SECRET_KEY=${SECRETS.dockerKey}\nARG DB_PASSWORD=${SECRETS.dbPassword}\nUSER node\n` },
  { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: chart\nversion: 1.0.0\n' },
  { path: 'chart/values-prod.yaml', text: `auth:\n  password: "${SECRETS.helmPassword}"\n  token: ${SECRETS.github}\n` },
];

describe('secrets never leave', () => {
  const { report, files: linted } = lint({ files });
  const sources = new Map(linted.map((f) => [f.path, f.text]));

  it('the planted secrets are found (so the test is meaningful)', () => {
    const secretRules = new Set(report.findings.map((f) => f.ruleId));
    expect(secretRules.has('no-secrets-in-env-files')).toBe(true);
    expect(report.findings.length).toBeGreaterThan(3);
  });

  it('every output format is checked, those with code frames among them', () => {
    expect(Object.keys(FORMATTERS).sort()).toEqual(['compact', 'github', 'gitlab', 'html', 'json', 'junit', 'markdown', 'sarif', 'text']);
  });

  // Formats that show source lines: the frames must be there, or the check below proves little.
  const FRAME = { text: /^ {2}> +\d+ \| /m, html: /<span class="hit"><span class="ln">&gt; +\d+ \| <\/span>/, junit: /^ {2}&gt; +\d+ \| /m } as Record<string, RegExp>;

  for (const [format, formatter] of Object.entries(FORMATTERS)) {
    it(`${format} output holds none of them`, () => {
      const text = formatToString(formatter, report, { cwd: '.', color: false, sources });
      if (FRAME[format]) expect(text).toMatch(FRAME[format]);
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect(text.includes(secret), `${name} leaked in ${format}`).toBe(false);
        // nor a recognisable part of it (masking keeps at most the first 2 characters)
        expect(text.includes(secret.slice(2, 10)), `part of ${name} leaked in ${format}`).toBe(false);
      }
    });
  }
});
