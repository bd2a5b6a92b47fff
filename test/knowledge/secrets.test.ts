import { describe, expect, it } from 'vitest';
import {
  browserPublicPrefix,
  detectTokenFormat,
  jwtRole,
  isHighEntropy,
  isPlaceholder,
  isSecretKeyName,
  judgeSecret,
  maskSecret,
  secretSpansInText,
  shannonEntropy,
  urlPassword,
} from '../../src/knowledge/secrets/secrets.js';

describe('isSecretKeyName', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['POSTGRES_PASSWORD', true],
    ['jwtSecret', true],
    ['JWT_SECRET_KEY', true],
    ['STRIPE_API_KEY', true],
    ['apiKey', true],
    ['GITHUB_TOKEN', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['SENTRY_DSN', false], // judged by value: urlPassword
    ['DB_PASS', true],
    ['PGADMIN_PW', true],
    ['MYSQL_ROOT_PWD', true],
    ['PWD', false],
    ['PRIVATE_KEY', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['SECRET_KEY_BASE', true],
    ['PASSWORD_FILE', false],
    ['POSTGRES_PASSWORD_FILE', false],
    ['PASSWORD_MIN_LENGTH', false],
    ['TOKEN_URL', false],
    ['SECRET_NAME', false],
    ['KEYCLOAK_CLIENT_ID', false],
    ['PUBLIC_KEY', false],
    ['STRIPE_PUBLISHABLE_KEY', false],
    ['JWT_EXPIRES_IN', false],
    ['JWT_SECRET_EXPIRES_IN', false],
    ['PASSWORD_RESET_TOKEN_EXPIRE_MINUTES', false],
    ['API_KEY_HEADER_NAME', false],
    ['SECRET_KEY_BASE', true],
    ['ADMIN_PASSWORD_HASH', true],
    ['ACCESS_TOKEN_EXPIRE_MINUTES', false],
    ['LOG_LEVEL', false],
    ['KEY', false],
    ['PASSPORT_STRATEGY', false],
    ['AIRFLOW__API_AUTH__JWT_SECRET_CMD', false],
    ['ETCD_AUTH_TOKEN', false],
    ['ETCD_ROOT_PASSWORD', true],
  ])('%s → %s', (key, expected) => expect(isSecretKeyName(key)).toBe(expected));
});

describe('detectTokenFormat', () => {
  it.each([
    ['AKIA2E0A8F3B244C9986', 'aws-access-key'],
    ['ghp_4fJ8kL2mN6pQ0rS4tV8wX2yZ6aB0cD4eF8gH', 'github-token'],
    ['glpat-Ab3dE6gH9jK2mN5pQ8sT', 'gitlab-token'],
    ['xoxb-123456789012-abcdefghijkl', 'slack-token'],
    ['sk_live_51Hc8dE2fG4hJ6kL8mN0pQ2r', 'stripe-key'],
    ['AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'google-api-key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'private-key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt'],
  ])('%s → %s', (value, id) => expect(detectTokenFormat(value)?.id).toBe(id));
  it.each(['AKIAIOSFODNN7EXAMPLE', 'sk_live_xxxxxxxxxxxxxxxx', 'hello world', 'ghp_short'])('no format in %s', (value) => expect(detectTokenFormat(value)).toBeUndefined());
});

describe('isPlaceholder', () => {
  it.each([
    '',
    'changeme',
    'change-me',
    'CHANGE_ME',
    '<your-api-key>',
    'your-secret-key-here',
    'your_api_key',
    'xxx',
    'XXXXXXXX',
    '***',
    '${DB_PASSWORD}',
    '$DB_PASSWORD',
    '{{ .Values.password }}',
    'example',
    'replace-me',
    'REPLACE_ME',
    'todo',
    'dummy',
    'put-your-token-here',
    '__SECRET__',
    'AKIAIOSFODNN7EXAMPLE',
    'ReplaceThisWith32RandomBytesBase64UrlString',
    'replace_with_your_key',
    '-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----',
    '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n',
  ])('placeholder: %j', (v) => expect(isPlaceholder(v)).toBe(true));
  it('a PEM block with a body is not a placeholder', () =>
    expect(isPlaceholder('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq8Zt3vN0pL6xR2mW9sK4yB7cF1hJ5dGe\n-----END RSA PRIVATE KEY-----')).toBe(false));
  it.each(['s3cr3t-Pr0d', 'hunter2', 'q8Zt3vN0pL6xR2mW9sK4yB7cF1hJ5dGe', 'password', 'admin'])('not a placeholder: %j', (v) => expect(isPlaceholder(v)).toBe(false));
});

