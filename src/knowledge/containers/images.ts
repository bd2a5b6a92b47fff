// Container image references: parsing (registry, repository, tag, digest) and pinning.
//
// How mutable a tag is — decision (classifyTag):
//  - floating: one of FLOATING_TAGS, `latest-*`/`*-latest`, or a floating word followed by variants
//    only (`lts-alpine`, `stable-slim`, `mainline-alpine3.19`); a later segment starting with a digit
//    makes it a dated pin (`nightly-20240101`). Moves on every release: an error.
//  - versionless: no segment starts with a version (`alpine`, `jammy`, `bookworm-slim`,
//    `alpine3.19`: the number is the distribution's, not the image's). Moves with every release of
//    the image: a warning.
//  - major: a major version only (`3`, `v2`, `20-alpine`, `17-jre`): moves with every minor and
//    patch release: a warning.
//  - pinned: a minor or patch version (`3.12-slim`, `1.25.3-alpine`, `2024.01`, `8u312`), a date
//    or build number (`20240101`, `jammy-20240125`, `RELEASE.2024-06-12T14-34-03Z`), or a commit
//    or content hash (`sha-abc1234`, a git sha), or a revision (Bitnami's `12-debian-12-r50`). Such tags can be re-pushed, but by convention are
//    not; a digest is the only true pin (`requireDigest`).

import { resolveInterpolationDefaults } from '../compose/interpolation.js';
import { memoByString } from '../data/values.js';

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

/**
 * Parsed references by the text as written: the rules of a run ask about the same few images
 * again and again (a compose file's services are judged by a dozen rules, each parsing each
 * image). Frozen, since every caller shares one object. Bounded: a tree can hold any number.
 */
export const parseImageRef: (raw: string) => Readonly<ImageRef> | undefined = memoByString((raw) => {
  const ref = parseImageRefOnce(raw);
  return ref && Object.freeze(ref);
}, 4096);

function parseImageRefOnce(raw: string): ImageRef | undefined {
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
  const name = registry === 'docker.io' ? repository.replace(/^library\//, '') : `${registry}/${repository}`;
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

const FLOATING_TAGS: readonly string[] = [
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

const FLOATING_TAG_SET: ReadonlySet<string> = new Set(FLOATING_TAGS);

export function isFloatingTag(tag: string, extra: readonly string[] = []): boolean {
  const t = tag.toLowerCase();
  const words = extra.length === 0 ? FLOATING_TAG_SET : new Set([...FLOATING_TAGS, ...extra.map((e) => e.toLowerCase())]);
  if (words.has(t)) return true;
  if (/^latest[-_]/.test(t) || /[-_]latest$/.test(t)) return true;
  const segments = t.split(/[-_]/);
  if (segments.length > 1 && words.has(segments[0]!) && !segments.slice(1).some((s) => /^\d/.test(s))) return true;
  return false;
}

type TagKind = 'floating' | 'versionless' | 'major' | 'pinned';

/** A git commit or content hash: 7 to 64 hex digits with at least one digit and one letter. */
const HASH_SEGMENT = /^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,64}$/;

/** How mutable a tag is (see the decision at the top of this file). */
export function classifyTag(tag: string, extraFloating: readonly string[] = []): TagKind {
  if (isFloatingTag(tag, extraFloating)) return 'floating';
  // `RELEASE.2024-06-12T14-34-03Z` (MinIO): a word and a dot before the version.
  const t = tag.toLowerCase().replace(/^[a-z]+\.(?=\d)/, '');
  const segments = t.split(/[-_]/);
  if (segments.some((s) => HASH_SEGMENT.test(s))) return 'pinned';
  // A revision (Bitnami's `12-debian-12-r50`): a rebuild number, immutable by convention.
  if (segments.slice(1).some((s) => /^r\d+$/.test(s))) return 'pinned';
  const at = segments.findIndex((s) => /^v?\d/.test(s));
  if (at < 0) return 'versionless';
  const m = /^v?(\d+)((?:\.\d+)*)(.*)$/.exec(segments[at]!)!;
  const [, first, more, rest] = m as unknown as [string, string, string, string];
  if (more) return 'pinned'; // major.minor or more
  if (/^[a-z]+\d/.test(rest)) return 'pinned'; // an update or pre-release number: `8u312`, `3rc1`
  if (first.length >= 5) return 'pinned'; // a date or build number: `20240101`
  if (first.length === 4 && !/^(19|20)/.test(first)) return 'pinned'; // a build number, not a year-named major (`2022`)
  if (at + 1 < segments.length && /^\d/.test(segments[at + 1]!)) return 'pinned'; // a date: `2024-06-12`
  return 'major';
}

type PinStatus =
  | 'digest' // pinned by digest (best)
  | 'tag' // a minor or patch version, a date, a build number or a hash
  | 'major' // a major version only (`node:20`, `python:3`): mutable
  | 'versionless' // a variant or release name without a version (`nginx:alpine`, `ubuntu:jammy`): mutable
  | 'untagged' // no tag and no digest: implicitly :latest
  | 'floating' // a mutable tag (latest, stable, …)
  | 'unknown'; // interpolation left in the reference

interface Pinning {
  status: PinStatus;
  ref?: ImageRef;
}

/** Registries whose tags cannot be re-pushed: the Kubernetes project's (promoted through kubernetes/k8s.io). */
const IMMUTABLE_TAG_REGISTRIES: ReadonlySet<string> = new Set(['registry.k8s.io', 'k8s.gcr.io']);

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
  const kind = classifyTag(ref.tag, extraFloating);
  // The Kubernetes project's registry never moves a tag (its image promoter refuses a retag), so
  // `registry.k8s.io/redis:v1` or `:e2e` is the image's own version, not a release line.
  if ((kind === 'major' || kind === 'versionless') && IMMUTABLE_TAG_REGISTRIES.has(ref.registry)) return { status: 'tag', ref };
  return { status: kind === 'pinned' ? 'tag' : kind, ref };
}

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
