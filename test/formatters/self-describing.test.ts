// Formatters are pure functions of the Report (issue 16 item 2): what they say about a rule comes
// from report.rules and code frames from findings[].frame, never from the linter's registry or the
// scanned files. Each case edits the report and sees the edit in the output.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatHtml } from '../../src/formatters/html.js';
import { formatJunit } from '../../src/formatters/junit.js';
import { formatMarkdown } from '../../src/formatters/markdown.js';
import { toSarif } from '../../src/formatters/sarif.js';
import { formatText } from '../../src/formatters/text.js';
import { withCodeFrames } from '../../src/formatters/frame.js';
import type { Report } from '../../src/report/types.js';

const DOCKERFILE = 'FROM node:latest\nCMD ["node", "server.js"]\n';

function linted(): { report: Report; sources: Map<string, string> } {
  const { report } = lint({ files: [{ path: 'Dockerfile', text: DOCKERFILE }] });
  return { report, sources: new Map([['Dockerfile', DOCKERFILE]]) };
}

/** The report with one rule's description replaced as a saved report from elsewhere could have it. */
function redescribed(report: Report, id: string): Report {
  return {
    ...report,
    rules: report.rules.map((r) =>
      r.id === id
        ? { ...r, description: 'DESCRIBED BY THE REPORT', remediation: 'FIX AS THE REPORT SAYS', tags: ['from-report'], helpUri: 'https://docs.example/rules/pinned' }
        : r,
    ),
  };
}

describe('formatters render rule metadata from the report', () => {
  it('SARIF tool.driver.rules come from report.rules', () => {
    const { report } = linted();
    const rule = toSarif(redescribed(report, 'require-pinned-images')).runs[0]!.tool.driver.rules!.find((r) => r.id === 'require-pinned-images')!;
    expect(rule.fullDescription?.text).toBe('DESCRIBED BY THE REPORT');
    expect(rule.help?.text).toBe('FIX AS THE REPORT SAYS');
    expect(rule.helpUri).toBe('https://docs.example/rules/pinned');
    expect(rule.properties?.tags).toEqual([rule.properties?.tags?.[0], 'from-report']);
  });

  it('documentation links in markdown, HTML and JUnit are the report’s', () => {
    const { report } = linted();
    const edited = redescribed(report, 'require-pinned-images');
    expect(formatMarkdown(edited)).toContain('[require-pinned-images](https://docs.example/rules/pinned)');
    expect(formatHtml(edited)).toContain('<a href="https://docs.example/rules/pinned"><code>require-pinned-images</code></a>');
    expect(formatJunit(edited)).toContain('rule: https://docs.example/rules/pinned');
  });

  it('code frames come from the report when it carries them, with no file text given', () => {
    const { report, sources } = linted();
    const framed = withCodeFrames(report, { sources });
    const finding = framed.findings.find((f) => f.ruleId === 'require-pinned-images')!;
    expect(finding.frame).toEqual({ line: 1, lines: [{ number: 1, text: 'FROM node:latest', isFindingLine: true }], underline: expect.any(Object) });
    const saved: Report = JSON.parse(JSON.stringify(framed));
    for (const format of [formatHtml, formatJunit] as const) expect(format(saved)).toBe(format(report, { sources }));
    expect(formatText(saved, { cwd: '.', color: false })).toBe(formatText(report, { cwd: '.', color: false, sources }));
    expect(formatText(saved, { cwd: '.', color: false })).toContain('> 1 | FROM node:latest');
  });
});
