// kustomize's field specs: "apply this at path a/b/c of objects of this group/version/kind", the
// builtin lists (labels, annotations, name references, images, replicas, variables) and the
// traversal rules (lists are walked element by element; `create` makes missing maps).

import { splitApiVersion } from './resource.js';
import { setLoc, type Json, type JsonObject, type SourceLoc } from './yaml.js';

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

export function specMatches(fs: FieldSpec, obj: JsonObject): boolean {
  const { group, version } = splitApiVersion(obj.apiVersion);
  if (fs.kind && fs.kind !== obj.kind) return false;
  if (fs.group !== undefined && fs.group !== '' && fs.group !== group) return false;
  if (fs.version !== undefined && fs.version !== '' && fs.version !== version) return false;
  return true;
}

/** Split a field spec path at unescaped "/" ("a/b\/c" is two segments); "x[]" walks list x. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (c === '/') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  // "x[]" stays marked: a list on the way is walked, never created
  return out.filter((s) => s !== '');
}

function isObj(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Visit the value at `segments` under `node`: fn(container, key) for each match. Lists on the way are
 * walked element by element. With `create`, missing maps are made (only for the last segment's
 * parents that are maps, as kyaml's PathGetter does) and the final value is created by `createLeaf`.
 */
export function visitPath(node: Json, segments: string[], fn: (container: JsonObject, key: string) => void, create?: () => Json): void {
  if (segments.length === 0) return;
  if (Array.isArray(node)) {
    for (const el of node) visitPath(el, segments, fn, create);
    return;
  }
  if (!isObj(node)) return;
  const [rawHead, ...rest] = segments;
  const isList = rawHead!.endsWith('[]');
  const head = isList ? rawHead!.slice(0, -2) : rawHead;
  if (isList && (node[head!] === undefined || node[head!] === null)) return;
  if (rest.length === 0) {
    if (!(head! in node) || node[head!] === null) {
      if (!create) return;
      node[head!] = create();
    }
    fn(node, head!);
    return;
  }
  let next = node[head!];
  if (next === undefined || next === null) {
    if (!create) return;
    next = node[head!] = {};
  }
  visitPath(next, rest, fn, create);
}

/** Set each label/annotation pair in the map at every matching field spec. */
export function applyMapFields(obj: JsonObject, specs: FieldSpec[], pairs: Record<string, string>, loc: (key: string) => SourceLoc | undefined): void {
  for (const fs of specs) {
    if (!specMatches(fs, obj)) continue;
    visitPath(
      obj,
      splitPath(fs.path),
      (container, key) => {
        let m = container[key];
        if (!isObj(m)) {
          if (m !== null && m !== undefined) return;
          m = container[key] = {};
        }
        for (const [k, v] of Object.entries(pairs)) {
          m[k] = v;
          setLoc(m, k, loc(k));
        }
      },
      fs.create ? () => ({}) : undefined,
    );
  }
}

const WORKLOADS_TEMPLATE = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController'];

function labelSelectorSpecs(kind: string, group: string | undefined, base: string): FieldSpec[] {
  const affinity = ['podAffinity', 'podAntiAffinity'].flatMap((a) => [
    `${base}/affinity/${a}/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels`,
    `${base}/affinity/${a}/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels`,
  ]);
  return [...affinity, `${base}/topologySpreadConstraints/labelSelector/matchLabels`].map((path) => ({ kind, group, path }));
}

