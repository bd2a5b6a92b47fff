// Strategic merge patches (kyaml's merge2: Kubernetes merge keys for builtin kinds, inferred keys
// for custom resources, `$patch: delete|replace`, `$retainKeys`, `$deleteFromPrimitiveList`) and
// JSON 6902 patches. Values set by a patch carry the patch's location, with the base location as
// `replaced`.

import { cloneJson, keyLocOf, locOf, setKeyLoc, setLoc, type Json, type JsonObject, type SourceLoc } from './yaml.js';

export class PatchError extends Error {}

const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'node.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'extensions',
]);

// Merge keys of the Kubernetes API (patchMergeKey), by field name; `ports` depends on the parent.
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  schedulingGates: 'name',
};
const PRIMITIVE_MERGE = new Set(['finalizers']);

// kyaml's AssociativeSequenceKeys: how a list of maps without a schema is merged.
const INFERRED_KEYS = ['mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'name', 'containerPort'];

function isObj(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function mergeKeyFor(field: string, path: string[], builtin: boolean, lists: Json[][]): string | 'primitive' | undefined {
  if (builtin) {
    if (field === 'ports')
      return path.includes('containers') || path.includes('initContainers') || path.includes('ephemeralContainers')
        ? 'containerPort'
        : path.length === 2 && path[0] === 'spec'
          ? 'port'
          : undefined;
    if (PRIMITIVE_MERGE.has(field)) return 'primitive';
    const k = MERGE_KEYS[field];
    if (k) return k;
    // not in the table: kyaml has the schema and the list is atomic
    if (KNOWN_ATOMIC.has(field)) return undefined;
  }
  const items = lists.flat().filter((x) => !(isObj(x) && Object.keys(x).length === 1 && '$patch' in x));
  if (items.length === 0 || !items.every(isObj)) return undefined;
  for (const k of INFERRED_KEYS) if (items.every((x) => k in (x as JsonObject))) return k;
  return undefined;
}

// builtin list fields that the schema marks atomic (replaced as a whole)
const KNOWN_ATOMIC = new Set([
  'args',
  'command',
  'envFrom',
  'tolerations',
  'rules',
  'subjects',
  'paths',
  'tls',
  'hosts',
  'items',
  'egress',
  'ingress',
  'from',
  'to',
  'policyTypes',
  'accessModes',
  'verbs',
  'resources',
  'apiGroups',
  'resourceNames',
  'nonResourceURLs',
  'webhooks',
  'metrics',
  'sources',
  'nodeSelectorTerms',
  'matchExpressions',
  'values',
  'clusterIPs',
  'externalIPs',
  'ipFamilies',
  'loadBalancerSourceRanges',
  'nameservers',
  'searches',
  'options',
  'volumeClaimTemplates',
  'readinessGates',
  'subsets',
  'addresses',
  'secrets',
  'preferredDuringSchedulingIgnoredDuringExecution',
  'requiredDuringSchedulingIgnoredDuringExecution',
]);

export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) {
    const out = v.filter((x) => !(isObj(x) && x.$patch !== undefined && Object.keys(x).length === 1)).map(stripDirectives);
    return out;
  }
  if (isObj(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$patch' || k.startsWith('$setElementOrder/') || k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList/')) continue;
      if (x === null) continue;
      out[k] = stripDirectives(x);
      setLoc(out, k, locOf(v, k));
      setKeyLoc(out, k, keyLocOf(v, k));
    }
    return out;
  }
  return v;
}

function cloneFromPatch(v: Json): Json {
  return stripDirectives(cloneJson(v));
}

function setFromPatch(dest: JsonObject | Json[], key: string | number, patch: JsonObject | Json[], pkey: string | number, value: Json): void {
  const before = locOf(dest, key);
  (dest as Record<string | number, Json>)[key] = value;
  const loc = locOf(patch, pkey);
  if (loc) setLoc(dest, key, before ? { ...loc, replaced: before.replaced ?? before } : loc);
  if (typeof key === 'string' && typeof pkey === 'string' && !Array.isArray(dest)) setKeyLoc(dest, key, keyLocOf(patch as JsonObject, pkey));
}

/**
 * Merge `patch` into `dest` in place. Returns false when the patch says `$patch: delete` for the
 * whole object.
 */
