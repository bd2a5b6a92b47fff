// Bundles the CLI into a launcher and a few ESM files in dist/lib (only what a run needs is
// compiled), and the GitHub Action into one file.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

// `--action-only <file>` builds just the Action bundle to <file> (the staleness test compares it
// with the committed dist/action.js).
const actionOnly = process.argv.indexOf('--action-only');
if (actionOnly < 0) execFileSync(process.execPath, ['scripts/generate-registry.mjs'], { stdio: 'inherit' });

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  minifySyntax: true,
  legalComments: 'eof',
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __rlCreateRequire } from 'node:module';\nconst require = __rlCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

if (actionOnly >= 0) {
  await build({ ...common, entryPoints: ['src/action/bin.ts'], outfile: process.argv[actionOnly + 1], target: 'node20.19' });
  process.exit(0);
}
// dist/cli.js is a small launcher: it answers `--version` itself and imports the linter from
// dist/lib/ for a real run. The linter is split (esbuild `splitting`): dist/lib/cli.js holds what
// every run needs, dist/lib/helm.js the Helm stage (half the code), imported only when the tree
// holds a chart (engine/helm-loader.ts), and chunk-*.js the code both share. Plain files with
// linked source maps: Node resolves and compiles each once, and stack traces can be mapped.
// Built beside and swapped in, so a CLI started during a rebuild finds a whole dist/lib.
const libTemp = `dist/.lib.${process.pid}.tmp`;
rmSync(libTemp, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: 'src/cli/bin.ts', helm: 'src/engine/helm-stage.ts' },
  outdir: libTemp,
  splitting: true,
  // less to scan at every start-up; the source maps give stack traces their names and lines back
  minifyWhitespace: true,
  chunkNames: 'chunk-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  banner: { js: "import { createRequire as __rlCreateRequire } from 'node:module';\nconst require = __rlCreateRequire(import.meta.url);" },
});
rmSync('dist/lib', { recursive: true, force: true });
renameSync(libTemp, 'dist/lib');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// Written beside and renamed over: a test running dist/cli.js while `npm pack` rebuilds it never
// reads half a file.
const cliTemp = `dist/.cli.js.${process.pid}.tmp`;
mkdirSync('dist', { recursive: true });
writeFileSync(
  cliTemp,
  [
    '#!/usr/bin/env node',
    `// readiness-lint ${version}: launcher; the linter is in ./lib (see scripts/build.mjs).`,
    'const args = process.argv.slice(2);',
    "if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {",
    `  process.stdout.write('${version}\\n');`,
    '} else {',
    "  const { main } = await import('./lib/cli.js');",
    '  process.exitCode = await main(args);',
    '}',
    '',
  ].join('\n'),
);
chmodSync(cliTemp, 0o755);
renameSync(cliTemp, 'dist/cli.js');
// The Action's bundle is committed (actions run from the repository); a test checks it is current.
const actionTemp = `dist/.action.js.${process.pid}.tmp`;
await build({ ...common, entryPoints: ['src/action/bin.ts'], outfile: actionTemp, target: 'node20.19' });
renameSync(actionTemp, 'dist/action.js');
// NOTICE lists the npm packages the bundles hold, from esbuild's metafile (scripts/notice.mjs).
execFileSync(process.execPath, ['scripts/notice.mjs'], { stdio: 'inherit' });
