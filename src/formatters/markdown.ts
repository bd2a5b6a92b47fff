// Markdown for a GitHub job summary or PR comment: score and grade, the category table, the top
// findings with links to rule docs, and the checklist folded away.

import { ruleDocsUrl } from '../report/build.js';
import type { Finding, Report, Score } from '../report/types.js';
import { environmentLabel, failuresElsewhere, headlineBreakdown } from '../report/view.js';
import type { FormatOptions } from './index.js';
import { markdownCodeSpan, markdownText } from './escape.js';

export const MAX_MARKDOWN_FINDINGS = 20;
const ICON = { error: '🔴', warning: '🟠', note: '🔵' } as const;

export interface MarkdownOptions extends Pick<FormatOptions, 'fileUrl'> {
  /** Markdown placed right under the headline, already escaped (the Action's config changes). */
  preface?: string;
}

export function formatMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const s = report.score;
  out.push(`## readiness-lint: ${scoreText(s)} for ${report.environment}`);
  out.push('');
  if (options.preface) out.push(options.preface.trimEnd(), '');
  const { errors, warnings, notes, files } = report.summary;
  const parts = [`**${errors}** error${errors === 1 ? '' : 's'}`, `**${warnings}** warning${warnings === 1 ? '' : 's'}`, `**${notes}** note${notes === 1 ? '' : 's'}`];
  out.push(`${parts.join(', ')} in ${files} file${files === 1 ? '' : 's'}${report.waived.length ? `; ${report.waived.length} waived` : ''}. Overall ${scoreText(report.overall)}.`);
  out.push('');

  const breakdown = headlineBreakdown(report);
  const categories = Object.entries(breakdown.categories);
  if (categories.length) {
    out.push(`| category (${report.environment}) | score | passed | failed | waived | n/a |`, '|---|---:|---:|---:|---:|---:|');
    for (const [name, c] of categories) out.push(`| ${name} | ${scoreText(c!)} | ${c!.passed} | ${c!.failed} | ${c!.waived} | ${c!.notApplicable} |`);
    out.push('');
  }
  // Every environment's own verdict (repository-wide failures count in each).
  const environments = Object.entries(report.environments);
  if (environments.length > 1) {
    out.push('| environment | score | passed | failed | waived | n/a |', '|---|---:|---:|---:|---:|---:|');
    for (const [name, e] of environments) {
      out.push(`| ${name === report.environment ? `**${name}** (headline)` : name} | ${scoreText(e!)} | ${e!.passed} | ${e!.failed} | ${e!.waived} | ${e!.notApplicable} |`);
    }
    out.push('');
  }

  if (report.findings.length) {
    const top = [...report.findings].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_MARKDOWN_FINDINGS);
    out.push(`### Findings${report.findings.length > top.length ? ` (top ${top.length} of ${report.findings.length})` : ''}`, '');
    out.push('| | rule | where | message |', '|---|---|---|---|');
    for (const f of top) {
      const where = `${f.file}:${f.range.start.line}:${f.range.start.column}`;
      const url = options.fileUrl?.(f.file, f.range.start.line);
      const label = environmentLabel(f, report.environment);
      out.push(`| ${ICON[f.severity]} | [${f.ruleId}](${ruleDocsUrl(f.ruleId)}) | ${url ? `[\`${markdownCodeSpan(where)}\`](${linkDestination(url)})` : `\`${markdownCodeSpan(where)}\``}${label ? ` (${label})` : ''} | ${markdownText(f.message)} |`);
    }
    out.push('');
  } else {
    out.push('No findings. ✅', '');
  }

  out.push('<details><summary>Checklist</summary>', '', `Checklist for ${report.environment}; repository-wide rules count their failures in every environment.`, '');
  out.push('| rule | category | pass | fail | waived | n/a | other environments |', '|---|---|---:|---:|---:|---:|---|');
  for (const l of breakdown.checklist) {
    const elsewhere = failuresElsewhere(report, l);
    const scope = l.scope === 'repository' ? ' (repository-wide)' : '';
    out.push(`| [${l.ruleId}](${ruleDocsUrl(l.ruleId)})${scope} | ${l.category} | ${l.passed} | ${l.failed} | ${l.waived} | ${l.notApplicable} | ${elsewhere.join(', ')} |`);
  }
  out.push('', '</details>', '');
  const baselined = report.waived.filter((f) => f.suppression?.kind === 'baseline');
  if (report.baseline) {
    const stale = report.baseline.stale.length;
    out.push(`<details><summary>Baselined (${baselined.length})${stale ? `; ${stale} stale baseline entr${stale === 1 ? 'y' : 'ies'}` : ''}</summary>`, '');
    for (const f of baselined.slice(0, MAX_MARKDOWN_FINDINGS)) out.push(`- \`${markdownCodeSpan(`${f.file}:${f.range.start.line}:${f.range.start.column}`)}\` ${f.ruleId}: ${markdownText(f.message)}`);
    if (baselined.length > MAX_MARKDOWN_FINDINGS) out.push(`- … and ${baselined.length - MAX_MARKDOWN_FINDINGS} more`);
    out.push('', '</details>', '');
  }
  if (report.notices.length) {
    out.push('<details><summary>Notices</summary>', '', ...report.notices.map((n) => `- ${markdownText(n)}`), '', '</details>', '');
  }
  out.push(`<sub>readiness-lint ${report.tool.version} · scoring v${report.scoring.version}</sub>`, '');
  return out.join('\n');
}

function scoreText(s: Score): string {
  return s.score === null ? 'n/a' : `${s.score}/100 (${s.grade})`;
}

function rank(f: Finding): number {
  return f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2;
}

/** A link destination carrying a file name: characters that would end the link or the table
 * cell (parentheses, brackets, blanks, pipes, quotes) percent-encoded. */
function linkDestination(url: string): string {
  return url.replace(/[()<>[\]\s|"'`\\]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
