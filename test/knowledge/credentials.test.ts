import { describe, expect, it } from 'vitest';
import {
  commandCredentials,
  defaultCredentialIn,
  imageDefaultLogin,
  isCredentialKey,
  isDefaultCredential,
  isIdentifierKey,
  noAuthSwitch,
} from '../../src/knowledge/secrets/credentials.js';
import { resolveInterpolationDefaults } from '../../src/knowledge/compose/interpolation.js';

describe('credentials', () => {
  it('recognises defaults and placeholders used as values', () => {
    for (const v of ['admin', 'postgres', 'changeme', 'your-secret-key', 'prom-operator', '<password>']) expect(isDefaultCredential(v), v).toBe(true);
    for (const v of ['', '${DB_PASSWORD}', '{{ .Values.pw }}', 'q8Zr2mXv7LpW4nTb', 'true']) expect(isDefaultCredential(v), v).toBe(false);
    expect(isDefaultCredential('XXXXXXX', { placeholders: false })).toBe(false);
    expect(isDefaultCredential('admin', { placeholders: false })).toBe(true);
  });
  it('tells credential keys from references to them', () => {
    expect(isCredentialKey('POSTGRES_PASSWORD')).toBe(true);
    expect(isCredentialKey('adminPassword')).toBe(true);
    for (const k of ['existingSecret', 'existingSecretPasswordKey', 'userPasswordKey', 'pipelineSecretTemplate', 'numTokens', 'initialClusterToken']) {
      expect(isCredentialKey(k), k).toBe(false);
    }
    expect(isIdentifierKey('apiUsername')).toBe(true);
    expect(isIdentifierKey('apiPassword')).toBe(false);
  });
  it('finds defaults in values, compose fallbacks and URLs', () => {
    expect(defaultCredentialIn('JWT_SECRET', '${JWT_SECRET:-your-secret-key}')?.where).toBe('fallback');
    expect(defaultCredentialIn('DATABASE_URL', 'postgres://postgres:postgres@db/app')?.where).toBe('url');
    expect(defaultCredentialIn('token', 'token')?.where).toBe('value');
    expect(defaultCredentialIn('DATABASE_URL', 'postgres://app:${PW}@db/app')).toBeUndefined();
    expect(defaultCredentialIn('LOG_LEVEL', 'admin')).toBeUndefined();
  });
  it('knows images with default logins and switches that turn auth off', () => {
    expect(imageDefaultLogin('grafana/grafana:11.3.0')?.product).toBe('Grafana');
    expect(imageDefaultLogin('quay.io/minio/minio:latest')?.product).toBe('MinIO');
    expect(imageDefaultLogin('nginx:1.27')).toBeUndefined();
    expect(noAuthSwitch('POSTGRES_HOST_AUTH_METHOD', 'trust')).toBeDefined();
    expect(noAuthSwitch('MYSQL_ALLOW_EMPTY_PASSWORD', 'yes')).toBeDefined();
    expect(noAuthSwitch('POSTGRES_HOST_AUTH_METHOD', 'scram-sha-256')).toBeUndefined();
  });
});

describe('interpolation defaults and command-line credentials', () => {
  it('resolves ${VAR:-default} and ${VAR-default}, keeping references without one', () => {
    expect(resolveInterpolationDefaults('redis://:${REDIS_PASSWORD:-redis123}@cache')).toEqual({ text: 'redis://:redis123@cache', defaulted: true, unresolved: false });
    expect(resolveInterpolationDefaults('app:${V-latest}')).toEqual({ text: 'app:latest', defaulted: true, unresolved: false });
    expect(resolveInterpolationDefaults('${A}:${B:?x}:$$C')).toEqual({ text: '${A}:${B:?x}:$$C', defaulted: false, unresolved: true });
  });
  it('a default with a counter appended is still a default', () => {
    expect(isDefaultCredential('redis123')).toBe(true);
    expect(isDefaultCredential('Password1!')).toBe(true);
    expect(isDefaultCredential('Xk82jd93kdLq')).toBe(false);
    expect(isDefaultCredential('r3d1s')).toBe(false);
  });
  it('a URL whose password defaults to a well-known one', () => {
    expect(defaultCredentialIn('REDIS_URL', 'redis://:${REDIS_PASSWORD:-redis123}@cache:6379')).toEqual({ where: 'url' });
    expect(defaultCredentialIn('REDIS_URL', 'redis://:${REDIS_PASSWORD:-Xk82jd93kdLq}@cache:6379')).toBeUndefined();
    expect(defaultCredentialIn('REDIS_URL', 'redis://:${REDIS_PASSWORD}@cache:6379')).toBeUndefined();
  });
  it.each([
    [['redis-server --requirepass ""'], { element: 0, where: 'empty', flag: '--requirepass' }],
    [['redis-server', '--requirepass', ''], { element: 2, where: 'empty' }],
    [['redis-server', '--requirepass'], { element: 1, where: 'empty' }],
    [['redis-server', '--requirepass', 'redis123'], { element: 2, where: 'value', value: 'redis123' }],
    [['sh', '-c', 'exec redis-server --requirepass "${REDIS_PASSWORD:-redis123}"'], { element: 2, where: 'fallback', value: 'redis123' }],
    [['redis-server --masterauth=${MASTER_PASSWORD-}'], { where: 'empty', flag: '--masterauth' }],
    [['celery', '-b', 'redis://:${REDIS_PASSWORD:-redis}@queue/0'], { element: 2, where: 'url', flag: 'redis' }],
    [['migrate --dsn=postgres://app:${DB_PASSWORD:-postgres}@db/app'], { where: 'url' }],
    [['run --token ${API_TOKEN:-changeme}'], { where: 'fallback', flag: 'API_TOKEN' }],
  ] as const)('%j', (command, hit) => expect(commandCredentials(command)).toEqual([expect.objectContaining(hit)]));
  it.each([
    [['redis-server', '--requirepass', '$REDIS_PASSWORD']],
    [['redis-server --requirepass "${REDIS_PASSWORD:?required}"']],
    [['redis-server --requirepass "${REDIS_PASSWORD:-Xk82jd93kdLq}"']], // a literal, but not a default: no-plaintext-secrets' concern
    [['redis-server', '--appendonly', 'yes']],
    [['run --mode ${MODE:-admin}']], // not a credential variable
  ] as const)('%j → nothing', (command) => expect(commandCredentials(command)).toEqual([]));
});
