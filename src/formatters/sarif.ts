// SARIF 2.1.0 as GitHub code scanning reads it: one run, every enabled rule in tool.driver.rules,
// URIs relative to the repository root (`%SRCROOT%`), 1-based regions, `results: []` when clean, waived findings left out
// (GitHub ingests SARIF suppressions as open alerts). Byte-identical for the same report: the rules'
// descriptions, tags and links come from the report (report.rules), never from the linter's registry.

import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Log, ReportingDescriptor, Result, Notification } from 'sarif';
import type { Finding, Report } from '../report/types.js';
import { ruleHelpUri, rulesOf } from '../report/view.js';
import type { Severity } from '../model/vocabulary.js';
import { chunksToString, jsonChunks } from './stream.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub rejects a run with more results; it keeps the first 5,000 by severity for display. */
export const MAX_SARIF_RESULTS = 25_000;

const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'recommendation' };
// Inside GitHub's bands (critical > 9, high 7–8.9, medium 4–6.9, low < 4), away from boundaries.
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', note: '2.0' };

export interface SarifOptions {
  /** Absolute working folder of the run: report paths are relative to it. */
  cwd?: string;
  /** Absolute repository root (the caller finds it: config's `repositoryRoot`); default cwd. */
  repoRoot?: string;
}

/** Report path → artifact location: relative to the repository root under `%SRCROOT%`; a file
 * outside the repository gets an absolute `file:` URI rather than a `../` that GitHub cannot place. */
function artifactLocator(options: SarifOptions): (path: string) => ArtifactLocation {
  if (!options.cwd) return (path) => ({ uri: toUri(path), uriBaseId: '%SRCROOT%' });
  const cwd = resolve(options.cwd);
  // GitHub resolves URIs against the repository root, which the caller names (it knows the run).
  const root = options.repoRoot ? resolve(options.repoRoot) : cwd;
  return (path) => {
    const absolute = resolve(cwd, path);
    const rel = relative(root, absolute);
    if (rel.split(/[\\/]/)[0] === '..' || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
    return { uri: toUri(rel.split('\\').join('/')), uriBaseId: '%SRCROOT%' };
  };
}

export function toSarif(report: Report, options: SarifOptions = {}): Log {
  const locate = artifactLocator(options);
  const lines = report.checklist;
  const described = rulesOf(report);
  const rules: ReportingDescriptor[] = lines.map((line) => {
    const meta = described.get(line.ruleId);
    const helpUri = ruleHelpUri(described, line.ruleId);
    const description = meta?.description ?? line.title;
    const remediation = meta?.remediation ?? line.title;
    const tags = [line.category, ...(meta?.tags ?? []).filter((t) => t !== line.category)].slice(0, 10);
    const properties: Record<string, unknown> = {
      tags,
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITY[line.severity],
    };
    if (line.category === 'security') properties['security-severity'] = SECURITY_SEVERITY[line.severity];
    return {
      id: line.ruleId,
      name: pascalCase(line.ruleId),
      shortDescription: { text: truncate(line.title, 1000) },
      fullDescription: { text: truncate(description, 1000) },
      help: {
        text: remediation,
        markdown: `**${line.title}**\n\n${remediation}\n\n[Rule documentation](${helpUri})`,
      },
      helpUri,
      defaultConfiguration: { level: line.severity },
      properties,
    };
  });
  const index = new Map(lines.map((l, i) => [l.ruleId, i]));

  const findings = [...report.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const kept = findings.length > MAX_SARIF_RESULTS ? findings.slice(0, MAX_SARIF_RESULTS) : report.findings;
  const results: Result[] = kept.map((f) => toResult(f, index.get(f.ruleId), locate));
  // With a baseline in use, each result says whether it is new, and baselined findings are
  // results too, suppressed externally (the baseline file) and 'unchanged'. Waivers stay left out.
  if (report.baseline) {
    for (const r of results) r.baselineState = 'new';
    for (const f of report.waived) {
      if (f.suppression?.kind !== 'baseline') continue;
      results.push({
        ...toResult(f, index.get(f.ruleId), locate),
        baselineState: 'unchanged',
        suppressions: [{ kind: 'external', status: 'accepted', justification: f.suppression.reason }],
      });
    }
  }
  const notifications: Notification[] = report.notices.map((text) => ({ level: 'warning', message: { text } }));
  if (kept.length < report.findings.length) {
    notifications.push({
      level: 'warning',
      message: { text: `${report.findings.length - kept.length} findings left out: SARIF for GitHub holds at most ${MAX_SARIF_RESULTS} results` },
    });
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: report.tool.informationUri,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        results,
        properties: {
          environment: report.environment,
          score: report.score.score,
          grade: report.score.grade,
          scoringVersion: report.scoring.version,
          environments: Object.fromEntries(Object.entries(report.environments).map(([name, e]) => [name, { score: e!.score, grade: e!.grade }])),
        },
      },
    ],
  };
}

function toResult(f: Finding, ruleIndex: number | undefined, locate: (path: string) => ArtifactLocation): Result {
  const result: Result = {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: f.severity,
    // Code scanning shows only the message: it names the environment (the same template line can
    // fail in staging and pass in production), and whether the finding counts in every environment.
    message: { text: `${f.message} (environment: ${f.environment}${f.scope === 'repository' ? ', repository-wide' : ''})` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: locate(f.file),
          region: {
            startLine: f.range.start.line,
            startColumn: f.range.start.column,
            endLine: f.range.end.line,
            endColumn: f.range.end.column,
          },
        },
      },
    ],
    // Our own line-independent identity; GitHub reads only partialFingerprints, which
    // upload-sarif computes from the checked-out file.
    fingerprints: { 'readinessLint/v1': f.fingerprint },
    properties: { environment: f.environment, target: f.target, messageId: f.messageId, ...(f.scope ? { scope: f.scope } : {}) },
  };
  if (f.related?.length) {
    result.relatedLocations = f.related.map((r, i) => ({
      id: i + 1,
      message: { text: r.message },
      physicalLocation: {
        artifactLocation: locate(r.file),
        region: { startLine: r.range.start.line, startColumn: r.range.start.column, endLine: r.range.end.line, endColumn: r.range.end.column },
      },
    }));
  }
  return result;
}

/** Repo-relative path → relative URI reference (forward slashes, percent-encoded). */
export function toUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

function severityRank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}

/** The SARIF log as chunks (results one at a time): no size limit. */
export function* sarifChunks(report: Report, options: SarifOptions = {}): Generator<string> {
  yield* jsonChunks(toSarif(report, options));
  yield '\n';
}

/** The same text in one string. */
export function formatSarif(report: Report, options: SarifOptions = {}): string {
  return chunksToString(sarifChunks(report, options));
}
