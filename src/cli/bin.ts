// The linter's entry, dist/lib/cli.js. scripts/build.mjs bundles this module behind a small
// launcher (dist/cli.js) that answers `--version` itself and imports it only for a real run, so
// the most common probe of a CI setup does not pay for compiling the linter.
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
