// Bundles the CLI into one ESM file (fast `npx` start: one file to load, no resolution work).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/generate-registry.mjs'], { stdio: 'inherit' });

await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.js',
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
});
chmodSync('dist/cli.js', 0o755);
