// Availability knowledge shared by the reliability rules: how many replicas a workload runs
// (spec.replicas or the HPA floor), whether it is a stateless service (scaled freely) or a
// datastore / stateful workload, and which Kubernetes autoscalers (HPA, KEDA) target it.
//
// Decisions:
// - Deployments, ReplicaSets and ReplicationControllers are stateless services unless a container
//   runs a known datastore image (a single-replica `postgres` Deployment is a datastore, not a
//   service to scale out). StatefulSets are stateful; DaemonSets run one pod per node; Jobs,
//   CronJobs and bare Pods run once.
// - A missing `spec.replicas` is 1 (the Kubernetes default); `replicas: 0` means the workload is
//   switched off on purpose and is not judged.
// - KEDA `ScaledObject`s count as autoscalers (their `minReplicaCount` defaults to 0).
// - Singletons by design (SINGLETON_COMPONENT, KNOWN_SINGLETONS) need no second replica, no
//   autoscaler and may use `Recreate`; PDB and topology-spread rules skip them as single-replica.

import type { DocPath, SourceDocument } from '../../model/types.js';
import { memo, type Project } from '../../model/project.js';
import { datastoreForImage, type Datastore } from '../datastores/datastores.js';
import { autoscalersFor, containerEnv, containersOf, kubernetesObjects, sameNamespace, workloads, type ContainerRef, type K8sObject, type Workload } from './kubernetes.js';
import { parseImageRef } from '../containers/images.js';
import { commandText } from '../datastores/persistence.js';
import { asArray, asDict, getPath, isTruthy, scalarText, intOf } from '../data/values.js';

/**
 * A Kustomize patch (strategic merge) names a workload and sets a few fields but has no
 * containers: it is not a workload of its own and is judged through the base it patches.
 */
export function isPatchFragment(w: Workload): boolean {
  return asArray(w.podSpec.containers).length === 0;
}

/**
 * The production / staging patch of the same workload (kind and name) that sets `spec.replicas`,
 * e.g. `overlays/prod/replicas-patch.yaml` over `base/deployment.yaml`.
 */
export function productionReplicaPatch(project: Project, w: Workload, environmentOf: (doc: SourceDocument) => string = (d) => d.file.environment): Workload | undefined {
  if (w.doc.file.environment === 'production' || w.doc.file.environment === 'staging') return undefined;
  return (productionWorkloadsByName(project).get(`${w.kind}\u0000${w.name}`) ?? []).find(
    (o) => o !== w && environmentOf(o.doc) !== 'development' && asDict(o.data.spec)?.replicas !== undefined,
  );
}

/** Workloads of production and staging files by kind and name, in order (once per project: asked per workload). */
function productionWorkloadsByName(project: Project): Map<string, Workload[]> {
  return memo(project, 'availability.productionWorkloadsByName', () => {
    const index = new Map<string, Workload[]>();
    for (const o of workloads(project)) {
      if (o.doc.file.environment !== 'production' && o.doc.file.environment !== 'staging') continue;
      const key = `${o.kind}\u0000${o.name}`;
      let list = index.get(key);
      if (!list) index.set(key, (list = []));
      list.push(o);
    }
    return index;
  });
}

/** The first known datastore a workload's containers run, if any. */
export function workloadDatastore(w: Workload): Datastore | undefined {
  for (const c of containersOf(w, ['container'])) {
    const ds = datastoreForImage(c.image);
    if (ds) return ds;
  }
  return undefined;
}

/** Does the pod mount a PersistentVolumeClaim (usually ReadWriteOnce: one writer, not freely scaled)? */
export function mountsClaim(w: Workload): boolean {
  return asArray(w.podSpec.volumes).some((v) => asDict(v)?.persistentVolumeClaim !== undefined);
}

/** A stateless service: a Deployment / ReplicaSet / RC that runs no known datastore and mounts no PVC. */
export function isStatelessService(w: Workload): boolean {
  if (w.batch) return false;
  if (!['Deployment', 'ReplicaSet', 'ReplicationController'].includes(w.kind)) return false;
  return workloadDatastore(w) === undefined && !mountsClaim(w);
}

