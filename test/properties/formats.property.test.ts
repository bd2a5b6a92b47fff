// Property-based tests of the markup formats: whatever text a report carries (file names,
// messages, targets, waiver reasons, notices: any UTF-16 code unit, lone surrogates and controls
// included), JUnit stays well-formed XML 1.0, HTML never turns it into markup, and the GitLab
// report round-trips it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatGitlab } from '../../src/formatters/gitlab.js';
import { formatHtml } from '../../src/formatters/html.js';
import { formatJunit } from '../../src/formatters/junit.js';
import type { Finding, Report } from '../../src/report/types.js';
import { parseXml } from '../helpers/xml.js';

const base = lint({
  files: [
    { path: 'Dockerfile', text: '# readiness-lint-disable-next-line no-root-containers -- ok\nFROM node:latest\nCMD ["node"]\n' },
    { path: '.env.production', text: 'JWT_SECRET=Zq8vN2rT5wXy7Kp4Lm9Bc3Hd6Fg1Js0A\n' },
  ],
}).report;

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const markupish = fc.constantFrom(
  '<',
  '>',
  '&',
  '"',
  "'",
  '<script>',
  '</testcase>',
  ']]>',
  '<!--',
  '&amp;',
  '\u0000',
  '\u001b',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\n',
  '\r',
  '\t',
  '😀',
);
const text = fc.string({ unit: fc.oneof(anyCodeUnit, markupish), maxLength: 30 });

function withText(f: Finding, s: string[]): Finding {
  return {
    ...f,
    message: s[0]!,
    file: `${s[1]}.yaml`,
    target: s[2]!,
    related: [{ file: s[3]!, range: f.range, message: s[4]! }],
    ...(f.suppression ? { suppression: { ...f.suppression, reason: s[5]! } } : {}),
  };
}

const hostileReport = fc.tuple(fc.array(text, { minLength: 6, maxLength: 6 }), text, text).map(([s, notice, skipped]): Report => ({
  ...base,
  findings: base.findings.map((f) => withText(f, s)),
  waived: base.waived.map((f) => withText(f, s)),
  files: [...base.files, { path: s[1]!, kind: 'unknown', environment: 'unknown', documents: 0, skipped }],
  notices: [notice],
}));

describe('markup formats under hostile text', () => {
  it('junit is well-formed XML 1.0 and html holds no markup from the report', () => {
    expect(base.findings.length).toBeGreaterThan(1);
    expect(base.waived.length).toBe(1);
    fc.assert(
      fc.property(hostileReport, (report) => {
        const root = parseXml(formatJunit(report));
        expect(Number(root.attributes.failures)).toBe(report.findings.length);

        const html = formatHtml(report);
        expect(html.toLowerCase()).not.toContain('<script');
        expect(html).not.toContain('</testcase>');
        expect(html).not.toContain('<!--');
        // every `<` starts one of our own tags
        for (const m of html.matchAll(/<(\/?[^\s>/]*)/g))
          expect(m[1]).toMatch(
            /^\/?(!doctype|html|head|meta|title|style|body|header|h[1-3]|p|main|section|table|thead|tbody|tr|th|td|span|code|a|article|ul|li|pre|mark|strong|footer|nav|div|fieldset|legend|label|input|details|summary)$/,
          );

        const issues = JSON.parse(formatGitlab(report)) as { description: string }[];
        expect(issues.map((i) => i.description)).toEqual(report.findings.map((f) => f.message));
      }),
      { numRuns: 100 },
    );
  });
});
