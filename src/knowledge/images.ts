// Container image references: parsing (registry, repository, tag, digest) and pinning.
//
// Floating tags — decision: a tag is floating (mutable by design) when it is one of
// FLOATING_TAGS, starts with `latest-`/`latest_`, ends with `-latest`, or is a floating word
// followed by variants only (`lts-alpine`, `stable-slim`, `mainline-alpine3.19`) — but not when a
// later segment starts with a digit (`nightly-20240101` is a dated pin). Major-only and
// major.minor tags (`node:20`, `postgres:16-alpine`) are NOT floating here: they move with patch
// releases, but within a declared compatibility line, and flagging them would flag most real
// projects; pin a digest (`requireDigest`) when that matters.

import { resolveInterpolationDefaults } from './interpolation.js';

export interface ImageRef {
  raw: string;
  /** Registry host (with port), `docker.io` when none is written. */
  registry: string;
  /** True when the registry was written explicitly. */
  registryExplicit: boolean;
  /** Repository path inside the registry, `library/nginx` for official Docker Hub images. */
  repository: string;
  /** Repository as commonly written: `nginx`, `bitnami/postgresql`, `ghcr.io/org/app`. */
  name: string;
  /** Last path segment of the repository: `postgresql` for `bitnami/postgresql`. */
  shortName: string;
  tag?: string;
  digest?: string;
  /** `${VAR}` / `$VAR` interpolation left in the reference: parts are unknown. */
  hasVariables: boolean;
}

const VARIABLE = /\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/;

/**
 * `{{ … }}`, `<% … %>` or `<placeholder>` in a reference. Scanned with indexOf: the regular
 * expression `/\{\{.*\}\}|<%.*%>|<[^<>]+>/` was quadratic on a long run of `<%`.
 */
function templated(text: string): boolean {
  const open = text.indexOf('{{');
  if (open >= 0 && text.indexOf('}}', open + 2) >= 0) return true;
  const erb = text.indexOf('<%');
  if (erb >= 0 && text.indexOf('%>', erb + 2) >= 0) return true;
  // `<x>`: a `<`, then at least one character that is neither `<` nor `>`, then `>`
  let lastOpen = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<') lastOpen = i;
    else if (ch === '>') {
      if (lastOpen >= 0 && i - lastOpen > 1) return true;
      lastOpen = -1;
    }
  }
  return false;
}

