// Bundles the CLI into one ESM file (fast `npx` start: one file to load, no resolution work), and
// the GitHub Action into another.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
// dist/cli.js is a launcher with the linter embedded as a base64 ES module: `--version` is
// answered before that module is compiled (compiling it costs ~35-50 ms), a real run imports it
// from a data: URL. Still one file, no resolution work, nothing fetched.
const linter = await build({
  ...common,
  entryPoints: ['src/cli/bin.ts'],
  write: false,
  outfile: 'linter.js',
  legalComments: 'external',
  // a data: URL module has no file URL: resolve require() for Node built-ins from the launcher
  banner: { js: "import { createRequire as __rlCreateRequire } from 'node:module';\nconst require = __rlCreateRequire(process.argv[1] || process.cwd() + '/');" },
});
const code = linter.outputFiles.find((f) => f.path.endsWith('linter.js')).contents;
const legal = linter.outputFiles.find((f) => f.path.endsWith('.LEGAL.txt'))?.text ?? '';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// Written beside and renamed over: a test running dist/cli.js while `npm pack` rebuilds it never
// reads half a file.
const cliTemp = `dist/.cli.js.${process.pid}.tmp`;
mkdirSync('dist', { recursive: true });
writeFileSync(
  cliTemp,
  [
    '#!/usr/bin/env node',
    `// readiness-lint ${version}: launcher; the linter is the base64 ES module below (see scripts/build.mjs).`,
    `const LINTER = '${Buffer.from(code).toString('base64')}';`,
    'const args = process.argv.slice(2);',
    "if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {",
    `  process.stdout.write('${version}\\n');`,
    '} else {',
    "  const { main } = await import('data:text/javascript;base64,' + LINTER);",
    '  process.exitCode = await main(args);',
    '}',
    legal ? `/*\n${legal.replace(/\*\//g, '* /')}\n*/` : '',
    '',
  ].join('\n'),
);
chmodSync(cliTemp, 0o755);
renameSync(cliTemp, 'dist/cli.js');
// The Action's bundle is committed (actions run from the repository); a test checks it is current.
const actionTemp = `dist/.action.js.${process.pid}.tmp`;
await build({ ...common, entryPoints: ['src/action/bin.ts'], outfile: actionTemp, target: 'node20.19' });
renameSync(actionTemp, 'dist/action.js');
