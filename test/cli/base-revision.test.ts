// `--base <rev>` and `--fail-on new-*` (issue 12, item 4, the CLI side): the working tree and a git
// revision are judged by the same pipeline and compared by fingerprint, so a run can fail only on
// what a change introduced, in any CI. The revision goes after --end-of-options.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const DEPLOYMENT = (extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
${extra}`;

const repo = mkdtempSync(join(tmpdir(), 'rl-base-rev-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
const git = (...args: string[]) =>
  execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { stdio: 'pipe' })
    .toString()
    .trim();
git('init', '-q');
mkdirSync(join(repo, 'k8s'));
writeFileSync(join(repo, 'k8s', 'api.yaml'), DEPLOYMENT(''));
writeFileSync(join(repo, 'README.md'), 'app\n');
git('add', '.');
git('commit', '-qm', 'base');
// The change: two unrelated lines above, and a privileged container.
writeFileSync(join(repo, 'k8s', 'api.yaml'), `# a comment\n# another\n${DEPLOYMENT('          securityContext:\n            privileged: true\n')}`);

async function cli(args: string[], cwd = repo) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

describe('--base <rev>', () => {
  it('counts what the working tree introduced against the revision; line moves are not new', async () => {
    const r = await cli(['k8s', '--base', 'HEAD', '--format', 'json']);
    expect(r.stderr).toMatch(/against HEAD: 1 new, 0 fixed, \d+ unchanged/);
    const unchanged = Number(/(\d+) unchanged/.exec(r.stderr)![1]);
    expect(unchanged).toBeGreaterThan(0); // the base's findings moved two lines down: still unchanged
  });

  it('--progress names the revision while it is linted', async () => {
    const r = await cli(['k8s', '--base', 'HEAD', '--format', 'json', '--progress']);
    expect(r.stderr).toMatch(
      /^readiness-lint: 1 file discovered\nreadiness-lint: running \d+ rules\nreadiness-lint \(base HEAD\): 1 file discovered\nreadiness-lint \(base HEAD\): running \d+ rules\nreadiness-lint: against HEAD: 1 new, 0 fixed, \d+ unchanged; score \d+ -> \d+\nreadiness-lint: 1 file read, \d+ rules run in \d+\.\d s\n$/,
    );
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  });

  it('--fail-on new-error fails on the new privileged container and passes when nothing is new', async () => {
    expect((await cli(['k8s', '--base', 'HEAD', '--fail-on', 'new-error'])).code).toBe(1);
    git('add', '.');
    git('commit', '-qm', 'head');
    const same = await cli(['k8s', '--base', 'HEAD', '--fail-on', 'new-error']);
    expect(same.stderr).toMatch(/0 new, 0 fixed/);
    expect(same.code).toBe(0);
    // the same findings fail the ordinary gate
    expect((await cli(['k8s', '--fail-on', 'error'])).code).toBe(1);
    // against the first commit the privileged container is new again
    expect((await cli(['k8s', '--base', 'HEAD~1', '--fail-on', 'new-error'])).code).toBe(1);
  });

  it('judges from a subfolder with paths relative to it', async () => {
    const r = await cli(['.', '--base', 'HEAD~1', '--format', 'json'], join(repo, 'k8s'));
    expect(r.stderr).toMatch(/against HEAD~1: 1 new, 0 fixed, [1-9]\d* unchanged/);
  });

  it('--fail-on new-* without --base, a revision that is no commit, and an option-shaped revision are usage errors', async () => {
    const noBase = await cli(['k8s', '--fail-on', 'new-error']);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toContain('--base <rev>');
    const missing = await cli(['k8s', '--base', 'no-such-branch']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'no-such-branch' is not a commit");
    const forged = await cli(['k8s', '--base=--output=pwned.txt']);
    expect(forged.code).toBe(2);
    expect(existsSync(join(repo, 'pwned.txt'))).toBe(false);
    expect(existsSync(join(repo, 'k8s', 'pwned.txt'))).toBe(false);
  });

  it('outside a git repository, --base says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-base-none-'));
    try {
      writeFileSync(join(dir, 'api.yaml'), DEPLOYMENT(''));
      const r = await cli(['.', '--base', 'HEAD'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--base needs a git repository');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
