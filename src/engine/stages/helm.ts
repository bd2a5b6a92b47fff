// The lint pipeline's Helm stage (project <-> chart glue): every chart found by discovery is
// rendered once per environment (values.yaml + that environment's values files, production first)
// into Kubernetes documents. Plug-in for src/engine/helm-stage.ts: `return renderHelmStage(files)`.
// The disk is reached only through the injected reader (engine/services.ts).

import * as nodePath from 'node:path';
import { KNOWN_ENVIRONMENTS } from '../../model/environments.js';
import type { Diagnostic, Environment, SourceDocument, SourceFile } from '../../model/types.js';
import { memoryFileSystem, MAX_DECOMPRESSED_CHART_SIZE, releaseChartCaches, releaseRenderCaches, type ChartFileSystem } from '../../helm/index.js';
import { renderChartDocuments } from '../../parsers/helm-documents.js';
import { detachStrings } from '../compact.js';
import { helmBinaryDocuments } from './helm-binary.js';
import { EMPTY_FILE_SYSTEM, type FileSystemReader, type ProgramRun } from '../services.js';

export interface HelmStageResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  notices: string[];
}

export interface HelmStageOptions {
  /** File access; default: the discovered files in memory, with real bytes of charts/*.tgz from disk. */
  fs?: ChartFileSystem;
  /** --values/-f files added to every environment. */
  extraValues?: readonly string[];
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: readonly string[];
  /** Exact mode: render through this `helm` executable (`helm template`, no plugins, no network). */
  helmBinary?: string;
  /**
   * The folder the files' paths are relative to (default: the process's working folder): vendored
   * archives, --values files and exact mode read from there (a PR's base commit is linted from a
   * folder of its own).
   */
  root?: string;
  /** The disk beside the files (vendored archives, dependency charts, --values files); default: none. */
  disk?: FileSystemReader;
  /** Runs the helm binary in exact mode. */
  runHelm?: (run: ProgramRun) => string;
}

// Test values (a chart's ci/*.yaml, values-test.yaml) are chart-testing inputs, not a deployment.
const ENV_ORDER: Environment[] = KNOWN_ENVIRONMENTS.filter((e) => e !== 'test');

