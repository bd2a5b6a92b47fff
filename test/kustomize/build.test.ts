// The building blocks of the in-process kustomize build, each against what kustomize v5.7.1 does.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildKustomization, contentHash, emitResources, encodeHash, KustomizeError, splitImage } from '../../src/kustomize/build.js';
import { applyJson6902, strategicMerge } from '../../src/kustomize/patch.js';
import { emitGoYaml, goKeyLess, locOf, parseYamlStream, type JsonObject } from '../../src/kustomize/yaml.js';
import { writeTempTree } from '../helpers/temp-tree.js';

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const root = writeTempTree('rl-kustomize-', files);
  dirs.push(root);
  return root;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('go-yaml v2 output', () => {
  it('orders keys as go-yaml does (digit runs as numbers, letters before other runes)', () => {
    expect(['port10', 'port2', 'a_b', 'aB', 'app'].sort((a, b) => (goKeyLess(a, b) ? -1 : 1))).toEqual(['a_b', 'aB', 'app', 'port2', 'port10']);
  });
  it('quotes what would read back as another type, literal blocks for multi-line text', () => {
    expect(emitGoYaml({ a: '80', b: 'yes', c: '', d: 'x: y', e: 'line\n', f: 'tab\there', g: [1, 'on'], h: {} })).toBe(
      'a: "80"\nb: "yes"\nc: ""\nd: \'x: y\'\ne: |\n  line\nf: "tab\\there"\ng:\n- 1\n- "on"\nh: {}\n',
    );
  });
  it('folds long plain strings at column 80 like go-yaml', () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const out = emitGoYaml({ k: long });
    expect(out.split('\n')[0]!.length).toBeLessThanOrEqual(90);
    expect(out.split('\n')[1]!.startsWith('  word')).toBe(true);
  });
});

describe('hostile input', () => {
  it('refuses a document whose aliases expand past the budget instead of exhausting memory', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill('*' + String.fromCharCode(96 + i))
          .join(', ')}]`,
      );
    expect(() => parseYamlStream(laughs.join('\n') + '\n', 'laughs.yaml')).toThrow(/after expanding aliases/);
  });
});

describe('generator hash', () => {
  it('re-letters the first ten hex digits', () => {
    expect(encodeHash('0123aef456789')).toBe('gh2kmtf456');
  });
  it('hashes kind and data with an empty name (podinfo redis-config golden)', () => {
    const data = { 'redis.conf': 'maxmemory 64mb\nmaxmemory-policy allkeys-lru\nsave ""\nappendonly no\n' };
    expect(contentHash({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'redis-config' }, data })).toBe('bd2fcfgt6k');
  });
});

describe('patches', () => {
  it('merges containers by name, env by name, and honours $patch: delete', () => {
    const dest = parseYamlStream('spec:\n  containers:\n  - name: a\n    env:\n    - {name: X, value: "1"}\n  - name: b\n', 'd.yaml')[0]!.value as JsonObject;
    const patch = parseYamlStream('spec:\n  containers:\n  - name: a\n    env:\n    - {name: X, value: "2"}\n  - name: b\n    $patch: delete\n', 'p.yaml')[0]!.value as JsonObject;
    strategicMerge(dest, patch, 'apps');
    expect(dest).toEqual({ spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '2' }] }] } });
    const env = ((dest.spec as JsonObject).containers as JsonObject[])[0]!.env as JsonObject[];
    expect(locOf(env[0]!, 'value')).toMatchObject({ file: 'p.yaml', line: 5, replaced: { file: 'd.yaml', line: 5 } });
  });
  it('applies JSON 6902 operations, creating parents on add', () => {
    const doc: JsonObject = { metadata: { name: 'x' } };
    applyJson6902(doc, [
      { op: 'add', path: '/metadata/annotations/a~1b', value: 'v' },
      { op: 'replace', path: '/metadata/name', value: 'y' },
    ]);
    expect(doc).toEqual({ metadata: { name: 'y', annotations: { 'a/b': 'v' } } });
  });
  it('splits images with registry ports and digests', () => {
    expect(splitImage('localhost:5000/app:1.2@sha256:abc')).toEqual({ name: 'localhost:5000/app', tag: '1.2', digest: 'sha256:abc' });
  });
});

describe('buildKustomization', () => {
  it('builds an overlay over a base, prefixes names and fixes references', () => {
    const root = tree({
      'base/kustomization.yaml': 'resources: [deploy.yaml]\nconfigMapGenerator:\n- name: cfg\n  literals: [A=1]\n',
      'base/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.0\n        envFrom: [{configMapRef: {name: cfg}}]\n',
      'prod/kustomization.yaml': 'resources: [../base]\nnamePrefix: prod-\nnamespace: prod\nimages:\n- name: nginx\n  digest: sha256:0123\nreplicas:\n- name: web\n  count: 5\n',
    });
    const r = buildKustomization(join(root, 'prod'));
    const out = emitResources(r.resources);
    expect(out).toContain('name: prod-cfg-');
    expect(out).toMatch(/configMapRef:\n\s+name: prod-cfg-[a-z0-9]{10}/);
    expect(out).toContain('image: nginx@sha256:0123');
    expect(out).toContain('replicas: 5');
    expect(out).toContain('namespace: prod');
  });
  it('refuses files outside the kustomization folder, as kubectl does', () => {
    const root = tree({ 'k/kustomization.yaml': 'resources: [../outside.yaml]\n', 'outside.yaml': 'kind: ConfigMap\nmetadata: {name: x}\n' });
    expect(() => buildKustomization(join(root, 'k'))).toThrow(/is not in or below/);
    expect(() => buildKustomization(join(root, 'k'))).toThrow(KustomizeError);
  });
  it('never reads a base outside the linted folder (the boundary), even one kubectl would accept', () => {
    const root = tree({
      'repo/app/kustomization.yaml': 'resources: [../../shared]\n',
      'shared/kustomization.yaml': 'resources: [cm.yaml]\n',
      'shared/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    });
    expect(buildKustomization(join(root, 'repo/app')).resources).toHaveLength(1);
    expect(() => buildKustomization(join(root, 'repo/app'), { boundary: join(root, 'repo') })).toThrow(/outside the linted folder/);
  });
  it('reports remote bases and helm charts as left out and builds the rest', () => {
    const root = tree({
      'kustomization.yaml': 'resources:\n- github.com/org/repo//base?ref=v1\n- cm.yaml\nhelmCharts:\n- name: redis\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    });
    const r = buildKustomization(root);
    expect(r.leftOut.map((l) => l.what)).toEqual(['helm-charts', 'remote-resource']);
    expect(r.resources).toHaveLength(1);
  });
  it('still builds an overlay whose patches and merges target a left-out remote base', () => {
    const root = tree({
      'kustomization.yaml':
        'resources:\n- github.com/org/repo//base?ref=v1\n- cm.yaml\npatches:\n- path: patch.yaml\n- path: https://example.com/patch.yaml\nconfigMapGenerator:\n- name: remote-config\n  behavior: merge\n  literals: [A=1]\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
      'patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: from-remote}\nspec: {replicas: 2}\n',
    });
    const r = buildKustomization(root);
    expect(r.leftOut.map((l) => l.ref)).toEqual(['github.com/org/repo//base?ref=v1', 'https://example.com/patch.yaml']);
    expect(r.resources.map((x) => x.obj.metadata)).toEqual([expect.objectContaining({ name: expect.stringMatching(/^remote-config-/) }), { name: 'x' }]);
  });
});
