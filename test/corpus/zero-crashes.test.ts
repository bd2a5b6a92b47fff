// Zero crashes on real files (issue 6, item 1): the built CLI over ../shared/corpus (real
// repositories and rendered Helm charts) exits 0 or 1, reports no internal error, prints no
// stray warning, and accounts for every file discovery found: linted, or listed with a reason.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discovery/index.js';
import type { Report } from '../../src/report/types.js';
import { REPO } from '../helpers/fixtures.js';
import { HAS_CORPUS, noteCorpusSkip } from '../helpers/corpus.js';

const CLI = join(REPO, 'dist', 'cli.js');
// Relative to the repository root (the CLI runs there), as a user would type it.
const CORPUS = join('..', 'shared', 'corpus');
const dir = mkdtempSync(join(tmpdir(), 'rl-corpus-'));

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What discovery may legitimately refuse to lint, each with a reason a user understands.
const CLEAR_REASON = /binary file|larger than \d+ bytes|not valid UTF-8|unreadable \(|symbolic link \(not followed\)|not a regular file/;

noteCorpusSkip('the whole-corpus crash test');
describe.skipIf(!HAS_CORPUS)('the whole corpus', () => {
  it('is linted without a crash, and every discovered file is accounted for', async () => {
    const out = join(dir, 'corpus.json');
    const r = spawnSync(process.execPath, [CLI, CORPUS, '--no-config', '--format', 'json', '--output-file', out], {
      cwd: REPO,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.stderr).not.toMatch(/internal error/i);
    // Process warnings (e.g. from the yaml package) must not reach the user's terminal.
    expect(r.stderr).not.toMatch(/\bWarning:|DeprecationWarning|--trace-warnings/);
    expect([0, 1]).toContain(r.status);

    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.notices.filter((n) => /internal error/i.test(n))).toEqual([]);

    // Discovery, run independently, finds exactly the files the report lists.
    const discovered = await discover([CORPUS], { cwd: REPO });
    const expected = [...discovered.files.map((f) => f.path), ...discovered.skipped.map((s) => s.path)].sort();
    const listed = report.files.map((f) => f.path).sort();
    expect(listed).toEqual(expected);
    expect(listed.length).toBeGreaterThan(5000);

    // Linted (not skipped), or skipped with a clear reason that also appears as a notice.
    const skipped = report.files.filter((f) => f.skipped !== undefined);
    for (const f of skipped) {
      expect(f.skipped, f.path).toMatch(CLEAR_REASON);
      expect(
        report.notices.some((n) => n.includes(f.path) && n.includes(f.skipped!)),
        f.path,
      ).toBe(true);
    }
    expect(skipped.length).toBeLessThan(listed.length / 100);

    // Files that do not parse are reported as findings of the reserved rules, not dropped.
    for (const finding of report.findings.filter((f) => f.ruleId.startsWith('invalid-'))) {
      expect(listed).toContain(finding.file);
      expect(finding.message.length).toBeGreaterThan(10);
    }
  }, 900_000);
});
