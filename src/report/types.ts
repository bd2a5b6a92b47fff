// The one Report object: the JSON output, the input of every formatter. Described by
// schemas/report.schema.json; bump REPORT_VERSION on any incompatible change.

import type { Category, Severity } from '../model/vocabulary.js';
import type { Environment, EnvironmentEvidence, FileKind, Range } from '../model/types.js';
import type { Score } from '../scoring/types.js';

// 1.1: files[].environmentEvidence; score.informational (note-level outcomes, never scored).
// 1.2: environments.<env>.{categories, checklist}; scope "repository" on checklist lines and findings.
// 1.3: waiverProblems.
// 1.4: rules (the metadata of every rule judged) and findings[].frame, so a saved report renders
//      again (--from) without the linter's registry or the scanned files; checklist lines carry
//      notApplicableReasons (why targets were not applicable, with counts).
// 1.5: findings[].messageId (which message of its rule.yaml the finding reports).
export const REPORT_VERSION = '1.5';

export interface ReportLocation {
  file: string;
  range: Range;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  category: Category;
  /** The id of the message in the rule's rule.yaml (`messages:`) that `message` was formatted from. */
  messageId: string;
  message: string;
  file: string;
  range: Range;
  environment: Environment;
  /** The judged target (e.g. `Deployment/api container web`). */
  target: string;
  /** Stable across line moves: rule + file + target + logical path + message id. */
  fingerprint: string;
  related?: (ReportLocation & { message: string })[];
  /** Present for a repository-wide rule: the finding counts in every environment's score. */
  scope?: 'repository';
  /** Present when the finding is waived by an inline comment or config. */
  suppression?: { kind: 'inline' | 'file' | 'config' | 'baseline'; reason: string };
  /** The redacted code frame shown beside the finding, when the report was saved with its sources (the CLI's JSON). */
  frame?: CodeFrame;
}

/** A finding's line and the one before it as shown: redacted, clipped, with the span to underline. */
export interface CodeFrame {
  /** The finding's line. */
  line: number;
  lines: FrameLine[];
  /** Where the finding is on its line as shown: 0-based offset and length, within `text`. */
  underline?: { offset: number; length: number };
}

export interface FrameLine {
  number: number;
  /** Redacted, clipped to a window around the finding (`…` marks a cut), tabs shown as single spaces. */
  text: string;
  isFindingLine: boolean;
}

/**
 * What the report says about a rule it judged, so that every format (SARIF's tool.driver.rules,
 * documentation links, code frames) renders from the report alone.
 */
export interface RuleDescriptor {
  id: string;
  title: string;
  description: string;
  category: Category;
  /** The severity in this run (config overrides applied). */
  severity: Severity;
  tags: string[];
  remediation: string;
  /** The rule's documentation, pinned to the version of the tool that wrote the report. */
  helpUri: string;
  /** Present for a repository-wide rule: its outcomes count in every environment's score. */
  scope?: 'repository';
  /** Present when its findings point at a secret value: a frame masks at least the finding's own range. */
  secretEvidence?: true;
}

// Outcomes and scores are the scoring layer's vocabulary; the Report carries them as they are.
export type { Grade, Outcome, OutcomeStatus, Score } from '../scoring/types.js';

export interface ChecklistLine {
  ruleId: string;
  title: string;
  category: Category;
  severity: Severity;
  passed: number;
  failed: number;
  waived: number;
  notApplicable: number;
  /** Why targets were not applicable, most frequent first (at most MAX_NA_REASONS); absent when none. */
  notApplicableReasons?: { reason: string; count: number }[];
  /** Present for a repository-wide rule: its outcomes count in every environment's score. */
  scope?: 'repository';
}

/** How many distinct not-applicable reasons a checklist line keeps. */
export const MAX_NA_REASONS = 5;

/** One environment's verdict: its score with its own categories and checklist. */
export interface EnvironmentScore extends Score {
  categories: Partial<Record<Category, Score>>;
  checklist: ChecklistLine[];
}

export interface ReportFile {
  path: string;
  kind: FileKind | 'unknown';
  environment: Environment;
  /** The environment the file is judged as and what decided it (name, folder, config glob …). */
  environmentEvidence?: EnvironmentEvidence;
  documents: number;
  /** Why the file was not linted (too large, binary, unreadable …). */
  skipped?: string;
  score?: Score;
}

export interface Report {
  reportVersion: string;
  tool: { name: string; version: string; informationUri: string };
  scoring: { version: number; formula: string };
  /** The environment whose score is the headline (production unless --env says otherwise). */
  environment: Environment;
  /** The headline: the score of `environment` (falls back to overall when it has no outcomes). */
  score: Score;
  /** All outcomes of the run, every environment together. */
  overall: Score;
  /** Every environment together, like `overall` (each environment's own are under `environments`). */
  categories: Partial<Record<Category, Score>>;
  /**
   * One verdict per environment, production first: the environment's own outcomes plus every
   * repository-wide one. The headline environment is always present.
   */
  environments: Partial<Record<Environment, EnvironmentScore>>;
  files: ReportFile[];
  /** Every environment together (each environment's own is `environments.<env>.checklist`). */
  checklist: ChecklistLine[];
  /** Every rule the run judged, by id. */
  rules: RuleDescriptor[];
  findings: Finding[];
  /** Findings that are waived, listed apart (also counted in outcomes as waived). */
  waived: Finding[];
  summary: { errors: number; warnings: number; notes: number; files: number; rules: number };
  /** Non-fatal run notices (skipped files, unreadable paths, expired and unused waivers …). */
  notices: string[];
  /** Present when a baseline file was read: its size, how many findings it matched, and its stale entries. */
  baseline?: ReportBaseline;
  /**
   * Expired waivers and waivers that waive nothing, with their place (also listed in `notices`): the
   * formats that carry only located items (GitLab Code Quality, JUnit) show them from here.
   */
  waiverProblems?: WaiverProblem[];
}

export interface WaiverProblem {
  file: string;
  /** 1-based line of the waiver comment or config entry. */
  line: number;
  problem: 'expired' | 'unused';
  message: string;
}

export interface ReportBaseline {
  file: string;
  entries: number;
  matched: number;
  /** Entries of a rule that ran whose finding is gone: remove them (--write-baseline rewrites the file). */
  stale: { ruleId: string; file: string; fingerprint: string }[];
}
