// Assembles the one Report object from the engine's findings and outcomes. Everything is sorted so
// two runs over the same tree give byte-identical JSON whatever the filesystem order.

import pkg from '../../package.json' with { type: 'json' };
import { ENVIRONMENTS } from '../model/environments.js';
import { sharedString } from '../model/shared-string.js';
import type { Environment, EnvironmentEvidence, SourceFile } from '../model/types.js';
import { outcomesByEnvironment, SCORING_FORMULA, SCORING_VERSION, score, scoreBy } from '../scoring/index.js';
import type { Category, Severity } from '../model/vocabulary.js';
import {
  MAX_NA_REASONS,
  REPORT_VERSION,
  type ChecklistLine,
  type RuleDescriptor,
  type EnvironmentScore,
  type Finding,
  type Outcome,
  type Report,
  type ReportFile,
  type Score,
  type WaiverProblem,
} from './types.js';

export const TOOL_NAME = 'readiness-lint';
export const TOOL_VERSION: string = pkg.version;
export const INFORMATION_URI = 'https://github.com/readiness-lint/readiness-lint';

export function ruleDocsUrl(ruleId: string): string {
  return `${INFORMATION_URI}/blob/v${TOOL_VERSION}/rules/${ruleId}/README.md`;
}

/** What the report keeps of a rule's metadata (rules/<id>/rule.yaml; the engine's RuleMeta has it all). */
export interface RuleInput {
  id: string;
  title: string;
  description: string;
  category: Category;
  severity: Severity;
  tags: readonly string[];
  evidence?: readonly string[];
  remediation: string;
  scope?: 'environment' | 'repository';
}

/**
 * Rules whose findings point at a secret value. Not project-level ones (they point at a COPY or a
 * file) nor default-credential ones (they point at a well-known, public value or at the container
 * that keeps a default login).
 */
export function isSecretEvidenceRule(meta: Pick<RuleInput, 'tags' | 'evidence'> | undefined): boolean {
  return !!meta && meta.tags.includes('secrets') && !meta.tags.includes('credentials') && !(meta.evidence ?? []).includes('project');
}

/** The report's description of a rule: what every format needs to show it without the registry. */
export function ruleDescriptor(meta: RuleInput): RuleDescriptor {
  return {
    id: meta.id,
    title: meta.title,
    description: meta.description,
    category: meta.category,
    severity: meta.severity,
    tags: [...meta.tags],
    remediation: meta.remediation,
    helpUri: ruleDocsUrl(meta.id),
    ...(meta.scope === 'repository' ? { scope: 'repository' as const } : {}),
    ...(isSecretEvidenceRule(meta) ? { secretEvidence: true as const } : {}),
  };
}

export interface BuildInput {
  files: readonly SourceFile[];
  /** Documents parsed per file path (the documents themselves are released before the report is built). */
  documentCounts: ReadonlyMap<string, number>;
  skipped: ReadonlyArray<{ path: string; reason: string }>;
  findings: Finding[];
  outcomes: Outcome[];
  rules: readonly RuleInput[];
  headline: Environment;
  notices: string[];
  waiverProblems?: WaiverProblem[];
}

const SEVERITY_ORDER = { error: 0, warning: 1, note: 2 } as const;

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a file is judged as and why: a file that names no environment serves the headline one. */
function judgedEnvironment(file: SourceFile, headline: Environment): EnvironmentEvidence {
  const evidence = file.environmentEvidence ?? { environment: file.environment, source: 'caller' as const, detail: 'environment given with the file' };
  if (evidence.environment !== 'unknown' || headline === 'unknown') return evidence;
  const why =
    evidence.source === 'ci-pipeline'
      ? evidence.detail
      : file.kind === 'helm-template'
        ? "a chart template names no environment (its rendered objects are judged in each rendering's environment)"
        : 'nothing in its name or folders names an environment';
  // one copy of each wording, not one per file
  return { environment: headline, source: evidence.source, detail: sharedString(`${why}: judged as the headline environment (${headline}; --env or the config's env: change it)`) };
}

