// A PR that weakens the gate through .readiness-lint.yaml is visible: the PR comment and the job
// summary list every config change against the base commit's config (read from git objects),
// marking the ones that can loosen the gate, with everything from the tree escaped.
import MarkdownIt from 'markdown-it';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src/action/config-changes.js';
import { EMPTY_CONFIG, parseConfig } from '../../src/config/index.js';
import { ALL_RULES } from '../../src/engine/lint.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { cleanup, COMMENTS, ensureBuilt, runAction, runnerEnv, workspace } from './harness.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const known = new Set(ALL_RULES.map((r) => r.meta.id));
const defaultSeverity = (id: string) => ALL_RULES.find((r) => r.meta.id === id)?.meta.severity;
const GOOD_DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n';

const BASE_CONFIG = ['failOn: warning', 'minScore: 80', 'rules:', '  require-pinned-images: error', 'environments:', '  production: ["deploy/prod/**"]', ''].join('\n');
const WEAKER_CONFIG = [
  'failOn: none',
  'minScore: 10',
  'rules:',
  '  require-pinned-images: note',
  '  no-privileged-containers: off',
  'ignore: ["deploy/**"]',
  'environments:',
  '  development: ["deploy/prod/**"]',
  'waivers:',
  '  - rule: no-host-namespaces',
  '    reason: "@octocat said ok <img src=x onerror=alert(1)> [x](https://evil.example)"',
  '',
].join('\n');

async function commentAndSummary(base: Record<string, string>, head: Record<string, string | null>) {
  const ws = workspace(base, head);
  const fake = await new FakeGitHub([
    { method: 'GET', path: COMMENTS, pages: [] },
    { method: 'POST', path: COMMENTS, status: 201, json: { id: 1 } },
  ]).start();
  try {
    const { env, summary } = runnerEnv(ws, fake.url);
    const r = await runAction(env, ws.dir);
    expect(r.code, r.stdout).not.toBe(2);
    const posts = fake.calls('POST', COMMENTS);
    expect(posts).toHaveLength(1);
    return { comment: (posts[0]!.body as { body: string }).body, summary: summary() };
  } finally {
    await fake.stop();
  }
}

describe('config changes in the PR comment and the job summary', () => {
  it('lists every loosening change, marked, and escaped', async () => {
    const { comment, summary } = await commentAndSummary({ '.readiness-lint.yaml': BASE_CONFIG, Dockerfile: GOOD_DOCKERFILE }, { '.readiness-lint.yaml': WEAKER_CONFIG });
    for (const text of [comment, summary]) {
      expect(text).toContain('### ⚠️ This pull request changes the readiness-lint configuration (8 changes can loosen the gate)');
      expect(text).toContain('- ⚠️ rule no\\-privileged\\-containers turned off');
      expect(text).toContain('- ⚠️ rule require\\-pinned\\-images severity error → note');
      expect(text).toContain('- ⚠️ ignore glob added: deploy/\\*\\*');
      expect(text).toContain('- ⚠️ failOn warning → none');
      expect(text).toContain('- ⚠️ minScore 80 → 10');
      expect(text).toContain('- ⚠️ environment development: glob added: deploy/prod/\\*\\*');
      expect(text).toContain('- ⚠️ environment production: glob removed: deploy/prod/\\*\\*');
      expect(text).toMatch(
        /- ⚠️ waiver added: no\\-host\\-namespaces everywhere \\\(reason: @&#8203;octocat said ok &lt;img src=x onerror=alert\\\(1\\\)&gt; \\\[x\\\]\\\(https:\/&#8203;\/evil.example\\\)\\\)/,
      );
      // rendered: no HTML, link or image from the reason
      const html = new MarkdownIt({ html: true, linkify: true }).render(text);
      expect(html).not.toContain('<img');
      expect(html).not.toContain('href="https://evil.example');
    }
  });

  it('says so when the PR deletes the config', async () => {
    const { comment } = await commentAndSummary({ '.readiness-lint.yaml': BASE_CONFIG, Dockerfile: GOOD_DOCKERFILE }, { '.readiness-lint.yaml': null });
    expect(comment).toContain('- config file .readiness\\-lint.yaml removed');
    expect(comment).toContain('- ⚠️ minScore 80 → unset');
  });

  it('adds nothing when the config is unchanged', async () => {
    const { comment, summary } = await commentAndSummary({ '.readiness-lint.yaml': BASE_CONFIG, Dockerfile: GOOD_DOCKERFILE }, { 'README.md': 'x' });
    expect(comment).not.toContain('changes the readiness-lint configuration');
    expect(summary).not.toContain('changes the readiness-lint configuration');
    expect(summary).toMatch(/^## readiness-lint: /);
  });
});

describe('diffConfigs', () => {
  const parse = (text: string) => parseConfig(text, '.readiness-lint.yaml', '', known);

  it('marks what tightens the gate as not loosening', () => {
    const changes = diffConfigs(parse(WEAKER_CONFIG), parse(BASE_CONFIG), defaultSeverity);
    expect(changes.filter((c) => c.loosens)).toEqual([]);
    expect(changes.length).toBe(8);
    expect(changes.map((c) => c.text)).toContain('rule no-privileged-containers turned on');
    expect(changes.map((c) => c.text)).toContain('failOn none → warning');
  });

  it('finds nothing between equal configs', () => {
    expect(diffConfigs(parse(BASE_CONFIG), parse(BASE_CONFIG), defaultSeverity)).toEqual([]);
    expect(diffConfigs(EMPTY_CONFIG, EMPTY_CONFIG, defaultSeverity)).toEqual([]);
  });
});
