// Redis used as a cache (src/knowledge/datastores/persistence.ts): declared by its command line or by its users.
import { describe, expect, it } from 'vitest';
import { commandText, redisPersistence, usesRedisAsCache } from '../../src/knowledge/datastores/persistence.js';

describe('Redis as a cache', () => {
  it('reads an empty --save argument of an exec-form command as snapshots switched off', () => {
    expect(commandText(['redis-server', '--save', ''])).toBe('redis-server --save ""');
    expect(redisPersistence(commandText(['redis-server', '--save', '']), {})).toBe('cache');
    expect(redisPersistence(commandText(['redis-server', '--save', '', '--appendonly', 'yes']), {})).toBe('aof');
    expect(redisPersistence(commandText(['redis-server', '--port', '6380']), {})).toBe('default');
  });

  it('knows Nextcloud REDIS_HOST as a cache-only user, and nothing else', () => {
    expect(usesRedisAsCache('nextcloud:29.0.4-apache', 'REDIS_HOST')).toBe(true);
    expect(usesRedisAsCache('docker.io/library/nextcloud:fpm', 'REDIS_HOST')).toBe(true);
    expect(usesRedisAsCache('nextcloud:29.0.4-apache', 'REDIS_URL')).toBe(false);
    expect(usesRedisAsCache('ghcr.io/acme/nextcloud:1.0', 'REDIS_HOST')).toBe(false);
    expect(usesRedisAsCache('ghcr.io/acme/app:3.1.0', 'REDIS_HOST')).toBe(false);
    expect(usesRedisAsCache(undefined, 'REDIS_HOST')).toBe(false);
  });
});
