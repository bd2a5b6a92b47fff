// Hostile kustomizations and platform files: a tree that includes itself, a resource that points
// out of the tree, and a platform file built to blow up the parser. Each ends as a finding; the
// rest of the run goes on and nothing outside the linted folder is read.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/index.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { DEPLOYMENT, tree } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function hostile(files: Record<string, string>): string {
  const dir = tree(files);
  dirs.push(dir);
  return dir;
}

describe('hostile kustomizations', () => {
  it('a cycle of kustomizations is one build error, and the files are still judged', async () => {
    const root = hostile({
      'a/kustomization.yaml': 'resources:\n- ../b\n- deploy.yaml\n',
      'a/deploy.yaml': DEPLOYMENT,
      'b/kustomization.yaml': 'resources:\n- ../a\n',
    });
    const { report } = await runPipeline({ root, paths: ['.'], config: EMPTY_CONFIG });
    const errors = report.findings.filter((f) => f.ruleId === 'kustomize-build-error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((f) => /cycle/.test(f.message))).toBe(true);
    // The Deployment is judged one file at a time instead.
    expect(report.findings.some((f) => f.file === 'a/deploy.yaml' && f.ruleId === 'no-privileged-containers')).toBe(true);
  });

  it('a resource that climbs out of the linted folder is refused and never read', async () => {
    const outside = hostile({ 'secret.yaml': DEPLOYMENT.replace('name: web', 'name: outside-secret') });
    const root = hostile({ 'app/kustomization.yaml': `resources:\n- ${join(outside, 'secret.yaml')}\n- ../../../../../../../../etc/hostname\n` });
    const { report } = await runPipeline({ root, paths: ['app'], config: EMPTY_CONFIG });
    expect(report.findings.some((f) => f.ruleId === 'kustomize-build-error')).toBe(true);
    expect(JSON.stringify(report)).not.toContain('outside-secret');
  });
});

describe('hostile platform files', () => {
  it('an alias bomb in render.yaml is an invalid-yaml finding, not an exhausted heap', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      );
    bomb.push('services: *m');
    const root = hostile({ 'render.yaml': bomb.join('\n') + '\n', 'k8s/deploy.yaml': DEPLOYMENT });
    const { report } = await runPipeline({ root, paths: ['.'], config: EMPTY_CONFIG });
    expect(report.findings.some((f) => f.file === 'render.yaml' && f.ruleId === 'invalid-yaml')).toBe(true);
    // The rest of the run goes on.
    expect(report.findings.some((f) => f.file === 'k8s/deploy.yaml')).toBe(true);
  });

  it('a fly.toml that is not TOML is an invalid-toml finding where the parser stops', async () => {
    const root = hostile({ 'fly.toml': 'app = "web"\nprimary_region = \n[http_service]\ninternal_port = 8080\n' });
    writeFileSync(join(root, 'k8s.yaml'), DEPLOYMENT);
    const { report } = await runPipeline({ root, paths: ['.'], config: EMPTY_CONFIG });
    const invalid = report.findings.find((f) => f.file === 'fly.toml' && f.ruleId === 'invalid-toml');
    // The missing value of line 2 is seen at the next token, where the TOML parser reports it.
    expect(invalid?.range.start).toEqual({ line: 3, column: 1 });
  });
});
