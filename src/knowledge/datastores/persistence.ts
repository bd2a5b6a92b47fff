// Persistence knowledge for the data rules: where a datastore keeps its data (default data
// directories, adjusted by env such as PGDATA and by paths on its command line), whether a mount
// covers that place, and how a Redis / Valkey server is configured to persist.
//
// Decisions:
// - A mount covers a data directory when it is mounted at the directory, at a parent of it, or at
//   a subdirectory the server is told to use (PGDATA=/var/lib/postgresql/data/pgdata).
// - Redis persistence: `--appendonly yes` or a non-empty `--save` on the command line (or the same
//   settings through REDIS_ARGS / Bitnami's REDIS_AOF_ENABLED) enable it; a config file passed on the
//   command line or mounted (`*.conf`) is given the benefit of the doubt; `--save ""` together with
//   no AOF, or an eviction policy (`--maxmemory-policy allkeys-*`), declares a cache. Nothing at all
//   means the image default: RDB snapshots to /data at long intervals and no AOF.
// - A Redis is also a cache when its users say so: every env reference to it sits under a cache key
//   (`CACHE_URL`, `REDIS_CACHE_HOST`) or is the Redis key of a known cache-only consumer
//   (REDIS_CACHE_CONSUMERS); one reference under any other key keeps it judged.

import type { Datastore } from './datastores.js';
import { parseImageRef } from '../containers/images.js';
import { trimTrailingSlashes } from '../../parsers/linear-regex.js';

/**
 * A `.conf` argument in a command line: `/\S+\.conf\b/` (RE2's ASCII classes), read in one pass.
 * As a RegExp it was quadratic on a long token; on RE2 it made every compose run with a Redis
 * service load re2js for this one question.
 */
function hasConfArgument(command: string): boolean {
  for (let at = command.indexOf('.conf', 1); at !== -1; at = command.indexOf('.conf', at + 1)) {
    if (!isRe2Space(command.charCodeAt(at - 1)) && !isWordChar(command.charCodeAt(at + 5))) return true;
  }
  return false;
}

/** RE2's `\s`: tab, newline, form feed, carriage return, space (not the vertical tab). */
const isRe2Space = (c: number): boolean => c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
/** `\w` (NaN past the end: not a word character). */
const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

export function commandText(value: unknown): string {
  // An empty argument stays visible as `""`: `["redis-server", "--save", ""]` switches snapshots off.
  if (Array.isArray(value)) return value.map((v) => (v === '' ? '""' : typeof v === 'string' || typeof v === 'number' ? String(v) : '')).join(' ');
  return typeof value === 'string' ? value : '';
}

/** Env keys that move a datastore's data directory. */
const DATA_DIR_ENV: Record<string, string[]> = {
  postgres: ['PGDATA', 'POSTGRESQL_DATA_DIR'],
  mysql: ['MYSQL_DATADIR', 'MARIADB_DATA_DIR', 'MYSQL_DATA_DIR'],
  elasticsearch: ['path.data', 'PATH_DATA'],
  opensearch: ['path.data', 'PATH_DATA'],
  kafka: ['KAFKA_LOG_DIRS', 'KAFKA_CFG_LOG_DIRS'],
  rabbitmq: ['RABBITMQ_MNESIA_BASE', 'RABBITMQ_MNESIA_DIR'],
  neo4j: ['NEO4J_server_directories_data', 'NEO4J_dbms_directories_data'],
  minio: ['MINIO_VOLUMES'],
  etcd: ['ETCD_DATA_DIR'],
  zookeeper: ['ZOO_DATA_DIR'],
  influxdb: ['INFLUXD_BOLT_PATH', 'INFLUXD_ENGINE_PATH'],
};

/** Where the datastore keeps its data: default directories plus env- and command-line-given paths. */
export function dataDirectories(ds: Datastore, env: Record<string, string | undefined>, command: string): string[] {
  const dirs = new Set([...ds.dataDirs, ...(EXTRA_DATA_DIRS[ds.id] ?? [])]);
  for (const key of DATA_DIR_ENV[ds.id] ?? []) {
    const v = env[key];
    if (v && v.startsWith('/')) for (const part of v.split(/[,\s]+/)) if (part.startsWith('/')) dirs.add(part);
  }
  // Absolute paths on the command line (`minio server /data`, `--dir /data`, `--datadir=/db`).
  for (const m of command.matchAll(/(?:^|[\s=])(\/[A-Za-z0-9._\-/]+)/g)) {
    const p = m[1]!;
    if (
      !/\.(conf|cnf|ya?ml|json|sh|ini|cfg|properties)$/.test(p) &&
      !p.startsWith('/usr/') &&
      !p.startsWith('/bin') &&
      !p.startsWith('/etc') &&
      !p.startsWith('/docker-entrypoint')
    )
      dirs.add(p);
  }
  return [...dirs].map((d) => trimTrailingSlashes(d) || '/');
}

