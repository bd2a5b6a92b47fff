// Fidelity harness for the in-process Helm renderer: renders corpus pairs the way their helmArgs say
// and compares with helm v4.1.4's goldens (semantic and byte for byte). Used by `npm run helm:fidelity`
// and by the sample in test/helm/render.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { loadChart } from '../src/helm/chart/load.js';
import { loadValuesFile } from '../src/helm/values/load.js';
import { renderChart, type RenderResult } from '../src/helm/render/engine.js';
import { parseYaml } from '../src/parsers/yaml.js';
import { adoptParsedValuesFile } from '../src/engine/helm-stage.js';
import type { SourceFile } from '../src/model/types.js';

export interface NondeterministicRecord {
  document: number;
  source: string;
  occurrence: number;
  kind?: string;
  name?: string;
  lines: [number, number][];
  paths: (string | number)[][];
  wholeDocument?: boolean;
}

export interface CorpusDependency {
  name: string;
  alias?: string | null;
  resolvedFrom?: string | null;
  resolution?: string;
  dependencies?: CorpusDependency[];
}

export interface CorpusEntry {
  id: string;
  chart: string;
  chartName: string;
  valuesFiles: string[];
  releaseName: string;
  namespace: string;
  helmArgs: string[];
  dependencies?: CorpusDependency[];
  status: 'ok' | 'render-error' | 'unresolved-dependency';
  output?: string;
  error?: string;
  nondeterministic?: NondeterministicRecord[];
}

export function corpusDir(repoRoot = process.cwd()): string {
  return path.resolve(repoRoot, '../shared/corpus');
}

export function loadIndex(corpus: string): CorpusEntry[] {
  return JSON.parse(fs.readFileSync(path.join(corpus, 'helm-golden/index.json'), 'utf8')) as CorpusEntry[];
}

export interface GoldenDoc {
  source: string;
  occurrence: number;
  text: string;
  /** 1-based line of the document's first line in the whole file. */
  firstLine: number;
}

/** Split at lines that are exactly `---`; key by (# Source:, occurrence). */
export function splitDocs(text: string): GoldenDoc[] {
  const lines = text.split('\n');
  const docs: GoldenDoc[] = [];
  let cur: string[] | undefined;
  let start = 0;
  const flush = () => {
    if (!cur) return;
    const src = /^# Source: (.*)$/.exec(cur[0] ?? '');
    const source = src ? src[1]! : '';
    const occurrence = docs.filter((d) => d.source === source).length;
    docs.push({ source, occurrence, text: cur.join('\n'), firstLine: start });
  };
  lines.forEach((line, i) => {
    if (line === '---') {
      flush();
      cur = [];
      start = i + 2;
    } else if (cur) cur.push(line);
    else if (line.trim() !== '') {
      cur = [line];
      start = i + 1;
    }
  });
  flush();
  return docs;
}

const MASK = '<<masked>>';

function parseDoc(text: string): unknown {
  const d = parseDocument(text, { version: '1.1', uniqueKeys: false, merge: true, strict: false });
  try {
    return d.toJS({ maxAliasCount: -1 }) ?? null;
  } catch {
    return { __unparsable: text };
  }
}

function mask(data: unknown, p: (string | number)[]): void {
  let cur = data as Record<string | number, unknown> | null;
  for (let i = 0; i < p.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = cur[p[i]!] as Record<string | number, unknown> | null;
  }
  const last = p[p.length - 1]!;
  if (cur !== null && typeof cur === 'object' && last in cur) cur[last] = MASK;
}

export function firstDifference(a: unknown, b: unknown, at: string[] = []): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return undefined;
    return `${at.join('.') || '(root)'}: got ${short(a)} want ${short(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${at.join('.')}: got ${short(a)} want ${short(b)}`;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  for (const k of kb) {
    if (!ka.includes(k)) return `${[...at, k].join('.')}: missing (want ${short((b as Record<string, unknown>)[k])})`;
  }
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

