// Phase 3, render: what deploys, from what the files describe. Helm charts are rendered once per
// environment, kustomize overlays built, compose files merged into application models per
// environment; a file a kustomize build read is judged through the build. The disk and programs
// are reached only through the services (engine/services.ts).

import type { Diagnostic, ParsedFile, SourceDocument, SourceFile } from '../../model/types.js';
import type { Config } from '../../config/index.js';
import type { KnownEnvironment } from '../../model/environments.js';
import { composeModels } from '../../knowledge/compose/compose-layers.js';
import type { KustomizeStageOptions } from '../../kustomize/stage.js';
import { HelmStageNotLoadedError, loadedHelmStage } from '../helm-loader.js';
import type { LintServices } from '../services.js';
import type { HelmStageOptions } from '../stages/helm.js';
import { buildKustomizations } from '../stages/kustomize.js';

export interface RenderOptions {
  config: Config;
  headline: KnownEnvironment;
  renderHelm: boolean;
  helm?: HelmStageOptions;
  buildKustomize?: boolean;
  kustomize?: KustomizeStageOptions;
  onProgress?: (event: { stage: 'rendering'; charts: number }) => void;
}

export interface Rendered {
  /** Every document the rules judge: parsed, compose models, Helm renderings, kustomize builds. */
  documents: SourceDocument[];
  /** Helm and kustomize problems (parse problems stay with their parsed files). */
  diagnostics: Diagnostic[];
  notices: string[];
}

export function render(files: readonly SourceFile[], parsed: readonly ParsedFile[], options: RenderOptions, services: LintServices = {}): Rendered {
  const notices: string[] = [];
  const charts = options.renderHelm ? files.filter((f) => f.kind === 'helm-chart').length : 0;
  if (charts > 0) options.onProgress?.({ stage: 'rendering', charts });
  const helm = charts > 0 ? helmStage(services)(files, parsed, { ...options.helm, disk: services.fs, runHelm: services.runHelm }) : { documents: [], diagnostics: [], notices: [] };
  // kustomizations are built where Helm charts are rendered: overlays become per-environment objects
  const kustomize =
    options.buildKustomize !== false
      ? buildKustomizations(files, { root: options.helm?.root, ...options.kustomize }, services)
      : { documents: [], consumed: new Set<string>(), diagnostics: [], notices: [] };
  notices.push(...kustomize.notices);
  notices.push(...helm.notices);

  // Compose files are judged as application models: layers merged per environment (knowledge/compose-layers.ts).
  // a file a kustomize build read is judged through the build (its Kustomization objects stay)
  const parsedDocuments = parsed.flatMap((p) => (kustomize.consumed.has(p.file.path) ? [] : p.documents));
  const yamlByPath = new Map<string, SourceDocument>();
  for (const doc of parsedDocuments) if ((doc.kind === 'compose' || doc.kind === 'yaml') && !yamlByPath.has(doc.file.path)) yamlByPath.set(doc.file.path, doc);
  const compose = composeModels(
    parsedDocuments.filter((d) => d.kind === 'compose'),
    (path) => yamlByPath.get(path),
    { chains: options.config.compose, environmentOf: (file) => file.environment, headline: options.headline },
  );
  notices.push(...compose.notices);
  const documents: SourceDocument[] = [...parsedDocuments.filter((d) => d.kind !== 'compose'), ...compose.documents, ...helm.documents, ...kustomize.documents];
  return { documents, diagnostics: [...helm.diagnostics, ...kustomize.diagnostics], notices };
}

/** The Helm stage, loaded on demand by the async callers (engine/helm-loader.ts). */
function helmStage(services: LintServices) {
  const stage = services.helm ?? loadedHelmStage();
  if (!stage) throw new HelmStageNotLoadedError();
  return stage;
}
