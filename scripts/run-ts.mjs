// Runs a TypeScript script of this folder: bundles it with esbuild (no tsx needed) into a temporary
// folder inside node_modules/.cache, so the bundle's external imports (yaml, ajv) resolve from
// node_modules, imports it (and hands its exports to `use`), and removes the bundle.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** `name` is the script's file name without `.ts` (e.g. `helm-fidelity`); resolves to what `use` returns. */
export async function runTypeScript(name, use = () => undefined) {
  const cache = join(here, '..', 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `rl-${name}-`));
  const outfile = join(dir, `${name}.mjs`);
  try {
    await build({
      entryPoints: [join(here, `${name}.ts`)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'warning',
      // the linter requires some libraries on first use (scripts/build.mjs, LAZY_PACKAGES); an ESM bundle has no `require` of its own
      banner: { js: "import { createRequire as __rlCreateRequire } from 'node:module';\nconst require = __rlCreateRequire(import.meta.url);" },
    });
    return await use(await import(pathToFileURL(outfile).href));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
