// When V8 optimizes the linter's functions. V8 compiles a function that ran long enough with its
// optimizing compiler (TurboFan) on background threads: CPU the process pays while the main thread
// goes on. A lint is mostly cold code run a few thousand times (a chart's templates, the YAML
// parser, the rules), so at V8's default threshold most of that compiling is never paid back: in a
// one-chart lint it was about 40% of the process's CPU (bitnami janusgraph: 980 ms with it, 525 ms
// with TurboFan off, the main thread's own work unchanged). A larger interrupt budget (the
// bytecode a function executes before V8 considers optimizing it) leaves the functions that run
// only a few thousand times to the interpreter and baseline code, while a long run's hot loops are
// still optimized, a little later. Measured under load: janusgraph 829 -> 575 ms of CPU (9 paired
// runs); ../shared/corpus with Helm on 51.7 s by default, 48.1 s at 8x, 49.7 s at 32x and 79.7 s
// with TurboFan off (one run each): turning the optimizer off would cost long runs dearly.
import { setFlagsFromString } from 'node:v8';

/** V8's default interrupt budget (66 KB of bytecode; Node 20's V8 11.3 and later). */
const DEFAULT_INTERRUPT_BUDGET = 66 * 1024;

/** The budget a lint runs with. */
export const LINT_INTERRUPT_BUDGET = 8 * DEFAULT_INTERRUPT_BUDGET;

let applied = false;

/** Apply the tiering policy to this process (idempotent; call before linting). */
export function tuneTieringForLint(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--interrupt-budget=${LINT_INTERRUPT_BUDGET}`);
}

/**
 * Puts V8's default back. Only for saving a code cache at the end of a run (src/cli/code-cache.ts):
 * V8 accepts a cache only under the flags it was made with, and the next run compiles before it
 * tunes anything.
 */
export function untuneTiering(): void {
  if (!applied) return;
  applied = false;
  setFlagsFromString(`--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET}`);
}