/** kustomize's commonLabels field specs (selectors included). */
export const COMMON_LABELS: FieldSpec[] = [
  { path: 'metadata/labels', create: true },
  { path: 'spec/selector', create: true, version: 'v1', kind: 'Service' },
  { path: 'spec/selector', create: true, version: 'v1', kind: 'ReplicationController' },
  { path: 'spec/template/metadata/labels', create: true, version: 'v1', kind: 'ReplicationController' },
  { path: 'spec/selector/matchLabels', create: true, kind: 'Deployment' },
  { path: 'spec/template/metadata/labels', create: true, kind: 'Deployment' },
  ...labelSelectorSpecs('Deployment', 'apps', 'spec/template/spec'),
  { path: 'spec/selector/matchLabels', create: true, kind: 'ReplicaSet' },
  { path: 'spec/template/metadata/labels', create: true, kind: 'ReplicaSet' },
  { path: 'spec/selector/matchLabels', create: true, kind: 'DaemonSet' },
  { path: 'spec/template/metadata/labels', create: true, kind: 'DaemonSet' },
  { path: 'spec/selector/matchLabels', create: true, group: 'apps', kind: 'StatefulSet' },
  { path: 'spec/template/metadata/labels', create: true, group: 'apps', kind: 'StatefulSet' },
  ...labelSelectorSpecs('StatefulSet', 'apps', 'spec/template/spec'),
  { path: 'spec/volumeClaimTemplates[]/metadata/labels', create: true, group: 'apps', kind: 'StatefulSet' },
  { path: 'spec/selector/matchLabels', create: false, group: 'batch', kind: 'Job' },
  { path: 'spec/template/metadata/labels', create: true, group: 'batch', kind: 'Job' },
  { path: 'spec/jobTemplate/spec/selector/matchLabels', create: false, group: 'batch', kind: 'CronJob' },
  { path: 'spec/jobTemplate/metadata/labels', create: true, group: 'batch', kind: 'CronJob' },
  { path: 'spec/jobTemplate/spec/template/metadata/labels', create: true, group: 'batch', kind: 'CronJob' },
  { path: 'spec/selector/matchLabels', create: false, group: 'policy', kind: 'PodDisruptionBudget' },
  { path: 'spec/podSelector/matchLabels', create: false, group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { path: 'spec/ingress/from/podSelector/matchLabels', create: false, group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { path: 'spec/egress/to/podSelector/matchLabels', create: false, group: 'networking.k8s.io', kind: 'NetworkPolicy' },
];

/** `labels: includeTemplates` adds these (pod template labels, not selectors). */
export const TEMPLATE_LABELS: FieldSpec[] = [
  ...WORKLOADS_TEMPLATE.map((kind) => ({ path: 'spec/template/metadata/labels', create: true, kind })),
  { path: 'spec/jobTemplate/spec/template/metadata/labels', create: true, group: 'batch', kind: 'CronJob' },
];

export const COMMON_ANNOTATIONS: FieldSpec[] = [
  { path: 'metadata/annotations', create: true },
  ...WORKLOADS_TEMPLATE.map((kind) => ({ path: 'spec/template/metadata/annotations', create: true, kind })),
  { path: 'spec/jobTemplate/metadata/annotations', create: true, group: 'batch', kind: 'CronJob' },
  { path: 'spec/jobTemplate/spec/template/metadata/annotations', create: true, group: 'batch', kind: 'CronJob' },
];

export const REPLICAS: FieldSpec[] = ['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((kind) => ({ path: 'spec/replicas', create: true, kind }));

export interface NameRefSpec {
  /** The referenced kind (and group). */
  kind: string;
  group?: string;
  fieldSpecs: FieldSpec[];
}

const POD_SPEC_PATHS: { kind: string; group?: string; base: string }[] = [
  { kind: 'Pod', base: 'spec' },
  { kind: 'PodTemplate', base: 'template/spec' },
  ...WORKLOADS_TEMPLATE.map((kind) => ({ kind, base: 'spec/template/spec' })),
  { kind: 'CronJob', base: 'spec/jobTemplate/spec/template/spec' },
];

function inPodSpecs(suffixes: string[]): FieldSpec[] {
  return POD_SPEC_PATHS.flatMap(({ kind, base }) => suffixes.map((s) => ({ kind, path: `${base}/${s}` })));
}

/** kustomize's builtin nameReference configuration (the common part of it). */
export const NAME_REFERENCES: NameRefSpec[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((kind) => ({
    kind,
    fieldSpecs: [{ path: 'spec/scaleTargetRef/name', kind: 'HorizontalPodAutoscaler' }],
  })),
  {
    kind: 'ConfigMap',
    fieldSpecs: [
      ...inPodSpecs([
        'volumes/configMap/name',
        'containers/env/valueFrom/configMapKeyRef/name',
        'initContainers/env/valueFrom/configMapKeyRef/name',
        'containers/envFrom/configMapRef/name',
        'initContainers/envFrom/configMapRef/name',
        'volumes/projected/sources/configMap/name',
      ]),
      { path: 'rules/resourceNames', kind: 'Role' },
      { path: 'rules/resourceNames', kind: 'ClusterRole' },
    ],
  },
  {
    kind: 'Secret',
    fieldSpecs: [
      ...inPodSpecs([
        'volumes/secret/secretName',
        'containers/env/valueFrom/secretKeyRef/name',
        'initContainers/env/valueFrom/secretKeyRef/name',
        'containers/envFrom/secretRef/name',
        'initContainers/envFrom/secretRef/name',
        'imagePullSecrets/name',
        'volumes/projected/sources/secret/name',
        'volumes/csi/nodePublishSecretRef/name',
        'volumes/cephfs/secretRef/name',
        'volumes/rbd/secretRef/name',
        'volumes/azureFile/secretName',
      ]),
      { path: 'spec/tls/secretName', kind: 'Ingress' },
      { path: 'metadata/annotations/ingress.kubernetes.io\\/auth-secret', kind: 'Ingress' },
      { path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret', kind: 'Ingress' },
      { path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret', kind: 'Ingress' },
      { path: 'imagePullSecrets/name', kind: 'ServiceAccount' },
      { path: 'secrets/name', kind: 'ServiceAccount' },
      { path: 'rules/resourceNames', kind: 'Role' },
      { path: 'rules/resourceNames', kind: 'ClusterRole' },
      { path: 'spec/template/spec/imagePullSecrets/name', kind: 'Deployment' },
    ],
  },
  {
    kind: 'Service',
    fieldSpecs: [
      { path: 'spec/serviceName', kind: 'StatefulSet', group: 'apps' },
      { path: 'spec/rules/http/paths/backend/serviceName', kind: 'Ingress' },
      { path: 'spec/backend/serviceName', kind: 'Ingress' },
      { path: 'spec/rules/http/paths/backend/service/name', kind: 'Ingress' },
      { path: 'spec/defaultBackend/service/name', kind: 'Ingress' },
      { path: 'spec/service/name', kind: 'APIService', group: 'apiregistration.k8s.io' },
      { path: 'webhooks/clientConfig/service', kind: 'ValidatingWebhookConfiguration', group: 'admissionregistration.k8s.io' },
      { path: 'webhooks/clientConfig/service', kind: 'MutatingWebhookConfiguration', group: 'admissionregistration.k8s.io' },
    ],
  },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', fieldSpecs: [{ path: 'roleRef/name', kind: 'RoleBinding', group: 'rbac.authorization.k8s.io' }] },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    fieldSpecs: [
      { path: 'roleRef/name', kind: 'RoleBinding', group: 'rbac.authorization.k8s.io' },
      { path: 'roleRef/name', kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io' },
    ],
  },
  {
    kind: 'ServiceAccount',
    fieldSpecs: [
      { path: 'subjects', kind: 'RoleBinding', group: 'rbac.authorization.k8s.io' },
      { path: 'subjects', kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io' },
      ...inPodSpecs(['serviceAccountName', 'serviceAccount']),
    ],
  },
  { kind: 'PersistentVolumeClaim', fieldSpecs: [...inPodSpecs(['volumes/persistentVolumeClaim/claimName'])] },
  {
    kind: 'PersistentVolume',
    fieldSpecs: [
      { path: 'spec/volumeName', kind: 'PersistentVolumeClaim' },
      { path: 'rules/resourceNames', kind: 'ClusterRole' },
    ],
  },
  {
    kind: 'StorageClass',
    fieldSpecs: [
      { path: 'spec/storageClassName', kind: 'PersistentVolume' },
      { path: 'spec/storageClassName', kind: 'PersistentVolumeClaim' },
      { path: 'spec/volumeClaimTemplates/spec/storageClassName', kind: 'StatefulSet' },
    ],
  },
  { kind: 'PriorityClass', fieldSpecs: [...inPodSpecs(['priorityClassName'])] },
  { kind: 'IngressClass', fieldSpecs: [{ path: 'spec/ingressClassName', kind: 'Ingress' }] },
];

/** Where `$(VAR)` is substituted (kustomize's varReference, the pod-spec part of it and a few more). */
export const VAR_REFERENCES: FieldSpec[] = [
  ...inPodSpecs([
    'containers/args',
    'containers/command',
    'containers/env/value',
    'initContainers/args',
    'initContainers/command',
    'initContainers/env/value',
    'volumes/nfs/server',
    'containers/volumeMounts/mountPath',
    'initContainers/volumeMounts/mountPath',
  ]),
  { path: 'spec/rules/host', kind: 'Ingress' },
  { path: 'spec/tls/hosts', kind: 'Ingress' },
  { path: 'spec/tls/secretName', kind: 'Ingress' },
  { path: 'metadata/annotations', kind: 'Ingress' },
  { path: 'spec/template/metadata/annotations', kind: 'Deployment' },
  { path: 'spec/template/metadata/annotations', kind: 'StatefulSet' },
  { path: 'data', kind: 'ConfigMap' },
];

export function parseFieldSpecs(v: Json | undefined): FieldSpec[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((x) => ({
    path: String(x.path ?? ''),
    kind: typeof x.kind === 'string' ? x.kind : undefined,
    group: typeof x.group === 'string' ? x.group : undefined,
    version: typeof x.version === 'string' ? x.version : undefined,
    create: x.create === true,
  }));
}
