// The pull request view (issue 12 items 1-4), end to end: the built Action against the fake GitHub
// API on 127.0.0.1, in a real git clone of a PR merge commit (as actions/checkout makes it), the
// base commit found with fetch-depth: 2. A PR that adds one privileged container and fixes one
// missing probe: one new error annotation on the added line, a comment that lists the new and the
// fixed finding first, the right production delta (also with `paths:`), one comment after two pushes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/index.js';
import { lint } from '../../src/engine/lint.js';
import { addedLines } from '../../src/action/diff-lines.js';
import { compareFindings } from '../../src/pipeline/compare.js';
import { FakeGitHub, type RecordedRequest } from '../helpers/fake-github.js';
import { cleanup, COMMENTS, ensureBuilt, runAction, runnerEnv, tempDir } from './harness.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const LIVENESS = '          livenessProbe:\n            httpGet:\n              path: /live\n              port: 8080\n';
function deployment(name: string, options: { liveness: boolean; privileged: boolean }): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 3',
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      securityContext:',
    '        runAsNonRoot: true',
    '      containers:',
    `        - name: ${name}`,
    `          image: registry.example.test/${name}:1.4.2`,
    '          readinessProbe:',
    '            httpGet:',
    '              path: /ready',
    '              port: 8080',
    (options.liveness ? LIVENESS : '') + '          resources:',
    '            requests:',
    '              cpu: 100m',
    '              memory: 128Mi',
    '            limits:',
    '              memory: 256Mi',
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            readOnlyRootFilesystem: true',
    ...(options.privileged ? ['            privileged: true'] : []),
    '',
  ].join('\n');
}

const BAD_DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';
// Outside `paths: k8s`: a privileged pod and a bad Dockerfile in both commits.
const OUTSIDE = {
  'other/db.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n    - name: db\n      image: postgres:latest\n      securityContext:\n        privileged: true\n',
  Dockerfile: BAD_DOCKERFILE,
};
const BASE = { 'k8s/api.yaml': deployment('api', { liveness: true, privileged: false }), 'k8s/web.yaml': deployment('web', { liveness: false, privileged: false }), ...OUTSIDE };
const HEAD = { 'k8s/api.yaml': deployment('api', { liveness: true, privileged: true }), 'k8s/web.yaml': deployment('web', { liveness: true, privileged: false }) };
const PRIVILEGED_LINE = HEAD['k8s/api.yaml'].split('\n').indexOf('            privileged: true') + 1;

interface PullRequestRepo {
  /** The clone the Action runs in (actions/checkout of refs/pull/7/merge). */
  dir: string;
  baseSha: string;
  headSha: string;
  mergeSha: string;
  /** Push to the PR branch again (a new head and merge commit) and check out anew. */
  push: (files: Record<string, string>) => PullRequestRepo;
}

/** An origin with main (base) and a PR branch, the PR's merge commit, cloned with `fetch-depth`. */
function pullRequestRepo(base: Record<string, string>, head: Record<string, string>, fetchDepth: number): PullRequestRepo {
  const origin = tempDir('rl-origin-');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  const write = (files: Record<string, string>) => {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(join(origin, p, '..'), { recursive: true });
      writeFileSync(join(origin, p), text);
    }
  };
  git(origin, 'init', '-q', '-b', 'main');
  write(base);
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'base');
  const baseSha = git(origin, 'rev-parse', 'HEAD');
  git(origin, 'checkout', '-q', '-b', 'feature');
  const commitAndMerge = (files: Record<string, string>): PullRequestRepo => {
    git(origin, 'checkout', '-q', 'feature');
    write(files);
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '--allow-empty', '-m', 'push');
    const headSha = git(origin, 'rev-parse', 'HEAD');
    // refs/pull/7/merge: the PR merged into the base, first parent the base
    git(origin, 'checkout', '-q', '-B', 'pull-7-merge', baseSha);
    git(origin, 'merge', '-q', '--no-ff', '-m', 'Merge feature into main', 'feature');
    const mergeSha = git(origin, 'rev-parse', 'HEAD');
    const dir = tempDir('rl-checkout-');
    rmSync(dir, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', `--depth=${fetchDepth}`, '--branch', 'pull-7-merge', `file://${origin}`, dir], { stdio: 'ignore' });
    return { dir, baseSha, headSha, mergeSha, push: commitAndMerge };
  };
  return commitAndMerge(head);
}

