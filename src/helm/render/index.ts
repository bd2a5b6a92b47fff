// In-process Helm rendering: chart + environment values → Kubernetes documents located in templates.
export { renderChart, userValues, sortTemplates, HelmRenderError } from './engine.js';
export type { RenderOptions, RenderResult, RenderProblem, RenderProblemCode, RenderedFile, ValuesLayer } from './engine.js';
export { renderChartDocuments, SourceMapper } from './documents.js';
export type { ChartDocumentsInput, ChartDocuments } from './documents.js';
export { splitManifests, sortManifests, printManifests, INSTALL_ORDER } from './manifests.js';
export type { Manifest } from './manifests.js';
export { Capabilities, DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION } from './objects.js';
export { loadChart, memoryFileSystem, nodeFileSystem } from '../chart/load.js';
export type { ChartFileSystem } from '../chart/load.js';
export { chartEnvironments, environmentOfValuesFile } from '../values/environments.js';
export type { EnvironmentValues } from '../values/environments.js';
export { HELM_RULE_IDS } from './documents.js';
