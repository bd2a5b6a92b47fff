// The network edge in Kubernetes: Ingress (ingress-nginx, Traefik, HAProxy, Kong, AWS ALB, GCE
// annotations), Traefik CRDs (IngressRoute, Middleware, TLSOption), Istio Gateway, Gateway API
// listeners — TLS coverage per host, HTTPS redirects, rate limiting, internal-only detection.

import type { DocPath } from '../../model/types.js';
import type { Project } from '../../model/project.js';
import { kubernetesObjects, type K8sObject } from './kubernetes.js';
import { isInternalHost } from '../settings/env-settings.js';
import { asArray, asDict, isTruthy, scalarText } from '../data/values.js';

export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io';
const TRAEFIK_PREFIX = 'traefik.ingress.kubernetes.io';

interface Annotation {
  key: string;
  value: string;
  /** Path of the annotation value. */
  path: DocPath;
}

function annotationPath(obj: K8sObject, key: string): DocPath {
  return [...obj.path, 'metadata', 'annotations', key];
}

/** An annotation by exact key. */
function annotation(obj: K8sObject, key: string): Annotation | undefined {
  const value = obj.annotations[key];
  return value === undefined ? undefined : { key, value, path: annotationPath(obj, key) };
}

/**
 * An ingress-nginx annotation by name (`ssl-redirect`): under the default prefix
 * `nginx.ingress.kubernetes.io/` or a custom `--annotations-prefix` (any `<prefix>/<name>` whose
 * prefix mentions nginx).
 */
export function nginxAnnotation(obj: K8sObject, name: string): Annotation | undefined {
  const exact = annotation(obj, `${NGINX_PREFIX}/${name}`);
  if (exact) return exact;
  const key = Object.keys(obj.annotations).find((k) => k.endsWith(`/${name}`) && /nginx/i.test(k.slice(0, -name.length - 1)));
  return key ? annotation(obj, key) : undefined;
}

export function traefikAnnotation(obj: K8sObject, name: string): Annotation | undefined {
  return annotation(obj, `${TRAEFIK_PREFIX}/${name}`);
}

type IngressController = 'nginx' | 'traefik' | 'haproxy' | 'kong' | 'alb' | 'gce' | 'azure' | 'contour' | 'istio' | 'other';

/** The ingress class: `spec.ingressClassName` or the legacy `kubernetes.io/ingress.class` annotation. */
function ingressClass(obj: K8sObject): string | undefined {
  return scalarText(asDict(obj.data.spec)?.ingressClassName) ?? obj.annotations['kubernetes.io/ingress.class'];
}

/** Which controller serves an Ingress, from its class and annotations (ingress-nginx when unknown and nginx-annotated). */
export function ingressController(obj: K8sObject): IngressController {
  const cls = (ingressClass(obj) ?? '').toLowerCase();
  const keys = Object.keys(obj.annotations);
  const has = (prefix: string) => keys.some((k) => k.startsWith(prefix));
  if (cls.includes('traefik') || has(TRAEFIK_PREFIX)) return 'traefik';
  if (cls.includes('haproxy') || has('haproxy.org/') || has('ingress.kubernetes.io/rate-limit')) return 'haproxy';
  if (cls.includes('kong') || has('konghq.com/')) return 'kong';
  if (cls === 'alb' || has('alb.ingress.kubernetes.io/')) return 'alb';
  if (cls.startsWith('gce') || has('ingress.gcp.kubernetes.io/') || has('networking.gke.io/')) return 'gce';
  if (cls.includes('azure') || has('appgw.ingress.kubernetes.io/')) return 'azure';
  if (cls.includes('contour') || has('projectcontour.io/')) return 'contour';
  if (cls.includes('istio')) return 'istio';
  if (cls.includes('nginx') || has(NGINX_PREFIX) || keys.some((k) => /nginx/.test(k))) return 'nginx';
  return cls ? 'other' : 'nginx';
}

interface IngressHost {
  host: string;
  /** Path of the host value (`spec.rules[i].host`). */
  path: DocPath;
}

/** Hosts of an Ingress's rules (rules without a host are listed with host ''). */
export function ingressHosts(obj: K8sObject): IngressHost[] {
  return asArray(asDict(obj.data.spec)?.rules).flatMap((r, i) => {
    const d = asDict(r);
    if (!d) return [];
    return [{ host: scalarText(d.host) ?? '', path: [...obj.path, 'spec', 'rules', i, d.host !== undefined ? 'host' : ''].filter((s) => s !== '') as DocPath }];
  });
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
  }
  return false;
}

