// Who a published image runs as when nothing (compose `user:`, a Dockerfile `USER`, a Kubernetes
// securityContext) says otherwise. Each entry cites where upstream sets the user; an image not
// listed here has an unknown default user (root for most images, but we do not claim it).
//
// Three answers:
//  - non-root: the image's own Dockerfile ends with a non-root USER (the process never runs as root);
//  - drops-privileges: the image starts as root and its entrypoint switches to a service user
//    before starting the server (`exec gosu postgres …`): the entrypoint's own work, and anything
//    run with `docker exec`, is root;
//  - unknown: not in this table.

import { parseImageRef, type ImageRef } from './images.js';

type DefaultUserKind = 'non-root' | 'drops-privileges';

interface ImageDefaultUser {
  kind: DefaultUserKind;
  /** The user as upstream names it (`nobody`, `65532`, `postgres`). */
  user: string;
  /** Where upstream sets it: a Dockerfile or entrypoint line, or the vendor's documentation. */
  source: string;
}

interface Entry extends ImageDefaultUser {
  /** `registry/repository` keys, or prefixes ending with `/` (every repository under them). */
  images: readonly string[];
  /** First version (`major[.minor]`) whose image sets the user; tags without a version are taken as newer. */
  since?: string;
  /** Tags of the repository that are built differently (redis_exporter's `-alpine` variant has no USER). */
  exceptTags?: RegExp;
  /** Repositories under a prefix that do not set the user. */
  exceptImages?: readonly string[];
}

const PROMETHEUS = 'https://github.com/prometheus/prometheus/blob/main/Dockerfile (USER nobody; the exporters built with promu share the template)';

const ENTRIES: readonly Entry[] = [
  // Vendor families.
  {
    images: ['docker.io/bitnami/'],
    kind: 'non-root',
    user: '1001',
    source: 'https://docs.bitnami.com/tutorials/why-non-root-containers-are-important-for-security (Bitnami images run as uid 1001)',
  },
  {
    images: ['cgr.dev/'],
    kind: 'non-root',
    user: '65532',
    source: 'https://edu.chainguard.dev/chainguard/chainguard-images/ (Chainguard images run as nonroot, uid 65532)',
  },
  // Confluent Platform: common-docker's base image ends with `USER appuser` since 6.0.
  {
    images: ['docker.io/confluentinc/cp-'],
    kind: 'non-root',
    user: 'appuser',
    since: '6.0',
    source: 'https://github.com/confluentinc/common-docker/blob/master/base/Dockerfile.ubi8 (USER appuser)',
  },
  // Jaeger: the agent since 1.20 (jaeger#2466), every other image since 1.50 (jaeger#4783), v2 from the start.
  {
    images: ['docker.io/jaegertracing/jaeger-agent'],
    kind: 'non-root',
    user: '10001',
    since: '1.20',
    source: 'https://github.com/jaegertracing/jaeger/pull/2466 (cmd/agent/Dockerfile: USER ${USER_UID}, 10001)',
  },
  {
    images: [
      'docker.io/jaegertracing/all-in-one',
      'docker.io/jaegertracing/jaeger-collector',
      'docker.io/jaegertracing/jaeger-query',
      'docker.io/jaegertracing/jaeger-ingester',
      'docker.io/jaegertracing/jaeger-remote-storage',
      'docker.io/jaegertracing/jaeger-es-index-cleaner',
      'docker.io/jaegertracing/jaeger-es-rollover',
      'docker.io/jaegertracing/jaeger-anonymizer',
    ],
    kind: 'non-root',
    user: '10001',
    since: '1.50',
    source: 'https://github.com/jaegertracing/jaeger/pull/4783 (USER ${USER_UID}, 10001, in every cmd/*/Dockerfile)',
  },
  {
    images: ['docker.io/jaegertracing/jaeger'],
    kind: 'non-root',
    user: '10001',
    source: 'https://github.com/jaegertracing/jaeger/blob/main/cmd/jaeger/Dockerfile (USER ${USER_UID}, 10001)',
  },
  // Prometheus and the exporters of the prometheus and prometheus-community organisations.
  {
    images: ['docker.io/prom/', 'quay.io/prometheus/', 'quay.io/prometheuscommunity/', 'docker.io/prometheuscommunity/'],
    exceptImages: ['docker.io/prom/cloudwatch-exporter', 'quay.io/prometheus/cloudwatch-exporter'],
    kind: 'non-root',
    user: 'nobody',
    source: PROMETHEUS,
  },
  {
    images: ['docker.io/oliver006/redis_exporter', 'quay.io/oliver006/redis_exporter'],
    exceptTags: /alpine/i,
    kind: 'non-root',
    user: '59000',
    source: 'https://github.com/oliver006/redis_exporter/blob/master/Dockerfile (scratch release stage: USER 59000:59000; the alpine stage sets none)',
  },
  {
    images: ['docker.io/grafana/k6'],
    kind: 'non-root',
    user: '12345',
    source: 'https://github.com/grafana/k6/blob/master/Dockerfile (USER 12345)',
  },
  // Elastic stack: USER 1000 since 6.x (the Docker Hub official images are Elastic's builds).
  {
    images: [
      'docker.io/library/elasticsearch',
      'docker.io/library/kibana',
      'docker.io/library/logstash',
      'docker.elastic.co/elasticsearch/elasticsearch',
      'docker.elastic.co/kibana/kibana',
      'docker.elastic.co/logstash/logstash',
    ],
    kind: 'non-root',
    user: '1000',
    since: '6',
    source: 'https://github.com/elastic/dockerfiles/blob/main/elasticsearch/Dockerfile (USER 1000:0)',
  },
  {
    images: ['docker.io/opensearchproject/opensearch', 'docker.io/opensearchproject/opensearch-dashboards'],
    kind: 'non-root',
    user: '1000',
    source: 'https://github.com/opensearch-project/opensearch-build/blob/main/docker/release/dockerfiles/opensearch.al2.dockerfile (USER 1000)',
  },
  {
    images: ['docker.io/grafana/grafana'],
    kind: 'non-root',
    user: '472',
    since: '6',
    source: 'https://github.com/grafana/grafana/blob/main/Dockerfile (USER "$GF_UID", 472)',
  },
  {
    images: ['docker.io/grafana/grafana-oss'],
    kind: 'non-root',
    user: '472',
    source: 'https://github.com/grafana/grafana/blob/main/Dockerfile (USER "$GF_UID", 472)',
  },
  {
    images: ['docker.io/dpage/pgadmin4'],
    kind: 'non-root',
    user: 'pgadmin (5050)',
    source: 'https://github.com/pgadmin-org/pgadmin4/blob/master/Dockerfile (USER pgadmin)',
  },
  {
    images: ['mcr.microsoft.com/azure-sql-edge'],
    kind: 'non-root',
    user: 'mssql (10001)',
    source: 'https://learn.microsoft.com/en-us/azure/azure-sql-edge/configure (runs as the non-root mssql user)',
  },
  {
    images: ['mcr.microsoft.com/mssql/server'],
    kind: 'non-root',
    user: 'mssql (10001)',
    since: '2019',
    source: 'https://learn.microsoft.com/en-us/sql/linux/sql-server-linux-docker-container-security (SQL Server 2019 containers start as non-root)',
  },
  {
    images: ['docker.redpanda.com/vectorized/redpanda', 'docker.redpanda.com/redpandadata/redpanda', 'docker.io/vectorized/redpanda', 'docker.io/redpandadata/redpanda'],
    kind: 'non-root',
    user: 'redpanda',
    source: 'https://docs.redpanda.com/current/get-started/quick-start/ (the image runs as the redpanda user)',
  },
  // Official database images: root first, then the entrypoint drops to the service user.
  {
    images: ['docker.io/library/postgres'],
    kind: 'drops-privileges',
    user: 'postgres',
    source: 'https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh (exec gosu postgres "$BASH_SOURCE" "$@")',
  },
  {
    images: ['docker.io/library/redis'],
    kind: 'drops-privileges',
    user: 'redis',
    source: 'https://github.com/docker-library/redis/blob/master/docker-entrypoint.sh (exec gosu redis "$0" "$@" for redis-server)',
  },
  {
    images: ['docker.io/library/mysql'],
    kind: 'drops-privileges',
    user: 'mysql',
    source: 'https://github.com/docker-library/mysql/blob/master/docker-entrypoint.sh (exec gosu mysql "$BASH_SOURCE" "$@")',
  },
  {
    images: ['docker.io/library/mariadb'],
    kind: 'drops-privileges',
    user: 'mysql',
    source: 'https://github.com/MariaDB/mariadb-docker/blob/master/docker-entrypoint.sh (exec gosu mysql "${BASH_SOURCE[0]}" "$@")',
  },
  {
    images: ['docker.io/library/mongo'],
    kind: 'drops-privileges',
    user: 'mongodb',
    source: 'https://github.com/docker-library/mongo/blob/master/docker-entrypoint.sh (exec gosu mongodb "$BASH_SOURCE" "$@")',
  },
];

