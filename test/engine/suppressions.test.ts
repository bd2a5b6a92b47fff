import { describe, expect, it } from 'vitest';
import { findSuppression, parseSuppressions } from '../../src/engine/suppressions.js';

const at = (line: number, text: string) => ({ text, range: { start: { line, column: 1 }, end: { line, column: text.length + 1 } } });
const known = (id: string) => ['require-probes', 'no-root-containers'].includes(id);

describe('inline suppressions', () => {
  it('parses next-line waivers with a reason', () => {
    const { suppressions, problems } = parseSuppressions([at(4, '# readiness-lint-disable-next-line require-probes -- batch worker')], known);
    expect(problems).toEqual([]);
    expect(suppressions).toMatchObject([{ scope: 'next-line', rules: ['require-probes'], reason: 'batch worker', line: 5 }]);
    expect(findSuppression(suppressions, 'require-probes', 5)).toBeDefined();
    expect(findSuppression(suppressions, 'require-probes', 6)).toBeUndefined();
    expect(findSuppression(suppressions, 'no-root-containers', 5)).toBeUndefined();
  });

  it('applies a next-line waiver in a comment over several lines to the line after it closes', () => {
    const comment = { text: 'readiness-lint-disable-next-line require-probes -- sidecar', range: { start: { line: 3, column: 3 }, end: { line: 5, column: 3 } } };
    const { suppressions } = parseSuppressions([comment], known);
    expect(findSuppression(suppressions, 'require-probes', 6)).toBeDefined();
    expect(findSuppression(suppressions, 'require-probes', 4)).toBeUndefined();
  });

  it('parses file-level waivers for several rules', () => {
    const { suppressions } = parseSuppressions([at(1, 'readiness-lint-disable-file require-probes, no-root-containers -- legacy')], known);
    expect(findSuppression(suppressions, 'no-root-containers', 99)).toMatchObject({ scope: 'file', reason: 'legacy' });
  });

  it('rejects a waiver without a reason, naming what to add', () => {
    const { suppressions, problems } = parseSuppressions([at(2, '# readiness-lint-disable-next-line require-probes')], known);
    expect(suppressions).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/has no reason/);
    expect(problems[0]!.range.start.line).toBe(2);
  });

  it('rejects unknown rules and empty rule lists', () => {
    const { problems } = parseSuppressions([at(1, '# readiness-lint-disable-next-line require-probez -- typo'), at(3, '# readiness-lint-disable-file -- why')], known);
    expect(problems.map((p) => p.message)).toEqual([
      "readiness-lint-disable-next-line names unknown rule 'require-probez'",
      'readiness-lint-disable-file names no rule; write the rule id(s) to waive',
    ]);
  });

  it('ignores ordinary comments', () => {
    expect(parseSuppressions([at(1, '# readiness-lint is great'), at(2, '# disable-next-line x')], known)).toEqual({ suppressions: [], problems: [] });
  });
});
