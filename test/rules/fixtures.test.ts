// Every rule against its own fixtures: the exact set of (file, line, column, rule) findings that the
// fixture comments announce; pass cases have no finding and (for checked rules) a pass outcome.
// Every problem a rule reports is held to its rule.yaml's message contract (a declared messageId,
// data for each placeholder), as ESLint's RuleTester does.
import { describe, expect, it } from 'vitest';
import { lint, ruleById } from '../../src/engine/lint.js';
import { fixtureCases, ruleIds } from '../helpers/fixtures.js';
import { watchRule } from '../helpers/rule-tester.js';

for (const rule of ruleIds()) {
  const cases = fixtureCases(rule);
  describe(`rule ${rule}`, () => {
    it('has pass and fail fixtures', () => {
      expect(cases.some((c) => c.expectation === 'pass')).toBe(true);
      expect(cases.some((c) => c.expectation === 'fail')).toBe(true);
    });
    for (const c of cases) {
      it(`${c.expectation}/${c.name}`, () => {
        const watched = watchRule(ruleById(rule)!);
        const { report } = lint({ files: c.files, skipped: c.skipped, onlyRules: [rule], rules: watched.rules });
        expect(watched.violations, 'problems that break the message contract of rule.yaml').toEqual([]);
        expect(report.notices.filter((n) => n.startsWith('internal error'))).toEqual([]);
        // A line judged in several environments (a compose base in its development and production
        // models, a template in each rendering) is one expectation; a finding twice in one
        // environment is a bug, caught by the fingerprints.
        const at = (f: (typeof report.findings)[number]) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}`;
        const headline = report.findings.filter((f) => f.environment === report.environment);
        const elsewhere = report.findings.filter((f) => f.environment !== report.environment && !headline.some((h) => at(h) === at(f)));
        const actual = [...headline.map(at), ...new Set(elsewhere.map(at))].sort();
        expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(report.findings.length);
        expect(actual).toEqual(c.expected);
        if (c.expectation === 'pass') {
          expect(actual).toEqual([]);
          if (!ruleById(rule)?.meta.builtin) {
            const line = report.checklist.find((l) => l.ruleId === rule);
            expect(line?.passed ?? 0).toBeGreaterThan(0);
          }
        } else {
          expect(c.expected.length).toBeGreaterThan(0);
        }
      });
    }
  });
}
