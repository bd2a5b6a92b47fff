// Datastores: detection by image, Helm chart name and port; default data directories; the backup
// tools that belong to each.
//
// Decisions (documented for the rules that use them):
// - `backup: 'required'` — databases, search engines, object stores, etcd: losing the volume loses data.
// - `backup: 'unless-cache'` — Redis / Valkey / KeyDB / Dragonfly: often a pure cache, then nothing
//   to restore; otherwise (an application's store) they need a backup. See redis-usage.ts.
// - `backup: 'not-required'` — memcached (a cache, nothing to restore), message brokers (Kafka,
//   RabbitMQ: replicate rather than back up; their data is in flight) and ZooKeeper (coordination
//   metadata rebuilt by its clients). They are still datastores for exposure and storage rules.
// - `clientApiPorts` — an object store's S3 API is an HTTP API meant to be reached by its clients
//   (with credentials and TLS), like any web service: publishing it is normal use, unlike a
//   database wire protocol. Its other ports (MinIO's admin console) are not client APIs.

import { parseImageRef } from '../containers/images.js';

type DatastoreId =
  | 'postgres'
  | 'mysql'
  | 'mongodb'
  | 'redis'
  | 'elasticsearch'
  | 'opensearch'
  | 'kafka'
  | 'rabbitmq'
  | 'neo4j'
  | 'cassandra'
  | 'clickhouse'
  | 'minio'
  | 'etcd'
  | 'zookeeper'
  | 'influxdb'
  | 'couchdb'
  | 'cockroachdb'
  | 'memcached';

type DatastoreCategory = 'database' | 'key-value' | 'search' | 'broker' | 'object-store' | 'coordination' | 'cache';

export interface Datastore {
  id: DatastoreId;
  /** Display name used in messages. */
  name: string;
  category: DatastoreCategory;
  backup: 'required' | 'unless-cache' | 'not-required';
  /** Last path segments of image repositories (exact, lower-case). */
  images: string[];
  /** Helm chart names (exact, lower-case). */
  charts: string[];
  ports: number[];
  /** Default data directories (official images first, then Bitnami). */
  dataDirs: string[];
  /** Words in a command, image or name that mean a backup of this datastore. */
  backupTools: string[];
  /** Default ports of an API clients are meant to reach from outside (an object store's S3 API). */
  clientApiPorts?: number[];
}

