// Inline waivers written as comments:
//   # readiness-lint-disable-next-line <rule-id>[, <rule-id>…] -- <reason>
//   # readiness-lint-disable-file <rule-id>[, <rule-id>…] -- <reason>
// and, in Helm templates, the same inside template comments: {{/* readiness-lint-disable-… */}}.
// The reason is required: a waiver without one (or naming an unknown rule) waives nothing and is
// itself reported as `invalid-suppression`. A reason may end with an expiry, `(until 2027-03-31)`:
// from the day after, the waiver waives nothing and the run says so.

import type { Comment, Range } from '../model/types.js';
import { didYouMean } from '../model/nearest.js';
import { isCalendarDate } from '../model/dates.js';

// Config validates waiver expiry dates too, so the date check lives in the model.
export { isCalendarDate };

export interface Suppression {
  scope: 'next-line' | 'file';
  rules: string[];
  reason: string;
  /** Last day the waiver holds (YYYY-MM-DD), from `(until …)` at the end of the reason. */
  expires?: string;
  /** The line the waiver applies to (next-line scope): the line after the comment ends. */
  line: number;
  range: Range;
}

export interface SuppressionProblem {
  range: Range;
  message: string;
}

const DIRECTIVE = /^readiness-lint-disable-(next-line|file)\b(.*)$/;
const UNTIL = /\(\s*until\s+([^)]*)\)\s*$/i;

export function parseSuppressions(
  comments: readonly Comment[],
  knownRule: (id: string) => boolean,
  /** The rule ids, for a did-you-mean on an unknown one. */
  ruleIds: Iterable<string> = [],
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
    let reason = separator >= 0 ? rest.slice(separator + 2).trim() : '';
    const until = UNTIL.exec(reason);
    let expires: string | undefined;
    if (until) {
      expires = until[1]!.trim();
      reason = reason.slice(0, until.index).trim();
    }
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
      problems.push({
        range: comment.range,
        message: `readiness-lint-disable-${scope} names unknown rule ${unknown.map((u) => `'${u}'${didYouMean(u, [...ruleIds])}`).join(', ')}`,
      });
      continue;
    }
    if (!reason) {
      problems.push({
        range: comment.range,
        message: `readiness-lint-disable-${scope} ${rules.join(', ')} has no reason; add ' -- <why this is acceptable>'`,
      });
      continue;
    }
    if (expires !== undefined && !isCalendarDate(expires)) {
      problems.push({ range: comment.range, message: `readiness-lint-disable-${scope} ${rules.join(', ')} has an expiry that is not a date; write '(until YYYY-MM-DD)'` });
      continue;
    }
    suppressions.push({ scope, rules, reason, ...(expires ? { expires } : {}), line: comment.range.end.line + 1, range: comment.range });
  }
  return { suppressions, problems };
}

/** Every waiver that covers a finding of `ruleId` on `line` (expired ones too: the caller tells them apart). */
export function findSuppressions(suppressions: readonly Suppression[], ruleId: string, line: number): Suppression[] {
  return suppressions.filter((s) => s.rules.includes(ruleId) && (s.scope === 'file' || s.line === line));
}

/** A waiver is expired from the day after its `until` date; `today` is YYYY-MM-DD. */
export function isExpired(expires: string | undefined, today: string): boolean {
  return expires !== undefined && expires < today;
}

export function findSuppression(suppressions: readonly Suppression[], ruleId: string, line: number): Suppression | undefined {
  return findSuppressions(suppressions, ruleId, line)[0];
}