describe('entropy', () => {
  it('computes bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
  it.each([
    ['q8Zt3vN0pL6xR2mW9sK4yB7cF1hJ5dGe', true],
    ['7d9f2c4b8a1e6f3d0c5b9a2e7f4d1c8b3a6e0f9d2c5b8a1e', true],
    ['this-is-not-random-at-all', false],
    ['test-only-password-1', false],
    ['my_app_secret_2024_prod', false],
    ['Zq3-x_P9kL2mN8vB4cX7zA1sD5fG', true],
    ['https://example.com/a1b2c3d4e5f6g7h8i9', false],
    ['123e4567-e89b-12d3-a456-426614174000', false],
    ['short1A', false],
  ])('%s → %s', (v, expected) => expect(isHighEntropy(v)).toBe(expected));
});

describe('urlPassword', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/app', 's3cret'],
    ['redis://:p%40ss@cache:6379/0', 'p@ss'],
    ['https://example.com/path', undefined],
    ['postgres://app@db/app', undefined],
  ])('%s', (v, expected) => expect(urlPassword(v)).toBe(expected));
});

describe('judgeSecret', () => {
  it.each([
    ['DB_PASSWORD', 'Pr0d-db-pass-2024', {}, 'literal'],
    ['DB_PASSWORD', 'changeme', {}, undefined],
    ['DB_PASSWORD', 'postgres', {}, undefined], // a well-known default: no-default-credentials' concern
    ['DB_PASSWORD', '${DB_PASSWORD}', {}, undefined],
    ['DB_PASSWORD', 'hunter2', { requireStrong: true }, undefined],
    ['JWT_SECRET', 'q8Zt3vN0pL6xR2mW9sK4yB7cF1hJ5dGe', { requireStrong: true }, 'high-entropy'],
    ['AWS_ACCESS_KEY_ID', 'AKIA2E0A8F3B244C9986', {}, 'token'],
    ['DATABASE_URL', 'postgres://app:Xk82jd93kdLq@db/app', {}, 'url-password'],
    ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db/app', {}, undefined],
    ['DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db/app', {}, undefined], // Kubernetes dependent env var
    ['LOG_LEVEL', 'q8Zt3vN0pL6xR2mW9sK4yB7cF1hJ5dGe', {}, undefined],
    ['FEATURE_TOKEN_ENABLED', 'true', {}, undefined],
    ['SENTRY_DSN', 'https://0123456789abcdef@o1.ingest.sentry.io/42', {}, undefined],
    ['DATABASE_DSN', 'mysql://app:Xk82jd93kdLq@db/app', {}, 'url-password'],
  ] as const)('%s=%s %j → %s', (key, value, options, kind) => expect(judgeSecret(key, value, options)?.kind).toBe(kind));
  it('never returns the value unmasked', () => {
    const found = judgeSecret('API_TOKEN', 'q8Zt3vN0pL6xR2mW9sK4yB7cF1hJ5dGe');
    expect(found?.masked).toBe('q8***');
  });
});

