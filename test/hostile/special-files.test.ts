// Named pipes planted in the scanned tree. Discovery reads files in the linter's own thread
// (src/discovery/index.ts), where opening a pipe with no writer would block the whole process for
// good: a pipe must be passed over (walked, named on the command line, or where a .gitignore, a
// .dockerignore or a Chart.yaml is looked for), and the run must finish with the real files judged.
// Each run is a child process with a time limit, so a hang fails the test instead of the suite.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { DEPLOYMENT, tree } from './helpers.js';

const CLI = join(REPO, 'dist', 'cli.js');
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function lintJson(dir: string, args: string[]): { status: number | null; files: string[]; signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--format', 'json', '--no-config', '--fail-on', 'none', '--no-progress'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: join(dir, '..', 'no-home'), READINESS_LINT_NO_CACHE: '1' },
  });
  const files = r.status === 0 ? (JSON.parse(r.stdout) as { files: { path: string; documents?: number }[] }).files.filter((f) => (f.documents ?? 0) > 0).map((f) => f.path) : [];
  return { status: r.status, files, signal: r.signal };
}

// mkfifo is POSIX; Windows has no named pipes in the file system.
describe.skipIf(process.platform === 'win32')('named pipes in the scanned tree', () => {
  it('are passed over, walked or named, and the real files are linted', () => {
    const dir = tree({ 'k8s/web.yaml': DEPLOYMENT, 'api/Dockerfile': 'FROM node:22\nUSER node\n', 'chart/values.yaml': 'replicaCount: 1\n' });
    dirs.push(dir);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    for (const pipe of ['k8s/pipe.yaml', 'sub/.gitignore', 'api/Dockerfile.dockerignore', 'api/.dockerignore', 'chart/Chart.yaml', '.env'])
      execFileSync('mkfifo', [join(dir, pipe)]);

    const walked = lintJson(dir, ['.']);
    expect(walked.signal).toBeNull();
    expect(walked.status).toBe(0);
    expect(walked.files).toContain('k8s/web.yaml');
    expect(walked.files).toContain('api/Dockerfile');

    const named = lintJson(dir, ['k8s/pipe.yaml', 'k8s/web.yaml', 'api/Dockerfile', 'chart/values.yaml']);
    expect(named.signal).toBeNull();
    expect(named.status).toBe(0);
    expect(named.files).toEqual(expect.arrayContaining(['k8s/web.yaml', 'api/Dockerfile']));
  });
});
