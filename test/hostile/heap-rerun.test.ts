// A big run is re-run in a child process with V8 heap flags (src/cli/heap.ts). Those flags come
// from the person running the tool and the machine: a tree that names heap flags, the re-run marker
// or the test thresholds in its config, its .env files or an .npmrc changes neither whether the run
// is re-run nor the flags it gets, and nothing from the tree reaches the child's command line or
// environment.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RERUN_MARKER, TEST_THRESHOLDS } from '../../src/cli/heap.js';
import { REPO } from '../helpers/fixtures.js';
import { DEPLOYMENT, tree } from './helpers.js';

const CLI = join(REPO, 'dist', 'cli.js');
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PLANTED = `NODE_OPTIONS=--max-old-space-size=64 --max-semi-space-size=1 --inspect\n${RERUN_MARKER}=1\n${TEST_THRESHOLDS}=0,0\nREADINESS_LINT_HEAP_TRACE=\n`;

function project(hostile: boolean): string {
  const files: Record<string, string> = { 'a.yaml': DEPLOYMENT, 'b.yaml': DEPLOYMENT.replace('name: web', 'name: api'), 'c.yaml': DEPLOYMENT.replace('name: web', 'name: db') };
  if (hostile) {
    Object.assign(files, {
      '.readiness-lint.yaml': 'env: production\nignore: []\n',
      '.env': PLANTED,
      '.env.production': PLANTED,
      '.npmrc': 'node-options=--max-old-space-size=64\n',
      'deploy/.env': PLANTED,
    });
  }
  const dir = tree(files);
  dirs.push(dir);
  return dir;
}

/** The heap trace of the process that linted (stderr), and the rest. */
function run(dir: string, env: NodeJS.ProcessEnv, args: string[]): { trace: string; status: number | null; pid: number } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: join(dir, '..', 'no-home'), READINESS_LINT_NO_CACHE: '1', READINESS_LINT_HEAP_TRACE: '1', ...env },
  });
  const traces = r.stderr.split('\n').filter((l) => l.startsWith('readiness-lint: heap limit'));
  expect(traces, r.stderr).toHaveLength(1);
  return { trace: traces[0]!.replace(/process \d+/, 'process P'), status: r.status, pid: r.pid };
}

describe('heap flags planted in the scanned tree', () => {
  const clean = project(false);
  const hostile = project(true);

  it('do not change the flags a re-run gets (the tree config loaded, .env files read)', () => {
    const expected = run(clean, { [TEST_THRESHOLDS]: '3,1000' }, ['.', '--format', 'json', '--fail-on', 'none']);
    const planted = run(hostile, { [TEST_THRESHOLDS]: '3,1000' }, ['.', '--format', 'json', '--fail-on', 'none']);
    expect(expected.trace).toMatch(/re-run by process P, --max-semi-space-size=64/);
    expect(planted.trace).toBe(expected.trace);
    expect(planted.status).toBe(0);
  });

  it('do not make a small tree re-run', () => {
    expect(run(hostile, {}, ['.', '--format', 'json', '--fail-on', 'none']).trace).toMatch(/not re-run$/);
  });
});
