// Running the built Action (dist/action.js) as the runner does: a git workspace with a base and a
// head commit, a made-up runner environment and event payload, stdout and the files it writes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../helpers/fixtures.js';

export const ACTION = join(REPO, 'dist', 'action.js');

export function ensureBuilt(): void {
  if (!existsSync(ACTION)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
}

const dirs: string[] = [];
export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export interface Workspace {
  dir: string;
  baseSha: string;
  headSha: string;
}

/** A git workspace: the base commit has `base` files, HEAD adds/overwrites `head` files (null deletes). */
export function workspace(base: Record<string, string>, head: Record<string, string | null>): Workspace {
  const dir = tempDir('rl-action-');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  const write = (files: Record<string, string | null>) => {
    for (const [p, text] of Object.entries(files)) {
      if (text === null) rmSync(join(dir, p));
      else {
        mkdirSync(join(dir, p, '..'), { recursive: true });
        writeFileSync(join(dir, p), text);
      }
    }
  };
  git('init', '-q', '-b', 'main');
  write(base);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  write(head);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'head');
  return { dir, baseSha, headSha: git('rev-parse', 'HEAD') };
}

export function runnerEnv(ws: Workspace, api: string, inputs: Record<string, string> = {}, event: { baseSha?: string } = {}) {
  const meta = tempDir('rl-runner-');
  const payload = {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      head: { ref: 'feature/x', sha: ws.headSha, repo: { full_name: 'acme/shop', fork: false } },
      base: { ref: 'main', sha: event.baseSha ?? ws.baseSha, repo: { full_name: 'acme/shop' } },
    },
    repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } },
  };
  for (const f of ['event.json', 'output', 'summary']) writeFileSync(join(meta, f), f === 'event.json' ? JSON.stringify(payload) : '');
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
  return { env, meta, summary: () => readFileSync(join(meta, 'summary'), 'utf8') };
}

export function runAction(env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ACTION], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const COMMENTS = '/repos/acme/shop/issues/7/comments';
export const FILES = '/repos/acme/shop/pulls/7/files';
