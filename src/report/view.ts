// What every formatter shows the same way: the breakdown behind the headline score, and the
// environment label a finding carries. Pure functions of the Report.

import type { Category } from '../model/vocabulary.js';
import type { Environment } from '../model/types.js';
import { pointsLost } from '../scoring/index.js';
import { ruleDocsUrl } from './build.js';
import type { ChecklistLine, Finding, Report, RuleDescriptor, Score } from './types.js';

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

/** A rule failing in the headline score and what fixing its failures is worth. */
export interface CostlyFix {
  ruleId: string;
  /** Its first finding (where to start). */
  first: Finding;
  /** Failed outcomes (targets) and findings the rule has in the headline score. */
  targets: number;
  findings: number;
  /** Points the headline score gains (before rounding) once every one is fixed. */
  points: number;
}

/**
 * "Fix these first": the rules whose failures cost the headline score the most (each failed
 * outcome costs what scoring's pointsLost says), by category (the category losing the most
 * points first), at most `limit` rules in all. Findings of other environments count only when
 * their rule is repository-wide, as in the score.
 */
export function costliestFixes(report: Report, limit: number): { category: Category; fixes: CostlyFix[] }[] {
  const own = report.environments[report.environment];
  const everyEnvironment = !own || own.score === null; // the headline fell back to every environment together
  const outcomes = new Set<string>();
  const byRule = new Map<string, CostlyFix>();
  for (const f of report.findings) {
    if (!everyEnvironment && f.environment !== report.environment && f.scope !== 'repository') continue;
    const points = pointsLost(f.severity, report.score);
    if (points === 0) continue;
    let fix = byRule.get(f.ruleId);
    if (!fix) byRule.set(f.ruleId, (fix = { ruleId: f.ruleId, first: f, targets: 0, findings: 0, points: 0 }));
    fix.findings++;
    // One outcome per rule and target (per environment unless the rule is repository-wide).
    const outcome = [f.ruleId, f.file, f.target, f.scope === 'repository' || everyEnvironment ? '' : f.environment].join('\u0000');
    if (outcomes.has(outcome)) continue;
    outcomes.add(outcome);
    fix.targets++;
    fix.points += points;
  }
  const chosen = [...byRule.values()].sort((a, b) => b.points - a.points || (a.ruleId < b.ruleId ? -1 : 1)).slice(0, limit);
  const categories = new Map<Category, CostlyFix[]>();
  for (const fix of chosen) {
    let list = categories.get(fix.first.category);
    if (!list) categories.set(fix.first.category, (list = []));
    list.push(fix);
  }
  const total = (fixes: CostlyFix[]) => fixes.reduce((sum, fix) => sum + fix.points, 0);
  return [...categories].map(([category, fixes]) => ({ category, fixes })).sort((a, b) => total(b.fixes) - total(a.fixes) || (a.category < b.category ? -1 : 1));
}

/** `18 files read, 5 with findings` (skipped files are not read; waived findings do not count). */
export function filesLine(report: Report): string {
  const read = report.files.filter((f) => f.skipped === undefined).length;
  const withFindings = new Set(report.findings.map((f) => f.file)).size;
  return `${read} file${read === 1 ? '' : 's'} read, ${withFindings} with findings`;
}

/** The report's rules by id (what it says about each rule it judged). */
export function rulesOf(report: Pick<Report, 'rules'>): ReadonlyMap<string, RuleDescriptor> {
  return new Map((report.rules ?? []).map((r) => [r.id, r]));
}

/**
 * Where a rule is documented: the link the report carries (pinned to the version that wrote it),
 * else this version's (a report built without rule metadata, as some tests build them).
 */
export function ruleHelpUri(rules: ReadonlyMap<string, RuleDescriptor>, ruleId: string): string {
  return rules.get(ruleId)?.helpUri ?? ruleDocsUrl(ruleId);
}
