// Entry point of the bundled CLI (dist/cli.js). `--version` answers before the linter's modules are
// initialised (they are loaded lazily below), so the most common probe of a CI setup stays fast.
import pkg from '../../package.json' with { type: 'json' };

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { tuneHeapForLint } = await import('./heap.js');
  tuneHeapForLint();
  const { runCli } = await import('./main.js');
  process.exitCode = await runCli(args, {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
  });
}
