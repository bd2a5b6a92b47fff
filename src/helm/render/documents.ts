// One chart rendering (chart + values files) → its manifests, each with the map back to the chart:
// an offset of the rendered output → the template line that produced it (from the executor's
// output segments) and, when the node's action reads `.Values.…`, the values key it came from.
// Which node of a manifest a path points at is not decided here: the linter's one YAML locator
// does that for plain and rendered YAML alike, then asks place() where its span came from.

import { createHash } from 'node:crypto';
import * as nodePath from 'node:path';
import { parseDocument, type Document } from 'yaml';
import type { CallSite, OutputSegment } from '../template/index.js';
import type { FilePlace, PathSegment, RelatedPlace, TextRange } from '../source-range.js';
import { loadChart, nodeFileSystem, type ChartFileSystem } from '../chart/load.js';
import { chartFilePath, type Chart } from '../chart/types.js';
import { loadValuesFile, valuesFileLocator, type LoadedValues } from '../values/load.js';
import { renderChart, type RenderedFile, type RenderOptions, type RenderProblem, type RenderResult } from './engine.js';
import type { Manifest } from './manifests.js';
import { deflateText, KeptText } from './kept-text.js';
import { MANIFEST_YAML_OPTIONS } from './manifest-yaml.js';

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
  /** That template's text (decoded when read). */
  readonly templateText: string;
  /** The template's text, read by a function that keeps nothing else of the manifest. */
  readTemplateText(): string;
  /** The manifest's text and its parse (YAML 1.1, as Helm reads it). */
  content: string;
  doc: Document.Parsed;
  /** End of the line of `content` holding an offset, before its \n or \r\n; keeps no text. */
  lineEnd(offset: number): number;
  /** `content` again, made from a compact copy of the rendered file (for the rare reader after parsing). */
  contentText(): string;
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
  private readonly outputs = new Map<RenderedFile, OutputMap>();
  private readonly names = new NameTable();

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
      ref = templateRefOf(chartFilePath(chart.origin, rel, chart.resolvedFrom), t?.data);
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
      const file = chartFilePath(chart.origin, 'values.yaml', chart.resolvedFrom);
      // a chart's renderings (one per environment, each on a copy of the loaded chart) share one
      const known = chartDefaults.get(chart.origin);
      d = known && known.file === file ? known : new ChartDefaults(chart.valuesText, file);
      chartDefaults.set(chart.origin, d);
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
    const ref = this.templateRef(m.source);
    if (!ref) return undefined;
    // What place() needs of the rendering, so the closures below keep neither the chart nor the
    // RenderResult (each chart's render state is released before the next chart renders): the
    // template files by name (text decoded when a location reads it), the values chain of their
    // charts, and the rendered file's segments and line breaks in typed arrays, not its text.
    const { templates, chains } = this.sources();
    const source = m.source;
    const docStart = m.start;
    const docEnd = m.start + m.content.length;
    // the manifest splitter's parse when it made one (a Document.Parsed, typed as Document there)
    const doc = (m.doc ?? parseDocument(m.content, MANIFEST_YAML_OPTIONS)) as Document.Parsed;
    const yamlError = doc.errors[0]?.message.split('\n')[0];
    const chain = chains.get(source);
    const out = rendered ? this.outputMap(rendered) : EMPTY_OUTPUT;
    const ownFile = ref.file;
    const textOf = (template: string): string | undefined => (template === source ? ref.text() : templates.get(template)?.text());
    const place = (span: { start: number; end: number; scalar: boolean }, path: readonly PathSegment[], attribution = span): ChartPlace => {
      const fallback: ChartPlace = { file: ownFile, range: point(1, 1) };
      const off = docStart + span.start;
      const seg = out.find(off);
      if (seg < 0) return fallback;
      const related: RelatedPlace[] = [];
      let range: TextRange;
      const depth = out.depth(seg);
      // the outermost call when the segment was printed inside an include/template, else the segment
      const primary = depth > 0 ? out.frame(seg, 0) : out.site(seg);
      if (depth > 0) {
        const innerFile = templates.get(out.template(seg))?.file;
        if (innerFile) related.push({ file: innerFile, range: point(out.line(seg), out.column(seg)), message: `produced by ${out.frame(seg, depth - 1).callee}` });
      }
      if (depth === 0 && out.literal(seg)) {
        const start = out.literalAt(seg, off);
        const endOff = docStart + span.end;
        // Template text stands for itself: when the span's last character is template text of the
        // same template too, the range is the span's own (several lines for a block), as in a plain
        // file; otherwise it ends with the first line of the span inside this segment.
        const last = endOff > off ? out.find(endOff - 1) : -1;
        const lastAt =
          last >= 0 && out.literal(last) && out.depth(last) === 0 && out.template(last) === out.template(seg) && endOff - 1 >= out.start(last) && endOff - 1 < out.end(last)
            ? out.literalAt(last, endOff - 1)
            : undefined;
        if (lastAt && (lastAt.line > start.line || (lastAt.line === start.line && lastAt.column >= start.column))) {
          range = { start, end: { line: lastAt.line, column: lastAt.column + 1 } };
        } else {
          const firstLine = endOff <= out.end(seg) ? out.firstLineLength(off, endOff) : 0;
          range = { start, end: { line: start.line, column: start.column + Math.max(1, firstLine) } };
        }
      } else {
        const tplText = textOf(primary.template) ?? '';
        range = { start: { line: primary.line, column: primary.column }, end: { line: primary.line, column: actionEnd(tplText, primary.line, primary.column) } };
      }
      // values attribution from the actions that printed the node
      if (chain) {
        // The actions that printed this node: for a scalar, every non-literal segment inside its
        // range ("repo:{{ .Values.tag }}" starts with literal text); for a mapping or sequence,
        // only the action it starts in (a `toYaml` block), not every action somewhere inside a
        // whole container. A node made only of template text has no values origin.
        const from = docStart + attribution.start;
        const first = out.find(from);
        const nodeEnd = attribution.scalar ? docStart + attribution.end : from + 1;
        const texts: SourceSite[] = [];
        for (let i = first; i >= 0 && i < out.count && out.start(i) < Math.max(nodeEnd, from + 1); i++) {
          if (out.end(i) <= from) continue;
          if (!out.literal(i)) texts.push(out.site(i));
          for (let k = out.depth(i) - 1; k >= 0; k--) texts.push(out.frame(i, k));
        }
        for (const t of texts) {
          const src = textOf(t.template);
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
      const primaryFile = depth > 0 ? (templates.get(primary.template)?.file ?? ownFile) : ownFile;
      return { file: primaryFile, range, ...(related.length > 0 ? { related } : {}) };
    };
    // A character inside a rendered string scalar (a TOML file in a ConfigMap): template text
    // points at itself, a value printed by an action at that action.
    const placeOfChar = (offset: number): FilePlace | undefined => {
      const inner = docStart + offset;
      const seg = out.find(inner);
      if (seg < 0 || inner < out.start(seg) || inner >= out.end(seg)) return undefined;
      const depth = out.depth(seg);
      if (depth === 0 && out.literal(seg)) {
        const at = out.literalAt(seg, inner);
        return { file: ownFile, range: { start: at, end: { line: at.line, column: at.column + 1 } } };
      }
      const primary = depth > 0 ? out.frame(seg, 0) : out.site(seg);
      const tpl = primary.template === source ? ref : templates.get(primary.template);
      if (!tpl) return undefined;
      return {
        file: tpl.file,
        range: { start: { line: primary.line, column: primary.column }, end: { line: primary.line, column: actionEnd(tpl.text(), primary.line, primary.column) } },
      };
    };
    // line ends and the text again, for the document's locator once its parse is dropped
    const exact = rendered !== undefined && rendered.text.startsWith(m.content, docStart);
    const { lineEnd, contentText } = exact ? outputLines(out, docStart, docEnd) : textLines(m.content);
    return {
      manifest: m,
      template: ownFile,
      get templateText() {
        return ref.text();
      },
      readTemplateText: () => ref.text(),
      content: m.content,
      doc,
      place,
      placeOfChar,
      lineEnd,
      contentText,
      ...(yamlError ? { yamlError } : {}),
    };
  }

  /** A rendered file's output map, made once for all its manifests. */
  private outputMap(file: RenderedFile): OutputMap {
    let map = this.outputs.get(file);
    if (!map) {
      map = new OutputMap(file.text, file.segments, this.names);
      this.outputs.set(file, map);
    }
    return map;
  }
}

