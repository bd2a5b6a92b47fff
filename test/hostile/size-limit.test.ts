// Files over the size limit are not read: listed with a notice and reported as file-not-judged
// (fail closed), and the limit is configurable: `--max-file-size <bytes>` on the command line,
// `maxFileSize` in .readiness-lint.yaml.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, discover } from '../../src/discovery/index.js';
import type { Report } from '../../src/report/types.js';
import { REPO } from '../helpers/fixtures.js';
import { DEPLOYMENT, tree } from './helpers.js';

const CLI = join(REPO, 'dist', 'cli.js');
const BIG = `# padding\n${'# '.padEnd(99, 'x')}\n`.repeat(60) + DEPLOYMENT; // about 6 KB
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function lintJson(cwd: string, args: string[]): { status: number | null; report: Report } {
  const r = spawnSync(process.execPath, [CLI, '.', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });
  expect(r.stderr).not.toMatch(/internal error/i);
  return { status: r.status, report: JSON.parse(r.stdout) as Report };
}

describe('files over the size limit', () => {
  it('are skipped with a notice and a file-not-judged finding; the limit comes from --max-file-size, config maxFileSize, or a few MB by default', async () => {
    expect(DEFAULT_MAX_FILE_SIZE).toBeGreaterThanOrEqual(1024 * 1024);
    expect(DEFAULT_MAX_FILE_SIZE).toBeLessThanOrEqual(16 * 1024 * 1024);
    const dir = tree({ 'k8s/big.yaml': BIG, 'k8s/small.yaml': DEPLOYMENT });
    dirs.push(dir);

    // default: both linted
    const plain = lintJson(dir, ['--no-config']);
    expect(
      plain.report.files
        .filter((f) => !f.skipped)
        .map((f) => f.path)
        .sort(),
    ).toEqual(['k8s/big.yaml', 'k8s/small.yaml']);

    // command line
    const cli = lintJson(dir, ['--no-config', '--max-file-size', '4096']);
    const big = cli.report.files.find((f) => f.path === 'k8s/big.yaml')!;
    expect(big.skipped).toMatch(/larger than 4096 bytes/);
    expect(cli.report.notices.some((n) => n.includes('k8s/big.yaml') && /larger than 4096 bytes/.test(n))).toBe(true);
    // Not read, so judged by no rule: only the fail-closed finding, an error for a YAML file.
    expect(cli.report.findings.filter((f) => f.file === 'k8s/big.yaml').map((f) => [f.ruleId, f.severity, f.range.start])).toEqual([
      ['file-not-judged', 'error', { line: 1, column: 1 }],
    ]);
    expect(cli.report.findings.some((f) => f.file === 'k8s/small.yaml')).toBe(true); // the run goes on
    expect(cli.status).toBe(1);

    // configuration file
    const withConfig = tree({ '.readiness-lint.yaml': 'maxFileSize: 4096\n', 'k8s/big.yaml': BIG, 'k8s/small.yaml': DEPLOYMENT });
    dirs.push(withConfig);
    const cfg = lintJson(withConfig, []);
    expect(cfg.report.files.find((f) => f.path === 'k8s/big.yaml')!.skipped).toMatch(/larger than 4096 bytes/);
    expect(cfg.report.files.find((f) => f.path === 'k8s/small.yaml')!.skipped).toBeUndefined();

    // the command line wins over the configuration
    const both = lintJson(withConfig, ['--max-file-size', '100000']);
    expect(both.report.files.find((f) => f.path === 'k8s/big.yaml')!.skipped).toBeUndefined();

    // discover() itself
    const d = await discover(['.'], { cwd: dir, maxFileSize: 4096 });
    expect(d.skipped).toEqual([{ path: 'k8s/big.yaml', reason: expect.stringMatching(/larger than 4096 bytes/) }]);
  }, 60_000);
});
