// One chart rendering (chart + environment values files) → SourceDocument[] of kind 'kubernetes'
// whose locate() points at the template line that produced a node (from the executor's output
// segments) and, when the node's action reads `.Values.…`, a related location at that values key.

import * as nodePath from 'node:path';
import { isMap as isYamlMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Diagnostic, DocPath, Environment, HelmProblemDetail, Location, LocateOptions, Range, RelatedLocation, SourceDocument, SourceFile } from '../../model/types.js';
import type { OutputSegment } from '../template/index.js';
import { loadChart, nodeFileSystem, type ChartFileSystem } from '../chart/load.js';
import { chartFilePath, type Chart } from '../chart/types.js';
import { loadValuesFile, type LoadedValues } from '../values/load.js';
import { renderChart, type RenderOptions, type RenderProblem, type RenderResult } from './engine.js';
import type { Manifest } from './manifests.js';
import { offsetInScalar } from '../../parsers/scalar-offset.js';

export interface ChartDocumentsInput {
  /** Chart folder or .tgz (POSIX, relative to the working directory). */
  chart: string;
  /** Environment values files in --values order (paths; read through `fs`). */
  valuesFiles?: readonly string[];
  environment?: Environment;
  fs?: ChartFileSystem;
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: readonly string[];
  /** Lint mode (default true): required/fail become notes, failing templates are skipped. */
  lintMode?: boolean;
  /** Loaded charts by path, reused across environments of one run. */
  chartCache?: Map<string, Chart>;
}

export interface ChartDocuments {
  documents: SourceDocument[];
  /** Problems as diagnostics: helm-render-error, helm-missing-dependency, helm-required, helm-values-schema, … */
  diagnostics: Diagnostic[];
  result?: RenderResult;
}

/**
 * Diagnostic rule ids. Only `helm-render-error` is a registered rule today; `helm-required-value`
 * (a `required`/`fail` met in lint mode: informational) and `helm-values-warning` (Helm's coalescing
 * notices) need registering (severity note) to be shown.
 */
export const HELM_RULE_IDS: Record<string, string> = {
  'helm-render-error': 'helm-render-error',
  'missing-dependency': 'helm-render-error',
  'helm-required': 'helm-required-value',
  'helm-fail': 'helm-required-value',
  'values-schema': 'helm-render-error',
  'values-warning': 'helm-values-warning',
  'chart-load': 'helm-render-error',
};
const RULE_IDS = HELM_RULE_IDS;

function point(line: number, column: number): Range {
  return { start: { line, column }, end: { line, column: column + 1 } };
}

interface TemplateFileInfo {
  file: string;
  text: string;
}

