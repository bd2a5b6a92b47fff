// Exact Helm mode is chosen by whoever runs the tool: in the Action, the `helm-binary` input (a
// program outside the checked-out tree). The input reaches the renderer; without it, nothing runs.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../helpers/fixtures.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { cleanup, ensureBuilt, runAction, runnerEnv, tempDir, workspace } from './harness.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'chart/values.yaml': 'replicas: 1\n',
  'chart/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27.3\n',
};

/** A stand-in helm outside the workspace: records its arguments and prints a privileged Pod. */
function fakeHelm(): { binary: string; marker: string } {
  const dir = tempDir('rl-fake-helm-');
  const marker = join(dir, 'called');
  const binary = join(dir, 'helm');
  writeFileSync(
    binary,
    `#!/bin/sh\necho "$@" > '${marker}'\ncat <<'EOF'\n---\n# Source: shop/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27.3\n      securityContext:\n        privileged: true\nEOF\n`,
  );
  chmodSync(binary, 0o755);
  return { binary, marker };
}

describe('helm-binary input', () => {
  it('is declared in action.yml with a description', () => {
    const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string; default?: string }> };
    expect(action.inputs['helm-binary']?.default).toBe('');
    expect(action.inputs['helm-binary']?.description).toMatch(/helm/i);
  });

  for (const given of [true, false]) {
    it(given ? 'renders charts with the given helm' : 'runs no helm without the input', async () => {
      const ws = workspace({ 'README.md': 'x\n' }, CHART); // the chart is new in the PR: its findings are annotated
      const helm = fakeHelm();
      const fake = await new FakeGitHub([]).start();
      try {
        const { env } = runnerEnv(ws, fake.url, { comment: 'false', ...(given ? { 'helm-binary': helm.binary } : {}) });
        const r = await runAction(env, ws.dir);
        expect(r.code, r.stdout).not.toBe(2);
        expect(existsSync(helm.marker)).toBe(given);
        if (given) expect(readFileSync(helm.marker, 'utf8')).toMatch(/^template /);
        // the privileged container exists only in what the fake helm printed
        expect(/^::error file=chart\/templates\/pod\.yaml,.*no-privileged-containers/m.test(r.stdout)).toBe(given);
      } finally {
        await fake.stop();
      }
    });
  }
});

describe('helm-binary on a pull request', () => {
  it("renders the base commit's own chart, not the checked-out one: the PR's privileged container is new", async () => {
    // A helm that prints the chart's template as it finds it on disk, relative to where it runs.
    const dir = tempDir('rl-cat-helm-');
    const binary = join(dir, 'helm');
    writeFileSync(binary, `#!/bin/sh\necho '---'\necho '# Source: shop/templates/pod.yaml'\ncat "$3/templates/pod.yaml"\n`);
    chmodSync(binary, 0o755);
    const privileged = `${CHART['chart/templates/pod.yaml']}      securityContext:\n        privileged: true\n`;
    const ws = workspace(CHART, { 'chart/templates/pod.yaml': privileged });
    const fake = await new FakeGitHub([]).start();
    try {
      const { env } = runnerEnv(ws, fake.url, { comment: 'false', 'helm-binary': binary, 'fail-on': 'new-error' });
      const r = await runAction(env, ws.dir);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stdout).toMatch(/^::error file=chart\/templates\/pod\.yaml,.*no-privileged-containers/m);
      expect(r.stdout).toMatch(/; 1 new errors, /);
    } finally {
      await fake.stop();
    }
  });
});
