// Patterns that come from files in the scanned tree (.gitignore, .dockerignore) are matched in
// linear time. As backtracking RegExps (our own gitignore translation, picomatch for
// .dockerignore, and the `ignore` package plus picomatch behind globby's `gitignore` option in
// discovery) one hostile line next to one long name or one deep folder took minutes. Each case
// must now end within a generous bound and still give git's and Docker's answers.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discovery/index.js';
import { isDockerignored, parseDockerignore } from '../../src/parsers/dockerignore.js';
import { isGitignored, parseGitignore } from '../../src/parsers/gitignore.js';
import { projectOf } from '../knowledge/helpers.js';
import { DEPLOYMENT, tree } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const STARS = '*a*a*a*a*a*a*a*a*a*ab';
const GLOBSTARS = 'a/**/**/**/**/**/**/**/**/b';
const BOUND_MS = 5_000;

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
}

function gitignored(text: string, path: string, isDir = false): boolean {
  let ignored = false;
  for (const p of parseGitignore(text)) if ((!p.dirOnly || isDir) && p.matches(path)) ignored = !p.negate;
  return ignored;
}

describe('.gitignore lines from the tree', () => {
  it('a line of many stars against a long name ends in milliseconds (minutes before)', () => {
    const { result, ms } = timed(() => [
      gitignored(STARS, 'a'.repeat(44)),
      gitignored(STARS, `${'a'.repeat(3000)}`),
      gitignored(STARS, 'xaxaxaxaxaxaxaxaxaxab'),
      gitignored(STARS, 'deep/xaxaxaxaxaxaxaxaxaxab'),
    ]);
    expect(result).toEqual([false, false, true, true]);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('isGitignored on a project with such a line and long names ends in milliseconds', () => {
    const project = projectOf([
      { path: '.gitignore', kind: 'gitignore', text: `${STARS}\n.env\n` },
      { path: 'svc/.gitignore', kind: 'gitignore', text: `${GLOBSTARS}\n` },
    ]);
    const deep = `svc/a/${Array(40).fill('x').join('/')}/c.env`;
    const { result, ms } = timed(() => [
      isGitignored(project, 'a'.repeat(44)),
      isGitignored(project, deep),
      isGitignored(project, 'svc/a/x/x/b/.env.local'),
      isGitignored(project, 'svc/.env'),
    ]);
    expect(result).toEqual([false, false, true, true]);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('a line with 100,000 trailing-blank candidates ends in milliseconds (the `\\s+$` trim was quadratic)', () => {
    const line = `a${' '.repeat(100_000)}b`;
    const { result, ms } = timed(() => [gitignored(`${line}\n`, 'x'), gitignored(`x${' '.repeat(100_000)}\n`, 'x')]);
    expect(result).toEqual([false, true]);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it.each([
    ['*.env', 'config/prod.env', true],
    ['/app.env', 'sub/app.env', false],
    ['sub/*.env', 'sub/deeper/app.env', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['**/b', 'x/y/b', true],
    ['a/**', 'a/x/y', true],
    ['a**b', 'axxb', true],
    ['a**b', 'ax/xb', false],
    ['[!a]x', 'bx', true],
    ['[!a]x', 'ax', false],
    ['[^a]x', 'ax', false],
    ['[a-c]x', 'bx', true],
    ['[[:digit:]]x', '7x', true],
    ['[x', '[x', true],
    ['\\#x', '#x', true],
    ['\\!x', '!x', true],
    ['x\\ ', 'x ', true],
    ['x  ', 'x', true],
    ['a?c', 'a/c', false],
    ['a*c', 'a/c', false],
    ['*.env\n!keep.env', 'keep.env', false],
    ['A.env', 'a.env', false],
  ])('%j matches %s → %s (git semantics)', (text, path, expected) => expect(gitignored(text, path)).toBe(expected));

  it('directory patterns match folders only, and nothing inside an ignored folder is re-included', () => {
    expect(gitignored('build/', 'build', true)).toBe(true);
    expect(gitignored('build/', 'build', false)).toBe(false);
    const project = projectOf([{ path: '.gitignore', kind: 'gitignore', text: 'build/\n!build/keep.env\n' }]);
    expect(isGitignored(project, 'build/keep.env')).toBe(true);
    expect(isGitignored(project, 'src/build.env')).toBe(false);
  });
});

describe('.dockerignore lines from the tree', () => {
  it('a line of many stars against a long name ends in milliseconds (minutes before)', () => {
    const { result, ms } = timed(() => [
      isDockerignored(parseDockerignore(STARS), 'a'.repeat(44)),
      isDockerignored(parseDockerignore(`**/${STARS}`), `${'a'.repeat(3000)}/${'a'.repeat(200)}`),
      isDockerignored(parseDockerignore(STARS), 'xaxaxaxaxaxaxaxaxaxab'),
      isDockerignored(parseDockerignore(STARS), 'sub/xaxaxaxaxaxaxaxaxaxab'),
    ]);
    expect(result).toEqual([false, false, true, false]);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('keeps Docker semantics for brackets, `?` and a second `!`', () => {
    const ignored = (text: string, path: string) => isDockerignored(parseDockerignore(text), path);
    expect(ignored('[a-c].env', 'b.env')).toBe(true);
    expect(ignored('?.env', 'x.env')).toBe(true);
    expect(ignored('?.env', 'x/.env')).toBe(false);
    expect(ignored('!!x', 'x')).toBe(false);
    expect(ignored('**/*.key', 'a/b/c.key')).toBe(true);
  });
});

describe('discovery with a hostile .gitignore', () => {
  it('a line of many stars next to a long file name: the walk ends in seconds and the line still applies', async () => {
    const dir = tree({
      '.gitignore': `${STARS}.yaml\n`,
      [`${'a'.repeat(60)}.yaml`]: DEPLOYMENT,
      'xaxaxaxaxaxaxaxaxaxab.yaml': DEPLOYMENT,
    });
    dirs.push(dir);
    const started = performance.now();
    const r = await discover([], { cwd: dir });
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(r.files.map((f) => f.path)).toEqual(['.gitignore', `${'a'.repeat(60)}.yaml`]);
  });

  it('a chain of /**/ next to a folder 40 deep: the walk ends in seconds and the line still applies', async () => {
    const deep = ['a', ...Array(40).fill('x')].join('/');
    const dir = tree({
      '.gitignore': `${GLOBSTARS}\n`,
      [`${deep}/c.yaml`]: DEPLOYMENT,
      'a/x/x/b/deploy.yaml': DEPLOYMENT,
      'a/b': DEPLOYMENT,
    });
    dirs.push(dir);
    const started = performance.now();
    const r = await discover([], { cwd: dir });
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(r.files.map((f) => f.path)).toEqual(['.gitignore', `${deep}/c.yaml`]);
  });

  it('applies .gitignore files from the repository root down to a walked sub-folder', async () => {
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '*.secret.yaml\n',
      'k8s/.gitignore': '!keep.secret.yaml\n',
      'k8s/app/x.secret.yaml': DEPLOYMENT,
      'k8s/app/keep.secret.yaml': DEPLOYMENT,
      'k8s/app/deploy.yaml': DEPLOYMENT,
    });
    dirs.push(dir);
    const r = await discover([join('k8s', 'app')], { cwd: dir });
    expect(r.files.map((f) => f.path)).toEqual(['k8s/app/deploy.yaml', 'k8s/app/keep.secret.yaml']);
  });
});
