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

/**
 * The growth step is for trees whose live set is large enough for V8's default to cost memory.
 * In a small run it only costs time: a full collection each time the heap passes its live set by
 * a fifth. Measured with the CLI (CPU, peak RSS; paired rounds): one bitnami chart (prometheus,
 * vault, zipkin) 250/250/280 ms with the step, 230/240/270 ms without, the same 85-91 MB either
 * way; a 3,000-file synthetic monorepo 2.04 s, 260 MB with it, 1.90 s, 271 MB without; the corpus
 * (5,710 files, 157 charts) 531 MB with it, 741 MB without.
 */
export const HEAP_POLICY_FILES = 1_000;
/** Charts (subcharts included) from which the growth step applies whatever the file count. */
export const HEAP_POLICY_CHARTS = 8;

/** Whether a tree of this size gets the growth step (tuneHeapForLint). */
export function wantsHeapPolicy(listing: TreeListing): boolean {
  return listing.files >= HEAP_POLICY_FILES || listing.charts >= HEAP_POLICY_CHARTS;
}

let applied = false;

/** Whether this process runs with the growth step (the heap trace says so). */
export function heapTuned(): boolean {
  return applied;
}

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

// --- A heap fit for big runs: the lint re-run in a child process --------------------------------
//
// Two V8 settings matter for a big run, and both are fixed when the process starts (a flag set
// later with v8.setFlagsFromString changes nothing):
// - the young generation: a Helm-heavy run allocates fast (render trees, rendered text, parse
//   trees) and spent 23–28 % of its CPU in GC with V8's 16 MB semi-spaces. On the 157 corpus
//   charts in one run (3 interleaved rounds, CPU medians): 35.7 s by default, 33.6 s with 32 MB
//   semi-spaces, 28.1 s with 64 MB (-21 %), for about 115 MB more peak RSS (500 → 615 MB).
//   The CLI as shipped, re-run included, against the build before (5 interleaved rounds):
//   36.0 → 32.9 s, a median paired ratio of 0.84, peak RSS 496 → 626 MB; a 10,000-file
//   monorepo 14.3 → 13.3 s, 225 → 367 MB. A fixed cost in memory: the young generation's
//   size does not grow with the tree;
// - the old generation's limit: 4,144 MB here whatever the machine has, where a monorepo run of
//   about 10.5 MB per 1,000 files stops near 400,000 files.
// So once discovery has listed the tree (before a file is read), a tree past the thresholds below
// is handed to a child process: the same Node, its options, the same arguments, standard streams
// inherited, with the flags added. The parent has printed nothing, and passes the child's exit
// code or signal on. Small runs (one manifest, one chart) never start a second process. What a
// re-run costs: the parent's start-up and walk (about 200 ms of CPU on a 10,000-file monorepo,
// where discovery stops at the 16th chart it meets), and a child compiled without the code cache
// (V8 rejects a cache made under other heap flags): a few hundred ms, against runs of seconds.
// Considered and left: a worker thread with `resourceLimits` shares the process (its stdout is
// piped through the main thread as messages, it is never a TTY, and a report of a gigabyte would
// be copied across), and a pre-walk of the tree in the launcher would walk it twice without the
// .gitignore and config ignores that decide what a run reads.
//
// The flags come from the person running the tool and the machine only: a flag the user gave
// (NODE_OPTIONS or node's own options) is kept as given, and the old-space limit is sized from
// the memory the process may use (the cgroup limit, else the machine's). Nothing in the scanned
// tree is read to choose them; its size only decides whether the re-run happens.

/** Set in the child's environment: a re-run never re-runs. */
export const RERUN_MARKER = 'READINESS_LINT_RERUN';
/** Debugging: print this process's heap limit and whether it was re-run, on stderr. */
export const HEAP_TRACE = 'READINESS_LINT_HEAP_TRACE';
/**
 * For tests only (a tree of 20,000 files is too slow for a unit test): other thresholds,
 * `files,charts` (e.g. `3,1`). Not a user setting, and not documented as one.
 */
export const TEST_THRESHOLDS = 'READINESS_LINT_TEST_RERUN_THRESHOLDS';

/** Files to read past which the run gets a larger young generation and old-space limit. */
export const RERUN_FILES = 20_000;
/**
 * Charts (Chart.yaml files, subcharts included: a bitnami chart and its `common` are two) past
 * which the run gets a larger young generation: about 8 charts, several seconds of rendering.
 */