/** Does a mount at `target` keep `dir`? (at it, at a parent, or at a subdirectory the server uses). */
export function mountCovers(target: string, dir: string): boolean {
  const t = trimTrailingSlashes(target) || '/';
  const d = trimTrailingSlashes(dir) || '/';
  if (t === d) return true;
  if (t === '/') return false;
  return d.startsWith(t + '/');
}

export type RedisPersistence =
  | 'aof' // appendonly yes
  | 'rdb' // an explicit non-empty save schedule
  | 'config-file' // a redis.conf decides; not visible here
  | 'cache' // persistence switched off on purpose, or an eviction policy: a cache
  | 'default'; // nothing configured: the image default (infrequent RDB snapshots, no AOF)

/** Read a Redis / Valkey server's persistence from its command line, env and mounted files. */
export function redisPersistence(command: string, env: Record<string, string | undefined>, mountTargets: readonly string[] = []): RedisPersistence {
  const text = [command, env.REDIS_ARGS ?? '', env.VALKEY_EXTRA_FLAGS ?? '', env.REDIS_EXTRA_FLAGS ?? ''].join(' ');
  const aof = /--appendonly[\s=]+["']?(yes|no)/i.exec(text)?.[1]?.toLowerCase();
  const bitnamiAof = env.REDIS_AOF_ENABLED ?? env.VALKEY_AOF_ENABLED;
  if (aof === 'yes' || (bitnamiAof !== undefined && /^(yes|true|1)$/i.test(bitnamiAof))) return 'aof';
  const save = /--save[\s=]+("[^"]*"|'[^']*'|\S+)((?:\s+\d+)*)/i.exec(text);
  if (save) {
    const first = save[1]!.replace(/^["']|["']$/g, '');
    if (first !== '' && /^\d/.test(first)) return 'rdb';
    return 'cache';
  }
  if (/--maxmemory-policy[\s=]+["']?(allkeys|volatile)-/i.test(text)) return 'cache';
  if (aof === 'no' || (bitnamiAof !== undefined && /^(no|false|0)$/i.test(bitnamiAof))) return 'cache';
  if (hasConfArgument(command) || mountTargets.some((t) => /\.conf$/.test(t) || /\/usr\/local\/etc\/redis\/?$/.test(t))) return 'config-file';
  return 'default';
}

/**
 * Applications that keep only rebuildable data in the Redis one of their env keys names: Nextcloud's
 * official image (`REDIS_HOST`) uses it as distributed memcache, for transactional file locks and,
 * through the image's entrypoint, for PHP sessions; login tokens live in its database, so a Redis
 * restart costs a browser re-login at most. Matched on the image repository and the exact key.
 */
const REDIS_CACHE_CONSUMERS: readonly { repository: RegExp; keys: readonly string[] }[] = [{ repository: /^(library\/)?nextcloud$/, keys: ['REDIS_HOST'] }];

/** Does the application of `image` use the Redis named under env `key` only as a cache? */
export function usesRedisAsCache(image: string | undefined, key: string): boolean {
  const repository = image ? parseImageRef(image)?.repository : undefined;
  if (!repository) return false;
  return REDIS_CACHE_CONSUMERS.some((c) => c.repository.test(repository) && c.keys.includes(key));
}

/** Bitnami Redis / Valkey images enable the append-only file in their default configuration. */
export function imageDefaultsToAof(image: string | undefined): boolean {
  if (!image) return false;
  const ref = image.split('@')[0]!.toLowerCase();
  return /(^|\/)bitnami\/(redis|valkey)(-cluster)?(:|$)/.test(ref);
}

/**
 * Components of a datastore deployment that hold no data of their own: UIs, proxies and routers,
 * snapshot scratch space, exporters, Sentinels, arbiters, Elasticsearch / OpenSearch coordinating
 * and ingest nodes. Matched against a values key or a dash-separated token of a workload name.
 */
export const NON_DATA_COMPONENT =
  /^(dashboards?|snapshots?|metrics|backups?|exporter|ui|console|proxy|coordinating|coordinator|ingest|sentinel|pgpool|pgbouncer|router|mongos|arbiter|kibana|volumePermissions|tls|auth|admin)$/i;

export function isNonDataWorkloadName(name: string): boolean {
  return name.split(/[-_.]/).some((t) => NON_DATA_COMPONENT.test(t));
}

/** Data directories some images use beyond the datastore defaults (Bitnami KeyDB and cluster images). */
const EXTRA_DATA_DIRS: Record<string, string[]> = {
  redis: ['/bitnami/keydb/data', '/bitnami/redis-cluster/data', '/bitnami/valkey-cluster/data', '/var/lib/redis'],
  postgres: ['/bitnami/postgresql-ha'],
  mongodb: ['/bitnami/mongodb-sharded'],
};
