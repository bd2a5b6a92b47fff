// Big runs re-run in a child process with a heap fit for them (src/cli/heap.ts, issue 18): the
// policy alone, then dist/cli.js as users run it. The thresholds are lowered for these trees with
// READINESS_LINT_TEST_RERUN_THRESHOLDS (tests only); READINESS_LINT_HEAP_TRACE makes the process
// that linted print its heap limit, whether it was re-run and by which process.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HEAP_POLICY_CHARTS,
  HEAP_POLICY_FILES,
  oldSpaceLimitMb,
  RERUN_CHARTS,
  RERUN_FILES,
  RERUN_MARKER,
  rerunFlags,
  splitNodeOptions,
  TEST_THRESHOLDS,
  wantsHeapPolicy,
  type RerunInputs,
} from '../../src/cli/heap.js';
import { REPO } from '../helpers/fixtures.js';
import { writeTempTree } from '../helpers/temp-tree.js';

const GB = 1024 ** 3;

describe('wantsHeapPolicy: which trees get the heap growth step', () => {
  it('leaves a small tree to V8 (the step only costs time there) and tunes one of many files or charts', () => {
    expect(wantsHeapPolicy({ files: 40, charts: 2 })).toBe(false);
    expect(wantsHeapPolicy({ files: HEAP_POLICY_FILES - 1, charts: HEAP_POLICY_CHARTS - 1 })).toBe(false);
    expect(wantsHeapPolicy({ files: HEAP_POLICY_FILES, charts: 0 })).toBe(true);
    expect(wantsHeapPolicy({ files: 30, charts: HEAP_POLICY_CHARTS })).toBe(true);
  });
});

describe('rerunFlags: when and with what a run is re-run', () => {
  const machine = { env: {}, execArgv: [], totalMemory: 16 * GB, constrainedMemory: 0, heapSizeLimit: 4144 * 2 ** 20 } satisfies Omit<RerunInputs, 'listing'>;
  const small = { files: RERUN_FILES - 1, charts: RERUN_CHARTS - 1 };
  const large = { files: RERUN_FILES, charts: 0 };
  const helmHeavy = { files: 3_000, charts: RERUN_CHARTS };

  it('runs a small tree here', () => {
    expect(rerunFlags({ ...machine, listing: small })).toBeUndefined();
    expect(rerunFlags({ ...machine, listing: { files: 1, charts: 1 } })).toBeUndefined();
  });

  it('gives a large tree a larger young generation and 3/4 of the memory as old-space limit', () => {
    expect(rerunFlags({ ...machine, listing: large })).toEqual(['--max-semi-space-size=64', '--max-old-space-size=12288']);
  });

  it('gives a Helm-heavy tree of moderate size the larger young generation (and the limit, which costs nothing in the child)', () => {
    expect(rerunFlags({ ...machine, listing: helmHeavy })).toEqual(['--max-semi-space-size=64', '--max-old-space-size=12288']);
  });

  it('never re-runs a re-run', () => {
    expect(rerunFlags({ ...machine, env: { [RERUN_MARKER]: '1' }, listing: large })).toBeUndefined();
  });

  it("keeps the user's own heap flags, from NODE_OPTIONS or node's options, in either spelling", () => {
    expect(rerunFlags({ ...machine, env: { NODE_OPTIONS: '--max-old-space-size=3000' }, listing: large })).toEqual(['--max-semi-space-size=64']);
    expect(rerunFlags({ ...machine, execArgv: ['--max_old_space_size=3000'], listing: large })).toEqual(['--max-semi-space-size=64']);
    expect(rerunFlags({ ...machine, execArgv: ['--max-heap-size=3000'], listing: large })).toEqual(['--max-semi-space-size=64']);
    expect(rerunFlags({ ...machine, env: { NODE_OPTIONS: '--max-semi-space-size=8' }, listing: large })).toEqual(['--max-old-space-size=12288']);
    // nothing left to give: no second process
    expect(rerunFlags({ ...machine, env: { NODE_OPTIONS: '--max-semi-space-size=8 --max-old-space-size=3000' }, listing: large })).toBeUndefined();
    // a Helm-heavy tree gains nothing from the old-space limit alone
    expect(rerunFlags({ ...machine, env: { NODE_OPTIONS: '--max-semi-space-size=8' }, listing: helmHeavy })).toBeUndefined();
  });

  it('does not re-run a process a debugger is attached to', () => {
    expect(rerunFlags({ ...machine, execArgv: ['--inspect-brk'], listing: large })).toBeUndefined();
    expect(rerunFlags({ ...machine, env: { NODE_OPTIONS: '--inspect=0' }, listing: large })).toBeUndefined();
  });

  it('sizes the old space from the cgroup limit when there is one, else from the machine', () => {
    expect(oldSpaceLimitMb({ totalMemory: 16 * GB, constrainedMemory: 2 * GB })).toBe(1536);
    expect(oldSpaceLimitMb({ totalMemory: 16 * GB, constrainedMemory: 0 })).toBe(12288);
    expect(oldSpaceLimitMb({ totalMemory: 16 * GB, constrainedMemory: undefined })).toBe(12288);
    // cgroup v1 without a limit reports about 2^63 (and this Node 2^64)
    expect(oldSpaceLimitMb({ totalMemory: 16 * GB, constrainedMemory: 2 ** 64 })).toBe(12288);
    expect(rerunFlags({ ...machine, constrainedMemory: 2 * GB, heapSizeLimit: 1 * GB, listing: large })).toEqual(['--max-semi-space-size=64', '--max-old-space-size=1536']);
  });

  it('never lowers the limit the process already has', () => {
    expect(rerunFlags({ ...machine, totalMemory: 4 * GB, listing: large })).toEqual(['--max-semi-space-size=64']);
  });

  it('reads NODE_OPTIONS as Node splits it', () => {
    expect(splitNodeOptions(' --a=1  --b "--c=x y" ')).toEqual(['--a=1', '--b', '--c=x y']);
  });
});