export function strategicMerge(dest: JsonObject, patch: JsonObject, group: string): boolean {
  if (patch.$patch === 'delete') return false;
  mergeMap(dest, patch, [], isBuiltinGroup(group));
  return true;
}

function mergeMap(dest: JsonObject, patch: JsonObject, path: string[], builtin: boolean): void {
  if (patch.$patch === 'replace') {
    for (const k of Object.keys(dest)) delete dest[k];
    const fresh = cloneFromPatch(patch) as JsonObject;
    for (const k of Object.keys(fresh)) setFromPatch(dest, k, patch, k, fresh[k]!);
    return;
  }
  const retain = patch.$retainKeys;
  for (const [k, pv] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = dest[field];
      if (Array.isArray(cur) && Array.isArray(pv)) dest[field] = cur.filter((x) => !pv.includes(x));
      continue;
    }
    if (pv === null) {
      delete dest[k];
      continue;
    }
    const dv = dest[k];
    if (isObj(pv)) {
      if (pv.$patch === 'delete') {
        delete dest[k];
        continue;
      }
      if (isObj(dv) && pv.$patch !== 'replace') {
        mergeMap(dv, pv, [...path, k], builtin);
        continue;
      }
      setFromPatch(dest, k, patch, k, cloneFromPatch(pv));
      continue;
    }
    if (Array.isArray(pv) && Array.isArray(dv)) {
      dest[k] = mergeList(dv, pv, k, [...path, k], builtin);
      continue;
    }
    setFromPatch(dest, k, patch, k, cloneFromPatch(pv));
  }
  if (Array.isArray(retain)) {
    for (const k of Object.keys(dest)) if (!retain.includes(k)) delete dest[k];
  }
}

function mergeList(dest: Json[], patch: Json[], field: string, path: string[], builtin: boolean): Json[] {
  if (patch.some((x) => isObj(x) && x.$patch === 'replace' && Object.keys(x).length === 1)) return cloneFromPatch(patch) as Json[];
  const key = mergeKeyFor(field, path, builtin, [dest, patch]);
  if (key === undefined) {
    const out = cloneFromPatch(patch) as Json[];
    return out;
  }
  if (key === 'primitive') {
    const out = [...dest];
    copyListLocs(dest, out);
    for (const x of patch) if (!out.includes(x)) out.push(x);
    return out;
  }
  // kyaml's order: the patch's elements first (merged with their match, in patch order), then the
  // destination's elements the patch did not name
  const taken = new Set<number>();
  const deleted = new Set<number>();
  const head: { value: Json; loc: SourceLoc | undefined }[] = [];
  for (let pi = 0; pi < patch.length; pi++) {
    const pe = patch[pi]!;
    if (!isObj(pe)) continue;
    const kv = pe[key];
    const idx = kv === undefined ? -1 : dest.findIndex((x, i) => !taken.has(i) && !deleted.has(i) && isObj(x) && x[key] === kv);
    if (pe.$patch === 'delete') {
      if (idx >= 0) deleted.add(idx);
      continue;
    }
    if (idx >= 0) {
      taken.add(idx);
      const target = dest[idx] as JsonObject;
      if (pe.$patch === 'replace') head.push({ value: cloneFromPatch(pe), loc: locOf(patch, pi) });
      else {
        mergeMap(target, pe, [...path], builtin);
        head.push({ value: target, loc: locOf(dest, idx) });
      }
    } else head.push({ value: cloneFromPatch(pe), loc: locOf(patch, pi) });
  }
  const rest = dest.map((value, i) => ({ value, loc: locOf(dest, i), i })).filter((x) => !taken.has(x.i) && !deleted.has(x.i));
  const all = [...head, ...rest];
  const merged = all.map((x) => x.value);
  all.forEach((x, i) => setLoc(merged, i, x.loc));
  return merged;
}

function copyListLocs(from: Json[], to: Json[]): void {
  from.forEach((_, i) => setLoc(to, i, locOf(from, i)));
}

// ------------------------------------------------------------------------------------------------
// JSON 6902

