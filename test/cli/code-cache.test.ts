// The launcher's V8 code cache (src/cli/code-cache.ts, issue 18): written by a first run, used by
// the next, and a missing, damaged, foreign or unwritable cache only means compiling from source,
// with the same output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFolder, isAtOrUnder, readCodeCache, runShape, writeCodeCache } from '../../src/cli/code-cache.js';
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'rl-code-cache-'));
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MANIFEST =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n';

function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'deploy.yaml'), MANIFEST);
  return dir;
}

/** One run: its report, exit status and what the launcher did with the cache. */
function lint(dir: string, env: NodeJS.ProcessEnv, args = ['.', '--format', 'json']): { status: number | null; stdout: string; cache: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: join(work, 'home'), READINESS_LINT_CACHE_TRACE: '1', ...env },
  });
  const cache = /code cache (\w+)/.exec(r.stderr)?.[1] ?? `none: ${r.stderr}`;
  return { status: r.status, stdout: r.stdout, cache };
}

const cacheFiles = (xdg: string): string[] => {
  const folder = join(xdg, 'readiness-lint');
  return existsSync(folder) ? readdirSync(folder).map((f) => join(folder, f)) : [];
};

describe('the code cache', () => {
  const dir = project('app');
  const reference = lint(dir, { READINESS_LINT_NO_CACHE: '1' });

  it('is off with READINESS_LINT_NO_CACHE=1 and writes nothing', () => {
    expect(reference.cache).toBe('off');
    expect(reference.status).toBe(1);
    expect(JSON.parse(reference.stdout).findings.length).toBeGreaterThan(0);
    expect(existsSync(join(work, 'home', '.cache'))).toBe(false);
  });

  it('is written by the first run in the user cache folder and used by the next, with the same output', () => {
    const xdg = join(work, 'xdg-used');
    const first = lint(dir, { XDG_CACHE_HOME: xdg });
    expect(first.cache).toBe('missing');
    expect(cacheFiles(xdg)).toHaveLength(1);
    expect(readCodeCache(cacheFiles(xdg)[0]!)).toBeDefined();
    const second = lint(dir, { XDG_CACHE_HOME: xdg });
    expect(second.cache).toBe('used');
    for (const r of [first, second]) {
      expect(r.status).toBe(reference.status);
      expect(r.stdout).toBe(reference.stdout);
    }
    // ~/.cache/readiness-lint without XDG_CACHE_HOME
    expect(lint(dir, {}).cache).toBe('missing');
    expect(lint(dir, {}).cache).toBe('used');
    expect(cacheFiles(join(work, 'home', '.cache'))).toHaveLength(1);
  });

  it('ignores a damaged cache file (V8 does not checksum it in release builds) and writes it again', () => {
    const xdg = join(work, 'xdg-damaged');
    lint(dir, { XDG_CACHE_HOME: xdg });
    const [file] = cacheFiles(xdg);
    const whole = readFileSync(file!);
    // a byte flipped in the middle of V8's data (given to V8, this one crashes the process or runs
    // wrong bytecode), the data cut short, and garbage
    const flipped = Buffer.from(whole);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    for (const damaged of [flipped, whole.subarray(0, whole.length >> 1), Buffer.from('not a cache')]) {
      writeFileSync(file!, damaged);
      const r = lint(dir, { XDG_CACHE_HOME: xdg });
      expect(r.cache).toBe('missing');
      expect(r.status).toBe(reference.status);
      expect(r.stdout).toBe(reference.stdout);
      expect(readFileSync(file!).equals(whole)).toBe(false); // written again, whole
      expect(lint(dir, { XDG_CACHE_HOME: xdg }).cache).toBe('used');
    }
  });

  it('compiles from source when V8 rejects the cache (made for other code) and replaces it', () => {
    const xdg = join(work, 'xdg-rejected');
    lint(dir, { XDG_CACHE_HOME: xdg });
    const [file] = cacheFiles(xdg);
    // well-formed, checksum right, but V8 data of another script
    const vm = process.getBuiltinModule('node:vm');
    const other = new vm.Script('(function () { return 1; })').createCachedData();
    writeCodeCache(file!, other, 1);
    expect(readCodeCache(file!)?.data.equals(other)).toBe(true);
    const r = lint(dir, { XDG_CACHE_HOME: xdg });
    expect(r.cache).toBe('rejected');
    expect(r.stdout).toBe(reference.stdout);
    expect(lint(dir, { XDG_CACHE_HOME: xdg }).cache).toBe('used');
  });

  it('is made again by a lint when a run that did not lint (--help) made it', () => {
    const xdg = join(work, 'xdg-coverage');
    expect(lint(dir, { XDG_CACHE_HOME: xdg }, ['--help']).cache).toBe('missing');
    const [file] = cacheFiles(xdg);
    expect(readCodeCache(file!)?.coverage).toBe(0);
    const helpOnly = readFileSync(file!).length;
    expect(lint(dir, { XDG_CACHE_HOME: xdg }).cache).toBe('used');
    expect(readCodeCache(file!)!.coverage & 1).toBe(1);
    expect(readFileSync(file!).length).toBeGreaterThan(helpOnly);
    const linted = readFileSync(file!);
    // then left as it is
    expect(lint(dir, { XDG_CACHE_HOME: xdg }).stdout).toBe(reference.stdout);
    expect(lint(dir, { XDG_CACHE_HOME: xdg }, ['--help']).cache).toBe('used');
    expect(readFileSync(file!).equals(linted)).toBe(true);
  });

  it('runs the same when the cache folder cannot be written (read-only or not a folder)', () => {
    const blocker = join(work, 'not-a-folder');
    writeFileSync(blocker, '');
    for (let i = 0; i < 2; i++) {
      const r = lint(dir, { XDG_CACHE_HOME: join(blocker, 'cache') });
      expect(r.cache).toBe('missing');
      expect(r.status).toBe(reference.status);
      expect(r.stdout).toBe(reference.stdout);
    }
  });
});