/** Comments kept like GitHub keeps them: listed, created as the token's user, edited in place. */
function stickyApi(tokenUser: string | undefined, existing: { id: number; body: string; user: { login: string; type: string } }[] = []) {
  const comments = [...existing];
  const routes = [
    { method: 'GET', path: COMMENTS, json: () => comments },
    {
      method: 'POST',
      path: COMMENTS,
      status: 201,
      json: (req: RecordedRequest) => {
        const c = { id: 1000 + comments.length, body: (req.body as { body: string }).body, user: { login: tokenUser ?? 'github-actions[bot]', type: tokenUser ? 'User' : 'Bot' } };
        comments.push(c);
        return c;
      },
    },
    {
      method: 'PATCH',
      path: /^\/repos\/acme\/shop\/issues\/comments\/\d+$/,
      json: (req: RecordedRequest) => {
        const c = comments.find((x) => req.path.endsWith(`/${x.id}`))!;
        c.body = (req.body as { body: string }).body;
        return c;
      },
    },
    tokenUser
      ? { method: 'GET', path: '/user', json: { login: tokenUser, type: 'User' } }
      : { method: 'GET', path: '/user', status: 403, json: { message: 'Resource not accessible by integration' } },
  ];
  return { comments, routes };
}

function envFor(repo: PullRequestRepo, api: string, inputs: Record<string, string> = {}) {
  const runner = runnerEnv({ dir: repo.dir, baseSha: repo.baseSha, headSha: repo.headSha }, api, inputs);
  runner.env.GITHUB_SHA = repo.mergeSha;
  return runner;
}

const scoreOf = (files: Record<string, string>) => lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })), config: EMPTY_CONFIG }).report.score.score!;
const k8sOnly = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('k8s/')));

