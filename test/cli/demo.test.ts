// Issue 11: the demo project's README and its verdict agree. The README calls the compose file the
// local development stack; readiness-lint must judge it as development (from its settings: the
// names say nothing) and keep its findings out of the production headline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { REPO } from '../helpers/fixtures.js';

async function demoReport() {
  let stdout = '';
  const code = await runCli(['--no-config', 'fixtures/demo', '--format', 'json'], { cwd: REPO, env: {}, isTTY: false, stdout: (t) => (stdout += t), stderr: () => {} });
  return { code, report: JSON.parse(stdout) };
}

describe('the demo project', () => {
  it('judges its compose file as development from content, as its README says', async () => {
    const { code, report } = await demoReport();
    expect(code).toBe(1); // it holds real-world mistakes
    const compose = report.files.find((f: { path: string }) => f.path === 'fixtures/demo/docker-compose.yml');
    expect(compose.environment).toBe('development');
    expect(compose.environmentEvidence).toEqual({
      environment: 'development',
      source: 'content',
      detail: 'setting command "npm run dev" (service api, a development server) at line 9',
    });
    const composeFindings = report.findings.filter((f: { file: string }) => f.file === 'fixtures/demo/docker-compose.yml');
    expect(composeFindings.length).toBeGreaterThan(0);
    expect(composeFindings.every((f: { environment: string }) => f.environment === 'development')).toBe(true);
    // The headline is production, and the compose findings are scored under development.
    expect(report.environment).toBe('production');
    expect(Object.keys(report.environments).sort()).toEqual(['development', 'production', 'staging']);
    const readme = readFileSync(join(REPO, 'fixtures', 'demo', 'README.md'), 'utf8');
    expect(readme).toContain('`docker-compose.yml` is the local development stack');
    expect(readme).toContain('The headline score is **production**');
  });

  it('judges its Render blueprint as staging from its settings, with the platform findings', async () => {
    const { report } = await demoReport();
    const render = report.files.find((f: { path: string }) => f.path === 'fixtures/demo/render.yaml');
    expect(render.kind).toBe('render');
    expect(render.environmentEvidence).toEqual({ environment: 'staging', source: 'content', detail: 'setting APP_ENV=staging at line 13' });
    const at = report.findings
      .filter((f: { file: string }) => f.file === 'fixtures/demo/render.yaml')
      .map(
        (f: { ruleId: string; range: { start: { line: number; column: number } }; environment: string }) =>
          `${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.environment}`,
      )
      .sort();
    expect(at).toEqual([
      '26:5 require-autoscaling staging',
      '26:5 require-replicas staging',
      '40:5 no-exposed-datastores staging',
      '41:11 require-backups staging',
      '4:5 require-probes staging',
      '8:11 require-replicas staging',
    ]);
    const readme = readFileSync(join(REPO, 'fixtures', 'demo', 'README.md'), 'utf8');
    expect(readme).toContain('`render.yaml` is the staging copy of the shop on Render');
  });
});
