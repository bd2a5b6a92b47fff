// `--base <rev>`: the CLI's "what did this change introduce", judged exactly as the Action judges a
// pull request. The revision is resolved to a full object id by git (the user named it, but it
// still goes after `--end-of-options`, so `--base --output=x` is a revision, never an option); the
// commit is written out of git objects (src/pipeline/git-tree.ts) and linted by the same pipeline,
// paths, config and environment model as the working tree; findings are compared by fingerprint.

import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { runPipelineAtCommit, type PipelineInput } from '../pipeline/run.js';
import type { Report } from '../report/types.js';
import { UsageError } from './args.js';

/** The report of `rev` linted as a checkout of it would be, from the same folder of the repository. */
export async function lintRevision(cwd: string, rev: string, input: Omit<PipelineInput, 'root' | 'skipMissingPaths'>): Promise<Report> {
  const git = (args: string[]) =>
    execFileSync('git', ['-C', cwd, ...args], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString('utf8')
      .trim();
  let top: string;
  let sha: string;
  try {
    top = git(['rev-parse', '--show-toplevel']);
  } catch {
    throw new UsageError(`--base needs a git repository: ${cwd} is not inside one`);
  }
  try {
    sha = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  } catch {
    throw new UsageError(`--base: '${rev.slice(0, 80)}' is not a commit in this repository (fetch it first, e.g. git fetch origin main)`);
  }
  // Report paths are relative to the run's folder on both sides, so fingerprints compare.
  const result = await runPipelineAtCommit(top, sha, { ...input, folder: relative(top, cwd) });
  if (!result) throw new UsageError(`--base: could not read commit ${sha.slice(0, 12)}`);
  return result.report;
}