export const DATASTORES: readonly Datastore[] = [
  {
    id: 'postgres',
    name: 'PostgreSQL',
    category: 'database',
    backup: 'required',
    images: ['postgres', 'postgresql', 'postgis', 'timescaledb', 'timescaledb-ha', 'postgresql-repmgr', 'spilo', 'pgvector', 'supabase-postgres'],
    charts: ['postgresql', 'postgresql-ha', 'postgres', 'timescaledb-single'],
    ports: [5432],
    dataDirs: ['/var/lib/postgresql/data', '/var/lib/postgresql', '/bitnami/postgresql', '/home/postgres/pgdata'],
    backupTools: ['pg_dump', 'pg_dumpall', 'pg_basebackup', 'pgbackrest', 'wal-g', 'wal-e', 'barman', 'postgres-backup', 'pg-backup', 'pgbackup', 'postgresql-backup'],
  },
  {
    id: 'mysql',
    name: 'MySQL/MariaDB',
    category: 'database',
    backup: 'required',
    images: ['mysql', 'mysql-server', 'mariadb', 'mariadb-galera', 'percona', 'percona-server', 'percona-xtradb-cluster'],
    charts: ['mysql', 'mariadb', 'mariadb-galera', 'percona-xtradb-cluster'],
    ports: [3306],
    dataDirs: ['/var/lib/mysql', '/bitnami/mysql', '/bitnami/mariadb'],
    backupTools: ['mysqldump', 'mariadb-dump', 'mariabackup', 'mariadb-backup', 'xtrabackup', 'mydumper', 'mysql-backup', 'mariadb-backup', 'mysqlpump'],
  },
  {
    id: 'mongodb',
    name: 'MongoDB',
    category: 'database',
    backup: 'required',
    images: ['mongo', 'mongodb', 'mongodb-community-server', 'mongodb-enterprise-server', 'percona-server-mongodb'],
    charts: ['mongodb', 'mongodb-sharded'],
    ports: [27017],
    dataDirs: ['/data/db', '/bitnami/mongodb'],
    backupTools: ['mongodump', 'mongo-backup', 'mongodb-backup', 'percona-backup-mongodb', 'pbm'],
  },
  {
    id: 'redis',
    name: 'Redis',
    category: 'key-value',
    backup: 'unless-cache',
    images: ['redis', 'redis-stack', 'redis-stack-server', 'valkey', 'keydb', 'dragonfly', 'redis-cluster', 'valkey-cluster'],
    charts: ['redis', 'redis-cluster', 'valkey', 'valkey-cluster', 'keydb'],
    ports: [6379],
    dataDirs: ['/data', '/bitnami/redis/data', '/bitnami/valkey/data'],
    backupTools: ['redis-backup', 'redis-dump', '--rdb', 'bgsave'],
  },
  {
    id: 'elasticsearch',
    name: 'Elasticsearch',
    category: 'search',
    backup: 'required',
    images: ['elasticsearch'],
    charts: ['elasticsearch'],
    ports: [9200, 9300],
    dataDirs: ['/usr/share/elasticsearch/data', '/bitnami/elasticsearch/data'],
    backupTools: ['_snapshot', 'elasticdump', 'elasticsearch-backup', 'curator'],
  },
  {
    id: 'opensearch',
    name: 'OpenSearch',
    category: 'search',
    backup: 'required',
    images: ['opensearch'],
    charts: ['opensearch'],
    ports: [9200, 9300],
    dataDirs: ['/usr/share/opensearch/data', '/bitnami/opensearch/data'],
    backupTools: ['_snapshot', 'elasticdump', 'opensearch-backup'],
  },
  {
    id: 'kafka',
    name: 'Kafka',
    category: 'broker',
    backup: 'not-required',
    images: ['kafka', 'cp-kafka', 'cp-server', 'redpanda'],
    charts: ['kafka', 'redpanda'],
    ports: [9092],
    dataDirs: ['/var/lib/kafka/data', '/bitnami/kafka', '/var/lib/redpanda/data'],
    backupTools: ['kafka-backup', 'mirrormaker'],
  },
  {
    id: 'rabbitmq',
    name: 'RabbitMQ',
    category: 'broker',
    backup: 'not-required',
    images: ['rabbitmq'],
    charts: ['rabbitmq'],
    ports: [5672],
    dataDirs: ['/var/lib/rabbitmq', '/bitnami/rabbitmq/mnesia'],
    backupTools: ['rabbitmqadmin export', 'export_definitions'],
  },
  {
    id: 'neo4j',
    name: 'Neo4j',
    category: 'database',
    backup: 'required',
    images: ['neo4j'],
    charts: ['neo4j'],
    ports: [7687],
    dataDirs: ['/data', '/bitnami/neo4j/data'],
    backupTools: ['neo4j-admin'],
  },
  {
    id: 'cassandra',
    name: 'Cassandra',
    category: 'database',
    backup: 'required',
    images: ['cassandra', 'scylla'],
    charts: ['cassandra', 'scylla'],
    ports: [9042],
    dataDirs: ['/var/lib/cassandra', '/bitnami/cassandra', '/var/lib/scylla'],
    backupTools: ['nodetool snapshot', 'medusa', 'cassandra-medusa', 'scylla-manager'],
  },
  {
    id: 'clickhouse',
    name: 'ClickHouse',
    category: 'database',
    backup: 'required',
    images: ['clickhouse-server', 'clickhouse'],
    charts: ['clickhouse'],
    ports: [8123, 9000],
    dataDirs: ['/var/lib/clickhouse', '/bitnami/clickhouse'],
    backupTools: ['clickhouse-backup', 'backup table', 'backup database'],
  },
  {
    id: 'minio',
    name: 'MinIO',
    category: 'object-store',
    backup: 'required',
    images: ['minio'],
    charts: ['minio'],
    ports: [9000],
    dataDirs: ['/data', '/bitnami/minio/data'],
    backupTools: ['mc mirror', 'minio-backup'],
    clientApiPorts: [9000],
  },
  {
    id: 'etcd',
    name: 'etcd',
    category: 'coordination',
    backup: 'required',
    images: ['etcd'],
    charts: ['etcd'],
    ports: [2379],
    dataDirs: ['/var/lib/etcd', '/etcd-data', '/bitnami/etcd'],
    backupTools: ['etcdctl snapshot', 'etcd-backup'],
  },
  {
    id: 'zookeeper',
    name: 'ZooKeeper',
    category: 'coordination',
    backup: 'not-required',
    images: ['zookeeper', 'cp-zookeeper'],
    charts: ['zookeeper'],
    ports: [2181],
    dataDirs: ['/data', '/var/lib/zookeeper', '/bitnami/zookeeper'],
    backupTools: ['zookeeper-backup'],
  },
  {
    id: 'influxdb',
    name: 'InfluxDB',
    category: 'database',
    backup: 'required',
    images: ['influxdb'],
    charts: ['influxdb', 'influxdb2'],
    ports: [8086],
    dataDirs: ['/var/lib/influxdb2', '/var/lib/influxdb', '/bitnami/influxdb'],
    backupTools: ['influx backup', 'influxd backup'],
  },
  {
    id: 'couchdb',
    name: 'CouchDB',
    category: 'database',
    backup: 'required',
    images: ['couchdb'],
    charts: ['couchdb'],
    ports: [5984],
    dataDirs: ['/opt/couchdb/data', '/bitnami/couchdb'],
    backupTools: ['couchdb-backup', 'couchbackup'],
  },
  {
    id: 'cockroachdb',
    name: 'CockroachDB',
    category: 'database',
    backup: 'required',
    images: ['cockroach'],
    charts: ['cockroachdb'],
    ports: [26257],
    dataDirs: ['/cockroach/cockroach-data'],
    backupTools: ['backup into', 'cockroach-backup'],
  },
  {
    id: 'memcached',
    name: 'memcached',
    category: 'cache',
    backup: 'not-required',
    images: ['memcached'],
    charts: ['memcached'],
    ports: [11211],
    dataDirs: [],
    backupTools: [],
  },
];

