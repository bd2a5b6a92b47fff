// Deterministic output (issue 6, item 7): the same tree, written to disk twice in opposite
// orders (so directory listings differ), linted by the built CLI, gives byte-identical output in
// every file format (JSON, SARIF, HTML, JUnit, GitLab Code Quality, markdown). The tree mixes
// every artifact kind: the demo project plus the rule fixtures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'rl-determinism-'));
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function collect(dir: string, base: string, out: [string, Buffer][]): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) collect(full, base, out);
    else if (st.isFile()) out.push([relative(base, full).split('\\').join('/'), readFileSync(full)]);
  }
}

function writeTree(root: string, files: [string, Buffer][]): void {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

// Every format that is written to a file in CI; text and github go to logs.
const FORMATS = ['json', 'sarif', 'html', 'junit', 'gitlab', 'markdown'] as const;
type Outputs = Record<(typeof FORMATS)[number], string>;

function lintTree(root: string, name: string): Outputs {
  const args = FORMATS.flatMap((format) => ['--format', format, '--output-file', join(work, `${name}.${format}`)]);
  const r = spawnSync(process.execPath, [CLI, '.', '--no-config', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  expect(r.stderr).not.toMatch(/internal error/i);
  expect([0, 1]).toContain(r.status);
  return Object.fromEntries(FORMATS.map((format) => [format, readFileSync(join(work, `${name}.${format}`), 'utf8')])) as Outputs;
}

describe('deterministic output', () => {
  it('two runs over the same tree created in different orders give byte-identical output in every file format', () => {
    const files: [string, Buffer][] = [];
    collect(join(REPO, 'fixtures', 'demo'), join(REPO, 'fixtures', 'demo'), files);
    for (const rule of ['require-probes', 'no-plaintext-secrets', 'require-backups', 'no-root-containers', 'require-pinned-images']) {
      const dir = join(REPO, 'rules', rule, 'fixtures');
      if (existsSync(dir)) {
        const sub: [string, Buffer][] = [];
        collect(dir, dir, sub);
        for (const [p, c] of sub) files.push([`fixtures/${rule}/${p}`, c]);
      }
    }
    expect(files.length).toBeGreaterThan(30);

    const a = join(work, 'a');
    const b = join(work, 'b');
    writeTree(a, files);
    // The second copy: reverse order, with decoy files created first and removed afterwards so
    // directory entries land in different slots.
    const decoys = files.map(([p]) => [`${p}.decoy`, Buffer.from('x')] as [string, Buffer]);
    writeTree(b, decoys);
    writeTree(b, [...files].reverse());
    for (const [p] of decoys) rmSync(join(b, p));

    const first = lintTree(a, 'a');
    const second = lintTree(b, 'b');
    expect(JSON.parse(first.json).findings.length).toBeGreaterThan(20);
    for (const format of FORMATS) {
      expect(first[format].length, format).toBeGreaterThan(1000);
      expect(second[format], `${format} differs between the two trees`).toBe(first[format]);
    }
    // And a repeated run in the same tree.
    expect(lintTree(a, 'a2').json).toBe(first.json);
  }, 120_000);
});