interface RenderSources {
  templates: ReadonlyMap<string, TemplateRef>;
  chains: ReadonlyMap<string, ValuesChain>;
}

/** Where a segment or call came from: a template and a position in it. */
interface SourceSite {
  template: string;
  line: number;
  column: number;
}

/**
 * A template's file and its text, kept (kept-text.ts: deflated in a large run) and inflated when a
 * location reads it: most templates of a rendering (library helpers) are read by no location.
 */
class TemplateRef {
  private readonly kept: KeptText | undefined;

  constructor(
    readonly file: string,
    data: Buffer | undefined,
  ) {
    // the data is a view into the chart loader's buffer (a pool slab of 8 KB for a small file:
    // 14 MB of slabs on the corpus were alive for such views); neither is kept
    this.kept = data === undefined ? undefined : new KeptText(data.toString('utf8'), TEMPLATE_DEFLATE_MIN, deflatedTemplate);
  }

  text(): string {
    if (!this.kept) return '';
    if (!this.kept.isDeflated) return this.kept.read();
    let text = decodedTexts.get(this);
    if (text !== undefined) {
      decodedTexts.delete(this);
      decodedTexts.set(this, text);
      return text;
    }
    text = this.kept.read();
    decodedTexts.set(this, text);
    decodedChars += text.length;
    for (const [old, t] of decodedTexts) {
      if (decodedChars <= DECODED_CHARS_MAX || old === this) break;
      decodedTexts.delete(old);
      decodedChars -= t.length;
    }
    return text;
  }