/** Generic backup tools: they back up whatever they are pointed at. */
const GENERIC_BACKUP_TOOLS: readonly string[] = [
  'restic',
  'velero',
  'borg',
  'borgmatic',
  'kopia',
  'duplicity',
  'duplicati',
  'db-backup',
  'docker-volume-backup',
  'volume-backup',
  'k8up',
];

export function datastoreById(id: DatastoreId): Datastore {
  return DATASTORES.find((d) => d.id === id)!;
}

/** Detect a datastore from an image reference (`postgres:16`, `bitnami/postgresql`, `docker.elastic.co/elasticsearch/elasticsearch:8`). */
export function datastoreForImage(image: string | undefined): Datastore | undefined {
  if (!image) return undefined;
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  const short = ref.shortName.toLowerCase();
  return DATASTORES.find((d) => d.images.includes(short));
}

/** Detect a datastore from a Helm chart name (`postgresql`, `redis`, `mongodb-sharded`). */
export function datastoreForChart(chart: string | undefined): Datastore | undefined {
  if (!chart) return undefined;
  const c = chart.toLowerCase();
  return DATASTORES.find((d) => d.charts.includes(c));
}

/** Datastores listening on a port by default (a port can be ambiguous: 9000 is ClickHouse and MinIO). */
export function datastoresForPort(port: number | string): Datastore[] {
  const n = typeof port === 'number' ? port : Number.parseInt(port, 10);
  if (!Number.isFinite(n)) return [];
  return DATASTORES.filter((d) => d.ports.includes(n));
}