describe('the pull request view', () => {
  for (const paths of ['.', 'k8s']) {
    it(`a PR adding a privileged container and fixing a missing probe (paths: ${paths}): one new annotation, 1 new and 1 fixed first, the right delta, one comment after two pushes with a personal token`, async () => {
      const repo = pullRequestRepo(BASE, HEAD, 2);
      const api = stickyApi('alice', [{ id: 5, body: 'I quote <!-- readiness-lint:sticky-comment --> here', user: { login: 'mallory', type: 'User' } }]);
      const fake = await new FakeGitHub(api.routes).start();
      try {
        const { env, summary } = envFor(repo, fake.url, { paths });
        const r = await runAction(env, repo.dir);
        expect(r.code, r.stdout).toBe(1); // the new privileged container is an error

        // exactly one error annotation: the new finding, on the added line
        const annotations = r.stdout.split('\n').filter((l) => /^::error file=/.test(l));
        expect(annotations).toHaveLength(1);
        expect(annotations[0]).toMatch(new RegExp(`^::error file=k8s/api\\.yaml,line=${PRIVILEGED_LINE},col=\\d+,.*title=readiness-lint no-privileged-containers::`));
        expect(r.stdout.split('\n').filter((l) => /^::(warning|notice) file=/.test(l))).toEqual([]);
        // the verdict is always the last line
        expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^::error::readiness-lint: score \d+/);

        const body = api.comments.find((c) => c.user.login === 'alice')!.body;
        const newAt = body.indexOf('### New in this pull request (1)');
        const fixedAt = body.indexOf('### Fixed by this pull request (1)');
        const scoreAt = body.indexOf('### Score');
        const alreadyAt = body.indexOf('<summary>Already there before this pull request');
        expect(newAt).toBeGreaterThan(0);
        expect([newAt < fixedAt, fixedAt < scoreAt, scoreAt < alreadyAt]).toEqual([true, true, true]);
        expect(body).toMatch(/\*\*1\*\* new finding \(1 error\), \*\*1\*\* fixed/);
        const newSection = body.slice(newAt, fixedAt);
        expect(newSection).toContain(`[\`k8s/api.yaml:${PRIVILEGED_LINE}\`](https://github.example.test/acme/shop/blob/${repo.headSha}/k8s/api.yaml#L${PRIVILEGED_LINE})`);
        expect(newSection).toContain('`no-privileged-containers`');
        const fixedSection = body.slice(fixedAt, scoreAt);
        expect(fixedSection).toMatch(/k8s\/web\.yaml:\d+.*liveness probe.*`require-probes`/);
        expect(fixedSection.match(/^- /gm)).toHaveLength(1);
        // one line per finding: no table rows with wrapped rule names
        expect(body.slice(newAt, scoreAt)).not.toContain('| rule |');

        // the production delta, both sides linted over the same paths
        const baseFiles = paths === 'k8s' ? k8sOnly(BASE) : BASE;
        const headFiles = paths === 'k8s' ? k8sOnly(HEAD) : { ...OUTSIDE, ...HEAD };
        const [before, now] = [scoreOf(baseFiles), scoreOf(headFiles)];
        const delta = now - before;
        expect(body).toContain(`**${now}/100`);
        expect(body).toContain(`for production: ${delta > 0 ? `▲ +${delta}` : delta < 0 ? `▼ ${delta}` : '= no change'} against the base commit (${before}/100`);
        expect(summary()).toContain('### New in this pull request (1)');

        // a second push: the same comment is edited, mallory's quoting comment untouched
        const again = repo.push({ 'README.md': 'unrelated\n' });
        const second = await runAction(envFor(again, fake.url, { paths }).env, again.dir);
        expect(second.code).toBe(1);
        expect(fake.calls('POST', COMMENTS)).toHaveLength(1);
        expect(fake.calls('PATCH', /\/issues\/comments\//).map((c) => c.path)).toEqual([`/repos/acme/shop/issues/comments/${api.comments[1]!.id}`]);
        expect(api.comments.map((c) => c.user.login)).toEqual(['mallory', 'alice']);
        expect(api.comments[0]!.body).toBe('I quote <!-- readiness-lint:sticky-comment --> here');
        expect(api.comments[1]!.body).toContain(`/blob/${again.headSha}/k8s/api.yaml#L${PRIVILEGED_LINE}`);
      } finally {
        await fake.stop();
      }
    });
  }

  it('with the GITHUB_TOKEN (GET /user refused) the comment is github-actions[bot]’s and is edited on the next push', async () => {
    const repo = pullRequestRepo(BASE, HEAD, 2);
    const api = stickyApi(undefined, [{ id: 3, body: 'old <!-- readiness-lint:sticky-comment -->', user: { login: 'github-actions[bot]', type: 'Bot' } }]);
    const fake = await new FakeGitHub(api.routes).start();
    try {
      await runAction(envFor(repo, fake.url).env, repo.dir);
      expect(fake.calls('POST', COMMENTS)).toHaveLength(0);
      expect(fake.calls('PATCH', '/repos/acme/shop/issues/comments/3')).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });

  it('fetch-depth: 1 cannot see the base commit: it says so and lists every finding', async () => {
    const repo = pullRequestRepo(BASE, HEAD, 1);
    const api = stickyApi('alice');
    const fake = await new FakeGitHub(api.routes).start();
    try {
      const r = await runAction(envFor(repo, fake.url).env, repo.dir);
      expect(r.stdout).toContain('::notice::readiness-lint: the base commit is not in the clone');
      expect(api.comments[0]!.body).toContain('The base commit could not be linted');
    } finally {
      await fake.stop();
    }
  });

  it('fail-on: new-error passes a PR that adds nothing new, though errors were already there', async () => {
    const repo = pullRequestRepo(BASE, { 'k8s/web.yaml': HEAD['k8s/web.yaml'] }, 2);
    const fake = await new FakeGitHub(stickyApi('alice').routes).start();
    try {
      const gate = await runAction(envFor(repo, fake.url, { 'fail-on': 'new-error' }).env, repo.dir);
      expect(gate.code, gate.stdout).toBe(0);
      const whole = await runAction(envFor(repo, fake.url, { 'fail-on': 'error' }).env, repo.dir);
      expect(whole.code).toBe(1); // other/db.yaml and the Dockerfile still fail
      const added = pullRequestRepo(BASE, HEAD, 2);
      const failing = await runAction(envFor(added, fake.url, { 'fail-on': 'new-error' }).env, added.dir);
      expect(failing.code).toBe(1);
      expect(failing.stdout).toMatch(/^::error::readiness-lint: score \d+ \([A-F]\); 1 new errors, 0 new warnings \(fail-on: new-error\)$/m);
    } finally {
      await fake.stop();
    }
  });

  it('never prints more than 10 commands per level, the verdict and the notices included', async () => {
    // 6 new Dockerfiles: 12 new errors on their added lines; on a fork, one notice from the Action
    const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`svc${i}/Dockerfile`, BAD_DOCKERFILE]));
    const repo = pullRequestRepo(BASE, many, 2);
    const fake = await new FakeGitHub([]).start();
    try {
      const { env } = envFor(repo, fake.url);
      const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH!, 'utf8'));
      payload.pull_request.head.repo = { full_name: 'someone/shop', fork: true };
      writeFileSync(env.GITHUB_EVENT_PATH!, JSON.stringify(payload));
      const r = await runAction(env, repo.dir);
      expect(r.code).toBe(1);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.filter((l) => l.startsWith('::error')).length).toBeLessThanOrEqual(10);
      expect(lines.filter((l) => l.startsWith('::notice')).length).toBeLessThanOrEqual(10);
      expect(lines.filter((l) => l.startsWith('::error file=')).length).toBe(9);
      expect(r.stdout).toContain('::notice::readiness-lint: pull request from a fork');
      expect(r.stdout).toMatch(/^::notice title=readiness-lint::\d+ more findings not annotated \(\d+ errors/m);
      expect(lines.at(-1)).toMatch(/^::error::readiness-lint: score/);
    } finally {
      await fake.stop();
    }
  });
});