  info(): TemplateFileInfo {
    return { file: this.file, text: this.text() };
  }
}

/**
 * Template texts decoded for locations, the most recently read last. Findings are located one
 * document after another, so a few texts serve most reads; keeping every decoded text (one per
 * template of every rendering) was 23 MB of the corpus's live set.
 */
const decodedTexts = new Map<TemplateRef, string>();
let decodedChars = 0;
const DECODED_CHARS_MAX = 2 * 1024 * 1024;
/** Smaller templates are always kept as strings (a deflated copy is not much smaller). */
const TEMPLATE_DEFLATE_MIN = 1024;

/**
 * Deflated template texts by their SHA-1, while any reference holds them: charts vendor the same
 * library (bitnami's `common`: 3,654 of the corpus's 9,404 template references) and keep one copy.
 */
const deflatedTexts = new Map<string, WeakRef<Uint8Array>>();
const forgetDeflated = new FinalizationRegistry<string>((key) => {
  if (deflatedTexts.get(key)?.deref() === undefined) deflatedTexts.delete(key);
});

function deflatedTemplate(text: string): Uint8Array {
  const key = createHash('sha1').update(text).digest('base64');
  const known = deflatedTexts.get(key)?.deref();
  if (known) return known;
  const deflated = deflateText(text);
  deflatedTexts.set(key, new WeakRef(deflated));
  forgetDeflated.register(deflated, key);
  return deflated;
}

/**
 * Template references by the loaded template's bytes: a chart's renderings (one per environment,
 * each on a copy of the loaded chart) share its templates, and through this map their references.
 */
const templateRefs = new WeakMap<Uint8Array, TemplateRef>();

function templateRefOf(file: string, data: Buffer | undefined): TemplateRef {
  if (!data) return new TemplateRef(file, undefined);
  const known = templateRefs.get(data);
  if (known && known.file === file) return known;
  // the path is a concatenation of the chart's folder and the template's name: one string instead
  const ref = new TemplateRef(ownCopy(file), data);
  templateRefs.set(data, ref);
  return ref;
}

