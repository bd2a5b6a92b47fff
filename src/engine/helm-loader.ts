// The Helm stage (src/helm: a Go template engine, Sprig, Helm's YAML and values rules) is half of
// the linter's code. A run over a repository without charts should not compile it: the stage is
// loaded on demand with a dynamic import (its own file in dist/, see scripts/build.mjs), by the
// async shells before they call the synchronous `lint`. Tests load it once in their setup file.

import type { adoptParsedValuesFile, renderHelmCharts } from './helm-stage.js';

export type HelmStage = typeof renderHelmCharts;

let loaded: { render: HelmStage; adoptValues: typeof adoptParsedValuesFile } | undefined;

/** Loads the Helm stage (once); later `lint` calls find it with `loadedHelmStage`. */
export async function loadHelmStage(): Promise<HelmStage> {
  if (!loaded) {
    const stage = await import('./helm-stage.js');
    loaded = { render: stage.renderHelmCharts, adoptValues: stage.adoptParsedValuesFile };
  }
  return loaded.render;
}

/** The Helm stage if it was loaded. */
export function loadedHelmStage(): HelmStage | undefined {
  return loaded?.render;
}

/** The loaded Helm stage's taker of the lint's parse of values files (helm-stage.ts), if loaded. */
export function loadedValuesAdopter(): typeof adoptParsedValuesFile | undefined {
  return loaded?.adoptValues;
}

/** Thrown by `lint` when charts are to be rendered and nobody loaded the stage (a caller's bug). */
export class HelmStageNotLoadedError extends Error {
  constructor() {
    super('lint: the files hold Helm charts and the Helm stage is not loaded; await loadHelmStage() before lint (the pipeline does), or pass renderHelm: false');
  }
}
