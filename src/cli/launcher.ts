// dist/cli.js, the command users run. It answers `--version` before anything else is loaded, and
// for a real run compiles the linter (dist/lib/linter.cjs, a CommonJS bundle of src/cli/bin.ts)
// with a V8 code cache kept in the user's cache folder (./code-cache.ts): compiling the bundle from
// source is most of a one-file lint's start-up. scripts/build.mjs bundles this file and sets
// READINESS_LINT_VERSION.
//
// It is built as CommonJS (dist/package.json says so), not as an ES module: an ES module entry
// starts Node's ESM loader, about 5 ms of every run, `--version` included (no top-level await,
// no import.meta here).

import type * as Fs from 'node:fs';
import type * as Module from 'node:module';
import type * as Path from 'node:path';
import type * as Vm from 'node:vm';
import { applyInterruptBudget, cacheFileName, cacheFolder, homeFolder, readCodeCache, runShape, writeCodeCache } from './code-cache.js';

declare const READINESS_LINT_VERSION: string;

/** CPU time (ms) past which a run does not write the code cache (the re-run of a big lint excepted). */
const LONG_RUN_MS = 5_000;
/** For tests only (a run of 5 s is too slow for one): another LONG_RUN_MS. Not a user setting. */
const TEST_LONG_RUN_MS = 'READINESS_LINT_TEST_LONG_RUN_MS';
/** src/cli/heap.ts's RERUN_MARKER (not imported: the launcher stays small). */
const RERUN_MARKER = 'READINESS_LINT_RERUN';

/** What dist/lib/linter.cjs exports (src/cli/bin.ts). */
interface Linter {
  main(args: readonly string[], launcher: string): Promise<number>;
  beforeCodeCache(): void;
  handedOver(): boolean;
  codeCoverage(): number;
  outputFlushed(): boolean;
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${READINESS_LINT_VERSION}\n`);
} else {
  void run(args).then((status) => {
    process.exitCode = status;
  });
}

async function run(args: readonly string[]): Promise<number> {
  const builtin = <T>(id: string): T => process.getBuiltinModule(id) as T;
  const { readFileSync } = builtin<typeof Fs>('node:fs');
  const { dirname, join } = builtin<typeof Path>('node:path');
  const { createRequire } = builtin<typeof Module>('node:module');
  const vm = builtin<typeof Vm>('node:vm');
  // Before the bundle is compiled: the code cache is checked against the flags it was made under.
  applyInterruptBudget(process.execArgv, process.env.NODE_OPTIONS);
  const launcher = __filename;
  const file = join(dirname(launcher), 'lib', 'linter.cjs');
  const bundle = readFileSync(file);
  const cwd = process.cwd();
  const folder = cacheFolder({ env: process.env, platform: process.platform, homedir: homeFolder(), cwd, args });
  const shape = folder ? runShape(cwd, args) : 'tree';
  const cacheFile = folder && join(folder, cacheFileName({ version: READINESS_LINT_VERSION, bundle, env: process.env, execArgv: process.execArgv, shape }));
  const cached = cacheFile ? readCodeCache(cacheFile) : undefined;
  const cachedData = cached?.data;
  // The same wrapper as Node's CommonJS loader; on the first line, so line numbers are the file's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${bundle.toString('utf8')}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as Linter };
  (script.runInThisContext() as (...a: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const linter = module.exports;
  // A big run is re-run by a child process with a larger heap (src/cli/heap.ts): this one wrote
  // nothing and saves no cache (it compiled only up to discovery).
  const status = await linter.main(args, launcher);
  if (linter.handedOver()) return status;
  if (process.env.READINESS_LINT_CACHE_TRACE)
    process.stderr.write(`readiness-lint: code cache ${!cacheFile ? 'off' : cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  // Made again when missing or rejected, or when this run compiled what the cache lacks (see
  // codeCoverage in src/cli/bin.ts);
  // by short runs only: the cache of a long one (a 30 s lint of a whole corpus) took three times as
  // long to load as a one-file run's, and start-up is what the cache is for. The re-run of a big
  // lint (src/cli/heap.ts) is always long and has a cache of its own (its heap flags are in the
  // key): it saves one too, or every big run compiles the linter from source.
  const coverage = linter.codeCoverage();
  const cpu = process.cpuUsage();
  const longRunMs = /^\d+$/.test(process.env[TEST_LONG_RUN_MS] ?? '') ? Number(process.env[TEST_LONG_RUN_MS]) : LONG_RUN_MS;
  const short = (cpu.user + cpu.system) / 1000 < longRunMs || Boolean(process.env[RERUN_MARKER]);
  if (cacheFile && short && (cached === undefined || script.cachedDataRejected || (coverage & ~cached.coverage) !== 0)) {
    // V8 accepts a cache only under the V8 flags it was made with: the linter puts back the ones it set.
    linter.beforeCodeCache();
    // A cache V8 took is in the new one too (its functions were compiled in this process).
    const kept = cached !== undefined && !script.cachedDataRejected ? cached.coverage : 0;
    writeCodeCache(cacheFile, script.createCachedData(), coverage | kept);
  }
  // The run is done and its report written: end the process now. Left to run dry, the event loop
  // gave V8 idle time for one more full garbage collection of a heap about to go, 5–20 ms of CPU
  // after a lint of 39 compose files (profiled). Output still queued (a pipe on macOS) is waited for.
  if (linter.outputFlushed() && !process.env.READINESS_LINT_CACHE_TRACE) process.exit(status);
  return status;
}