/** The strings of a rendering's output maps (template names, callees), each a copy of its own once. */
class NameTable {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  /** The last name asked for and its id: a file's segments come in runs of one template and callee. */
  private lastName: string | undefined;
  private lastId = -1;

  id(name: string): number {
    if (name === this.lastName) return this.lastId;
    let id = this.index.get(name);
    if (id === undefined) {
      id = this.names.length;
      // a callee is a slice of the template's source text: a copy (the map's key too) lets that text go
      const copy = ownCopy(name);
      this.names.push(copy);
      this.index.set(copy, id);
    }
    // the table's own copy: the name asked for may be a slice of a template's text
    this.lastName = this.names[id];
    this.lastId = id;
    return id;
  }
}

/** A string that shares no memory with another (not a slice or a concatenation of others). */
function ownCopy(s: string): string {
  return s.length === 0 ? '' : Buffer.from(s, 'utf8').toString('utf8');
}

const SEG = 8; // start, end, template, line, column, literal (1 or 0), first frame, frames
const FRAME = 4; // template, line, column, callee

/**
 * A rendered file's output segments (which template and position wrote each range of the output)
 * and line breaks, in typed arrays: what locations need of the rendering. The executor's segment
 * objects and the rendered text (35 MB on the corpus, kept by every document's locate()) are not
 * kept; the text is kept deflated for the rare location inside a scalar's text.
 */
class OutputMap {
  readonly count: number;
  private readonly segs: Int32Array;
  private readonly frames: Int32Array;
  /** Offsets of the text's line feeds, and of those after a carriage return. */
  private readonly newlines: Int32Array;
  private readonly crlf: Int32Array;
  private readonly length: number;
  private readonly kept: KeptText;

  constructor(
    text: string,
    segments: readonly OutputSegment[],
    private readonly table: NameTable,
  ) {
    this.count = segments.length;
    this.length = text.length;
    const segs = new Int32Array(segments.length * SEG);
    const frames: number[] = [];
    // the executor shares one stack array between the segments of one call
    const stackAt = new Map<readonly CallSite[], number>();
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i]!;
      const o = i * SEG;
      segs[o] = s.start;
      segs[o + 1] = s.end;
      segs[o + 2] = table.id(s.template);
      segs[o + 3] = s.line;
      segs[o + 4] = s.column;
      segs[o + 5] = s.literal ? 1 : 0;
      const stack = s.stack;
      if (stack && stack.length > 0) {
        let at = stackAt.get(stack);
        if (at === undefined) {
          at = frames.length / FRAME;
          stackAt.set(stack, at);
          for (const f of stack) frames.push(table.id(f.template), f.line, f.column, table.id(f.callee));
        }
        segs[o + 6] = at;
        segs[o + 7] = stack.length;
      }
    }
    this.segs = segs;
    this.frames = Int32Array.from(frames);
    const newlines: number[] = [];
    const crlf: number[] = [];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      newlines.push(i);
      if (i > 0 && text.charCodeAt(i - 1) === 13) crlf.push(i);
    }
    this.newlines = Int32Array.from(newlines);
    this.crlf = crlf.length > 0 ? Int32Array.from(crlf) : NO_OFFSETS;
    this.kept = new KeptText(text);
  }

  start(i: number): number {
    return this.segs[i * SEG]!;
  }
  end(i: number): number {
    return this.segs[i * SEG + 1]!;
  }
  template(i: number): string {
    return this.table.names[this.segs[i * SEG + 2]!]!;
  }
  line(i: number): number {
    return this.segs[i * SEG + 3]!;
  }
  column(i: number): number {
    return this.segs[i * SEG + 4]!;
  }
  literal(i: number): boolean {
    return this.segs[i * SEG + 5] === 1;
  }
  /** How many calls led to segment i (0 at top level). */
  depth(i: number): number {
    return this.segs[i * SEG + 7]!;
  }
  site(i: number): SourceSite {
    return { template: this.template(i), line: this.line(i), column: this.column(i) };
  }
  /** Call k of segment i's stack, outermost first. */
  frame(i: number, k: number): SourceSite & { callee: string } {
    const o = (this.segs[i * SEG + 6]! + k) * FRAME;
    const f = this.frames;
    return { template: this.table.names[f[o]!]!, line: f[o + 1]!, column: f[o + 2]!, callee: this.table.names[f[o + 3]!]! };
  }

  /** The segment holding offset `off`, else the next one, else the last one; -1 when there are none. */
  find(off: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (off < this.start(mid)) hi = mid - 1;
      else if (off >= this.end(mid)) lo = mid + 1;
      else return mid;
    }
    return Math.min(lo, this.count - 1);
  }

  /** Template position of an output offset inside literal segment `i` (its text is the template's). */
  literalAt(i: number, off: number): { line: number; column: number } {
    const from = this.start(i);
    const to = Math.min(off, this.length);
    if (to <= from) return { line: this.line(i), column: this.column(i) };
    const a = lowerBound(this.newlines, from);
    const b = lowerBound(this.newlines, to);
    return { line: this.line(i) + (b - a), column: b > a ? to - this.newlines[b - 1]! : this.column(i) + (to - from) };
  }

  /** Length of the first line of the output range [off, end). */
  firstLineLength(off: number, end: number): number {
    const a = Math.min(off, this.length);
    const b = Math.min(end, this.length);
    if (b <= a) return 0;
    const i = lowerBound(this.newlines, a);
    return (i < this.newlines.length && this.newlines[i]! < b ? this.newlines[i]! : b) - a;
  }

  /** End of the line holding `off`, before its \n or \r\n, at most `limit` (a document's end). */
  lineEnd(off: number, limit: number): number {
    const i = lowerBound(this.newlines, off);
    const nl = i < this.newlines.length ? this.newlines[i]! : -1;
    if (nl < 0 || nl >= limit) return limit;
    return nl > off && this.crlf.length > 0 && this.crlf[lowerBound(this.crlf, nl)] === nl ? nl - 1 : nl;
  }

  /** The rendered text again. */
  text(): string {
    return this.kept.read();
  }
}

