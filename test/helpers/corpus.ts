// The shared corpus of real repositories (../shared/corpus) is beside the repository in CI, not in a
// fresh clone: tests that need it run when it is there and are skipped, with a visible line, when not.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './fixtures.js';

export const CORPUS_DIR = join(REPO, '..', 'shared', 'corpus');
export const HAS_CORPUS = existsSync(CORPUS_DIR);

/** Call once per test file that skips: says why on the console. */
export function noteCorpusSkip(what: string): void {
  if (!HAS_CORPUS) console.warn(`[corpus] ../shared/corpus not found: skipping ${what} (CI has the corpus and runs it)`);
}
