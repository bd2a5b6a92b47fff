// The command line: kustomize overlays found in a tree, exact mode through a binary (command line
// only), and `-` reading a built manifest stream from stdin.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
// @ts-expect-error plain ESM script without types
import { kubectlBinaryPath } from '../../scripts/helm-binary.mjs';
import { writeTempTree } from '../helpers/temp-tree.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = writeTempTree('rl-kcli-', files);
  dirs.push(dir);
  return dir;
}

async function cli(args: string[], cwd: string, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    env: {},
    isTTY: false,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    ...(stdin !== undefined ? { stdin: async () => stdin } : {}),
  });
  return { code, stdout, stderr };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
`;

const FILES = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': DEPLOYMENT,
  'overlays/staging/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n',
  'overlays/staging/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n',
};

function replicaFindings(stdout: string) {
  const report = JSON.parse(stdout) as { findings: { ruleId: string; file: string; environment: string; range: { start: { line: number } } }[] };
  return report.findings.filter((f) => f.ruleId === 'require-replicas').map((f) => [f.file, f.range.start.line, f.environment]);
}

describe('kustomize on the command line', () => {
  it('builds overlays found in the tree, reading generator files from disk', async () => {
    const dir = tree({
      ...FILES,
      'overlays/staging/kustomization.yaml': FILES['overlays/staging/kustomization.yaml'] + 'configMapGenerator:\n  - name: web\n    envs: [web.properties]\n',
      'overlays/staging/web.properties': 'LOG_LEVEL=debug\n',
    });
    const r = await cli(['--no-config', '--format', 'json', '--rule', 'require-replicas', '.'], dir);
    expect(r.stderr).toBe('');
    expect(replicaFindings(r.stdout)).toEqual([['overlays/staging/replicas.yaml', 6, 'staging']]);
  });

  it('reads a manifest stream from stdin, judged as the --stdin-filename', async () => {
    const dir = tree({});
    const built = DEPLOYMENT.replace('replicas: 3', 'replicas: 1');
    const r = await cli(['--no-config', '--format', 'json', '--rule', 'require-replicas', '--stdin-filename', 'overlays/staging/built.yaml', '-'], dir, built);
    expect(replicaFindings(r.stdout)).toEqual([['overlays/staging/built.yaml', 6, 'staging']]);
  });

  it('never takes the kustomize binary from a config file', async () => {
    const dir = tree({ ...FILES, '.readiness-lint.yaml': 'kustomizeBinary: /bin/sh\n' });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.readiness-lint\.yaml:1:1: kustomizeBinary is not read from a config file/);
  });

  it("refuses '-' beside other paths", async () => {
    const r = await cli(['--no-config', '-', '.'], tree({}), '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot be combined with other paths');
  });

  it('exact mode builds through kubectl kustomize and locates into the sources', { timeout: 60_000 }, async () => {
    const dir = tree(FILES);
    // kubectl v1.35.2 from the devDependency that also supplies helm (scripts/helm-binary.mjs)
    const kubectl: string = process.env.KUBECTL ?? kubectlBinaryPath();
    const r = await cli(['--no-config', '--format', 'json', '--rule', 'require-replicas', '--kustomize-binary', kubectl, '.'], dir);
    expect(replicaFindings(r.stdout)).toEqual([['overlays/staging/replicas.yaml', 6, 'staging']]);
  });
});