/** A manifest's lines from its rendered file's output map (the manifest is [start, end) of it). */
function outputLines(out: OutputMap, start: number, end: number): Pick<RenderedManifest, 'lineEnd' | 'contentText'> {
  return { lineEnd: (offset) => out.lineEnd(start + offset, end) - start, contentText: () => out.text().slice(start, end) };
}

/** A manifest's lines from its own text (when it is not a slice of its file's output as is). */
function textLines(text: string): Pick<RenderedManifest, 'lineEnd' | 'contentText'> {
  return {
    lineEnd: (offset) => {
      const nl = text.indexOf('\n', offset);
      const end = nl < 0 ? text.length : nl;
      return end > offset && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    },
    contentText: () => text,
  };
}

const NO_OFFSETS = new Int32Array(0);
const EMPTY_OUTPUT = new OutputMap('', [], new NameTable());

/** The first index whose value is >= x in an ascending array. */
function lowerBound(values: Int32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A chart's values.yaml, loaded (with its locator) when a location first needs it; its text kept (kept-text.ts) until then. */
class ChartDefaults {
  private loaded?: Omit<LoadedValues, 'values'> | null;
  private kept?: KeptText;

  constructor(
    text: string | undefined,
    readonly file: string,
  ) {
    // 12 MB of values.yaml texts on the corpus, most of them never read by a location
    if (text !== undefined) this.kept = new KeptText(text, 2048);
  }

  get(): Omit<LoadedValues, 'values'> | undefined {
    if (this.loaded === undefined) {
      const text = this.kept?.read();
      // The chart loaded, so its values did: only the locator is made here.
      this.loaded = text === undefined ? null : valuesFileLocator(text, this.file);
      this.kept = undefined;
    }
    return this.loaded ?? undefined;
  }
}

/** Values defaults by the loaded chart they belong to (see defaultsRef). */
const chartDefaults = new WeakMap<object, ChartDefaults>();

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
