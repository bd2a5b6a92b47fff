// Bundles the CLI into one ESM file (fast `npx` start: one file to load, no resolution work), and
// the GitHub Action into another.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
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
await build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js' });
chmodSync('dist/cli.js', 0o755);
// The Action's bundle is committed (actions run from the repository); a test checks it is current.
await build({ ...common, entryPoints: ['src/action/bin.ts'], outfile: 'dist/action.js', target: 'node20.19' });
