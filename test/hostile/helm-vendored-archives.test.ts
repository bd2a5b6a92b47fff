// Vendored chart dependencies as archives (charts/<name>-<version>.tgz, what `helm dependency build`
// writes). A chart whose only copy of a dependency was its .tgz got a false "dependency not in its
// charts/ folder" render error, and the subchart was never linted. Now the archive is read in
// memory and its templates render like a folder subchart; findings in them name the archive plus
// the path inside it (chart/charts/sub-1.2.3.tgz/sub/templates/deploy.yaml) at real positions of
// the inner file. The archive is untrusted: a gzip bomb, too many entries, absolute or parent paths
// become a finding (never an out-of-memory abort), and links inside it are never followed.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { REPO } from '../helpers/fixtures.js';
import { DEPLOYMENT, tree } from './helpers.js';

const CLI = join(REPO, 'dist', 'cli.js');
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** One ustar header + data block(s); type '0' file, '2' symlink, '5' folder. */
function tarEntry(name: string, data: string | Buffer = '', type = '0', linkName = ''): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148); // checksum counted as spaces
  header.write(type, 156);
  header.write(linkName, 157, 100);
  header.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const padded = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  body.copy(padded);
  return Buffer.concat([header, padded]);
}

function tgz(entries: Buffer[]): Buffer {
  return gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
}

const SUB_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-sub
spec:
  selector:
    matchLabels: {app: sub}
  template:
    metadata:
      labels: {app: sub}
    spec:
      containers:
        - name: sub
          image: {{ .Values.image }}
          securityContext:
            privileged: true
`;

const SUB_ENTRIES = [
  tarEntry('sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 1.2.3\n'),
  tarEntry('sub/values.yaml', 'image: nginx:1.27.0\n'),
  tarEntry('sub/templates/deploy.yaml', SUB_DEPLOYMENT),
];

const PARENT = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.2.3\n    repository: https://charts.example.com\n',
  'chart/values.yaml': 'x: 1\n',
  'k8s/web.yaml': DEPLOYMENT,
};

function lintTree(files: Record<string, string | Uint8Array>): Report {
  const dir = tree(files);
  dirs.push(dir);
  const r = spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60_000 });
  expect(r.stderr).not.toMatch(/internal error|heap out of memory/i);
  return JSON.parse(r.stdout) as Report;
}

const ARCHIVE = 'chart/charts/sub-1.2.3.tgz';

describe('vendored charts/*.tgz dependencies', () => {
  it('are read: the subchart renders and is linted, findings point into the archive at inner positions', () => {
    const report = lintTree({ ...PARENT, [ARCHIVE]: tgz(SUB_ENTRIES) });
    expect(report.findings.filter((f) => f.ruleId === 'helm-render-error')).toEqual([]);
    const privileged = report.findings.find((f) => f.ruleId === 'no-privileged-containers' && f.file.startsWith(ARCHIVE));
    expect(privileged?.file).toBe(`${ARCHIVE}/sub/templates/deploy.yaml`);
    // `            privileged: true` is line 16 of the inner file; the value starts at column 25
    expect(privileged?.range.start).toEqual({ line: 16, column: 25 });
    // the subchart's own values were used
    expect(report.findings.some((f) => f.file.startsWith(ARCHIVE) && f.ruleId === 'require-pinned-images')).toBe(false);
  }, 90_000);

  it('a gzip bomb is a finding, not an out-of-memory abort; the rest of the run goes on', () => {
    const bomb = gzipSync(Buffer.alloc(300 * 1024 * 1024), { level: 9 }); // ~300 KB on disk
    const report = lintTree({ ...PARENT, [ARCHIVE]: bomb });
    const errors = report.findings.filter((f) => f.ruleId === 'helm-render-error').map((f) => f.message);
    expect(errors).toContainEqual(expect.stringMatching(/sub-1\.2\.3\.tgz.*larger than the maximum size 104857600 bytes/));
    expect(report.findings.some((f) => f.file === 'k8s/web.yaml' && f.ruleId === 'no-privileged-containers')).toBe(true);
  }, 90_000);

  it('an archive with too many entries is refused', () => {
    const many = Array.from({ length: 20_001 }, (_, i) => tarEntry(`sub/files/f${i}`));
    const report = lintTree({ ...PARENT, [ARCHIVE]: tgz([...SUB_ENTRIES, ...many]) });
    const errors = report.findings.filter((f) => f.ruleId === 'helm-render-error').map((f) => f.message);
    expect(errors).toContainEqual(expect.stringMatching(/more than 20000 entries/));
  }, 90_000);

  it.each([
    ['a parent reference', 'sub/../../evil.yaml', /chart illegally references parent directory/],
    ['an absolute path', 'sub//etc/evil.yaml', /chart illegally contains absolute paths/],
  ])(
    'an entry with %s refuses the archive, as in Helm',
    (_label, name, message) => {
      const report = lintTree({ ...PARENT, [ARCHIVE]: tgz([...SUB_ENTRIES, tarEntry(name, 'kind: Secret\n')]) });
      const errors = report.findings.filter((f) => f.ruleId === 'helm-render-error').map((f) => f.message);
      expect(errors).toContainEqual(expect.stringMatching(message));
      expect(report.findings.some((f) => f.file.startsWith(ARCHIVE) && f.ruleId === 'no-privileged-containers')).toBe(false);
    },
    90_000,
  );

  it('links inside the archive are ignored, never followed', () => {
    const report = lintTree({
      ...PARENT,
      [ARCHIVE]: tgz([...SUB_ENTRIES, tarEntry('sub/templates/passwd.yaml', '', '2', '/etc/passwd'), tarEntry('sub/templates/hard.yaml', '', '1', 'sub/values.yaml')]),
    });
    expect(report.findings.filter((f) => f.ruleId === 'helm-render-error')).toEqual([]);
    expect(report.findings.some((f) => f.file.includes('passwd') || f.file.includes('hard.yaml'))).toBe(false);
    expect(report.findings.some((f) => f.file === `${ARCHIVE}/sub/templates/deploy.yaml`)).toBe(true);
  }, 90_000);
});