/** Render a chart for one environment and return its Kubernetes documents. Never throws. */
export function renderChartDocuments(input: ChartDocumentsInput): ChartDocuments {
  const cfs = input.fs ?? nodeFileSystem();
  const environment = input.environment ?? 'unknown';
  const diagnostics: Diagnostic[] = [];
  const chartYaml = input.chart.endsWith('.tgz') ? input.chart : posixJoin(input.chart, 'Chart.yaml');
  let chart: Chart;
  try {
    const cached = input.chartCache?.get(input.chart);
    chart = cached ?? loadChart(input.chart, { fs: cfs });
    if (!cached) input.chartCache?.set(input.chart, chart);
  } catch (e) {
    diagnostics.push({ ruleId: 'helm-render-error', file: chartYaml, range: point(1, 1), message: `cannot load chart: ${(e as Error).message}` });
    return { documents: [], diagnostics };
  }
  if (chart.isLibrary()) return { documents: [], diagnostics: chart.problems.map((p) => ({ ruleId: RULE_IDS[p.code] ?? 'helm-render-error', file: p.file ?? chartYaml, range: point(1, 1), message: p.message, helm: { code: p.code, ...(p.dependency !== undefined ? { dependency: p.dependency } : {}) } })) };
  const layers: LoadedValues[] = [];
  for (const f of input.valuesFiles ?? []) {
    const data = cfs.readFile(f);
    if (!data) {
      diagnostics.push({ ruleId: 'helm-render-error', file: f, range: point(1, 1), message: `values file ${f} not found` });
      continue;
    }
    try {
      layers.push(loadValuesFile(data.toString('utf8'), f));
    } catch (e) {
      const err = e as { line?: number; column?: number; message: string };
      diagnostics.push({ ruleId: 'helm-render-error', file: f, range: point(err.line ?? 1, err.column ?? 1), message: err.message });
    }
  }
  const options: RenderOptions = {
    releaseName: input.releaseName ?? 'release-name',
    namespace: input.namespace ?? 'default',
    valuesFiles: layers.map((l) => ({ file: l.file, values: l.values })),
    kubeVersion: input.kubeVersion,
    apiVersions: input.apiVersions,
    lintMode: input.lintMode !== false,
    validateYaml: false,
  };
  let result: RenderResult;
  try {
    result = renderChart(chart, options);
  } catch (e) {
    diagnostics.push({ ruleId: 'helm-render-error', file: chartYaml, range: point(1, 1), message: `rendering failed: ${(e as Error).message}` });
    return { documents: [], diagnostics };
  }
  const mapper = new SourceMapper(result, layers, input.chart);
  for (const p of foldMissingDependencies(result.problems)) diagnostics.push(mapper.diagnostic(p, chartYaml));
  const valuesFiles = layers.map((l) => l.file);
  const documents: SourceDocument[] = [];
  for (const m of [...result.manifests, ...result.hooks]) {
    const doc = mapper.document(m, environment, valuesFiles);
    if (!doc) continue;
    if (doc.yamlError) {
      diagnostics.push({ ruleId: 'helm-render-error', file: doc.file.path, range: point(1, 1), message: `YAML parse error on ${m.source}: ${doc.yamlError}` });
      continue;
    }
    documents.push(doc);
  }
  return { documents, diagnostics, result };
}

/** `dependency "common" (…) of chart "postgresql" is not in its charts/ folder …` (chart/load.ts). */
/** Go's text/template when a called template is not defined: `no template "x" associated with …`, `template "x" not defined`. */
const UNDEFINED_TEMPLATE = /\b(?:no template|template) "([^"]+)" (?:associated with|not defined)/g;

/**
 * A missing dependency is one finding, at its entry in Chart.yaml: every template that failed only
 * because it calls a template of that chart (`common.names.fullname` of bitnami's `common`) is
 * folded into it (counted and named) instead of repeating the same error once per template, which
 * would sink the score of a chart whose only problem is one unvendored library. Templates that do
 * not call it render as usual; other errors stay as they are.
 */
export function foldMissingDependencies(problems: readonly RenderProblem[]): RenderProblem[] {
  const missing = new Map<string, { problem: RenderProblem; files: string[] }>();
  for (const p of problems) {
    const name = p.code === 'missing-dependency' ? p.dependency : undefined;
    if (name && !missing.has(name)) missing.set(name, { problem: p, files: [] });
  }
  if (missing.size === 0) return [...problems];
  const kept: RenderProblem[] = [];
  for (const p of problems) {
    const owner = p.code === 'helm-render-error' && p.template ? missingOwner(p.message, missing) : undefined;
    if (!owner) {
      kept.push(p);
      continue;
    }
    // chart-relative, as Chart.yaml's reader sees it: `postgresql/templates/x.yaml` → `templates/x.yaml`
    const file = p.template!.slice(p.template!.indexOf('/') + 1);
    if (!owner.files.includes(file)) owner.files.push(file);
  }
  return kept.map((p) => {
    const entry = p.code === 'missing-dependency' ? missing.get(p.dependency ?? '') : undefined;
    if (!entry || entry.problem !== p || entry.files.length === 0) return p;
    const files = entry.files.sort();
    const shown = files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ');
    return { ...p, message: `${p.message} ${files.length} template${files.length === 1 ? '' : 's'} calling it rendered nothing: ${shown}.` };
  });
}

