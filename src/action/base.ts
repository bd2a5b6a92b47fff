// The PR's base commit: linted by the one pipeline (src/pipeline/run.ts) from a folder written out
// of git objects (src/pipeline/git-tree.ts: hex object id only, `--end-of-options`, `ls-tree -z`,
// blobs by id), and the files the PR changes by git. The base SHA comes from the event payload,
// so it is checked to be a full object id before it reaches git, and every git command that takes
// a revision gets `--end-of-options` after its options: a forged `--output=...` is never an option.

import { execFileSync } from 'node:child_process';
import type { Config } from '../config/index.js';
import type { Report } from '../report/types.js';
import { isObjectId } from '../pipeline/git-tree.js';
import { runPipelineAtCommit, type PipelineInput } from '../pipeline/run.js';

export { isObjectId };

/**
 * The report of a commit, judged as a checkout of it would be with the same paths, config and
 * environment. Undefined when the commit is not in the clone.
 */
export async function lintCommit(
  workspace: string,
  sha: string,
  config: Config,
  env?: Exclude<Report['environment'], 'unknown'>,
  options: Pick<PipelineInput, 'helm'> & { paths?: readonly string[] } = {},
): Promise<Report | undefined> {
  return (await runPipelineAtCommit(workspace, sha, { paths: options.paths ?? ['.'], config, env, helm: options.helm }))?.report;
}

export function gitChangedFiles(workspace: string, baseSha: string): string[] | undefined {
  if (!isObjectId(baseSha)) return undefined;
  try {
    return execFileSync('git', ['-C', workspace, 'diff', '--name-only', '-z', '--diff-filter=ACMR', '--end-of-options', `${baseSha}...HEAD`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    })
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .sort();
  } catch {
    return undefined;
  }
}
