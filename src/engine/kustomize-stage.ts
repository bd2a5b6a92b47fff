// Kustomizations become Kubernetes documents here, beside the Helm stage: each overlay that nothing
// else includes is built once, in its folder's environment (src/kustomize/stage.ts).

import type { SourceFile } from '../model/types.js';
import { runKustomizeStage, type KustomizeStageOptions, type KustomizeStageResult } from '../kustomize/stage.js';

export function buildKustomizations(files: readonly SourceFile[], options: KustomizeStageOptions = {}): KustomizeStageResult {
  try {
    return runKustomizeStage(files, options);
  } catch (error) {
    // The stage reports build failures as findings; if it throws anyway, the files are judged one by one.
    return { documents: [], consumed: new Set(), diagnostics: [], notices: [`internal error while building kustomizations: ${(error as Error).message}`] };
  }
}
