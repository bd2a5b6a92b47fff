// Runner for scripts/kustomize-fidelity.ts: bundles it with esbuild (TypeScript, no tsx needed) and runs it.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// inside the repo so the bundle's external imports (yaml, ajv) resolve from node_modules
const cache = join(here, '..', 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'rl-kustomize-fidelity-'));
const outfile = join(dir, 'kustomize-fidelity.mjs');
try {
  await build({
    entryPoints: [join(here, 'kustomize-fidelity.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
