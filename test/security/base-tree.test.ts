// The PR's base commit is written out of git objects to be linted (src/pipeline/git-tree.ts). Its
// tree is attacker-made: names with `..` or `.git` parts, a link and a folder of the same name, a
// name with a newline, a link to a file outside. Nothing may land outside the temporary folder,
// no link may point anywhere real, and the folder is removed afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lintCommit } from '../../src/action/base.js';
import { EMPTY_CONFIG } from '../../src/config/index.js';
import { writeCommitTree } from '../../src/pipeline/git-tree.js';
import { cleanup, tempDir } from '../action/harness.js';

afterEach(cleanup);

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n';

/** A commit whose tree `git mktree --missing` builds from raw entries (no name checks). */
function craftedCommit(): { dir: string; sha: string } {
  const dir = tempDir('rl-crafted-');
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, input, stdio: ['pipe', 'pipe', 'ignore'] })
      .toString()
      .trim();
  git(['init', '-q']);
  const pod = git(['hash-object', '-w', '--stdin'], POD);
  const outside = git(['hash-object', '-w', '--stdin'], '/etc/passwd');
  const sub = git(['mktree', '-z', '--missing'], `100644 blob ${pod}\tevil.yaml\0`);
  const entries = [
    `100644 blob ${pod}\t..`,
    `100644 blob ${pod}\t.git`,
    `040000 tree ${sub}\t..`,
    `040000 tree ${sub}\t.GIT`,
    `120000 blob ${outside}\tlink`,
    `040000 tree ${sub}\tlink`,
    `120000 blob ${outside}\tpasswd.env`,
    `100644 blob ${pod}\ta\nb.yaml`,
  ];
  const tree = git(['mktree', '-z', '--missing'], entries.join('\0') + '\0');
  const sha = git(['commit-tree', '-m', 'crafted', tree]);
  return { dir, sha };
}

describe('a crafted base tree', () => {
  it('is written inside its folder only, links pointing nowhere real', () => {
    const { dir, sha } = craftedCommit();
    const tree = writeCommitTree(dir, sha)!;
    try {
      expect(tree).toBeDefined();
      expect(readdirSync(tree.dir).sort()).toEqual(['a\nb.yaml', 'link', 'passwd.env']);
      // the folder `link` was written first; the link of the same name could not replace it
      expect(lstatSync(join(tree.dir, 'link')).isDirectory()).toBe(true);
      expect(readdirSync(join(tree.dir, 'link'))).toEqual(['evil.yaml']);
      expect(lstatSync(join(tree.dir, 'passwd.env')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(tree.dir, 'passwd.env'))).not.toContain('/');
      expect(existsSync(join(tree.dir, '..', 'evil.yaml'))).toBe(false);
    } finally {
      tree.remove();
    }
    expect(existsSync(tree.dir)).toBe(false);
  });

  it('is linted with the files a checkout would have, the link not read', async () => {
    const { dir, sha } = craftedCommit();
    const report = (await lintCommit(dir, sha, EMPTY_CONFIG))!;
    expect(
      report.files
        .filter((f) => f.kind === 'kubernetes')
        .map((f) => f.path)
        .sort(),
    ).toEqual(['a\nb.yaml', 'link/evil.yaml']);
    // listed as a checkout's link would be: skipped, not followed
    expect(report.files.find((f) => f.path === 'passwd.env')?.skipped).toBe('symbolic link (not followed)');
    expect(JSON.stringify(report)).not.toContain('root:x:0');
  });

  it('is read in batches that stay in step, however small the batch', () => {
    const { dir, sha } = craftedCommit();
    const whole = writeCommitTree(dir, sha)!;
    const batched = writeCommitTree(dir, sha, undefined, 1)!;
    try {
      for (const name of ['a\nb.yaml', 'link/evil.yaml']) expect(readFileSync(join(batched.dir, name), 'utf8')).toBe(readFileSync(join(whole.dir, name), 'utf8'));
      expect(readFileSync(join(batched.dir, 'a\nb.yaml'), 'utf8')).toBe(POD);
    } finally {
      whole.remove();
      batched.remove();
    }
  });

  it('a forged commit id reaches no git command', () => {
    const { dir } = craftedCommit();
    for (const bad of ['--output=x', 'HEAD', 'a'.repeat(39)]) expect(writeCommitTree(dir, bad)).toBeUndefined();
  });
});
