// GitHub workflow-command annotations. GitHub shows at most 10 annotations per level per step:
// emit the first 10 errors, 10 warnings and 10 notes (fewer when the caller prints its own), then
// one notice counting the rest.

import type { Environment } from '../model/types.js';
import type { Finding, Report } from '../report/types.js';
import { environmentLabel } from '../report/view.js';
import { visibleControls } from './escape.js';

export const MAX_ANNOTATIONS_PER_LEVEL = 10;
const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

export interface GithubOptions {
  /** Annotations of each level the caller prints itself (its verdict, its notices): they count in the limit. */
  reserved?: Partial<Record<Finding['severity'], number>>;
}

export function formatGithub(report: Report, options: GithubOptions = {}): string {
  // Expired and unused waivers are notices at the waiver's line, within the same limit as notes.
  const waivers = (report.waiverProblems ?? []).map((w): Finding => ({
    ruleId: `waiver-${w.problem}`,
    severity: 'note',
    category: 'validity',
    messageId: w.problem,
    message: w.message,
    file: w.file,
    range: { start: { line: w.line, column: 1 }, end: { line: w.line, column: 1 } },
    environment: report.environment,
    target: w.file,
    fingerprint: '',
  }));
  return formatAnnotations([...report.findings, ...waivers], report.environment, options);
}

/**
 * Annotations for these findings within GitHub's limit of 10 per level per step, the caller's own
 * commands counted: when some are left out, one notice counts them (and takes a notice's place).
 */
export function formatAnnotations(findings: readonly Finding[], headline: Environment, options: GithubOptions = {}): string {
  const room = (severity: Finding['severity'], overflowNotice: boolean) =>
    Math.max(0, MAX_ANNOTATIONS_PER_LEVEL - (options.reserved?.[severity] ?? 0) - (severity === 'note' && overflowNotice ? 1 : 0));
  const count = { error: 0, warning: 0, note: 0 };
  for (const f of findings) count[f.severity]++;
  const overflow = (['error', 'warning', 'note'] as const).some((s) => count[s] > room(s, false));
  const out: string[] = [];
  const left = { error: 0, warning: 0, note: 0 };
  const used = { error: 0, warning: 0, note: 0 };
  for (const f of findings) {
    if (used[f.severity] >= room(f.severity, overflow)) {
      left[f.severity]++;
      continue;
    }
    used[f.severity]++;
    out.push(annotation(f, headline));
  }
  const rest = left.error + left.warning + left.note;
  if (rest > 0 && room('note', false) > 0) {
    out.push(
      `::notice title=readiness-lint::${escapeData(`${rest} more finding${rest === 1 ? '' : 's'} not annotated (${left.error} errors, ${left.warning} warnings, ${left.note} notes); see the job summary or the SARIF results`)}`,
    );
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** One annotation; a finding outside the headline environment names it in the title, as in text. */
export function annotation(f: Finding, headline?: Environment): string {
  const label = headline ? environmentLabel(f, headline) : undefined;
  const props = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.range.start.line}`,
    `col=${f.range.start.column}`,
    `endLine=${f.range.end.line}`,
    `endColumn=${f.range.end.column}`,
    `title=${escapeProperty(`readiness-lint ${f.ruleId}${label ? ` (${label})` : ''}`)}`,
  ];
  // Terminal controls from the tree shown visibly; line breaks kept, escaped as the runner expects.
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message.split('\n').map(visibleControls).join('\n'))}`;
}

// As @actions/core escapes them (toCommandValue / escapeData / escapeProperty).
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
