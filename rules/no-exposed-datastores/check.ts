import { defineCheck, type ProblemOf } from '../../src/engine/api.js';
import { containersOf, kubernetesObjects, readSelector, workloads, workloadsSelectedBy, type ContainerRef, type K8sObject } from '../../src/knowledge/kubernetes/kubernetes.js';
import { composeServices, parsePortSpec, publishedPorts, resolveBuild, type ComposeService } from '../../src/knowledge/compose/compose.js';
import { finalStage, stageChain } from '../../src/knowledge/dockerfile/dockerfile.js';
import { clientApiPortsOf, datastoreForImage, datastoresForPort, type Datastore } from '../../src/knowledge/datastores/datastores.js';
import { shellWords } from '../../src/knowledge/settings/env-settings.js';
import { asArray, asDict, isTruthy, scalarText } from '../../src/knowledge/data/values.js';
import { isComposeHostNamespace as isComposeHostNetwork } from '../../src/knowledge/containers/container-security.js';
import type { Project } from '../../src/model/project.js';
import { PLATFORM_NAMES, platformDatastores } from '../../src/knowledge/platforms/platforms.js';

/** Ports shared with common non-datastore software (php-fpm and MinIO/ClickHouse on 9000 …) are not evidence alone. */
const AMBIGUOUS_PORTS = new Set([9000, 8123, 8086, 9300, 2181]);

/** Ports named in the rule's `ports` option: datastores of an unknown kind. */
let extraPorts: ReadonlySet<number> = new Set();
const CUSTOM: Datastore = { id: 'postgres', name: 'a datastore', category: 'database', backup: 'required', images: [], charts: [], ports: [], dataDirs: [], backupTools: [] };

function datastoreByPort(port: unknown): Datastore | undefined {
  const n = Number(scalarText(port));
  if (!Number.isInteger(n)) return undefined;
  if (extraPorts.has(n)) return CUSTOM;
  if (AMBIGUOUS_PORTS.has(n)) return undefined;
  return datastoresForPort(n)[0];
}

const INTERNAL_LB: Record<string, RegExp> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': /^(true|0\.0\.0\.0\/0)$/i,
  'service.beta.kubernetes.io/aws-load-balancer-scheme': /^internal$/i,
  'networking.gke.io/load-balancer-type': /^internal$/i,
  'cloud.google.com/load-balancer-type': /^internal$/i,
  'service.beta.kubernetes.io/azure-load-balancer-internal': /^true$/i,
  'service.beta.kubernetes.io/oci-load-balancer-internal': /^true$/i,
  'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type': /^private$/i,
  'metallb.universe.tf/address-pool': /internal|private/i,
};

/** A LoadBalancer restricted to internal networks (annotations or source ranges without 0.0.0.0/0). */
function restricted(o: K8sObject): boolean {
  for (const [key, re] of Object.entries(INTERNAL_LB)) if (o.annotations[key] !== undefined && re.test(o.annotations[key]!)) return true;
  const ranges = asArray(asDict(o.data.spec)?.loadBalancerSourceRanges).map((r) => scalarText(r) ?? '');
  return ranges.length > 0 && !ranges.some((r) => r === '0.0.0.0/0' || r === '::/0');
}

/** The datastore behind a Service, and its container when the selector finds one. */
function serviceDatastore(project: Project, o: K8sObject): { ds: Datastore; container?: ContainerRef } | undefined {
  const spec = asDict(o.data.spec) ?? {};
  const selector = readSelector(spec.selector, true);
  if (selector && Object.keys(selector.matchLabels ?? {}).length > 0) {
    for (const w of workloadsSelectedBy(project, selector, o.namespace)) {
      for (const c of containersOf(w)) {
        const ds = datastoreForImage(c.image);
        if (ds) return { ds, container: c };
      }
    }
  }
  for (const p of asArray(spec.ports)) {
    const d = asDict(p);
    const ds = datastoreByPort(d?.port) ?? datastoreByPort(d?.targetPort);
    if (ds) return { ds };
  }
  return undefined;
}

/** `command` / `args` (list or string form) as words. */
function commandWords(...values: unknown[]): string[] {
  return values.flatMap((v) => (Array.isArray(v) ? v.map((w) => scalarText(w) ?? '') : typeof v === 'string' ? shellWords(v) : []));
}