/** Bytes as the chart loader takes them (a view, not a copy). */
function asBuffer(data: Uint8Array | undefined): Buffer | undefined {
  return data === undefined || Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function layeredFs(files: readonly SourceFile[], extraValues: readonly string[] = [], root = '', fs: FileSystemReader = EMPTY_FILE_SYSTEM): ChartFileSystem {
  const extra = new Set(extraValues);
  // the files themselves: a text is read (and inflated) only when a chart reads the file
  const mem = memoryFileSystem(files);
  const disk = { readFile: (p: string) => asBuffer(fs.readFile(nodePath.resolve(root, p))) };
  const chartDirs = new Set(files.filter((f) => f.kind === 'helm-chart').map((f) => dirOf(f.path)));
  // Discovery reads text files only, so vendored archives (charts/*.tgz) come from disk here: the
  // regular .tgz files of a chart's real charts/ folder, and only those paths may be read.
  const archives = new Map<string, string[]>();
  const archivesOf = (chartDir: string): string[] => {
    let list = archives.get(chartDir);
    if (!list) archives.set(chartDir, (list = vendoredArchives(chartDir, root, fs)));
    return list;
  };
  const allowed = (p: string): boolean => {
    const chartsDir = dirOf(p);
    return nodePath.posix.basename(chartsDir) === 'charts' && chartDirs.has(dirOf(chartsDir)) && archivesOf(dirOf(chartsDir)).includes(p);
  };
  const outside = dependencyFolders(mem, [...chartDirs], root, fs);
  return {
    readDir: (p) => {
      const dir = p === '.' ? '' : p;
      const entries = mem.readDir(p);
      if (entries === undefined) {
        const fromDisk = outside.readDir(p);
        if (fromDisk) return fromDisk;
      }
      if (chartDirs.has(dir) && archivesOf(dir).length > 0 && !entries?.some((e) => e.name === 'charts')) {
        return [...(entries ?? []), { name: 'charts', isDir: true }];
      }
      const parent = dirOf(dir);
      if (nodePath.posix.basename(dir) !== 'charts' || !chartDirs.has(parent)) return entries;
      const names = new Set((entries ?? []).map((e) => e.name));
      const tgz = archivesOf(parent)
        .map((a) => nodePath.posix.basename(a))
        .filter((n) => !names.has(n));
      return [...(entries ?? []), ...tgz.map((name) => ({ name, isDir: false }))];
    },
    // --values files may live outside the linted paths: only those are read from disk
    readFile: (p) => (p.endsWith('.tgz') ? (allowed(p) ? disk.readFile(p) : undefined) : (mem.readFile(p) ?? (extra.has(p) ? disk.readFile(p) : outside.readFile(p)))),
  };
}

/** A dependency chart's file bigger than this is left out (discovery's default limit for a file). */
const DEPENDENCY_FILE_MAX = 5 * 1024 * 1024;

/**
 * Dependency charts outside the linted paths, read from disk: `helm dependency build` is not run,
 * so a chart's `file://../common` or a sibling chart folder of the dependency's name is what Helm
 * would vendor. Chart loading looks for `<folder>/Chart.yaml` where a dependency may be; such a
 * folder is opened when it is inside the repository of a linted chart (the folder holding `.git`;
 * without one, the folder holding the chart unless anyone may write there) and real (no link out
 * of it). Within it, only regular
 * files and folders are read, each file up to a size limit.
 */
function dependencyFolders(mem: ChartFileSystem, chartDirs: readonly string[], root: string, fs: FileSystemReader): ChartFileSystem {
  const opened = new Set<string>();
  const boundaries = new Map<string, string | undefined>();
  const boundaryOf = (chartDir: string): string | undefined => {
    if (!boundaries.has(chartDir)) {
      let bound: string | undefined;
      const real = fs.realpath(nodePath.resolve(root, chartDir || '.'));
      // a world-writable parent (/tmp) is anyone's: its other folders are not this project's
      const parentStat = real === undefined ? undefined : fs.stat(nodePath.dirname(real));
      if (real !== undefined && parentStat) bound = repositoryRoot(real, fs) ?? ((parentStat.mode & 0o002) !== 0 ? real : nodePath.dirname(real));
      boundaries.set(chartDir, bound);
    }
    return boundaries.get(chartDir);
  };
  const inside = (parent: string, child: string) => child === parent || child.startsWith(parent.endsWith(nodePath.sep) ? parent : parent + nodePath.sep);
  const openedFolder = (p: string): string | undefined => {
    for (let dir = p; dir !== '.' && dir !== '' && dir !== '/'; dir = nodePath.posix.dirname(dir)) if (opened.has(dir)) return dir;
    return undefined;
  };
  const mayOpen = (dir: string): boolean => {
    if (mem.readDir(dir) !== undefined) return false; // linted: discovery's view stands
    const real = fs.realpath(nodePath.resolve(root, dir));
    if (real === undefined || !fs.stat(real)?.isDirectory) return false;
    return chartDirs.some((c) => {
      const bound = boundaryOf(c);
      return bound !== undefined && inside(bound, real);
    });
  };
  const regularFile = (p: string): Buffer | undefined => {
    const full = nodePath.resolve(root, p);
    const stat = fs.lstat(full);
    return stat?.isFile && stat.size <= DEPENDENCY_FILE_MAX ? asBuffer(fs.readFile(full)) : undefined;
  };
  return {
    readDir(p) {
      if (!openedFolder(p)) return undefined;
      const full = nodePath.resolve(root, p);
      if (fs.lstat(full)?.isSymbolicLink !== false) return undefined;
      return fs
        .readDir(full)
        ?.filter((d) => d.isDirectory || d.isFile)
        .map((d) => ({ name: d.name, isDir: d.isDirectory }));
    },
    readFile(p) {
      if (openedFolder(p)) return regularFile(p);
      if (nodePath.posix.basename(p) !== 'Chart.yaml') return undefined;
      const dir = nodePath.posix.dirname(p);
      if (!mayOpen(dir)) return undefined;
      const data = regularFile(p);
      if (data) opened.add(dir);
      return data;
    },
  };
}

/**
 * The .tgz files in `<chartDir>/charts` on disk: regular files (no links) in a folder that is not a
 * link itself, no bigger than Helm's limit for a chart archive (a bigger one is left out, and the
 * chart reports the dependency as missing).
 */
function vendoredArchives(chartDir: string, root: string, fs: FileSystemReader): string[] {
  const dir = chartDir === '' ? 'charts' : `${chartDir}/charts`;
  if (!fs.lstat(nodePath.resolve(root, dir))?.isDirectory) return [];
  return (fs.readDir(nodePath.resolve(root, dir)) ?? [])
    .filter((d) => d.isFile && d.name.endsWith('.tgz'))
    .map((d) => `${dir}/${d.name}`)
    .filter((p) => (fs.lstat(nodePath.resolve(root, p))?.size ?? Infinity) <= MAX_DECOMPRESSED_CHART_SIZE)
    .sort();
}

/**
 * The nearest folder at or above `dir` that holds a `.git` entry (folder or file), if any, not
 * climbing into a world-writable folder (config/index.ts's repositoryRoot, through the reader).
 */
function repositoryRoot(dir: string, fs: FileSystemReader): string | undefined {
  const start = nodePath.resolve(dir);
  for (let current = start; ;) {
    if (current !== start && (fs.stat(current)?.mode ?? 0o002) & 0o002) return undefined;
    if (fs.stat(nodePath.join(current, '.git'))) return current;
    const parent = nodePath.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Whether a rendering reads this values file: its chart's values.yaml, or values of an environment rendered. */
export function valuesFileRendered(f: SourceFile): boolean {
  if (ENV_ORDER.includes(f.environment)) return true;
  if (nodePath.posix.basename(f.path) !== 'values.yaml') return false;
  // the chart's own, or a vendored subchart's (charts/<name>/values.yaml, loaded with the chart)
  const dir = dirOf(f.path);
  const root = f.chartRoot ?? '';
  return dir === root || dir.startsWith(root === '' ? 'charts/' : `${root}/charts/`);
}

export function renderHelmStage(files: readonly SourceFile[], options: HelmStageOptions = {}): HelmStageResult {
  const cfs = options.fs ?? layeredFs(files, options.extraValues, options.root, options.disk);
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const notices: string[] = [];
  const seen = new Set<string>();
  const charts = files.filter((f) => f.kind === 'helm-chart' && (f.chartRoot ?? '') === dirOf(f.path));
  // values files by chart, in file order, found once: a scan of every file for each chart is
  // quadratic in a monorepo of charts (25,000 charts of 250,000 files: 6 billion steps)
  const valuesByChart = new Map<string, SourceFile[]>();
  for (const f of files) {
    if (f.kind !== 'helm-values') continue;
    const list = valuesByChart.get(f.chartRoot ?? '');
    if (list) list.push(f);
    else valuesByChart.set(f.chartRoot ?? '', [f]);
  }
  for (const chartFile of charts) {
    const root = dirOf(chartFile.path);
    // loaded once for all its environments, then released with the chart's render state
    const chartCache = new Map();
    const byEnv = new Map<Environment, string[]>();
    for (const f of valuesByChart.get(root) ?? []) {
      if (nodePath.posix.basename(f.path) === 'values.yaml' && dirOf(f.path) === root) continue;
      if (!ENV_ORDER.includes(f.environment)) continue;
      let list = byEnv.get(f.environment);
      if (!list) byEnv.set(f.environment, (list = []));
      list.push(f.path);
    }
    const envs: { environment: Environment; files: string[] }[] = ENV_ORDER.filter((e) => byEnv.has(e)).map((e) => ({
      environment: e,
      files: [...byEnv.get(e)!].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1)),
    }));
    if (envs.length === 0) envs.push({ environment: chartFile.environment, files: [] });
    for (const env of envs) {
      const common = {
        chart: root === '' ? '.' : root,
        valuesFiles: [...env.files, ...(options.extraValues ?? [])],
        environment: env.environment,
        fs: cfs,
        releaseName: options.releaseName,
        namespace: options.namespace,
        kubeVersion: options.kubeVersion,
        apiVersions: options.apiVersions,
      };
      const r = options.helmBinary
        ? helmBinaryDocuments({ ...common, binary: options.helmBinary, cwd: options.root, run: options.runHelm })
        : renderChartDocuments({ ...common, chartCache });
      for (const d of r.documents) {
        // The document's strings are slices of the rendered text (a CRD file's descriptions pin
        // all of its 1.7 MB): interned, they are copied once and equal ones shared across the
        // chart's environments, and the rendered texts can go (about 14 MB on ../shared/corpus).
        detachStrings(d.data);
        documents.push(d); // not push(...): a chart may render 100k+ documents
      }
      const unrendered = unrenderedWorkloads(files, root, r.documents);
      if (unrendered) {
        const values = env.files.length ? `the ${env.environment} values (${env.files.join(', ')})` : 'its default values';
        notices.push(
          `chart ${common.chart} rendered none of its own workloads with ${values}: ${unrendered} rendered nothing, so no rule judged them; pass the values the chart needs with --values`,
        );
      }
      for (const d of r.diagnostics) {
        const key = `${d.ruleId}\0${d.file}\0${d.range.start.line}\0${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // Renderings run production first: a problem every environment shares is production's,
        // one only the staging values cause is staging's.
        diagnostics.push({ ...d, environment: env.environment });
      }
    }
    // its renderings are done: what only they read goes before the next chart allocates
    releaseChartCaches(root);
  }
  // the rules run next: template parses and parsed values files are not needed any more
  releaseRenderCaches();
  return { documents, diagnostics, notices };
}

const WORKLOAD_KIND = /^kind:[ \t]*["']?(?:Deployment|StatefulSet|DaemonSet)["']?[ \t]*(?:#.*)?$/m;

/**
 * The chart's own workload templates (a top-level `kind: Deployment|StatefulSet|DaemonSet` line)
 * when none of them rendered a document, listed for a notice; undefined otherwise. A chart that
 * needs a value before it renders its workloads (bitnami/concourse: web.externalUrl) is otherwise
 * judged on its Services and Secrets alone, and its score says nothing about its pods.
 */
function unrenderedWorkloads(files: readonly SourceFile[], root: string, documents: readonly SourceDocument[]): string | undefined {
  const prefix = root === '' ? 'templates/' : `${root}/templates/`;
  const own = (path: string) => path.startsWith(prefix);
  const renderedOne = documents.some((d) => own(d.file.path) && /^(?:Deployment|StatefulSet|DaemonSet)$/.test(String((d.data as { kind?: unknown } | null)?.kind)));
  if (renderedOne) return undefined;
  const templates = files.filter((f) => f.kind === 'helm-template' && own(f.path) && WORKLOAD_KIND.test(f.text)).map((f) => f.path.slice(prefix.length - 'templates/'.length));
  if (templates.length === 0) return undefined;
  const shown = templates.slice(0, 3).join(', ');
  return templates.length > 3 ? `${shown} and ${templates.length - 3} more` : shown;
}

function dirOf(p: string): string {
  const d = nodePath.posix.dirname(p);
  return d === '.' ? '' : d;
}

function depth(p: string): number {
  return p.split('/').length;
}
