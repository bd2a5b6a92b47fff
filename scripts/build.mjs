// Bundles the CLI into a launcher and the linter in dist/lib (only what a run needs is compiled,
// once: see below), and the GitHub Action into one file.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { yamlWithoutTokenLog } from './esbuild-yaml-env.mjs';

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

// dist/ is CommonJS (dist/package.json, committed: the Action runs from the repository): an ES
// module entry starts Node's ESM loader, about 5 ms of every run of the CLI, `--version` included.
// The Action's bundle is CommonJS too, so it runs beside it.
const DIST_PACKAGE_JSON = '{ "type": "commonjs" }\n';
const actionOptions = (outfile) => ({ ...common, format: 'cjs', banner: { js: '#!/usr/bin/env node' }, entryPoints: ['src/action/bin.ts'], outfile, target: 'node20.19' });
if (actionOnly >= 0) {
  await build(actionOptions(process.argv[actionOnly + 1]));
  process.exit(0);
}
// dist/cli.js is a small launcher (src/cli/launcher.ts): it answers `--version` itself and, for a
// real run, compiles the linter, dist/lib/linter.cjs, with a V8 code cache kept in the user's cache
// folder (src/cli/code-cache.ts). The linter is one CommonJS file because Node 20 can hand V8 a
// code cache only for a script (`vm.Script`), not for ES modules; with the cache, what a run does
// not call (the Helm stage, formatters not asked for) costs neither compiling nor deserialising,
// and the Helm stage's modules are not even initialised unless the tree holds a chart
// (engine/helm-loader.ts's dynamic import becomes a lazy initialiser in the bundle). A linked
// source map gives stack traces their names and lines back.
// Built beside and swapped in, so a CLI started during a rebuild finds a whole dist/lib.
//
// Heavy dependencies that only some runs need (ajv for a config, baseline or saved report;
// dockerfile-ast for Dockerfiles; toml-eslint-parser for TOML; re2js and picomatch for globs,
// .gitignore lines and the patterns that must match in linear time) are called with
// `require(name)` where first used, and are each bundled into a CommonJS file of their own, dist/lib/vendor-<name>.cjs:
// the linter's `require(name)` is pointed at that file, which Node then loads synchronously on the
// first call (a dynamic import would make the parsers asynchronous). Code that imports these
// packages statically would pull them back into the linter; the bundle is checked below.
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
// Node built-ins that only some runs use, loaded on first use: `node:child_process` (git for
// --changed and base revisions, kustomize) brings in net, dgram, streams and more, 2–3 ms of every
// start; `node:zlib` (chart archives, compacted Helm documents, --upload) about 3 ms;
// `node:fs/promises` (Helm's file reads, writing -o files) streams, readline and file watchers.
// The module is replaced by an object whose getters require it when one is first read.
const LAZY_BUILTINS = ['node:child_process', 'node:zlib', 'node:fs/promises'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${LAZY_BUILTINS.join('|')})$`) }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: [
        'let loaded;',
        `const load = () => (loaded ??= require(${JSON.stringify(args.path)}));`,
        `module.exports = { ${Object.keys(resolveHere(args.path))
          .map((name) => `get ${name}() { return load().${name}; }`)
          .join(', ')} };`,
      ].join('\n'),
      loader: 'js',
    }));
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
  entryPoints: ['src/cli/bin.ts'],
  format: 'cjs',
  banner: {},
  plugins: [lazyPackages, lazyBuiltins, yamlWithoutTokenLog],
  metafile: true,
  outfile: `${libTemp}/linter.cjs`,
  // less to read and hash at every start-up; the source map gives stack traces their names and lines back
  minifyWhitespace: true,
  sourcemap: 'linked',
  sourcesContent: false,
});
// A lazy package imported statically somewhere would be bundled into the linter as well: compiled
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
writeFileSync('dist/package.json', DIST_PACKAGE_JSON);
await build({
  ...common,
  format: 'cjs',
  entryPoints: ['src/cli/launcher.ts'],
  outfile: cliTemp,
  banner: { js: `#!/usr/bin/env node\n// readiness-lint ${version}: launcher; the linter is in ./lib (see scripts/build.mjs).` },
  define: { READINESS_LINT_VERSION: JSON.stringify(version) },
});
chmodSync(cliTemp, 0o755);
renameSync(cliTemp, 'dist/cli.js');
// The Action's bundle is committed (actions run from the repository); a test checks it is current.
const actionTemp = `dist/.action.js.${process.pid}.tmp`;
await build(actionOptions(actionTemp));
renameSync(actionTemp, 'dist/action.js');
// NOTICE lists the npm packages the bundles hold, from esbuild's metafile (scripts/notice.mjs).
execFileSync(process.execPath, ['scripts/notice.mjs'], { stdio: 'inherit' });
