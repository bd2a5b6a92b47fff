// Inline waivers written as comments:
//   # readiness-lint-disable-next-line <rule-id>[, <rule-id>…] -- <reason>
//   # readiness-lint-disable-file <rule-id>[, <rule-id>…] -- <reason>
// and, in Helm templates, the same inside template comments: {{/* readiness-lint-disable-… */}}.
// The reason is required: a waiver without one (or naming an unknown rule) waives nothing and is
// itself reported as `invalid-suppression`.

import type { Comment, Range } from '../model/types.js';

export interface Suppression {
  scope: 'next-line' | 'file';
  rules: string[];
  reason: string;
  /** The line the waiver applies to (next-line scope): the line after the comment ends. */
  line: number;
  range: Range;
}

export interface SuppressionProblem {
  range: Range;
  message: string;
}

const DIRECTIVE = /^readiness-lint-disable-(next-line|file)\b(.*)$/;

export function parseSuppressions(
  comments: readonly Comment[],
  knownRule: (id: string) => boolean,
): { suppressions: Suppression[]; problems: SuppressionProblem[] } {
  const suppressions: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  for (const comment of comments) {
    const text = comment.text.replace(/^#+\s*/, '').trim();
    const match = DIRECTIVE.exec(text);
    if (!match) continue;
    const scope = match[1] as 'next-line' | 'file';
    const rest = match[2] ?? '';
    const separator = rest.indexOf('--');
    const rulesPart = (separator >= 0 ? rest.slice(0, separator) : rest).trim();
    const reason = separator >= 0 ? rest.slice(separator + 2).trim() : '';
    const rules = rulesPart
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    if (rules.length === 0) {
      problems.push({ range: comment.range, message: `readiness-lint-disable-${scope} names no rule; write the rule id(s) to waive` });
      continue;
    }
    const unknown = rules.filter((r) => !knownRule(r));
    if (unknown.length) {
      problems.push({ range: comment.range, message: `readiness-lint-disable-${scope} names unknown rule ${unknown.map((u) => `'${u}'`).join(', ')}` });
      continue;
    }
    if (!reason) {
      problems.push({
        range: comment.range,
        message: `readiness-lint-disable-${scope} ${rules.join(', ')} has no reason; add ' -- <why this is acceptable>'`,
      });
      continue;
    }
    suppressions.push({ scope, rules, reason, line: comment.range.end.line + 1, range: comment.range });
  }
  return { suppressions, problems };
}

export function findSuppression(suppressions: readonly Suppression[], ruleId: string, line: number): Suppression | undefined {
  return suppressions.find(
    (s) => s.rules.includes(ruleId) && (s.scope === 'file' || s.line === line),
  );
}
