// The adoption path (issue 12 items 5-7), through the built CLI as users run it: the baseline file
// round trip, fingerprints that survive line moves, the baseline as untrusted input, waivers that
// expire and waivers that waive nothing (in every format), --init and --print-config.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import baselineSchema from '../../schemas/baseline.schema.json' with { type: 'json' };
import { parseConfig } from '../../src/config/index.js';
import { ALL_RULES } from '../../src/engine/lint.js';
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');
const BASELINE = '.readiness-lint-baseline.json';

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = run([...args, '--format', 'json'], cwd, env);
  return { ...r, report: JSON.parse(r.stdout) as import('../../src/report/types.js').Report };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-adopt-'));
  for (const [path, text] of Object.entries(files)) write(dir, path, text);
  return dir;
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

const GOOD_DOCKERFILE = 'FROM node:22.11-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n';
const BAD_DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: example/api:latest
`;

const key = (f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`;

describe('baseline file', () => {
  it('round trip: write, a new finding alone fails, a fixed one leaves a stale entry', () => {
    const dir = project({ 'api/Dockerfile': GOOD_DOCKERFILE, 'old/Dockerfile': BAD_DOCKERFILE });
    const first = json([], dir);
    expect(first.code).toBe(1);
    const written = run(['--write-baseline'], dir);
    expect(written).toMatchObject({ code: 0 });
    expect(written.stderr).toContain(`wrote ${BASELINE} (${first.report.findings.length} findings)`);

    // The file: schema-valid, sorted, one entry per line.
    const text = readFileSync(join(dir, BASELINE), 'utf8');
    const data = JSON.parse(text);
    expect(new Ajv({ strict: false }).validate(baselineSchema, data)).toBe(true);
    const order = data.findings.map((f: { file: string; ruleId: string; fingerprint: string }) => `${f.file} ${f.ruleId} ${f.fingerprint}`);
    expect(order).toEqual([...order].sort());
    expect(text.split('\n').filter((l) => l.includes('"fingerprint"'))).toHaveLength(first.report.findings.length);
    // Rewriting gives the same bytes (stable, small diffs).
    run(['--write-baseline'], dir);
    expect(readFileSync(join(dir, BASELINE), 'utf8')).toBe(text);

    const clean = json([], dir);
    expect(clean.code).toBe(0);
    expect(clean.report.findings).toEqual([]);
    expect(clean.report.waived.every((f) => f.suppression?.kind === 'baseline')).toBe(true);
    expect(clean.report.baseline).toMatchObject({ file: BASELINE, entries: first.report.findings.length, matched: first.report.findings.length, stale: [] });
    expect(new Ajv({ strict: false }).validate(reportSchema, clean.report)).toBe(true);
    // Baselined findings cost no score (documented: like waivers).
    expect(clean.report.score.failed).toBe(0);

    // A new finding: only it fails.
    write(dir, 'api/Dockerfile', GOOD_DOCKERFILE.replace('node:22.11-alpine', 'node:latest'));
    const added = json([], dir);
    expect(added.code).toBe(1);
    expect(added.report.findings.map(key)).toEqual(['require-pinned-images api/Dockerfile']);
    const text1 = run([], dir);
    expect(text1.code).toBe(1);
    expect(text1.stdout).toMatch(/1 error, 0 warnings, 0 notes/);

    // Fix a baselined finding: its entry is reported stale, in the JSON and as a notice.
    write(dir, 'old/Dockerfile', 'FROM node:latest\nUSER node\nCMD ["node", "server.js"]\n');
    const fixed = json([], dir);
    expect(fixed.report.baseline!.stale.map(key)).toEqual(['no-root-containers old/Dockerfile']);
    expect(fixed.report.notices.some((n) => n.includes('stale baseline entry no-root-containers in old/Dockerfile'))).toBe(true);
    expect(run([], dir).stdout).toContain('stale baseline entry no-root-containers in old/Dockerfile');
  });

  it('fingerprints survive line moves and unrelated edits', () => {
    const dir = project({ 'k8s/api.yaml': DEPLOYMENT, 'k8s/other.yaml': DEPLOYMENT.replace(/api/g, 'other'), Dockerfile: BAD_DOCKERFILE });
    expect(run(['--write-baseline'], dir).code).toBe(0);
    const before = json([], dir).report;
    // Lines inserted above every finding, and an unrelated file edited.
    write(dir, 'k8s/api.yaml', `# owned by the api team\n# see the runbook\n\n${DEPLOYMENT.replace('replicas: 1', 'replicas: 1 # scaled by hand')}`);
    write(dir, 'Dockerfile', `# syntax=docker/dockerfile:1\n# base image\n${BAD_DOCKERFILE}`);
    write(dir, 'k8s/other.yaml', DEPLOYMENT.replace(/api/g, 'other').replace('example/other:latest', 'example/other:latest\n          args: ["--verbose"]'));
    const after = json([], dir);
    expect(after.code).toBe(0);
    expect(after.report.findings).toEqual([]);
    expect(after.report.baseline!.stale).toEqual([]);
    expect(after.report.waived.length).toBe(before.waived.length);
    // The positions moved with the text (from the parser, not from the baseline).
    const moved = after.report.waived.find((f) => f.file === 'k8s/api.yaml' && f.ruleId === 'require-probes');
    const was = before.waived.find((f) => f.file === 'k8s/api.yaml' && f.ruleId === 'require-probes');
    expect(moved!.range.start.line).toBe(was!.range.start.line + 3);
  });

  it('lists baselined findings in SARIF (external suppression, unchanged) and markdown, and marks the rest new', () => {
    const dir = project({ 'old/Dockerfile': BAD_DOCKERFILE, 'api/Dockerfile': GOOD_DOCKERFILE });
    run(['--write-baseline'], dir);
    write(dir, 'api/Dockerfile', GOOD_DOCKERFILE.replace('node:22.11-alpine', 'node:latest'));
    const sarif = JSON.parse(run(['--format', 'sarif'], dir).stdout);
    const results = sarif.runs[0].results as {
      ruleId: string;
      baselineState: string;
      suppressions?: { kind: string }[];
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    const fresh = results.filter((r) => r.baselineState === 'new');
    expect(fresh.map((r) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`)).toEqual(['require-pinned-images api/Dockerfile']);
    expect(fresh[0]!.suppressions).toBeUndefined();
    const unchanged = results.filter((r) => r.baselineState === 'unchanged');
    expect(unchanged.length).toBeGreaterThan(0);
    expect(unchanged.every((r) => r.suppressions?.[0]?.kind === 'external')).toBe(true);
    const markdown = run(['--format', 'markdown'], dir).stdout;
    expect(markdown).toMatch(/<summary>Baselined \(\d+\)<\/summary>/);
    expect(markdown).toContain('`old/Dockerfile:1:6` require-pinned-images');
    const html = run(['--format', 'html'], dir).stdout;
    expect(html).toContain('(baseline)');
  });

  it('is untrusted input: invalid files are refused with a clear error, and nothing from them is echoed', () => {
    const dir = project({ Dockerfile: BAD_DOCKERFILE });
    write(dir, BASELINE, '{"version": 1, "findings": [{"ruleId": "x", "file": "Dockerfile", "fingerprint": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}]}');
    const bad = run([], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${BASELINE}: does not match schemas/baseline.schema.json: /findings/0/fingerprint`);
    expect(bad.stderr).not.toContain('ghp_');
    write(dir, BASELINE, '{ not json');
    expect(run([], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining(`${BASELINE}: invalid JSON`) });
    write(dir, BASELINE, `{"version":1,"findings":[],"$schema":"${'x'.repeat(33 * 1024 * 1024)}"}`);
    expect(run([], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('baseline file is larger than') });
    // --no-baseline ignores it; a missing --baseline file is an error.
    expect(run(['--no-baseline'], dir).code).toBe(1);
    expect(run(['--baseline', 'nope.json'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('nope.json: cannot read baseline: ENOENT') });
  });
});

const WAIVED_DEPLOYMENT = (comment: string) => DEPLOYMENT.replace('        - name: api\n', `        ${comment}\n        - name: api\n`);

describe('waivers that end, and unused waivers', () => {
  const formats = ['text', 'json', 'sarif', 'markdown', 'html'];
  const inAll = (dir: string, env: NodeJS.ProcessEnv, needle: string) => {
    for (const format of formats) {
      // Markdown escapes punctuation (\-): compare the text as read.
      const out = run(['--format', format, '--fail-on', 'none'], dir, env).stdout.replace(/\\([!-/:-@[-`{-~])/g, '$1');
      expect(out, format).toContain(needle);
    }
    // Annotations, JUnit and GitLab Code Quality carry only located items: the waiver at its own file and line.
    const [, file, line, message] = /^(?:(.*?):(\d+): )?(.*)$/.exec(needle)!;
    const github = run(['--format', 'github', '--fail-on', 'none'], dir, env).stdout;
    if (file) expect(github).toContain(`::notice file=${file},line=${line},`);
    expect(github).toContain(message);
    const junit = run(['--format', 'junit', '--fail-on', 'none'], dir, env).stdout;
    if (file) expect(junit).toContain(`file="${file}" line="${line}"`);
    expect(junit).toContain(message);
    const gitlab = JSON.parse(run(['--format', 'gitlab', '--fail-on', 'none'], dir, env).stdout) as {
      description: string;
      severity: string;
      location: { path: string; lines: { begin: number } };
    }[];
    const issue = gitlab.find((i) => i.description.includes(message!));
    expect(issue, 'gitlab').toMatchObject({ severity: 'info' });
    if (file) expect(issue?.location).toEqual({ path: file, lines: { begin: Number(line), end: Number(line) } });
  };

  it('an inline waiver with (until …) waives through that day and not after, and says so in every format', () => {
    const dir = project({ 'k8s/api.yaml': WAIVED_DEPLOYMENT('# readiness-lint-disable-next-line require-probes -- batch job (until 2027-03-31)') });
    const during = json([], dir, { READINESS_LINT_TODAY: '2027-03-31' }).report;
    expect(during.findings.map((f) => f.ruleId)).not.toContain('require-probes');
    expect(during.waived.find((f) => f.ruleId === 'require-probes')?.suppression).toEqual({ kind: 'inline', reason: 'batch job' });
    const after = json([], dir, { READINESS_LINT_TODAY: '2027-04-01' }).report;
    expect(after.findings.map((f) => f.ruleId)).toContain('require-probes');
    const notice = 'k8s/api.yaml:12: waiver readiness-lint-disable-next-line require-probes expired on 2027-03-31: it no longer waives';
    expect(after.notices.some((n) => n.includes(notice))).toBe(true);
    inAll(dir, { READINESS_LINT_TODAY: '2027-04-01' }, notice);
  });

  it('a file-level waiver expires the same way; a malformed expiry is an invalid-suppression', () => {
    const dir = project({ 'k8s/api.yaml': `# readiness-lint-disable-file require-probes -- legacy (until 2026-01-01)\n${DEPLOYMENT}` });
    expect(json([], dir, { READINESS_LINT_TODAY: '2025-12-31' }).report.findings.map((f) => f.ruleId)).not.toContain('require-probes');
    const after = json([], dir, { READINESS_LINT_TODAY: '2026-01-02' }).report;
    expect(after.findings.map((f) => f.ruleId)).toContain('require-probes');
    inAll(dir, { READINESS_LINT_TODAY: '2026-01-02' }, 'waiver readiness-lint-disable-file require-probes expired on 2026-01-01');
    write(dir, 'k8s/api.yaml', `# readiness-lint-disable-file require-probes -- legacy (until 2026-02-30)\n${DEPLOYMENT}`);
    const invalid = json([], dir).report.findings.find((f) => f.ruleId === 'invalid-suppression');
    expect(invalid?.message).toContain("has an expiry that is not a date; write '(until YYYY-MM-DD)'");
  });

  it('a config waiver with expires: stops waiving after that day, named by config file and line', () => {
    const dir = project({
      'k8s/api.yaml': DEPLOYMENT,
      '.readiness-lint.yaml': 'waivers:\n  - rule: require-probes\n    files: ["k8s/**"]\n    reason: migrating to the new chart\n    expires: 2027-03-31\n',
    });
    expect(json([], dir, { READINESS_LINT_TODAY: '2027-03-01' }).report.waived.map((f) => f.ruleId)).toContain('require-probes');
    const after = json([], dir, { READINESS_LINT_TODAY: '2027-04-01' }).report;
    expect(after.findings.map((f) => f.ruleId)).toContain('require-probes');
    inAll(dir, { READINESS_LINT_TODAY: '2027-04-01' }, '.readiness-lint.yaml:2: config waiver for require-probes expired on 2027-03-31');
    write(dir, '.readiness-lint.yaml', 'waivers:\n  - rule: require-probes\n    reason: x y z\n    expires: 2027-13-01\n');
    expect(run([], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('/waivers/0/expires') });
    expect(run([], dir, { READINESS_LINT_TODAY: 'tomorrow' })).toMatchObject({ code: 2, stderr: expect.stringContaining('READINESS_LINT_TODAY must be a date') });
  });

  it('reports waivers that waive nothing (inline and config) in every format, never for a rule that did not run', () => {
    const dir = project({
      'k8s/api.yaml': WAIVED_DEPLOYMENT('# readiness-lint-disable-next-line no-host-namespaces -- not needed any more'),
      '.readiness-lint.yaml': 'waivers:\n  - rule: require-backups\n    reason: no datastore here\n',
    });
    inAll(dir, {}, 'k8s/api.yaml:12: waiver readiness-lint-disable-next-line no-host-namespaces is unused: it waives no finding; remove it');
    inAll(dir, {}, '.readiness-lint.yaml:2: config waiver for require-backups is unused');
    // --rule require-probes: the other rules did not run, so their waivers are not judged.
    const only = json(['--rule', 'require-probes'], dir).report;
    expect(only.notices.filter((n) => n.includes('unused'))).toEqual([]);
    // A run over some files (a pre-commit hook) judges their inline waivers, not the config's.
    const some = json(['k8s/api.yaml'], dir).report.notices.filter((n) => n.includes('unused'));
    expect(some).toEqual(['k8s/api.yaml:12: waiver readiness-lint-disable-next-line no-host-namespaces is unused: it waives no finding; remove it']);
  });
});

describe('--init and --print-config', () => {
  it('--init on the demo writes a valid, commented config, and with --write-baseline the next run passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-init-'));
    cpSync(join(REPO, 'fixtures', 'demo'), dir, { recursive: true });
    expect(run([], dir).code).toBe(1);
    const init = run(['--init', '--write-baseline'], dir);
    expect(init.code).toBe(0);
    const text = readFileSync(join(dir, '.readiness-lint.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://raw.githubusercontent.com/readiness-lint/readiness-lint/main/schemas/config.schema.json');
    expect(new Ajv({ strict: false }).validate(configSchema, parseYaml(text) ?? {})).toBe(true);
    expect(() => parseConfig(text, '.readiness-lint.yaml', '.', new Set(ALL_RULES.map((r) => r.meta.id)))).not.toThrow();
    // Fitted to the tree: the environments found and the rules with findings.
    expect(text).toContain('production: 2 files');
    expect(text).toMatch(/^# {3}require-probes: error {3}# \d+ findings?/m);
    const next = run([], dir);
    expect(next.code).toBe(0);
    // Never over an existing config.
    const again = run(['--init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--init: .readiness-lint.yaml already exists');
  });

  it('--print-config names each setting and where it came from', () => {
    const dir = project({
      'k8s/api.yaml': DEPLOYMENT,
      'deploy/stage/app.yaml': DEPLOYMENT,
      '.readiness-lint.yaml':
        'rules:\n  require-probes: warning\n  require-replicas: off\nignore: ["tmp/**"]\nenvironments:\n  staging: ["deploy/stage/**"]\nwaivers:\n  - rule: require-backups\n    reason: none here\n    expires: 2027-01-01\n',
    });
    const r = run(['--print-config'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('config file: .readiness-lint.yaml');
    expect(r.stdout).toContain('headline environment: production (default)');
    expect(r.stdout).toContain('  require-probes: warning (.readiness-lint.yaml:2)');
    expect(r.stdout).toContain('  require-replicas: off (.readiness-lint.yaml:3)');
    expect(r.stdout).toContain('  no-root-containers: error (default)');
    expect(r.stdout).toContain('  "tmp/**" (.readiness-lint.yaml:4)');
    expect(r.stdout).toMatch(/ {2}deploy\/stage\/app\.yaml: staging \(.*deploy\/stage\/\*\*.*\)/);
    expect(r.stdout).toContain('  require-backups until 2027-01-01: "none here" (.readiness-lint.yaml:8)');
  });
});

describe('fingerprints of parse and render errors', () => {
  it('a helm parse error quoting its line keeps its baseline entry when lines are inserted above', () => {
    const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ env "X" }}\n';
    const dir = project({ 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n', 'chart/templates/cm.yaml': template });
    const before = json([], dir).report.findings.find((f) => f.ruleId === 'helm-render-error');
    expect(before?.message).toContain('cm.yaml:4)');
    expect(run(['--write-baseline'], dir).code).toBe(0);
    write(dir, 'chart/templates/cm.yaml', `# a comment\n# another\n${template}`);
    const after = json([], dir);
    const moved = after.report.waived.find((f) => f.ruleId === 'helm-render-error');
    expect(moved?.message).toContain('cm.yaml:6)');
    expect(moved?.suppression?.kind).toBe('baseline');
    expect(after.report.findings.filter((f) => f.ruleId === 'helm-render-error')).toEqual([]);
    expect(after.report.baseline!.stale).toEqual([]);
  });
});

describe('baseline scope', () => {
  it('linting some paths (staged files) judges only their entries: the others are not stale', () => {
    const dir = project({ 'api/Dockerfile': BAD_DOCKERFILE, 'web/Dockerfile': BAD_DOCKERFILE });
    expect(run(['--write-baseline'], dir).code).toBe(0);
    const one = json(['api/Dockerfile'], dir);
    expect(one.code).toBe(0);
    expect(one.report.baseline!.stale.filter((e) => e.file.startsWith('web/'))).toEqual([]);
    write(dir, 'api/Dockerfile', 'FROM node:latest\nUSER node\nCMD ["node", "server.js"]\n');
    expect(json(['api'], dir).report.baseline!.stale.map(key)).toEqual(['no-root-containers api/Dockerfile']);
  });
});

describe('rewriting the baseline over some paths', () => {
  it('keeps the entries of files outside the paths', () => {
    const dir = project({ 'api/Dockerfile': BAD_DOCKERFILE, 'web/Dockerfile': BAD_DOCKERFILE });
    expect(run(['--write-baseline'], dir).code).toBe(0);
    const all = readFileSync(join(dir, BASELINE), 'utf8');
    write(dir, 'api/Dockerfile', 'FROM node:latest\nUSER node\nCMD ["node", "server.js"]\n');
    expect(run(['--write-baseline', 'api'], dir).code).toBe(0);
    const entries = JSON.parse(readFileSync(join(dir, BASELINE), 'utf8')).findings.map(key);
    expect(entries.filter((e: string) => e.endsWith('web/Dockerfile'))).toEqual(
      JSON.parse(all)
        .findings.map(key)
        .filter((e: string) => e.endsWith('web/Dockerfile')),
    );
    expect(entries).not.toContain('no-root-containers api/Dockerfile');
    expect(json([], dir).code).toBe(0);
  });
});
