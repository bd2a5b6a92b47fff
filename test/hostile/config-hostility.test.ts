// A hostile .readiness-lint.yaml (it comes with the scanned tree, so it is untrusted): globs that
// backtrack for minutes, an alias bomb, and a maxFileSize that would let four 97 MB files exhaust
// memory all end at once in a config error naming the file and line (exit 2), never a hang, an
// out-of-memory abort or a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_MAX_FILE_SIZE_LIMIT, ConfigError, parseConfig } from '../../src/config/index.js';
import { MAX_FILE_SIZE_LIMIT } from '../../src/cli/args.js';
import { REPO } from '../helpers/fixtures.js';
import { DEPLOYMENT, tree } from './helpers.js';

const CLI = join(REPO, 'dist', 'cli.js');
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The built CLI with a hard time limit: a hang shows up as a killed process (status null). */
function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function errorOf(text: string): ConfigError {
  try {
    parseConfig(text, '.readiness-lint.yaml', '', new Set(['require-probes']));
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const BACKTRACKING_GLOB = '*a*a*a*a*a*a*a*ab';
const LONG_NAME = `k8s/${'a'.repeat(200)}.yaml`;

describe('config globs that backtrack', () => {
  it('are refused at their line in ignore, environments and waivers.files', () => {
    const ignore = errorOf(`ignore:\n  - legacy/**\n  - '${BACKTRACKING_GLOB}'\n`);
    expect([ignore.line, ignore.column]).toEqual([3, 5]);
    expect(ignore.detail).toMatch(/has 8 wildcards; at most 3/);
    const env = errorOf(`environments:\n  production:\n    - deploy/prod/**\n    - "${BACKTRACKING_GLOB}"\n`);
    expect([env.line, env.column]).toEqual([4, 7]);
    const waiver = errorOf(`waivers:\n  - rule: require-probes\n    reason: batch jobs\n    files: [jobs/**, '${BACKTRACKING_GLOB}']\n`);
    expect([waiver.line, waiver.column]).toEqual([4, 22]);
    expect(errorOf(`ignore: ['${'x'.repeat(300)}']\n`).detail).toMatch(/longer than 256 characters/);
    // Ordinary patterns stay allowed.
    expect(() => parseConfig('ignore: ["**/charts/*/templates/**", "*.bak", "!keep/**"]\n', 'c', '', new Set())).not.toThrow();
  });

  it('end the CLI in seconds with exit 2 instead of minutes of matching', () => {
    for (const config of [
      `ignore: ['${BACKTRACKING_GLOB}']\n`,
      `environments:\n  staging: ['${BACKTRACKING_GLOB}']\n`,
      `waivers:\n  - rule: no-privileged-containers\n    reason: x-x-x\n    files: ['${BACKTRACKING_GLOB}']\n`,
    ]) {
      const dir = tree({ '.readiness-lint.yaml': config, [LONG_NAME]: DEPLOYMENT });
      dirs.push(dir);
      const started = performance.now();
      const r = run(dir, ['.']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/invalid configuration: \.readiness-lint\.yaml:\d+:\d+: glob '\*a\*a.*wildcards/);
      expect(performance.now() - started).toBeLessThan(20_000);
    }
  }, 120_000);
});

describe('a config alias bomb', () => {
  it('is a config error at the first alias, with no stack trace', () => {
    const levels = 'abcdefghij'.split('');
    const bomb = [
      `${levels[0]}: &${levels[0]} [${Array(10).fill('"lol"').join(', ')}]`,
      ...levels.slice(1).map((l, i) => `${l}: &${l} [${Array(10).fill(`*${levels[i]}`).join(', ')}]`),
      '',
    ].join('\n');
    const dir = tree({ '.readiness-lint.yaml': bomb, 'k8s/deploy.yaml': DEPLOYMENT });
    dirs.push(dir);
    const r = run(dir, ['.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^readiness-lint: invalid configuration: \.readiness-lint\.yaml:2:8: invalid YAML: .*alias/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('maxFileSize', () => {
  it('a config file cannot raise it past the ceiling (four 97 MB files with maxFileSize: 2e8 aborted out of memory)', () => {
    const dir = tree({ '.readiness-lint.yaml': 'rules: {}\nmaxFileSize: 2e8\n', 'k8s/deploy.yaml': DEPLOYMENT });
    dirs.push(dir);
    const r = run(dir, ['.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `.readiness-lint.yaml:2:14: maxFileSize may be at most ${CONFIG_MAX_FILE_SIZE_LIMIT} bytes in a config file: a scanned repository must not choose how much memory a run takes; pass --max-file-size on the command line for more`,
    );
    expect(() => parseConfig(`maxFileSize: ${CONFIG_MAX_FILE_SIZE_LIMIT}\n`, 'c', '', new Set())).not.toThrow();
  });

  it('the command line may go higher, but not without bound', () => {
    const dir = tree({ 'k8s/deploy.yaml': DEPLOYMENT });
    dirs.push(dir);
    expect(run(dir, ['.', '--max-file-size', String(CONFIG_MAX_FILE_SIZE_LIMIT * 2)]).code).toBe(1);
    const r = run(dir, ['.', '--max-file-size', '200000000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--max-file-size must be a number of bytes from 1 to ${MAX_FILE_SIZE_LIMIT}`);
  });
});