function unescapeToken(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(p)}`);
  return p.slice(1).split('/').map(unescapeToken);
}

function resolveParent(doc: Json, tokens: string[], op: string, path: string): { parent: JsonObject | Json[]; last: string } {
  let cur: Json = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    // kustomize applies JSON patches with EnsurePathExistsOnAdd: an add makes missing parents
    if (op === 'add' && isObj(cur) && (cur[t] === undefined || cur[t] === null)) cur[t] = /^(\d+|-)$/.test(tokens[i + 1]!) ? [] : {};
    if (Array.isArray(cur)) {
      const n = Number(t);
      if (!/^\d+$/.test(t) || n >= cur.length) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
      cur = cur[n]!;
    } else if (isObj(cur)) {
      if (!(t in cur)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
      cur = cur[t]!;
    } else throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  if (!Array.isArray(cur) && !isObj(cur)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return { parent: cur, last: tokens[tokens.length - 1]! };
}

function getAt(doc: Json, tokens: string[], path: string, op: string): Json {
  let cur: Json = doc;
  for (const t of tokens) {
    if (Array.isArray(cur) && /^\d+$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)]!;
    else if (isObj(cur) && t in cur) cur = cur[t]!;
    else throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return cur;
}

export interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

/** Apply JSON 6902 operations to `doc` (a resource object) in place; `ops` is the parsed patch list. */
export function applyJson6902(doc: JsonObject, ops: Json[], opsLocHolder?: Json[]): void {
  ops.forEach((raw, i) => {
    if (!isObj(raw)) throw new PatchError('JSON patch operation is not an object');
    const op = String(raw.op ?? '');
    const path = String(raw.path ?? '');
    const tokens = parsePointer(path);
    const loc = isObj(raw) ? (locOf(raw, 'value') ?? (opsLocHolder ? locOf(opsLocHolder, i) : undefined)) : undefined;
    const put = (parent: JsonObject | Json[], last: string, value: Json, insert: boolean) => {
      if (Array.isArray(parent)) {
        const idx = last === '-' ? parent.length : Number(last);
        if (!/^\d+$/.test(last) && last !== '-') throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
        if (idx > parent.length || (!insert && idx >= parent.length)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
        if (insert) {
          parent.splice(idx, 0, value);
          // positions after the insertion moved: shift their recorded locations
          for (let j = parent.length - 1; j > idx; j--) setLoc(parent, j, locOf(parent, j - 1));
        } else parent[idx] = value;
        setLoc(parent, idx, loc);
      } else {
        const before = locOf(parent, last);
        parent[last] = value;
        if (loc) setLoc(parent, last, before ? { ...loc, replaced: before.replaced ?? before } : loc);
      }
    };
    switch (op) {
      case 'add': {
        if (tokens.length === 0) throw new PatchError('add operation at the document root is not supported');
        const { parent, last } = resolveParent(doc, tokens, op, path);
        put(parent, last, cloneJson((raw.value ?? null) as Json), true);
        break;
      }
      case 'replace': {
        const { parent, last } = resolveParent(doc, tokens, op, path);
        // evanphx/json-patch: replacing a missing key of an object sets it; a missing index fails
        if (Array.isArray(parent) && !(Number(last) < parent.length)) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
        put(parent, last, cloneJson((raw.value ?? null) as Json), false);
        break;
      }
      case 'remove': {
        const { parent, last } = resolveParent(doc, tokens, op, path);
        if (Array.isArray(parent)) {
          const idx = Number(last);
          if (!(idx < parent.length)) throw new PatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
          parent.splice(idx, 1);
        } else {
          if (!(last in parent)) throw new PatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
          delete parent[last];
        }
        break;
      }
      case 'move':
      case 'copy': {
        const fromTokens = parsePointer(String(raw.from ?? ''));
        const value = cloneJson(getAt(doc, fromTokens, String(raw.from), op));
        if (op === 'move') {
          const { parent, last } = resolveParent(doc, fromTokens, op, String(raw.from));
          if (Array.isArray(parent)) parent.splice(Number(last), 1);
          else delete parent[last];
        }
        const { parent, last } = resolveParent(doc, tokens, op, path);
        put(parent, last, value, true);
        break;
      }
      case 'test': {
        const v = getAt(doc, tokens, path, op);
        if (JSON.stringify(v) !== JSON.stringify(raw.value ?? null)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${op}`);
    }
  });
}
