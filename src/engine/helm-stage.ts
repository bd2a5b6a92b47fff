// Helm charts become Kubernetes documents here, between parsing and the rules: each chart is
// rendered in-process once per environment (values.yaml + that environment's values files), and
// its documents locate into the templates (and values keys) that produced them.

import type { Diagnostic, ParsedFile, SourceDocument, SourceFile } from '../model/types.js';
import type { ComposedYamlHandler } from '../parsers/yaml.js';
import { adoptParsedValues } from '../helm/index.js';
import { renderHelmStage, valuesFileRendered, type HelmStageOptions } from './stages/helm.js';

/**
 * The lint's parse of a values file, handed over while its node trees are alive: the renderer's
 * values and the locator of its keys are built from it (once per run) instead of from a parse of
 * their own. (The locator is flat offsets: a map of path strings made for every values file held
 * 60 MB more at the peak of a corpus run.)
 */
export const adoptParsedValuesFile: ComposedYamlHandler = (file, text, documents, linePos) => {
  // only what a rendering reads (test values are not rendered): the rest would be held for nothing
  if (valuesFileRendered(file)) adoptParsedValues(file.path, text, documents, linePos);
};

export interface HelmStageResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  notices: string[];
}

export function renderHelmCharts(files: readonly SourceFile[], parsed: readonly ParsedFile[], options: HelmStageOptions = {}): HelmStageResult {
  if (!files.some((f) => f.kind === 'helm-chart')) return { documents: [], diagnostics: [], notices: [] };
  try {
    const result = renderHelmStage(files, options);
    return { ...result, diagnostics: result.diagnostics.map((d) => pointAtValuesKey(pointAtDependency(d, parsed), parsed)) };
  } catch (error) {
    // The renderer never throws by contract; if it does, the rest of the report still stands.
    return { documents: [], diagnostics: [], notices: [`internal error while rendering Helm charts: ${(error as Error).message}`] };
  }
}

/** A missing dependency points at its entry in Chart.yaml (the renderer only knows the file). */
export function pointAtDependency(d: Diagnostic, parsed: readonly ParsedFile[]): Diagnostic {
  const name = d.helm?.dependency;
  if (!name || !d.file.endsWith('Chart.yaml')) return d;
  const doc = parsed.find((p) => p.file.path === d.file)?.documents[0];
  const deps = (doc?.data as { dependencies?: { name?: string; alias?: string }[] } | undefined)?.dependencies;
  const index = Array.isArray(deps) ? deps.findIndex((dep) => dep?.name === name || dep?.alias === name) : -1;
  if (!doc || index < 0) return d;
  return { ...d, range: doc.locate(['dependencies', index, 'name']).range };
}

/**
 * A values-merge warning names a key path (`for api.metrics.rbac.rules`): point at that key in the
 * chart's values files (the last layer that sets it) instead of the chart's first line.
 */
export function pointAtValuesKey(d: Diagnostic, parsed: readonly ParsedFile[]): Diagnostic {
  if (d.ruleId !== 'helm-values-warning' || !d.file.endsWith('Chart.yaml')) return d;
  const keyPath = d.helm?.valuesKey?.split('.');
  if (!keyPath || keyPath.length < 2) return d;
  const chartRoot = d.file === 'Chart.yaml' ? '' : d.file.slice(0, -'/Chart.yaml'.length);
  const path = keyPath.slice(1); // the first segment is the chart's own name
  const candidates = parsed.filter((p) => p.file.kind === 'helm-values' && (p.file.chartRoot ?? '') === chartRoot);
  for (const p of [...candidates].reverse()) {
    const doc = p.documents[0];
    if (doc?.has(path)) return { ...d, file: p.file.path, range: doc.locate(path, { key: true }).range };
  }
  return d;
}
