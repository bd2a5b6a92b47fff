// A resource inside a kustomize build: the object, where its document came from, and the ids it
// had along the way (kustomize matches patches, replicas and name references by any earlier id).

import type { JsonObject, SourceLoc } from './yaml.js';

export interface ResId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

export interface Resource {
  obj: JsonObject;
  /** The document that produced the object (a resource file, or the kustomization of a generator). */
  origin: SourceLoc;
  /** Ids before each rename / namespace change, oldest first. */
  previous: ResId[];
  /** Generated ConfigMap/Secret that still needs its content hash appended. */
  needsHash?: boolean;
  /** Generated with behavior merge/replace: to be folded into an existing resource. */
  behavior?: 'create' | 'merge' | 'replace';
  /** kustomize's internal "this was a generated object" marker, for reference resolution. */
  generated?: boolean;
}

// Kinds the API server serves without a namespace (kustomize's builtin openapi), for the namespace
// transformer and for comparing ids.
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'StorageVersionMigration',
  'VolumeAttributesClass',
  'DeviceClass',
  'ClusterTrustBundle',
  'IPAddress',
  'ServiceCIDR',
  'ResourceSlice',
]);

export function isNamespaceable(kind: string): boolean {
  return !CLUSTER_SCOPED.has(kind);
}

export function splitApiVersion(apiVersion: unknown): { group: string; version: string } {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const i = s.lastIndexOf('/');
  return i < 0 ? { group: '', version: s } : { group: s.slice(0, i), version: s.slice(i + 1) };
}

function meta(obj: JsonObject): JsonObject {
  const m = obj.metadata;
  return m && typeof m === 'object' && !Array.isArray(m) ? m : {};
}

export function getName(obj: JsonObject): string {
  const n = meta(obj).name;
  return typeof n === 'string' ? n : n === null || n === undefined ? '' : String(n);
}

export function getNamespace(obj: JsonObject): string {
  const n = meta(obj).namespace;
  return typeof n === 'string' ? n : '';
}

export function getKind(obj: JsonObject): string {
  return typeof obj.kind === 'string' ? obj.kind : '';
}

export function currentId(obj: JsonObject): ResId {
  const { group, version } = splitApiVersion(obj.apiVersion);
  return { group, version, kind: getKind(obj), name: getName(obj), namespace: getNamespace(obj) };
}

/** The original id (before any transformer). */
export function originalId(r: Resource): ResId {
  return r.previous[0] ?? currentId(r.obj);
}

export function allIds(r: Resource): ResId[] {
  return [...r.previous, currentId(r.obj)];
}

/** kustomize's EffectiveNamespace: cluster-scoped kinds have none, an empty one is "default". */
export function effectiveNamespace(id: { kind: string; namespace: string }): string {
  if (!isNamespaceable(id.kind)) return '_non_namespaceable_';
  return id.namespace === '' ? 'default' : id.namespace;
}

/** Remember the id before a change of name or namespace. */
export function rememberId(r: Resource): void {
  const id = currentId(r.obj);
  const last = r.previous[r.previous.length - 1];
  if (!last || last.name !== id.name || last.namespace !== id.namespace || last.kind !== id.kind) r.previous.push(id);
}

export function idString(id: ResId): string {
  const gv = id.group ? `${id.group}/${id.version}` : id.version;
  return `${gv}, Kind=${id.kind}, ${id.namespace ? `Namespace=${id.namespace}, ` : ''}Name=${id.name}`;
}

export function labelsOf(obj: JsonObject): Record<string, string> {
  const l = meta(obj).labels;
  if (!l || typeof l !== 'object' || Array.isArray(l)) return {};
  return Object.fromEntries(Object.entries(l).map(([k, v]) => [k, String(v)]));
}

export function annotationsOf(obj: JsonObject): Record<string, string> {
  const l = meta(obj).annotations;
  if (!l || typeof l !== 'object' || Array.isArray(l)) return {};
  return Object.fromEntries(Object.entries(l).map(([k, v]) => [k, String(v)]));
}
