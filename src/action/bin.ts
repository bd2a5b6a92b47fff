// Entry point of the bundled Action (dist/action.js, run by the runner on node24).
import { runAction } from './main.js';

// Bundled as CommonJS (scripts/build.mjs: dist/ is CommonJS), so no top-level await.
void runAction({ env: process.env, cwd: process.cwd(), stdout: (text) => process.stdout.write(text) }).then((status) => {
  process.exitCode = status;
});
