// SARIF URIs are what GitHub code scanning places alerts by: relative to the repository root under
// `%SRCROOT%`, whatever folder the CLI ran in, and never `../` (GitHub cannot place it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const CLI = join(REPO, 'dist', 'cli.js');
const BAD_DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(withGit: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-sarif-'));
  dirs.push(dir);
  if (withGit) execFileSync('git', ['init', '-q'], { cwd: dir });
  mkdirSync(join(dir, 'tools'));
  mkdirSync(join(dir, 'deploy', 'api dir'), { recursive: true });
  writeFileSync(join(dir, 'deploy', 'api dir', 'Dockerfile'), BAD_DOCKERFILE);
  return dir;
}

function locations(cwd: string, path: string) {
  const r = spawnSync(process.execPath, [CLI, path, '--format', 'sarif', '--fail-on', 'none', '--no-config'], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  expect(r.status, r.stderr).toBe(0);
  const log = JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
  expect(log.runs[0]!.results.length).toBeGreaterThan(0);
  return log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation);
}

describe('SARIF artifact locations', () => {
  it('are relative to the repository root when run from a subfolder on a sibling folder', () => {
    const dir = tree(true);
    for (const loc of locations(join(dir, 'tools'), '../deploy')) {
      expect(loc).toEqual({ uri: 'deploy/api%20dir/Dockerfile', uriBaseId: '%SRCROOT%' });
    }
  });

  it('are relative to cwd without a repository, and a file outside it is an absolute file URI, never ../', () => {
    const dir = tree(false);
    for (const loc of locations(join(dir, 'deploy'), '.')) expect(loc).toEqual({ uri: 'api%20dir/Dockerfile', uriBaseId: '%SRCROOT%' });
    for (const loc of locations(join(dir, 'tools'), '../deploy')) {
      expect(loc.uri).not.toContain('../');
      expect(loc.uri).toBe(pathToFileURL(join(dir, 'deploy', 'api dir', 'Dockerfile')).href);
      expect(loc.uriBaseId).toBeUndefined();
    }
  });
});