function containerApiPorts(ds: Datastore, c: ContainerRef): number[] {
  return clientApiPortsOf(ds, commandWords(c.data.command, c.data.args));
}

/** The container port a Service port sends to: `targetPort` (a number or a named port), else `port`. */
function containerPortOf(servicePort: unknown, c: ContainerRef): number | undefined {
  const d = asDict(servicePort);
  const target = scalarText(d?.targetPort ?? d?.port);
  if (target === undefined) return undefined;
  if (/^\d+$/.test(target)) return Number(target);
  const named = asArray(c.data.ports)
    .map(asDict)
    .find((p) => scalarText(p?.name) === target);
  const n = Number(scalarText(named?.containerPort));
  return Number.isInteger(n) ? n : undefined;
}

/**
 * Does a Service reach more of the datastore than its client API? An object store's S3 API is
 * meant for clients (see datastores.ts); its console and every port of a datastore proper are not.
 */
function exposesMoreThanClientApi(o: K8sObject, ds: Datastore, c: ContainerRef | undefined): boolean {
  const api = c ? containerApiPorts(ds, c) : [];
  const ports = asArray(asDict(o.data.spec)?.ports);
  if (api.length === 0 || ports.length === 0) return true;
  return ports.some((p) => !api.includes(containerPortOf(p, c!) ?? -1));
}

/** Resolve `${VAR:-default}` in a short port spec before parsing (`${BIND:-127.0.0.1}:5432:5432`). */
function interpolatedPort(raw: string): ReturnType<typeof parsePortSpec> {
  const text = raw.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}$]*))?\}/g, (_m, fallback: string | undefined) => fallback ?? '\u0000');
  const parsed = parsePortSpec(text);
  if (!parsed) return undefined;
  if (parsed.hostIp?.includes('\u0000')) return { ...parsed, hostIp: 'unknown' };
  return { ...parsed, hostIp: parsed.hostIp === '' ? undefined : parsed.hostIp, published: parsed.published?.replace(/\u0000/g, '') || undefined };
}

function allInterfaces(hostIp: string | undefined): boolean {
  return hostIp === undefined || hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::' || hostIp === '[::]';
}

/** A service that builds `FROM postgres:16` (directly or through its stages) runs PostgreSQL. */
function builtDatastore(project: Project, s: ComposeService): Datastore | undefined {
  const build = resolveBuild(project, s);
  const df = build?.dockerfile;
  const stage = df ? finalStage(df.data, build.target) : undefined;
  if (!df || !stage) return undefined;
  const chain = stageChain(df.data, stage);
  return datastoreForImage(chain[chain.length - 1]!.image);
}