/**
 * Components that run as one instance by design (a second copy duplicates or corrupts work):
 * kube-state-metrics (duplicate series), Pushgateway (pushes split between copies), Loki / Mimir /
 * Tempo compactors, Celery beat, operators (leader-elected control loops whose outage does not
 * touch the data plane). Matched against a values key path or chart name.
 */
export const SINGLETON_COMPONENT =
  /(^|[-_.])(kube-state-metrics|kubeStateMetrics|pushgateway|compactor|beat|celery-beat|celeryBeat|table-?manager|tableManager|operator)([-_.]|$)/i;

/** A workload that runs once by design: its name or a container image is a SINGLETON_COMPONENT, or it is a KNOWN_SINGLETONS entry. */
export function isSingletonWorkload(w: Workload): boolean {
  return singletonReason(w) !== undefined;
}

/** Why a workload runs once by design (for not-applicable outcomes), undefined when it does not. */
export function singletonReason(w: Workload): string | undefined {
  const named =
    SINGLETON_COMPONENT.test(w.name) ||
    containersOf(w).some((c) => {
      const image = c.image ?? '';
      const short = image.split('@')[0]!.split('/').pop()!.split(':')[0]!;
      return SINGLETON_COMPONENT.test(short);
    });
  if (named) return 'runs once by design';
  return KNOWN_SINGLETONS.find((k) => containersOf(w).some(k.matches))?.reason;
}

/**
 * Components whose own project runs them as one instance because a second replica adds no
 * availability, each with its reason. Leader election alone is not such a reason: a standby
 * replica takes the lease within seconds, where a replacement pod waits until its node is declared
 * lost (minutes), and vendors recommend it (cert-manager: two controller replicas), so a
 * leader-elected controller that is not listed here is judged like any service.
 */
