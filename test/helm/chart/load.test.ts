import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadChart, memoryFileSystem } from '../../../src/helm/chart/load.js';
import { HelmIgnore } from '../../../src/helm/chart/helmignore.js';
import { compileGlob, goPathMatch } from '../../../src/helm/chart/glob.js';
import { satisfies } from '../../../src/helm/chart/semver.js';
import { readTgz } from '../../../src/helm/chart/tar.js';

function tarEntry(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const pad = Buffer.alloc(Math.ceil(data.length / 512) * 512 - data.length);
  return Buffer.concat([h, data, pad]);
}

function tgz(files: Record<string, string>): Buffer {
  return gzipSync(Buffer.concat([...Object.entries(files).map(([n, c]) => tarEntry(n, c)), Buffer.alloc(1024)]));
}

describe('chart loading', () => {
  it('loads a chart folder with templates, files, values and a .tgz subchart', () => {
    const sub = tgz({ 'sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.2.3\n', 'sub/values.yaml': 'a: 1\n', 'sub/templates/cm.yaml': 'x' });
    const fs = memoryFileSystem([
      { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 1.x.x\n  repository: https://x\n' },
      { path: 'c/values.yaml', text: 'replicas: 3\n' },
      { path: 'c/.helmignore', text: '*.md\n' },
      { path: 'c/README.md', text: 'readme' },
      { path: 'c/files/a.conf', text: 'conf' },
      { path: 'c/templates/deploy.yaml', text: 'kind: Deployment' },
      { path: 'c/templates/.hidden', text: 'x' },
      { path: 'c/charts/sub-1.2.3.tgz', data: sub },
    ]);
    const chart = loadChart('c', { fs });
    expect(chart.name()).toBe('app');
    expect(chart.values).toEqual({ replicas: 3 });
    expect(chart.templates.map((t) => t.name)).toEqual(['templates/deploy.yaml']);
    expect(chart.files.map((f) => f.name)).toEqual(['.helmignore', 'files/a.conf']);
    expect(chart.dependencies.map((d) => d.name())).toEqual(['sub']);
    expect(chart.dependencies[0]!.templates.map((t) => t.name)).toEqual(['templates/cm.yaml']);
    expect(chart.dependencies[0]!.fullPath()).toBe('app/charts/sub');
    expect(chart.problems).toEqual([]);
  });

  it('resolves a missing dependency from a sibling folder, else records a problem', () => {
    const fs = memoryFileSystem([
      {
        path: 'charts/app/Chart.yaml',
        text: 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n- name: common\n  version: 2.x.x\n  repository: oci://x\n- name: gone\n  version: 1.x.x\n  repository: oci://x\n',
      },
      { path: 'charts/common/Chart.yaml', text: 'apiVersion: v2\nname: common\nversion: 2.1.0\ntype: library\n' },
      { path: 'charts/common/templates/_h.tpl', text: '{{ define "x" }}y{{ end }}' },
    ]);
    const chart = loadChart('charts/app', { fs });
    expect(chart.dependencies.map((d) => d.name())).toEqual(['common']);
    expect(chart.dependencies[0]!.resolvedFrom).toBe('charts/common');
    expect(chart.problems).toHaveLength(1);
    expect(chart.problems[0]!.code).toBe('missing-dependency');
    expect(chart.problems[0]!.message).toContain('gone');
    expect(chart.problems[0]!.message).toContain('helm dependency build');
  });

  it('reads requirements.yaml of apiVersion v1 charts', () => {
    const fs = memoryFileSystem([
      { path: 'c/Chart.yaml', text: 'name: old\nversion: 1.0.0\n' },
      { path: 'c/requirements.yaml', text: 'dependencies:\n- name: x\n  version: 1.0.0\n  condition: x.enabled\n' },
    ]);
    const chart = loadChart('c', { fs, resolveMissing: false });
    expect(chart.metadata.apiVersion).toBe('v1');
    expect(chart.metadata.dependencies[0]!.condition).toBe('x.enabled');
    expect(chart.files.map((f) => f.name).sort()).toEqual(['Chart.yaml', 'requirements.yaml']);
  });

  it('reads tar archives', () => {
    const entries = readTgz(tgz({ 'a/b.txt': 'hello' }));
    expect(entries.map((e) => [e.name, e.data.toString()])).toEqual([['a/b.txt', 'hello']]);
  });
});

describe('patterns', () => {
  it('helmignore follows Helm rules', () => {
    const r = HelmIgnore.parse('*.md\n/secret.txt\nci/\n# c\n');
    expect(r.ignores('README.md', false)).toBe(true);
    expect(r.ignores('docs/a.md', false)).toBe(true);
    expect(r.ignores('secret.txt', false)).toBe(true);
    expect(r.ignores('x/secret.txt', false)).toBe(false);
    expect(r.ignores('ci', true)).toBe(true);
    expect(r.ignores('ci', false)).toBe(false);
    expect(r.ignores('templates/.x', false)).toBe(true);
  });
  it('Go filepath.Match and gobwas glob', () => {
    expect(goPathMatch('*.yaml', 'a.yaml')).toBe(true);
    expect(goPathMatch('*.yaml', 'x/a.yaml')).toBe(false);
    expect(goPathMatch('[a-c]?', 'bz')).toBe(true);
    expect(compileGlob('files/*.{sh,sql}')!.test('files/a.sql')).toBe(true);
    expect(compileGlob('files/*')!.test('files/x/a')).toBe(false);
    expect(compileGlob('files/**')!.test('files/x/a')).toBe(true);
  });
  it('semver constraints', () => {
    expect(satisfies('2.31.10', '2.x.x')).toBe(true);
    expect(satisfies('17.1.0', '16.x.x')).toBe(false);
    expect(satisfies('1.35.0', '>=1.23.0-0')).toBe(true);
    expect(satisfies('v1.35.0', '>= 1.19.0 < 2.0.0')).toBe(true);
    expect(satisfies('1.2.3', '~1.2.0')).toBe(true);
    expect(satisfies('1.3.0', '~1.2.0')).toBe(false);
    expect(satisfies('0.3.1', '^0.3.0')).toBe(true);
    expect(satisfies('1.0.0-rc1', '1.x')).toBe(false);
  });
});

const corpus = '../shared/corpus';
describe.runIf(existsSync(corpus))('corpus charts', () => {
  it('loads bitnami wordpress with sibling dependencies', () => {
    const chart = loadChart(`${corpus}/repos/bitnami+charts/bitnami/wordpress`);
    expect(chart.dependencies.map((d) => d.name()).sort()).toEqual(['common', 'mariadb', 'memcached']);
    const mariadb = chart.dependencies.find((d) => d.name() === 'mariadb')!;
    expect(mariadb.dependencies.map((d) => d.name())).toEqual(['common']);
    expect(chart.problems).toEqual([]);
  });
});
