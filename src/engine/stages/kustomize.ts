// Kustomizations become Kubernetes documents here, beside the Helm stage: each overlay that nothing
// else includes is built once, in its folder's environment (src/kustomize/stage.ts), reading the
// disk only through the injected reader and running exact mode's binary only through the runner.

import * as nodePath from 'node:path';
import type { SourceFile } from '../../model/types.js';
import type { KustomizeFs } from '../../kustomize/build.js';
import { runKustomizeStage, type KustomizeStageOptions, type KustomizeStageResult } from '../../kustomize/stage.js';
import type { FileSystemReader, ProgramRun } from '../services.js';

/** The kustomize build's view of the injected reader (absolute paths). */
export function kustomizeFs(fs: FileSystemReader): KustomizeFs {
  return {
    readFile: (abs) => {
      const data = fs.stat(abs)?.isFile ? fs.readFile(abs) : undefined;
      return data === undefined || Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    },
    isDirectory: (abs) => fs.stat(abs)?.isDirectory ?? false,
    exists: (abs) => fs.stat(abs) !== undefined,
    realpath: (abs) => fs.realpath(abs) ?? nodePath.resolve(abs),
  };
}

export function buildKustomizations(
  files: readonly SourceFile[],
  options: KustomizeStageOptions = {},
  services: { fs?: FileSystemReader; runKustomize?: (run: ProgramRun) => string } = {},
): KustomizeStageResult {
  try {
    const run = services.runKustomize;
    return runKustomizeStage(files, {
      ...options,
      ...(services.fs ? { disk: kustomizeFs(services.fs) } : {}),
      ...(run ? { run: (binary: string, args: string[], env: Record<string, string>) => run({ binary, args, env, maxBuffer: 512 * 1024 * 1024 }) } : {}),
    });
  } catch (error) {
    // The stage reports build failures as findings; if it throws anyway, the files are judged one by one.
    return { documents: [], consumed: new Set(), diagnostics: [], notices: [`internal error while building kustomizations: ${(error as Error).message}`] };
  }
}
