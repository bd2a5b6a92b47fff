// Injection into the Action's git commands through the pull_request event and the base commit's
// tree: a forged base SHA must never reach git as an option (`--output=` wrote a file), and a base
// file name holding a newline must not desync `git cat-file --batch` (it gave a wrong base score).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitChangedFiles, isObjectId, lintCommit } from '../../src/action/base.js';
import { EMPTY_CONFIG } from '../../src/config/index.js';
import { lint } from '../../src/engine/lint.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { cleanup, COMMENTS, ensureBuilt, runAction, runnerEnv, tempDir, workspace } from '../action/harness.js';

const GOOD_DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n';
const BAD_DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';
const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n      securityContext:\n        privileged: true\n';

beforeAll(ensureBuilt);
afterEach(cleanup);

describe('forged base SHA from the event', () => {
  it('is rejected unless it is a full hex object id', () => {
    expect(isObjectId('a'.repeat(40))).toBe(true);
    expect(isObjectId('A1'.repeat(32))).toBe(true);
    for (const bad of ['--output=/tmp/x', 'abc1234', 'HEAD', `${'a'.repeat(40)}\n`, `${'a'.repeat(40)}...HEAD`, 'a'.repeat(41), undefined]) expect(isObjectId(bad)).toBe(false);
  });

  it('never reaches git diff as an option: no file is written, a notice says why', async () => {
    const ws = workspace({ Dockerfile: GOOD_DOCKERFILE }, { 'api/Dockerfile': GOOD_DOCKERFILE });
    const target = tempDir('rl-forged-');
    expect(gitChangedFiles(ws.dir, `--output=${join(target, 'direct')}`)).toBeUndefined();
    const fake = await new FakeGitHub([]).start(); // every API call 404s: the Action falls back to git
    try {
      const { env } = runnerEnv(ws, fake.url, { 'changed-files-only': 'true' }, { baseSha: `--output=${join(target, 'pwned')}` });
      const r = await runAction(env, ws.dir);
      expect(r.code).toBe(0);
      expect(readdirSync(target)).toEqual([]);
      expect(r.stdout).toContain("::notice::readiness-lint: the event's base SHA is not a full hex object id");
    } finally {
      await fake.stop();
    }
  });
});

describe('base commit file names with a newline', () => {
  // On the old `<rev>:<path>` batch, this base scored n/a instead of its real score.
  const base = { 'Dockerfile\nx': GOOD_DOCKERFILE, 'a/Dockerfile': BAD_DOCKERFILE, 'k8s/pod.yaml': POD };

  it('lints the base commit exactly as the same files linted directly', async () => {
    const ws = workspace(base, {});
    const fromGit = (await lintCommit(ws.dir, ws.baseSha, EMPTY_CONFIG))!;
    const direct = lint({ files: Object.entries(base).map(([path, text]) => ({ path, text })), config: EMPTY_CONFIG }).report;
    expect(fromGit).toBeDefined();
    expect(fromGit.files.map((f) => f.path).sort()).toEqual(direct.files.map((f) => f.path).sort());
    expect(fromGit.score).toEqual(direct.score);
  });

  it("the PR comment compares against the base commit's real score", async () => {
    const ws = workspace(base, { 'b/Dockerfile': BAD_DOCKERFILE });
    const fake = await new FakeGitHub([
      { method: 'GET', path: COMMENTS, pages: [] },
      { method: 'POST', path: COMMENTS, status: 201, json: { id: 1 } },
    ]).start();
    try {
      const { env } = runnerEnv(ws, fake.url);
      const r = await runAction(env, ws.dir);
      expect(r.code, r.stdout).toBe(1);
      const body = (fake.calls('POST', COMMENTS)[0]!.body as { body: string }).body;
      const direct = lint({ files: Object.entries(base).map(([path, text]) => ({ path, text })), config: EMPTY_CONFIG }).report.score;
      expect(body).toContain(`against the base commit (${direct.score}/100 (${direct.grade}))`);
    } finally {
      await fake.stop();
    }
  });
});

it('sanity: the workspace really holds a name with a newline', () => {
  const ws = workspace({ 'evil\nname.yaml': POD }, {});
  expect(existsSync(join(ws.dir, 'evil\nname.yaml'))).toBe(true);
});
