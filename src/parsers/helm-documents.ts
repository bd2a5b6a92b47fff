// A Helm chart rendering (src/helm) → the linter's SourceDocuments and diagnostics. Positions come
// from the one YAML locator (yaml-locator.ts): it picks the node a path points at in the rendered
// manifest, by the same policy as in a plain file, and the rendering maps that span back to the
// template line (and the values key) that produced it. So a manifest gets the same positions,
// relative to its text, whether it is a plain file or the output of a chart.

import type { Diagnostic, DocPath, Environment, Location, SourceDocument, SourceFile } from '../model/types.js';
import { renderChartManifests, type ChartRenderInput, type RenderedManifest, type RenderResult } from '../helm/index.js';
import { YamlSpans } from './yaml-locator.js';
import { offsetInScalar } from './scalar-offset.js';

export interface ChartDocumentsInput extends ChartRenderInput {
  environment?: Environment;
}

export interface ChartDocuments {
  documents: SourceDocument[];
  /** Problems as diagnostics: helm-render-error, helm-missing-dependency, helm-required, helm-values-schema, … */
  diagnostics: Diagnostic[];
  result?: RenderResult;
}

/**
 * Diagnostic rule ids by problem code. Only `helm-render-error` is a registered rule today;
 * `helm-required-value` (a `required`/`fail` met in lint mode: informational) and
 * `helm-values-warning` (Helm's coalescing notices) need registering (severity note) to be shown.
 * Any other code (chart loading, values files, YAML of a manifest) is a `helm-render-error`.
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

/** Render a chart for one environment and return its Kubernetes documents. Never throws. */
export function renderChartDocuments(input: ChartDocumentsInput): ChartDocuments {
  const environment = input.environment ?? 'unknown';
  const rendering = renderChartManifests(input);
  // the typed detail travels with the diagnostic: the engine places findings with it, never by reading the prose
  // (the renderer sets only the detail fields it knows: template, dependency, values key)
  const diagnostics: Diagnostic[] = rendering.problems.map(({ file, range, message, ...helm }) => ({
    ruleId: HELM_RULE_IDS[helm.code] ?? 'helm-render-error',
    file,
    range,
    message,
    helm,
  }));
  const documents: SourceDocument[] = [];
  const origin = { chart: rendering.chartRoot ?? input.chart, valuesFiles: rendering.valuesFiles };
  for (const m of rendering.manifests) {
    if (m.yamlError) {
      diagnostics.push({
        ruleId: 'helm-render-error',
        file: m.template,
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
        message: `YAML parse error on ${m.manifest.source}: ${m.yamlError}`,
      });
      continue;
    }
    documents.push(renderedDocument(m, environment, rendering.chartRoot, origin));
  }
  return { documents, diagnostics, ...(rendering.result ? { result: rendering.result } : {}) };
}

function renderedDocument(m: RenderedManifest, environment: Environment, chartRoot: string | undefined, origin: { chart: string; valuesFiles: string[] }): SourceDocument {
  let data: unknown;
  try {
    data = m.doc.toJS({ maxAliasCount: -1 });
  } catch {
    data = null;
  }
  // Flattened now: the node tree is not kept (see yaml-locator.ts), nor the rendered text.
  const spans = new YamlSpans(m.doc, m.content, m.lineEnd);
  // the template's text is decoded when read (the engine's formatters read their own files)
  const file = Object.defineProperty({ path: m.template, kind: 'helm-template', environment, chartRoot } as SourceFile, 'text', {
    get: m.readTemplateText,
    enumerable: true,
    configurable: true,
  });
  const place = m.place;
  const placeOfChar = m.placeOfChar;
  const contentText = m.contentText;
  const locate = (path: DocPath, options?: { key?: boolean }): Location => {
    const span = spans.span(path, options?.key === true);
    return place(span, path, span.container);
  };
  const locateInScalar = (path: DocPath, line: number, column: number): Location | undefined => {
    const value = valueAt(data, path);
    const start = typeof value === 'string' ? spans.scalarStart(path) : undefined;
    const offset = start === undefined ? undefined : offsetInScalar(contentText(), start, value as string, line, column);
    return offset === undefined ? undefined : placeOfChar(offset);
  };
  return {
    file,
    index: m.manifest.occurrence,
    kind: 'kubernetes',
    data,
    locate,
    locateInScalar,
    has: (path) => valueAt(data, path) !== MISSING,
    origin: { chart: origin.chart, template: m.template, environment, valuesFiles: origin.valuesFiles },
  };
}

const MISSING = Symbol('missing');

/** The value at a path of plain data (own properties only), or MISSING. */
function valueAt(data: unknown, path: DocPath): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return MISSING;
    if (Array.isArray(cur)) {
      if (typeof seg !== 'number' || seg >= cur.length) return MISSING;
      cur = cur[seg];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, String(seg))) return MISSING;
      cur = (cur as Record<string, unknown>)[String(seg)];
    }
  }
  return cur;
}
