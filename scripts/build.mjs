// Bundles the CLI into a launcher and a few ESM files in dist/lib (only what a run needs is
// compiled), and the GitHub Action into one file.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

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
//
// Heavy dependencies that only some runs need (ajv for a config, baseline or saved report;
// dockerfile-ast for Dockerfiles; toml-eslint-parser for TOML; re2js and picomatch for globs,
// .gitignore lines and the patterns that must match in linear time) are called with
// `require(name)` where first used, and are each bundled into a CommonJS file of their own, dist/lib/vendor-<name>.cjs:
// the linter's `require(name)` is pointed at that file, which Node then loads synchronously on the
// first call (a dynamic import would make the parsers asynchronous). Code that imports these
// packages statically would pull them back into the linter's chunks; the chunks are checked below.
const LAZY_PACKAGES = ['ajv', 'dockerfile-ast', 'toml-eslint-parser', 're2js', 'picomatch'];
const vendorFile = (name) => `vendor-${name}.cjs`;
const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${LAZY_PACKAGES.join('|')})$`) }, (args) =>
      args.kind === 'require-call' ? { path: `./${vendorFile(args.path)}`, external: true } : undefined,
    );
  },
};
const libTemp = `dist/.lib.${process.pid}.tmp`;
rmSync(libTemp, { recursive: true, force: true });
const resolveHere = createRequire(import.meta.url);
for (const name of LAZY_PACKAGES) {
  await build({
    ...common,
    // the package as Node would load it with require(); ESM-only packages are converted
    entryPoints: [resolveHere.resolve(name)],
    format: 'cjs',
    banner: {},
    minifyWhitespace: true,
    outfile: `${libTemp}/${vendorFile(name)}`,
  });
}
const lib = await build({
  ...common,
  entryPoints: { cli: 'src/cli/bin.ts', helm: 'src/engine/helm-stage.ts' },
  plugins: [lazyPackages],
  metafile: true,
  outdir: libTemp,
  splitting: true,
  // less to scan at every start-up; the source maps give stack traces their names and lines back
  minifyWhitespace: true,
  chunkNames: 'chunk-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  banner: { js: "import { createRequire as __rlCreateRequire } from 'node:module';\nconst require = __rlCreateRequire(import.meta.url);" },
});
// A lazy package imported statically somewhere would be bundled into the chunks as well: compiled
// on every run, and twice when its vendor file is loaded too.
for (const [file, output] of Object.entries(lib.metafile.outputs)) {
  const eager = Object.keys(output.inputs).find((input) => LAZY_PACKAGES.some((name) => input.startsWith(`node_modules/${name}/`)));
  if (eager) throw new Error(`build: ${eager} is bundled into ${file}; import it with require() where it is used (scripts/build.mjs, LAZY_PACKAGES)`);
}
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
