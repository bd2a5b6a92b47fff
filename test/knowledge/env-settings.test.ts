import { describe, expect, it } from 'vitest';
import { insecureTlsSetting, isInternalHost, publicHttpUrl, rateLimitSwitchedOff, shellWords, tlsSwitchedOff, weakTlsMinimum } from '../../src/knowledge/settings/env-settings.js';

describe('env-settings', () => {
  it('splits Dockerfile arguments like the builder', () => {
    expect(shellWords('A=b C="d e" F=\'g h\'')).toEqual(['A=b', 'C=d e', 'F=g h']);
    expect(shellWords('EMPTY="" X')).toEqual(['EMPTY=', 'X']);
  });
  it('tells internal hosts from public ones', () => {
    for (const h of ['localhost', 'db', 'api.default.svc.cluster.local', '10.0.0.4', '172.20.1.1', 'host.docker.internal', 'app.example.com', 'x.internal']) {
      expect(isInternalHost(h), h).toBe(true);
    }
    for (const h of ['api.acme.io', '8.8.8.8', 'acme.com']) expect(isInternalHost(h), h).toBe(false);
    expect(publicHttpUrl('http://api.acme.io/v1')?.host).toBe('api.acme.io');
    expect(publicHttpUrl('http://backend:8080')).toBeUndefined();
    expect(publicHttpUrl('https://api.acme.io')).toBeUndefined();
  });
  it('recognises TLS switched off', () => {
    expect(tlsSwitchedOff('TLS_ENABLED', 'false')).toBe(true);
    expect(tlsSwitchedOff('REDIS_TLS', 'false')).toBe(true);
    expect(tlsSwitchedOff('DISABLE_SSL', 'true')).toBe(true);
    expect(tlsSwitchedOff('tls_enabled', 'true')).toBe(false);
    expect(tlsSwitchedOff('TLS_VERIFY', 'false')).toBe(false);
    expect(tlsSwitchedOff('SSL_CERT_FILE', 'false')).toBe(false);
  });
  it('recognises disabled certificate verification', () => {
    expect(insecureTlsSetting('NODE_TLS_REJECT_UNAUTHORIZED', '0')).toBeDefined();
    expect(insecureTlsSetting('NODE_TLS_REJECT_UNAUTHORIZED', '1')).toBeUndefined();
    expect(insecureTlsSetting('PYTHONHTTPSVERIFY', '0')).toBeDefined();
    expect(insecureTlsSetting('ES_SSL_VERIFY', 'false')).toBeDefined();
    expect(insecureTlsSetting('VAULT_SKIP_VERIFY', 'true')).toBeDefined();
    expect(insecureTlsSetting('INSECURE_SKIP_TLS_VERIFY', 'true')).toBeDefined();
    expect(insecureTlsSetting('DATABASE_URL', 'postgres://app:pw@db.acme.io:5432/app?sslmode=disable')).toBeDefined();
    expect(insecureTlsSetting('DATABASE_URL', 'postgres://app:pw@db:5432/app?sslmode=disable')).toBeUndefined();
    expect(insecureTlsSetting('MONGO_URL', 'mongodb://m.acme.io/?tlsAllowInvalidCertificates=true')).toBeDefined();
    expect(insecureTlsSetting('SSL_VERIFY', 'true')).toBeUndefined();
  });
  it('recognises minimum TLS versions below 1.2', () => {
    expect(weakTlsMinimum('TLS_MIN_VERSION', '1.0')).toBe('1.0');
    expect(weakTlsMinimum('SSL_PROTOCOLS', 'TLSv1 TLSv1.1 TLSv1.2')).toBe('TLSv1, TLSv1.1');
    expect(weakTlsMinimum('MIN_TLS_VERSION', 'VersionTLS11')).toBe('VersionTLS11');
    expect(weakTlsMinimum('TLS_MIN_VERSION', '1.2')).toBeUndefined();
    expect(weakTlsMinimum('SSL_PROTOCOLS', 'TLSv1.2 TLSv1.3')).toBeUndefined();
    expect(weakTlsMinimum('NODE_OPTIONS', '--max-old-space-size=512 --tls-min-v1.0')).toBe('--tls-min-v1.0');
    expect(weakTlsMinimum('TLS_MAX_VERSION', '1.1')).toBeUndefined();
  });
  it('recognises rate limiting switched off', () => {
    expect(rateLimitSwitchedOff('RATE_LIMIT_ENABLED', 'false')).toBe(true);
    expect(rateLimitSwitchedOff('RATE_LIMIT', 'off')).toBe(true);
    expect(rateLimitSwitchedOff('DISABLE_RATE_LIMIT', 'true')).toBe(true);
    expect(rateLimitSwitchedOff('rateLimit_enabled', 'false')).toBe(true);
    expect(rateLimitSwitchedOff('RATE_LIMIT', '100')).toBe(false);
    expect(rateLimitSwitchedOff('RATE_LIMIT_ENABLED', 'true')).toBe(false);
  });
});
