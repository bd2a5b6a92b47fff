// Every rule against its own fixtures: the exact set of (file, line, column, rule, messageId)
// findings that the fixture comments announce; pass cases have no finding and (for checked rules) a
// pass outcome. Every problem a rule reports is held to its rule.yaml's message contract (a declared
// messageId, data for each placeholder), as ESLint's RuleTester does, and every message a rule.yaml
// declares is reported by at least one of its fail fixtures (a message no fixture reaches is
// untested text, or dead).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { lint, ruleById } from '../../src/engine/lint.js';
import { RULES } from '../../src/engine/registry.generated.js';
import { FIXTURE_CONFIG, fixtureCases, ruleIds } from '../helpers/fixtures.js';

const KNOWN_RULES = new Set(RULES.map((r) => r.meta.id));
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
        // a case's own config gives the rule its options (validated as a user's config is)
        const config = c.config ? parseConfig(c.config.text, FIXTURE_CONFIG, '.', KNOWN_RULES) : undefined;
        const { report } = lint({ files: c.files, skipped: c.skipped, onlyRules: [rule], rules: watched.rules, ...(config ? { config } : {}) });
        expect(watched.violations, 'problems that break the message contract of rule.yaml').toEqual([]);
        expect(report.notices.filter((n) => n.startsWith('internal error'))).toEqual([]);
        // A line judged in several environments (a compose base in its development and production
        // models, a template in each rendering) is one expectation; a finding twice in one
        // environment is a bug, caught by the fingerprints.
        const at = (f: (typeof report.findings)[number]) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.messageId}`;
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
          expect(c.unnamed, 'fail expectations must name the messageId: `rule-id@column messageId`').toEqual([]);
        }
      });
    }
    it('reports every message of its rule.yaml in some fail fixture', () => {
      const reached = new Set(cases.filter((c) => c.expectation === 'fail').flatMap((c) => c.expected.map((e) => e.split(' ')[2])));
      const declared = Object.keys(ruleById(rule)!.meta.messages);
      expect(declared.filter((id) => !reached.has(id))).toEqual([]);
    });
  });
}