/** Ingress-level TLS signals besides `spec.tls`: Traefik router.tls / websecure, ALB certificates, GCE certificates. */
function controllerTerminatesTls(obj: K8sObject): boolean {
  const a = obj.annotations;
  if (isTruthy(a[`${TRAEFIK_PREFIX}/router.tls`])) return true;
  const eps = a[`${TRAEFIK_PREFIX}/router.entrypoints`];
  if (eps && eps.split(',').every((e) => /secure|https|443/i.test(e.trim()))) return true;
  if (a['alb.ingress.kubernetes.io/certificate-arn'] || /HTTPS/i.test(a['alb.ingress.kubernetes.io/listen-ports'] ?? '')) return true;
  if (a['ingress.gcp.kubernetes.io/pre-shared-cert'] || a['networking.gke.io/managed-certificates']) return true;
  if (a['appgw.ingress.kubernetes.io/appgw-ssl-certificate']) return true;
  return false;
}

/** Is the host served over TLS by the Ingress (`spec.tls[].hosts`, wildcard, or a host-less TLS entry)? */
export function ingressHostHasTls(obj: K8sObject, host: string): boolean {
  if (controllerTerminatesTls(obj)) return true;
  for (const t of asArray(asDict(obj.data.spec)?.tls)) {
    const d = asDict(t);
    if (!d) continue;
    const hosts = asArray(d.hosts).map((h) => scalarText(h) ?? '');
    if (hosts.length === 0) return true;
    if (host && hosts.some((h) => hostMatches(h, host))) return true;
  }
  return false;
}

export function ingressHasTls(obj: K8sObject): boolean {
  return controllerTerminatesTls(obj) || asArray(asDict(obj.data.spec)?.tls).length > 0;
}

/**
 * An Ingress that is not reachable from the internet: an internal class (`*internal*`,
 * `*private*`), an internal load balancer (ALB `scheme: internal`, GKE internal), or only
 * internal hosts (`*.local`, `*.svc.cluster.local`, `localhost`).
 */
