// The lines a pull request adds or changes, per file, from `git diff -U0` between the validated
// base commit and the checked-out head: annotations go only where the PR is. One git call per
// file asked about (only files with new findings are), so a path never has to be read back out
// of a patch header; `--literal-pathspecs` keeps a name such as `:(exclude)x` a plain name, and
// no diff driver or text conversion from the tree's attributes runs.

import { execFileSync } from 'node:child_process';
import { isObjectId } from '../pipeline/git-tree.js';

/** Most files asked about; the findings of any further file go to the summary only. */
export const MAX_DIFF_FILES = 200;

/** Line numbers (1-based, in the head) each file's diff adds; undefined when git cannot tell. */
export function changedLines(workspace: string, baseSha: string, files: readonly string[]): Map<string, Set<number>> | undefined {
  if (!isObjectId(baseSha)) return undefined;
  const result = new Map<string, Set<number>>();
  for (const file of files.slice(0, MAX_DIFF_FILES)) {
    let patch: string;
    try {
      patch = execFileSync(
        'git',
        ['--literal-pathspecs', '-C', workspace, 'diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--end-of-options', baseSha, 'HEAD', '--', file],
        { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 },
      ).toString('utf8');
    } catch {
      return undefined; // the base commit is not in the clone
    }
    result.set(file, addedLines(patch));
  }
  return result;
}

/** The head-side lines of every hunk in a unified diff (`@@ -a,b +c,d @@`, d absent meaning 1). */
export function addedLines(patch: string): Set<number> {
  const lines = new Set<number>();
  for (const m of patch.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    for (let line = start; line < start + count; line++) lines.add(line);
  }
  return lines;
}
