// A V8 code cache for the linter's bundle (issue 18, "one file in a blink"). Node 20 has no
// `module.enableCompileCache`, so the launcher (src/cli/launcher.ts, built as dist/cli.js) compiles
// dist/lib/linter.cjs itself with `vm.Script` and hands V8 the bytecode saved by an earlier run
// (`createCachedData()` after a run, so the functions that run called are in it, not only the
// top level). Compiling the bundle from source is most of a one-file lint's start-up.
//
// The cache is input like any other: it lives in the user's cache folder (XDG_CACHE_HOME or
// ~/.cache/readiness-lint), never inside the tree being linted (a repository could otherwise plant
// bytecode: V8 checks only the source's length, the V8 version and flags, and does not checksum
// the data in release builds, where a flipped byte can crash the process). So each file is named
// by a hash of everything that makes it valid (package version, Node version and architecture,
// Node options, the bundle's SHA-256) and carries a SHA-256 of its own bytes, checked before V8
// sees them. A missing, damaged or rejected cache is compiled from source and written again
// (atomically, beside and renamed), and so is one made by a run that did not lint (`--help`); a
// folder that cannot be written only means no cache.
// READINESS_LINT_NO_CACHE=1 turns it off.
//
// Built-in modules come from `process.getBuiltinModule`, not imports: the launcher answers
// `--version` before any of them is loaded.

import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs';
import type * as Os from 'node:os';
import type * as Path from 'node:path';
import type * as V8 from 'node:v8';

const builtin = <T>(id: string): T => process.getBuiltinModule(id) as T;

/**
 * Bytecode a function runs through before V8 considers optimising it with TurboFan: 8× V8's
 * default (67,584). A lint is short and runs much code a few times; with the default, TurboFan
 * compiled on background threads code that was then hardly run again: 110 ms of the 500 ms CPU of
 * a lint of the corpus's 39 compose files and 120 ms of its 139 Dockerfiles, and 0.5 s of a 5 s
 * run of its 1,121 manifests (all measured as whole processes, interleaved). In a one-chart lint
 * it was about 40% of the process's CPU (bitnami janusgraph 829 -> 575 ms, 9 paired runs); on
 * ../shared/corpus with Helm on, 51.7 s by default, 48.1 s at 8x, 49.7 s at 32x and 79.7 s with
 * TurboFan off, so long runs still want the optimiser, a little later. A budget given on
 * the command line or in NODE_OPTIONS is kept. Set by the launcher before it compiles the bundle,
 * so a code cache is made and checked under it.
 */
export const INTERRUPT_BUDGET = 8 * 67_584;

/**
 * Sets the lint's interrupt budget unless the user gave one (on the command line or in
 * NODE_OPTIONS). The launcher calls it before compiling the bundle; the benchmark's runner too, so
 * it measures the linter as the CLI runs it.
 */
export function applyInterruptBudget(execArgv: readonly string[], nodeOptions: string | undefined): void {
  if ([...execArgv, nodeOptions ?? ''].some((a) => a.includes('interrupt-budget'))) return;
  builtin<typeof V8>('node:v8').setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/** File header: a magic string, the coverage byte (what the run that made it compiled), then the SHA-256 of the V8 data that follows. */
const MAGIC = Buffer.from('readiness-lint code cache 2\n');
const HEADER_BYTES = MAGIC.length + 1 + 32;
/** Caches of other versions or Node builds kept beside the current one (npx keeps several installs). */
const KEEP_OTHERS = 4;
const PREFIX = 'linter-';
const SUFFIX = '.v8cache';

export interface CacheInputs {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
  cwd: string;
  /** The command line's arguments: every one that is not an option may be a scanned path. */
  args: readonly string[];
}

/**
 * What a run was asked to lint, as far as the launcher can tell before the linter is compiled:
 * named files only (`files`: a pre-commit hook, an editor, a list of compose files or
 * Dockerfiles), or a folder (`tree`: a repository, a chart). Each has its own cache: the cache
 * holds what the run that made it compiled, and one made by a chart's lint (the Helm engine, half
 * the bundle: 1.5 MB against 1.0) took longer to load for a one-manifest run than the compiling
 * it saved. An option's value counts as a path here (the launcher does not know the options); a
 * wrong guess only means the other cache.
 */
export type RunShape = 'files' | 'tree';

interface PathArgument {
  /** Absolute, as given (symbolic links not resolved). */
  path: string;
  /** A file (not a folder) that exists; a path that does not exist may still be created or be a folder later. */
  file: boolean;
  /** Anything is there (as existsSync says: a path that cannot be looked up is not). */
  exists: boolean;
}

let argumentsSeen: { cwd: string; args: readonly string[]; paths: PathArgument[] } | undefined;

/** The arguments that may name a scanned path, each looked up once (the launcher asks twice). */
function pathArguments(cwd: string, args: readonly string[]): PathArgument[] {
  if (argumentsSeen?.cwd === cwd && argumentsSeen.args === args) return argumentsSeen.paths;
  const { resolve } = builtin<typeof Path>('node:path');
  const { statSync } = builtin<typeof Fs>('node:fs');
  const paths = args
    .filter((a) => !a.startsWith('-'))
    .map((a) => {
      const path = resolve(cwd, a);
      try {
        const st = statSync(path, { throwIfNoEntry: false });
        return { path, file: st?.isFile() === true, exists: st !== undefined };
      } catch {
        // ENOTDIR, EACCES, a loop: not a file this run reads (the linter reports what it must)
        return { path, file: false, exists: false };
      }
    });
  argumentsSeen = { cwd, args, paths };
  return paths;
}

/** `files` when every path argument that exists is a file and one does; else `tree` (no path argument lints the working folder). */
export function runShape(cwd: string, args: readonly string[]): RunShape {
  const paths = pathArguments(cwd, args);
  return paths.some((p) => p.file) && paths.every((p) => p.file || !p.exists) ? 'files' : 'tree';
}

/**
 * The folder the cache is kept in, or undefined when there is none to use: turned off, no home,
 * or a folder inside a tree this run may scan (the working folder or a path argument).
 */
export function cacheFolder({ env, platform, homedir, cwd, args }: CacheInputs): string | undefined {
  const { isAbsolute, join } = builtin<typeof Path>('node:path');
  if (env.READINESS_LINT_NO_CACHE && env.READINESS_LINT_NO_CACHE !== '0') return undefined;
  let folder: string | undefined;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) folder = join(env.XDG_CACHE_HOME, 'readiness-lint');
  else if (platform === 'win32' && env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA)) folder = join(env.LOCALAPPDATA, 'readiness-lint', 'Cache');
  else if (homedir && isAbsolute(homedir)) folder = join(homedir, '.cache', 'readiness-lint');
  if (!folder) return undefined;
  // A folder cannot be inside a file: only the working folder and the other path arguments are
  // resolved (39 compose files named on the command line cost 39 link walks before).
  const scanned = [
    cwd,
    ...pathArguments(cwd, args)
      .filter((p) => !p.file)
      .map((p) => p.path),
  ];
  const real = realOrResolved(folder);
  return scanned.some((root) => isAtOrUnder(real, realOrResolved(root))) ? undefined : folder;
}