/** The missing dependency whose templates an error says are undefined, when every undefined template is one of them. */
function missingOwner<T>(message: string, missing: ReadonlyMap<string, T>): T | undefined {
  let owner: T | undefined;
  for (const m of message.matchAll(UNDEFINED_TEMPLATE)) {
    const name = m[1]!;
    const chart = [...missing.keys()].find((dep) => name === dep || name.startsWith(`${dep}.`));
    if (!chart) return undefined;
    owner ??= missing.get(chart);
  }
  return owner;
}

function posixJoin(a: string, b: string): string {
  return a === '' || a === '.' ? b : nodePath.posix.join(a, b);
}

/** Maps template names, output offsets and values references back to files. */
export class SourceMapper {
  private readonly templateRefs = new Map<string, TemplateRef | undefined>();
  private readonly chains = new Map<Chart, ValuesChain>();
  private readonly defaults = new Map<Chart, ChartDefaults>();
  private rendered?: RenderSources;

  constructor(
    readonly result: RenderResult,
    readonly layers: readonly LoadedValues[],
    readonly chartPath: string,
  ) {}

  /** Template name ("app/charts/db/templates/x.yaml") → the file path and text. */
  templateFile(name: string): TemplateFileInfo | undefined {
    return this.templateRef(name)?.info();
  }

  /**
   * Template name → its file and (lazily decoded) text: what a document's locate() needs of a
   * template, without the chart. Shared by the documents of one rendering.
   */
  private templateRef(name: string): TemplateRef | undefined {
    if (this.templateRefs.has(name)) return this.templateRefs.get(name);
    let ref: TemplateRef | undefined;
    const chart = this.result.templateCharts.get(name);
    if (chart) {
      const rel = name.slice(chart.fullPath().length + 1);
      const t = chart.templates.find((x) => x.name === rel);
      const file = chartFilePath(chart.origin, rel, chart.resolvedFrom);
      ref = new TemplateRef(file, t?.data);
    }
    this.templateRefs.set(name, ref);
    return ref;
  }

  /** Every template of the rendering by name, with the values chain of its chart (made once). */
  private sources(): RenderSources {
    if (!this.rendered) {
      const templates = new Map<string, TemplateRef>();
      const chains = new Map<string, ValuesChain>();
      for (const name of this.result.templateCharts.keys()) {
        const ref = this.templateRef(name);
        if (ref) templates.set(name, ref);
        const chain = this.chainOf(name);
        if (chain) chains.set(name, chain);
      }
      this.rendered = { templates, chains };
    }
    return this.rendered;
  }

  /** The values chain of a template's chart (undefined for a template of no chart). */
  private chainOf(name: string): ValuesChain | undefined {
    const chart = this.result.templateCharts.get(name);
    return chart ? this.chain(chart) : undefined;
  }

  private chain(chart: Chart): ValuesChain {
    let c = this.chains.get(chart);
    if (!c) {
      const charts: Chart[] = [];
      for (let x: Chart | undefined = chart; x; x = x.parent) charts.unshift(x);
      c = new ValuesChain(
        charts.map((x) => x.name()),
        charts.map((x) => this.defaultsRef(x)),
        this.layers,
      );
      this.chains.set(chart, c);
    }
    return c;
  }

  private defaultsRef(chart: Chart): ChartDefaults {
    let d = this.defaults.get(chart);
    if (!d) {
      d = new ChartDefaults(chart.valuesText, chartFilePath(chart.origin, 'values.yaml', chart.resolvedFrom));
      this.defaults.set(chart, d);
    }
    return d;
  }

  diagnostic(p: RenderProblem, fallbackFile: string): Diagnostic {
    const ruleId = RULE_IDS[p.code] ?? 'helm-render-error';
    // what the engine places the problem with (a dependency's Chart.yaml entry, a values key), typed
    const helm: HelmProblemDetail = {
      code: p.code,
      ...(p.template !== undefined ? { template: p.template } : {}),
      ...(p.dependency !== undefined ? { dependency: p.dependency } : {}),
      ...(p.valuesKey !== undefined ? { valuesKey: p.valuesKey } : {}),
    };
    if (p.schema) {
      const loc = this.schemaLocation(p.schema.chartPath, p.schema.path);
      if (loc) return { ruleId, file: loc.file, range: loc.range, message: p.message, helm };
    }
    const info = p.template ? this.templateFile(p.template) : undefined;
    const file = info?.file ?? p.file ?? fallbackFile;
    return { ruleId, file, range: point(p.line ?? 1, p.column ?? 1), message: p.message, helm };
  }

