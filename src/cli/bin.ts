// The linter's entry inside dist/cli.js. scripts/build.mjs bundles this module and embeds it in a
// small launcher that answers `--version` itself and compiles the linter only for a real run, so
// the most common probe of a CI setup does not pay for compiling ~1.4 MB of code.
import { once } from 'node:events';
import { tuneHeapForLint } from './heap.js';
import { readableStack, runCli } from './main.js';

export async function main(args: readonly string[]): Promise<number> {
  tuneHeapForLint();
  process.on('uncaughtException', (error) => {
    process.stderr.write(`readiness-lint: internal error: ${readableStack(error)}\n`);
    process.exit(2);
  });
  return runCli(args, {
    cwd: process.cwd(),
    env: process.env,
    // a report is written in chunks: wait for a full pipe to drain rather than buffer it all
    stdout: (text) => (process.stdout.write(text) ? undefined : once(process.stdout, 'drain').then(() => undefined)),
    stderr: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
  });
}
