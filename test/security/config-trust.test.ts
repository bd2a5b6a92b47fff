// The scanned tree is untrusted, its .readiness-lint.yaml included (docs/security.md): a config
// file can never choose a program to run, and a config planted above the repository (or above the
// path given, when there is no repository) never configures the run.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConfig } from '../../src/config/index.js';
import type { Report } from '../../src/report/types.js';
import { REPO } from '../helpers/fixtures.js';
import { writeTempTree } from '../helpers/temp-tree.js';

const CLI = join(REPO, 'dist', 'cli.js');
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = writeTempTree('rl-trust-', files);
  dirs.push(dir);
  return dir;
}

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'chart/values.yaml': 'replicas: 2\n',
  'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  replicas: "{{ .Values.replicas }}"\n',
};

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.3
      securityContext:
        privileged: true
`;

describe('a config file cannot choose a program to run', () => {
  const script = (marker: string) => `#!/bin/sh\ntouch '${marker}'\necho 'apiVersion: v1'\n`;

  it('helmBinary naming a script in the repository is a config error (exit 2) and the script never runs', () => {
    const dir = tree({ ...CHART, '.readiness-lint.yaml': 'rules: {}\nhelmBinary: tools/helm\n' });
    const marker = join(dir, 'PWNED');
    mkdirSync(join(dir, 'tools'), { recursive: true });
    writeFileSync(join(dir, 'tools', 'helm'), script(marker));
    chmodSync(join(dir, 'tools', 'helm'), 0o755);
    const r = run(dir, ['.', '--format', 'json']);
    expect(existsSync(marker)).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.readiness-lint.yaml:2:1');
    expect(r.stderr).toContain('helmBinary is not read from a config file: a scanned repository must not choose a program to run; pass --helm-binary on the command line');
  });

  it('helmBinary: sh with a file named `template` is refused the same way', () => {
    const dir = tree({ ...CHART, '.readiness-lint.yaml': 'helmBinary: sh\n' });
    const marker = join(dir, 'PWNED');
    // `sh template web chart …` would run ./template as a shell script.
    writeFileSync(join(dir, 'template'), `touch '${marker}'\n`);
    const r = run(dir, ['.']);
    expect(existsSync(marker)).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.readiness-lint\.yaml:1:1: helmBinary is not read from a config file/);
  });
});

describe('config lookup stops at the repository root, or at the path given', () => {
  // A config that would silence the privileged Pod (and the gate) if it were read.
  const PLANTED = 'rules:\n  no-privileged-containers: off\nfailOn: none\n';

  it('without a repository, a config in a parent folder of the path given is ignored', () => {
    const dir = tree({ '.readiness-lint.yaml': PLANTED, 'work/project/k8s/pod.yaml': PRIVILEGED_POD });
    expect(findConfig(join(dir, 'work/project'))).toBeUndefined();
    expect(findConfig(join(dir, 'work/project/k8s/pod.yaml'))).toBeUndefined();
    const r = run(join(dir, 'work/project'), ['.', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.some((f) => f.ruleId === 'no-privileged-containers')).toBe(true);
    // The path given still finds its own config.
    writeFileSync(join(dir, 'work/project/.readiness-lint.yaml'), PLANTED);
    expect(findConfig(join(dir, 'work/project'))).toBe(join(dir, 'work/project/.readiness-lint.yaml'));
  });

  it('inside a repository, the search climbs to the folder holding .git and no further', () => {
    const dir = tree({ '.readiness-lint.yaml': PLANTED, 'repo/k8s/pod.yaml': PRIVILEGED_POD });
    mkdirSync(join(dir, 'repo/.git'));
    expect(findConfig(join(dir, 'repo/k8s'))).toBeUndefined();
    const r = run(join(dir, 'repo'), ['k8s', '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).findings.some((f) => f.ruleId === 'no-privileged-containers')).toBe(true);

    // The repository's own config, above the path given, is found.
    writeFileSync(join(dir, 'repo/.readiness-lint.yaml'), 'rules:\n  require-probes: off\n');
    expect(findConfig(join(dir, 'repo/k8s'))).toBe(join(dir, 'repo/.readiness-lint.yaml'));
  });

  it('a .git planted in a world-writable parent (like /tmp) does not make it the repository root', () => {
    const dir = tree({ '.readiness-lint.yaml': PLANTED, 'proj/k8s/pod.yaml': PRIVILEGED_POD });
    mkdirSync(join(dir, '.git'));
    chmodSync(dir, 0o1777);
    expect(findConfig(join(dir, 'proj'))).toBeUndefined();
    const r = run(join(dir, 'proj'), ['.', '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).findings.some((f) => f.ruleId === 'no-privileged-containers')).toBe(true);
  });

  it('a .git file (worktree, submodule) marks the repository root too', () => {
    const dir = tree({ '.readiness-lint.yaml': PLANTED, 'sub/.git': 'gitdir: ../.git/modules/sub\n', 'sub/k8s/pod.yaml': PRIVILEGED_POD });
    expect(findConfig(join(dir, 'sub/k8s/pod.yaml'))).toBeUndefined();
  });
});

describe('the tree cannot choose the options of the program the user chose', () => {
  it('a chart folder named like a flag reaches --helm-binary as a path (./--output-dir=…), never as an option', () => {
    const dir = tree({
      '--output-dir=pwned/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      '--output-dir=pwned/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
    });
    // A stand-in for helm, chosen on the command line: it records its arguments.
    const argsFile = join(dir, '..', `${dir.split('/').pop()}-args.txt`);
    const fakeHelm = join(dir, '..', `${dir.split('/').pop()}-helm.sh`);
    dirs.push(argsFile, fakeHelm);
    writeFileSync(fakeHelm, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${argsFile}'\n`);
    chmodSync(fakeHelm, 0o755);
    run(dir, ['.', '--no-config', '--helm-binary', fakeHelm, '--format', 'json']);
    const args = readFileSync(argsFile, 'utf8').split('\n').filter(Boolean);
    expect(args.slice(0, 3)).toEqual(['template', 'release-name', './--output-dir=pwned']);
    expect(args.filter((a) => a.startsWith('--output-dir'))).toEqual([]);
  });
});