describe('which run makes which cache', () => {
  const dir = project('shapes');
  const reference = lint(dir, { READINESS_LINT_NO_CACHE: '1' });
  const oneFile = ['deploy.yaml', '--format', 'json'];

  it('keeps one cache for lints of named files and one for lints of a folder: a folder lint does not grow the one-file cache', () => {
    const xdg = join(work, 'xdg-shape');
    expect(lint(dir, { XDG_CACHE_HOME: xdg }, oneFile).cache).toBe('missing');
    const [fileCache] = cacheFiles(xdg);
    const made = readFileSync(fileCache!);
    const folder = lint(dir, { XDG_CACHE_HOME: xdg });
    expect(folder.cache).toBe('missing');
    expect(folder.stdout).toBe(reference.stdout);
    expect(cacheFiles(xdg)).toHaveLength(2);
    expect(lint(dir, { XDG_CACHE_HOME: xdg }).cache).toBe('used');
    expect(lint(dir, { XDG_CACHE_HOME: xdg }, oneFile).cache).toBe('used');
    expect(readFileSync(fileCache!).equals(made)).toBe(true);
  });

  it('is made again by a lint of files of a family the run that made it did not judge, and then kept', () => {
    const xdg = join(work, 'xdg-kinds');
    const dir = project('kinds');
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:latest\n');
    const compose = ['compose.yaml', '--format', 'json'];
    expect(lint(dir, { XDG_CACHE_HOME: xdg }, oneFile).cache).toBe('missing');
    const [file] = cacheFiles(xdg);
    const manifestOnly = readCodeCache(file!)!;
    expect(lint(dir, { XDG_CACHE_HOME: xdg }, compose).cache).toBe('used');
    const withCompose = readCodeCache(file!)!;
    expect(withCompose.coverage & ~manifestOnly.coverage).not.toBe(0);
    expect(withCompose.data.equals(manifestOnly.data)).toBe(false);
    // nothing new: left as it is
    for (const args of [oneFile, compose]) expect(lint(dir, { XDG_CACHE_HOME: xdg }, args).cache).toBe('used');
    expect(readCodeCache(file!)!.data.equals(withCompose.data)).toBe(true);
    expect(lint(dir, { XDG_CACHE_HOME: xdg }, oneFile).stdout).toBe(lint(dir, { READINESS_LINT_NO_CACHE: '1' }, oneFile).stdout);
  });

  it('gives the re-run of a big lint (src/cli/heap.ts) a cache of its own, saved though the run is long, and used by the next re-run', () => {
    const xdg = join(work, 'xdg-rerun');
    // Every run counts as long here: a run that is not re-run saves nothing.
    const long = { XDG_CACHE_HOME: xdg, READINESS_LINT_TEST_LONG_RUN_MS: '0' };
    const rerun = { ...long, READINESS_LINT_TEST_RERUN_THRESHOLDS: '1,1' };
    expect(lint(dir, long).cache).toBe('missing');
    expect(cacheFiles(xdg)).toHaveLength(0);
    const first = lint(dir, { ...rerun, READINESS_LINT_HEAP_TRACE: '1' });
    expect(first.cache).toBe('missing');
    expect(cacheFiles(xdg)).toHaveLength(1);
    const second = lint(dir, { ...rerun, READINESS_LINT_HEAP_TRACE: '1' });
    expect(second.cache).toBe('used');
    for (const r of [first, second]) {
      expect(r.stdout).toBe(reference.stdout);
      expect(r.status).toBe(reference.status);
    }
    const [childCache] = cacheFiles(xdg);
    const made = readFileSync(childCache!);
    // The child's heap flags are in the key: a run without them does not take it (V8 would reject it).
    expect(lint(dir, long).cache).toBe('missing');
    expect(lint(dir, rerun).cache).toBe('used');
    expect(readFileSync(childCache!).equals(made)).toBe(true);
  });
});