export const RERUN_CHARTS = 16;
/**
 * Semi-space size (MB) of a re-run: 64 measured best on the corpus charts (see above). Its cost in
 * RSS is not linear: ../shared/corpus with Helm on, the CLI's peak (single runs under load, issue
 * 18's sixth round) was 466 MB with V8's default, 502 and 507 MB with 32, 609 with 48, 562 and 611
 * with 64. 32 would meet more of the memory target, but it saves only 6 % of the 157 charts' CPU
 * against 21 % with 64, which would put that run at about helm's own CPU instead of under it.
 */
export const RERUN_SEMI_SPACE_MB = 64;
/** Part of the memory the old generation may take: the rest is headroom for the young generation, code, buffers and the system. */
export const OLD_SPACE_SHARE = 0.75;

/** What discovery found, before reading: the files it will read and the charts among them. */
export interface TreeListing {
  files: number;
  charts: number;
}

export interface RerunInputs {
  listing: TreeListing;
  env: NodeJS.ProcessEnv;
  /** node's own options (process.execArgv). */
  execArgv: readonly string[];
  /** Bytes: os.totalmem(). */
  totalMemory: number;
  /** Bytes: process.constrainedMemory() (the cgroup limit; 0, undefined or absurdly large when there is none). */
  constrainedMemory: number | undefined;
  /** Bytes: this process's v8.getHeapStatistics().heap_size_limit. */
  heapSizeLimit: number;
}

const MB = 1024 * 1024;

/** The V8 flags to re-run this lint with, or undefined to run it here. */
export function rerunFlags(input: RerunInputs): string[] | undefined {
  const { listing, env } = input;
  if (env[RERUN_MARKER]) return undefined;
  const given = [...input.execArgv, ...splitNodeOptions(env.NODE_OPTIONS ?? '')];
  // A debugger is attached to this process (a child would fight it for the port).
  if (given.some((flag) => /^--inspect/.test(flag) || flag === '--debug-port')) return undefined;
  const [files, charts] = thresholds(env);
  const large = listing.files >= files;
  const helmHeavy = listing.charts >= charts;
  if (!large && !helmHeavy) return undefined;
  const userSets = (name: string) => given.some((flag) => flagName(flag) === name);
  const semiSpace = !userSets('max-semi-space-size');
  // --max-heap-size sizes the old space too (V8 refuses all three flags together).
  const oldSpaceMb = userSets('max-old-space-size') || userSets('max-heap-size') ? undefined : oldSpaceLimitMb(input);
  const oldSpace = oldSpaceMb !== undefined && oldSpaceMb * MB > input.heapSizeLimit;
  // Only the young generation helps a Helm-heavy tree of moderate size; the limit, a large one.
  if (!(semiSpace || (large && oldSpace))) return undefined;
  return [...(semiSpace ? [`--max-semi-space-size=${RERUN_SEMI_SPACE_MB}`] : []), ...(oldSpace ? [`--max-old-space-size=${oldSpaceMb}`] : [])];
}

/** The old-space limit (MB) for the memory this process may use: the cgroup's limit when it has one below the machine's. */
export function oldSpaceLimitMb({ totalMemory, constrainedMemory }: Pick<RerunInputs, 'totalMemory' | 'constrainedMemory'>): number {
  const usable = constrainedMemory && constrainedMemory > 0 ? Math.min(constrainedMemory, totalMemory) : totalMemory;
  return Math.floor((usable / MB) * OLD_SPACE_SHARE);
}

function thresholds(env: NodeJS.ProcessEnv): [files: number, charts: number] {
  const test = /^(\d+),(\d+)$/.exec(env[TEST_THRESHOLDS] ?? '');
  return test ? [Number(test[1]), Number(test[2])] : [RERUN_FILES, RERUN_CHARTS];
}

/** `--max_old_space_size=100` → `max-old-space-size` (V8 takes `_` and `-` alike); '' for what is not an option. */
function flagName(flag: string): string {
  const m = /^--?([A-Za-z0-9_-]+)/.exec(flag);
  return m ? m[1]!.replace(/_/g, '-').toLowerCase() : '';
}

/** NODE_OPTIONS split as Node splits it: on spaces, with double quotes around a value that has some. */
export function splitNodeOptions(options: string): string[] {
  return [...options.matchAll(/(?:[^\s"]+|"[^"]*")+/g)].map((m) => m[0].replace(/"/g, ''));
}
