// In-process Helm rendering: chart + environment values → Kubernetes documents located in templates.
export { renderChart, userValues, sortTemplates, HelmRenderError } from './engine.js';
export type { RenderOptions, RenderResult, RenderProblem, RenderProblemCode, RenderedFile, ValuesLayer } from './engine.js';
export { renderChartManifests, SourceMapper } from './documents.js';
export type { ChartRenderInput, ChartRendering, ChartRenderProblem, ChartPlace, RenderedManifest } from './documents.js';
export { splitManifests, sortManifests, printManifests, INSTALL_ORDER } from './manifests.js';
export type { Manifest } from './manifests.js';
export { Capabilities, DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION } from './objects.js';
export { loadChart, memoryFileSystem, nodeFileSystem } from '../chart/load.js';
export type { ChartFileSystem } from '../chart/load.js';
export { renderHelmStage } from './stage.js';
export type { HelmStageResult, HelmStageOptions } from './stage.js';
