// The launcher's V8 code cache (src/cli/code-cache.ts) is bytecode the process runs, so it must
// never come from the tree being linted: V8 checks only the source's length, its version and flags,
// so a cache made from other code of the same length is accepted and run. A repository that plants
// such a cache where a careless launcher would look (its own .cache folder, with HOME or
// XDG_CACHE_HOME pointing into the repository, as some CI setups do) gets nothing run and nothing written.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPT_BUDGET, cacheFileName, writeCodeCache } from '../../src/cli/code-cache.js';
import { REPO } from '../helpers/fixtures.js';
import { DEPLOYMENT, tree } from './helpers.js';

const CLI = join(REPO, 'dist', 'cli.js');
const BUNDLE = join(REPO, 'dist', 'lib', 'linter.cjs');
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const MARK = 'PWNED-by-cache'; // as long as "readiness-lint", so V8 takes the cache for the real bundle

/** V8 data for the linter's bundle with its tool name replaced, made after a run as the launcher does. */
function hostileCache(scratch: string): Buffer {
  const out = join(scratch, 'hostile.v8');
  const maker = `
    const fs = require('fs'), vm = require('vm'), { createRequire } = require('module');
    const file = ${JSON.stringify(BUNDLE)};
    const real = fs.readFileSync(file, 'utf8');
    const source = real.replace('TOOL_NAME="readiness-lint"', 'TOOL_NAME="${MARK}"');
    if (source === real || source.length !== real.length) throw new Error('tool name not found');
    require('v8').setFlagsFromString('--interrupt-budget=${INTERRUPT_BUDGET}'); // as the launcher does, or V8 rejects the cache
    const script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})', { filename: file });
    const m = { exports: {} };
    script.runInThisContext().call(m.exports, m.exports, createRequire(file), m, file, require('path').dirname(file));
    m.exports.main(['.', '--format', 'json', '--fail-on', 'none']).then(() => {
      m.exports.beforeCodeCache();
      fs.writeFileSync(${JSON.stringify(out)}, script.createCachedData());
    });`;
  const made = spawnSync(process.execPath, ['-e', maker], { cwd: scratch, encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  return readFileSync(out);
}

const listing = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

describe('a code cache planted in the scanned repository', () => {
  it('is never read nor written, though it would run if it were in the user cache folder', () => {
    const repo = tree({ 'deploy.yaml': DEPLOYMENT });
    const outside = tree({});
    dirs.push(repo, outside);
    const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, READINESS_LINT_CACHE_TRACE: '1', ...extra });
    const lint = (extra: NodeJS.ProcessEnv) => spawnSync(process.execPath, [CLI, '.', '--format', 'json', '--fail-on', 'none'], { cwd: repo, encoding: 'utf8', env: env(extra) });
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const name = (extra: NodeJS.ProcessEnv): string => cacheFileName({ version, bundle: readFileSync(BUNDLE), env: env(extra), execArgv: [], shape: 'tree' });
    const hostile = hostileCache(outside);
    const reference = lint({ HOME: outside, READINESS_LINT_NO_CACHE: '1' });
    expect(reference.status, reference.stderr).toBe(0);
    expect(reference.stdout).not.toContain(MARK);

    // The control: in the user's own cache folder, the crafted cache is taken and its bytecode runs.
    const xdg = join(outside, 'xdg');
    writeCodeCache(join(xdg, 'readiness-lint', name({ HOME: outside, XDG_CACHE_HOME: xdg })), hostile, 3);
    const control = lint({ HOME: outside, XDG_CACHE_HOME: xdg });
    expect(control.stderr).toContain('code cache used');
    expect(control.stdout).toContain(MARK);

    // Planted in the repository, where HOME or XDG_CACHE_HOME point: not used, nothing written.
    const homeInRepo = { HOME: repo };
    const xdgInRepo = { HOME: outside, XDG_CACHE_HOME: join(repo, '.cache') };
    for (const extra of [homeInRepo, xdgInRepo]) writeCodeCache(join(repo, '.cache', 'readiness-lint', name(extra)), hostile, 3);
    const before = listing(repo);
    const planted = before.map((f) => readFileSync(join(repo, f)));
    for (const extra of [homeInRepo, xdgInRepo]) {
      const run = lint(extra);
      expect(run.stderr).toContain('code cache off');
      expect(run.stdout).not.toContain(MARK);
      expect(run.stdout).toBe(reference.stdout);
    }
    expect(listing(repo)).toEqual(before);
    before.forEach((f, i) => expect(readFileSync(join(repo, f)).equals(planted[i]!)).toBe(true));
  });
});
