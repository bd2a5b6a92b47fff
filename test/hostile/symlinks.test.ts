// Symbolic links are never followed: a loop does not hang discovery, and a link leading outside
// the scanned root does not bring outside files into the run. Both are listed with a reason, and a
// link whose name would be linted (`.env`, `*.yaml`) is a file-not-judged finding (fail closed).
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discovery/index.js';
import { lint } from '../../src/engine/lint.js';
import { DEPLOYMENT, tree } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('symbolic links', () => {
  it('loops and links outside the root are not followed, and are listed with a reason', async () => {
    const outside = tree({ 'secret/deploy.yaml': DEPLOYMENT, '.env': 'API_TOKEN=outside-secret-value-1234\n' });
    const root = tree({ 'repo/k8s/deploy.yaml': DEPLOYMENT });
    dirs.push(outside, root);
    const repo = join(root, 'repo');
    symlinkSync('..', join(repo, 'k8s', 'loop')); // k8s/loop → k8s/ → loop → …
    symlinkSync(repo, join(repo, 'self')); // absolute link to the root itself
    symlinkSync(join(outside, 'secret'), join(repo, 'outside-dir'));
    symlinkSync(join(outside, '.env'), join(repo, '.env'));
    symlinkSync(join(repo, 'missing.yaml'), join(repo, 'dangling.yaml'));
    mkdirSync(join(repo, 'a', 'b'), { recursive: true });
    symlinkSync(join('..', '..'), join(repo, 'a', 'b', 'up'));
    writeFileSync(join(repo, 'a', 'b', 'c.yaml'), DEPLOYMENT);

    const started = performance.now();
    const d = await discover(['.'], { cwd: repo });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(d.files.map((f) => f.path).sort()).toEqual(['a/b/c.yaml', 'k8s/deploy.yaml']);
    const link = 'symbolic link (not followed)';
    expect(d.skipped).toEqual([
      { path: '.env', reason: link },
      { path: 'a/b/up', reason: link, judged: false },
      { path: 'dangling.yaml', reason: link },
      { path: 'k8s/loop', reason: link, judged: false },
      { path: 'outside-dir', reason: link, judged: false },
      { path: 'self', reason: link, judged: false },
    ]);
    // Nothing from outside the root reaches the report.
    const { report } = lint({ files: d.files, skipped: d.skipped });
    expect(JSON.stringify(report)).not.toContain('outside-secret-value');
    expect(
      report.files
        .filter((f) => !f.skipped)
        .map((f) => f.path)
        .sort(),
    ).toEqual(['a/b/c.yaml', 'k8s/deploy.yaml']);
    const notJudged = report.findings.filter((f) => f.ruleId === 'file-not-judged');
    expect(notJudged.map((f) => [f.file, f.severity])).toEqual([
      ['.env', 'error'],
      ['dangling.yaml', 'error'],
    ]);

    // A symbolic link named on the command line is not followed either.
    const named = await discover(['outside-dir', '.env'], { cwd: repo });
    expect(named.files).toEqual([]);
    expect(named.skipped.map((s) => s.reason)).toEqual(['symbolic link (not followed)', 'symbolic link (not followed)']);
  }, 60_000);
});