const KNOWN_SINGLETONS: { reason: string; matches: (c: ContainerRef) => boolean }[] = [
  {
    // Spark: standby masters need ZooKeeper recovery; without it a second master is a second,
    // empty cluster, and workers and drivers behind the Service split between the two.
    reason: 'a Spark standalone master without ZooKeeper recovery: a second master is a separate cluster, not a standby',
    matches: (c) => isSparkMaster(c) && !/spark\.deploy\.recoveryMode[\s=]+["']?(ZOOKEEPER|CUSTOM)\b/i.test(containerText(c)),
  },
  {
    // Flux runs one replica per controller and scales out by sharding; a standby source-controller
    // is never ready and serves no artifacts (they sit on the leader's disk); an outage pauses
    // delivery, not the workloads already deployed.
    reason: 'a Flux controller: one replica by design (Flux scales out by sharding)',
    matches: (c) => FLUX_CONTROLLER.test(parseImageRef(c.image ?? '')?.repository ?? ''),
  },
];

/** Flux's controllers, upstream (`ghcr.io/fluxcd/source-controller`) or Bitnami (`bitnami/fluxcd-source-controller`). */
const FLUX_CONTROLLER = /(^|\/)fluxcd[/-](source|kustomize|helm|notification|image-reflector|image-automation)-controller$/;

/** Command, arguments and env values of a container, as one text. */
function containerText(c: ContainerRef): string {
  const env = containerEnv(c).map((e) => `${e.name}=${e.value ?? ''}`);
  return [commandText(c.data.command), commandText(c.data.args), ...env].join(' ');
}

/** A Spark standalone master: `start-master(.sh)`, `spark-class …deploy.master.Master`, or Bitnami's `SPARK_MODE=master`. */
function isSparkMaster(c: ContainerRef): boolean {
  const command = `${commandText(c.data.command)} ${commandText(c.data.args)}`;
  if (/(^|[\s/])start-master(\.sh)?(\s|$)/.test(command) || /\borg\.apache\.spark\.deploy\.master\.Master\b/.test(command)) return true;
  return containerEnv(c).some((e) => e.name === 'SPARK_MODE' && e.value?.trim().toLowerCase() === 'master');
}

/** Keys that only a StatefulSet's settings have: a values component with them is stateful. */
export function valuesComponentIsStateful(component: Record<string, unknown>): boolean {
  if (component.podManagementPolicy !== undefined || component.volumeClaimTemplates !== undefined || component.persistentVolumeClaimRetentionPolicy !== undefined) return true;
  for (const key of ['persistence', 'persistentVolume']) {
    const persistence = asDict(component[key]);
    if (persistence && (persistence.enabled === true || persistence.enabled === 'true')) return true;
  }
  const kind = scalarText(component.kind) ?? scalarText(component.controller) ?? scalarText(component.workloadType);
  return kind !== undefined && /statefulset/i.test(kind);
}

interface AutoscalerInfo {
  object: K8sObject;
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  min?: number;
  max?: number;
  /** Absolute paths (inside the autoscaler's document) of the bounds. */
  minPath: DocPath;
  maxPath: DocPath;
}

/** KEDA ScaledObjects of the project (once per project: autoscalersOf runs per workload). */
function scaledObjectsOf(project: Project): K8sObject[] {
  return memo(project, 'availability.scaledObjects', () => kubernetesObjects(project).filter((o) => o.kind === 'ScaledObject'));
}

/** HPAs and KEDA ScaledObjects that target the workload. */
export function autoscalersOf(project: Project, w: Workload): AutoscalerInfo[] {
  const out: AutoscalerInfo[] = autoscalersFor(project, w).map((o) => {
    const spec = asDict(o.data.spec) ?? {};
    return {
      object: o,
      kind: 'HorizontalPodAutoscaler' as const,
      min: spec.minReplicas === undefined ? 1 : intOf(spec.minReplicas),
      max: intOf(spec.maxReplicas),
      minPath: [...o.path, 'spec', 'minReplicas'],
      maxPath: [...o.path, 'spec', 'maxReplicas'],
    };
  });
  for (const o of scaledObjectsOf(project)) {
    if (!sameNamespace(o.namespace, w.namespace)) continue;
    const spec = asDict(o.data.spec) ?? {};
    const ref = asDict(spec.scaleTargetRef);
    const kind = scalarText(ref?.kind) ?? 'Deployment';
    if (kind !== w.kind || scalarText(ref?.name) !== w.name) continue;
    out.push({
      object: o,
      kind: 'ScaledObject',
      min: spec.minReplicaCount === undefined ? 0 : intOf(spec.minReplicaCount),
      max: spec.maxReplicaCount === undefined ? 100 : intOf(spec.maxReplicaCount),
      minPath: [...o.path, 'spec', 'minReplicaCount'],
      maxPath: [...o.path, 'spec', 'maxReplicaCount'],
    });
  }
  return out;
}

interface ReplicaCount {
  /** The number of replicas the workload runs at least (undefined when unknowable, e.g. a template expression). */
  count?: number;
  /** Where the number comes from. */
  source: 'spec' | 'default' | 'autoscaler' | 'unknown';
  /** Path of the node that decides the count (absolute inside `doc`). */
  path: DocPath;
  autoscaler?: AutoscalerInfo;
}

/** Replicas a workload runs at least: the autoscaler floor when one targets it, else spec.replicas (default 1). */
export function replicaCount(project: Project, w: Workload): ReplicaCount {
  const scalers = autoscalersOf(project, w);
  if (scalers.length > 0) {
    const s = scalers[0]!;
    return { count: s.min, source: s.min === undefined ? 'unknown' : 'autoscaler', path: s.minPath, autoscaler: s };
  }
  const patch = productionReplicaPatch(project, w);
  if (patch) {
    const n = intOf(asDict(patch.data.spec)?.replicas);
    return n === undefined ? { source: 'unknown', path: [...patch.path, 'spec', 'replicas'] } : { count: n, source: 'spec', path: [...patch.path, 'spec', 'replicas'] };
  }
  const spec = asDict(w.data.spec) ?? {};
  const path: DocPath = [...w.path, 'spec', 'replicas'];
  if (spec.replicas === undefined || spec.replicas === null) return { count: 1, source: 'default', path };
  const n = intOf(spec.replicas);
  return n === undefined ? { source: 'unknown', path } : { count: n, source: 'spec', path };
}

/**
 * The replica count in words for messages, as the manifest says it (`replicas: 3`, `no replicas
 * field (Kubernetes runs 1)`, `replicas: 3 in overlays/prod/replicas.yaml`), and the autoscaler's
 * bounds named separately (`; HorizontalPodAutoscaler/api scales it from 2 to 6`): the manifest's
 * number is never replaced by the autoscaler's.
 */
export function replicaWording(project: Project, w: Workload): { replicas: string; scaling: string } {
  const patch = productionReplicaPatch(project, w);
  const source = patch ?? w;
  const value = asDict(source.data.spec)?.replicas;
  const text = value === undefined || value === null ? undefined : scalarText(value);
  let replicas = text === undefined ? 'no replicas field (Kubernetes runs 1)' : `replicas: ${text}`;
  if (patch && text !== undefined) replicas += ` in ${patch.doc.file.path}`;
  const scaling = autoscalersOf(project, w)
    .map((s) => `; ${s.kind}/${s.object.name} scales it ${bounds(s)}`)
    .join('');
  return { replicas, scaling };
}

function bounds(s: AutoscalerInfo): string {
  if (s.min !== undefined && s.max !== undefined) return `from ${s.min} to ${s.max}`;
  if (s.max !== undefined) return `up to ${s.max}`;
  if (s.min !== undefined) return `from ${s.min}`;
  return 'within bounds not known here';
}

/**
 * The same wording for a chart's values component (`parent` is its key path; [] for the top
 * level): its `replicaCount` / `replicas` as written, and the `autoscaling` / `hpa` bounds named
 * apart when autoscaling is enabled.
 */
export function valuesReplicaWording(data: unknown, parent: DocPath): { replicas: string; scaling: string } {
  const component = asDict(getPath(data, parent)) ?? {};
  const key = component.replicaCount !== undefined ? 'replicaCount' : component.replicas !== undefined ? 'replicas' : undefined;
  const prefix = parent.length ? `${parent.join('.')}.` : '';
  const text = key ? scalarText(component[key]) : undefined;
  const replicas = key && text !== undefined ? `${prefix}${key}: ${text}` : `no ${prefix}replicaCount`;
  for (const scalingKey of ['autoscaling', 'hpa']) {
    const scaling = asDict(component[scalingKey]);
    if (!scaling || !isTruthy(scaling.enabled)) continue;
    const min = intOf(scaling.minReplicas);
    const max = intOf(scaling.maxReplicas);
    const range = min !== undefined && max !== undefined ? `from ${min} to ${max}` : max !== undefined ? `up to ${max}` : min !== undefined ? `from ${min}` : 'within its defaults';
    return { replicas, scaling: `; ${prefix}${scalingKey} scales it ${range}` };
  }
  return { replicas, scaling: '' };
}

/** Path of a workload's name, the anchor for "something is missing for this workload" findings. */
export function workloadNamePath(w: Workload): DocPath {
  return [...w.path, 'metadata', 'name'];
}

/** `Deployment/api`, unique per file for targets. */
export function workloadTargetName(w: Workload): string {
  return `${w.kind}/${w.name}`;
}

/** Parse an int-or-percent (`1`, `"25%"`); percent values as { percent }. */
export function intOrPercent(value: unknown): { value: number; percent: boolean } | undefined {
  const n = intOf(value);
  if (n !== undefined) return { value: n, percent: false };
  const text = scalarText(value)?.trim();
  const m = text ? /^(\d+(?:\.\d+)?)%$/.exec(text) : null;
  return m ? { value: Number(m[1]), percent: true } : undefined;
}