/**
 * The ports a datastore container serves its client API on (see `clientApiPorts`; none for
 * datastores proper): the default, or the one its command line sets (`minio server --address
 * :9090`; `--console-address` is the admin console, not the API).
 */
export function clientApiPortsOf(ds: Datastore, commandLine: readonly string[]): number[] {
  if (!ds.clientApiPorts?.length) return [];
  for (let i = 0; i < commandLine.length; i++) {
    const flag = /^--address(?:=(.*))?$/.exec(commandLine[i]!);
    if (!flag) continue;
    const port = /:(\d+)$/.exec(flag[1] ?? commandLine[i + 1] ?? '')?.[1];
    if (port !== undefined) return [Number(port)];
  }
  return ds.clientApiPorts;
}

// One compiled pattern per word: asked for every command line of every workload.
const wordPatterns = new Map<string, RegExp>();

function containsWord(text: string, word: string): boolean {
  let pattern = wordPatterns.get(word);
  if (!pattern) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    pattern = new RegExp(`(^|[^a-z0-9_])${escaped}($|[^a-z0-9_])`, 'i');
    wordPatterns.set(word, pattern);
  }
  return pattern.test(text);
}

/**
 * Whether a text names a backup tool as a word. Most texts name none of the sixty tools: a text
 * that does not hold a tool's first word in lower case cannot match its pattern (ASCII words,
 * matched case-insensitively), so the pattern is compiled and run only for the tools it might name.
 */
function namesTool(text: string, lower: string, tool: string): boolean {
  const space = tool.indexOf(' ');
  return lower.includes(space === -1 ? tool : tool.slice(0, space)) && containsWord(text, tool);
}

/** The first backup tool a text names (`pg_basebackup`, `restic`), for saying which evidence counted. */
export function backupToolNamed(text: string): string | undefined {
  const lower = text.toLowerCase();
  for (const d of DATASTORES) for (const t of d.backupTools) if (namesTool(text, lower, t)) return t;
  return GENERIC_BACKUP_TOOLS.find((t) => namesTool(text, lower, t));
}

/** Which datastores a text (command line, image, service name) backs up; 'generic' for restic & co. */
export function backupToolsIn(text: string): { datastores: DatastoreId[]; generic: boolean } {
  const lower = text.toLowerCase();
  const datastores = DATASTORES.filter((d) => d.backupTools.some((t) => namesTool(text, lower, t))).map((d) => d.id);
  const generic = GENERIC_BACKUP_TOOLS.some((t) => namesTool(text, lower, t));
  return { datastores, generic };
}

// ---------------------------------------------------------------------------------------------
// Operator-managed datastores: custom resources that are a datastore, and the backup settings
// they carry inline. Schedules kept in separate resources (CloudNativePG ScheduledBackup,
// MariaDB operator Backup) are listed in OPERATOR_BACKUPS.

interface OperatorCluster {
  /** API group (apiVersion before the slash). */
  group: string;
  kind: string;
  datastore: DatastoreId;
  /**
   * Inline scheduled backups of the resource: undefined when none is configured; otherwise the
   * path (relative to the resource) of the setting and, when stated in days, the retention.
   */
  inlineBackup?: (spec: Record<string, unknown>) => { path: (string | number)[]; retention?: { days: number; path: (string | number)[] } } | undefined;
}

