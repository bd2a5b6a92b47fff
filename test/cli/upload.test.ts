// --upload-sarif against a fake GitHub API on 127.0.0.1: the request it makes, and its failures.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    } finally {
      await fake.stop();
    }
  });

  for (const status of [403, 404, 413, 422, 500]) {
    it(`exits 2 with a clear message on ${status}, never printing the token`, async () => {
      const fake = await new FakeGitHub([{ method: 'POST', path: SARIFS, status, json: { message: 'nope' } }]).start();
      try {
        const r = await run(['--upload-sarif', '--quiet', '.'], env(fake.url));
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`SARIF upload failed: GitHub API answered ${status}`);
        expect(r.stdout + r.stderr).not.toContain(TOKEN);
      } finally {
        await fake.stop();
      }
    });
  }

  it('refuses to start without a token or a full commit SHA', async () => {
    const noToken = await run(['--upload-sarif', '.'], { GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('needs a token in GITHUB_TOKEN');
    const badSha = await run(['--upload-sarif', '--github-sha', 'abc', '.'], env('http://127.0.0.1:9'));
    expect(badSha.code).toBe(2);
    expect(badSha.stderr).toContain('40-character commit SHA');
  });
});