  /** The values key a schema violation is about (the deepest existing key), in the file that sets it. */
  schemaLocation(chartPath: string[], path: string[]): { file: string; range: Range } | undefined {
    let chart: Chart | undefined = this.result.chart;
    for (const n of chartPath) chart = chart?.dependencies.find((d) => d.name() === n);
    if (!chart) return undefined;
    return this.valuesOrigin(chart, path);
  }

  /** Where a values path (as seen by a template of `chart`) is set, highest precedence first. */
  valuesOrigin(chart: Chart, path: string[], minLength = 1): RelatedLocation | undefined {
    return this.chain(chart).origin(path, minLength);
  }

  document(m: Manifest, environment: Environment, valuesFiles: string[]): (SourceDocument & { yamlError?: string }) | undefined {
    const rendered = this.result.files.get(m.source);
    const info = this.templateFile(m.source);
    if (!info) return undefined;
    // What locate() needs of the rendering, so the closures below keep neither the chart nor the
    // RenderResult (each chart's render state is released before the next chart renders): the
    // template files by name (text decoded on first use) and the values chain of their charts.
    const { templates, chains } = this.sources();
    const source = m.source;
    const docStart = m.start;
    const ydoc = m.doc ?? parseDocument(m.content, { version: '1.1', uniqueKeys: false, merge: true, strict: false });
    let data: unknown;
    try {
      data = ydoc.toJS({ maxAliasCount: -1 });
    } catch {
      data = null;
    }
    const yamlError = ydoc.errors[0]?.message.split('\n')[0];
    const chain = chains.get(source);
    const root = this.result.chart;
    const file: SourceFile = {
      path: info.file,
      text: info.text,
      kind: 'helm-template',
      environment,
      chartRoot: root.origin.dir ?? root.origin.archive,
    };
    const segments = rendered?.segments ?? [];
    const outText = rendered?.text ?? '';
    const docStartLine = lineOfOffset(info.text, 0);
    const locate = (path: DocPath, options?: LocateOptions): Location => {
      const { node, keyNode } = findNode(ydoc, path);
      const target = (options?.key && keyNode ? keyNode : node) as YamlNode | undefined;
      const range = target?.range;
      const fallback: Location = { file: info.file, range: point(docStartLine, 1) };
      if (!range) return fallback;
      const off = docStart + range[0];
      const seg = findSegment(segments, off);
      if (!seg) return fallback;
      const related: RelatedLocation[] = [];
      let loc: { line: number; column: number; endColumn?: number };
      let primary = seg as { template: string; line: number; column: number };
      const stack = seg.stack ?? [];
      if (stack.length > 0) {
        primary = stack[0]!;
        const innerFile = templates.get(seg.template)?.info().file;
        if (innerFile) related.push({ file: innerFile, range: point(seg.line, seg.column), message: `produced by ${stack[stack.length - 1]!.callee}` });
      }
      if (stack.length === 0 && seg.literal) {
        const chunk = outText.slice(seg.start, off);
        const nl = chunk.lastIndexOf('\n');
        const line = seg.line + countNewlines(chunk);
        const column = nl >= 0 ? chunk.length - nl : seg.column + chunk.length;
        const endOff = docStart + range[1];
        const sameSeg = endOff <= seg.end ? outText.slice(off, endOff) : '';
        const firstLine = sameSeg.split('\n')[0] ?? '';
        loc = { line, column, endColumn: column + Math.max(1, firstLine.length) };
      } else {
        const tplText = primary.template === source ? info.text : (templates.get(primary.template)?.info().text ?? '');
        loc = { line: primary.line, column: primary.column, endColumn: actionEnd(tplText, primary.line, primary.column) };
      }
      // values attribution from the actions that printed the node
      if (chain) {
        // The actions that printed this node: for a scalar, every non-literal segment inside its
        // range ("repo:{{ .Values.tag }}" starts with literal text); for a mapping or sequence,
        // only the action it starts in (a `toYaml` block), not every action somewhere inside a
        // whole container. A node made only of template text has no values origin.
        const nodeEnd = isScalar(target) ? docStart + range[1] : off + 1;
        const texts: { template: string; line: number; column: number }[] = [];
        for (let i = segments.indexOf(seg); i >= 0 && i < segments.length && segments[i]!.start < Math.max(nodeEnd, off + 1); i++) {
          const s = segments[i]!;
          if (s.end <= off) continue;
          if (!s.literal) texts.push(s);
          texts.push(...[...(s.stack ?? [])].reverse());
        }
        for (const t of texts) {
          const src = t.template === source ? info.text : templates.get(t.template)?.info().text;
          if (!src) continue;
          const action = actionText(src, t.line, t.column);
          const ref = /\$?\.Values((?:\.[A-Za-z_][\w-]*)+)/.exec(action);
          if (!ref) continue;
          const owner = chains.get(t.template) ?? chain;
          const refPath = ref[1]!.slice(1).split('.');
          // a block printed from values (toYaml / tplvalues.render): try the node's own path below the ref
          let origin: RelatedLocation | undefined;
          for (let k = Math.min(path.length, 6); k > 0 && !origin; k--) {
            const suffix = path.slice(path.length - k).map(String);
            origin = owner.origin([...refPath, ...suffix], refPath.length + suffix.length);
          }
          origin ??= owner.origin(refPath);
          if (origin) {
            related.unshift(origin);
            break;
          }
        }
      }
      const primaryFile = stack.length > 0 ? (templates.get(primary.template)?.info().file ?? info.file) : info.file;
      return {
        file: primaryFile,
        range: { start: { line: loc.line, column: loc.column }, end: { line: loc.line, column: loc.endColumn ?? loc.column + 1 } },
        ...(related.length > 0 ? { related } : {}),
      };
    };
    // A character inside a rendered string scalar (a TOML file in a ConfigMap): template text
    // points at itself, a value printed by an action at that action.
    const locateInScalar = (path: DocPath, line: number, column: number): Location | undefined => {
      const { node } = findNode(ydoc, path);
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
      const inner = offsetInScalar(outText, docStart + node.range[0], node.value, line, column);
      const seg = inner === undefined ? undefined : findSegment(segments, inner);
      if (inner === undefined || !seg || inner < seg.start || inner >= seg.end) return undefined;
      const stack = seg.stack ?? [];
      if (stack.length === 0 && seg.literal) {
        const chunk = outText.slice(seg.start, inner);
        const nl = chunk.lastIndexOf('\n');
        const at = { line: seg.line + countNewlines(chunk), column: nl >= 0 ? chunk.length - nl : seg.column + chunk.length };
        return { file: info.file, range: { start: at, end: { line: at.line, column: at.column + 1 } } };
      }
      const primary = stack.length > 0 ? stack[0]! : seg;
      const tpl = primary.template === source ? info : templates.get(primary.template)?.info();
      if (!tpl) return undefined;
      return { file: tpl.file, range: { start: { line: primary.line, column: primary.column }, end: { line: primary.line, column: actionEnd(tpl.text, primary.line, primary.column) } } };
    };
    const has = (path: DocPath): boolean => {
      let cur: unknown = data;
      for (const seg of path) {
        if (cur === null || typeof cur !== 'object') return false;
        if (Array.isArray(cur)) {
          if (typeof seg !== 'number' || seg >= cur.length) return false;
          cur = cur[seg];
        } else {
          if (!Object.prototype.hasOwnProperty.call(cur, String(seg))) return false;
          cur = (cur as Record<string, unknown>)[String(seg)];
        }
      }
      return true;
    };
    return {
      file,
      index: m.occurrence,
      kind: 'kubernetes',
      data,
      locate,
      locateInScalar,
      has,
      origin: { chart: root.origin.dir ?? root.origin.archive ?? this.chartPath, template: info.file, environment, valuesFiles },
      ...(yamlError ? { yamlError } : {}),
    };
  }
}

