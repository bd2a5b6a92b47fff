// Optional exact mode: render through a real `helm template` binary (no plugins, no post-renderers,
// no network: HELM_* homes point at an empty scratch folder, no --dependency-update), then map each
// document back to its template through the `# Source:` comments.

import * as nodePath from 'node:path';
import { isMap as isYamlMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Diagnostic, DocPath, Environment, Location, SourceDocument, SourceFile } from '../../model/types.js';
import { loadChart, memoryFileSystem, chartFilePath, cloneChartTree, processDependencies, loadValuesFile, userValues, type Chart, type ChartFileSystem } from '../../helm/index.js';
import { renderChartDocuments } from '../../parsers/helm-documents.js';
import { isDeepStrictEqual } from 'node:util';
import type { ProgramRun } from '../services.js';

export interface HelmBinaryInput {
  /** Path of the helm executable. */
  binary: string;
  /** Chart folder or .tgz (POSIX, relative to `cwd`). */
  chart: string;
  /** The folder chart and values paths are relative to (default: the process's working folder). */
  cwd?: string;
  valuesFiles?: readonly string[];
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: readonly string[];
  environment?: Environment;
  timeoutMs?: number;
  /** The chart's files as the stage sees them (default: none; the binary reads the disk itself). */
  fs?: ChartFileSystem;
  /** Runs the binary (pipeline/node-services.ts); without it exact mode reports it cannot run. */
  run?: (run: ProgramRun) => string;
  /**
   * Also render with the built-in renderer and, for documents it reproduces exactly, use its precise
   * template/values locations instead of the heuristic (default true).
   */
  hybrid?: boolean;
}

export interface BinaryDocument {
  source: string;
  occurrence: number;
  text: string;
}

/** Split `helm template` output into documents keyed by `# Source:` and occurrence. */
export function splitHelmOutput(output: string): BinaryDocument[] {
  const docs: BinaryDocument[] = [];
  const counts = new Map<string, number>();
  for (const part of output.split(/^---$/m)) {
    const m = /^\s*# Source: (.*)$/m.exec(part);
    if (!m) continue;
    const source = m[1]!.trim();
    const occurrence = counts.get(source) ?? 0;
    counts.set(source, occurrence + 1);
    docs.push({ source, occurrence, text: part.replace(/^\n/, '') });
  }
  return docs;
}

/** The `helm template` run for an input: no plugins, no repositories, no network, an empty HOME. */
export function helmTemplateRun(input: HelmBinaryInput): ProgramRun {
  // A chart folder is named by the scanned tree: `./` keeps a name like `--output-dir=…` a path, not a flag.
  const chartArg = nodePath.isAbsolute(input.chart) ? input.chart : `./${input.chart}`;
  const args = ['template', input.releaseName ?? 'release-name', chartArg, '--namespace', input.namespace ?? 'default'];
  for (const f of input.valuesFiles ?? []) args.push('--values', f);
  if (input.kubeVersion) args.push('--kube-version', input.kubeVersion);
  for (const a of input.apiVersions ?? []) args.push('--api-versions', a);
  return {
    binary: input.binary,
    args,
    cwd: input.cwd,
    timeoutMs: input.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    env: (home) => ({
      HOME: home,
      HELM_CACHE_HOME: nodePath.join(home, 'cache'),
      HELM_CONFIG_HOME: nodePath.join(home, 'config'),
      HELM_DATA_HOME: nodePath.join(home, 'data'),
      HELM_PLUGINS: nodePath.join(home, 'plugins'),
      HELM_REPOSITORY_CONFIG: nodePath.join(home, 'repositories.yaml'),
      HELM_REGISTRY_CONFIG: nodePath.join(home, 'registry.json'),
      KUBECONFIG: nodePath.join(home, 'kubeconfig'),
    }),
  };
}

/** Run `helm template` through the given runner. Throws an Error carrying helm's stderr when it fails. */
export function runHelmTemplate(input: HelmBinaryInput): string {
  if (!input.run) throw new Error('exact mode needs a program runner (lint services: runHelm)');
  return input.run(helmTemplateRun(input));
}

/** Template name (as in `# Source:`) → file path, through the (aliased, enabled) chart tree. */
function templateFiles(chart: Chart): Map<string, { file: string; text: string }> {
  const out = new Map<string, { file: string; text: string }>();
  const walk = (c: Chart) => {
    for (const t of c.templates) {
      out.set(`${c.fullPath()}/${t.name}`, { file: chartFilePath(c.origin, t.name, c.resolvedFrom), text: t.data.toString('utf8') });
    }
    for (const d of c.dependencies) walk(d);
  };
  walk(chart);
  return out;
}

