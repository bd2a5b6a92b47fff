// Is a Redis / Valkey server a cache (nothing worth keeping) or the store of some application?
// Shared by require-redis-persistence and require-backups so they agree on which Redis holds data.
//
// Decision: a Redis is a cache when its configuration declares it (`--save ""`, an eviction policy,
// `appendonly no`: see redisPersistence), or, when nothing is configured, when no user reaches it
// under a store key (queue, broker, session, job, lock …) and either every user reaches it as a
// cache (`CACHE_URL`, a known cache-only consumer such as Nextcloud's `REDIS_HOST`) or it is
// named for a cache (`cache`, `redis-cache`). Anything else — including a Redis nobody names in env,
// like an application's only store reached by a hard-coded host — holds data.

import { composeEnvironment, type ComposeEnvEntry, type ComposeService } from '../compose/compose.js';
import { usesRedisAsCache, type RedisPersistence } from './persistence.js';
import { scalarText } from '../data/values.js';

/** Env keys that use Redis as a store rather than a cache. */
const STORE_KEY = /QUEUE|BROKER|CELERY|SESSION|JOB|BULL|SIDEKIQ|(^|_)RQ(_|$)|STREAM|LOCK|STORE|PUBSUB|CHANNEL/i;
/** Env keys that use it as a cache. */
const CACHE_KEY = /CACHE/i;
/** Env keys whose bare value is a host (`REDIS_HOST=redis`, `CACHE_ADDR=redis:6379`). */
const HOST_KEY = /(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|SERVERS|ENDPOINT)$/i;

interface RedisReference {
  /** The service whose env points at the Redis. */
  user: ComposeService;
  entry: ComposeEnvEntry;
}

export interface RedisUsage {
  references: RedisReference[];
  /** The first reference under a store key, if any. */
  store?: RedisReference;
  /** Every reference (at least one) reaches it as a cache. */
  cacheOnly: boolean;
}

/** How the other services of a compose file use Redis service `redis`: `redis://` URLs, or a bare host under a host key. */
export function composeRedisUsage(services: readonly ComposeService[], redis: ComposeService): RedisUsage {
  const escaped = redis.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const url = new RegExp(`rediss?://([^@/]*@)?${escaped}([:/]|$)`);
  const host = new RegExp(`^${escaped}(:\\d+)?$`);
  const references = services
    .filter((o) => o.name !== redis.name)
    .flatMap((user) => composeEnvironment(user).map((entry) => ({ user, entry })))
    .filter(({ entry: e }) => e.value !== undefined && (url.test(e.value) || (HOST_KEY.test(e.key) && host.test(e.value.trim()))));
  const store = references.find(({ entry }) => STORE_KEY.test(entry.key));
  const cacheOnly =
    references.length > 0 &&
    references.every(({ user, entry }) => (CACHE_KEY.test(entry.key) && !STORE_KEY.test(entry.key)) || usesRedisAsCache(scalarText(user.data.image), entry.key));
  return { references, store, cacheOnly };
}

/**
 * Why a Redis is a cache, or undefined when it holds data. `usage` is known for compose services
 * only; `name` is the service or workload name.
 */
export function redisCacheReason(mode: RedisPersistence, usage: RedisUsage | undefined, name: string): string | undefined {
  if (mode === 'cache') return 'declared a cache';
  if (mode !== 'default' || usage?.store) return undefined;
  if (usage?.cacheOnly) return `used only as a cache (${usage.references.map(({ user, entry }) => `${user.name} ${entry.key}`).join(', ')})`;
  if (/cache/i.test(name)) return 'a cache by name';
  return undefined;
}