interface RenderSources {
  templates: ReadonlyMap<string, TemplateRef>;
  chains: ReadonlyMap<string, ValuesChain>;
}

/** A template's file and its bytes, decoded once when a location needs the text. */
class TemplateRef {
  private cached?: TemplateFileInfo;

  constructor(
    readonly file: string,
    private data: Buffer | undefined,
  ) {}

  info(): TemplateFileInfo {
    if (!this.cached) {
      this.cached = { file: this.file, text: this.data ? this.data.toString('utf8') : '' };
      this.data = undefined;
    }
    return this.cached;
  }
}

/** A chart's values.yaml, loaded (with its locator) when a location first needs it. */
class ChartDefaults {
  private loaded?: LoadedValues | null;

  constructor(
    private readonly text: string | undefined,
    private readonly file: string,
  ) {}

  get(): LoadedValues | undefined {
    if (this.loaded === undefined) {
      let lv: LoadedValues | null = null;
      if (this.text !== undefined) {
        try {
          lv = loadValuesFile(this.text, this.file);
        } catch {
          lv = null;
        }
      }
      this.loaded = lv;
    }
    return this.loaded ?? undefined;
  }
}

/** A chart's ancestry as values scopes: the root's values files, then each chart's defaults. */
class ValuesChain {
  constructor(
    /** Chart names, the root first. */
    private readonly names: readonly string[],
    private readonly defaults: readonly ChartDefaults[],
    private readonly layers: readonly LoadedValues[],
  ) {}