/** `1.50.2` → [1, 50, 2]; undefined for a tag without a leading version (`latest`, `alpine`). */
function versionOf(tag: string | undefined): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/i.exec(tag ?? '');
  return m ? m[1]!.split('.').map(Number) : undefined;
}

function atLeast(version: number[], since: string): boolean {
  const want = since.split('.').map(Number);
  for (let i = 0; i < want.length; i++) {
    const have = version[i] ?? 0;
    if (have !== want[i]) return have > want[i]!;
  }
  return true;
}

function matches(entry: Entry, ref: ImageRef): boolean {
  const key = `${ref.registry}/${ref.repository}`;
  const listed = entry.images.some((i) => (i.endsWith('/') || i.endsWith('-') ? key.startsWith(i) : key === i));
  if (!listed || entry.exceptImages?.includes(key)) return false;
  if (entry.exceptTags && ref.tag && entry.exceptTags.test(ref.tag)) return false;
  if (entry.since) {
    const version = versionOf(ref.tag);
    if (version && !atLeast(version, entry.since)) return false;
  }
  return true;
}

/** The default user of a published image, when upstream's choice is known; undefined otherwise. */
export function imageDefaultUser(raw: string): ImageDefaultUser | undefined {
  const ref = parseImageRef(raw);
  if (!ref || ref.hasVariables) return undefined;
  const tag = (ref.tag ?? '').toLowerCase();
  // Conventions that say it in the name: distroless `:nonroot`, `*-unprivileged`, `*-rootless`.
  if (/(^|[-_])nonroot($|[-_])/.test(tag)) {
    return { kind: 'non-root', user: '65532', source: 'https://github.com/GoogleContainerTools/distroless#debug-images (the :nonroot tags set USER 65532)' };
  }
  if (/unprivileged|rootless|nonroot/.test(ref.shortName.toLowerCase())) {
    return { kind: 'non-root', user: 'a non-root user', source: 'https://github.com/nginxinc/docker-nginx-unprivileged (the `-unprivileged`/`-rootless` naming convention)' };
  }
  const entry = ENTRIES.find((e) => matches(e, ref));
  return entry ? { kind: entry.kind, user: entry.user, source: entry.source } : undefined;
}

/** Images whose own Dockerfile ends with a non-root `USER`: the process never runs as root. */
export function isKnownNonRootImage(raw: string): boolean {
  return imageDefaultUser(raw)?.kind === 'non-root';
}
