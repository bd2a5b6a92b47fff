// Libraries the linter requires on first use (ajv, dockerfile-ast, toml-eslint-parser, re2js,
// picomatch: scripts/build.mjs) resolve from the linter's own files, never from the scanned tree
// or the folder it runs in: a repository shipping a `node_modules/<name>` or a `vendor-<name>.cjs`
// of its own cannot get code run by being linted.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { tree } from './helpers.js';

const CLI = join(REPO, 'dist', 'cli.js');
const LAZY = ['ajv', 'dockerfile-ast', 'toml-eslint-parser', 're2js', 'picomatch'];
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A module that leaves a file named PWNED-<name> at the tree's root when it is loaded. */
const planted = (name: string, depth: number) =>
  `require('fs').writeFileSync(require('path').join(__dirname, ${JSON.stringify('../'.repeat(depth))}, 'PWNED-${name}'), 'ran');\nmodule.exports = {};\n`;

describe('libraries loaded on first use', () => {
  it('come from the linter, not from node_modules or vendor files in the scanned tree', () => {
    const files: Record<string, string> = {
      // every lazily loaded library is needed: a Dockerfile with CRLF line ends (left to dockerfile-ast), fly.toml,
      // .gitignore patterns, a config with ignore globs
      Dockerfile: 'FROM node:20.11.1\r\nUSER node\r\nCOPY secrets/ /app/\r\nCMD ["node", "server.js"]\r\n',
      'fly.toml': 'app = "web"\nprimary_region = "ams"\n[http_service]\ninternal_port = 8080\nforce_https = true\n',
      '.gitignore': '*.log\nbuild/\n',
      '.readiness-lint.yaml': 'ignore:\n  - "tmp/**"\n',
      '.dockerignore': '.env\n',
    };
    for (const name of LAZY) {
      files[`node_modules/${name}/package.json`] = JSON.stringify({ name, version: '99.0.0', main: 'index.js' });
      files[`node_modules/${name}/index.js`] = planted(name, 2);
      files[`vendor-${name}.cjs`] = planted(name, 0);
      files[`dist/lib/vendor-${name}.cjs`] = planted(name, 2);
    }
    const dir = tree(files);
    dirs.push(dir);
    const run = spawnSync(process.execPath, [CLI, '.', '--format', 'json', '--fail-on', 'none'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(dir, 'node_modules') },
    });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { file: string }[] };
    // the Dockerfile and fly.toml were read (so their parsers were loaded) …
    expect(report.findings.some((f) => f.file === 'Dockerfile' || f.file === 'fly.toml')).toBe(true);
    // … and nothing planted in the tree ran
    expect(readdirSync(dir).filter((f) => f.startsWith('PWNED-'))).toEqual([]);
  });
});
