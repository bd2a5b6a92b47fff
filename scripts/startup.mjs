// Start-up cost of the CLI as whole processes (issue 18, "one file in a blink"): CPU time
// (user + system) of `node -e 0`, `readiness-lint --version` and a lint of one Deployment file
// (`--format json`), run interleaved and paired N times; prints the medians and the differences
// from bare node.
//
//   node scripts/startup.mjs [--runs 21] [--cli path/to/cli.js ...] [--json]
//
// Each `--cli` adds a build to compare in the same rounds (for example a copy of dist/ from before
// a change); without one, this worktree's dist/cli.js is measured (run `npm run build` first).
//
// How the CPU time is measured: from the parent, by the kernel's accounting of the child, not from
// inside it. Node has no wait4(), and `process.cpuUsage()` in a `--import` hook misses what runs
// before the hook and at exit, and the hook itself starts the ESM loader in `node -e 0`, which
// otherwise does not load it. So each run is started by a few lines of Python that fork, exec the
// command and reap it with `os.wait4`, whose rusage (ru_utime + ru_stime, microseconds) covers the
// child's whole life; Python's own start-up is not counted. Without python3, the parent's
// cumulative children time from /proc/self/stat (cutime + cstime) is read around each run: the same
// kernel figure, but in clock ticks (10 ms), so medians are coarse.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WAIT4 = [
  'import os, sys',
  'pid = os.fork()',
  'if pid == 0:',
  '    fd = os.open(os.devnull, os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2)',
  '    os.execv(sys.argv[1], sys.argv[1:])',
  '_, status, ru = os.wait4(pid, 0)',
  "print(int((ru.ru_utime + ru.ru_stime) * 1e6), os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status)",
].join('\n');

let havePython;
function pythonAvailable() {
  havePython ??= spawnSync('python3', ['-c', 'import os; os.wait4'], { stdio: 'ignore' }).status === 0;
  return havePython;
}

function childrenTicks() {
  // /proc/self/stat: fields after the ")" of the command name; cutime and cstime are fields 16, 17.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[13]) + Number(fields[14]);
}

/** CPU time (user + system, ms) of one run of `node ...args`, measured by the kernel as the child exits. */
export function childCpuMs(args, { cwd } = {}) {
  // Without NODE_EXTRA_CA_CERTS, as in the whole-process bench (scripts/bench-whole.mjs says why).
  const { NODE_EXTRA_CA_CERTS: _dropped, ...env } = process.env;
  if (pythonAvailable()) {
    const run = spawnSync('python3', ['-c', WAIT4, process.execPath, ...args], { cwd, env, encoding: 'utf8' });
    const m = /^(\d+) (-?\d+)/.exec(run.stdout);
    if (!m) throw new Error(`no CPU time from node ${args.join(' ')}: ${run.stderr.slice(0, 500)}`);
    if (Number(m[2]) > 2) throw new Error(`node ${args.join(' ')} failed (exit ${m[2]})`);
    return Number(m[1]) / 1000;
  }
  const before = childrenTicks();
  const run = spawnSync(process.execPath, args, { cwd, env, stdio: 'ignore' });
  if (run.status === null || run.status > 2) throw new Error(`node ${args.join(' ')} failed (exit ${run.status})`);
  return ((childrenTicks() - before) * 1000) / 100;
}

export const ONE_DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs the three commands for each CLI in turn, `runs` rounds, and returns the CPU medians (ms):
 * `{ bare, clis: [{ cli, version, one }] }`. The manifest is written to a temporary folder.
 */
export function measureStartup(clis, runs = 21) {
  const dir = join(tmpdir(), `readiness-lint-startup-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'deploy.yaml');
  writeFileSync(manifest, ONE_DEPLOYMENT);
  const bare = [];
  const per = clis.map(() => ({ version: [], one: [] }));
  try {
    // One warm-up round, not counted (file cache).
    for (let round = -1; round < runs; round++) {
      const keep = round >= 0;
      const b = childCpuMs(['-e', '0'], { cwd: dir });
      if (keep) bare.push(b);
      clis.forEach((cli, i) => {
        const v = childCpuMs([cli, '--version'], { cwd: dir });
        const o = childCpuMs([cli, manifest, '--format', 'json'], { cwd: dir });
        if (keep) {
          per[i].version.push(v);
          per[i].one.push(o);
        }
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    method: pythonAvailable() ? 'wait4 rusage' : '/proc/self/stat children ticks',
    bare: median(bare),
    clis: clis.map((cli, i) => ({ cli, version: median(per[i].version), one: median(per[i].one) })),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 21;
  const clis = argv.flatMap((a, i) => (argv[i - 1] === '--cli' ? [resolve(a)] : []));
  if (clis.length === 0) clis.push(join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js'));
  const result = measureStartup(clis, runs);
  if (argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`CPU medians of ${runs} interleaved rounds (${result.method}):`);
    console.log(`  node -e 0                         ${result.bare.toFixed(1)} ms`);
    for (const r of result.clis) {
      console.log(`  ${r.cli}`);
      console.log(`    --version                       ${r.version.toFixed(1)} ms (+${(r.version - result.bare).toFixed(1)}, target +30)`);
      console.log(`    one manifest --format json      ${r.one.toFixed(1)} ms (+${(r.one - result.bare).toFixed(1)}, target +60)`);
    }
  }
}
