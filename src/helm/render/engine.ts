import { createHash } from 'node:crypto';
// Rendering orchestration like `helm template` (helm v4.1.4): values (chart defaults, values files,
// extra values), dependency processing, schema validation, built-in objects, one shared template
// namespace parsed in Helm's order, execution of every non-partial template, "<no value>" removal,
// document splitting, hooks and kind install order.

import { BudgetExceeded, RenderBudget, TemplateError, TemplateSet, withBudget, type FuncMap, type OutputSegment, type RenderLimits } from '../template/index.js';
import { isMap, newMap, type GoMap, type GoValue } from '../value.js';
import type { Chart } from '../chart/types.js';
import { satisfies } from '../chart/semver.js';
import { cloneChartTree, coalesceValues, mergeMaps, processDependencies, table } from '../values/coalesce.js';
import { schemaViolations, type SchemaViolation } from '../values/schema.js';
import { Capabilities, ChartObject, DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION, filesObject, releaseObject } from './objects.js';
import { HelmFunctionError, helmBoundFuncs, helmStaticFuncs, type LintNotice } from './funcs.js';
import { ManifestError, numberOccurrences, printManifests, sortManifests, type Manifest } from './manifests.js';
import { sprigFunctions } from '../funcs/sprig/index.js';

export interface ValuesLayer {
  /** POSIX path of the values file (for messages and related locations). */
  file: string;
  values: GoMap;
}

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  /** User values files in --values order (later wins). */
  valuesFiles?: readonly ValuesLayer[];
  /** Extra user values applied last (--set style, already typed). */
  values?: GoMap;
  kubeVersion?: string;
  apiVersions?: readonly string[];
  /**
   * Lint mode: `required`/`fail` record a notice and continue with a placeholder, and a template that
   * fails to execute is reported and skipped instead of failing the whole chart.
   */
  lintMode?: boolean;
  /** Render NOTES.txt (Helm does, and its errors abort the render; it is never printed). Default true. */
  renderNotes?: boolean;
  skipSchemaValidation?: boolean;
  /** Fail when a dependency is missing (what helm does). Default false: render without it. */
  requireDependencies?: boolean;
  /** Record output provenance (default true). */
  provenance?: boolean;
  /** Extra or replacement template functions. */
  funcs?: FuncMap;
  /** Print the charts' crds/ files first, like --include-crds. */
  includeCrds?: boolean;
  /** Override the per-chart work budget's limits (tests; defaults in template/budget.ts). */
  limits?: Partial<RenderLimits>;
  /**
   * Parse every rendered document as YAML, failing like Helm on invalid output (default true). Off,
   * kinds and names come from a fast line scan (documents are parsed later anyway when linting).
   */
  validateYaml?: boolean;
}

export type RenderProblemCode = 'helm-render-error' | 'missing-dependency' | 'helm-required' | 'helm-fail' | 'values-schema' | 'values-warning' | 'chart-load';

export interface RenderProblem {
  code: RenderProblemCode;
  message: string;
  /** values-schema problems: where in the values the violation is. */
  schema?: SchemaViolation;
  /** Template name (e.g. "mychart/templates/x.yaml") or file path the problem is located in. */
  template?: string;
  /** missing-dependency: the dependency's name in Chart.yaml. */
  dependency?: string;
  /** values-warning: the dotted values path it is about, the chart's name first (`api.metrics.rules`). */
  valuesKey?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface RenderedFile {
  /** Template name (chart full path + "/templates/…"). */
  name: string;
  text: string;
  segments: readonly OutputSegment[];
  chart: Chart;
}

export interface RenderResult {
  /** The chart tree after dependency processing (disabled subcharts removed, aliases applied). */
  chart: Chart;
  values: GoMap;
  manifests: Manifest[];
  hooks: Manifest[];
  /** What `helm template` would print. */
  output: string;
  files: Map<string, RenderedFile>;
  problems: RenderProblem[];
  /** Set when rendering failed as a whole (what helm would report as an error). */
  error?: RenderProblem;
  /** Template name → chart it belongs to (after aliasing). */
  templateCharts: Map<string, Chart>;
}

export class HelmRenderError extends Error {
  constructor(readonly problem: RenderProblem) {
    super(problem.message);
  }
}

interface Renderable {
  text: string;
  vals: GoMap;
  basePath: string;
  chart: Chart;
}

function recAllTpls(c: Chart, templates: Map<string, Renderable>, vals: GoMap): GoMap {
  const subCharts = newMap();
  const next = newMap([
    ['Chart', new ChartObject(c)],
    ['Files', filesObject(c.files)],
    ['Release', vals.Release],
    ['Capabilities', vals.Capabilities],
    ['Values', newMap()],
    ['Subcharts', subCharts],
  ]);
  if (c.isRoot()) next.Values = vals.Values;
  else {
    const vs = isMap(vals.Values) ? table(vals.Values, c.name()) : undefined;
    if (vs) next.Values = vs;
  }
  for (const child of c.dependencies) subCharts[child.name()] = recAllTpls(child, templates, next);
  const parentId = c.fullPath();
  for (const t of c.templates) {
    if (c.isLibrary() && !t.name.slice(t.name.lastIndexOf('/') + 1).startsWith('_')) continue;
    templates.set(`${parentId}/${t.name}`, { text: t.data.toString('utf8'), vals: next, basePath: `${parentId}/templates`, chart: c });
  }
  return next;
}

function slashCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 47) n++;
  return n;
}

