// --from: a JSON report saved by one run renders in every other format exactly as the run that
// wrote it would have (issue 16 item 2), by spawning the built CLI as users do. The saved report
// describes its rules and carries its redacted code frames, so nothing is looked up again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');
// The demo's committed production env file holds this secret (fixtures/demo/.env.production).
const DEMO_SECRET = 'Zq8vN2rT5wXy7Kp4Lm9Bc3Hd6Fg1Js0A';

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RENDERED = ['sarif', 'html', 'markdown', 'text', 'junit'] as const;

describe('--from report.json', () => {
  const out = mkdtempSync(join(tmpdir(), 'rl-from-'));
  const saved = join(out, 'report.json');

  beforeAll(() => {
    // One direct run writes the JSON and every other format at once.
    const args = ['fixtures/demo', '--no-progress', '--fail-on', 'none', '-f', 'json', '-o', saved];
    for (const format of RENDERED) args.push('-f', format, '-o', join(out, `direct.${format}`));
    const direct = run(args);
    expect(direct.code, direct.stderr).toBe(0);
  });

  it('renders SARIF, HTML and markdown (and text and JUnit) byte-identical to the direct run', () => {
    for (const format of RENDERED) {
      const target = join(out, `from.${format}`);
      const r = run(['--from', saved, '-f', format, '-o', target, '--fail-on', 'none']);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(target, 'utf8'), format).toBe(readFileSync(join(out, `direct.${format}`), 'utf8'));
    }
    // the HTML has code frames to compare, and they come from the saved report
    expect(readFileSync(join(out, 'from.html'), 'utf8')).toContain('<pre>');
  });

  it('saves a self-describing report that validates against the schema, without the secret', () => {
    const text = readFileSync(saved, 'utf8');
    const report = JSON.parse(text);
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(reportSchema);
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.reportVersion).toBe('1.5');
    expect(report.rules.map((r: { id: string }) => r.id)).toEqual(report.checklist.map((l: { ruleId: string }) => l.ruleId).sort());
    const secrets = report.rules.find((r: { id: string }) => r.id === 'no-plaintext-secrets');
    expect(secrets).toMatchObject({ category: 'security', severity: 'error', secretEvidence: true, helpUri: expect.stringMatching(/\/rules\/no-plaintext-secrets\/README\.md$/) });
    expect(secrets.remediation.length).toBeGreaterThan(0);
    const envFinding = report.findings.find((f: { ruleId: string; file: string }) => f.ruleId === 'no-secrets-in-env-files' && f.file === 'fixtures/demo/.env.production');
    expect(envFinding.frame.lines.at(-1).text).toBe('JWT_SECRET=Zq***'); // masked as in every frame
    expect(report.findings.every((f: { frame?: unknown }) => f.frame !== undefined)).toBe(true);
    expect(text).not.toContain(DEMO_SECRET);
  });

  it('exits by --fail-on and --min-score against the saved findings and score, like a normal run', () => {
    const md = ['--from', saved, '-f', 'markdown'];
    expect(run(md).code).toBe(1); // default --fail-on error: the demo has errors
    expect(run([...md, '--fail-on', 'none']).code).toBe(0);
    expect(run([...md, '--fail-on', 'none', '--min-score', '100']).code).toBe(1);
    expect(run([...md, '--fail-on', 'none', '--min-score', '0']).code).toBe(0);
  });

  it('refuses a file that is not a report of this version, with a clear error (exit 2)', () => {
    const write = (name: string, text: string) => {
      const path = join(out, name);
      writeFileSync(path, text);
      return path;
    };
    const report = JSON.parse(readFileSync(saved, 'utf8'));
    const cases: [string, RegExp][] = [
      [join(out, 'missing.json'), /--from .*missing\.json: cannot read the file \(ENOENT\)/],
      [write('garbage.json', '<html>'), /not JSON .*give a report written with --format json/],
      [write('sarif.json', readFileSync(join(out, 'direct.sarif'), 'utf8')), /not a readiness-lint JSON report \(it has no reportVersion\)/],
      [
        write('old.json', JSON.stringify({ ...report, reportVersion: '1.4' })),
        /report version "1\.4" cannot be rendered by readiness-lint .* which renders report version 1\.5: write the JSON report again/,
      ],
      [write('invalid.json', JSON.stringify({ ...report, findings: [{ ...report.findings[0], severity: 'fatal' }] })), /not a valid report: \/findings\/0\/severity/],
      [write('no-rules.json', JSON.stringify({ ...report, rules: undefined })), /not a valid report: it has no rules/],
    ];
    for (const [path, message] of cases) {
      const r = run(['--from', path, '-f', 'html']);
      expect(r.code, path).toBe(2);
      expect(r.stderr, path).toMatch(message);
      expect(r.stdout, path).toBe('');
    }
  });

  it('cannot be combined with what chooses what is linted', () => {
    const r = run(['--from', saved, 'fixtures/demo', '--env', 'staging', '-f', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from renders a saved report without linting: it cannot be combined with paths, --env (they choose what is linted)');
  });
});