export default defineCheck<'no-exposed-datastores'>({
  kinds: ['kubernetes', 'compose', 'platform'],
  acrossUnits: ['workloads: pod labels, namespace and container images (which datastore a Service selects)', 'compose services: images and built Dockerfiles'],
  check(ctx) {
    extraPorts = new Set(ctx.options.ports);
    // K: Services of type LoadBalancer / NodePort in front of a datastore.
    for (const o of kubernetesObjects(ctx.project)) {
      if (o.kind !== 'Service') continue;
      const target = { doc: o.doc, path: o.path, name: `Service/${o.name}` };
      const backend = serviceDatastore(ctx.project, o);
      if (!backend) {
        ctx.notApplicable(target, 'not a datastore');
        continue;
      }
      const { ds, container } = backend;
      const type = scalarText(asDict(o.data.spec)?.type) ?? 'ClusterIP';
      if (((type === 'LoadBalancer' && !restricted(o)) || type === 'NodePort') && exposesMoreThanClientApi(o, ds, container)) {
        ctx.fail(target, { messageId: 'k8sExposed', data: { name: o.name, datastore: ds.name, type }, path: [...o.path, 'spec', 'type'] });
      } else ctx.pass(target);
    }
    // P: managed datastores whose allow list lets the internet connect (Render `ipAllowList`).
    for (const d of platformDatastores(ctx.project)) {
      const target = { doc: d.doc, path: d.path, name: `${PLATFORM_NAMES[d.platform]} ${d.datastore.name} ${d.name}` };
      if (d.exposureNotJudged) ctx.notApplicable(target, d.exposureNotJudged);
      else if (d.exposed)
        ctx.fail(target, {
          messageId: 'platformExposed',
          data: { platform: PLATFORM_NAMES[d.platform], datastore: d.datastore.name, name: d.name, why: d.exposed.why },
          path: d.exposed.path,
        });
      else ctx.pass(target);
    }
    // K: datastore pods reachable on the node's own address (hostPort, hostNetwork).
    for (const w of workloads(ctx.project)) {
      const ds = containersOf(w)
        .map((c) => ({ c, ds: datastoreForImage(c.image) }))
        .filter((x) => x.ds);
      if (ds.length === 0) continue;
      const target = { doc: w.doc, path: w.path, name: `${w.kind}/${w.name}` };
      const problems: ProblemOf<'no-exposed-datastores'>[] = [];
      if (isTruthy(w.podSpec.hostNetwork)) {
        problems.push({ messageId: 'k8sHostNetwork', data: { kind: w.kind, name: w.name, datastore: ds[0]!.ds!.name }, path: [...w.podSpecPath, 'hostNetwork'] });
      }
      for (const { c, ds: d } of ds) {
        const api = containerApiPorts(d!, c);
        asArray(c.data.ports).forEach((p, i) => {
          const hostPort = asDict(p)?.hostPort;
          if (hostPort === undefined || hostPort === null) return;
          // The client API (S3) is meant to be reached; other ports (the console) are not.
          if (api.includes(Number(scalarText(asDict(p)?.containerPort)))) return;
          problems.push({
            messageId: 'k8sHostPort',
            data: { kind: w.kind, name: w.name, datastore: d!.name, port: scalarText(hostPort) ?? '' },
            path: [...c.path, 'ports', i, 'hostPort'],
          });
        });
      }
      if (problems.length) ctx.fail(target, ...problems);
      else ctx.pass(target);
    }
    // C: datastore services publishing ports on all interfaces (production compose files).
    for (const doc of ctx.project.ofKind('compose')) {
      const env = ctx.environmentOf(doc);
      for (const s of composeServices(doc)) {
        const target = { doc, path: s.path, name: `service ${s.name}` };
        const byImage = datastoreForImage(scalarText(s.data.image)) ?? builtDatastore(ctx.project, s);
        const ports = publishedPorts(s).map((p) => {
          const raw = scalarText(asArray(s.data.ports)[p.path[p.path.length - 1] as number]);
          return raw && raw.includes('${') ? { ...p, ...(interpolatedPort(raw) ?? {}) } : p;
        });
        const hits: { ds: Datastore; port: (typeof ports)[number] }[] = [];
        const api = byImage ? clientApiPortsOf(byImage, commandWords(s.data.entrypoint, s.data.command)) : [];
        for (const p of ports) {
          const targetPort = Number.parseInt(p.target, 10);
          if (/^\d+$/.test(p.target) && api.includes(targetPort)) continue; // the client API (S3) is meant to be reached
          const ds = byImage ?? datastoreByPort(targetPort);
          if (ds && allInterfaces(p.hostIp)) hits.push({ ds, port: p });
        }
        if (!byImage && hits.length === 0) {
          ctx.notApplicable(target, 'not a datastore');
          continue;
        }
        if (env === 'development' || env === 'test') {
          ctx.notApplicable(target, `${env} environment`);
          continue;
        }
        if (byImage && isComposeHostNetwork(s.data.network_mode)) {
          ctx.fail(target, { messageId: 'composeHostNetwork', data: { service: s.name, datastore: byImage.name }, path: [...s.path, 'network_mode'] });
          continue;
        }
        const problems: ProblemOf<'no-exposed-datastores'>[] = hits.map(({ ds, port }) => ({
          messageId: 'composeExposed',
          data: { service: s.name, datastore: ds.name, port: port.published ? `${port.published}:${port.target}` : port.target },
          path: port.path,
        }));
        if (problems.length) ctx.fail(target, ...problems);
        else ctx.pass(target);
      }
    }
  },
});
