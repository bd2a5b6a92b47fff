// The npm package as users get it: `npm pack`, install the tarball into an empty folder with no
// network (the registry points at a closed local port), run `npx readiness-lint`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'rl-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const offline = {
  PATH: process.env.PATH,
  HOME: work,
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_cache: join(work, 'cache'),
};

describe('npm package', () => {
  it('packs only what users need, installs offline and runs', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, env: { ...process.env, ...offline }, stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
    );
    const files = (packed[0].files as { path: string }[]).map((f) => f.path).sort();
    expect(files).toContain('dist/cli.js');
    // the launcher is CommonJS in a package whose type is module (scripts/build.mjs says why)
    expect(files).toContain('dist/package.json');
    expect(files).toContain('schemas/report.schema.json');
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/lib/linter.cjs');
    // dependencies only some runs need, required on first use (scripts/build.mjs, LAZY_PACKAGES)
    expect(files).toContain('dist/lib/vendor-ajv.cjs');
    // schemas/platforms/: published platform schemas, with their source and licence noted beside them.
    expect(files).toContain('schemas/platforms/fly.schema.json');
    for (const f of files)
      expect(f).toMatch(
        /^(dist\/cli\.js|dist\/package\.json|dist\/lib\/linter\.cjs(\.map)?|dist\/lib\/vendor-[\w-]+\.cjs|schemas\/[\w.-]+\.json|schemas\/platforms\/(?:[\w.-]+\.json|README\.md)|README\.md|LICENSE|NOTICE|package\.json)$/,
      );
    const tarball = join(
      work,
      readdirSync(work).find((f) => f.endsWith('.tgz'))!,
    );

    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    // The CLI has no runtime dependencies (its code is bundled), so no dependency's `engines`
    // (content-type, Octokit's, asks for Node 22) can warn someone installing it on Node 20.
    const install = spawnSync('npm', ['install', '--no-save', '--loglevel', 'warn', tarball], { cwd: app, env: offline, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout + install.stderr).not.toMatch(/EBADENGINE|Unsupported engine/);
    expect(JSON.parse(readFileSync(join(app, 'node_modules', 'readiness-lint', 'package.json'), 'utf8')).dependencies).toBeUndefined();

    const version = spawnSync('npx', ['--offline', 'readiness-lint', '--version'], { cwd: app, env: offline, encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(packed[0].version);

    const demo = spawnSync('npx', ['--offline', 'readiness-lint', join(REPO, 'fixtures', 'demo'), '--format', 'json'], {
      cwd: app,
      env: offline,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(demo.status).toBe(1); // the demo holds real-world mistakes
    const report = JSON.parse(demo.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.score.score).toBeGreaterThan(0);

    // The installed launcher compiles dist/lib/linter.cjs with a code cache in the user's cache
    // folder: written by the first run, used by the next (src/cli/code-cache.ts).
    const cli = join(app, 'node_modules', 'readiness-lint', 'dist', 'cli.js');
    const manifest = join(work, 'manifest');
    execFileSync('mkdir', ['-p', manifest]);
    writeFileSync(join(manifest, 'deploy.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n');
    const cached = (): string => {
      const run = spawnSync(process.execPath, [cli, manifest, '--fail-on', 'none', '-q'], {
        cwd: app,
        env: { ...offline, READINESS_LINT_CACHE_TRACE: '1', XDG_CACHE_HOME: join(work, 'xdg') },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      return run.stderr;
    };
    expect(cached()).toContain('code cache missing');
    expect(cached()).toContain('code cache used');
  });
});