export function isInternalIngress(obj: K8sObject): boolean {
  const cls = (ingressClass(obj) ?? '').toLowerCase();
  if (/internal|private|intranet/.test(cls)) return true;
  const a = obj.annotations;
  if ((a['alb.ingress.kubernetes.io/scheme'] ?? '').toLowerCase() === 'internal') return true;
  if (a['kubernetes.io/ingress.class'] === 'gce-internal') return true;
  const hosts = ingressHosts(obj).map((h) => h.host);
  if (hosts.length > 0 && hosts.every((h) => h !== '' && isInternalHost(h))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Traefik CRDs

export function isTraefikKind(obj: K8sObject, kind: string): boolean {
  return obj.kind === kind && /traefik/.test(obj.apiVersion);
}

/** Middleware references of a Traefik router (`ns-name@kubernetescrd,other@file`). */
export function traefikMiddlewareRefs(obj: K8sObject): string[] {
  const refs = traefikAnnotation(obj, 'router.middlewares')?.value ?? '';
  return refs
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
}

/** Resolve a Traefik middleware reference to a Middleware object of the project. */
function resolveTraefikMiddleware(project: Project, ref: string, namespace?: string): K8sObject | undefined {
  const name = ref.replace(/@[a-z]+$/i, '');
  return kubernetesObjects(project).find((o) => {
    if (!isTraefikKind(o, 'Middleware')) return false;
    const ns = o.namespace ?? namespace ?? 'default';
    return name === `${ns}-${o.name}` || name === o.name || name.endsWith(`-${o.name}`);
  });
}

/** Does a Traefik Middleware (object or, when unresolved, its name) do X? */
export function middlewareDoes(project: Project, ref: string, what: 'rateLimit' | 'redirectScheme', namespace?: string): boolean {
  const mw = resolveTraefikMiddleware(project, ref, namespace);
  if (mw) {
    const spec = asDict(mw.data.spec) ?? {};
    if (what === 'redirectScheme') return scalarText(asDict(spec.redirectScheme)?.scheme) === 'https';
    return spec.rateLimit !== undefined || spec.inFlightReq !== undefined;
  }
  return what === 'rateLimit' ? /rate-?limit|ratelimit|throttl/i.test(ref) : /redirect|https/i.test(ref);
}

// ---------------------------------------------------------------------------------------------
// Rate limiting

interface RateLimitEvidence {
  how: string;
}

const NGINX_RATE_ANNOTATIONS = ['limit-rps', 'limit-rpm', 'limit-connections', 'global-rate-limit', 'limit-rate'];

/** How an Ingress is rate limited, if it is (annotations of the controllers we know). */
export function ingressRateLimit(project: Project, obj: K8sObject): RateLimitEvidence | undefined {
  for (const name of NGINX_RATE_ANNOTATIONS) {
    const a = nginxAnnotation(obj, name);
    if (a && a.value.trim() !== '' && a.value.trim() !== '0') return { how: a.key };
  }
  for (const ref of traefikMiddlewareRefs(obj)) if (middlewareDoes(project, ref, 'rateLimit', obj.namespace)) return { how: `Traefik middleware ${ref}` };
  const a = obj.annotations;
  const kong = a['konghq.com/plugins'];
  if (kong) {
    for (const p of kong.split(',').map((s) => s.trim())) {
      const plugin = kubernetesObjects(project).find((o) => (o.kind === 'KongPlugin' || o.kind === 'KongClusterPlugin') && o.name === p);
      const kind = plugin ? (scalarText(plugin.data.plugin) ?? '') : p;
      if (/rate-?limit/i.test(kind)) return { how: `Kong plugin ${p}` };
    }
  }
  for (const key of ['haproxy.org/rate-limit-requests', 'haproxy.com/rate-limit-requests', 'ingress.kubernetes.io/rate-limit']) {
    if (a[key]) return { how: key };
  }
  if (a['alb.ingress.kubernetes.io/wafv2-acl-arn'] || a['alb.ingress.kubernetes.io/waf-acl-id']) return { how: 'AWS WAF web ACL' };
  if (a['cloud.google.com/backend-config'] || a['beta.cloud.google.com/backend-config']) return { how: 'GKE BackendConfig (Cloud Armor)' };
  if (a['appgw.ingress.kubernetes.io/waf-policy-for-path']) return { how: 'Azure WAF policy' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// ingress-nginx controller ConfigMap

/** The ingress-nginx controller ConfigMap (by name or labels). */
export function isIngressNginxConfigMap(obj: K8sObject): boolean {
  if (obj.kind !== 'ConfigMap') return false;
  const name = obj.name.toLowerCase();
  if (name.includes('ingress-nginx') || name === 'nginx-configuration' || name.endsWith('nginx-ingress-controller') || name.endsWith('ingress-nginx-controller')) return true;
  const label = obj.labels['app.kubernetes.io/name'] ?? obj.labels['app'] ?? '';
  return /ingress-nginx|nginx-ingress/.test(label);
}

// ---------------------------------------------------------------------------------------------
// Gateways

interface Listener {
  protocol: string;
  /** Path of the protocol value. */
  path: DocPath;
  httpsRedirect: boolean;
  minTlsVersion?: { value: string; path: DocPath };
}

/** Listeners of a Gateway API Gateway (`spec.listeners`) or servers of an Istio Gateway (`spec.servers`). */
export function gatewayListeners(obj: K8sObject): Listener[] | undefined {
  const spec = asDict(obj.data.spec) ?? {};
  if (obj.kind !== 'Gateway') return undefined;
  if (/gateway\.networking\.k8s\.io/.test(obj.apiVersion)) {
    return asArray(spec.listeners).flatMap((l, i) => {
      const d = asDict(l);
      const protocol = scalarText(d?.protocol);
      return protocol ? [{ protocol: protocol.toUpperCase(), path: [...obj.path, 'spec', 'listeners', i, 'protocol'], httpsRedirect: false }] : [];
    });
  }
  if (/istio/.test(obj.apiVersion)) {
    return asArray(spec.servers).flatMap((s, i) => {
      const d = asDict(s);
      const port = asDict(d?.port);
      const protocol = scalarText(port?.protocol);
      if (!d || !protocol) return [];
      const tls = asDict(d.tls);
      const min = scalarText(tls?.minProtocolVersion);
      return [
        {
          protocol: protocol.toUpperCase(),
          path: [...obj.path, 'spec', 'servers', i, 'port', 'protocol'],
          httpsRedirect: isTruthy(tls?.httpsRedirect),
          ...(min ? { minTlsVersion: { value: min, path: [...obj.path, 'spec', 'servers', i, 'tls', 'minProtocolVersion'] } } : {}),
        },
      ];
    });
  }
  return undefined;
}

export function isTlsProtocol(protocol: string): boolean {
  return ['HTTPS', 'TLS', 'GRPCS', 'HTTP2S'].includes(protocol.toUpperCase());
}
