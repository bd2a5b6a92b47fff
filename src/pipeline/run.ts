// The one lint pipeline (config → discovery → lint) shared by the Action's head and base runs, so
// both sides of a pull request are judged with the same engine, paths, ignores, size limit and
// environment model. The base commit goes through it from a folder written out of git objects
// (see git-tree.ts): the same discovery walks it, with no second set of filters.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/index.js';
import { discover, type DiscoverOptions } from '../discovery/index.js';
import { lint, type LintInput, type LintResult } from '../engine/lint.js';
import { loadHelmStage } from '../engine/helm-loader.js';
import { writeCommitTree } from './git-tree.js';
import { nodeServices } from './node-services.js';
import type { LintServices } from '../engine/services.js';

export interface PipelineInput extends Omit<LintInput, 'files' | 'skipped' | 'config'> {
  /** The folder the paths are relative to (the workspace, or a commit written out). */
  root: string;
  paths: readonly string[];
  config: Config;
  maxFileSize?: number;
  /**
   * Paths missing under the root are left out instead of failing (a base commit that predates
   * a folder the PR adds); when none is left, nothing is linted.
   */
  skipMissingPaths?: boolean;
  /** What the lint may reach beyond the discovered files (default: this machine's, nodeServices()). */
  services?: LintServices;
  /** Discovery has listed the tree, before reading it (DiscoverOptions.onListed). */
  onListed?: DiscoverOptions['onListed'];
}

export async function runPipeline(input: PipelineInput): Promise<LintResult> {
  const { root, paths, config, maxFileSize, skipMissingPaths, services, onListed, ...rest } = input;
  const wanted = skipMissingPaths ? paths.filter((p) => existsSync(resolve(root, p))) : [...paths];
  if (skipMissingPaths && wanted.length === 0) return lint({ ...rest, files: [], config }, services ?? nodeServices());
  const discovered = await discover(wanted, { cwd: root, ignore: config.ignore, maxFileSize: maxFileSize ?? config.maxFileSize, onListed });
  rest.onProgress?.({ stage: 'discovered', files: discovered.files.length + discovered.skipped.length });
  // The Helm stage is compiled only for a tree with charts.
  if (rest.renderHelm !== false && discovered.files.some((f) => f.kind === 'helm-chart')) await loadHelmStage();
  // Vendored archives and exact Helm mode read the chart from this root, not the process's folder.
  // A kustomization in a named folder outside the root (`readiness-lint ../app`) reads within that folder.
  const kustomize = { ...rest.kustomize, linted: wanted.map((p) => resolve(root, p)) };
  return lint({ ...rest, helm: { ...rest.helm, root }, kustomize, files: discovered.files, skipped: discovered.skipped, config, handOverFiles: true }, services ?? nodeServices());
}

/**
 * A commit judged as a checkout of it would be: written out of git objects (git-tree.ts) and run
 * through the same pipeline, from `folder` (relative to the repository root) as the run's root so
 * report paths, and so fingerprints, match a run of the working tree from that folder. Paths
 * missing in the commit are left out. Undefined when the commit is not in the clone.
 */
export async function runPipelineAtCommit(
  repositoryRoot: string,
  sha: string,
  input: Omit<PipelineInput, 'root' | 'skipMissingPaths'> & { folder?: string },
): Promise<LintResult | undefined> {
  const { folder = '', ...rest } = input;
  const tree = writeCommitTree(repositoryRoot, sha, rest.maxFileSize ?? rest.config.maxFileSize);
  if (!tree) return undefined;
  try {
    return await runPipeline({ ...rest, root: join(tree.dir, folder), skipMissingPaths: true });
  } finally {
    tree.remove();
  }
}
