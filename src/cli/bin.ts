// The linter's entry, dist/lib/linter.cjs. scripts/build.mjs bundles this module behind a small
// launcher (dist/cli.js, src/cli/launcher.ts) that answers `--version` itself and compiles it
// (with a V8 code cache) only for a real run, so the most common probe of a CI setup does not pay
// for compiling the linter.
import { spawn } from 'node:child_process';
import { fstatSync } from 'node:fs';
import { constants, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { HEAP_GROWING_PERCENT, HEAP_TRACE, RERUN_MARKER, heapTuned, rerunFlags, tuneHeapForLint, untuneHeap, wantsHeapPolicy, type TreeListing } from './heap.js';
import { hasLinted, lintedFileKinds, readableStack, runCli, type CliIO } from './main.js';

/**
 * Called by the launcher before it saves a code cache of this bundle: V8 accepts a cache only
 * under the flags it was made with, and the next run compiles the bundle before `main` sets any.
 */
export function beforeCodeCache(): void {
  untuneHeap();
}

/**
 * What this run compiled, for the launcher's code cache, as bits: 1 when it linted (or rendered a
 * saved report), and one bit per family of files it judged. A cache made by a run that did not
 * lint (`--help`, a usage error) is made again by one that did, and one made by a run without
 * compose files (a manifest's lint) by one with them: the code that judges them was compiled from
 * source on every compose run (4% of a lint of 39 compose files). The bits only grow (the cache
 * holds what it was loaded with, and what the run compiled besides), so a cache is made again at
 * most a few times.
 */
export function codeCoverage(): number {
  if (!hasLinted()) return 0;
  let bits = 1;
  for (const kind of lintedFileKinds()) bits |= KIND_BITS[kind] ?? OTHER_KINDS;
  return bits;
}

const OTHER_KINDS = 64;
const KIND_BITS: Readonly<Record<string, number>> = {
  kubernetes: 2,
  compose: 4,
  dockerfile: 8,
  dockerignore: 8,
  'helm-chart': 16,
  'helm-values': 16,
  'helm-template': 16,
  'helm-other': 16,
};

let rerun = false;

/**
 * This process handed the run to a child (src/cli/heap.ts): the launcher then neither saves a code
 * cache (this run compiled only up to discovery) nor prints its trace.
 */
export function handedOver(): boolean {
  return rerun;
}

/**
 * @param launcher dist/cli.js, the file a big run is re-run with (absent: never re-run).
 */
export async function main(args: readonly string[], launcher?: string): Promise<number> {
  process.on('uncaughtException', (error) => {
    process.stderr.write(`readiness-lint: internal error: ${readableStack(error)}\n`);
    process.exit(2);
  });
  // `readiness-lint | head`: a reader that has gone away is not an error. Writes to a closed
  // stream are dropped, and the run ends with its own verdict, quietly.
  const stdout = closableStream(() => process.stdout);
  // Most runs write nothing to stderr: its stream is made on the first write, since making it for
  // a pipe (as CI and the benchmark give) loads node:net and more, about 3 ms of every start.
  const stderr = closableStream(() => process.stderr);
  const io: CliIO = {
    cwd: process.cwd(),
    env: process.env,
    stdout,
    stderr,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: stderrIsTerminal(),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  // Once discovery has listed the tree (nothing read yet): a big tree gets the heap's growth step
  // (src/cli/heap.ts), and one past the re-run thresholds is handed to a child.
  const listed = (listing: TreeListing): (() => Promise<number>) | undefined => {
    if (wantsHeapPolicy(listing)) tuneHeapForLint();
    return launcher ? handOver(listing, launcher, args, io) : undefined;
  };
  const status = await runCli(args, { ...io, handOver: listed });
  if (process.env[HEAP_TRACE] && !rerun) {
    const heapFlags = process.execArgv.filter((flag) => /^--max[-_](old|semi)[-_]space[-_]size/.test(flag));
    // through the run's own writer, so the launcher knows whether it is still queued (outputFlushed)
    await stderr(
      `readiness-lint: heap limit ${Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)} MB, growing ${heapTuned() ? `step ${HEAP_GROWING_PERCENT} %` : 'adaptive'}, ${process.env[RERUN_MARKER] ? `re-run by process ${process.ppid}` : 'not re-run'}${heapFlags.length ? `, ${heapFlags.join(' ')}` : ''}\n`,
    );
  }
  return status;
}

/**
 * The run again in a child process, when the tree needs a heap this process cannot have (its
 * flags are fixed at start-up; src/cli/heap.ts says which and why). The child inherits the
 * standard streams, so it writes the report and progress exactly as this process would have, and
 * its exit code or signal becomes this process's. Should the child fail to start, the lint runs here.
 */
function handOver(listing: TreeListing, launcher: string, args: readonly string[], io: CliIO): (() => Promise<number>) | undefined {
  const flags = rerunFlags({
    listing,
    env: process.env,
    execArgv: process.execArgv,
    totalMemory: totalmem(),
    constrainedMemory: process.constrainedMemory?.(),
    heapSizeLimit: getHeapStatistics().heap_size_limit,
  });
  if (!flags) return undefined;
  return () =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [...process.execArgv, ...flags, launcher, ...args], { stdio: 'inherit', env: { ...process.env, [RERUN_MARKER]: '1' } });
      rerun = true;
      // Ctrl-C reaches both processes from the terminal; a kill of this one alone is passed on.
      const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
      const forwarded: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
      for (const signal of forwarded) process.on(signal, forward);
      const stopForwarding = (): void => {
        for (const signal of forwarded) process.off(signal, forward);
      };
      child.on('error', () => {
        // A signal that could not be passed on changes nothing; a child that could not be started
        // (no process could be made) has written nothing, so the run can still be made here.
        if (child.pid !== undefined) return;
        stopForwarding();
        rerun = false;
        resolve(runCli(args, io));
      });
      child.on('exit', (code, signal) => {
        stopForwarding();
        if (signal) {
          // Ended by a signal: end the same way, so a shell or CI runner sees what the child got.
          process.kill(process.pid, signal);
          resolve(128 + (constants.signals[signal] ?? 0));
        } else resolve(code ?? 2);
      });
    });
}