export interface PairResult {
  id: string;
  status: CorpusEntry['status'];
  /** ok pairs: documents semantically equal after masking. render-error pairs: we failed too. */
  semantic: boolean;
  byte: boolean;
  ms: number;
  firstDiff?: string;
  error?: string;
  /** render-error pairs: our message is contained in helm's. */
  sameMessage?: boolean;
  render?: RenderResult;
}

const loadedCharts = new Map<string, ReturnType<typeof loadChart>>();

/**
 * As a lint run does before rendering: the lint parses each values file, and the renderer builds
 * its values from that parse (engine/helm-stage.ts, adoptParsedValuesFile) instead of its own; so
 * the comparison judges the values the lint's parse gives. The chart's and its folder subcharts'
 * values.yaml under the names the chart loader gives them, and the pair's values files.
 */
function lintParsesValues(file: string, text: string): void {
  parseYaml({ path: file, text, kind: 'helm-values', environment: 'production' } as SourceFile, text.replace(/^\uFEFF/, ''), adoptParsedValuesFile);
}

function lintParsesChartValues(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'templates') lintParsesChartValues(`${dir}/${entry.name}`);
    else if (entry.isFile() && entry.name === 'values.yaml') lintParsesValues(`${dir}/${entry.name}`, fs.readFileSync(`${dir}/${entry.name}`, 'utf8'));
  }
}

/** Render one pair. A chart is loaded once per process and rendered once per values set (as linting does). */
export function renderEntry(corpus: string, e: CorpusEntry): { result: RenderResult; ms: number } {
  const chartPath = path.join(corpus, e.chart).split(path.sep).join('/');
  // the lint's parse is not part of rendering: before the clock starts
  if (!loadedCharts.has(chartPath)) lintParsesChartValues(chartPath);
  const texts = e.valuesFiles.map((f) => fs.readFileSync(path.join(corpus, f), 'utf8'));
  e.valuesFiles.forEach((f, i) => lintParsesValues(f, texts[i]!));
  const t0 = performance.now();
  let chart = loadedCharts.get(chartPath);
  if (!chart) {
    if (loadedCharts.size > 8) loadedCharts.clear();
    chart = loadChart(chartPath);
    loadedCharts.set(chartPath, chart);
  }
  const valuesFiles = e.valuesFiles.map((f, i) => {
    const lv = loadValuesFile(texts[i]!, f);
    return { file: f, values: lv.values };
  });
  const result = renderChart(chart, {
    releaseName: e.releaseName,
    namespace: e.namespace,
    valuesFiles,
    requireDependencies: true,
    provenance: false,
    // kinds/names from a line scan; both outputs are parsed by the comparison anyway
    validateYaml: false,
  });
  return { result, ms: performance.now() - t0 };
}

