// Assembles the one Report object from the engine's findings and outcomes. Everything is sorted so
// two runs over the same tree give byte-identical JSON whatever the filesystem order.

import pkg from '../../package.json' with { type: 'json' };
import { ENVIRONMENTS } from '../model/environments.js';
import { sharedString } from '../model/shared-string.js';
import type { Environment, EnvironmentEvidence, SourceFile } from '../model/types.js';
import { repositoryOutcomes, SCORING_FORMULA, SCORING_VERSION, sortedScores, Tally, tallyOf } from '../scoring/index.js';
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
  /** Read once, in one pass (a run's outcomes can be made one at a time from a compact log, never all held as objects). */
  outcomes: Iterable<Outcome>;
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

/**
 * The findings in compareFindings order. Most comparisons are decided by the file, so each path
 * is compared once to rank the files, and findings by their file's rank (a large run's paths share
 * long prefixes, which every string comparison would read again).
 */
function sortedFindings(findings: readonly Finding[]): Finding[] {
  const rankOf = new Map<string, number>();
  for (const f of findings) rankOf.set(f.file, 0);
  [...rankOf.keys()].sort(cmp).forEach((file, i) => rankOf.set(file, i));
  const ranks = new Int32Array(findings.length);
  for (let i = 0; i < findings.length; i++) ranks[i] = rankOf.get(findings[i]!.file)!;
  const order = Array.from(findings.keys());
  order.sort((i, j) => ranks[i]! - ranks[j]! || compareFindings(findings[i]!, findings[j]!));
  return order.map((i) => findings[i]!);
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
  const all = sortedFindings(input.findings);
  // identical findings (same rule, place and message) from overlapping evidence are reported once
  const unique = all.filter((f, i) => i === 0 || compareFindings(f, all[i - 1]!) !== 0 || f.fingerprint !== all[i - 1]!.fingerprint);
  const repositoryWide = new Set(input.rules.filter((r) => r.scope === 'repository').map((r) => r.id));
  const tallies = tallyOutcomes(input.outcomes, repositoryWide);
  const scoped = unique.map((f) => (repositoryWide.has(f.ruleId) ? { ...f, scope: 'repository' as const } : f));
  const findings = scoped.filter((f) => !f.suppression);
  const waived = scoped.filter((f) => f.suppression);

  const byFile = tallies.byFile;
  const files: ReportFile[] = [
    ...input.files.map((f) => {
      const s = byFile.get(f.path)?.score();
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
  const checklist = checklistOf(rules, tallies.checklist);

  // One verdict per environment (production first): its own outcomes plus the repository's.
  const present = new Set<Environment>([input.headline, ...tallies.byEnvironment.keys()]);
  const environments: Partial<Record<Environment, EnvironmentScore>> = {};
  for (const environment of ENVIRONMENTS.filter((e) => present.has(e))) {
    const mine = tallies.byEnvironment.get(environment) ?? new EnvironmentTally();
    // failures of repository-wide rules count wherever their file serves (scoring/index.ts)
    for (const o of repositoryOutcomes(mine.repositoryWide, tallies.repositoryFailures)) mine.add(o);
    environments[environment] = { ...mine.overall.score(), categories: Object.fromEntries(sortedScores(mine.categories)), checklist: checklistOf(rules, mine.checklist) };
  }
  const overall = tallies.overall.score();
  const headlineScore = environments[input.headline];
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: INFORMATION_URI },
    scoring: { version: SCORING_VERSION, formula: SCORING_FORMULA },
    environment: input.headline,
    score: headlineScore && headlineScore.score !== null ? plainScore(headlineScore) : overall,
    overall,
    categories: Object.fromEntries(sortedScores(tallies.categories)),
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

/** Outcome counts per rule and status, and the reasons of not-applicable ones: a checklist's input. */
class ChecklistCounts {
  readonly counts = new Map<string, Record<string, number>>();
  readonly reasons = new Map<string, Map<string, number>>();

  add(o: Outcome): void {
    let c = this.counts.get(o.ruleId);
    if (!c) this.counts.set(o.ruleId, (c = {}));
    c[o.status] = (c[o.status] ?? 0) + 1;
    if (o.status === 'not-applicable' && o.reason) {
      let r = this.reasons.get(o.ruleId);
      if (!r) this.reasons.set(o.ruleId, (r = new Map()));
      r.set(o.reason, (r.get(o.reason) ?? 0) + 1);
    }
  }
}

/** What one environment is scored on, counted as its outcomes go by. */
class EnvironmentTally {
  readonly overall = new Tally();
  readonly categories = new Map<Category, Tally>();
  readonly checklist = new ChecklistCounts();
  /** Its outcomes of repository-wide rules: judged with every environment's failures once all are seen. */
  readonly repositoryWide: Outcome[] = [];

  add(o: Outcome): void {
    this.overall.add(o);
    tallyOf(this.categories, o.category).add(o);
    this.checklist.add(o);
  }
}

/**
 * Every score and checklist count of the report in one pass over the outcomes: the whole run's,
 * per file, per category and per environment. Only outcomes of repository-wide rules are kept,
 * for each environment's worst-of-target judgement.
 */
function tallyOutcomes(outcomes: Iterable<Outcome>, repositoryWide: ReadonlySet<string>) {
  const overall = new Tally();
  const byFile = new Map<string, Tally>();
  const categories = new Map<Category, Tally>();
  const checklist = new ChecklistCounts();
  const byEnvironment = new Map<Environment, EnvironmentTally>();
  const repositoryFailures: Outcome[] = [];
  for (const o of outcomes) {
    overall.add(o);
    tallyOf(byFile, o.file).add(o);
    tallyOf(categories, o.category).add(o);
    checklist.add(o);
    let environment = byEnvironment.get(o.environment);
    if (!environment) byEnvironment.set(o.environment, (environment = new EnvironmentTally()));
    if (repositoryWide.has(o.ruleId)) {
      environment.repositoryWide.push(o);
      if (o.status === 'fail') repositoryFailures.push(o);
    } else environment.add(o);
  }
  return { overall, byFile, categories, checklist, byEnvironment, repositoryFailures };
}

/** The checklist of a set of outcomes: every rule, with its outcome counts. */
function checklistOf(rules: readonly RuleInput[], { counts, reasons }: ChecklistCounts): ChecklistLine[] {
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
