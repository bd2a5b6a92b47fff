// Output files (--output-file) are written whole, safely, where asked: a device or FIFO is written
// in place and never replaced (`-o /dev/null` run as root used to leave a regular file where
// /dev/null was), an existing file keeps its mode, missing folders are created, a folder is an
// error, an interrupted write leaves no temporary file, and errors name the path the user gave.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-out-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  return dir;
}

function run(cwd: string, args: string[], preload?: string) {
  const r = spawnSync(process.execPath, [...(preload ? ['--import', preload] : []), CLI, 'Dockerfile', '--no-config', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const tempFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('output files', () => {
  it('-o /dev/null leaves /dev/null a character device', () => {
    const dir = project();
    const r = run(dir, ['--format', 'json', '-o', '/dev/null']);
    expect(r.code).toBe(1);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('-o /dev/stdout writes through the link to the pipe and leaves the link in place', () => {
    const dir = project();
    const r = run(dir, ['--format', 'json', '-o', '/dev/stdout']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('a device node of our own (mknod) is written in place, not replaced by a regular file', () => {
    const dir = project();
    const node = join(dir, 'null');
    const made = spawnSync('mknod', [node, 'c', '1', '3']);
    expect(made.status, 'mknod needs root, as CI runs').toBe(0);
    const r = run(dir, ['--format', 'json', '-o', node]);
    expect(r.code).toBe(1);
    expect(statSync(node).isCharacterDevice()).toBe(true);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('a FIFO is written in place: the reader gets the report and the FIFO stays a FIFO', async () => {
    const dir = project();
    const fifo = join(dir, 'report.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const readerDone = new Promise<void>((done) => reader.on('close', () => done()));
    const r = run(dir, ['--format', 'json', '-o', fifo]);
    // Before the fix the FIFO was replaced and cat waited forever: stop it after the CLI is done.
    const timer = setTimeout(() => reader.kill(), 5_000);
    await readerDone;
    clearTimeout(timer);
    expect(r.code).toBe(1);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(received).findings.length).toBeGreaterThan(0);
  }, 60_000);

  it('an existing file keeps its mode (0600 stays 0600)', () => {
    const dir = project();
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old');
    chmodSync(out, 0o600);
    expect(run(dir, ['--format', 'json', '-o', 'report.json']).code).toBe(1);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('missing parent folders are created', () => {
    const dir = project();
    expect(run(dir, ['--format', 'sarif', '-o', 'reports/ci/lint.sarif']).code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'reports/ci/lint.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('a folder, or a path ending in a slash, is a clear error (exit 2) before linting', () => {
    const dir = project();
    mkdirSync(join(dir, 'reports'));
    const folder = run(dir, ['--format', 'json', '-o', 'reports']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe("readiness-lint: cannot write 'reports': it is a folder; give a file name\n");
    const slash = run(dir, ['--format', 'json', '-o', 'out/']);
    expect(slash.code).toBe(2);
    expect(slash.stderr).toBe("readiness-lint: cannot write 'out/': the path ends with a slash; give a file name\n");
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('an I/O error names the path the user gave, not the temporary file', () => {
    const dir = project();
    writeFileSync(join(dir, 'blocker'), 'a file where a folder is needed');
    const r = run(dir, ['--format', 'json', '-o', 'blocker/report.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot write 'blocker/report.json': ENOTDIR");
    expect(r.stderr).not.toContain('.tmp');
    expect(r.stderr).not.toContain(dir);
  });

  it('a run interrupted (SIGTERM) while the temporary file is open leaves no temporary file behind', () => {
    const dir = project();
    // The signal is sent from inside the run, the moment the temporary file is created: no race.
    const preload = join(dir, 'interrupt.mjs');
    writeFileSync(
      preload,
      `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const openSync = fs.openSync;
fs.openSync = function (path, ...rest) {
  const fd = openSync.call(this, path, ...rest);
  if (String(path).endsWith('.tmp')) {
    process.stderr.write('INTERRUPTED-DURING-WRITE\\n');
    process.kill(process.pid, 'SIGTERM');
  }
  return fd;
};
syncBuiltinESMExports();
`,
    );
    const r = run(dir, ['--format', 'json', '-o', 'report.json'], preload);
    expect(r.stderr).toContain('INTERRUPTED-DURING-WRITE');
    expect(r.signal).toBe('SIGTERM');
    expect(tempFiles(dir)).toEqual([]);
  });
});
