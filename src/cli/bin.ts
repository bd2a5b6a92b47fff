// The linter's entry, dist/lib/linter.cjs. scripts/build.mjs bundles this module behind a small
// launcher (dist/cli.js, src/cli/launcher.ts) that answers `--version` itself and compiles it
// (with a V8 code cache) only for a real run, so the most common probe of a CI setup does not pay
// for compiling the linter.
import { tuneHeapForLint, untuneHeap } from './heap.js';
import { tuneTieringForLint, untuneTiering } from './tiering.js';
import { hasLinted, readableStack, runCli } from './main.js';

/**
 * Called by the launcher before it saves a code cache of this bundle: V8 accepts a cache only
 * under the flags it was made with, and the next run compiles the bundle before `main` sets any.
 */
export function beforeCodeCache(): void {
  untuneHeap();
  untuneTiering();
}

/**
 * What this run compiled, for the launcher's code cache: 1 when it linted (or rendered a saved
 * report). A cache made by a run that did not (`--help`, a usage error) is made again by one that did.
 */
export function codeCoverage(): number {
  return hasLinted() ? 1 : 0;
}

export async function main(args: readonly string[]): Promise<number> {
  tuneHeapForLint();
  tuneTieringForLint();
  process.on('uncaughtException', (error) => {
    process.stderr.write(`readiness-lint: internal error: ${readableStack(error)}\n`);
    process.exit(2);
  });
  // `readiness-lint | head`: a reader that has gone away is not an error. Writes to a closed
  // stream are dropped, and the run ends with its own verdict, quietly.
  const stdout = closableStream(process.stdout);
  const stderr = closableStream(process.stderr);
  return runCli(args, {
    cwd: process.cwd(),
    env: process.env,
    stdout,
    stderr,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  });
}

/**
 * A writer that stops writing once the stream's reader has closed the pipe (EPIPE). Reports are
 * written in chunks: when the pipe is full it returns a promise that settles on drain (or close),
 * which the caller awaits before the next chunk rather than buffering the whole report.
 */
export function closableStream(stream: NodeJS.WriteStream): (text: string) => Promise<void> | undefined {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw error;
  });
  return (text) => {
    if (closed) return undefined;
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