/** The standard streams the run has written to (through closableStream). */
const openedStreams: NodeJS.WriteStream[] = [];

/**
 * Nothing the run wrote is still waiting to be written: the launcher may then end the process at
 * once (src/cli/launcher.ts says why). Files are written synchronously everywhere, terminals and
 * pipes on Linux; a write still queued (a pipe on macOS, a terminal on Windows) counts here.
 */
export function outputFlushed(): boolean {
  return openedStreams.every((stream) => stream.writableLength === 0);
}

/**
 * Whether stderr is a terminal, without making process.stderr when the answer is plain: a pipe or
 * a file (what CI and scripts give) is not one. A character device may be a terminal or /dev/null:
 * there the stream is asked.
 */
function stderrIsTerminal(): boolean {
  try {
    const st = fstatSync(2);
    if (st.isFIFO() || st.isFile() || st.isSocket()) return false;
  } catch {
    // no stderr at all (closed): the stream says what it is
  }
  return Boolean(process.stderr.isTTY);
}

/**
 * A writer that stops writing once the stream's reader has closed the pipe (EPIPE). Reports are
 * written in chunks: when the pipe is full it returns a promise that settles on drain (or close),
 * which the caller awaits before the next chunk rather than buffering the whole report.
 */
export function closableStream(open: () => NodeJS.WriteStream): (text: string) => Promise<void> | undefined {
  let closed = false;
  let opened: NodeJS.WriteStream | undefined;
  const streamOf = (): NodeJS.WriteStream => {
    if (opened) return opened;
    opened = open();
    openedStreams.push(opened);
    opened.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        closed = true;
        return;
      }
      throw error;
    });
    return opened;
  };
  return (text) => {
    if (closed) return undefined;
    const stream = streamOf();
    try {
      if (stream.write(text)) return undefined;
    } catch (error) {
      // A synchronous pipe write can throw EPIPE itself (before the 'error' event).
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
      closed = true;
      return undefined;
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  };
}
