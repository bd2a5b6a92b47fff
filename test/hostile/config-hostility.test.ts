// A hostile .readiness-lint.yaml (it comes with the scanned tree, so it is untrusted): globs that
// backtracked for minutes are matched in linear time (RE2), in lint and in discovery alike; an
// alias bomb and a maxFileSize that would let four 97 MB files exhaust memory end at once in a
// config error naming the file and line (exit 2), never a hang, an out-of-memory abort or a
// stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_MAX_FILE_SIZE_LIMIT, ConfigError, globMatcher, parseConfig } from '../../src/config/index.js';
import { discover } from '../../src/discovery/index.js';
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
  it('match in linear time: a glob that took minutes on one long name takes milliseconds', () => {
    const started = performance.now();
    const match = globMatcher([BACKTRACKING_GLOB, '**/a*/**/*a*ab']);
    const long = Array(16).fill('a'.repeat(250)).join('/');
    expect(match(long)).toBe(false);
    expect(match('a'.repeat(250))).toBe(false);
    expect(match('xaxaxaxaxaxaxaxab')).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('end the CLI in seconds in ignore, environments and waivers.files, with the same results', () => {
    for (const config of [
      `ignore: ['${BACKTRACKING_GLOB}', 'legacy/*a*a*a*a*a*a*a*ab']\n`,
      `environments:\n  staging: ['${BACKTRACKING_GLOB}', '**/${BACKTRACKING_GLOB}']\n`,
      `waivers:\n  - rule: no-privileged-containers\n    reason: x-x-x\n    files: ['${BACKTRACKING_GLOB}', '**/${BACKTRACKING_GLOB}']\n`,
    ]) {
      const dir = tree({ '.readiness-lint.yaml': config, [LONG_NAME]: DEPLOYMENT, [`legacy/${'a'.repeat(200)}`]: 'x' });
      dirs.push(dir);
      const started = performance.now();
      const r = run(dir, ['.', '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).findings.some((f: { file: string }) => f.file === LONG_NAME)).toBe(true);
      expect(performance.now() - started).toBeLessThan(20_000);
    }
  }, 120_000);

  it('still select what they name, in discovery too (a folder pattern prunes, others filter)', async () => {
    const dir = tree({ 'keep/a.yaml': DEPLOYMENT, 'vendor/x/b.yaml': DEPLOYMENT, 'gen/c.gen.yaml': DEPLOYMENT, 'gen/d.yaml': DEPLOYMENT });
    dirs.push(dir);
    const d = await discover(['.'], { cwd: dir, ignore: ['vendor', 'gen/*.gen.*', `**/${BACKTRACKING_GLOB}`] });
    expect(d.files.map((f) => f.path)).toEqual(['gen/d.yaml', 'keep/a.yaml']);
  });

  it('too long, or needing a lookaround (negated extglob), is refused at its line', () => {
    const long = errorOf(`ignore:\n  - legacy/**\n  - '${'x'.repeat(300)}'\n`);
    expect([long.line, long.column]).toEqual([3, 5]);
    expect(long.detail).toMatch(/longer than 256 characters/);
    const env = errorOf(`environments:\n  production:\n    - deploy/prod/**\n    - "deploy/!(dev)/**"\n`);
    expect([env.line, env.column]).toEqual([4, 7]);
    expect(env.detail).toMatch(/negated extglob/);
    const waiver = errorOf(`waivers:\n  - rule: require-probes\n    reason: batch jobs\n    files: [jobs/**, 'x/!(y)']\n`);
    expect([waiver.line, waiver.column]).toEqual([4, 22]);
    // Ordinary patterns stay allowed.
    expect(() => parseConfig('ignore: ["**/charts/*/templates/**", "*.bak", "!keep/**", "{a,b}/[xy]?.yaml"]\n', 'c', '', new Set())).not.toThrow();
  });
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

describe('config errors quoting the config', () => {
  it('carry no terminal escape or line break from it', () => {
    const e = errorOf('rules:\n  "\\e[2J\\e]0;pwned\\u0007\\nx": off\n');
    expect(e.message).toMatch(/^\.readiness-lint\.yaml:2:\d+: unknown rule id/);
    expect(e.message).toContain('\\u001b[2J');
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
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
