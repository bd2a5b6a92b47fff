// One chart rendering (chart + values files) → its manifests, each with the map back to the chart:
// an offset of the rendered output → the template line that produced it (from the executor's
// output segments) and, when the node's action reads `.Values.…`, the values key it came from.
// Which node of a manifest a path points at is not decided here: the linter's one YAML locator
// does that for plain and rendered YAML alike, then asks place() where its span came from.

import * as nodePath from 'node:path';
import { parseDocument, type Document } from 'yaml';
import type { OutputSegment } from '../template/index.js';
import type { FilePlace, PathSegment, RelatedPlace, TextRange } from '../source-range.js';
import { loadChart, nodeFileSystem, type ChartFileSystem } from '../chart/load.js';
import { chartFilePath, type Chart } from '../chart/types.js';
import { loadValuesFile, valuesFileLocator, type LoadedValues } from '../values/load.js';
import { renderChart, type RenderOptions, type RenderProblem, type RenderResult } from './engine.js';
import type { Manifest } from './manifests.js';

export interface ChartRenderInput {
  /** Chart folder or .tgz (POSIX, relative to the working directory). */
  chart: string;
  /** Values files in --values order (paths; read through `fs`). */
  valuesFiles?: readonly string[];
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

/** A problem of the rendering, at its place in the chart. `code` is RenderProblemCode or 'chart-load' / 'values-file' / 'render' / 'yaml'. */
export interface ChartRenderProblem extends FilePlace {
  code: string;
  message: string;
  /** The template that failed, chart-qualified (`mychart/templates/x.yaml`). */
  template?: string;
  /** The dependency a `missing-dependency` problem names. */
  dependency?: string;
  /** The values key a warning is about. */
  valuesKey?: string;
}

/** A place in the chart, with the places worth showing beside it (the values a node came from). */
export interface ChartPlace extends FilePlace {
  related?: RelatedPlace[];
}

/** One rendered manifest and the way back from its text to the chart. */
export interface RenderedManifest {
  manifest: Manifest;
  /** The template file that produced it, as a chart path (`chart/templates/x.yaml`). */
  template: string;
  /** That template's text. */
  templateText: string;
  /** The manifest's text and its parse (YAML 1.1, as Helm reads it). */
  content: string;
  doc: Document.Parsed;
  /** The first YAML error of the manifest, when it has one. */
  yamlError?: string;
  /**
   * Where the span [start, end) of `content` came from. `scalar`: the span is one scalar (every
   * action inside it may name the values it printed; for a collection, only the one it starts
   * in). `attribution`: the span whose actions name the values (default: the span itself).
   * `path`: the data path of the node, to find a `toYaml` block's key in the values.
   */
  place(span: { start: number; end: number; scalar: boolean }, path: readonly PathSegment[], attribution?: { start: number; end: number; scalar: boolean }): ChartPlace;
  /** Where one character of `content` came from (template text points at itself, a printed value at its action). */
  placeOfChar(offset: number): FilePlace | undefined;
}

export interface ChartRendering {
  manifests: RenderedManifest[];
  /** Problems in order: loading, values files, rendering. */
  problems: ChartRenderProblem[];
  result?: RenderResult;
  /** The root chart's folder or archive. */
  chartRoot?: string;
  /** The values files that loaded, in --values order. */
  valuesFiles: string[];
}

function point(line: number, column: number): TextRange {
  return { start: { line, column }, end: { line, column: column + 1 } };
}

interface TemplateFileInfo {
  file: string;
  text: string;
}

/** Render a chart with values files and return its manifests, mapped back to the chart. Never throws. */
export function renderChartManifests(input: ChartRenderInput): ChartRendering {
  const cfs = input.fs ?? nodeFileSystem();
  const problems: ChartRenderProblem[] = [];
  const chartYaml = input.chart.endsWith('.tgz') ? input.chart : posixJoin(input.chart, 'Chart.yaml');
  let chart: Chart;
  try {
    const cached = input.chartCache?.get(input.chart);
    chart = cached ?? loadChart(input.chart, { fs: cfs });
    if (!cached) input.chartCache?.set(input.chart, chart);
  } catch (e) {
    problems.push({ code: 'chart-load', file: chartYaml, range: point(1, 1), message: `cannot load chart: ${(e as Error).message}` });
    return { manifests: [], problems, valuesFiles: [] };
  }
  if (chart.isLibrary())
    return {
      manifests: [],
      problems: chart.problems.map((p) => ({
        code: p.code,
        file: p.file ?? chartYaml,
        range: point(1, 1),
        message: p.message,
        ...(p.dependency !== undefined ? { dependency: p.dependency } : {}),
      })),
      valuesFiles: [],
    };
  const layers: LoadedValues[] = [];
  for (const f of input.valuesFiles ?? []) {
    const data = cfs.readFile(f);
    if (!data) {
      problems.push({ code: 'values-file', file: f, range: point(1, 1), message: `values file ${f} not found` });
      continue;
    }
    try {
      layers.push(loadValuesFile(data.toString('utf8'), f));
    } catch (e) {
      const err = e as { line?: number; column?: number; message: string };
      problems.push({ code: 'values-file', file: f, range: point(err.line ?? 1, err.column ?? 1), message: err.message });
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
    problems.push({ code: 'render', file: chartYaml, range: point(1, 1), message: `rendering failed: ${(e as Error).message}` });
    return { manifests: [], problems, valuesFiles: [] };
  }
  const mapper = new SourceMapper(result, layers, input.chart);
  for (const p of foldMissingDependencies(result.problems)) problems.push(mapper.problem(p, chartYaml));
  const manifests: RenderedManifest[] = [];
  for (const m of [...result.manifests, ...result.hooks]) {
    const rendered = mapper.manifest(m);
    if (rendered) manifests.push(rendered);
  }
  const root = result.chart;
  return { manifests, problems, result, chartRoot: root.origin.dir ?? root.origin.archive, valuesFiles: layers.map((l) => l.file) };
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

  problem(p: RenderProblem, fallbackFile: string): ChartRenderProblem {
    // what a caller places the problem with (a dependency's Chart.yaml entry, a values key), typed
    const detail = {
      ...(p.template !== undefined ? { template: p.template } : {}),
      ...(p.dependency !== undefined ? { dependency: p.dependency } : {}),
      ...(p.valuesKey !== undefined ? { valuesKey: p.valuesKey } : {}),
    };
    if (p.schema) {
      const loc = this.schemaLocation(p.schema.chartPath, p.schema.path);
      if (loc) return { code: p.code, file: loc.file, range: loc.range, message: p.message, ...detail };
    }
    const info = p.template ? this.templateFile(p.template) : undefined;
    const file = info?.file ?? p.file ?? fallbackFile;
    return { code: p.code, file, range: point(p.line ?? 1, p.column ?? 1), message: p.message, ...detail };
  }

  /** The values key a schema violation is about (the deepest existing key), in the file that sets it. */
  schemaLocation(chartPath: string[], path: string[]): FilePlace | undefined {
    let chart: Chart | undefined = this.result.chart;
    for (const n of chartPath) chart = chart?.dependencies.find((d) => d.name() === n);
    if (!chart) return undefined;
    return this.valuesOrigin(chart, path);
  }

  /** Where a values path (as seen by a template of `chart`) is set, highest precedence first. */
  valuesOrigin(chart: Chart, path: string[], minLength = 1): RelatedPlace | undefined {
    return this.chain(chart).origin(path, minLength);
  }

  manifest(m: Manifest): RenderedManifest | undefined {
    const rendered = this.result.files.get(m.source);
    const info = this.templateFile(m.source);
    if (!info) return undefined;
    // What place() needs of the rendering, so the closures below keep neither the chart nor the
    // RenderResult (each chart's render state is released before the next chart renders): the
    // template files by name (text decoded on first use) and the values chain of their charts.
    const { templates, chains } = this.sources();
    const source = m.source;
    const docStart = m.start;
    // the manifest splitter's parse when it made one (a Document.Parsed, typed as Document there)
    const doc = (m.doc ?? parseDocument(m.content, { version: '1.1', uniqueKeys: false, merge: true, strict: false })) as Document.Parsed;
    const yamlError = doc.errors[0]?.message.split('\n')[0];
    const chain = chains.get(source);
    const segments = rendered?.segments ?? [];
    const outText = rendered?.text ?? '';
    /** Template position of an output offset inside a literal segment of the manifest's own template. */
    const literalAt = (seg: OutputSegment, off: number) => {
      const chunk = outText.slice(seg.start, off);
      const nl = chunk.lastIndexOf('\n');
      return { line: seg.line + countNewlines(chunk), column: nl >= 0 ? chunk.length - nl : seg.column + chunk.length };
    };
    const place = (span: { start: number; end: number; scalar: boolean }, path: readonly PathSegment[], attribution = span): ChartPlace => {
      const fallback: ChartPlace = { file: info.file, range: point(1, 1) };
      const off = docStart + span.start;
      const seg = findSegment(segments, off);
      if (!seg) return fallback;
      const related: RelatedPlace[] = [];
      let range: TextRange;
      let primary = seg as { template: string; line: number; column: number };
      const stack = seg.stack ?? [];
      if (stack.length > 0) {
        primary = stack[0]!;
        const innerFile = templates.get(seg.template)?.info().file;
        if (innerFile) related.push({ file: innerFile, range: point(seg.line, seg.column), message: `produced by ${stack[stack.length - 1]!.callee}` });
      }
      if (stack.length === 0 && seg.literal) {
        const start = literalAt(seg, off);
        const endOff = docStart + span.end;
        // Template text stands for itself: when the span's last character is template text of the
        // same template too, the range is the span's own (several lines for a block), as in a plain
        // file; otherwise it ends with the first line of the span inside this segment.
        const last = endOff > off ? findSegment(segments, endOff - 1) : undefined;
        const lastAt =
          last && last.literal && (last.stack ?? []).length === 0 && last.template === seg.template && endOff - 1 >= last.start && endOff - 1 < last.end
            ? literalAt(last, endOff - 1)
            : undefined;
        if (lastAt && (lastAt.line > start.line || (lastAt.line === start.line && lastAt.column >= start.column))) {
          range = { start, end: { line: lastAt.line, column: lastAt.column + 1 } };
        } else {
          const sameSeg = endOff <= seg.end ? outText.slice(off, endOff) : '';
          const firstLine = sameSeg.split('\n')[0] ?? '';
          range = { start, end: { line: start.line, column: start.column + Math.max(1, firstLine.length) } };
        }
      } else {
        const tplText = primary.template === source ? info.text : (templates.get(primary.template)?.info().text ?? '');
        range = { start: { line: primary.line, column: primary.column }, end: { line: primary.line, column: actionEnd(tplText, primary.line, primary.column) } };
      }
      // values attribution from the actions that printed the node
      if (chain) {
        // The actions that printed this node: for a scalar, every non-literal segment inside its
        // range ("repo:{{ .Values.tag }}" starts with literal text); for a mapping or sequence,
        // only the action it starts in (a `toYaml` block), not every action somewhere inside a
        // whole container. A node made only of template text has no values origin.
        const from = docStart + attribution.start;
        const first = findSegment(segments, from);
        const nodeEnd = attribution.scalar ? docStart + attribution.end : from + 1;
        const texts: { template: string; line: number; column: number }[] = [];
        for (let i = first ? segments.indexOf(first) : -1; i >= 0 && i < segments.length && segments[i]!.start < Math.max(nodeEnd, from + 1); i++) {
          const s = segments[i]!;
          if (s.end <= from) continue;
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
          let origin: RelatedPlace | undefined;
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
      return { file: primaryFile, range, ...(related.length > 0 ? { related } : {}) };
    };
    // A character inside a rendered string scalar (a TOML file in a ConfigMap): template text
    // points at itself, a value printed by an action at that action.
    const placeOfChar = (offset: number): FilePlace | undefined => {
      const inner = docStart + offset;
      const seg = findSegment(segments, inner);
      if (!seg || inner < seg.start || inner >= seg.end) return undefined;
      const stack = seg.stack ?? [];
      if (stack.length === 0 && seg.literal) {
        const at = literalAt(seg, inner);
        return { file: info.file, range: { start: at, end: { line: at.line, column: at.column + 1 } } };
      }
      const primary = stack.length > 0 ? stack[0]! : seg;
      const tpl = primary.template === source ? info : templates.get(primary.template)?.info();
      if (!tpl) return undefined;
      return {
        file: tpl.file,
        range: { start: { line: primary.line, column: primary.column }, end: { line: primary.line, column: actionEnd(tpl.text, primary.line, primary.column) } },
      };
    };
    return { manifest: m, template: info.file, templateText: info.text, content: m.content, doc, place, placeOfChar, ...(yamlError ? { yamlError } : {}) };
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

/**
 * A chart's values.yaml, its locator made when a location first needs it. The chart loaded, so its
 * values did: they are not decoded again.
 */
class ChartDefaults {
  private loaded?: Omit<LoadedValues, 'values'> | null;

  constructor(
    private readonly text: string | undefined,
    private readonly file: string,
  ) {}

  get(): Omit<LoadedValues, 'values'> | undefined {
    this.loaded ??= this.text === undefined ? null : valuesFileLocator(this.text, this.file);
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
  origin(path: string[], minLength = 1): RelatedPlace | undefined {
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