/** The path with symbolic links resolved as far as it exists (the rest appended as written). */
function realOrResolved(path: string): string {
  const { dirname, join, basename, resolve } = builtin<typeof Path>('node:path');
  const { realpathSync } = builtin<typeof Fs>('node:fs');
  const rest: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(at), ...rest);
    } catch {
      const up = dirname(at);
      if (up === at) return resolve(path);
      rest.unshift(basename(at));
      at = up;
    }
  }
}

export function isAtOrUnder(path: string, root: string): boolean {
  const { relative, isAbsolute, sep } = builtin<typeof Path>('node:path');
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

const sha256 = (data: string | Uint8Array): Buffer => builtin<typeof Crypto>('node:crypto').createHash('sha256').update(data).digest();

/**
 * The cache file's name: a hash of what makes a cache valid for this bundle in this Node, and of
 * the run's shape (each shape has its own cache, see RunShape). Node's options are in it, so the
 * re-run of a big lint (src/cli/heap.ts: the same launcher with heap flags added) has a cache of
 * its own: V8 rejects a cache made under other heap flags.
 */
export function cacheFileName(parts: { version: string; bundle: Uint8Array; env: NodeJS.ProcessEnv; execArgv: readonly string[]; shape: RunShape }): string {
  const key = [
    parts.version,
    parts.shape,
    process.version,
    process.arch,
    process.versions.v8,
    parts.execArgv.join(' '),
    parts.env.NODE_OPTIONS ?? '',
    sha256(parts.bundle).toString('hex'),
  ].join('\0');
  return `${PREFIX}${sha256(key).toString('hex').slice(0, 32)}${SUFFIX}`;
}

export interface CodeCache {
  data: Buffer;
  /** What the run that made it compiled (the linter's `codeCoverage()`). */
  coverage: number;
}

/** A cache file's V8 data, or undefined when it is missing, truncated or damaged. */
export function readCodeCache(file: string): CodeCache | undefined {
  let bytes: Buffer;
  try {
    bytes = builtin<typeof Fs>('node:fs').readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = bytes.subarray(HEADER_BYTES);
  if (!sha256(data).equals(bytes.subarray(MAGIC.length + 1, HEADER_BYTES))) return undefined;
  return { data, coverage: bytes[MAGIC.length]! };
}

/**
 * Writes the cache (beside, then renamed: a reader sees a whole file or none) and removes the
 * oldest caches of other versions. Any failure (read-only home, full disk) leaves no cache.
 */
export function writeCodeCache(file: string, data: Uint8Array, coverage: number): void {
  const fs = builtin<typeof Fs>('node:fs');
  const { dirname, join, basename } = builtin<typeof Path>('node:path');
  const folder = dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temp, Buffer.concat([MAGIC, Buffer.of(coverage & 0xff), sha256(data), data]), { mode: 0o600 });
    fs.renameSync(temp, file);
    const others = fs
      .readdirSync(folder)
      .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name !== basename(file))
      .map((name) => ({ path: join(folder, name), mtime: fs.statSync(join(folder, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of others.slice(KEEP_OTHERS)) fs.rmSync(old.path, { force: true });
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing more to do: the run goes on without a cache
    }
  }
}

/** Used by tests and the launcher: the home folder as Node sees it (HOME, else the user database). */
export function homeFolder(): string {
  try {
    return builtin<typeof Os>('node:os').homedir();
  } catch {
    return '';
  }
}