export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  // `<YOUR-CONTAINER>`, `<image_url>`: documentation placeholders (`<` is never part of a reference)
  const hasVariables = VARIABLE.test(text) || templated(text);
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  const lastSlash = rest.lastIndexOf('/');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
  }
  if (!rest) return undefined;
  const parts = rest.split('/');
  let registry = 'docker.io';
  let registryExplicit = false;
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || VARIABLE.test(first))) {
    registry = first;
    registryExplicit = true;
    parts.shift();
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  let repository = parts.join('/');
  if (registry === 'docker.io' && parts.length === 1) repository = `library/${repository}`;
  const name =
    registry === 'docker.io'
      ? repository.replace(/^library\//, '')
      : `${registry}/${repository}`;
  return {
    raw,
    registry,
    registryExplicit,
    repository,
    name,
    shortName: parts[parts.length - 1]!,
    tag: tag === '' ? undefined : tag,
    digest: digest === '' ? undefined : digest,
    hasVariables,
  };
}

export const FLOATING_TAGS: readonly string[] = [
  'latest',
  'stable',
  'main',
  'master',
  'mainline',
  'edge',
  'nightly',
  'dev',
  'develop',
  'development',
  'snapshot',
  'canary',
  'head',
  'trunk',
  'current',
  'lts',
  'rolling',
  'unstable',
  'testing',
  'next',
  'beta',
  'alpha',
];

export function isFloatingTag(tag: string, extra: readonly string[] = []): boolean {
  const t = tag.toLowerCase();
  const words = new Set([...FLOATING_TAGS, ...extra.map((e) => e.toLowerCase())]);
  if (words.has(t)) return true;
  if (/^latest[-_]/.test(t) || /[-_]latest$/.test(t)) return true;
  const segments = t.split(/[-_]/);
  if (segments.length > 1 && words.has(segments[0]!) && !segments.slice(1).some((s) => /^\d/.test(s))) return true;
  return false;
}

export type PinStatus =
  | 'digest' // pinned by digest (best)
  | 'tag' // a fixed-looking tag
  | 'untagged' // no tag and no digest: implicitly :latest
  | 'floating' // a mutable tag (latest, stable, …)
  | 'unknown'; // interpolation left in the reference

export interface Pinning {
  status: PinStatus;
  ref?: ImageRef;
}

export function imagePinning(raw: string, extraFloating: readonly string[] = []): Pinning {
  const ref = parseImageRef(raw);
  if (!ref) return { status: 'unknown' };
  if (ref.digest && !VARIABLE.test(ref.digest) && !ref.digest.includes('{{')) return { status: 'digest', ref };
  if (ref.hasVariables) {
    // `app:${VERSION:-latest}` runs `app:latest` whenever VERSION is unset: a mutable default is
    // judged as written. Otherwise interpolation makes the reference unknowable without the environment.
    const unset = resolveInterpolationDefaults(raw);
    if (unset.defaulted && !unset.unresolved) {
      const fallback = imagePinning(unset.text, extraFloating);
      if (fallback.status === 'floating' || fallback.status === 'untagged') return fallback;
    }
    return { status: 'unknown', ref };
  }
  if (!ref.tag) return { status: 'untagged', ref };
  if (isFloatingTag(ref.tag, extraFloating)) return { status: 'floating', ref };
  return { status: 'tag', ref };
}

/**
 * Images known to run as a non-root user by default. Conservative: distroless/chainguard
 * `nonroot` variants, the `*-unprivileged` family, Bitnami images (uid 1001).
 */
export function isKnownNonRootImage(raw: string): boolean {
  const ref = parseImageRef(raw);
  if (!ref) return false;
  const tag = (ref.tag ?? '').toLowerCase();
  if (/(^|[-_])nonroot($|[-_])/.test(tag)) return true;
  if (/unprivileged|rootless|nonroot/.test(ref.shortName.toLowerCase())) return true;
  if (ref.registry === 'docker.io' && ref.repository.startsWith('bitnami/')) return true;
  if (ref.registry === 'cgr.dev') return true;
  const known = KNOWN_NON_ROOT_IMAGES[`${ref.registry}/${ref.repository}`];
  if (known) {
    // images that only switched to a non-root USER from a given major version on
    const major = /^v?(\d+)(?:[.-]|$)/.exec(tag)?.[1];
    return known.sinceMajor === undefined || major === undefined || Number(major) >= known.sinceMajor;
  }
  return false;
}

/**
 * Images whose own Dockerfile ends with a non-root `USER` (the process starts unprivileged, not
 * as root dropping privileges later the way the postgres/mariadb/redis entrypoints do).
 */
const KNOWN_NON_ROOT_IMAGES: Readonly<Record<string, { sinceMajor?: number }>> = {
  // Elastic stack: USER 1000 since 6.x (official Docker Hub images are Elastic's builds)
  'docker.io/library/elasticsearch': { sinceMajor: 6 },
  'docker.io/library/kibana': { sinceMajor: 6 },
  'docker.io/library/logstash': { sinceMajor: 6 },
  'docker.elastic.co/elasticsearch/elasticsearch': { sinceMajor: 6 },
  'docker.elastic.co/kibana/kibana': { sinceMajor: 6 },
  'docker.elastic.co/logstash/logstash': { sinceMajor: 6 },
  'docker.io/opensearchproject/opensearch': {},
  'docker.io/opensearchproject/opensearch-dashboards': {},
  // Prometheus components: USER nobody
  'docker.io/prom/prometheus': {},
  'docker.io/prom/alertmanager': {},
  'docker.io/prom/node-exporter': {},
  'quay.io/prometheus/prometheus': {},
  'quay.io/prometheus/alertmanager': {},
  'quay.io/prometheus/node-exporter': {},
  // Grafana: USER 472 (grafana) since 5.1
  'docker.io/grafana/grafana': { sinceMajor: 6 },
  'docker.io/grafana/grafana-oss': {},
  // pgAdmin 4: USER pgadmin (5050)
  'docker.io/dpage/pgadmin4': {},
  // SQL Server / Azure SQL Edge: USER mssql (10001)
  'mcr.microsoft.com/azure-sql-edge': {},
  'mcr.microsoft.com/mssql/server': { sinceMajor: 2019 },
  // Redpanda: USER redpanda
  'docker.redpanda.com/vectorized/redpanda': {},
  'docker.redpanda.com/redpandadata/redpanda': {},
  'docker.io/vectorized/redpanda': {},
  'docker.io/redpandadata/redpanda': {},
};

/**
 * Published images whose own Dockerfile declares a `HEALTHCHECK`, so a container run from them
 * has one without a compose `healthcheck:` (most images do not: official database and web server
 * images leave it to the user). Keyed by registry/repository; any tag.
 */
const IMAGES_WITH_HEALTHCHECK: ReadonlySet<string> = new Set([
  'docker.io/pihole/pihole', // HEALTHCHECK CMD dig … pi.hole
  'docker.io/itzg/minecraft-server', // HEALTHCHECK CMD mc-health
  'docker.io/vaultwarden/server', // HEALTHCHECK CMD /healthcheck.sh
  'docker.io/louislam/uptime-kuma', // HEALTHCHECK CMD extra/healthcheck
]);

export function imageDeclaresHealthcheck(raw: string): boolean {
  const ref = parseImageRef(raw);
  return !!ref && !ref.hasVariables && IMAGES_WITH_HEALTHCHECK.has(`${ref.registry}/${ref.repository}`);
}

/**
 * The Kubernetes pause image (`registry.k8s.io/pause`, `kubernetes/pause`, `k8s.gcr.io/pause-amd64`):
 * a process that only sleeps to hold the pod's namespaces; there is nothing to probe.
 */
export function isPauseImage(raw: string): boolean {
  const ref = parseImageRef(raw);
  if (!ref || ref.hasVariables) return false;
  if (!/^pause(-(amd64|arm64|arm|ppc64le|s390x))?$/.test(ref.shortName)) return false;
  return ['registry.k8s.io', 'k8s.gcr.io'].includes(ref.registry) || /^(kubernetes|google[-_]containers)\//.test(ref.repository);
}
