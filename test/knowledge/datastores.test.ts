import { describe, expect, it } from 'vitest';
import {
  backupToolsIn,
  clientApiPortsOf,
  datastoreById,
  datastoreForChart,
  datastoreForImage,
  datastoresForPort,
  operatorBackup,
  operatorCluster,
} from '../../src/knowledge/datastores/datastores.js';

describe('datastoreForImage', () => {
  it.each([
    ['postgres:16', 'postgres'],
    ['bitnami/postgresql:16.4.0', 'postgres'],
    ['postgis/postgis:16-3.4', 'postgres'],
    ['timescale/timescaledb:latest-pg16', 'postgres'],
    ['mysql:8.4', 'mysql'],
    ['mariadb:11', 'mysql'],
    ['mongo:7', 'mongodb'],
    ['redis:7.2', 'redis'],
    ['valkey/valkey:8', 'redis'],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.14.1', 'elasticsearch'],
    ['opensearchproject/opensearch:2', 'opensearch'],
    ['confluentinc/cp-kafka:7.6.1', 'kafka'],
    ['rabbitmq:3-management', 'rabbitmq'],
    ['neo4j:5', 'neo4j'],
    ['cassandra:4.1', 'cassandra'],
    ['clickhouse/clickhouse-server:24.5', 'clickhouse'],
    ['minio/minio:RELEASE.2024-06-13T22-53-53Z', 'minio'],
    ['quay.io/coreos/etcd:v3.5.14', 'etcd'],
    ['zookeeper:3.9', 'zookeeper'],
    ['influxdb:2.7', 'influxdb'],
    ['couchdb:3', 'couchdb'],
    ['cockroachdb/cockroach:v24.1.0', 'cockroachdb'],
    ['memcached:1.6', 'memcached'],
    ['prometheuscommunity/postgres-exporter:v0.15.0', undefined],
    ['oliver006/redis_exporter:v1.61.0', undefined],
    ['dpage/pgadmin4:8', undefined],
    ['mongo-express:1', undefined],
    ['nginx:1.27', undefined],
  ])('%s → %s', (image, id) => expect(datastoreForImage(image)?.id).toBe(id));
});

describe('datastoreForChart / datastoresForPort', () => {
  it.each([
    ['postgresql', 'postgres'],
    ['mongodb-sharded', 'mongodb'],
    ['redis-cluster', 'redis'],
    ['nginx', undefined],
  ])('chart %s → %s', (chart, id) => expect(datastoreForChart(chart)?.id).toBe(id));
  it.each([
    [5432, ['postgres']],
    ['6379', ['redis']],
    [9000, ['clickhouse', 'minio']],
    [8080, []],
  ])('port %s', (port, ids) => expect(datastoresForPort(port).map((d) => d.id)).toEqual(ids));
});

describe('backupToolsIn', () => {
  it.each([
    ['pg_dump -h db app > /backup/app.sql', ['postgres'], false],
    ['pg_dumpall -h db', ['postgres'], false],
    ['prodrigestivill/postgres-backup-local:16', ['postgres'], false],
    ['mysqldump --all-databases', ['mysql'], false],
    ['mongodump --archive', ['mongodb'], false],
    ['restic backup /data', [], true],
    ['etcdctl snapshot save /backup/etcd.db', ['etcd'], false],
    ['curl -XPUT http://es:9200/_snapshot/repo/snap-1', ['elasticsearch', 'opensearch'], false],
    ['node server.js', [], false],
  ])('%s', (text, ids, generic) => expect(backupToolsIn(text)).toEqual({ datastores: ids, generic }));
});

describe('operator resources', () => {
  it.each([
    ['postgresql.cnpg.io/v1', 'Cluster', 'postgres'],
    ['acid.zalan.do/v1', 'postgresql', 'postgres'],
    ['pxc.percona.com/v1', 'PerconaXtraDBCluster', 'mysql'],
    ['k8s.mariadb.com/v1alpha1', 'MariaDB', 'mysql'],
    ['apps/v1', 'Deployment', undefined],
  ])('%s %s → %s', (apiVersion, kind, id) => expect(operatorCluster(apiVersion, kind)?.datastore).toBe(id));
  it.each([
    ['acid.zalan.do/v1', 'postgresql', { enableLogicalBackup: true }, ['spec', 'enableLogicalBackup']],
    ['acid.zalan.do/v1', 'postgresql', {}, undefined],
    ['pxc.percona.com/v1', 'PerconaXtraDBCluster', { backup: { schedule: [{ name: 'daily' }] } }, ['spec', 'backup', 'schedule']],
    ['pxc.percona.com/v1', 'PerconaXtraDBCluster', { backup: { enabled: false, schedule: [{ name: 'daily' }] } }, undefined],
    ['psmdb.percona.com/v1', 'PerconaServerMongoDB', { backup: { tasks: [{ enabled: false }, { enabled: true }] } }, ['spec', 'backup', 'tasks', 1]],
    ['mysql.oracle.com/v2', 'InnoDBCluster', { backupSchedules: [{ name: 'x' }] }, ['spec', 'backupSchedules', 0]],
    [
      'postgres-operator.crunchydata.com/v1beta1',
      'PostgresCluster',
      { backups: { pgbackrest: { repos: [{ name: 'repo1', schedules: { full: '0 1 * * 0' } }] } } },
      ['spec', 'backups', 'pgbackrest', 'repos', 0, 'schedules'],
    ],
  ])('inline backup of %s %s', (apiVersion, kind, spec, path) => expect(operatorCluster(apiVersion, kind)?.inlineBackup?.(spec)?.path).toEqual(path));
  it('separate backup resources are schedules only when scheduled', () => {
    const cnpg = operatorBackup('postgresql.cnpg.io/v1', 'ScheduledBackup')!;
    expect([cnpg.scheduled({}), cnpg.scheduled({ suspend: true })]).toEqual([true, false]);
    const maria = operatorBackup('k8s.mariadb.com/v1alpha1', 'Backup')!;
    expect([maria.scheduled({}), maria.scheduled({ schedule: { cron: '@daily' } })]).toEqual([false, true]);
  });
});

describe('clientApiPortsOf', () => {
  const minio = datastoreById('minio');
  it.each([
    [[], [9000]],
    [['server', '/data', '--console-address', ':9001'], [9000]],
    [['server', '/data', '--address', ':9090'], [9090]],
    [['server', '--address=0.0.0.0:9002', '/data'], [9002]],
  ])('MinIO %j → %j', (words, ports) => expect(clientApiPortsOf(minio, words)).toEqual(ports));

  it('datastores proper have no client API', () => {
    expect(clientApiPortsOf(datastoreById('postgres'), [])).toEqual([]);
    expect(clientApiPortsOf(datastoreById('elasticsearch'), ['--address', ':9200'])).toEqual([]);
  });
});
