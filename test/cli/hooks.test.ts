// The places people lint (issue 12 item 8): the pre-commit hook this repository publishes, run the
// way pre-commit runs it (its entry, its args, the staged files its `files` pattern selects), and
// the tool's own Dockerfile, which readiness-lint must lint clean.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  args?: string[];
  files: string;
  pass_filenames: boolean;
}

/** pre-commit's `files` is a Python regex; `(?i)` at its start is the only inline flag we use. */
function filesPattern(hook: Hook): RegExp {
  return hook.files.startsWith('(?i)') ? new RegExp(hook.files.slice(4), 'i') : new RegExp(hook.files);
}

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'readiness-lint')!;

  it('is in the pre-commit format and names the package bin', () => {
    expect(hook).toMatchObject({ id: 'readiness-lint', name: 'readiness-lint', language: 'node', pass_filenames: true });
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(pkg.bin[hook.entry]).toBe('dist/cli.js');
    // pre-commit installs the hook with `npm pack`: the bundle must be built then.
    expect(pkg.scripts.prepack).toContain('scripts/build.mjs');
    const select = filesPattern(hook);
    for (const yes of [
      'k8s/api.yaml',
      'chart/values-prod.yml',
      'Dockerfile',
      'api/Dockerfile.prod',
      'web.dockerfile',
      '.env.production',
      'chart/templates/_helpers.tpl',
      '.dockerignore',
    ])
      expect(select.test(yes), yes).toBe(true);
    for (const no of ['README.md', 'src/index.ts', 'docs/env.md']) expect(select.test(no), no).toBe(false);
  });

  it('runs its entry on the staged files: a staged problem fails the commit, an unstaged one is not looked at', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-hook-'));
    const files: Record<string, string> = {
      'api/Dockerfile': 'FROM node:latest\nCMD ["node", "server.js"]\n',
      'README.md': '# app\n',
      'web/Dockerfile': 'FROM node:latest\nCMD ["node", "web.js"]\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('add', 'api/Dockerfile', 'README.md');
    const staged = git('diff', '--cached', '--name-only').trim().split('\n');
    const selected = staged.filter((f) => filesPattern(hook).test(f));
    expect(selected).toEqual(['api/Dockerfile']);
    const runHook = (paths: string[]) =>
      spawnSync(process.execPath, [CLI, ...(hook.args ?? []), ...paths], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    const failed = runHook(selected);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('api/Dockerfile:1:6 error require-pinned-images');
    expect(failed.stdout).not.toContain('web/Dockerfile');
    // A commit whose selected files hold no deployment artifact passes (--allow-empty); pre-commit
    // does not run the hook at all when nothing is selected.
    writeFileSync(join(dir, 'mkdocs.yml'), 'site_name: app\n');
    git('reset', '-q');
    git('add', 'mkdocs.yml', 'README.md');
    const docsOnly = git('diff', '--cached', '--name-only')
      .trim()
      .split('\n')
      .filter((f) => filesPattern(hook).test(f));
    expect(docsOnly).toEqual(['mkdocs.yml']);
    expect(runHook(docsOnly).status).toBe(0);
  });
});

describe("the tool's own Dockerfile", () => {
  it('lints clean with its .dockerignore: no findings (the one waiver names why)', () => {
    const r = spawnSync(process.execPath, [CLI, 'Dockerfile', '.dockerignore', '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([]);
    expect(report.notices).toEqual([]);
    expect(report.waived.map((f: { ruleId: string }) => f.ruleId)).toEqual(['require-ci-checks']);
    const text = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    // Multi-stage, base image pinned by version, an unprivileged user in the final stage.
    expect(text.match(/^FROM node:\d+\.\d+\.\d+-alpine\d+\.\d+/gm)).toHaveLength(2);
    expect(text).toMatch(/^USER node$/m);
  });
});
