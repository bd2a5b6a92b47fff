// Helm in TypeScript: Go text/template with Sprig, chart loading, values coalescing and schema
// checks, and rendering like `helm template`, with a map from every rendered offset back to the
// template line (and values key) that produced it. The module's one public entry: it imports
// nothing from the rest of the linter (test/helm/self-contained.test.ts checks), so it could be
// published on its own. Positions are 1-based, columns in UTF-16 code units, ends exclusive.

import type { Document } from 'yaml';
import { adoptValuesLocator } from './values/load.js';
import { adoptParsedValues as adoptParsedValuesData, type PlainNode } from './yaml/index.js';

export { releaseChartCaches, releaseRenderCaches } from './caches.js';
export { renderChart, userValues, sortTemplates, HelmRenderError } from './render/engine.js';
export type { RenderOptions, RenderResult, RenderProblem, RenderProblemCode, RenderedFile, ValuesLayer } from './render/engine.js';
export { renderChartManifests, foldMissingDependencies, SourceMapper } from './render/documents.js';
export type { ChartRenderInput, ChartRendering, ChartRenderProblem, ChartPlace, RenderedManifest } from './render/documents.js';
export { splitManifests, sortManifests, printManifests, INSTALL_ORDER } from './render/manifests.js';
export type { Manifest } from './render/manifests.js';
export { Capabilities, DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION } from './render/objects.js';
export { loadChart, memoryFileSystem, nodeFileSystem } from './chart/load.js';
export type { ChartFileSystem, LoadOptions } from './chart/load.js';
export { MAX_DECOMPRESSED_CHART_SIZE } from './chart/tar.js';
export { Chart, chartFilePath } from './chart/types.js';
export { ValuesError } from './chart/values-file.js';
export { loadValuesFile } from './values/load.js';
export type { LoadedValues } from './values/load.js';
export { cloneChartTree, processDependencies } from './values/coalesce.js';
export { TemplateSet, TemplateError } from './template/index.js';
export type { FuncMap, OutputSegment, TemplateFunction } from './template/index.js';
export { lex, T } from './template/lexer.js';
export type { Item as TemplateToken } from './template/lexer.js';
export type { PlainNode } from './yaml/index.js';
export type { FilePlace, PathSegment, RelatedPlace, TextPosition, TextRange } from './source-range.js';

/**
 * The lint's parse of a values file stands in for the renderer's (engine/helm-stage.ts): the
 * values are decoded from it, and its keys are located from it (a compact locator, not the tree).
 * The lint's parse is the Composer's documents or, where its fast path took the file, that path's
 * node trees (PlainNode).
 */
export function adoptParsedValues(
  file: string,
  text: string,
  docs: readonly Document.Parsed[] | readonly (PlainNode | null)[],
  linePos: (offset: number) => { line: number; col: number },
): boolean {
  if (!adoptParsedValuesData(file, text, docs, linePos)) return false;
  adoptValuesLocator(text, docs[0]!);
  return true;
}
