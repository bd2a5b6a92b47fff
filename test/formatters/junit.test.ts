import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatJunit } from '../../src/formatters/junit.js';
import type { Finding, Report } from '../../src/report/types.js';
import { childrenNamed, parseXml, type XmlElement } from '../helpers/xml.js';

const files = [
  { path: 'Dockerfile', text: '# readiness-lint-disable-next-line require-pinned-images -- pinned by renovate\nFROM node:latest\nCMD ["node", "server.js"]\n' },
  { path: '.env.production', text: 'LOG_LEVEL=info\nJWT_SECRET=Zq8vN2rT5wXy7Kp4Lm9Bc3Hd6Fg1Js0A\n' },
  { path: '.env.example', text: 'LOG_LEVEL=info\n' },
  { path: '.gitignore', text: 'node_modules\n' },
];
const { report, files: linted } = lint({ files, skipped: [{ path: 'big.yaml', reason: 'larger than 5000000 bytes' }] });
const sources = new Map(linted.map((f) => [f.path, f.text]));

const attrNum = (e: XmlElement, name: string) => Number(e.attributes[name]);
const testcases = (suite: XmlElement) => childrenNamed(suite, 'testcase');

describe('junit', () => {
  const root = parseXml(formatJunit(report, { sources }));
  const suites = childrenNamed(root, 'testsuite');

  it('is well-formed XML with one testsuite per judged or skipped file, in path order', () => {
    expect(root.name).toBe('testsuites');
    expect(root.attributes.name).toBe('readiness-lint');
    // .gitignore is read but judged by no rule: no suite
    expect(suites.map((s) => s.attributes.name)).toEqual(['.env.example', '.env.production', 'Dockerfile', 'big.yaml']);
  });

  it('has a failing testcase per finding, classname the file, counts that add up', () => {
    const failures = suites.flatMap(testcases).filter((t) => childrenNamed(t, 'failure').length);
    expect(failures).toHaveLength(report.findings.length);
    expect(report.findings.length).toBeGreaterThan(2);
    for (const [i, f] of report.findings.entries()) {
      const t = failures[i]!;
      expect(t.attributes).toMatchObject({ name: `${f.ruleId}: ${f.message}`, classname: f.file, file: f.file, line: String(f.range.start.line), time: '0' });
      const failure = childrenNamed(t, 'failure')[0]!;
      expect(failure.attributes).toEqual({ message: f.message, type: f.severity });
      expect(failure.text.split('\n').slice(0, 2)).toEqual([`${f.file}:${f.range.start.line}:${f.range.start.column} ${f.severity} ${f.ruleId}`, f.message]);
      expect(failure.text).toContain(`rule: https://github.com/readiness-lint/readiness-lint/blob/v${report.tool.version}/rules/${f.ruleId}/README.md`);
    }
    for (const suite of [root, ...suites]) {
      const cases = suite === root ? suites.flatMap(testcases) : testcases(suite);
      expect(attrNum(suite, 'tests')).toBe(cases.length);
      expect(attrNum(suite, 'failures')).toBe(cases.filter((t) => childrenNamed(t, 'failure').length).length);
      expect(attrNum(suite, 'skipped')).toBe(cases.filter((t) => childrenNamed(t, 'skipped').length).length);
      expect(suite.attributes.errors).toBe('0');
    }
  });

  it('shows the code frame, secrets masked', () => {
    const env = suites.find((s) => s.attributes.name === '.env.production')!;
    const failure = childrenNamed(
      testcases(env).find((t) => t.attributes.name!.startsWith('no-secrets-in-env-files'))!,
      'failure',
    )[0]!;
    expect(failure.text).toContain('\n    1 | LOG_LEVEL=info\n  > 2 | JWT_SECRET=Zq***\n      |            ^^^^^');
    expect(failure.text).not.toContain('8vN2rT5w');
  });

  it('marks waived findings as skipped, skipped files as file-not-judged failures, clean judged files as passed', () => {
    const docker = testcases(suites.find((s) => s.attributes.name === 'Dockerfile')!);
    const waived = docker.find((t) => t.attributes.name!.startsWith('require-pinned-images: '))!;
    expect(childrenNamed(waived, 'skipped')[0]!.attributes.message).toBe('waived (inline): pinned by renovate');
    const big = testcases(suites.find((s) => s.attributes.name === 'big.yaml')!);
    // A skipped file that would have been judged fails closed (file-not-judged): a failure, not a skip.
    expect(big.map((t) => [t.attributes.name, childrenNamed(t, 'failure').length])).toEqual([
      ['file-not-judged: Not judged: larger than 5000000 bytes; a deployment artifact that no rule has read cannot pass the gate', 1],
    ]);
    const example = testcases(suites.find((s) => s.attributes.name === '.env.example')!);
    expect(example.map((t) => [t.attributes.name, t.children.length])).toEqual([['no findings', 0]]);
  });

  it('escapes markup and characters XML 1.0 forbids, keeping newlines in attributes', () => {
    const nasty = 'a <b> & "c" \'d\' ]]> \u0000\u0008\u001b[31m \ud800 \uffff\nnext\ttab 😀';
    const finding: Finding = {
      ruleId: 'require-probes',
      severity: 'error',
      category: 'reliability',
      messageId: 'missing',
      message: nasty,
      file: 'k8s/<x>&"\u0001.yaml',
      range: { start: { line: 3, column: 1 }, end: { line: 3, column: 5 } },
      environment: 'production',
      target: '</testcase>',
      fingerprint: '0'.repeat(32),
    };
    const hostile: Report = { ...report, files: [], findings: [finding, { ...finding, range: { start: { line: 9, column: 1 }, end: { line: 9, column: 2 } } }], waived: [] };
    const xml = formatJunit(hostile);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    const parsed = parseXml(xml); // saxes throws on any well-formedness error
    const [suite] = childrenNamed(parsed, 'testsuite');
    const visible = 'a <b> & "c" \'d\' ]]> \\u0000\\u0008\\u001B[31m \\uD800 \\uFFFF\nnext\ttab 😀';
    expect(suite!.attributes.name).toBe('k8s/<x>&"\\u0001.yaml');
    const cases = testcases(suite!);
    // the same rule and message twice in one file: names stay unique
    expect(cases.map((t) => t.attributes.name)).toEqual([`require-probes: ${visible}`, `require-probes: ${visible} (2)`]);
    expect(childrenNamed(cases[0]!, 'failure')[0]!.attributes.message).toBe(visible);
    expect(childrenNamed(cases[0]!, 'failure')[0]!.text).toContain('target: </testcase>');
  });

  it('passes when clean: no failures, and byte-identical output for the same report', () => {
    const clean = lint({ files: [{ path: '.env.example', text: 'LOG_LEVEL=info\n' }] }).report;
    const xml = formatJunit(clean);
    expect(xml).toBe(formatJunit(clean));
    const cleanRoot = parseXml(xml);
    expect(cleanRoot.attributes).toMatchObject({ tests: '1', failures: '0', skipped: '0' });
    expect(formatJunit(lint({ files: [] }).report)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="readiness-lint" tests="0" failures="0" errors="0" skipped="0" time="0">\n</testsuites>\n',
    );
  });
});
