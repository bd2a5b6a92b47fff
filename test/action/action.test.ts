// The built Action (dist/action.js) run as a child process with a made-up runner environment and
// event payload, against a fake GitHub API on 127.0.0.1.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FakeGitHub, type Route } from '../helpers/fake-github.js';
import { REPO } from '../helpers/fixtures.js';

const ACTION = join(REPO, 'dist', 'action.js');
const COMMENTS = '/repos/acme/shop/issues/7/comments';
const FILES = '/repos/acme/shop/pulls/7/files';

beforeAll(() => {
  if (!existsSync(ACTION)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});

const GOOD_DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n';
const BAD_DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A git workspace: the base commit has `base` files, HEAD adds/overwrites `head` files. */
function workspace(base: Record<string, string>, head: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'rl-action-'));
  dirs.push(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  const write = (files: Record<string, string>) => {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
  };
  git('init', '-q', '-b', 'main');
  write(base);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  write(head);
  git('add', '-A');
  git('commit', '-q', '-m', 'head');
  return { dir, baseSha, headSha: git('rev-parse', 'HEAD') };
}

function runnerEnv(ws: { dir: string; baseSha: string; headSha: string }, api: string, inputs: Record<string, string> = {}, fork = false) {
  const meta = mkdtempSync(join(tmpdir(), 'rl-runner-'));
  dirs.push(meta);
  const event = {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      head: { ref: 'feature/x', sha: ws.headSha, repo: { full_name: fork ? 'someone/shop' : 'acme/shop', fork } },
      base: { ref: 'main', sha: ws.baseSha, repo: { full_name: 'acme/shop' } },
    },
    repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } },
  };
  for (const f of ['event.json', 'output', 'summary']) writeFileSync(join(meta, f), f === 'event.json' ? JSON.stringify(event) : '');
  // The runner injects action.yml defaults; do the same so tests see what users get.
  const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', GITHUB_ACTIONS: 'true', NO_COLOR: '1' };
  for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase()}`] = name === 'github-token' ? 'test-token' : (spec.default ?? '');
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(meta, 'event.json'),
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: ws.headSha,
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_API_URL: api,
    GITHUB_SERVER_URL: 'https://github.example.test',
    GITHUB_RUN_ID: '42',
    GITHUB_OUTPUT: join(meta, 'output'),
    GITHUB_STEP_SUMMARY: join(meta, 'summary'),
  });
  return { env, meta };
}

function runAction(env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ACTION], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function outputs(file: string): Record<string, string> {
  const text = readFileSync(file, 'utf8');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

const otherComments = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `comment ${i}`, user: { login: 'dev', type: 'User' } }));

async function server(routes: Route[]) {
  const fake = await new FakeGitHub(routes).start();
  return fake;
}

describe('GitHub Action', () => {
  it('annotates, summarises, writes SARIF and outputs, and creates the sticky comment with the score change', async () => {
    const ws = workspace({ Dockerfile: BAD_DOCKERFILE, 'api/Dockerfile': BAD_DOCKERFILE }, { 'api/Dockerfile': GOOD_DOCKERFILE });
    const fake = await server([
      { method: 'GET', path: COMMENTS, pages: otherComments },
      { method: 'POST', path: COMMENTS, status: 201, json: { id: 1000 } },
    ]);
    try {
      const { env, meta } = runnerEnv(ws, fake.url);
      const r = await runAction(env, ws.dir);
      expect(r.code).toBe(1); // the root Dockerfile still uses :latest
      // already in the base commit: in the summary and the folded list, not annotated
      expect(r.stdout).not.toMatch(/^::error file=Dockerfile,/m);
      // pagination followed: page 1 (100 of 150 comments) then page 2
      expect(fake.calls('GET', COMMENTS).map((c) => c.query.get('page') ?? '1')).toEqual(['1', '2']);
      const posts = fake.calls('POST', COMMENTS);
      expect(posts).toHaveLength(1);
      const body = (posts[0]!.body as { body: string }).body;
      expect(body).toContain('<!-- readiness-lint:sticky-comment -->');
      expect(body).toMatch(/\*\*\d+\/100 \([A-F]\)\*\* for production: ▲ \+\d+ against the base commit/);
      expect(body).toMatch(/\*\*0\*\* new findings, \*\*3\*\* fixed, 4 already there/);
      expect(posts[0]!.headers.authorization).toBe('token test-token');
      const o = outputs(join(meta, 'output'));
      expect(o).toMatchObject({ 'sarif-file': 'readiness-lint.sarif' });
      expect(Number(o.score)).toBeGreaterThan(0);
      expect(Number(o.findings)).toBeGreaterThan(0);
      expect(o.grade).toMatch(/^[A-F]$/);
      const sarif = JSON.parse(readFileSync(join(ws.dir, 'readiness-lint.sarif'), 'utf8'));
      expect(sarif.version).toBe('2.1.0');
      const summary = readFileSync(join(meta, 'summary'), 'utf8');
      expect(summary).toMatch(/^## readiness-lint: \d+\/100/);
      expect(summary).toContain('https://github.example.test/acme/shop/blob/');
    } finally {
      await fake.stop();
    }
  });

  it('updates the existing sticky comment instead of adding one', async () => {
    const ws = workspace({ Dockerfile: GOOD_DOCKERFILE }, { 'README.md': 'x' });
    const ours = { id: 555, body: 'old\n<!-- readiness-lint:sticky-comment -->', user: { login: 'github-actions[bot]', type: 'Bot' } };
    const fake = await server([
      { method: 'GET', path: COMMENTS, pages: [...otherComments, ours] },
      { method: 'PATCH', path: '/repos/acme/shop/issues/comments/555', json: { id: 555 } },
    ]);
    try {
      const { env } = runnerEnv(ws, fake.url);
      const r = await runAction(env, ws.dir);
      expect(r.code).toBe(0);
      expect(fake.calls('POST', COMMENTS)).toHaveLength(0);
      const patches = fake.calls('PATCH', '/repos/acme/shop/issues/comments/555');
      expect(patches).toHaveLength(1);
      expect((patches[0]!.body as { body: string }).body).toContain('= no change against the base commit');
    } finally {
      await fake.stop();
    }
  });

  for (const status of [403, 404, 422, 429, 500]) {
    it(`skips the comment with a notice on ${status} and decides on the lint result alone`, async () => {
      const ws = workspace({ Dockerfile: GOOD_DOCKERFILE }, { 'README.md': 'x' });
      const fake = await server([
        { method: 'GET', path: COMMENTS, pages: [] },
        { method: 'POST', path: COMMENTS, status, json: { message: 'Resource not accessible by integration' }, headers: status === 429 ? { 'retry-after': '1' } : {} },
      ]);
      try {
        const { env, meta } = runnerEnv(ws, fake.url);
        const r = await runAction(env, ws.dir);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^::notice::readiness-lint: skipped the PR comment: .*${status}`, 'm'));
        expect(outputs(join(meta, 'output'))['sarif-file']).toBe('readiness-lint.sarif');
      } finally {
        await fake.stop();
      }
    });
  }

  it('never calls the comment API on a fork PR', async () => {
    const ws = workspace({ Dockerfile: GOOD_DOCKERFILE }, { 'README.md': 'x' });
    const fake = await server([]);
    try {
      const { env } = runnerEnv(ws, fake.url, {}, true);
      const r = await runAction(env, ws.dir);
      expect(r.code).toBe(0);
      expect(fake.requests).toHaveLength(0);
      expect(r.stdout).toContain('::notice::readiness-lint: pull request from a fork');
    } finally {
      await fake.stop();
    }
  });

  it('with changed-files-only limits annotations and exit code to changed files, SARIF stays complete', async () => {
    const ws = workspace({ Dockerfile: BAD_DOCKERFILE }, { 'api/Dockerfile': GOOD_DOCKERFILE });
    const files = Array.from({ length: 120 }, (_, i) => ({ filename: `docs/page-${i}.md`, status: 'added' }));
    files.push({ filename: 'api/Dockerfile', status: 'added' });
    const fake = await server([
      { method: 'GET', path: FILES, pages: files },
      { method: 'GET', path: COMMENTS, pages: [] },
      { method: 'POST', path: COMMENTS, status: 201, json: { id: 1 } },
    ]);
    try {
      const { env, meta } = runnerEnv(ws, fake.url, { 'changed-files-only': 'true' });
      const r = await runAction(env, ws.dir);
      expect(r.code).toBe(0);
      expect(fake.calls('GET', FILES)).toHaveLength(2);
      expect(r.stdout).not.toMatch(/^::error file=Dockerfile/m);
      expect(outputs(join(meta, 'output')).findings).toBe('0');
      const sarif = JSON.parse(readFileSync(join(ws.dir, 'readiness-lint.sarif'), 'utf8'));
      expect(
        sarif.runs[0].results.some(
          (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'Dockerfile',
        ),
      ).toBe(true);
    } finally {
      await fake.stop();
    }
  });

  it('fails with a clear error on a bad input', async () => {
    const ws = workspace({ Dockerfile: GOOD_DOCKERFILE }, { 'README.md': 'x' });
    const { env } = runnerEnv(ws, 'http://127.0.0.1:9', { 'fail-on': 'sometimes' });
    const r = await runAction(env, ws.dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("::error::readiness-lint: input 'fail-on' must be one of error, warning, note, none, new-error, new-warning, new-note (got 'sometimes')");
  });
});

describe('action.yml and its bundle', () => {
  it('runs the committed bundle on node24 and the bundle matches a fresh build', () => {
    const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8'));
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action.js' });
    for (const name of Object.keys(action.inputs)) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    const committed = execFileSync('git', ['show', 'HEAD:dist/action.js'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 }).toString();
    const fresh = mkdtempSync(join(tmpdir(), 'rl-bundle-'));
    dirs.push(fresh);
    execFileSync(process.execPath, ['scripts/build.mjs', '--action-only', join(fresh, 'action.js')], { cwd: REPO });
    expect(readFileSync(join(fresh, 'action.js'), 'utf8') === committed, 'dist/action.js is stale: run npm run build and commit it').toBe(true);
    // The bundle is CommonJS in a package whose type is module: the runner reads dist/package.json
    // from the repository, so it is committed (scripts/build.mjs says why dist/ is CommonJS).
    const distPackage = execFileSync('git', ['show', 'HEAD:dist/package.json'], { cwd: REPO }).toString();
    expect(JSON.parse(distPackage)).toEqual({ type: 'commonjs' });
    expect(readFileSync(join(REPO, 'dist', 'package.json'), 'utf8')).toBe(distPackage);
  });
});
