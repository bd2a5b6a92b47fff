// Runs scripts/phase-memory.ts (bundled by run-ts.mjs): node --expose-gc scripts/phase-memory.mjs <tree> [format] [out]
import { runTypeScript } from './run-ts.mjs';

await runTypeScript('phase-memory', (m) => m.main(...process.argv.slice(2)));