const CLI = join(REPO, 'dist', 'cli.js');
const work = writeTempTree('rl-heap-rerun-', {});
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MANIFEST = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n`;
const CHART = (name: string) => ({
  [`${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`,
  [`${name}/values.yaml`]: 'replicas: 2\n',
  [`${name}/templates/deploy.yaml`]: MANIFEST(`{{ .Chart.Name }}`).replace('spec:\n  template', 'spec:\n  replicas: {{ .Values.replicas }}\n  template'),
});
const manifests = writeTempTree('rl-heap-manifests-', { 'a.yaml': MANIFEST('a'), 'b.yaml': MANIFEST('b'), 'c.yaml': MANIFEST('c') });
const charts = writeTempTree('rl-heap-charts-', { ...CHART('one'), ...CHART('two') });
afterAll(() => [manifests, charts].forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Run extends SpawnSyncReturns<string> {
  /** The heap trace lines (one per process that linted). */
  traces: string[];
  /** stderr without them. */
  rest: string;
}

function cli(cwd: string, env: NodeJS.ProcessEnv, args = ['.', '--format', 'json', '--no-config'], options: { nodeArgs?: string[]; input?: string } = {}): Run {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd,
    encoding: 'utf8',
    input: options.input,
    env: { PATH: process.env.PATH, HOME: join(work, 'home'), READINESS_LINT_NO_CACHE: '1', READINESS_LINT_HEAP_TRACE: '1', ...env },
  });
  const lines = r.stderr.split('\n');
  const traces = lines.filter((l) => l.startsWith('readiness-lint: heap limit'));
  return { ...r, traces, rest: lines.filter((l) => !l.startsWith('readiness-lint: heap limit')).join('\n') };
}

/** The trace of the one process that linted: its heap limit (MB), its parent when re-run, its heap flags. */
function trace(run: Run): { limitMb: number; growing: string; parent?: number; flags: string[] } {
  expect(run.traces, run.stderr).toHaveLength(1);
  const m = /^readiness-lint: heap limit (\d+) MB, growing (step \d+ %|adaptive), (?:re-run by process (\d+)|not re-run)(?:, (.*))?$/.exec(run.traces[0]!);
  expect(m, run.traces[0]).not.toBeNull();
  return { limitMb: Number(m![1]), growing: m![2]!, parent: m![3] === undefined ? undefined : Number(m![3]), flags: m![4]?.split(' ') ?? [] };
}

/** The old-space limit a re-run gets on this machine, or undefined when V8's default is already higher. */
function expectedOldSpace(): number | undefined {
  const limit = oldSpaceLimitMb({ totalMemory: totalmem(), constrainedMemory: process.constrainedMemory?.() });
  return limit * 2 ** 20 > getHeapStatistics().heap_size_limit ? limit : undefined;
}

describe('the CLI re-runs a big tree in one child process with a larger heap', () => {
  const reference = cli(manifests, {});

  it('does not re-run a tree under the thresholds (no second process)', () => {
    expect(reference.status).toBe(1);
    expect(trace(reference).parent).toBeUndefined();
    expect(JSON.parse(reference.stdout).findings.length).toBeGreaterThan(0);
  });

  it('re-runs a tree over the file threshold once, in a child of the process started, with the same report and exit code', () => {
    const run = cli(manifests, { [TEST_THRESHOLDS]: '3,1000' });
    const child = trace(run);
    expect(child.parent).toBe(run.pid); // the child's parent is the CLI started here: one re-run, not two
    const old = expectedOldSpace();
    expect(child.flags).toEqual(['--max-semi-space-size=64', ...(old ? [`--max-old-space-size=${old}`] : [])]);
    if (old) expect(child.limitMb).toBeGreaterThan(trace(reference).limitMb);
    expect(run.status).toBe(reference.status);
    expect(run.stdout).toBe(reference.stdout);
    expect(run.rest).toBe(reference.rest);
  });

  it('gives the heap growth step to a tree of many charts only, in the process that lints', () => {
    expect(trace(reference).growing).toBe('adaptive');
    expect(trace(cli(charts, {})).growing).toBe('adaptive');
    const many = writeTempTree('rl-heap-many-charts-', Object.assign({}, ...Array.from({ length: HEAP_POLICY_CHARTS }, (_, i) => CHART(`c${i}`))));
    try {
      expect(trace(cli(many, {})).growing).toBe('step 20 %');
      // handed over: the child lints, and tunes itself from its own listing
      expect(trace(cli(many, { [TEST_THRESHOLDS]: '1000,2' }))).toMatchObject({ growing: 'step 20 %', flags: expect.arrayContaining(['--max-semi-space-size=64']) });
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });

  it('re-runs a tree over the chart threshold', () => {
    const plain = cli(charts, {});
    const run = cli(charts, { [TEST_THRESHOLDS]: '1000,2' });
    const old = expectedOldSpace();
    expect(trace(plain).parent).toBeUndefined();
    expect(trace(run)).toMatchObject({ parent: run.pid, flags: ['--max-semi-space-size=64', ...(old ? [`--max-old-space-size=${old}`] : [])] });
    expect(run.stdout).toBe(plain.stdout);
    expect(JSON.parse(run.stdout).files.map((f: { path: string }) => f.path)).toContain('one/templates/deploy.yaml');
  });

  it('never re-runs a run that reads standard input', () => {
    const run = cli(manifests, { [TEST_THRESHOLDS]: '0,0' }, ['-', '--format', 'json', '--no-config'], { input: MANIFEST('stdin') });
    expect(trace(run).parent).toBeUndefined();
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).files[0].path).toBe('stdin.yaml');
  });

  it('never re-runs a re-run (the marker in its environment)', () => {
    const run = cli(manifests, { [TEST_THRESHOLDS]: '0,0', [RERUN_MARKER]: '1' });
    // the process started here linted: its parent is this test
    expect(trace(run)).toMatchObject({ parent: process.pid, flags: [] });
  });

  it('passes exit codes and both streams through: a pass, and an empty verdict with its message', () => {
    const pass = cli(manifests, { [TEST_THRESHOLDS]: '0,0' }, ['.', '--no-config', '--fail-on', 'none', '--no-color']);
    const passHere = cli(manifests, {}, ['.', '--no-config', '--fail-on', 'none', '--no-color']);
    expect(trace(pass).parent).toBe(pass.pid);
    expect(pass.status).toBe(0);
    expect(pass.stdout).toBe(passHere.stdout);
    // progress on stderr comes from the child alone: the parent has printed nothing
    const progress = cli(manifests, { [TEST_THRESHOLDS]: '0,0' }, ['.', '--no-config', '--fail-on', 'none', '--progress', '--format', 'json']);
    const progressHere = cli(manifests, {}, ['.', '--no-config', '--fail-on', 'none', '--progress', '--format', 'json']);
    const stages = (r: Run) => r.rest.split('\n').filter((l) => !/ in [\d.]+ s$/.test(l));
    expect(trace(progress).parent).toBe(progress.pid);
    expect(stages(progress)).toEqual(stages(progressHere));
    expect(progress.rest.match(/3 files discovered/g)).toHaveLength(1);
    const empty = writeTempTree('rl-heap-empty-', { 'notes.json': '{}' });
    try {
      const run = cli(empty, { [TEST_THRESHOLDS]: '0,0' });
      const here = cli(empty, {});
      expect(trace(run).parent).toBe(run.pid);
      expect(run.status).toBe(2);
      expect(run.rest).toBe(here.rest);
      expect(run.rest).toContain('no deployment artifact');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("keeps the user's own --max-old-space-size (NODE_OPTIONS) and adds only what they did not set", () => {
    const run = cli(manifests, { [TEST_THRESHOLDS]: '3,1000', NODE_OPTIONS: '--max-old-space-size=3000' });
    const child = trace(run);
    expect(child).toMatchObject({ parent: run.pid, flags: ['--max-semi-space-size=64'] });
    // 3,000 MB of old space and three 64 MB semi-spaces' worth of young generation
    expect(child.limitMb).toBeLessThan(3300);
    expect(run.stdout).toBe(reference.stdout);
  });

  it("does not re-run when node's own options already set both", () => {
    const run = cli(manifests, { [TEST_THRESHOLDS]: '0,0' }, undefined, { nodeArgs: ['--max_old_space_size=3000', '--max-semi-space-size=8'] });
    const here = trace(run);
    expect(here.parent).toBeUndefined();
    expect(here.flags).toEqual(['--max_old_space_size=3000', '--max-semi-space-size=8']);
    expect(run.stdout).toBe(reference.stdout);
  });
});

describe('the child process ends as the run ends', () => {
  // A preload (the user's NODE_OPTIONS, as a wrapper script might set it) that acts in the child only.
  const preload = join(work, 'child.cjs');
  writeFileSync(
    preload,
    `if (process.env.${RERUN_MARKER}) {
       const mode = process.env.CHILD_MODE;
       if (mode === 'exit') { process.stdout.write('child stdout\\n'); process.stderr.write('child stderr\\n'); process.exit(7); }
       if (mode === 'hang') { require('fs').writeFileSync(process.env.CHILD_PID_FILE, String(process.pid)); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); }
     }`,
  );

  it("takes the child's exit code and output as they are", () => {
    const run = cli(manifests, { [TEST_THRESHOLDS]: '0,0', NODE_OPTIONS: `--require ${preload}`, CHILD_MODE: 'exit' });
    expect(run.status).toBe(7);
    expect(run.stdout).toBe('child stdout\n');
    expect(run.stderr).toBe('child stderr\n');
  });

  async function hangingChild(): Promise<{ parent: ReturnType<typeof spawn>; childPid: number; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
    const pidFile = join(work, `child-${Math.random().toString(36).slice(2)}.pid`);
    const parent = spawn(process.execPath, [CLI, '.', '--no-config'], {
      cwd: manifests,
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH,
        HOME: join(work, 'home'),
        READINESS_LINT_NO_CACHE: '1',
        [TEST_THRESHOLDS]: '0,0',
        NODE_OPTIONS: `--require ${preload}`,
        CHILD_MODE: 'hang',
        CHILD_PID_FILE: pidFile,
      },
    });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => parent.on('exit', (code, signal) => resolve({ code, signal })));
    for (let i = 0; i < 600 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    return { parent, childPid: Number(readFileSync(pidFile, 'utf8')), ended };
  }

  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('passes a SIGTERM on to the child and ends by the same signal', async () => {
    const { parent, childPid, ended } = await hangingChild();
    expect(alive(childPid)).toBe(true);
    parent.kill('SIGTERM');
    expect(await ended).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive(childPid)).toBe(false);
  }, 60_000);

  it('ends by the signal that killed the child (the OOM killer, say)', async () => {
    const { childPid, ended } = await hangingChild();
    process.kill(childPid, 'SIGKILL');
    expect(await ended).toEqual({ code: null, signal: 'SIGKILL' });
  }, 60_000);
});
