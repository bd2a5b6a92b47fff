// Runner for scripts/rule-scope.ts (scripts/run-ts.mjs bundles it with esbuild and runs it).
import { runTypeScript } from './run-ts.mjs';

await runTypeScript('rule-scope');
