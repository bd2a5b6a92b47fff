// Post-processing of rendered files like Helm's releaseutil: split files into documents, separate
// hooks, sort by kind install order (helm v4.1.4), and print `---\n# Source: …` documents.

import { parseDocument } from 'yaml';

/** helm v4.1.4 InstallOrder; unknown kinds come after these, sorted by kind name. */
export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

const ORDER = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

export const HOOK_EVENTS = new Set([
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
]);

export interface SplitDocument {
  /** Trimmed document text. */
  text: string;
  /** Offset of `text` in the split input. */
  start: number;
}

const WS = '[\\t\\n\\f\\r ]';
const SEP = new RegExp(`(?:^|${WS}*\\n)---${WS}*`, 'g');

function isGoSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u0085' || c === '\u00a0';
}

function trimBounds(s: string, from: number, to: number): [number, number] {
  while (from < to && isGoSpace(s[from])) from++;
  while (to > from && isGoSpace(s[to - 1])) to--;
  return [from, to];
}

/** releaseutil.SplitManifests with offsets. */
export function splitManifests(big: string): SplitDocument[] {
  const [s0, e0] = trimBounds(big, 0, big.length);
  const s = big.slice(s0, e0);
  const out: SplitDocument[] = [];
  let beg = 0;
  let end = 0;
  const pieces: [number, number][] = [];
  SEP.lastIndex = 0;
  for (let m = SEP.exec(s); m; m = SEP.exec(s)) {
    end = m.index;
    const mEnd = m.index + m[0].length;
    if (mEnd !== 0) pieces.push([beg, end]);
    beg = mEnd;
  }
  if (end !== s.length) pieces.push([beg, s.length]);
  for (const [a, b] of pieces) {
    if (a === b) continue;
    const [ta, tb] = trimBounds(s, a, b);
    out.push({ text: s.slice(ta, tb), start: s0 + ta });
  }
  return out;
}

export interface Manifest {
  /** Template name, e.g. "mychart/templates/deployment.yaml" (what `# Source:` prints). */
  source: string;
  content: string;
  /** Offset of content in the rendered file text. */
  start: number;
  kind: string;
  name: string;
  /** Hook events when this is a hook (helm.sh/hook). */
  hookEvents?: string[];
  /** n-th document from the same source, in output order (computed after sorting). */
  occurrence: number;
}

export class ManifestError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

interface Head {
  kind: string;
  name: string;
  annotations: Record<string, unknown>;
}

function parseHead(text: string, source: string, docStartLine: number): Head {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, merge: true, strict: false, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new ManifestError(`YAML parse error on ${source}: error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ''}${err.message.split('\n')[0]}`, source, line !== undefined ? docStartLine + line - 1 : undefined);
  }
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: -1 });
  } catch {
    js = null;
  }
  const o = (js && typeof js === 'object' && !Array.isArray(js) ? js : {}) as Record<string, unknown>;
  const meta = (o.metadata && typeof o.metadata === 'object' ? o.metadata : {}) as Record<string, unknown>;
  const ann = (meta.annotations && typeof meta.annotations === 'object' ? meta.annotations : {}) as Record<string, unknown>;
  return { kind: typeof o.kind === 'string' ? o.kind : '', name: typeof meta.name === 'string' ? meta.name : '', annotations: ann };
}

function lessByKind(a: string, b: string): boolean {
  const first = ORDER.get(a);
  const second = ORDER.get(b);
  if (first === undefined && second === undefined) return a !== b ? a < b : false;
  if (first === undefined) return false;
  if (second === undefined) return true;
  return first < second;
}

function stableSortByKind(list: Manifest[]): Manifest[] {
  return list
    .map((m, i) => ({ m, i }))
    .sort((x, y) => (lessByKind(x.m.kind, y.m.kind) ? -1 : lessByKind(y.m.kind, x.m.kind) ? 1 : x.i - y.i))
    .map((x) => x.m);
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * releaseutil.SortManifests: files (template name → rendered text) in sorted name order, partials and
 * empty files skipped, each split into documents; hooks separated (unknown hook types dropped).
 */
export function sortManifests(files: Map<string, string>): { manifests: Manifest[]; hooks: Manifest[] } {
  const generic: Manifest[] = [];
  const hooks: Manifest[] = [];
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const source of names) {
    const content = files.get(source)!;
    if (source.slice(source.lastIndexOf('/') + 1).startsWith('_')) continue;
    if (content.trim() === '') continue;
    for (const d of splitManifests(content)) {
      const head = parseHead(d.text, source, lineOf(content, d.start));
      const m: Manifest = { source, content: d.text, start: d.start, kind: head.kind, name: head.name, occurrence: 0 };
      const hookTypes = head.annotations['helm.sh/hook'];
      if (hookTypes === undefined) {
        generic.push(m);
        continue;
      }
      const events = String(hookTypes)
        .split(',')
        .map((h) => h.trim().toLowerCase());
      if (events.some((e) => !HOOK_EVENTS.has(e))) continue;
      m.hookEvents = events;
      hooks.push(m);
    }
  }
  return { manifests: stableSortByKind(generic), hooks: stableSortByKind(hooks) };
}

/** What `helm template` prints for these manifests and hooks. */
export function printManifests(manifests: readonly Manifest[], hooks: readonly Manifest[]): string {
  let b = '';
  for (const m of manifests) b += `---\n# Source: ${m.source}\n${m.content}\n`;
  let out = b.trim() + '\n';
  for (const h of hooks) out += `---\n# Source: ${h.source}\n${h.content}\n`;
  return out;
}

/** Set occurrence numbers (n-th document of a source in output order). */
export function numberOccurrences(all: readonly Manifest[]): void {
  const seen = new Map<string, number>();
  for (const m of all) {
    const n = seen.get(m.source) ?? 0;
    m.occurrence = n;
    seen.set(m.source, n + 1);
  }
}
