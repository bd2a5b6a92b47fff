// The linter's entry inside dist/cli.js. scripts/build.mjs bundles this module and embeds it in a
// small launcher that answers `--version` itself and compiles the linter only for a real run, so
// the most common probe of a CI setup does not pay for compiling ~1.4 MB of code.
import { tuneHeapForLint } from './heap.js';
import { readableStack, runCli } from './main.js';

export async function main(args: readonly string[]): Promise<number> {
  tuneHeapForLint();
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

/** A writer that stops writing once the stream's reader has closed the pipe (EPIPE). */
export function closableStream(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw error;
  });
  return (text) => {
    if (closed) return;
    try {
      stream.write(text);
    } catch (error) {
      // A synchronous pipe write can throw EPIPE itself (before the 'error' event).
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
      closed = true;
    }
  };
}
