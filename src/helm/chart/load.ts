// Chart loading like Helm's pkg/chart/loader: a chart folder (with .helmignore) or a .tgz archive,
// Chart.yaml (v1/v2) + requirements.yaml, values.yaml, values.schema.json, templates/, charts/
// (folders and .tgz) and everything else as .Files. Dependencies that are not vendored in charts/
// are resolved from a sibling folder with the same chart name (a charts monorepo), never downloaded.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { parse as parseYaml } from 'yaml';
import { newMap } from '../value.js';
import { parseValuesFile } from './values-file.js';
import { HelmIgnore } from './helmignore.js';
import { readTgz } from './tar.js';
import { Chart, chartFilePath, type ChartDependency, type ChartFile, type ChartMetadata, type ChartOrigin, type ChartProblem } from './types.js';

/** The file access chart loading needs; paths are POSIX, as given by the caller. */
export interface ChartFileSystem {
  /** Entries of a directory, or undefined when it is not one. */
  readDir(path: string): { name: string; isDir: boolean }[] | undefined;
  /** File content, or undefined when missing. */
  readFile(path: string): Buffer | undefined;
}

export function nodeFileSystem(): ChartFileSystem {
  return {
    readDir(p) {
      try {
        return fs
          .readdirSync(p, { withFileTypes: true })
          .filter((d) => d.isDirectory() || d.isFile())
          .map((d) => ({ name: d.name, isDir: d.isDirectory() }));
      } catch {
        return undefined;
      }
    },
    readFile(p) {
      try {
        return fs.readFileSync(p);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * An in-memory tree, e.g. the files discovery already read: [{ path, text }]. A file's bytes are
 * made when it is read, not up front: the lint's files are mostly not chart files, and their
 * texts are kept compressed (engine/compact.ts).
 */
export function memoryFileSystem(files: Iterable<{ path: string; text?: string; data?: Uint8Array }>): ChartFileSystem {
  const fileMap = new Map<string, { text?: string; data?: Uint8Array }>();
  const dirs = new Map<string, Map<string, boolean>>();
  const addDir = (dir: string, name: string, isDir: boolean) => {
    let m = dirs.get(dir);
    if (!m) dirs.set(dir, (m = new Map()));
    if (!m.has(name) || isDir) m.set(name, isDir);
  };
  for (const f of files) {
    const p = normalize(f.path);
    fileMap.set(p, f);
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/') || '.';
      addDir(dir, parts[i]!, i < parts.length - 1);
    }
  }
  return {
    readDir(p) {
      const m = dirs.get(normalize(p) || '.');
      return m ? [...m].map(([name, isDir]) => ({ name, isDir })) : undefined;
    },
    readFile(p) {
      const f = fileMap.get(normalize(p));
      return f && (f.data ? Buffer.from(f.data) : Buffer.from(f.text ?? '', 'utf8'));
    },
  };
}

function normalize(p: string): string {
  const n = nodePath.posix.normalize(p.replace(/\\/g, '/'));
  return n === '.' ? '' : n.replace(/^\.\//, '').replace(/\/$/, '');
}

function join(a: string, b: string): string {
  if (a === '' || a === '.') return b;
  return nodePath.posix.join(a, b);
}

export interface LoadOptions {
  fs?: ChartFileSystem;
  /**
   * Resolve a dependency that is not vendored in charts/: return the folder of a chart with that name,
   * or undefined. Default: a sibling folder `<dir of the chart>/../<name>` whose Chart.yaml has that name.
   */
  resolveDependency?: (dep: ChartDependency, parentDir: string | undefined, fs: ChartFileSystem) => string | undefined;
  /** Resolve missing dependencies at all (default true). */
  resolveMissing?: boolean;
}

interface BufferedFile {
  name: string;
  data: Buffer;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function trimBom(b: Buffer): Buffer {
  return b.subarray(0, 3).equals(UTF8_BOM) ? b.subarray(3) : b;
}

/** Walk a folder like Helm's LoadDir, applying the root chart's .helmignore to `prefix + relative path`. */
function walkDir(cfs: ChartFileSystem, dir: string, rules: HelmIgnore, prefix: string, out: BufferedFile[], rel = ''): void {
  const entries = cfs.readDir(dir === '' ? '.' : dir);
  if (!entries) return;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    const full = join(dir, e.name);
    if (e.isDir) {
      if (rules.ignores(prefix + r, true)) continue;
      walkDir(cfs, full, rules, prefix, out, r);
    } else {
      if (rules.ignores(prefix + r, false)) continue;
      const data = cfs.readFile(full);
      if (data) out.push({ name: r, data: trimBom(data) });
    }
  }
}

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str) : [];
}

function parseDependencies(v: unknown): ChartDependency[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object')
    .map((d) => ({
      name: str(d.name),
      version: str(d.version),
      repository: str(d.repository),
      condition: str(d.condition),
      tags: strList(d.tags),
      enabled: d.enabled === true,
      importValues: Array.isArray(d['import-values']) ? (d['import-values'] as unknown[]) : [],
      alias: str(d.alias),
    }));
}

const chartYamlCache = new Map<string, ChartMetadata>();

/** Parse Chart.yaml (memoized by text; every call returns a fresh copy). */
export function parseChartYaml(text: string): ChartMetadata {
  let m = chartYamlCache.get(text);
  if (!m) {
    m = parseChartYamlUncached(text);
    if (chartYamlCache.size > 5000) chartYamlCache.clear();
    chartYamlCache.set(text, m);
  }
  return structuredClone(m);
}

function parseChartYamlUncached(text: string): ChartMetadata {
  const raw = (parseYaml(text, { version: '1.2' }) ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('cannot load Chart.yaml: not a mapping');
  const annotations: Record<string, string> = {};
  if (raw.annotations && typeof raw.annotations === 'object') {
    for (const [k, v] of Object.entries(raw.annotations as Record<string, unknown>)) annotations[k] = str(v);
  }
  return {
    name: str(raw.name),
    home: str(raw.home),
    sources: strList(raw.sources),
    version: str(raw.version),
    description: str(raw.description),
    keywords: strList(raw.keywords),
    maintainers: Array.isArray(raw.maintainers) ? raw.maintainers.map((m: Record<string, unknown>) => ({ name: str(m?.name), email: str(m?.email), url: str(m?.url) })) : [],
    icon: str(raw.icon),
    apiVersion: str(raw.apiVersion) || 'v1',
    condition: str(raw.condition),
    tags: str(raw.tags),
    appVersion: str(raw.appVersion),
    deprecated: raw.deprecated === true,
    annotations,
    kubeVersion: str(raw.kubeVersion),
    dependencies: parseDependencies(raw.dependencies),
    type: str(raw.type),
  };
}

/** Helm's LoadFiles: build a chart from its chart-relative files. Subcharts under charts/ are loaded too. */
export function loadChartFiles(files: BufferedFile[], origin: ChartOrigin): Chart {
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  if (!chartYaml) throw new Error('Chart.yaml file is missing');
  const metadata = parseChartYaml(chartYaml.data.toString('utf8'));
  const valuesPath = chartFilePath(origin, 'values.yaml');
  const chart = new Chart(metadata, newMap(), origin);
  if (metadata.apiVersion === 'v1') chart.files.push({ name: 'Chart.yaml', data: chartYaml.data });
  const subcharts = new Map<string, BufferedFile[]>();
  for (const f of files) {
    if (f.name === 'Chart.yaml') continue;
    if (f.name === 'values.yaml') {
      chart.valuesText = f.data.toString('utf8');
      chart.values = parseValuesFile(chart.valuesText, valuesPath);
    } else if (f.name === 'values.schema.json') {
      chart.schema = f.data;
    } else if (f.name === 'Chart.lock' || f.name === 'requirements.lock') {
      // lock files are not used by helm template
    } else if (f.name === 'requirements.yaml') {
      const raw = (parseYaml(f.data.toString('utf8')) ?? {}) as Record<string, unknown>;
      metadata.dependencies = parseDependencies(raw.dependencies);
      if (metadata.apiVersion === 'v1') chart.files.push({ name: f.name, data: f.data });
    } else if (f.name.startsWith('templates/')) {
      chart.templates.push({ name: f.name, data: f.data });
    } else if (f.name.startsWith('charts/')) {
      if (f.name.endsWith('.prov')) {
        chart.files.push({ name: f.name, data: f.data });
        continue;
      }
      const fname = f.name.slice('charts/'.length);
      const cname = fname.split('/')[0]!;
      let list = subcharts.get(cname);
      if (!list) subcharts.set(cname, (list = []));
      list.push({ name: fname, data: f.data });
    } else {
      chart.files.push({ name: f.name, data: f.data });
    }
  }
  if (!metadata.name) throw new Error('validation: chart.metadata.name is required');
  for (const [n, list] of [...subcharts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    try {
      let sub: Chart;
      if (n.endsWith('.tgz')) {
        const file = list[0]!;
        if (file.name !== n) continue;
        sub = loadArchiveBuffer(file.data, chartFilePath(origin, `charts/${n}`));
      } else {
        const buff = list.filter((f) => f.name.includes('/')).map((f) => ({ name: f.name.slice(f.name.indexOf('/') + 1), data: f.data }));
        if (!buff.some((f) => f.name === 'Chart.yaml')) continue;
        const subOrigin: ChartOrigin =
          origin.dir !== undefined ? { dir: join(origin.dir, `charts/${n}`) } : { archive: origin.archive, archiveDir: `${origin.archiveDir}/charts/${n}` };
        sub = loadChartFiles(buff, subOrigin);
      }
      sub.parent = chart;
      chart.dependencies.push(sub);
    } catch (e) {
      chart.problems.push({ code: 'load', message: `error unpacking subchart ${n} in ${metadata.name}: ${(e as Error).message}` });
    }
  }
  return chart;
}

/**
 * Helm's LoadArchive. `archivePath` is recorded as the origin. The archive is untrusted: like Helm,
 * an absolute path or a path leading out of the chart folder refuses the whole archive (readTgz has
 * already capped its size and entry count and dropped links and devices).
 */
export function loadArchiveBuffer(buffer: Uint8Array, archivePath: string): Chart {
  const entries = readTgz(buffer);
  const files: BufferedFile[] = [];
  let top: string | undefined;
  for (const e of entries) {
    const delimiter = e.name.includes('\\') ? '\\' : '/';
    const parts = e.name.split(delimiter);
    const joined = parts.slice(1).join('/');
    if (joined.startsWith('/')) throw new Error('chart illegally contains absolute paths');
    const n = goPathClean(joined);
    if (n === '.') throw new Error(`chart illegally contains content outside the base directory: ${JSON.stringify(e.name)}`);
    if (n.startsWith('..')) throw new Error('chart illegally references parent directory');
    if (parts[0] === 'Chart.yaml') throw new Error('chart yaml not in base directory');
    top ??= parts[0];
    files.push({ name: n, data: trimBom(e.data) });
  }
  if (files.length === 0) throw new Error('no files in chart archive');
  return loadChartFiles(files, { archive: archivePath, archiveDir: top ?? '' });
}

/** Go's path.Clean for a relative path ("" → "."). */
function goPathClean(p: string): string {
  const n = nodePath.posix.normalize(p === '' ? '.' : p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

function defaultResolve(dep: ChartDependency, parentDir: string | undefined, cfs: ChartFileSystem): string | undefined {
  if (parentDir === undefined) return undefined;
  const candidates: string[] = [];
  if (dep.repository.startsWith('file://')) candidates.push(join(parentDir, dep.repository.slice('file://'.length)));
  candidates.push(join(nodePath.posix.dirname(parentDir), dep.name));
  for (const c of candidates) {
    const data = cfs.readFile(join(c, 'Chart.yaml'));
    if (!data) continue;
    try {
      if (parseChartYaml(data.toString('utf8')).name === dep.name) return normalize(c);
    } catch {
      // not a chart
    }
  }
  return undefined;
}

/**
 * Load a chart folder or a .tgz file. Missing dependencies are resolved (recursively) from sibling
 * folders; unresolvable ones are recorded in `chart.problems` with code 'missing-dependency'.
 */
export function loadChart(path: string, options: LoadOptions = {}): Chart {
  const cfs = options.fs ?? nodeFileSystem();
  const p = normalize(path);
  if (p.endsWith('.tgz')) {
    const data = cfs.readFile(p);
    if (!data) throw new Error(`chart archive ${p} not found`);
    const chart = loadArchiveBuffer(data, p);
    if (options.resolveMissing !== false) resolveMissing(chart, cfs, options, undefined, undefined);
    return chart;
  }
  const rules = HelmIgnore.parse(cfs.readFile(join(p, '.helmignore'))?.toString('utf8'));
  const files: BufferedFile[] = [];
  walkDir(cfs, p, rules, '', files);
  const chart = loadChartFiles(files, { dir: p });
  if (options.resolveMissing !== false) resolveMissing(chart, cfs, options, rules, '');
  return chart;
}

function chartDir(c: Chart): string | undefined {
  return c.resolvedFrom ?? c.origin.dir;
}

function resolveMissing(chart: Chart, cfs: ChartFileSystem, options: LoadOptions, rules: HelmIgnore | undefined, prefix: string | undefined): void {
  const resolve = options.resolveDependency ?? defaultResolve;
  const seen = new Set<string>();
  for (const dep of chart.metadata.dependencies) {
    if (!dep.name || seen.has(dep.name)) continue;
    seen.add(dep.name);
    if (chart.dependencies.some((d) => d.name() === dep.name)) continue;
    const dir = resolve(dep, chartDir(chart), cfs);
    if (dir === undefined) {
      chart.problems.push({
        code: 'missing-dependency',
        message:
          `dependency "${dep.name}"${dep.version ? ` (version ${dep.version}` : ' ('}${dep.repository ? ` from ${dep.repository}` : ''}) of chart "${chart.name()}" is not in its charts/ folder and no sibling chart folder provides it; ` +
          `the chart was rendered without it. Vendor it with \`helm dependency build\` in the chart folder (or keep the dependency chart next to it).`,
        file: chart.origin.dir !== undefined ? join(chart.origin.dir, 'Chart.yaml') : chart.origin.archive,
        dependency: dep.name,
      });
      continue;
    }
    try {
      // Like a vendored copy in charts/<name>/: the root chart's .helmignore applies to its files.
      const subPrefix = prefix !== undefined ? `${prefix}charts/${dep.name}/` : undefined;
      const files: BufferedFile[] = [];
      walkDir(cfs, dir, rules ?? HelmIgnore.parse(undefined, false), subPrefix ?? '', files);
      const sub = loadChartFiles(files, { dir });
      sub.resolvedFrom = dir;
      sub.parent = chart;
      chart.dependencies.push(sub);
    } catch (e) {
      chart.problems.push({ code: 'load', message: `cannot load dependency ${dep.name} from ${dir}: ${(e as Error).message}` });
    }
  }
  for (const sub of chart.dependencies) {
    const subPrefix = prefix !== undefined && sub.origin.dir !== undefined ? `${prefix}charts/${sub.name()}/` : undefined;
    resolveMissing(sub, cfs, options, subPrefix !== undefined ? rules : undefined, subPrefix);
    for (const p of sub.problems) {
      if (p.code === 'missing-dependency' && !chart.problems.some((q) => q.message === p.message)) chart.problems.push({ ...p, nested: true });
    }
  }
}

/** All chart files (templates + files) by chart-relative name, for .Files and fidelity checks. */
export function chartFileMap(chart: Chart): Map<string, ChartFile> {
  return new Map([...chart.templates, ...chart.files].map((f) => [f.name, f]));
}

export type { ChartProblem };