describe('public-by-design keys', () => {
  // Fixture tokens made for these tests (HS256 over a made-up project ref), not issued keys.
  const jwt = (payload: object) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.i52w-BYxoqDf8pRb3yYG2YW8qOUe-3wGfFkEPRnY-hQ`;
  const anon = jwt({ iss: 'supabase', ref: 'qwhpzxkvlmnbrtyuiopa', role: 'anon' });
  const serviceRole = jwt({ iss: 'supabase', ref: 'qwhpzxkvlmnbrtyuiopa', role: 'service_role' });
  const other = jwt({ sub: '42', name: 'api client' });

  it('reads the role claim of a JWT, and nothing from what is not one', () => {
    expect(jwtRole(anon)).toBe('anon');
    expect(jwtRole(`Bearer ${serviceRole}`)).toBe('service_role');
    expect(jwtRole(other)).toBeUndefined();
    expect(jwtRole('eyJhbGciOiJIUzI1NiJ9.eyJ!!!!notbase64json.sig')).toBeUndefined();
    expect(jwtRole(`eyJhbGciOiJIUzI1NiJ9.eyJ${'A'.repeat(9000)}.sig`)).toBeUndefined();
  });
  it.each([
    ['NEXT_PUBLIC_SUPABASE_ANON_KEY', 'NEXT_PUBLIC_'],
    ['VITE_API_KEY', 'VITE_'],
    ['REACT_APP_TOKEN', 'REACT_APP_'],
    ['EXPO_PUBLIC_KEY', 'EXPO_PUBLIC_'],
    ['NUXT_PUBLIC_API_KEY', 'NUXT_PUBLIC_'],
    ['PUBLIC_STRIPE_KEY', 'PUBLIC_'],
    ['GATSBY_ALGOLIA_KEY', 'GATSBY_'],
    ['API_KEY', undefined],
    ['next_public_key', undefined],
    ['VITE_', undefined],
  ])('%s → %s', (key, prefix) => expect(browserPublicPrefix(key)).toBe(prefix));
  it('an anonymous key is public anywhere; a service_role key is a secret anywhere', () => {
    expect(judgeSecret('NEXT_PUBLIC_SUPABASE_ANON_KEY', anon)).toBeUndefined();
    expect(judgeSecret('SUPABASE_ANON_KEY', anon)).toBeUndefined();
    expect(judgeSecret('SUPABASE_SERVICE_ROLE_KEY', serviceRole)).toMatchObject({ kind: 'token', format: 'Supabase service_role key', masked: 'ey***' });
    expect(judgeSecret('SUPABASE_SERVICE_ROLE_KEY', serviceRole)?.browserPrefix).toBeUndefined();
    expect(judgeSecret('NEXT_PUBLIC_SUPABASE_KEY', serviceRole)).toMatchObject({ kind: 'token', browserPrefix: 'NEXT_PUBLIC_' });
  });
  it('browser-public names hold publishable values, but never server-only credentials', () => {
    expect(judgeSecret('VITE_FIREBASE_API_KEY', 'AIzaSyD4x9Qw2Lm8Rt5Yp1Kc7Vb3Nz6Hj0Gf2Ds')).toBeUndefined();
    expect(judgeSecret('FIREBASE_API_KEY', 'AIzaSyD4x9Qw2Lm8Rt5Yp1Kc7Vb3Nz6Hj0Gf2Ds')?.kind).toBe('token');
    expect(judgeSecret('VITE_API_KEY', 'q8Zt3vN0pL6xR2mW9sK4yB7cF1hJ5dGe')).toBeUndefined();
    expect(judgeSecret('VITE_AUTH_TOKEN', other)).toBeUndefined();
    expect(judgeSecret('VITE_AWS_KEY', 'AKIA2E0A8F3B244C9986')).toMatchObject({ kind: 'token', browserPrefix: 'VITE_' });
    expect(judgeSecret('REACT_APP_DB', 'postgres://app:Xk82jd93kdLq@db/app')).toMatchObject({ kind: 'url-password', browserPrefix: 'REACT_APP_' });
  });
});

describe('maskSecret', () => {
  it.each([
    ['q8Zt3vN0pL6xR2mW', 'q8***'],
    ['abcdefgh', 'ab***'],
    ['hunter2', '***'],
    ['', '***'],
    ['  spaced-secret  ', 'sp***'],
  ])('%j → %s', (v, expected) => expect(maskSecret(v)).toBe(expected));
});

describe('server password flags are masked in any text', () => {
  const masked = (text: string) => secretSpansInText(text).map(([s, e]) => text.slice(s, e));
  it.each([
    ['command: redis-server --requirepass Xk82jd93kdLq --appendonly yes', 'Xk82jd93kdLq'],
    ['command: ["redis-server", "--requirepass", "Xk82jd93kdLq"]', 'Xk82jd93kdLq'],
    ["command: redis-server --masterauth 'Xk82 jd93'", 'Xk82 jd93'],
    ['args:\n  - --requirepass\n  - Xk82jd93kdLq\n', 'Xk82jd93kdLq'],
    ['  redis.conf: |\n    requirepass Xk82jd93kdLq\n', 'Xk82jd93kdLq'],
  ])('%s', (text, secret) => expect(masked(text)).toContain(secret));
  it('references and empty values are not spans', () => {
    expect(masked('redis-server --requirepass "$REDIS_PASSWORD"')).toEqual([]);
    expect(masked('redis-server --requirepass ${REDIS_PASSWORD}')).toEqual([]);
    expect(masked('redis-server --requirepass ""')).toEqual([]);
  });
  it('is linear on hostile input', () => {
    const text = `--requirepass ${'\t'.repeat(50_000)}` + ' --requirepass'.repeat(20_000);
    const start = performance.now();
    secretSpansInText(text);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
