// Binary files and invalid UTF-8 are skipped with a reason (never parsed as text); a byte-order
// mark is dropped and does not shift columns.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discovery/index.js';
import { lint } from '../../src/engine/lint.js';
import { DEPLOYMENT, tree } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function findingsAt(files: { path: string; text: string }[]) {
  return lint({ files }).report.findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
}

describe('binary files', () => {
  it('are skipped with a reason, whatever their name', async () => {
    const binary = new Uint8Array([0x61, 0x70, 0x69, 0x3a, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x0a]);
    const dir = tree({ 'k8s/deploy.yaml': binary, Dockerfile: binary, '.env': binary, 'k8s/ok.yaml': DEPLOYMENT });
    dirs.push(dir);
    const d = await discover(['.'], { cwd: dir });
    expect(d.files.map((f) => f.path)).toEqual(['k8s/ok.yaml']);
    expect(d.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['.env', expect.stringMatching(/binary/)],
      ['Dockerfile', expect.stringMatching(/binary/)],
      ['k8s/deploy.yaml', expect.stringMatching(/binary/)],
    ]);
    const { report } = lint({ files: d.files, skipped: d.skipped });
    expect(report.notices.filter((n) => /binary/.test(n))).toHaveLength(3);
  });
});

describe('invalid UTF-8', () => {
  it('is skipped with a reason (no replacement characters reach the rules)', async () => {
    const bad = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"\n')]);
    const dir = tree({ 'k8s/latin1.yaml': bad, '.env': Buffer.from([0x41, 0x3d, 0xe9, 0x0a]) });
    dirs.push(dir);
    const d = await discover(['.'], { cwd: dir });
    expect(d.files).toEqual([]);
    expect(d.skipped).toEqual([
      { path: '.env', reason: expect.stringMatching(/UTF-8/) },
      { path: 'k8s/latin1.yaml', reason: expect.stringMatching(/UTF-8/) },
    ]);
  });
});

describe('byte-order mark', () => {
  it('is dropped on read and does not shift positions (YAML, Dockerfile, env)', async () => {
    const files = { 'k8s/deploy.yaml': DEPLOYMENT, Dockerfile: 'FROM node:latest\nUSER root\n', '.env.production': 'DEBUG=true\n' };
    const withBom = Object.fromEntries(Object.entries(files).map(([p, t]) => [p, `\uFEFF${t}`]));
    const dir = tree(withBom);
    dirs.push(dir);
    const d = await discover(['.'], { cwd: dir });
    expect(d.files.map((f) => f.text.charCodeAt(0) === 0xfeff)).toEqual([false, false, false]);
    const plain = findingsAt(Object.entries(files).map(([path, text]) => ({ path, text })));
    expect(plain.length).toBeGreaterThan(2);
    // Read from disk (BOM dropped by discovery) and passed with the BOM to the pure core.
    expect(findingsAt(d.files)).toEqual(plain);
    expect(findingsAt(Object.entries(withBom).map(([path, text]) => ({ path, text })))).toEqual(plain);
  });
});
