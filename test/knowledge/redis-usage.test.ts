import { describe, expect, it } from 'vitest';
import { composeServices } from '../../src/knowledge/compose/compose.js';
import { composeRedisUsage, redisCacheReason } from '../../src/knowledge/datastores/redis-usage.js';
import { projectOf } from './helpers.js';

function usageOf(text: string, redis = 'redis') {
  const doc = projectOf([{ path: 'compose.yaml', kind: 'compose', text }]).ofKind('compose')[0]!;
  const services = composeServices(doc);
  return composeRedisUsage(
    services,
    services.find((s) => s.name === redis)!,
  );
}

describe('redisCacheReason', () => {
  it('a declared cache is a cache whatever its users say', () => {
    expect(redisCacheReason('cache', undefined, 'store')).toBe('declared a cache');
  });

  it('a Redis nothing names, with nothing configured, holds data (an application store reached by a fixed host)', () => {
    expect(redisCacheReason('default', undefined, 'redis-leader')).toBeUndefined();
    expect(redisCacheReason('default', usageOf('services:\n  redis:\n    image: redis:7\n'), 'redis')).toBeUndefined();
  });

  it('users and names decide only when nothing is configured', () => {
    const cacheUsers = usageOf('services:\n  app:\n    environment:\n      CACHE_URL: redis://redis:6379\n  redis:\n    image: redis:7\n');
    expect(cacheUsers.cacheOnly).toBe(true);
    expect(redisCacheReason('default', cacheUsers, 'redis')).toBe('used only as a cache (app CACHE_URL)');
    expect(redisCacheReason('aof', cacheUsers, 'redis')).toBeUndefined();
    expect(redisCacheReason('default', undefined, 'redis-cache')).toBe('a cache by name');
  });

  it('one store user keeps it data, even when named a cache', () => {
    const usage = usageOf('services:\n  app:\n    environment:\n      QUEUE_URL: redis://cache:6379\n      CACHE_HOST: cache\n  cache:\n    image: redis:7\n', 'cache');
    expect(usage.store?.entry.key).toBe('QUEUE_URL');
    expect(redisCacheReason('default', usage, 'cache')).toBeUndefined();
  });
});
