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
  return runCli(args, {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  });
}
