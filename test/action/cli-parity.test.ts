// One pipeline, one policy (issue 16 item 5): the Action judges with what the CLI honours. The
// config's failOn and minScore gate the step when the workflow gives no input, and the baseline
// file the CLI reads lists its findings as baselined, not failing. Both built shells are spawned
// on the same workspace and must agree.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { cleanup, ensureBuilt, runAction, runnerEnv, workspace } from './harness.js';

const CLI = join(REPO, 'dist', 'cli.js');
const BAD_DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';
// Nothing listens here: no input below needs the API (no comment, no changed-files listing).
const NO_API = 'http://127.0.0.1:9';
const QUIET = { comment: 'false', annotations: 'false' };

function cli(cwd: string, args: string[] = []) {
  return spawnSync(process.execPath, [CLI, '--no-progress', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
}

beforeAll(ensureBuilt);
afterAll(cleanup);

describe('the Action honours the config and baseline the CLI honours', () => {
  it('takes failOn and minScore from the config when the workflow gives none; an input still wins', async () => {
    const ws = workspace({ Dockerfile: BAD_DOCKERFILE, '.readiness-lint.yaml': 'failOn: none\n' }, { 'README.md': 'x' });
    expect(cli(ws.dir).status).toBe(0);
    const relaxed = await runAction(runnerEnv(ws, NO_API, QUIET).env, ws.dir);
    expect(relaxed.code, relaxed.stdout).toBe(0);
    const strict = await runAction(runnerEnv(ws, NO_API, { ...QUIET, 'fail-on': 'error' }).env, ws.dir);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('(fail-on: error)');

    writeFileSync(join(ws.dir, '.readiness-lint.yaml'), 'failOn: none\nminScore: 100\n');
    expect(cli(ws.dir).status).toBe(1);
    const gated = await runAction(runnerEnv(ws, NO_API, QUIET).env, ws.dir);
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain('(fail-on: none, min-score: 100)');
  });

  it('reads the baseline file: baselined findings do not fail the step', async () => {
    const ws = workspace({ Dockerfile: BAD_DOCKERFILE }, { 'README.md': 'x' });
    expect(cli(ws.dir).status).toBe(1);
    expect(cli(ws.dir, ['--write-baseline']).status).toBe(0);
    expect(cli(ws.dir).status).toBe(0);
    const r = await runAction(runnerEnv(ws, NO_API, QUIET).env, ws.dir);
    expect(r.code, r.stdout).toBe(0);
  });
});
