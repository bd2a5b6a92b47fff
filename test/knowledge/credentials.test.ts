import { describe, expect, it } from 'vitest';
import { defaultCredentialIn, imageDefaultLogin, isCredentialKey, isDefaultCredential, isIdentifierKey, noAuthSwitch } from '../../src/knowledge/credentials.js';

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
