import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, PathNotFoundError } from '../../src/discovery/index.js';
import { lint } from '../../src/engine/lint.js';

const K8S = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

let root: string;
let outside: string;

async function put(rel: string, content: string | Uint8Array): Promise<void> {
  const abs = path.join(root, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, content);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rl-discover-'));
  outside = await mkdtemp(path.join(tmpdir(), 'rl-outside-'));
  await writeFile(path.join(outside, 'deploy.yaml'), K8S);

  await put('.gitignore', 'ignored/\n*.secret.yaml\n');
  await put('Dockerfile', 'FROM alpine\n');
  await put('compose.yaml', 'services:\n  web:\n    image: nginx\n');
  await put('.env', 'A=1\n');
  await put('k8s/deploy.yaml', K8S);
  await put('k8s/legacy/old.yaml', K8S);
  await put('ignored/deploy.yaml', K8S);
  await put('x.secret.yaml', K8S);
  await put('node_modules/pkg/deploy.yaml', K8S);
  await put('sub/node_modules/deploy.yaml', K8S);
  await put('.git/config.yaml', K8S);
  await put('src/index.ts', 'export {};\n');
  await put('bom.yaml', '\uFEFF' + K8S);
  await put('binary.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0x00, 0x01, 0x02]));
  await put('latin1.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  await put('big.yaml', K8S + '# ' + 'x'.repeat(5000) + '\n');
  // Symbolic links: to a file inside, to a folder outside the root, a loop, a self-link.
  await symlink(path.join(root, 'k8s/deploy.yaml'), path.join(root, 'link.yaml'));
  await symlink(outside, path.join(root, 'outside-link'));
  await mkdir(path.join(root, 'loop'), { recursive: true });
  await symlink(path.join(root, 'loop'), path.join(root, 'loop/again'));
  await symlink(path.join(root, 'self.yaml'), path.join(root, 'self.yaml'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('discover', () => {
  it('walks the root honouring .gitignore, config ignores, node_modules and .git', async () => {
    const r = await discover([], { cwd: root, ignore: ['k8s/legacy'], maxFileSize: 1000 });
    expect(r.files.map((f) => [f.path, f.kind])).toEqual([
      ['.env', 'env'],
      ['.gitignore', 'gitignore'],
      ['Dockerfile', 'dockerfile'],
      ['bom.yaml', 'kubernetes'],
      ['compose.yaml', 'compose'],
      ['k8s/deploy.yaml', 'kubernetes'],
    ]);
  });

  it('skips binary, non-UTF-8, oversize files and symbolic links with a reason (links with names no rule reads are marked not judged)', async () => {
    const r = await discover(['.'], { cwd: root, ignore: ['k8s/legacy'], maxFileSize: 1000 });
    expect(r.skipped).toEqual([
      { path: 'big.yaml', reason: expect.stringMatching(/^larger than 1000 bytes/) },
      { path: 'binary.yaml', reason: 'binary file (NUL byte in the first 8 KB)' },
      { path: 'latin1.yaml', reason: 'not valid UTF-8' },
      { path: 'link.yaml', reason: 'symbolic link (not followed)' },
      { path: 'loop/again', reason: 'symbolic link (not followed)', judged: false },
      { path: 'outside-link', reason: 'symbolic link (not followed)', judged: false },
      { path: 'self.yaml', reason: 'symbolic link (not followed)' },
    ]);
  });

  it('uses 5 MB as the default size limit', async () => {
    const r = await discover(['big.yaml'], { cwd: root });
    expect(r.files.map((f) => f.path)).toEqual(['big.yaml']);
  });

  it('strips a byte-order mark', async () => {
    const r = await discover(['bom.yaml'], { cwd: root });
    expect(r.files[0]!.text).toBe(K8S);
  });

  it('accepts files and folders, with paths relative to cwd', async () => {
    const r = await discover(['k8s', 'Dockerfile', './compose.yaml'], { cwd: root });
    expect(r.files.map((f) => f.path)).toEqual(['Dockerfile', 'compose.yaml', 'k8s/deploy.yaml', 'k8s/legacy/old.yaml']);
    const sub = await discover(['.'], { cwd: path.join(root, 'k8s'), ignore: ['legacy/**'] });
    expect(sub.files.map((f) => f.path)).toEqual(['deploy.yaml']);
  });

  it('rebases config ignores onto a walked sub-folder', async () => {
    const r = await discover(['k8s'], { cwd: root, ignore: ['k8s/legacy/**'] });
    expect(r.files.map((f) => f.path)).toEqual(['k8s/deploy.yaml']);
  });

  it('matches config ignores without a slash at any depth, like .gitignore', async () => {
    const r = await discover(['.'], { cwd: root, ignore: ['legacy', '*.env', 'Dockerfile'], maxFileSize: 1000 });
    expect(r.files.map((f) => f.path)).toEqual(['.gitignore', 'bom.yaml', 'compose.yaml', 'k8s/deploy.yaml']);
  });

  it('honours nested .gitignore files', async () => {
    await put('nested/.gitignore', 'local.yaml\n');
    await put('nested/local.yaml', K8S);
    await put('nested/kept.yaml', K8S);
    const r = await discover(['nested'], { cwd: root });
    expect(r.files.map((f) => f.path)).toEqual(['nested/.gitignore', 'nested/kept.yaml']);
    await rm(path.join(root, 'nested'), { recursive: true });
  });

  it('skips an explicitly named symbolic link instead of following it', async () => {
    const r = await discover(['outside-link'], { cwd: root });
    expect(r.files).toEqual([]);
    expect(r.skipped).toEqual([{ path: 'outside-link', reason: 'symbolic link (not followed)' }]);
  });

  it('throws PathNotFoundError for a path that does not exist', async () => {
    await expect(discover(['nope'], { cwd: root })).rejects.toBeInstanceOf(PathNotFoundError);
    await expect(discover(['nope/deeper.yaml'], { cwd: root })).rejects.toThrow(/Path not found: nope\/deeper\.yaml/);
  });

  it('skips a file whose read fails (simulated EACCES)', async () => {
    const r = await discover(['.'], {
      cwd: root,
      ignore: ['k8s/legacy'],
      readFile: async (p) => {
        if (p.endsWith('compose.yaml')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        const { readFile } = await import('node:fs/promises');
        return readFile(p);
      },
    });
    expect(r.files.map((f) => f.path)).not.toContain('compose.yaml');
    expect(r.skipped).toContainEqual({ path: 'compose.yaml', reason: 'unreadable (EACCES)' });
  });

  it('is deterministic', async () => {
    const a = await discover(['.'], { cwd: root, maxFileSize: 1000 });
    const b = await discover(['.'], { cwd: root, maxFileSize: 1000 });
    expect(b).toEqual(a);
  });

  it('classifies Helm charts found on disk', async () => {
    await put('helm/app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
    await put('helm/app/values.yaml', 'replicaCount: 1\n');
    await put('helm/app/templates/deploy.yaml', 'kind: {{ .Values.kind }}\n');
    await put('helm/values-prod.yaml', 'replicaCount: 3\n');
    await put('helm/README.md', '# x\n');
    await put('helm/app/charts/redis-1.0.0.tgz', new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    const r = await discover(['helm'], { cwd: root });
    expect(r.files.map((f) => [f.path, f.kind, f.chartRoot, f.environment])).toEqual([
      ['helm/app/Chart.yaml', 'helm-chart', 'helm/app', 'unknown'],
      ['helm/app/templates/deploy.yaml', 'helm-template', 'helm/app', 'unknown'],
      ['helm/app/values.yaml', 'helm-values', 'helm/app', 'unknown'],
      ['helm/values-prod.yaml', 'helm-values', 'helm/app', 'production'],
    ]);
    // A packaged subchart is neither read nor reported as a skipped binary.
    expect(r.skipped).toEqual([]);
  });

  it('keeps the chart context of single files named inside or beside a chart', async () => {
    const r = await discover(['helm/values-prod.yaml', 'helm/app/values.yaml', 'helm/app/templates/deploy.yaml'], { cwd: root });
    expect(r.files.map((f) => [f.path, f.kind, f.chartRoot])).toEqual([
      ['helm/app/templates/deploy.yaml', 'helm-template', 'helm/app'],
      ['helm/app/values.yaml', 'helm-values', 'helm/app'],
      ['helm/values-prod.yaml', 'helm-values', 'helm/app'],
    ]);
  });
});

describe('shell scripts as evidence', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rl-scripts-'));
    await mkdir(path.join(dir, 'backup'), { recursive: true });
    await writeFile(path.join(dir, 'backup/pg-backup.sh'), 'pg_dump -h db app\n');
    await writeFile(path.join(dir, 'backup/huge.sh'), `# ${'x'.repeat(2000)}\n`);
    await writeFile(path.join(dir, 'backup/notes.txt'), 'not read\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads *.sh as scripts, and an unreadable script is listed as not judged (evidence, not an artifact)', async () => {
    const r = await discover(['.'], { cwd: dir, maxFileSize: 1000 });
    expect(r.files.map((f) => [f.path, f.kind])).toEqual([['backup/pg-backup.sh', 'script']]);
    expect(r.skipped).toEqual([{ path: 'backup/huge.sh', reason: expect.stringMatching(/^larger than 1000 bytes/), judged: false }]);
  });
});

describe('discover: build contexts', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(path.join(tmpdir(), 'rl-context-'));
    await mkdir(path.join(repo, '.git'));
    await mkdir(path.join(repo, 'services/api'), { recursive: true });
    await writeFile(path.join(repo, '.dockerignore'), '.git\n');
    await writeFile(path.join(repo, 'services/api/Dockerfile'), 'FROM alpine:3.20.3\nCOPY . .\n');
    await writeFile(path.join(repo, 'services/api/.dockerignore'), 'node_modules\n');
    await writeFile(path.join(repo, 'services/api/Dockerfile.dockerignore'), '*.md\n');
    await writeFile(path.join(repo, 'services/api/deploy.yaml'), K8S);
  });
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it('reads the .dockerignore files of a Dockerfile named alone, up to the repository root', async () => {
    const { files } = await discover(['services/api/Dockerfile'], { cwd: repo });
    expect(files.map((f) => f.path).sort()).toEqual(['.dockerignore', 'services/api/.dockerignore', 'services/api/Dockerfile', 'services/api/Dockerfile.dockerignore']);
  });

  it('reads the ones above a folder that holds a Dockerfile, not above cwd', async () => {
    const { files } = await discover(['api'], { cwd: path.join(repo, 'services') });
    expect(files.map((f) => f.path).sort()).toEqual(['api/.dockerignore', 'api/Dockerfile', 'api/Dockerfile.dockerignore', 'api/deploy.yaml']);
    const fromRoot = await discover(['services/api'], { cwd: repo });
    expect(fromRoot.files.map((f) => f.path)).toContain('.dockerignore');
  });

  it('so require-dockerignore sees the .dockerignore beside a Dockerfile linted alone', async () => {
    const { files } = await discover(['services/api/Dockerfile'], { cwd: repo });
    const { report } = lint({ files: files.map((f) => ({ path: f.path, text: f.text })), onlyRules: ['require-dockerignore'] });
    expect(report.findings).toEqual([]);
    expect(report.checklist.find((l) => l.ruleId === 'require-dockerignore')).toMatchObject({ passed: 1, failed: 0 });
  });

  it('adds nothing when no Dockerfile is linted', async () => {
    const { files } = await discover(['services/api/deploy.yaml'], { cwd: repo });
    expect(files.map((f) => f.path)).toEqual(['services/api/deploy.yaml']);
  });
});