export function buildReport(input: BuildInput): Report {
  const outcomes = [...input.outcomes].sort((a, b) => cmp(a.ruleId, b.ruleId) || cmp(a.file, b.file) || cmp(a.target, b.target));
  const all = [...input.findings].sort(compareFindings);
  // identical findings (same rule, place and message) from overlapping evidence are reported once
  const unique = all.filter((f, i) => i === 0 || compareFindings(f, all[i - 1]!) !== 0 || f.fingerprint !== all[i - 1]!.fingerprint);
  const repositoryWide = new Set(input.rules.filter((r) => r.scope === 'repository').map((r) => r.id));
  const scoped = unique.map((f) => (repositoryWide.has(f.ruleId) ? { ...f, scope: 'repository' as const } : f));
  const findings = scoped.filter((f) => !f.suppression);
  const waived = scoped.filter((f) => f.suppression);

  const byFile = scoreBy(outcomes, (o) => o.file);
  const files: ReportFile[] = [
    ...input.files.map((f) => {
      const s = byFile.get(f.path);
      return {
        path: f.path,
        kind: f.kind,
        environment: f.environment,
        environmentEvidence: judgedEnvironment(f, input.headline),
        documents: input.documentCounts.get(f.path) ?? 0,
        ...(s ? { score: s } : {}),
      };
    }),
    ...input.skipped.map((s) => ({ path: s.path, kind: 'unknown' as const, environment: 'unknown' as const, documents: 0, skipped: s.reason })),
  ].sort((a, b) => cmp(a.path, b.path));

  const rules = [...input.rules].sort((a, b) => cmp(a.category, b.category) || cmp(a.id, b.id));
  const checklist = checklistOf(rules, outcomes);

  // One verdict per environment (production first): its own outcomes plus the repository's.
  const present = new Set<Environment>([input.headline, ...outcomes.map((o) => o.environment)]);
  const perEnvironment = outcomesByEnvironment(
    outcomes,
    (id) => repositoryWide.has(id),
    ENVIRONMENTS.filter((e) => present.has(e)),
  );
  const environments: Partial<Record<Environment, EnvironmentScore>> = {};
  for (const [environment, mine] of perEnvironment) {
    environments[environment] = { ...score(mine), categories: Object.fromEntries(scoreBy(mine, (o) => o.category)), checklist: checklistOf(rules, mine) };
  }
  const overall = score(outcomes);
  const headlineScore = environments[input.headline];
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: INFORMATION_URI },
    scoring: { version: SCORING_VERSION, formula: SCORING_FORMULA },
    environment: input.headline,
    score: headlineScore && headlineScore.score !== null ? plainScore(headlineScore) : overall,
    overall,
    categories: Object.fromEntries(scoreBy(outcomes, (o) => o.category)),
    environments,
    files,
    checklist,
    rules: [...input.rules].sort((a, b) => cmp(a.id, b.id)).map(ruleDescriptor),
    findings,
    waived,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      notes: findings.filter((f) => f.severity === 'note').length,
      files: input.files.length,
      rules: input.rules.length,
    },
    notices: [...input.notices, ...input.skipped.map((s) => `skipped ${s.path}: ${s.reason}`)],
    ...(input.waiverProblems?.length ? { waiverProblems: input.waiverProblems } : {}),
  };
}

/** The checklist of a set of outcomes: every rule, with its outcome counts (one pass over the outcomes). */
function checklistOf(rules: readonly RuleInput[], outcomes: readonly Outcome[]): ChecklistLine[] {
  const counts = new Map<string, Record<string, number>>();
  const reasons = new Map<string, Map<string, number>>();
  for (const o of outcomes) {
    let c = counts.get(o.ruleId);
    if (!c) counts.set(o.ruleId, (c = {}));
    c[o.status] = (c[o.status] ?? 0) + 1;
    if (o.status === 'not-applicable' && o.reason) {
      let r = reasons.get(o.ruleId);
      if (!r) reasons.set(o.ruleId, (r = new Map()));
      r.set(o.reason, (r.get(o.reason) ?? 0) + 1);
    }
  }
  return rules.map((meta) => {
    const mine = counts.get(meta.id) ?? {};
    const why = [...(reasons.get(meta.id) ?? [])]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, MAX_NA_REASONS)
      .map(([reason, count]) => ({ reason, count }));
    return {
      ruleId: meta.id,
      title: meta.title,
      category: meta.category,
      severity: meta.severity,
      passed: mine['pass'] ?? 0,
      failed: mine['fail'] ?? 0,
      waived: mine['waived'] ?? 0,
      notApplicable: mine['not-applicable'] ?? 0,
      ...(why.length ? { notApplicableReasons: why } : {}),
      ...(meta.scope === 'repository' ? { scope: 'repository' as const } : {}),
    };
  });
}

/** The headline score without the environment's breakdown (that stays under `environments`). */
function plainScore({ categories: _categories, checklist: _checklist, ...rest }: EnvironmentScore): Score {
  return rest;
}
