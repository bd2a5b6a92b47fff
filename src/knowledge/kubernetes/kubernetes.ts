// Kubernetes knowledge shared by rules: workload kinds and where their pod spec lives, containers
// with their paths, effective security context, label selectors, and which objects select which
// workloads (Service → pods, PDB / HPA / NetworkPolicy → workloads).

import { posix } from 'node:path';
import type { DocPath, SourceDocument } from '../../model/types.js';
import { memo, type Project } from '../../model/project.js';
import { asArray, asDict, isDict, scalarText, type Dict } from '../data/values.js';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod'] as const;
type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Kinds that run to completion rather than serve: no probes, replicas or PDB expected. */
const BATCH_KINDS: readonly WorkloadKind[] = ['Job', 'CronJob'];

function isWorkloadKind(kind: unknown): kind is WorkloadKind {
  return typeof kind === 'string' && (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/** Path of the pod spec inside an object of the kind (relative to the object). */
export function podSpecPath(kind: string): DocPath | undefined {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template', 'spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    case 'Pod':
      return ['spec'];
    default:
      return undefined;
  }
}

/** Path of the pod metadata (labels) inside an object of the kind. */
export function podMetadataPath(kind: string): DocPath | undefined {
  const spec = podSpecPath(kind);
  if (!spec) return undefined;
  return kind === 'Pod' ? ['metadata'] : [...spec.slice(0, -1), 'metadata'];
}

/** One Kubernetes object in a document; `kind: List` documents yield their items. */
export interface K8sObject {
  doc: SourceDocument;
  /** Path of the object inside the document ([] or ['items', i]). */
  path: DocPath;
  data: Dict;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const dict = asDict(value);
  if (!dict) return out;
  for (const [k, v] of Object.entries(dict)) {
    const text = scalarText(v);
    if (text !== undefined) out[k] = text;
  }
  return out;
}

function toObject(doc: SourceDocument, data: unknown, path: DocPath): K8sObject | undefined {
  if (!isDict(data)) return undefined;
  const kind = scalarText(data.kind);
  if (!kind) return undefined;
  const metadata = asDict(data.metadata) ?? {};
  return {
    doc,
    path,
    data,
    apiVersion: scalarText(data.apiVersion) ?? '',
    kind,
    name: scalarText(metadata.name) ?? scalarText(metadata.generateName) ?? '',
    namespace: scalarText(metadata.namespace),
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
  };
}

/** Objects of one document (List items expanded). */
function objectsOf(doc: SourceDocument): K8sObject[] {
  const data = doc.data;
  if (isDict(data) && typeof data.kind === 'string' && data.kind.endsWith('List') && Array.isArray(data.items)) {
    return data.items.flatMap((item, i) => {
      const obj = toObject(doc, item, ['items', i]);
      return obj ? [obj] : [];
    });
  }
  const obj = toObject(doc, data, []);
  return obj ? [obj] : [];
}

/** Every Kubernetes object of the project, in document order (computed once per project; do not mutate). */
export function kubernetesObjects(project: Project): K8sObject[] {
  return memo(project, 'kubernetes.objects', () => project.ofKind('kubernetes').flatMap((doc) => objectsOf(doc)));
}

export interface Workload extends K8sObject {
  kind: WorkloadKind;
  /** Absolute path (inside the document) of the pod spec. */
  podSpecPath: DocPath;
  podSpec: Dict;
  /** Labels of the pods it creates (template labels; the object's own labels for a Pod). */
  podLabels: Record<string, string>;
  /** Runs to completion (Job, CronJob, or a Pod with restartPolicy Never/OnFailure). */
  batch: boolean;
}

function asWorkload(obj: K8sObject): Workload | undefined {
  if (!isWorkloadKind(obj.kind)) return undefined;
  const rel = podSpecPath(obj.kind)!;
  let podSpec: unknown = obj.data;
  for (const seg of rel) podSpec = asDict(podSpec)?.[seg as string];
  const metaRel = podMetadataPath(obj.kind)!;
  let meta: unknown = obj.data;
  for (const seg of metaRel) meta = asDict(meta)?.[seg as string];
  const spec = asDict(podSpec) ?? {};
  const restart = scalarText(spec.restartPolicy);
  const batch = BATCH_KINDS.includes(obj.kind) || (obj.kind === 'Pod' && (restart === 'Never' || restart === 'OnFailure'));
  return {
    ...obj,
    kind: obj.kind,
    podSpecPath: [...obj.path, ...rel],
    podSpec: spec,
    podLabels: stringMap(asDict(meta)?.labels),
    batch,
  };
}

/**
 * Files a kustomization applies as patches (`patches[].path`, `patchesStrategicMerge`,
 * `patchesJson6902[].path`), resolved relative to the kustomization's folder. Their objects are
 * partial overlays, not workloads of their own.
 */
export function kustomizePatchFiles(project: Project): Set<string> {
  const out = new Set<string>();
  for (const o of kubernetesObjects(project)) {
    if (o.kind !== 'Kustomization' || !o.apiVersion.startsWith('kustomize.config.k8s.io')) continue;
    const dir = posix.dirname(o.doc.file.path);
    const add = (p: unknown) => {
      const text = scalarText(p);
      if (text && !text.includes('\n') && /\.ya?ml$|\.json$/i.test(text)) out.add(posix.normalize(posix.join(dir, text)));
    };
    asArray(o.data.patchesStrategicMerge).forEach(add);
    for (const field of ['patches', 'patchesJson6902']) asArray(o.data[field]).forEach((p) => add(asDict(p)?.path));
  }
  return out;
}

/** Every workload (Deployment, StatefulSet, …, Pod) of the project; kustomize patches excluded. */
export function workloads(project: Project): Workload[] {
  return memo(project, 'kubernetes.workloads', () => findWorkloads(project));
}

function findWorkloads(project: Project): Workload[] {
  const patches = kustomizePatchFiles(project);
  return kubernetesObjects(project).flatMap((o) => {
    if (patches.has(posix.normalize(o.doc.file.path))) return [];
    const w = asWorkload(o);
    return w ? [w] : [];
  });
}

type ContainerRole = 'container' | 'init' | 'ephemeral';

export interface ContainerRef {
  workload: Workload;
  role: ContainerRole;
  index: number;
  name: string;
  /** Absolute path (inside the document) of the container. */
  path: DocPath;
  data: Dict;
  /** An init container with restartPolicy Always (native sidecar): long-running. */
  sidecar: boolean;
  image?: string;
}

const ROLE_FIELD: Record<ContainerRole, string> = {
  container: 'containers',
  init: 'initContainers',
  ephemeral: 'ephemeralContainers',
};

/** Containers of a workload by role, and the lists asked for, by roles (`container+init`). */
const containersByWorkload = new WeakMap<Workload, Map<string, ContainerRef[]>>();

/**
 * Containers of a workload; by default regular containers only. Most rules ask for every workload:
 * each list is made once per workload (callers do not mutate it or its containers).
 */
export function containersOf(workload: Workload, roles: readonly ContainerRole[] = ['container']): ContainerRef[] {
  let lists = containersByWorkload.get(workload);
  if (!lists) containersByWorkload.set(workload, (lists = new Map()));
  const key = roles.length === 1 ? roles[0]! : roles.join('+');
  let out = lists.get(key);
  if (out) return out;
  if (roles.length === 1) {
    out = containersInRole(workload, roles[0]!);
  } else {
    out = [];
    for (const role of roles) out.push(...containersOf(workload, [role]));
  }
  lists.set(key, out);
  return out;
}

function containersInRole(workload: Workload, role: ContainerRole): ContainerRef[] {
  const out: ContainerRef[] = [];
  const field = ROLE_FIELD[role];
  asArray(workload.podSpec[field]).forEach((c, index) => {
    if (!isDict(c)) return;
    out.push({
      workload,
      role,
      index,
      name: scalarText(c.name) ?? `#${index}`,
      path: [...workload.podSpecPath, field, index],
      data: c,
      sidecar: role === 'init' && scalarText(c.restartPolicy) === 'Always',
      image: scalarText(c.image),
    });
  });
  return out;
}

/** Readable target name: `Deployment/api container web`, `CronJob/backup init container wait`. */
export function containerTargetName(c: ContainerRef): string {
  const role = c.role === 'container' ? 'container' : c.role === 'init' ? 'init container' : 'ephemeral container';
  return `${c.workload.kind}/${c.workload.name} ${role} ${c.name}`;
}

interface EffectiveSetting {
  value: unknown;
  /** Absolute path of the value node. */
  path: DocPath;
  from: 'container' | 'pod';
}

/**
 * The effective value of a securityContext field for a container: the container's own
 * securityContext wins over the pod's (for the fields both define: runAsUser, runAsGroup,
 * runAsNonRoot, seccompProfile, seLinuxOptions, windowsOptions, appArmorProfile).
 */
export function effectiveSecurityContext(c: ContainerRef, field: string): EffectiveSetting | undefined {
  const own = asDict(c.data.securityContext);
  if (own && own[field] !== undefined && own[field] !== null) {
    return { value: own[field], path: [...c.path, 'securityContext', field], from: 'container' };
  }
  const pod = asDict(c.workload.podSpec.securityContext);
  if (pod && pod[field] !== undefined && pod[field] !== null && POD_LEVEL_FIELDS.has(field)) {
    return { value: pod[field], path: [...c.workload.podSpecPath, 'securityContext', field], from: 'pod' };
  }
  return undefined;
}

const POD_LEVEL_FIELDS = new Set(['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile', 'seLinuxOptions', 'windowsOptions', 'appArmorProfile']);

// ---------------------------------------------------------------------------------------------
// Label selectors

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Read a selector in either form: a LabelSelector object or a plain map (Service, ReplicationController). */
export function readSelector(value: unknown, plainMap = false): LabelSelector | undefined {
  const dict = asDict(value);
  if (!dict) return undefined;
  if (plainMap) return { matchLabels: stringMap(dict) };
  const sel: LabelSelector = {};
  if (dict.matchLabels !== undefined) sel.matchLabels = stringMap(dict.matchLabels);
  if (dict.matchExpressions !== undefined) {
    sel.matchExpressions = asArray(dict.matchExpressions).flatMap((e) => {
      const ed = asDict(e);
      const key = scalarText(ed?.key);
      const operator = scalarText(ed?.operator);
      if (!ed || !key || !operator) return [];
      return [{ key, operator, values: asArray(ed.values).map((v) => scalarText(v) ?? '') }];
    });
  }
  return sel;
}

/**
 * Does the selector match the labels? An empty selector ({}) matches everything (as for
 * NetworkPolicy podSelector and PDB); a selector with no terms from a plain map matches nothing
 * when the map is empty only where the caller decides so.
 */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  // Asked for every workload against every selector of a kind: no entry arrays per call.
  const matchLabels = selector.matchLabels;
  if (matchLabels) {
    for (const k in matchLabels) if (labels[k] !== matchLabels[k]) return false;
  }
  const expressions = selector.matchExpressions;
  if (!expressions) return true;
  for (const e of expressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** Namespaces match when equal, or when either is unset (applied at deploy time with -n). */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

// Per-project indexes (computed once per Project; rules ask per workload, so a scan of every
// object per question would make the project-level relations quadratic).

interface Indexed {
  obj: K8sObject;
  /** Position in kubernetesObjects(): results keep document order. */
  order: number;
  sel: LabelSelector;
}

/**
 * Objects of one kind with their selector read once, indexed by one of their matchLabels pairs:
 * the one fewest selectors of the kind share (charts rendered with one release name all select
 * `app.kubernetes.io/instance: <release>` first; indexed by it, each of their pods would be
 * matched against all of them).
 */
function selectorIndex(project: Project, kind: string, read: (o: K8sObject) => LabelSelector | undefined): { all: Indexed[]; byLabel: Map<string, Indexed[]>; unkeyed: Indexed[] } {
  return memo(project, `kubernetes.selectors:${kind}`, () => {
    const all: Indexed[] = [];
    const byLabel = new Map<string, Indexed[]>();
    const unkeyed: Indexed[] = [];
    const shared = new Map<string, number>();
    kubernetesObjects(project).forEach((obj, order) => {
      if (obj.kind !== kind) return;
      const sel = read(obj);
      if (!sel) return;
      all.push({ obj, order, sel });
      for (const k in sel.matchLabels) {
        const key = `${k}\u0000${sel.matchLabels[k]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    });
    for (const entry of all) {
      // A matchLabels pair every selected pod must carry: only workloads with that label can match.
      let rarest: string | undefined;
      for (const k in entry.sel.matchLabels) {
        const key = `${k}\u0000${entry.sel.matchLabels[k]}`;
        if (rarest === undefined || shared.get(key)! < shared.get(rarest)!) rarest = key;
      }
      if (rarest === undefined) {
        unkeyed.push(entry);
        continue;
      }
      let list = byLabel.get(rarest);
      if (!list) byLabel.set(rarest, (list = []));
      list.push(entry);
    }
    return { all, byLabel, unkeyed };
  });
}

/** Entries of a selector index that may select the labels, in document order. */
function candidates(index: ReturnType<typeof selectorIndex>, labels: Record<string, string>): Indexed[] {
  const out = [...index.unkeyed];
  for (const [k, v] of Object.entries(labels)) {
    const hit = index.byLabel.get(`${k}\u0000${v}`);
    if (hit) out.push(...hit);
  }
  return out.sort((a, b) => a.order - b.order);
}

const readServiceSelector = (o: K8sObject): LabelSelector | undefined => {
  const sel = readSelector(asDict(o.data.spec)?.selector, true);
  return sel && !isEmptySelector(sel) ? sel : undefined;
};
const readPdbSelector = (o: K8sObject): LabelSelector | undefined => readSelector(asDict(o.data.spec)?.selector);
const readPolicySelector = (o: K8sObject): LabelSelector => readSelector(asDict(o.data.spec)?.podSelector) ?? {};

/** Services whose selector targets the workload's pods (a Service without selector targets nothing). */
export function servicesSelecting(project: Project, workload: Workload): K8sObject[] {
  // Several rules ask about each workload: answered once per workload (callers do not mutate the list).
  const answered = memo(project, 'kubernetes.servicesSelecting', () => new WeakMap<Workload, K8sObject[]>());
  let services = answered.get(workload);
  if (!services) {
    services = candidates(selectorIndex(project, 'Service', readServiceSelector), workload.podLabels)
      .filter((e) => sameNamespace(e.obj.namespace, workload.namespace) && selectorMatches(e.sel, workload.podLabels))
      .map((e) => e.obj);
    answered.set(workload, services);
  }
  return services;
}

/** Workloads whose pods a selector (on the given namespace) selects. */
export function workloadsSelectedBy(project: Project, selector: LabelSelector, namespace: string | undefined, options: { emptyMatchesAll?: boolean } = {}): Workload[] {
  if (isEmptySelector(selector) && !options.emptyMatchesAll) return [];
  // A matchLabels pair every selected pod carries narrows the candidates to the workloads with it
  // (the pair fewest workloads carry; the lists keep workload order).
  let candidates: Workload[] | undefined;
  for (const k in selector.matchLabels) {
    const withPair = workloadsByLabel(project).get(`${k}\u0000${selector.matchLabels[k]}`) ?? [];
    if (candidates === undefined || withPair.length < candidates.length) candidates = withPair;
  }
  return (candidates ?? workloads(project)).filter((w) => sameNamespace(namespace, w.namespace) && selectorMatches(selector, w.podLabels));
}

/** Workloads under each of their pod labels (`key\0value`), in order; once per project. */
function workloadsByLabel(project: Project): Map<string, Workload[]> {
  return memo(
    project,
    'kubernetes.workloadsByLabel',
    () => {
      const index = new Map<string, Workload[]>();
      for (const w of workloads(project)) {
        for (const [k, v] of Object.entries(w.podLabels)) {
          const key = `${k}\u0000${v}`;
          let list = index.get(key);
          if (!list) index.set(key, (list = []));
          list.push(w);
        }
      }
      return index;
    },
    { scope: 'rule' },
  );
}

/** PodDisruptionBudgets selecting the workload (an empty PDB selector matches every pod). */
export function disruptionBudgetsFor(project: Project, workload: Workload): K8sObject[] {
  return candidates(selectorIndex(project, 'PodDisruptionBudget', readPdbSelector), workload.podLabels)
    .filter((e) => sameNamespace(e.obj.namespace, workload.namespace) && selectorMatches(e.sel, workload.podLabels))
    .map((e) => e.obj);
}

/** HorizontalPodAutoscalers whose scaleTargetRef names the workload. */
export function autoscalersFor(project: Project, workload: Workload): K8sObject[] {
  const byTarget = memo(project, 'kubernetes.autoscalers', () => {
    const map = new Map<string, K8sObject[]>();
    for (const o of kubernetesObjects(project)) {
      if (o.kind !== 'HorizontalPodAutoscaler') continue;
      const ref = asDict(asDict(o.data.spec)?.scaleTargetRef);
      const key = `${scalarText(ref?.kind)}\u0000${scalarText(ref?.name)}`;
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(o);
    }
    return map;
  });
  return (byTarget.get(`${workload.kind}\u0000${workload.name}`) ?? []).filter((o) => sameNamespace(o.namespace, workload.namespace));
}

/** NetworkPolicies whose podSelector selects the workload's pods ({} selects all pods of the namespace). */
export function networkPoliciesFor(project: Project, workload: Workload): K8sObject[] {
  return candidates(selectorIndex(project, 'NetworkPolicy', readPolicySelector), workload.podLabels)
    .filter((e) => sameNamespace(e.obj.namespace, workload.namespace) && selectorMatches(e.sel, workload.podLabels))
    .map((e) => e.obj);
}

/** A selector as people write it, for messages: `app=api, tier in (a,b), !debug`. */
function selectorText(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator} (${values})`);
  }
  return parts.length ? parts.join(', ') : '{} (every pod)';
}

/** Labels of a namespace as selectors see them: `kubernetes.io/metadata.name` (set by the API server) and those of its Namespace object here. */
function namespaceLabels(project: Project, namespace: string): Record<string, string> {
  const declared = memo(project, 'kubernetes.namespaceLabels', () => {
    const map = new Map<string, Record<string, string>>();
    for (const o of kubernetesObjects(project)) if (o.kind === 'Namespace' && o.name) map.set(o.name, { ...map.get(o.name), ...o.labels });
    return map;
  });
  return { ...declared.get(namespace), 'kubernetes.io/metadata.name': namespace };
}

// ---------------------------------------------------------------------------------------------
// Pod (anti-)affinity and topology spread terms, read as the scheduler reads them

/** Does a term find the workload's own pods, and if not, why (for messages)? */
export interface TermSelection {
  ownPods: boolean;
  /** Why the term misses the workload's own pods. */
  reason?: string;
  /** Path (absolute in the document) of the part that misses: the labelSelector, namespaces or the term. */
  path: DocPath;
}

/**
 * The selector a term applies, with `matchLabelKeys` / `mismatchLabelKeys` merged in as the
 * scheduler does: each key takes its value from the incoming pod's labels (`key in (value)`,
 * resp. `key notin (value)`); keys the pod does not carry are ignored. Undefined when the term has
 * no labelSelector (a null selector selects no pods).
 */
function termSelector(term: Dict, podLabels: Record<string, string>): LabelSelector | undefined {
  const sel = readSelector(term.labelSelector);
  if (!sel) return undefined;
  const extra: NonNullable<LabelSelector['matchExpressions']> = [];
  for (const [field, operator] of [
    ['matchLabelKeys', 'In'],
    ['mismatchLabelKeys', 'NotIn'],
  ] as const) {
    for (const k of asArray(term[field])) {
      const key = scalarText(k);
      if (key !== undefined && Object.prototype.hasOwnProperty.call(podLabels, key)) extra.push({ key, operator, values: [podLabels[key]!] });
    }
  }
  return extra.length ? { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] } : sel;
}

/**
 * Does a pod (anti-)affinity term (`requiredDuringScheduling…[]` item or the `podAffinityTerm` of
 * a preferred one) or a topology spread constraint (`spread: true`: no namespace fields) count the
 * workload's own pods? Its labelSelector must match the pod labels, and its namespaces — by
 * default the pod's own; `namespaces` and `namespaceSelector` (union; `{}` = every namespace)
 * otherwise — must include the workload's namespace. A workload without a namespace (applied with
 * `-n`) is taken to be in any namespace a term names.
 */
export function termSelectsOwnPods(project: Project, w: Workload, term: Dict, termPath: DocPath, options: { spread?: boolean } = {}): TermSelection {
  const sel = termSelector(term, w.podLabels);
  const own =
    Object.entries(w.podLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || 'none';
  if (!sel) return { ownPods: false, reason: 'has no labelSelector, so it selects no pods', path: termPath };
  if (!selectorMatches(sel, w.podLabels)) {
    return { ownPods: false, reason: `selects ${selectorText(sel)}, not the pod's own labels (${own})`, path: [...termPath, 'labelSelector'] };
  }
  if (options.spread) return { ownPods: true, path: termPath };
  const names = asArray(term.namespaces).flatMap((n) => scalarText(n) ?? []);
  const nsSelector = term.namespaceSelector === undefined || term.namespaceSelector === null ? undefined : (readSelector(term.namespaceSelector) ?? {});
  if (names.length === 0 && !nsSelector) return { ownPods: true, path: termPath };
  if (w.namespace === undefined || names.includes(w.namespace)) return { ownPods: true, path: termPath };
  if (nsSelector && selectorMatches(nsSelector, namespaceLabels(project, w.namespace))) return { ownPods: true, path: termPath };
  const where = [...(names.length ? [`namespaces ${names.join(', ')}`] : []), ...(nsSelector ? [`namespaces selected by ${selectorText(nsSelector)}`] : [])].join(' and ');
  return {
    ownPods: false,
    reason: `looks only in ${where}, not in the workload's namespace ${w.namespace}`,
    path: [...termPath, names.length ? 'namespaces' : 'namespaceSelector'],
  };
}

// ---------------------------------------------------------------------------------------------
// Network policies: which pods they select, in which directions they isolate them

interface PolicyDirections {
  ingress: boolean;
  egress: boolean;
}

const nonEmptyList = (v: unknown) => asArray(v).length > 0;

function listed(value: unknown): Set<string> {
  return new Set(asArray(value).flatMap((t) => scalarText(t)?.toLowerCase() ?? []));
}

/**
 * Kubernetes NetworkPolicy: `policyTypes` when given; otherwise Ingress always, and Egress when the
 * policy has egress rules (the API server's defaulting, SetDefaults_NetworkPolicy).
 */
export function networkPolicyDirections(spec: Dict): PolicyDirections {
  const types = listed(spec.policyTypes);
  if (types.size > 0) return { ingress: types.has('ingress'), egress: types.has('egress') };
  return { ingress: true, egress: nonEmptyList(spec.egress) };
}

/**
 * Calico (projectcalico.org/v3 NetworkPolicy, GlobalNetworkPolicy): `types` when given; otherwise
 * Egress alone for a policy with egress rules and no ingress rules, both with both, else Ingress.
 */
function calicoDirections(spec: Dict): PolicyDirections {
  const types = listed(spec.types);
  if (types.size > 0) return { ingress: types.has('ingress'), egress: types.has('egress') };
  const ingress = nonEmptyList(spec.ingress);
  const egress = nonEmptyList(spec.egress);
  return egress && !ingress ? { ingress: false, egress: true } : { ingress: true, egress };
}

/**
 * Cilium rule: a direction is default-deny when the rule has rules for it (`ingress` /
 * `ingressDeny`, `egress` / `egressDeny`), unless `enableDefaultDeny` says otherwise.
 */
function ciliumDirections(rule: Dict): PolicyDirections {
  const defaultDeny = asDict(rule.enableDefaultDeny) ?? {};
  const direction = (rules: boolean, flag: unknown) => (flag === true || flag === false ? flag : rules);
  return {
    ingress: direction(nonEmptyList(rule.ingress) || nonEmptyList(rule.ingressDeny), defaultDeny.ingress),
    egress: direction(nonEmptyList(rule.egress) || nonEmptyList(rule.egressDeny), defaultDeny.egress),
  };
}

const NETWORK_POLICY_KINDS: readonly string[] = ['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy'];

/**
 * The rules of a network-policy object, each with the pods it selects (undefined: every pod in the
 * policy's scope) and the directions it isolates. Calico selectors use their own expression
 * language and are taken as covering the scope; Cilium clusterwide policies count for every pod.
 */
function networkPolicyRules(o: K8sObject): { selector?: LabelSelector; directions: PolicyDirections }[] {
  const spec = asDict(o.data.spec) ?? {};
  if (o.kind === 'GlobalNetworkPolicy' || (o.kind === 'NetworkPolicy' && /projectcalico\.org/.test(o.apiVersion))) {
    return [{ directions: calicoDirections(spec) }];
  }
  if (o.kind === 'NetworkPolicy') return [{ selector: readPolicySelector(o), directions: networkPolicyDirections(spec) }];
  if (o.kind === 'CiliumNetworkPolicy' || o.kind === 'CiliumClusterwideNetworkPolicy') {
    const rules = [o.data.spec, ...asArray(o.data.specs)].flatMap((r): Dict[] => {
      const rule = asDict(r);
      return rule ? [rule] : [];
    });
    return rules.map((r) => ({
      selector: o.kind === 'CiliumNetworkPolicy' ? (readSelector(r.endpointSelector) ?? {}) : undefined,
      directions: ciliumDirections(r),
    }));
  }
  return [];
}

/** The network policies selecting a workload's pods, and those among them that isolate its ingress / egress. */
export function networkIsolationOf(project: Project, w: Workload): { selecting: K8sObject[]; ingress: K8sObject[]; egress: K8sObject[] } {
  // Each policy's rules are read once per project, and the policies that can apply in a namespace
  // listed once per namespace (in document order): the question is asked per workload.
  const byNamespace = memo(
    project,
    'kubernetes.networkPoliciesByNamespace',
    () => {
      const all = kubernetesObjects(project)
        .filter((o) => NETWORK_POLICY_KINDS.includes(o.kind))
        .map((p) => ({ p, clusterwide: p.kind === 'CiliumClusterwideNetworkPolicy' || p.kind === 'GlobalNetworkPolicy', rules: networkPolicyRules(p) }));
      return { all, of: new Map<string, typeof all>() };
    },
    { scope: 'rule' },
  );
  let policies = byNamespace.all;
  if (w.namespace !== undefined) {
    const namespace = w.namespace;
    let inNamespace = byNamespace.of.get(namespace);
    if (!inNamespace) byNamespace.of.set(namespace, (inNamespace = byNamespace.all.filter((e) => e.clusterwide || sameNamespace(e.p.namespace, namespace))));
    policies = inNamespace;
  }
  const out = { selecting: [] as K8sObject[], ingress: [] as K8sObject[], egress: [] as K8sObject[] };
  for (const { p, rules } of policies) {
    // every policy per workload: the applying rules' directions without a list of them
    let selecting = false;
    let ingress = false;
    let egress = false;
    for (const r of rules) {
      if (r.selector && !selectorMatches(r.selector, w.podLabels)) continue;
      selecting = true;
      ingress ||= r.directions.ingress;
      egress ||= r.directions.egress;
    }
    if (!selecting) continue;
    out.selecting.push(p);
    if (ingress) out.ingress.push(p);
    if (egress) out.egress.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Service accounts and their RBAC bindings

/** The ServiceAccount a pod runs as: `serviceAccountName` (or the deprecated `serviceAccount`), else `default`. */
export function serviceAccountName(w: Workload): string {
  return scalarText(w.podSpec.serviceAccountName) ?? scalarText(w.podSpec.serviceAccount) ?? 'default';
}

/** The ServiceAccount object of that name in the workload's namespace, when the repository has it. */
export function serviceAccountObject(project: Project, w: Workload): K8sObject | undefined {
  const name = serviceAccountName(w);
  const accounts = memo(project, 'kubernetes.serviceAccounts', () => kubernetesObjects(project).filter((o) => o.kind === 'ServiceAccount'), { scope: 'rule' });
  return accounts.find((o) => o.name === name && sameNamespace(o.namespace, w.namespace));
}

/**
 * RoleBindings and ClusterRoleBindings whose subjects include the workload's ServiceAccount (a
 * ServiceAccount subject without namespace is taken as the binding's), or every service account
 * (groups `system:serviceaccounts`, `system:serviceaccounts:<namespace>`).
 */
export function bindingsOfServiceAccount(project: Project, w: Workload): K8sObject[] {
  const name = serviceAccountName(w);
  // Subjects read once per project: the question is asked per workload.
  const bindings = memo(
    project,
    'kubernetes.roleBindingSubjects',
    () =>
      kubernetesObjects(project)
        .filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
        .map((b) => ({
          b,
          subjects: asArray(b.data.subjects).map((s) => {
            const subject = asDict(s);
            return { kind: scalarText(subject?.kind), subjectName: scalarText(subject?.name), namespace: scalarText(subject?.namespace) ?? b.namespace };
          }),
        })),
    { scope: 'rule' },
  );
  return bindings
    .filter(({ subjects }) =>
      subjects.some(({ kind, subjectName, namespace }) => {
        if (kind === 'ServiceAccount') return subjectName === name && sameNamespace(namespace, w.namespace);
        if (kind === 'Group')
          return (
            subjectName === 'system:serviceaccounts' ||
            (subjectName?.startsWith('system:serviceaccounts:') === true && sameNamespace(subjectName.slice('system:serviceaccounts:'.length), w.namespace))
          );
        return false;
      }),
    )
    .map(({ b }) => b);
}

// ---------------------------------------------------------------------------------------------
// Environment variables

interface ContainerEnvVar {
  name: string;
  /** Literal value (`value:`); undefined when absent or when valueFrom is used. */
  value?: string;
  /** Set when the value comes from valueFrom (secretKeyRef, configMapKeyRef, fieldRef, …). */
  valueFrom?: Dict;
  /** Absolute path of the env entry. */
  path: DocPath;
  /** Absolute path of the `value` node (or of the entry when there is none). */
  valuePath: DocPath;
}

const envByContainer = new WeakMap<ContainerRef, ContainerEnvVar[]>();

/** A container's `env:` entries with their paths; read once per container (callers do not mutate them). */
export function containerEnv(c: ContainerRef): ContainerEnvVar[] {
  let env = envByContainer.get(c);
  if (!env) envByContainer.set(c, (env = readContainerEnv(c)));
  return env;
}

function readContainerEnv(c: ContainerRef): ContainerEnvVar[] {
  return asArray(c.data.env).flatMap((e, i) => {
    const ed = asDict(e);
    const name = scalarText(ed?.name);
    if (!ed || !name) return [];
    const path = [...c.path, 'env', i];
    const value = scalarText(ed.value);
    return [
      {
        name,
        value,
        valueFrom: asDict(ed.valueFrom),
        path,
        valuePath: ed.value !== undefined ? [...path, 'value'] : path,
      },
    ];
  });
}

/** A file a workload's containers see through a mounted ConfigMap volume (a script, a config file). */
interface MountedConfigMapFile {
  configMap: K8sObject;
  key: string;
  text: string;
  /** Absolute path of the `data.<key>` node in the ConfigMap's document. */
  path: DocPath;
}

/**
 * Files of the ConfigMaps a workload mounts (`configMap` volumes and `projected` configMap sources
 * that a container or init container mounts), found by name in the workload's namespace; `items`
 * narrow the keys. A ConfigMap the repository does not hold is simply not there.
 */
export function mountedConfigMapFiles(project: Project, w: Workload): MountedConfigMapFile[] {
  const mounted = new Set(containersOf(w, ['container', 'init']).flatMap((c) => asArray(c.data.volumeMounts).map((m) => scalarText(asDict(m)?.name) ?? '')));
  const wanted: { name: string; items?: string[] }[] = [];
  const refOf = (cm: unknown) => {
    const d = asDict(cm);
    const name = scalarText(d?.name);
    if (!d || !name) return;
    const items = Array.isArray(d.items) ? d.items.map((i) => scalarText(asDict(i)?.key) ?? '') : undefined;
    wanted.push({ name, items });
  };
  for (const v of asArray(w.podSpec.volumes)) {
    const vol = asDict(v);
    if (!vol || !mounted.has(scalarText(vol.name) ?? '')) continue;
    if (vol.configMap !== undefined) refOf(vol.configMap);
    for (const s of asArray(asDict(vol.projected)?.sources)) refOf(asDict(s)?.configMap);
  }
  if (wanted.length === 0) return [];
  const out: MountedConfigMapFile[] = [];
  for (const o of kubernetesObjects(project)) {
    if (o.kind !== 'ConfigMap' || !sameNamespace(o.namespace, w.namespace)) continue;
    const ref = wanted.find((r) => r.name === o.name);
    if (!ref) continue;
    for (const [key, value] of Object.entries(asDict(o.data.data) ?? {})) {
      const text = scalarText(value);
      if (text === undefined || (ref.items && !ref.items.includes(key))) continue;
      out.push({ configMap: o, key, text, path: [...o.path, 'data', key] });
    }
  }
  return out;
}
