// --upload-sarif against a fake GitHub API on 127.0.0.1: the request it makes (one fetch, no
// Octokit in the CLI bundle), and its failures.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledPackageDirs } from '../../scripts/notice.mjs';
import { FakeGitHub } from '../helpers/fake-github.js';
import { REPO } from '../helpers/fixtures.js';
import { execFileSync } from 'node:child_process';

const CLI = join(REPO, 'dist', 'cli.js');
const SARIFS = '/repos/acme/shop/code-scanning/sarifs';
const TOKEN = 'ghs_faketoken0123456789abcdefghijklmnop';
const SHA = 'a'.repeat(40);
const dir = mkdtempSync(join(tmpdir(), 'rl-upload-'));
writeFileSync(join(dir, 'Dockerfile'), 'FROM node:latest\n');

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const env = (url: string) => ({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main', GITHUB_API_URL: url });

describe('--upload-sarif', () => {
  it('posts gzip+base64 SARIF with commit, ref and tool name', async () => {
    const fake = await new FakeGitHub([{ method: 'POST', path: SARIFS, status: 202, json: { id: 'abc', url: 'x' } }]).start();
    try {
      const r = await run(['--upload-sarif', '--quiet', '.'], env(fake.url));
      expect(r.code).toBe(1); // findings decide the exit code; the upload succeeded
      expect(r.stderr).toContain('SARIF uploaded to acme/shop (analysis abc)');
      const [req] = fake.calls('POST', SARIFS);
      const body = req!.body as Record<string, string>;
      expect(body).toMatchObject({ commit_sha: SHA, ref: 'refs/heads/main', tool_name: 'readiness-lint' });
      const sarif = JSON.parse(gunzipSync(Buffer.from(body.sarif!, 'base64')).toString('utf8'));
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results.length).toBeGreaterThan(0);
      expect(req!.headers.authorization).toBe(`token ${TOKEN}`);
      expect(req!.headers).toMatchObject({
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'content-type': 'application/json',
        'user-agent': 'readiness-lint',
      });
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    } finally {
      await fake.stop();
    }
  });

  it('posts to a GitHub Enterprise Server API under GITHUB_API_URL', async () => {
    const fake = await new FakeGitHub([{ method: 'POST', path: `/api/v3${SARIFS}`, status: 202, json: { id: 7 } }]).start();
    try {
      const r = await run(['--upload-sarif', '--quiet', '.'], env(`${fake.url}/api/v3/`));
      expect(r.stderr).toContain('SARIF uploaded to acme/shop (analysis 7)');
      expect(fake.calls('POST', `/api/v3${SARIFS}`)).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });

  const hints: Record<number, string> = {
    401: 'token is missing, expired or revoked',
    403: 'needs security-events: write',
    404: 'repository not found',
    413: 'at most 10 MB gzipped',
    422: 'an invalid SARIF file, or a commit or ref it does not know',
    500: '',
  };
  for (const [status, hint] of Object.entries(hints)) {
    it(`exits 2 with a clear message on ${status}, never printing the token`, async () => {
      const fake = await new FakeGitHub([{ method: 'POST', path: SARIFS, status: Number(status), json: { message: 'nope\nsecond line' } }]).start();
      try {
        const r = await run(['--upload-sarif', '--quiet', '.'], env(fake.url));
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`SARIF upload failed: GitHub API answered ${status}: nope${hint ? ' (' : '\n'}`);
        expect(r.stderr).toContain(hint);
        expect(r.stderr).not.toContain('second line');
        expect(r.stdout + r.stderr).not.toContain(TOKEN);
      } finally {
        await fake.stop();
      }
    });
  }

  it('says so when the API cannot be reached', async () => {
    const fake = await new FakeGitHub([]).start();
    await fake.stop(); // a port nobody listens on any more
    const r = await run(['--upload-sarif', '--quiet', '.'], env(fake.url));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`SARIF upload failed: request failed: ECONNREFUSED (${fake.url})`);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('leaves Octokit out of the CLI bundle (the Action may keep it)', { timeout: 120_000 }, async () => {
    const packages = await bundledPackageDirs();
    const inCli = [...packages].filter(([dir, bundles]) => dir.includes('@octokit/') && bundles.has('CLI')).map(([dir]) => dir);
    expect(inCli).toEqual([]);
    // and the built files hold none of its code (its packages name themselves in user agents:
    // `octokit-core.js/7.0.8`; the bundled package.json lists it among devDependencies, as text)
    const lib = join(REPO, 'dist', 'lib');
    const withOctokit = readdirSync(lib).filter((f) => /\.c?js$/.test(f) && /octokit-[a-z-]+\.js/.test(readFileSync(join(lib, f), 'utf8')));
    expect(withOctokit).toEqual([]);
  });

  it('refuses to start without a token or a full commit SHA', async () => {
    const noToken = await run(['--upload-sarif', '.'], { GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('needs a token in GITHUB_TOKEN');
    const badSha = await run(['--upload-sarif', '--github-sha', 'abc', '.'], env('http://127.0.0.1:9'));
    expect(badSha.code).toBe(2);
    expect(badSha.stderr).toContain('40-character commit SHA');
  });
});
