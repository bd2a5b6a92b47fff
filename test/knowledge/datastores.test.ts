import { describe, expect, it } from 'vitest';
import { backupToolsIn, datastoreForChart, datastoreForImage, datastoresForPort } from '../../src/knowledge/datastores.js';

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