  /** Where a values path (as seen by a template of the last chart) is set, highest precedence first. */
  origin(path: string[], minLength = 1): RelatedLocation | undefined {
    // names[0] is the root; the values prefix of a chart in the root's values is the names below it.
    const prefixOf = (i: number) => this.names.slice(i + 1);
    for (let cut = path.length; cut >= minLength && cut > 0; cut--) {
      const p = path.slice(0, cut);
      for (let i = this.layers.length - 1; i >= 0; i--) {
        const layer = this.layers[i]!;
        const r = layer.locate([...prefixOf(0), ...p]);
        if (r) return { file: layer.file, range: r, message: `value set in ${layer.file}` };
      }
      for (let i = 0; i < this.defaults.length; i++) {
        const lv = this.defaults[i]!.get();
        const r = lv?.locate([...prefixOf(i), ...p]);
        if (r && lv) return { file: lv.file, range: r, message: `default value in ${lv.file}` };
      }
    }
    return undefined;
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function lineOfOffset(_text: string, _offset: number): number {
  return 1;
}

function findSegment(segments: readonly OutputSegment[], off: number): OutputSegment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (off < s.start) hi = mid - 1;
    else if (off >= s.end) lo = mid + 1;
    else return s;
  }
  return segments[Math.min(lo, segments.length - 1)];
}

function offsetOf(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return off + column - 1;
}

/** The `{{ … }}` action text starting at (line, column) (or containing it). */
function actionText(text: string, line: number, column: number): string {
  const off = offsetOf(text, line, column);
  const start = text.lastIndexOf('{{', off + 2);
  const s = start >= 0 && off - start < 400 ? start : off;
  const end = text.indexOf('}}', s);
  return text.slice(s, end >= 0 ? end + 2 : Math.min(text.length, s + 200));
}

function actionEnd(text: string, line: number, column: number): number {
  const off = offsetOf(text, line, column);
  const lineEnd = text.indexOf('\n', off);
  const end = text.indexOf('}}', off);
  if (end >= 0 && (lineEnd < 0 || end < lineEnd)) return column + (end + 2 - off);
  return column + Math.max(1, (lineEnd < 0 ? text.length : lineEnd) - off);
}

function findNode(doc: Document, path: DocPath): { node: unknown; keyNode?: unknown } {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const seg of path) {
    if (isYamlMap(node)) {
      const item = node.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === String(seg));
      if (!item) break;
      node = item.value ?? item.key;
      keyNode = item.key;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
      keyNode = undefined;
    } else break;
  }
  return { node, keyNode };
}
