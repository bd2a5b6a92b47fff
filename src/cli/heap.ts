// Heap policy of a lint run. A lint run is a batch job that allocates fast (parse trees, plain
// data, rule results) and keeps a moderate live set (texts, data, positions). Left alone, V8
// then lets the old generation grow to several times the live set before collecting it: on
// ../shared/corpus the live set peaks near 155 MB while the process reached 520 MB of RSS.
// A smaller growing step after each full collection keeps the heap close to the live set at
// no measurable cost in time (docs/benchmarks.md). It is a growth step, not a limit: a large
// repository still gets all the memory it needs. The young generation is left to grow: keeping
// it at its initial size (--semi-space-growth-factor=1) saved 33 MB of peak RSS on the corpus
// but cost 20 % more time.
import { setFlagsFromString } from 'node:v8';

/** Percent the heap may grow past the live set after a full collection (V8's default is adaptive, up to 4×). */
export const HEAP_GROWING_PERCENT = 20;

let applied = false;

/** Apply the heap policy to this process (idempotent; call before linting). */
export function tuneHeapForLint(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * Puts V8's default growth back (0: adaptive). Only for saving a code cache at the end of a run
 * (src/cli/code-cache.ts): V8 checks a cache against the flags it was made under, and the next
 * run compiles before it tunes the heap.
 */
export function untuneHeap(): void {
  if (!applied) return;
  applied = false;
  setFlagsFromString('--heap-growing-percent=0');
}
