// Phase 5, score: the Report. Scores per environment and the gate come from the outcomes
// (report/build.ts); the baseline's stale entries are listed, and the secret spans of files with
// findings are kept for code frames. Notices and skip reasons are masked here.

import type { Baseline } from '../../baseline/index.js';
import type { KnownEnvironment } from '../../model/environments.js';
import type { ParsedFile, Range, SourceFile } from '../../model/types.js';
import { buildReport, isSecretEvidenceRule } from '../../report/build.js';
import type { Report } from '../../report/types.js';
import type { RunSecrets } from '../redaction.js';
import { RULES_BY_ID } from '../rules.js';
import type { Evaluation } from './evaluate.js';

const MAX_STALE_NOTICES = 20;

/** What the report says of each parsed file: how many documents it holds. */
export function documentCountsOf(parsed: readonly ParsedFile[]): Map<string, number> {
  return new Map(parsed.map((p) => [p.file.path, p.documents.length]));
}

export interface ScoreInput {
  files: readonly SourceFile[];
  /** Documents per file (documentCountsOf): the parsed files need not be alive while the report is built. */
  documentCounts: ReadonlyMap<string, number>;
  evaluation: Evaluation;
  secrets: RunSecrets;
  headline: KnownEnvironment;
  notices: readonly string[];
  baseline?: Baseline;
  scope?: (file: string) => boolean;
}

export function score({ files, documentCounts, evaluation, secrets, headline, notices, ...input }: ScoreInput): {
  report: Report;
  secretSpans: (path: string) => readonly Range[];
} {
  const { findings, outcomes, active, rulesById, severityOf, skipped, waiverProblems, matchedBaseline } = evaluation;
  const report = buildReport({
    files,
    documentCounts,
    skipped: skipped.map((s) => ({ ...s, reason: secrets.redact(s.reason) })),
    findings: findings.toArray(),
    outcomes: outcomes.values(),
    rules: active.map((r) => ({ ...r.meta, severity: severityOf(r.meta) })),
    headline,
    notices: notices.map((n) => secrets.redact(n)),
    waiverProblems: waiverProblems.map((p) => ({ ...p, message: secrets.redact(p.message) })),
  });
  if (input.baseline) {
    // Stale: an entry of a rule that ran, for a file this run looked at, whose finding is gone (fixed, or its file removed), so the file can shrink.
    const ran = new Set(active.map((r) => r.meta.id));
    const inScope = input.scope ?? (() => true);
    const stale = input.baseline.entries
      .filter((e) => ran.has(e.ruleId) && inScope(e.file) && !matchedBaseline.has(e.fingerprint))
      .map((e) => ({ ruleId: e.ruleId, file: e.file, fingerprint: e.fingerprint }));
    report.baseline = { file: input.baseline.file, entries: input.baseline.entries.length, matched: matchedBaseline.size, stale };
    // Also as notices, so every format says which entries to drop (the first few; the JSON has all).
    for (const e of stale.slice(0, MAX_STALE_NOTICES)) {
      report.notices.push(
        `${input.baseline.file}: stale baseline entry ${e.ruleId} in ${e.file} (${e.fingerprint.slice(0, 12)}) matches no finding; remove it or rewrite the file with --write-baseline`,
      );
    }
    if (stale.length > MAX_STALE_NOTICES) report.notices.push(`${input.baseline.file}: ${stale.length - MAX_STALE_NOTICES} more stale baseline entries (see the JSON report)`);
  }
  const withFindings = new Set([...report.findings, ...report.waived].map((f) => f.file));
  const secretSpans = secrets.spansOf(
    files.filter((f) => withFindings.has(f.path)),
    [...report.findings, ...report.waived],
    (ruleId) => isSecretEvidenceRule(rulesById.get(ruleId)?.meta ?? RULES_BY_ID.get(ruleId)?.meta),
  );
  return { report, secretSpans };
}
