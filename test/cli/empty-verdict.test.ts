// Issue 11: an empty verdict is not a pass. A run that judged no deployment artifact (an empty
// folder, everything ignored, a path that holds nothing readiness-lint reads) says so and exits 2,
// as ESLint does when no file matches; --allow-empty (Action input `allow-empty`) opts out.
// Also: environment names and aliases on the command line and in the Action, with a did-you-mean.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { runAction } from '../../src/action/main.js';
import { REPO } from '../helpers/fixtures.js';
import { writeTempTree } from '../helpers/temp-tree.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = writeTempTree('rl-empty-', files);
  dirs.push(dir);
  return dir;
}

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: {}, isTTY: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const GOOD_DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n';

describe('empty verdict (CLI)', () => {
  it('exits 2 and says so for an empty folder', async () => {
    const dir = tree({});
    const r = await cli(['--no-config', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no deployment artifact');
    expect(r.stderr).toContain('--allow-empty');
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a path that exists but holds nothing we read (docs only)', async () => {
    const dir = tree({ 'docs/README.md': '# hello\n', 'docs/.gitignore': 'node_modules\n' });
    const r = await cli(['--no-config', 'docs'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no deployment artifact .* in docs \(1 file read\)/);
  });

  it('exits 2 when the config ignores everything', async () => {
    const dir = tree({ '.readiness-lint.yaml': 'ignore: ["**/Dockerfile"]\n', 'api/Dockerfile': GOOD_DOCKERFILE });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no deployment artifact');
  });

  it('--allow-empty accepts an empty run (exit 0, the report is printed)', async () => {
    const dir = tree({});
    const r = await cli(['--no-config', '--allow-empty', '--format', 'json', '.'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: [], findings: [] });
  });

  it('a run that judged a deployment artifact is not empty', async () => {
    const dir = tree({ Dockerfile: GOOD_DOCKERFILE });
    const r = await cli(['--no-config', '.'], dir);
    expect(r.stderr).not.toContain('no deployment artifact');
    expect(r.code).toBe(0);
  });
});

describe('--env names and aliases (CLI)', () => {
  it('accepts an alias and judges unnamed files as that environment', async () => {
    const dir = tree({ Dockerfile: GOOD_DOCKERFILE });
    const r = await cli(['--no-config', '--env', 'stg', '--format', 'json', '.'], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.environment).toBe('staging');
    expect(report.files[0].environmentEvidence).toMatchObject({ environment: 'staging', source: 'none' });
  });

  it('refuses an unknown name with a did-you-mean (exit 2)', async () => {
    const r = await cli(['--no-config', '--env', 'prodution', '.'], tree({}));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--env: unknown environment 'prodution' (did you mean 'production'?)");
  });
});

describe('Action: allow-empty and env aliases', () => {
  /** A push run with action.yml's defaults, as the runner injects them. */
  function actionEnv(workspace: string, inputs: Record<string, string> = {}): NodeJS.ProcessEnv {
    const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
    const env: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/shop' };
    for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase()}`] = name === 'github-token' ? '' : (spec.default ?? '');
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    env['INPUT_SARIF-FILE'] = '';
    return env;
  }
  async function action(workspace: string, inputs: Record<string, string> = {}) {
    let out = '';
    const code = await runAction({ env: actionEnv(workspace, inputs), cwd: workspace, stdout: (t) => (out += t) });
    return { code, out };
  }

  it('fails the step on an empty verdict by default, passes with allow-empty', async () => {
    const dir = tree({ 'docs/README.md': '# hi\n' });
    const failed = await action(dir);
    expect(failed.code).toBe(2);
    expect(failed.out).toMatch(/::error::readiness-lint: no deployment artifact .*allow-empty/);
    const allowed = await action(dir, { 'allow-empty': 'true' });
    expect(allowed.code).toBe(0);
  });

  it("takes an alias in the 'env' input and refuses an unknown one with a did-you-mean", async () => {
    const dir = tree({ Dockerfile: GOOD_DOCKERFILE });
    expect((await action(dir, { env: 'prod' })).code).toBe(0);
    const bad = await action(dir, { env: 'stagig' });
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("input 'env': unknown environment 'stagig' (did you mean 'staging'?)");
  });
});
