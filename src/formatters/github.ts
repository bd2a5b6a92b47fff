// GitHub workflow-command annotations. GitHub shows at most 10 annotations per level per step:
// emit the first 10 errors, 10 warnings and 10 notes, then one notice counting the rest.

import type { Environment } from '../model/types.js';
import type { Finding, Report } from '../report/types.js';
import { environmentLabel } from '../report/view.js';
import { visibleControls } from './escape.js';

export const MAX_ANNOTATIONS_PER_LEVEL = 10;
const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

export function formatGithub(report: Report): string {
  const out: string[] = [];
  const left = { error: 0, warning: 0, note: 0 };
  const used = { error: 0, warning: 0, note: 0 };
  for (const f of report.findings) {
    if (used[f.severity] >= MAX_ANNOTATIONS_PER_LEVEL) {
      left[f.severity]++;
      continue;
    }
    used[f.severity]++;
    out.push(annotation(f, report.environment));
  }
  const rest = left.error + left.warning + left.note;
  if (rest > 0) {
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
