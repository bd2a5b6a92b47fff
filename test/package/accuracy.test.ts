// What the package and its documents promise matches what it does: `npm pack` from a fresh clone
// ships a freshly built bin, the README's CLI table names every flag, its workflow uses only the
// Action's real inputs and outputs, and action.yml says when annotations are on changed lines.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../helpers/fixtures.js';
import { OPTIONS } from '../../src/cli/args.js';
import { FORMATTERS } from '../../src/formatters/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const ACTION = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string }>;
  outputs: Record<string, unknown>;
};

describe('npm pack', () => {
  it('builds dist/ in prepack, so a clone with a stale or missing bin ships a fresh one', () => {
    // A clone: the tracked files only (dist/cli.js is not tracked), dependencies linked.
    const clone = mkdtempSync(join(tmpdir(), 'rl-clone-'));
    dirs.push(clone);
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of tracked) {
      mkdirSync(join(clone, dirname(file)), { recursive: true });
      try {
        copyFileSync(join(REPO, file), join(clone, file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted in the working tree
      }
    }
    symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'));
    writeFileSync(join(clone, 'dist', 'cli.js'), '#!/usr/bin/env node\nconsole.log("stale");\n');
    const offline = {
      ...process.env,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      npm_config_cache: join(clone, '.npm'),
    };
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: clone, env: offline, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    expect((packed[0].files as { path: string }[]).map((f) => f.path)).toContain('dist/cli.js');
    const version = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')).version;
    const help = spawnSync(process.execPath, [join(clone, 'dist', 'cli.js'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: readiness-lint');
    expect(spawnSync(process.execPath, [join(clone, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' }).stdout).toBe(`${version}\n`);
  }, 120_000);
});

describe('README', () => {
  it('the CLI table names every flag and format, and -f is the format', () => {
    const table = README.slice(README.indexOf('| option | meaning |'), README.indexOf('### Exit codes'));
    for (const o of OPTIONS) expect(table, o.name).toContain(`--${o.name}`);
    for (const format of Object.keys(FORMATTERS)) expect(table, format).toContain(`\`${format}\``);
    expect(table).toContain('| `-f, --format <name>` |');
    expect(table).toContain('| `--values <file>` |');
    expect(table).toContain('completion bash');
  });

  it("the workflow uses only the Action's inputs and outputs, and lists all of them", () => {
    const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes('readiness-lint/readiness-lint@'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const workflow = parse(block) as { jobs: Record<string, { steps: { id?: string; uses?: string; with?: Record<string, unknown> }[] }> };
      for (const job of Object.values(workflow.jobs)) {
        const ours = job.steps.filter((s) => s.uses?.startsWith('readiness-lint/readiness-lint@'));
        for (const step of ours) for (const input of Object.keys(step.with ?? {})) expect(Object.keys(ACTION.inputs), input).toContain(input);
        const ids = new Set(ours.map((s) => s.id).filter(Boolean));
        for (const [, id, output] of block.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          expect(ids, `steps.${id}`).toContain(id);
          expect(Object.keys(ACTION.outputs), output).toContain(output);
        }
      }
    }
    const inputsSentence = README.slice(README.indexOf('Inputs: `'), README.indexOf('(see [`action.yml`](action.yml))'));
    const outputsSentence = README.slice(
      README.indexOf('Outputs:\n`') >= 0 ? README.indexOf('Outputs:\n`') : README.indexOf('Outputs: `'),
      README.indexOf('With `changed-files-only`, the comment'),
    );
    const listed = (sentence: string) => [...sentence.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).sort();
    expect(listed(inputsSentence)).toEqual(Object.keys(ACTION.inputs).sort());
    expect(listed(outputsSentence)).toEqual(Object.keys(ACTION.outputs).sort());
  });
});

describe('action.yml', () => {
  it('says annotations are on changed lines only when the base commit is there', () => {
    const annotations = ACTION.inputs.annotations!.description;
    expect(annotations).toContain('lines it adds or changes');
    expect(annotations).toMatch(/needs the base commit: check out with fetch-depth 2 or more; without it every\s+finding is annotated/);
  });
});
