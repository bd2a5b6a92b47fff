// Fidelity harness for the in-process kustomize build: builds corpus roots and compares with the
// `kubectl kustomize` goldens (semantic and byte for byte). Used by `npm run kustomize:fidelity` and
// by the sample in test/kustomize.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildKustomization, emitResources, KustomizeError } from '../src/kustomize/build.js';

export interface KustomizeCase {
  id: string;
  rootPath: string;
  status: 'ok' | 'error' | 'remote-base' | 'unsupported';
  reason: string | null;
  output: string | null;
  error: string | null;
}

export function corpusDir(repoRoot = process.cwd()): string {
  return path.resolve(repoRoot, '../shared/corpus');
}

export function loadKustomizeIndex(corpus: string): KustomizeCase[] {
  return JSON.parse(fs.readFileSync(path.join(corpus, 'kustomize-golden/index.json'), 'utf8')) as KustomizeCase[];
}

export interface CaseResult {
  id: string;
  status: KustomizeCase['status'];
  /** ok: every document semantically equal, in order. others: we failed (or reported what was left out) too. */
  semantic: boolean;
  byte: boolean;
  ms: number;
  firstDiff?: string;
  error?: string;
}

function parseDocs(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.2' })
    .map((d) => d.toJS({ maxAliasCount: -1 }) as unknown)
    .filter((d) => d !== null && d !== undefined);
}

export function firstDifference(a: unknown, b: unknown, at: string[] = []): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return `${at.join('.') || '(root)'}: got ${short(a)} want ${short(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at.join('.')}: got ${short(a)} want ${short(b)}`;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  for (const k of kb) if (!ka.includes(k)) return `${[...at, k].join('.')}: missing (want ${short((b as Record<string, unknown>)[k])})`;
  for (const k of ka) {
    if (!kb.includes(k)) return `${[...at, k].join('.')}: unexpected ${short((a as Record<string, unknown>)[k])}`;
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...at, k]);
    if (d) return d;
  }
  return undefined;
}

function short(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 160 ? s.slice(0, 160) + '…' : s;
}

function docLabel(d: unknown): string {
  const o = d as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
  return `${o?.kind ?? '?'}/${o?.metadata?.namespace ? o.metadata.namespace + '/' : ''}${o?.metadata?.name ?? '?'}`;
}

/** Build one case; paths in messages are corpus-relative like the goldens'. */
export function buildCase(corpus: string, c: KustomizeCase): { output?: string; error?: string; leftOut: string[]; ms: number } {
  const t0 = performance.now();
  try {
    const r = buildKustomization(path.join(corpus, c.rootPath), { display: (abs) => path.relative(corpus, abs) });
    const output = emitResources(r.resources);
    return { output, leftOut: r.leftOut.map((l) => `${l.what}: ${l.ref}`), ms: performance.now() - t0 };
  } catch (e) {
    if (e instanceof KustomizeError) return { error: e.message, leftOut: [], ms: performance.now() - t0 };
    return { error: `crash: ${(e as Error).stack ?? String(e)}`, leftOut: [], ms: performance.now() - t0 };
  }
}

export function compareCase(corpus: string, c: KustomizeCase): CaseResult {
  const b = buildCase(corpus, c);
  const base: CaseResult = { id: c.id, status: c.status, semantic: false, byte: false, ms: b.ms, error: b.error };
  if (c.status !== 'ok') {
    // kubectl failed: so must we, or (remote bases, helm charts, plugins) we must name what was left out
    const failed = b.error !== undefined && !b.error.startsWith('crash:');
    const reported = b.leftOut.length > 0;
    const ok = c.status === 'error' ? failed : failed || reported;
    return { ...base, semantic: ok, byte: ok, firstDiff: ok ? undefined : `built without error or left-out report; kubectl: ${c.error ?? ''}` };
  }
  if (b.output === undefined) return { ...base, firstDiff: `build error: ${(b.error ?? '').split('\n').slice(0, 3).join(' | ')}` };
  const golden = fs.readFileSync(path.join(corpus, 'kustomize-golden', c.id, 'expected.yaml'), 'utf8');
  const want = parseDocs(golden);
  const got = parseDocs(b.output);
  let firstDiff: string | undefined;
  for (let i = 0; i < Math.max(want.length, got.length) && !firstDiff; i++) {
    if (i >= got.length) firstDiff = `missing document #${i} ${docLabel(want[i])}`;
    else if (i >= want.length) firstDiff = `unexpected document #${i} ${docLabel(got[i])}`;
    else {
      const d = firstDifference(got[i], want[i]);
      if (d) firstDiff = `#${i} ${docLabel(want[i])}: ${d}`;
    }
  }
  const semantic = firstDiff === undefined;
  const byte = golden === b.output;
  if (semantic && !byte) {
    const gl = golden.split('\n');
    const ol = b.output.split('\n');
    const i = gl.findIndex((l, n) => l !== ol[n]);
    firstDiff = `byte diff at line ${i + 1}: got ${short(ol[i])} want ${short(gl[i])}`;
  }
  return { ...base, semantic, byte, firstDiff };
}

/** kubectl kustomize on the same root, for the speed comparison. */
export function runKubectl(kubectl: string, corpus: string, c: KustomizeCase): { output?: string; ms: number } {
  const t0 = performance.now();
  try {
    const output = execFileSync(kubectl, ['kustomize', c.rootPath], {
      cwd: corpus,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KUBECONFIG: '/nonexistent' },
    });
    return { output, ms: performance.now() - t0 };
  } catch {
    return { ms: performance.now() - t0 };
  }
}
