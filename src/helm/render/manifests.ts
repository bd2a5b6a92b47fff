// Post-processing of rendered files like Helm's releaseutil: split files into documents, separate
// hooks, sort by kind install order (helm v4.1.4), and print `---\n# Source: …` documents.

import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { MANIFEST_YAML_OPTIONS } from './manifest-yaml.js';

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
  /** The parsed document (yaml package; node ranges are offsets into content). */
  doc?: Document;
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

function unquote(v: string): string {
  let s = v.trim();
  if (s.startsWith('"') || s.startsWith("'")) {
    const q = s[0]!;
    const end = s.lastIndexOf(q);
    if (end > 0) {
      s = s.slice(1, end);
      return q === "'" ? s.replace(/''/g, "'") : s.replace(/\\(.)/g, '$1');
    }
  }
  const hash = s.search(/\s#/);
  return (hash >= 0 ? s.slice(0, hash) : s).trim();
}

const SIMPLE_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{\[][^:#]*?)\s*:(?:\s+(.*))?$/;

/**
 * kind, metadata.name and metadata.annotations of a document from its lines, for block-style YAML
 * (what charts render). Returns undefined when the document needs a real parser.
 */
function fastHead(text: string): Head | undefined {
  const lines = text.split('\n');
  let kind = '';
  let name = '';
  const annotations: Record<string, unknown> = {};
  let section: 'none' | 'metadata' | 'annotations' = 'none';
  let metaIndent = -1;
  let annIndent = -1;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (line.startsWith('\t') || trimmed.startsWith('%')) return undefined;
    const indent = line.length - trimmed.length;
    if (indent === 0) {
      if (trimmed === '---' || trimmed === '...') return undefined;
      if (/^[{\[&*!|>]/.test(trimmed) || trimmed.startsWith('- ') || trimmed === '-') return undefined;
      const m = SIMPLE_KEY.exec(trimmed);
      if (!m) return undefined;
      const key = unquote(m[1]!);
      const value = m[2] ?? '';
      section = 'none';
      if (key === 'kind') {
        if (/^[|>&*!{\[]/.test(value.trim())) return undefined;
        kind = unquote(value);
      } else if (key === 'metadata') {
        if (unquote(value) !== '') return undefined;
        section = 'metadata';
        metaIndent = -1;
      } else if (key === '<<') return undefined;
      continue;
    }
    if (section === 'none') continue;
    if (section === 'annotations' && (annIndent < 0 || indent >= annIndent) && indent > metaIndent) {
      if (annIndent < 0) annIndent = indent;
      if (indent > annIndent) continue;
      const m = SIMPLE_KEY.exec(trimmed);
      if (!m) return undefined;
      const v = (m[2] ?? '').trim();
      if (/^[|>&*!{\[]/.test(v)) return undefined;
      annotations[unquote(m[1]!)] = unquote(v);
      continue;
    }
    section = 'metadata';
    if (metaIndent < 0) metaIndent = indent;
    if (indent > metaIndent) continue;
    if (indent < metaIndent) return undefined;
    const m = SIMPLE_KEY.exec(trimmed);
    if (!m) return undefined;
    const key = unquote(m[1]!);
    const value = (m[2] ?? '').trim();
    if (key === 'name') {
      if (/^[|>&*!{\[]/.test(value)) return undefined;
      name = unquote(value);
    } else if (key === 'annotations') {
      if (value !== '' && !value.startsWith('#')) {
        if (value === '{}') continue;
        return undefined;
      }
      section = 'annotations';
      annIndent = -1;
    }
  }
  return { kind, name, annotations };
}

function parseHead(text: string, source: string, docStartLine: number, validate: boolean): Head & { doc?: Document } {
  if (!validate) {
    const fast = fastHead(text);
    if (fast) return fast;
  }
  const doc = parseDocument(text, { ...MANIFEST_YAML_OPTIONS, prettyErrors: false });
  const err = doc.errors[0];
  if (err && !validate) return { kind: '', name: '', annotations: {}, doc };
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new ManifestError(
      `YAML parse error on ${source}: error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ''}${err.message.split('\n')[0]}`,
      source,
      line !== undefined ? docStartLine + line - 1 : undefined,
    );
  }
  const scalar = (v: unknown): string => (isScalar(v) && v.value !== null && v.value !== undefined ? String(v.value) : '');
  let kind = '';
  let name = '';
  const annotations: Record<string, unknown> = {};
  const root = doc.contents;
  if (isMap(root)) {
    kind = scalar(root.get('kind', true));
    const meta = root.get('metadata', true);
    if (isMap(meta)) {
      name = scalar(meta.get('name', true));
      const ann = meta.get('annotations', true);
      if (isMap(ann)) for (const it of ann.items) if (isScalar(it.key)) annotations[String(it.key.value)] = isScalar(it.value) ? it.value.value : it.value;
    }
  }
  return { kind, name, annotations, doc };
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

/**
 * Line numbers of increasing offsets in one text, counted from where the previous call stopped:
 * counting from the start for every document made rendering quadratic in the documents of a file
 * (a template emitting 20 k documents took 45 s).
 */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let from = 0;
  return (offset) => {
    if (offset < from) {
      line = 1;
      from = 0;
    }
    for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    from = Math.max(from, offset);
    return line;
  };
}

/**
 * releaseutil.SortManifests: files (template name → rendered text) in sorted name order, partials and
 * empty files skipped, each split into documents; hooks separated (unknown hook types dropped).
 */
export function sortManifests(files: Map<string, string>, options: { validate?: boolean } = {}): { manifests: Manifest[]; hooks: Manifest[] } {
  const generic: Manifest[] = [];
  const hooks: Manifest[] = [];
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const source of names) {
    const content = files.get(source)!;
    if (source.slice(source.lastIndexOf('/') + 1).startsWith('_')) continue;
    if (content.trim() === '') continue;
    const lineOf = lineCounter(content);
    for (const d of splitManifests(content)) {
      const head = parseHead(d.text, source, lineOf(d.start), options.validate !== false);
      const m: Manifest = { source, content: d.text, start: d.start, kind: head.kind, name: head.name, occurrence: 0, doc: head.doc };
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
