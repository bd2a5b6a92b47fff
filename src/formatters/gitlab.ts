// GitLab Code Quality report (`artifacts:reports:codequality`): a JSON array of issues with
// description, check_name, fingerprint, severity and location (path relative to the repository,
// lines.begin). GitLab compares the issues of a merge request's head and base pipelines by
// fingerprint to show what is new and what is fixed, and shows only the first issue of a
// fingerprint, so a fingerprint must be
// - stable across commits: built from the finding's line-independent identity (rule, document,
//   target, logical path, message kind), the file it is reported in and the environment it is
//   judged for; never from line numbers or message text (data such as an image tag would make a
//   fixed-then-changed finding look new);
// - unique in the report: findings that still share one get an ordinal in report order.
// Waived findings are left out, as in SARIF; expired and unused waivers are `info` issues at the
// waiver's line. `[]` when clean.

import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Severity } from '../model/vocabulary.js';
import type { Finding, Report } from '../report/types.js';
import { chunksToString, jsonChunks } from './stream.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

// Errors are what --fail-on stops on by default; `blocker` is left for nothing we report (we never
// know what blocks a release), `info` for nothing either: a note is still something to fix.
export const CODE_QUALITY_SEVERITY: Record<Severity, CodeQualitySeverity> = { error: 'critical', warning: 'major', note: 'minor' };

export interface CodeQualityIssue {
  type: 'issue';
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

export interface GitlabOptions {
  /** Absolute working folder of the run; report paths are relative to it. */
  cwd?: string;
  /** Absolute repository root (GitLab's CI_PROJECT_DIR), when it may differ from cwd. */
  repoRoot?: string;
}

export function toCodeQuality(report: Report, options: GitlabOptions = {}): CodeQualityIssue[] {
  const toRepoPath = repoPath(options);
  const used = new Map<string, number>();
  const findings = report.findings.map((f): CodeQualityIssue => {
    const path = toRepoPath(f.file);
    const base = issueFingerprint(f, path);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return {
      type: 'issue',
      description: f.message,
      check_name: f.ruleId,
      fingerprint: n === 1 ? base : hash([base, String(n)]),
      severity: CODE_QUALITY_SEVERITY[f.severity],
      location: { path, lines: { begin: f.range.start.line, end: f.range.end.line } },
    };
  });
  // Expired and unused waivers, at the waiver's own line: informational, so the widget shows them
  // without making them look like deployment problems. The fingerprint leaves the line out, as
  // findings' do, so a waiver that only moved is not new.
  const waivers = (report.waiverProblems ?? []).map((w): CodeQualityIssue => {
    const path = toRepoPath(w.file);
    const base = hash(['readiness-lint/codequality/v1', 'waiver', w.problem, path, w.message]);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return {
      type: 'issue',
      description: w.message,
      check_name: `waiver-${w.problem}`,
      fingerprint: n === 1 ? base : hash([base, String(n)]),
      severity: 'info',
      location: { path, lines: { begin: w.line, end: w.line } },
    };
  });
  return [...findings, ...waivers];
}

export function issueFingerprint(f: Finding, path: string): string {
  return hash(['readiness-lint/codequality/v1', f.fingerprint, path, f.environment]);
}

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Report paths are relative to cwd; GitLab wants them relative to the repository, without `./`. */
function repoPath(options: GitlabOptions): (file: string) => string {
  let prefix = '';
  if (options.cwd && options.repoRoot) {
    const rel = posix.relative(toPosix(options.repoRoot), toPosix(options.cwd));
    // a run outside the repository keeps its own relative paths
    if (rel && !rel.startsWith('..') && !posix.isAbsolute(rel)) prefix = rel;
  }
  return (file) => {
    const path = file.replace(/^(\.\/)+/, '');
    return prefix ? posix.join(prefix, path) : path;
  };
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/** The Code Quality report as chunks (an issue at a time): no size limit. */
export function* gitlabChunks(report: Report, options: GitlabOptions = {}): Generator<string> {
  yield* jsonChunks(toCodeQuality(report, options));
  yield '\n';
}

export function formatGitlab(report: Report, options: GitlabOptions = {}): string {
  return chunksToString(gitlabChunks(report, options));
}
