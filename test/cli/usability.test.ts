// The CLI as a new user meets it, spawned as the built binary: a closed pipe, `-f json`, typos,
// two formats on one stdout, progress on a terminal only, output that scales (compact, -q,
// one frame per node, what to fix first, files read and with findings), shell completion.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { OPTIONS } from '../../src/cli/args.js';
import { FORMATTERS } from '../../src/formatters/index.js';
import { ALL_RULES } from '../../src/engine/lint.js';
import { KNOWN_ENVIRONMENTS } from '../../src/model/environments.js';

const CLI = join(REPO, 'dist', 'cli.js');
const DEMO = 'fixtures/demo';
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** No CI variable, no colour decision from the caller's environment. */
const CLEAN_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm' };

function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: CLEAN_ENV, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A shell line run by bash, for pipes and pseudo-terminals. */
function shell(line: string) {
  const r = spawnSync('bash', ['-c', line], { cwd: REPO, encoding: 'utf8', env: CLEAN_ENV, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The built CLI on a pseudo-terminal (util-linux `script`): stdout and stderr both go to it. */
function onTerminal(args: string[]) {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  return shell(`script -qec ${JSON.stringify(command)} /dev/null`);
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-usability-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('a closed pipe', () => {
  it('ends the run quietly with its verdict, no stack and no message', () => {
    // `true` exits at once without reading: every write finds the pipe closed (EPIPE).
    const failing = shell(`'${process.execPath}' '${CLI}' ${DEMO} | true; echo "exit=\${PIPESTATUS[0]}"`);
    expect(failing.stderr).toBe('');
    expect(failing.stdout).toBe('exit=1\n'); // the demo has errors: the verdict stands
    const passing = shell(`'${process.execPath}' '${CLI}' ${DEMO} --fail-on none -f json | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`);
    expect(passing.stderr).toBe('');
    expect(passing.stdout).toBe('exit=0\n');
  });
});

describe('-f', () => {
  it('is the format, as in ESLint, hadolint and Trivy; --values stays long-only', () => {
    const r = run([DEMO, '-f', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    const values = run([DEMO, '--values', 'fixtures/demo/helm/shop/values.yaml', '-f', 'compact', '--fail-on', 'none']);
    expect(values.code).toBe(0);
    expect(values.stdout).toMatch(/^fixtures\/demo\/\S+:\d+:\d+ (error|warning|note) [a-z-]+ /m);
    expect(run(['--help']).stdout).toMatch(/^ {2}-f, --format <name> /m);
    expect(run(['--help']).stdout).toMatch(/^ {2}--values <file> /m);
  });
});

describe('names a user mistypes', () => {
  it('suggest the nearest flag, format, rule and environment', () => {
    const flag = run(['--formatt', 'json']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(
      "readiness-lint: unknown option --formatt (did you mean --format?); a path starting with '-' goes after '--', as in: -- --formatt\nRun 'readiness-lint --help' for usage.\n",
    );
    expect(run(['--fial-on=error']).stderr).toContain('unknown option --fial-on (did you mean --fail-on?)');
    expect(run(['--zzzzzz']).stderr).toContain('unknown option --zzzzzz (see --help for the options)');
    const format = run([DEMO, '-f', 'jsno']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("unknown format 'jsno' (did you mean 'json'?); valid formats: text, compact, json");
    const rule = run([DEMO, '--rule', 'require-probe']);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toBe("readiness-lint: unknown rule 'require-probe' (did you mean 'require-probes'?) (see --list-rules)\n");
    expect(run([DEMO, '--rule', 'probes']).stderr).toContain("(did you mean 'require-probes'?)");
    expect(run([DEMO, '--fail-on', 'eror']).stderr).toContain(
      "--fail-on must be one of error, warning, note, none, new-error, new-warning, new-note (got 'eror'; did you mean 'error'?)",
    );
    expect(run([DEMO, '--env', 'prodution']).stderr).toContain("unknown environment 'prodution' (did you mean 'production'?)");
  });

  it('suggest the nearest rule id in a config file', () => {
    const dir = project({
      Dockerfile: 'FROM node:22.11-alpine\nUSER node\nCMD ["node", "server.js"]\n',
      '.readiness-lint.yaml': 'rules:\n  require-replica: off\nwaivers:\n  - rule: no-root-container\n    reason: test\n',
    });
    const r = run(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown rule id 'require-replica' (did you mean 'require-replicas'?)");
    writeFileSync(join(dir, '.readiness-lint.yaml'), 'waivers:\n  - rule: no-root-container\n    reason: test\n');
    expect(run(['.'], dir).stderr).toContain("unknown rule id 'no-root-container' (did you mean 'no-root-containers'?)");
  });
});

describe('several formats', () => {
  it('refuse to print two reports on stdout, and pair formats with output files', () => {
    const two = run([DEMO, '-f', 'json', '-f', 'sarif']);
    expect(two.code).toBe(2);
    expect(two.stdout).toBe('');
    expect(two.stderr).toContain('2 formats (json, sarif) would all print to stdout, one after the other: give each format but one an --output-file');
    expect(run([DEMO, '-f', 'json', '-o', '/dev/stdout', '-f', 'sarif']).code).toBe(2);
    const dir = project({});
    const ok = run([DEMO, '-f', 'json', '-o', join(dir, 'report.json'), '-f', 'sarif', '--fail-on', 'none']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).version).toBe('2.1.0');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).findings.length).toBeGreaterThan(0);
  });
});

describe('progress', () => {
  it('shows on a terminal, with a timing line, and never on a pipe unless asked', () => {
    const tty = onTerminal([DEMO, '-f', 'compact', '--fail-on', 'none']);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/\r\x1b\[Kreadiness-lint: 20 files discovered/);
    expect(tty.stdout).toMatch(/^readiness-lint: 20 files read, 1 chart rendered, \d+ rules run in \d+\.\d s\r?$/m);
    // the live line is cleared before the report: no finding line starts with progress
    expect(tty.stdout).toMatch(/\r\x1b\[Kfixtures\/demo\/\.env\.production:4:12 error /);

    const off = onTerminal([DEMO, '-f', 'compact', '--fail-on', 'none', '--no-progress']);
    expect(off.stdout).not.toContain('readiness-lint:');
    expect(off.stdout).not.toContain('\x1b[K');

    const piped = run([DEMO, '-f', 'json', '--fail-on', 'none']);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('readiness-lint:');

    const asked = run([DEMO, '-f', 'json', '--fail-on', 'none', '--progress']);
    expect(JSON.parse(asked.stdout).findings.length).toBeGreaterThan(0); // stdout stays the report
    expect(asked.stderr).toMatch(
      /^readiness-lint: 20 files discovered\nreadiness-lint: rendering 1 chart\nreadiness-lint: running \d+ rules\nreadiness-lint: 20 files read, 1 chart rendered, \d+ rules run in \d+\.\d s\n$/,
    );
    expect(asked.stderr).not.toContain('\r');
  });
});

describe('output that scales', () => {
  it('compact prints one line per finding and nothing else', () => {
    const compact = run([DEMO, '-f', 'compact', '--fail-on', 'none']);
    const json = JSON.parse(run([DEMO, '-f', 'json', '--fail-on', 'none']).stdout);
    const lines = compact.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(json.findings.length);
    for (const line of lines) expect(line).toMatch(/^\S+:\d+:\d+ (error|warning|note) [a-z0-9-]+ \S/);
    expect(lines[0]).toBe(`fixtures/demo/.env.production:4:12 error no-secrets-in-env-files ${json.findings[0].message}`);
    // another environment than the headline says which, at the end
    expect(compact.stdout).toMatch(/^fixtures\/demo\/docker-compose\.yml:4:3 error no-root-containers .* \[development\]$/m);
  });

  it('-q prints error lines and the score, without code frames', () => {
    const quiet = run([DEMO, '-q', '--no-color']);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toContain('fixtures/demo/.env.production:4:12 error no-secrets-in-env-files');
    expect(quiet.stdout).not.toMatch(/^ {2}[> ] +\d+ \| /m);
    expect(quiet.stdout).not.toMatch(/\^+$/m);
    expect(quiet.stdout).not.toContain(' warning ');
  });

  it('text shows one frame per node, what to fix first, and how many files have findings', () => {
    const text = run([DEMO, '--no-color', '--fail-on', 'none']).stdout;
    // three rules fail on the pg-dump container (cronjob.yaml:16:15): three lines, one frame
    const section = text.slice(text.indexOf('fixtures/demo/backup/cronjob.yaml\n'), text.indexOf('\n\n', text.indexOf('fixtures/demo/backup/cronjob.yaml\n')));
    const onContainer = section.split('\n').filter((l) => l.startsWith('fixtures/demo/backup/cronjob.yaml:16:15 '));
    expect(onContainer.length).toBeGreaterThanOrEqual(3);
    expect(section.split('\n').filter((l) => /^ {2}> 16 \| /.test(l))).toHaveLength(1);
    const block = section.split('\n');
    const frameAt = block.findIndex((l) => /^ {2}> 16 \| /.test(l));
    // the frame follows the last finding on the node
    expect(block[frameAt - 2]).toMatch(/^fixtures\/demo\/backup\/cronjob\.yaml:16:15 /);

    expect(text).toContain("Fix these first (points the production score gains once a rule's failures are fixed)\n");
    expect(text).toMatch(/^ {4} \+\d+\.\d [a-z-]+ +\d+ targets?(, \d+ findings)?, first at fixtures\/demo\/\S+:\d+:\d+$/m);
    expect(text).toMatch(/^\d+ errors, \d+ warnings, \d+ notes; 20 files read, 9 with findings; 1 waived$/m);
  });

  it('the fix-first list ranks rules by the points their failures cost', () => {
    // Four deployments without probes, one of them with a single replica: 8 outcomes of weight 3,
    // so each failure costs 100 * 3 / 24 = 12.5 points.
    const deployment = (name: string, replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: nginx:1.27.3\n`;
    const dir = project(Object.fromEntries(['a', 'b', 'c', 'd'].map((n) => [`k8s/${n}.yaml`, deployment(n, n === 'a' ? 1 : 2)])));
    const text = run(['.', '--no-color', '--fail-on', 'none', '--rule', 'require-probes', '--rule', 'require-replicas'], dir).stdout;
    const from = text.indexOf('Fix these first');
    expect(text.slice(from, text.indexOf('\n\n', from))).toBe(
      [
        "Fix these first (points the production score gains once a rule's failures are fixed)",
        '  reliability',
        '    +50.0 require-probes                   4 targets, first at k8s/a.yaml:10:11',
        '    +12.5 require-replicas                 1 target, first at k8s/a.yaml:6:13',
      ].join('\n'),
    );
    expect(text).toMatch(/^0 errors|^\d+ errors, 0 warnings, 0 notes; 4 files read, 4 with findings$/m);
  });
});

describe('shell completion', () => {
  const flags = OPTIONS.flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]);

  it('bash: a valid script naming every flag, format, environment and rule id', () => {
    const r = run(['completion', 'bash']);
    expect(r.code).toBe(0);
    const dir = project({ 'completion.bash': r.stdout });
    const syntax = spawnSync('bash', ['-n', join(dir, 'completion.bash')], { encoding: 'utf8' });
    expect(syntax.status, syntax.stderr).toBe(0);
    const words = new Set(r.stdout.split(/[\s"|()]+/));
    for (const flag of flags) expect(words, flag).toContain(flag);
    for (const format of Object.keys(FORMATTERS)) expect(words, format).toContain(format);
    for (const env of KNOWN_ENVIRONMENTS) expect(words, env).toContain(env);
    for (const rule of ALL_RULES) expect(words, rule.meta.id).toContain(rule.meta.id);
    // it completes: the words offered after --format are the formats
    const offered = shell(`source ${join(dir, 'completion.bash')}; COMP_WORDS=(readiness-lint --format j); COMP_CWORD=2; _readiness_lint; echo "\${COMPREPLY[*]}"`);
    expect(offered.stdout.trim().split(' ').sort()).toEqual(['json', 'junit']);
    const flagged = shell(`source ${join(dir, 'completion.bash')}; COMP_WORDS=(readiness-lint --no-pro); COMP_CWORD=1; _readiness_lint; echo "\${COMPREPLY[*]}"`);
    expect(flagged.stdout.trim()).toBe('--no-progress');
  });

  it('zsh and fish name every flag; an unknown shell is a usage error', () => {
    const zsh = run(['completion', 'zsh']).stdout;
    expect(zsh.startsWith('#compdef readiness-lint\n')).toBe(true);
    for (const o of OPTIONS) expect(zsh).toContain(`--${o.name}`);
    const fish = run(['completion', 'fish']).stdout;
    for (const o of OPTIONS) expect(fish).toMatch(new RegExp(`^complete -c readiness-lint -l ${o.name}${o.short ? ` -s ${o.short}` : ''} `, 'm'));
    const bad = run(['completion', 'bsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("completion needs one shell: bash, zsh, fish (did you mean 'bash'?)");
  });

  it('--help describes every flag of the option table', () => {
    const help = run(['--help']).stdout;
    for (const o of OPTIONS) expect(help, o.name).toContain(`--${o.name}`);
    expect(help).toContain('completion <shell>');
  });
});
