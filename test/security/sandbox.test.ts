// A lint run executes nothing and opens no connection: the CLI runs with a preload that makes any
// socket, DNS lookup or child process fatal, over the demo and the real corpus.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { HAS_CORPUS, noteCorpusSkip } from '../helpers/corpus.js';

const CLI = join(REPO, 'dist', 'cli.js');
const CORPUS = join(REPO, '..', 'shared', 'corpus');
const dir = mkdtempSync(join(tmpdir(), 'rl-sandbox-'));
const guard = join(dir, 'guard.mjs');

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
  writeFileSync(
    guard,
    `import net from 'node:net';
import tls from 'node:tls';
import dns from 'node:dns';
import cp from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
const realSpawn = cp.spawn;
const stop = (what) => () => { process.stderr.write('SANDBOX-VIOLATION ' + what + '\\n'); process.exit(97); };
net.Socket.prototype.connect = stop('socket');
net.connect = net.createConnection = stop('net.connect');
tls.connect = stop('tls.connect');
dns.lookup = stop('dns.lookup');
dns.promises.lookup = stop('dns.promises.lookup');
for (const k of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) cp[k] = stop('child_process.' + k);
// The one process a run may start: itself again, with a larger heap (src/cli/heap.ts), under this
// same guard (node's own options, this --import included, are passed on), never from a re-run.
cp.spawn = (command, args, options) => {
  const self = command === process.execPath && !process.env.READINESS_LINT_RERUN && options?.env?.READINESS_LINT_RERUN === '1' && args.includes(${JSON.stringify(CLI)});
  if (!self) return stop('child_process.spawn')();
  process.stderr.write('SANDBOX-RERUN ' + (args.includes(${JSON.stringify(guard)}) ? 'guarded' : 'unguarded') + '\\n');
  return realSpawn(command, args, options);
};
globalThis.fetch = stop('fetch');
syncBuiltinESMExports();
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function guarded(args: string[]) {
  return spawnSync(process.execPath, ['--import', guard, CLI, ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { PATH: process.env.PATH } });
}

describe('nothing runs, nothing calls out', () => {
  it('the guard itself works (a child process would be caught)', () => {
    const r = spawnSync(process.execPath, ['--import', guard, '-e', "import('node:child_process').then((cp) => cp.execSync('true'))"], { encoding: 'utf8' });
    expect(r.status).toBe(97);
    expect(r.stderr).toContain('SANDBOX-VIOLATION child_process.execSync');
  });

  it('linting the demo opens no socket and runs no process', () => {
    const r = guarded(['fixtures/demo', '--format', 'json']);
    expect(r.stderr).not.toContain('SANDBOX-VIOLATION');
    expect([0, 1]).toContain(r.status);
    expect(JSON.parse(r.stdout).summary.files).toBeGreaterThan(5);
  });

  noteCorpusSkip('the sandbox run over the whole corpus');
  it.skipIf(!HAS_CORPUS)(
    'linting the whole corpus opens no socket and runs no process',
    () => {
      const r = guarded([CORPUS, '--format', 'json', '--output-file', join(dir, 'corpus.json')]);
      expect(r.stderr).not.toContain('SANDBOX-VIOLATION');
      // the corpus is Helm-heavy: the run is made again by a child with a larger heap, guarded too
      expect(r.stderr).toContain('SANDBOX-RERUN guarded');
      expect(r.stderr).not.toContain('SANDBOX-RERUN unguarded');
      expect([0, 1]).toContain(r.status);
    },
    600_000,
  );
});