describe('runShape', () => {
  const dir = project('shape-args');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  it('is files when every existing path argument is a file, else tree', () => {
    expect(runShape(dir, ['deploy.yaml'])).toBe('files');
    expect(runShape(dir, ['deploy.yaml', '--format', 'json', join(dir, 'deploy.yaml')])).toBe('files');
    expect(runShape(dir, ['deploy.yaml', 'sub'])).toBe('tree');
    expect(runShape(dir, ['.'])).toBe('tree');
    // no path: the working folder is linted
    expect(runShape(dir, [])).toBe('tree');
    expect(runShape(dir, ['--format', 'json'])).toBe('tree');
    expect(runShape(dir, ['missing.yaml'])).toBe('tree');
    // a path through a file (an output file in a folder that cannot exist): no error here
    expect(runShape(dir, ['deploy.yaml', '-o', 'deploy.yaml/report.json'])).toBe('files');
  });
});

describe('cacheFolder', () => {
  const base = { env: {}, platform: 'linux' as const, homedir: '/home/u', cwd: '/srv/app', args: ['.'] };
  it('is XDG_CACHE_HOME/readiness-lint, else ~/.cache/readiness-lint, else none', () => {
    expect(cacheFolder({ ...base, env: { XDG_CACHE_HOME: '/xdg' } })).toBe('/xdg/readiness-lint');
    expect(cacheFolder({ ...base, env: { XDG_CACHE_HOME: 'relative' } })).toBe('/home/u/.cache/readiness-lint');
    expect(cacheFolder(base)).toBe('/home/u/.cache/readiness-lint');
    expect(cacheFolder({ ...base, homedir: '' })).toBeUndefined();
    expect(cacheFolder({ ...base, env: { READINESS_LINT_NO_CACHE: '1', XDG_CACHE_HOME: '/xdg' } })).toBeUndefined();
    expect(cacheFolder({ ...base, env: { READINESS_LINT_NO_CACHE: '0' } })).toBe('/home/u/.cache/readiness-lint');
  });

  it('is none when it would be inside the working folder or a scanned path', () => {
    expect(cacheFolder({ ...base, homedir: '/srv/app' })).toBeUndefined();
    expect(cacheFolder({ ...base, env: { XDG_CACHE_HOME: '/srv/app/.cache' } })).toBeUndefined();
    expect(cacheFolder({ ...base, env: { XDG_CACHE_HOME: '/srv/repo/.cache' }, args: ['../../srv/repo', '--format', 'json'] })).toBeUndefined();
    expect(cacheFolder({ ...base, homedir: '/srv' })).toBe('/srv/.cache/readiness-lint');
  });

  it('compares whole path segments', () => {
    expect(isAtOrUnder('/a/b', '/a')).toBe(true);
    expect(isAtOrUnder('/a', '/a')).toBe(true);
    expect(isAtOrUnder('/ab', '/a')).toBe(false);
    expect(isAtOrUnder('/', '/a')).toBe(false);
  });
});