function dict(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
const on = (v: unknown) => v === true || v === 'true';

const OPERATOR_CLUSTERS: readonly OperatorCluster[] = [
  { group: 'postgresql.cnpg.io', kind: 'Cluster', datastore: 'postgres' },
  {
    group: 'acid.zalan.do',
    kind: 'postgresql',
    datastore: 'postgres',
    inlineBackup: (spec) => (on(spec.enableLogicalBackup) ? { path: ['spec', 'enableLogicalBackup'] } : undefined),
  },
  {
    group: 'postgres-operator.crunchydata.com',
    kind: 'PostgresCluster',
    datastore: 'postgres',
    inlineBackup: (spec) => {
      const repos = list(dict(dict(dict(spec.backups)?.pgbackrest))?.repos);
      const i = repos.findIndex((r) => dict(dict(r)?.schedules) !== undefined);
      return i >= 0 ? { path: ['spec', 'backups', 'pgbackrest', 'repos', i, 'schedules'] } : undefined;
    },
  },
  {
    group: 'pxc.percona.com',
    kind: 'PerconaXtraDBCluster',
    datastore: 'mysql',
    inlineBackup: (spec) => {
      const b = dict(spec.backup);
      if (!b || b.enabled === false) return undefined;
      return list(b.schedule).length > 0 ? { path: ['spec', 'backup', 'schedule'] } : undefined;
    },
  },
  {
    group: 'psmdb.percona.com',
    kind: 'PerconaServerMongoDB',
    datastore: 'mongodb',
    inlineBackup: (spec) => {
      const b = dict(spec.backup);
      if (!b || b.enabled === false) return undefined;
      const i = list(b.tasks).findIndex((t) => dict(t)?.enabled !== false);
      return i >= 0 ? { path: ['spec', 'backup', 'tasks', i] } : undefined;
    },
  },
  {
    group: 'mysql.oracle.com',
    kind: 'InnoDBCluster',
    datastore: 'mysql',
    inlineBackup: (spec) => {
      const i = list(spec.backupSchedules).findIndex((s) => dict(s)?.enabled !== false);
      return i >= 0 ? { path: ['spec', 'backupSchedules', i] } : undefined;
    },
  },
  { group: 'k8s.mariadb.com', kind: 'MariaDB', datastore: 'mysql' },
  { group: 'mongodbcommunity.mongodb.com', kind: 'MongoDBCommunity', datastore: 'mongodb' },
];

/** Separate backup resources of operators, and how they name the cluster they back up. */
interface OperatorBackup {
  group: string;
  kind: string;
  /** Path (relative to the resource) of the cluster name. */
  clusterRef: string[];
  /** The cluster kind it refers to. */
  clusterKind: string;
  /** Only scheduled resources are backups (a one-off Backup is not). */
  scheduled: (spec: Record<string, unknown>) => boolean;
  /** Path (relative to the resource) of a retention duration, if the kind has one. */
  retention?: string[];
}

const OPERATOR_BACKUPS: readonly OperatorBackup[] = [
  {
    group: 'postgresql.cnpg.io',
    kind: 'ScheduledBackup',
    clusterRef: ['spec', 'cluster', 'name'],
    clusterKind: 'Cluster',
    scheduled: (spec) => !on(spec.suspend),
  },
  {
    group: 'k8s.mariadb.com',
    kind: 'Backup',
    clusterRef: ['spec', 'mariaDbRef', 'name'],
    clusterKind: 'MariaDB',
    scheduled: (spec) => dict(spec.schedule) !== undefined && !on(dict(spec.schedule)?.suspend),
    retention: ['spec', 'maxRetention'],
  },
];

export function operatorCluster(apiVersion: string, kind: string): OperatorCluster | undefined {
  const group = apiVersion.split('/')[0] ?? '';
  return OPERATOR_CLUSTERS.find((c) => c.group === group && c.kind === kind);
}

export function operatorBackup(apiVersion: string, kind: string): OperatorBackup | undefined {
  const group = apiVersion.split('/')[0] ?? '';
  return OPERATOR_BACKUPS.find((b) => b.group === group && b.kind === kind);
}
