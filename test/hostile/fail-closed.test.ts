// Fail closed: a file that would have been judged but was skipped (over the size limit, unreadable,
// binary, not UTF-8, a symbolic link with a linted name) is a file-not-judged finding, an error for
// deployment artifacts by name, costing score in every environment. Before, it was only a notice,
// and padding a privileged Pod past 5 MB with comments passed the gate with exit 0.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, discover } from '../../src/discovery/index.js';
import { lint } from '../../src/engine/lint.js';
import type { Report } from '../../src/report/types.js';
import { REPO } from '../helpers/fixtures.js';
import { tree } from './helpers.js';

const CLI = join(REPO, 'dist', 'cli.js');
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

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
const COMMENT_LINE = `# ${'x'.repeat(97)}\n`;
const PADDED_POD = PRIVILEGED_POD + COMMENT_LINE.repeat(Math.ceil((DEFAULT_MAX_FILE_SIZE + 1) / COMMENT_LINE.length));

describe('files that would be judged but are skipped', () => {
  it('a privileged Pod padded past the size limit with comments fails the gate (exit 1 with --fail-on error)', () => {
    expect(PADDED_POD.length).toBeGreaterThan(DEFAULT_MAX_FILE_SIZE);
    const dir = tree({ 'k8s/pod.yaml': PADDED_POD });
    dirs.push(dir);
    const r = spawnSync(process.execPath, [CLI, '.', '--no-config', '--fail-on', 'error', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    const finding = report.findings.find((f) => f.file === 'k8s/pod.yaml')!;
    expect(finding).toMatchObject({ ruleId: 'file-not-judged', severity: 'error', range: { start: { line: 1, column: 1 } } });
    expect(finding.message).toMatch(/^Not judged: larger than \d+ bytes \(\d+ bytes\)/);
    expect(report.score.failed).toBeGreaterThan(0);
  }, 60_000);

  it('each kind of skip is a finding: error for artifacts by name, warning for other linted files, nothing for lock files', async () => {
    const dir = tree({
      Dockerfile: new Uint8Array([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x20]), // "FROM\0 ": binary
      '.env.production': new Uint8Array([0x41, 0x3d, 0xff, 0xfe, 0x0a]), // not UTF-8
      '.dockerignore': `# ${'x'.repeat(5000)}\n`,
      'pnpm-lock.yaml': `lockfileVersion: '9.0'\n# ${'x'.repeat(5000)}\n`,
      'k8s/ok.yaml': PRIVILEGED_POD,
    });
    dirs.push(dir);
    const d = await discover(['.'], { cwd: dir, maxFileSize: 4096 });
    const { report } = lint({ files: d.files, skipped: d.skipped });
    const notJudged = report.findings.filter((f) => f.ruleId === 'file-not-judged');
    expect(notJudged.map((f) => [f.file, f.severity])).toEqual([
      ['.dockerignore', 'warning'],
      ['.env.production', 'error'],
      ['Dockerfile', 'error'],
    ]);
    expect(report.files.some((f) => f.path === 'pnpm-lock.yaml')).toBe(false);
  });

  it('costs score in every environment and can be waived only with a reason in the config', () => {
    const files = [
      { path: 'docker-compose.dev.yml', text: 'services:\n  web:\n    image: nginx:1.27.3\n' },
      { path: 'k8s/ok.yaml', text: PRIVILEGED_POD },
    ];
    const skipped = [{ path: 'k8s/huge.yaml', reason: 'larger than 5242880 bytes (6000000 bytes)' }];
    const { report } = lint({ files, skipped });
    const mine = (r: Report) => r.findings.filter((f) => f.ruleId === 'file-not-judged');
    expect(mine(report)).toHaveLength(1);
    for (const env of ['production', 'development'] as const) {
      const without = lint({ files, skipped: [] }).report.environments[env]!;
      expect(report.environments[env]!.failed).toBe(without.failed + 1);
    }
    // A link to a folder is listed, not judged.
    expect(mine(lint({ files, skipped: [{ path: 'charts', reason: 'symbolic link (not followed)', judged: false }] }).report)).toEqual([]);

    const waived = lint({
      files,
      skipped,
      config: {
        rules: {},
        ignore: [],
        environments: {},
        waivers: [{ rule: 'file-not-judged', files: ['k8s/huge.yaml'], reason: 'generated CRD bundle, applied by the operator' }],
      },
    }).report;
    expect(mine(waived)).toEqual([]);
    expect(waived.waived.map((f) => f.ruleId)).toEqual(['file-not-judged']);
  });
});