/** Helm's sortTemplates: deepest paths first; at equal depth, reverse lexical order. */
export function sortTemplates(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => {
    const ca = slashCount(a);
    const cb = slashCount(b);
    if (ca !== cb) return cb - ca;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

/** Parsed template sets by their exact template list (renders of one chart with other values reuse it). */
const parsedSets = new Map<string, TemplateSet>();
const PARSED_SET_CACHE_SIZE = 16;

/** Empties the parsed template sets (caches.ts: a caller done rendering releases them). */
export function clearParsedSets(): void {
  parsedSets.clear();
}

function templateSetKey(keys: readonly string[], tpls: Map<string, Renderable>): string {
  const h = createHash('sha1');
  for (const k of keys) {
    h.update(k);
    h.update('\0');
    h.update(tpls.get(k)!.text);
    h.update('\0');
  }
  return h.digest('hex');
}

const NO_VALUE = '<no value>';

/** Remove every "<no value>" and shift the provenance segments accordingly. */
export function stripNoValue(text: string, segments: readonly OutputSegment[]): { text: string; segments: OutputSegment[] } {
  if (!text.includes(NO_VALUE)) return { text, segments: [...segments] };
  const cuts: number[] = [];
  for (let i = text.indexOf(NO_VALUE); i >= 0; i = text.indexOf(NO_VALUE, i + NO_VALUE.length)) cuts.push(i);
  const L = NO_VALUE.length;
  const shift = (pos: number): number => {
    let removed = 0;
    for (const c of cuts) {
      if (c >= pos) break;
      removed += Math.min(pos - c, L);
    }
    return pos - removed;
  };
  const out = text.split(NO_VALUE).join('');
  const segs: OutputSegment[] = [];
  for (const s of segments) {
    const start = shift(s.start);
    const end = shift(s.end);
    if (end > start) segs.push({ ...s, start, end });
  }
  return { text: out, segments: segs };
}

function problemFromError(e: unknown, fallbackTemplate: string): RenderProblem {
  if (e instanceof TemplateError && e.kind === 'parse') {
    return {
      code: 'helm-render-error',
      message: cleanupParseError(fallbackTemplate, e.message),
      template: e.templateName,
      line: e.line || undefined,
      column: e.column || undefined,
    };
  }
  if (e instanceof TemplateError) {
    const cause = (e as Error & { cause?: unknown }).cause;
    let inner: unknown = cause;
    while (inner && !(inner instanceof HelmFunctionError) && (inner as { cause?: unknown }).cause) inner = (inner as { cause?: unknown }).cause;
    // Helm reformats required/fail errors with Go's location (0-based byte column) from the message
    const goLoc = /^template: (.*?):(\d+):(\d+): /.exec(e.message);
    const where = goLoc ? `${goLoc[1]}:${goLoc[2]}:${goLoc[3]}` : `${e.templateName}:${e.line}:${Math.max(0, e.column - 1)}`;
    const message = inner instanceof HelmFunctionError ? `execution error at (${where}): ${inner.message}` : e.message;
    return { code: 'helm-render-error', message, template: e.templateName, line: e.line || undefined, column: e.column || undefined };
  }
  if (e instanceof ManifestError) return { code: 'helm-render-error', message: e.message, template: e.source, line: e.line };
  return { code: 'helm-render-error', message: (e as Error)?.message ?? String(e), template: fallbackTemplate };
}

/**
 * Helm's cleanupParseError: Go's "template: file:line: … : message" becomes
 * "parse error at (file:line): message" (the location and the last part of the chain).
 */
function cleanupParseError(filename: string, message: string): string {
  const tokens = message.split(': ');
  if (tokens.length === 1) return `parse error in (${filename}): ${message}`;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

/** --include-crds: every chart's crds/ files (root first), printed before the manifests. */
function crdPrefix(chart: Chart, options: RenderOptions): string {
  if (!options.includeCrds) return '';
  let out = '';
  const walk = (c: Chart) => {
    for (const f of c.crdFiles()) out += `---\n# Source: ${c.fullPath()}/${f.name}\n${f.data.toString('utf8')}\n`;
    for (const d of c.dependencies) walk(d);
  };
  walk(chart);
  return out;
}

/** User values: values files merged in order (Helm's mergeMaps), then extra values. */
export function userValues(layers: readonly ValuesLayer[] = [], extra?: GoMap): GoMap {
  let vals = newMap();
  for (const l of layers) vals = mergeMaps(vals, l.values);
  if (extra) vals = mergeMaps(vals, extra);
  return vals;
}

/** Render a loaded chart like `helm template`. Never throws for chart problems: see `error`/`problems`. */
export function renderChart(loaded: Chart, options: RenderOptions = {}): RenderResult {
  const problems: RenderProblem[] = [];
  const chart = cloneChartTree(loaded);
  const result: RenderResult = {
    chart,
    values: newMap(),
    manifests: [],
    hooks: [],
    output: '',
    files: new Map(),
    problems,
    templateCharts: new Map(),
  };
  const fail = (p: RenderProblem): RenderResult => {
    result.error = p;
    problems.push(p);
    return result;
  };
  for (const p of loaded.problems) {
    problems.push({
      code: p.code === 'missing-dependency' ? 'missing-dependency' : 'chart-load',
      message: p.message,
      file: p.file,
      ...(p.dependency !== undefined ? { dependency: p.dependency } : {}),
    });
  }
  // helm checks only the root chart's dependencies (CheckDependencies); nested ones render without
  const missing = loaded.problems.filter((p) => p.code === 'missing-dependency' && !p.nested);
  if (missing.length > 0 && options.requireDependencies) {
    return fail({
      code: 'missing-dependency',
      message: `an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: ${missing.map((m) => m.message).join('; ')}`,
    });
  }
  if (chart.metadata.type !== '' && chart.metadata.type !== 'application') {
    return fail({ code: 'helm-render-error', message: `${chart.metadata.type} charts are not installable` });
  }
  const warn = (message: string, valuesKey?: string) => problems.push({ code: 'values-warning', message, ...(valuesKey !== undefined ? { valuesKey } : {}) });
  const kubeVersion = options.kubeVersion ?? DEFAULT_KUBE_VERSION;
  let vals: GoMap;
  try {
    const user = userValues(options.valuesFiles, options.values);
    processDependencies(chart, user, warn);
    vals = coalesceValues(chart, user, warn);
  } catch (e) {
    return fail({ code: 'helm-render-error', message: (e as Error).message });
  }
  result.values = vals;
  if (!options.skipSchemaValidation) {
    const { text, violations } = schemaViolations(chart, vals);
    if (text) {
      if (!options.lintMode) return fail({ code: 'values-schema', message: `values don't meet the specifications of the schema(s) in the following chart(s):\n${text}` });
      for (const v of violations)
        problems.push({ code: 'values-schema', message: `values don't meet the schema of chart ${[chart.name(), ...v.chartPath].join('/')}: ${v.message}`, schema: v });
    }
  }
  if (chart.metadata.kubeVersion && !satisfies(kubeVersion, chart.metadata.kubeVersion)) {
    const p: RenderProblem = {
      code: 'helm-render-error',
      message: `chart requires kubeVersion: ${chart.metadata.kubeVersion} which is incompatible with Kubernetes ${kubeVersion}`,
    };
    if (!options.lintMode) return fail(p);
    problems.push(p);
  }

  const top = newMap([
    ['Chart', new ChartObject(chart)],
    ['Capabilities', new Capabilities(kubeVersion, options.apiVersions ?? DEFAULT_API_VERSIONS)],
    ['Release', releaseObject({ name: options.releaseName ?? 'release-name', namespace: options.namespace ?? 'default' })],
    ['Values', vals],
  ]);
  const tpls = new Map<string, Renderable>();
  recAllTpls(chart, tpls, top);
  for (const [name, r] of tpls) result.templateCharts.set(name, r.chart);

  const notices: LintNotice[] = [];
  const keys = sortTemplates(tpls.keys());
  let set: TemplateSet;
  const cacheable = options.funcs === undefined;
  const cacheKey = cacheable ? templateSetKey(keys, tpls) : '';
  const cachedBase = cacheable ? parsedSets.get(cacheKey) : undefined;
  if (cachedBase) {
    set = cachedBase.clone();
  } else {
    set = new TemplateSet({ missingKey: 'zero', maxDepth: 2000 });
    set.addFuncs({ ...sprigFunctions, ...helmStaticFuncs({}), ...(options.funcs ?? {}) });
    set.addFuncs(helmBoundFuncs(set));
    let parseFailed = false;
    for (const name of keys) {
      try {
        set.parse(name, tpls.get(name)!.text);
      } catch (e) {
        parseFailed = true;
        const p = problemFromError(e, name);
        if (!options.lintMode) return fail(p);
        problems.push(p);
      }
    }
    if (cacheable && !parseFailed) {
      if (parsedSets.size >= PARSED_SET_CACHE_SIZE) parsedSets.delete(parsedSets.keys().next().value!);
      parsedSets.set(cacheKey, set);
      set = set.clone();
    }
  }
  set.addFuncs(helmStaticFuncs({ lintMode: options.lintMode, onNotice: (n) => notices.push(n) }));
  set.addFuncs(helmBoundFuncs(set));
  const rendered = new Map<string, string>();
  // one budget for all the chart's templates, includes and tpl calls together
  const budget = new RenderBudget(options.limits);
  const renderNotes = options.renderNotes !== false;
  for (const name of keys) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    const isNotes = name.endsWith('/NOTES.txt');
    if (isNotes && !renderNotes) continue;
    if (!set.has(name)) continue;
    const r = tpls.get(name)!;
    r.vals.Template = newMap([
      ['Name', name],
      ['BasePath', r.basePath],
    ]);
    try {
      const res = withBudget(budget, () => set.execute(name, r.vals as GoValue, { provenance: options.provenance !== false }));
      const stripped = stripNoValue(res.output, res.segments);
      if (!isNotes) {
        rendered.set(name, stripped.text);
        result.files.set(name, { name, text: stripped.text, segments: stripped.segments, chart: r.chart });
      }
    } catch (e) {
      // out of budget: the chart's rendering ends here, even in lint mode
      if (e instanceof BudgetExceeded)
        return fail({ code: 'helm-render-error', message: e.message, template: e.where?.template ?? name, line: e.where?.line, column: e.where?.column });
      const p = problemFromError(e, name);
      if (!options.lintMode) return fail(p);
      problems.push(p);
    }
  }
  for (const n of notices) {
    problems.push({
      code: n.kind === 'required' ? 'helm-required' : 'helm-fail',
      message: n.message,
      template: n.template,
      line: n.line,
      column: n.column,
    });
  }

  try {
    const { manifests, hooks } = sortManifests(rendered, { validate: options.validateYaml });
    numberOccurrences([...manifests, ...hooks]);
    result.manifests = manifests;
    result.hooks = hooks;
    result.output = crdPrefix(chart, options) + printManifests(manifests, hooks);
  } catch (e) {
    const p = problemFromError(e, '');
    if (!options.lintMode) return fail(p);
    problems.push(p);
    // lint mode: keep the documents that parse
    const ok = new Map<string, string>();
    for (const [k, v] of rendered) {
      try {
        sortManifests(new Map([[k, v]]));
        ok.set(k, v);
      } catch {
        // skipped
      }
    }
    const { manifests, hooks } = sortManifests(ok);
    numberOccurrences([...manifests, ...hooks]);
    result.manifests = manifests;
    result.hooks = hooks;
    result.output = printManifests(manifests, hooks);
  }
  return result;
}
