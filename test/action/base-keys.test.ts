// The base commit is linted from git objects: private keys in it count as discovery counts them,
// so a PR that changes nothing about them does not move the score.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { lintCommit } from '../../src/action/base.js';
import { EMPTY_CONFIG } from '../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rl-base-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('sees private keys of the base commit by name and by header, certificates not', async () => {
  const put = (rel: string, content: string | Uint8Array) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  };
  put('Dockerfile', 'FROM node:20.17\nWORKDIR /app\nCOPY . .\nUSER node\n');
  put('certs/tls.pem', '-----BEGIN PRIVATE KEY-----\nThisIsNotARealKeyJustAReadinessLintFixture==\n-----END PRIVATE KEY-----\n');
  put('certs/ca.pem', '-----BEGIN CERTIFICATE-----\nThisIsNotARealCertificate==\n-----END CERTIFICATE-----\n');
  put('keystore.p12', new Uint8Array([0x30, 0x82, 0x00, 0x00, 0xff]));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const report = (await lintCommit(dir, git('rev-parse', 'HEAD'), EMPTY_CONFIG))!;
  expect(report.files.filter((f) => f.kind === 'private-key').map((f) => f.path)).toEqual(['certs/tls.pem', 'keystore.p12']);
  expect(report.findings.filter((f) => f.ruleId === 'no-secrets-in-images').map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.message}`)).toEqual([
    'Dockerfile:3:6 COPY `.` copies certs/tls.pem, keystore.p12 from the build context `.` into the image; exclude them in .dockerignore',
  ]);
});
