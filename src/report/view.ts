// What every formatter shows the same way: the breakdown behind the headline score, and the
// environment label a finding carries. Pure functions of the Report.

import type { Category } from '../engine/api.js';
import type { Environment } from '../model/types.js';
import type { ChecklistLine, Finding, Report, Score } from './types.js';

/**
 * The categories and checklist behind `report.score`: the headline environment's own, or every
 * environment together when the headline has nothing scored (the score falls back the same way).
 */
export function headlineBreakdown(report: Report): { categories: Partial<Record<Category, Score>>; checklist: ChecklistLine[] } {
  const mine = report.environments[report.environment];
  if (mine && mine.score !== null && mine.categories && mine.checklist) return { categories: mine.categories, checklist: mine.checklist };
  return { categories: report.categories, checklist: report.checklist };
}

/**
 * The label a finding shows after its location, or undefined: its environment when that is not the
 * headline's (`staging`), and `repository-wide` when it counts in the headline all the same
 * (`test, repository-wide` for a key committed in `.env.test`).
 */
export function environmentLabel(finding: Pick<Finding, 'environment' | 'scope'>, headline: Environment): string | undefined {
  if (finding.environment === headline) return undefined;
  return finding.scope === 'repository' ? `${finding.environment}, repository-wide` : finding.environment;
}

/**
 * Other environments where a rule fails, e.g. `staging 1 fail` (the headline's own counts are its
 * line). None for a repository-wide rule: its failures are already in every environment's line.
 */
export function failuresElsewhere(report: Report, line: ChecklistLine): string[] {
  if (line.scope === 'repository') return [];
  const out: string[] = [];
  for (const [environment, verdict] of Object.entries(report.environments)) {
    if (environment === report.environment || !verdict?.checklist) continue;
    const theirs = verdict.checklist.find((l) => l.ruleId === line.ruleId);
    if (theirs && theirs.failed > 0) out.push(`${environment} ${theirs.failed} fail`);
  }
  return out;
}