describe('fingerprints across commits', () => {
  const report = (files: Record<string, string>) => lint({ files: Object.entries(files).map(([path, text]) => ({ path, text })), config: EMPTY_CONFIG }).report;

  it('survive line moves and unrelated edits: nothing new, nothing fixed', () => {
    const before = report({ 'k8s/web.yaml': deployment('web', { liveness: false, privileged: true }) });
    const moved = deployment('web', { liveness: false, privileged: true })
      .replace('kind: Deployment\n', '# moved down by a comment\n\n\nkind: Deployment\n')
      .replace('  replicas: 3\n', '  replicas: 3\n  revisionHistoryLimit: 5\n')
      .replace('              memory: 256Mi\n', '              memory: 512Mi\n');
    const after = report({ 'k8s/web.yaml': moved });
    expect(after.findings.map((f) => f.range.start.line)).not.toEqual(before.findings.map((f) => f.range.start.line));
    const changes = compareFindings(after, before);
    expect(changes.introduced).toEqual([]);
    expect(changes.fixed).toEqual([]);
    expect(changes.unchanged).toHaveLength(after.findings.length);
  });

  it('tell a second equal problem apart as new (counted, not merged)', () => {
    const one = report({ 'a/Dockerfile': BAD_DOCKERFILE });
    const two = report({ 'a/Dockerfile': BAD_DOCKERFILE, 'b/Dockerfile': BAD_DOCKERFILE });
    expect(compareFindings(two, one).introduced.map((f) => f.file)).toEqual(['b/Dockerfile', 'b/Dockerfile', 'b/Dockerfile']);
  });

  it('reads the head-side lines of -U0 hunks', () => {
    expect([...addedLines('@@ -3,0 +4,2 @@\n+a\n+b\n@@ -10 +12 @@\n-x\n+y\n@@ -20,3 +22,0 @@\n-gone\n')]).toEqual([4, 5, 12]);
  });
});

describe('the README workflow example', () => {
  it('has the permissions, current action versions and the fetch-depth tested above', async () => {
    const { parse } = await import('yaml');
    const { REPO } = await import('../helpers/fixtures.js');
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## GitHub Action'));
    const workflow = parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]!) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    };
    expect(workflow.permissions).toMatchObject({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write', actions: 'read' });
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.uses).toBe('actions/checkout@v6');
    expect(checkout.with?.['fetch-depth']).toBe(2); // as in 'a PR adding a privileged container …' (depth 2) and 'fetch-depth: 1 …'
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(String(steps.find((s) => s.uses?.startsWith('readiness-lint/'))!.with?.['fail-on'])).toContain("'new-error'");
    expect(section).toContain('### Pull requests');
  });
});