export function comparePair(corpus: string, e: CorpusEntry, keepRender = false): PairResult {
  let rendered: { result: RenderResult; ms: number };
  try {
    rendered = renderEntry(corpus, e);
  } catch (err) {
    const msg = `crash: ${(err as Error).stack ?? String(err)}`;
    return { id: e.id, status: e.status, semantic: false, byte: false, ms: 0, error: msg, firstDiff: msg.split('\n').slice(0, 3).join(' | ') };
  }
  const { result, ms } = rendered;
  const base: PairResult = { id: e.id, status: e.status, semantic: false, byte: false, ms, ...(keepRender ? { render: result } : {}) };
  if (e.status === 'render-error') {
    const failed = result.error !== undefined;
    const sameMessage = failed && (e.error ?? '').includes(result.error!.message);
    return {
      ...base,
      semantic: failed,
      byte: failed,
      sameMessage,
      error: result.error?.message,
      firstDiff: failed ? undefined : 'rendered without error, helm failed: ' + (e.error ?? ''),
    };
  }
  if (result.error) return { ...base, error: result.error.message, firstDiff: `render error: ${result.error.message.split('\n').slice(0, 4).join(' | ')}` };
  const golden = fs.readFileSync(path.join(corpus, e.output!), 'utf8');
  const want = splitDocs(golden);
  const got = splitDocs(result.output);
  const nd = e.nondeterministic ?? [];
  const key = (d: GoldenDoc) => `${d.source}#${d.occurrence}`;
  const gotMap = new Map(got.map((d) => [key(d), d]));
  let firstDiff: string | undefined;
  for (const w of want) {
    const g = gotMap.get(key(w));
    if (!g) {
      firstDiff ??= `missing document ${key(w)}`;
      continue;
    }
    const wd = parseDoc(w.text);
    const gd = parseDoc(g.text);
    for (const r of nd) {
      if (r.source !== w.source || r.occurrence !== w.occurrence) continue;
      for (const p of r.paths) {
        mask(wd, p);
        mask(gd, p);
      }
    }
    const d = firstDifference(gd, wd);
    if (d) firstDiff ??= `${key(w)}: ${d}`;
  }
  const wantKeys = new Set(want.map(key));
  for (const g of got) if (!wantKeys.has(key(g))) firstDiff ??= `unexpected document ${key(g)}`;
  const semantic = firstDiff === undefined;
  // byte comparison: blank the recorded nondeterministic lines (golden coordinates) on both sides
  let byte = golden === result.output;
  if (!byte && semantic) {
    const gl = golden.split('\n');
    const ol = result.output.split('\n');
    if (gl.length === ol.length) {
      for (const r of nd) for (const [a, b] of r.lines) for (let i = a; i <= b; i++) gl[i - 1] = ol[i - 1] = '';
      byte = gl.join('\n') === ol.join('\n');
    }
  }
  let byteDiff: string | undefined;
  if (!byte && semantic) {
    const gl = golden.split('\n');
    const ol = result.output.split('\n');
    const i = gl.findIndex((l, n) => l !== ol[n]);
    byteDiff = `byte diff at line ${i + 1}: got ${short(ol[i])} want ${short(gl[i])}`;
  }
  return { ...base, semantic, byte, firstDiff: firstDiff ?? byteDiff };
}

// ------------------------------------------------------------------------------------------------
// helm itself, for the timing comparison (issue item 9): a scratch copy of the chart with its
// dependencies vendored from their resolvedFrom folders, rendered with the entry's helmArgs.

const scratchCopies = new Map<string, string>();

function vendor(corpus: string, deps: CorpusDependency[] | undefined, target: string): void {
  for (const d of deps ?? []) {
    if (!d.resolvedFrom) continue;
    const dest = path.join(target, 'charts', d.name);
    if (!fs.existsSync(dest)) fs.cpSync(path.join(corpus, d.resolvedFrom), dest, { recursive: true });
    vendor(corpus, d.dependencies, dest);
  }
}

export function scratchChart(corpus: string, e: CorpusEntry, root: string): string {
  const cached = scratchCopies.get(e.chart);
  if (cached) return cached;
  const dir = path.join(root, e.chart.replace(/[^A-Za-z0-9._-]+/g, '_'), e.chartName);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(path.join(corpus, e.chart), dir, { recursive: true });
  vendor(corpus, e.dependencies, dir);
  scratchCopies.set(e.chart, dir);
  return dir;
}

/** Run helm template for a pair; returns output (or the error) and the wall time of the helm process. */
export function runHelm(helm: string, corpus: string, e: CorpusEntry, scratchRoot: string): { output?: string; error?: string; ms: number } {
  const chart = scratchChart(corpus, e, scratchRoot);
  const home = path.join(scratchRoot, '.helm-home');
  const args = e.helmArgs.map((a) => (a === '{chart}' ? chart : a));
  const t0 = performance.now();
  try {
    const output = execFileSync(helm, args, {
      cwd: corpus,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        HELM_CACHE_HOME: path.join(home, 'cache'),
        HELM_CONFIG_HOME: path.join(home, 'config'),
        HELM_DATA_HOME: path.join(home, 'data'),
        KUBECONFIG: path.join(home, 'kubeconfig'),
      },
    });
    return { output, ms: performance.now() - t0 };
  } catch (err) {
    return { error: String((err as { stderr?: string }).stderr ?? err), ms: performance.now() - t0 };
  }
}

export function makeScratchRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'rl-helm-scratch-'));
}
