// Injection into terminal and CI logs: code frames and file names come from the scanned tree. Text
// output (and -q) must print no terminal control sequence (ESC/CSI, OSC 8 hyperlinks, BEL,
// backspace, CR) and no line that GitHub's runner reads as a workflow command (`::warning ...`,
// also after leading blanks, or a legacy `##[...]`). The github format escapes as @actions/core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatText } from '../../src/formatters/text.js';
import { annotation, formatGithub } from '../../src/formatters/github.js';
import { REPO } from '../helpers/fixtures.js';

const ESC = '\u001b';
const OSC8 = `${ESC}]8;;https://evil.example/${ESC}\\click me${ESC}]8;;${ESC}\\`;
const CONTROLS = `${ESC}[2J${ESC}[1A\u0007\u0008\rfake-line \u009b31m`;
const COMMAND_NAME = '::warning file=README.md::pwned';
const MANIFEST = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  `  # ${OSC8} ##[error]legacy`,
  'spec:',
  '  containers:',
  '    - name: web',
  `      # ::error::from a comment ${CONTROLS}`,
  `      image: nginx:latest # ${CONTROLS} ${OSC8}`,
  '',
].join('\n');

const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function assertInert(output: string) {
  expect(output).not.toMatch(FORBIDDEN);
  for (const line of output.split('\n')) {
    expect(line, line).not.toMatch(/^\s*::/);
    expect(line, line).not.toContain('##[');
  }
}

describe('text output with hostile file content and names', () => {
  const files = [
    { path: `${COMMAND_NAME}.yaml`, text: MANIFEST },
    { path: `k8s/${ESC}[31mred${ESC}[0m\u0007.yaml`, text: MANIFEST },
    { path: ` ::notice::spaced.yaml`, text: MANIFEST },
  ];
  const { report } = lint({ files });
  const sources = new Map(files.map((f) => [f.path, f.text]));

  it('has findings on the hostile lines (so the frames really show them)', () => {
    expect(report.findings.filter((f) => f.range.start.line === 10).length).toBeGreaterThanOrEqual(3);
  });

  for (const quiet of [false, true]) {
    it(`prints no control character and no workflow-command line${quiet ? ' (-q)' : ''}`, () => {
      const out = formatText(report, { cwd: '/', color: false, quiet, sources });
      assertInert(out);
      // still there, visibly, in the code frames (-q prints none)
      if (!quiet) expect(out).toContain('\\u001B[2J');
      expect(out).toContain('./::warning file=README.md::pwned.yaml:10:');
    });
  }

  it('keeps the underline under the finding when controls before it are shown escaped', () => {
    const f = { ...report.findings.find((x) => x.range.start.line === 10 && x.file === files[1]!.path)! };
    const line = `${ESC}[1m${ESC}[0mimage: nginx:latest`;
    const col = line.indexOf('nginx') + 1;
    const one = { ...f, range: { start: { line: 1, column: col }, end: { line: 1, column: col + 'nginx:latest'.length } }, file: 'x.yaml' };
    const out = formatText({ ...report, findings: [one] }, { cwd: '/', color: false, sources: new Map([['x.yaml', line]]) });
    const lines = out.split('\n');
    const i = lines.findIndex((l) => l.includes('| \\u001B[1m'));
    const code = lines[i]!;
    const marks = lines[i + 1]!;
    expect(code.slice(marks.indexOf('^'), marks.lastIndexOf('^') + 1)).toBe('nginx:latest');
  });
});

describe('github annotations', () => {
  it('escape data and properties as @actions/core does, controls shown visibly', () => {
    const f = {
      ruleId: 'r',
      severity: 'error' as const,
      category: 'validity' as const,
      messageId: 'm',
      message: `a%b\r\nc ${ESC}[2J`,
      file: 'a:b,c%\r\n.yaml',
      range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
      environment: 'production' as const,
      target: 't',
      fingerprint: '0'.repeat(32),
    };
    expect(annotation(f)).toBe('::error file=a%3Ab%2Cc%25%0D%0A.yaml,line=1,col=1,endLine=1,endColumn=2,title=readiness-lint r::a%25b\\u000D%0Ac \\u001B[2J');
    expect(
      formatGithub({ ...lint({ files: [] }).report, findings: [f] })
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(1);
  });
});

describe('the CLI on a tree with hostile names', () => {
  const CLI = join(REPO, 'dist', 'cli.js');
  let dir = '';
  beforeAll(() => {
    if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'rl-inject-'));
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, `${COMMAND_NAME}.yaml`), MANIFEST);
    writeFileSync(join(dir, 'k8s', `evil\n::error::newline${ESC}[2J.yaml`), MANIFEST);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const args of [[], ['-q']]) {
    it(`text output${args.length ? ' with -q' : ''} stays inert`, () => {
      const r = spawnSync(process.execPath, [CLI, '.', '--fail-on', 'none', ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('nginx:latest');
      assertInert(r.stdout);
      assertInert(r.stderr);
    });
  }
});
