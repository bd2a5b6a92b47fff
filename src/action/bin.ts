// Entry point of the bundled Action (dist/action.js, run by the runner on node24).
import { runAction } from './main.js';

process.exitCode = await runAction({ env: process.env, cwd: process.cwd(), stdout: (text) => process.stdout.write(text) });