/** Heuristic line of a YAML path in a template: the deepest key of the path found in order. */
function guessLine(text: string, path: DocPath): number {
  const lines = text.split('\n');
  let from = 0;
  let best = 1;
  for (const seg of path) {
    if (typeof seg === 'number') continue;
    const re = new RegExp(`^\\s*(?:-\\s+)?["']?${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    const i = lines.findIndex((l, n) => n >= from && re.test(l));
    if (i < 0) break;
    best = i + 1;
    from = i + 1;
  }
  return best;
}

/** Render with the helm binary and return Kubernetes documents located in their templates. */
export function helmBinaryDocuments(input: HelmBinaryInput): { documents: SourceDocument[]; diagnostics: Diagnostic[]; output?: string } {
  const diagnostics: Diagnostic[] = [];
  const environment = input.environment ?? 'unknown';
  let output: string;
  try {
    output = runHelmTemplate(input);
  } catch (e) {
    const file = input.chart.endsWith('.tgz') ? input.chart : nodePath.posix.join(input.chart, 'Chart.yaml');
    const m = /\(([^():]+):(\d+):(\d+)\)/.exec((e as Error).message);
    diagnostics.push({
      ruleId: 'helm-render-error',
      file,
      range: { start: { line: m ? Number(m[2]) : 1, column: m ? Number(m[3]) : 1 }, end: { line: m ? Number(m[2]) : 1, column: (m ? Number(m[3]) : 1) + 1 } },
      message: `helm template failed: ${(e as Error).message}`,
    });
    return { documents: [], diagnostics };
  }
  const cfs = input.fs ?? memoryFileSystem([]);
  let files = new Map<string, { file: string; text: string }>();
  let rootName = '';
  try {
    const chart = cloneChartTree(loadChart(input.chart, { fs: cfs }));
    rootName = chart.name();
    const layers = (input.valuesFiles ?? []).map((f) => ({ file: f, values: loadValuesFile(cfs.readFile(f)?.toString('utf8') ?? '', f).values }));
    processDependencies(chart, userValues(layers));
    files = templateFiles(chart);
  } catch {
    // mapping falls back to the chart folder
  }
  // hybrid: exact provenance from the built-in renderer where it agrees with helm
  const builtin = new Map<string, SourceDocument>();
  if (input.hybrid !== false) {
    try {
      const own = renderChartDocuments({
        chart: input.chart,
        valuesFiles: input.valuesFiles,
        environment,
        fs: cfs,
        releaseName: input.releaseName,
        namespace: input.namespace,
        kubeVersion: input.kubeVersion,
        apiVersions: input.apiVersions,
      });
      for (const d of own.documents) builtin.set(`${d.file.path}#${d.index}`, d);
    } catch {
      // heuristics only
    }
  }
  const documents: SourceDocument[] = [];
  for (const d of splitHelmOutput(output)) {
    const info = files.get(d.source) ?? {
      file: nodePath.posix.join(input.chart, d.source.startsWith(rootName + '/') ? d.source.slice(rootName.length + 1) : d.source),
      text: '',
    };
    const ydoc = parseDocument(d.text, { version: '1.1', uniqueKeys: false, strict: false });
    let data: unknown;
    try {
      data = ydoc.toJS({ maxAliasCount: -1 });
    } catch {
      data = null;
    }
    if (data === null) continue;
    const same = builtin.get(`${info.file}#${d.occurrence}`);
    if (same && isDeepStrictEqual(same.data, data)) {
      documents.push(same);
      continue;
    }
    const file: SourceFile = { path: info.file, text: info.text, kind: 'helm-template', environment, chartRoot: input.chart };
    const locate = (path: DocPath): Location => {
      const line = guessLine(info.text, path);
      return { file: info.file, range: { start: { line, column: 1 }, end: { line, column: 2 } } };
    };
    const has = (path: DocPath): boolean => {
      let node: unknown = ydoc.contents;
      for (const seg of path) {
        if (isYamlMap(node)) {
          const it = node.items.find((i) => (isScalar(i.key) ? String(i.key.value) : String(i.key)) === String(seg));
          if (!it) return false;
          node = it.value;
        } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) node = node.items[seg];
        else return false;
      }
      return true;
    };
    documents.push({
      file,
      index: d.occurrence,
      kind: 'kubernetes',
      data,
      locate,
      has,
      origin: { chart: input.chart, template: info.file, environment, valuesFiles: [...(input.valuesFiles ?? [])] },
    });
  }
  return { documents, diagnostics, output };
}
