// Markdown for a GitHub job summary or PR comment: score and grade, the category table, the top
// findings with links to rule docs, and the checklist folded away.

import type { Finding, Report, Score } from '../report/types.js';
import { environmentLabel, failuresElsewhere, headlineBreakdown, ruleHelpUri, rulesOf } from '../report/view.js';
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
  const rules = rulesOf(report);
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
      out.push(
        `| ${ICON[f.severity]} | [${f.ruleId}](${ruleHelpUri(rules, f.ruleId)}) | ${url ? `[\`${markdownCodeSpan(where)}\`](${linkDestination(url)})` : `\`${markdownCodeSpan(where)}\``}${label ? ` (${label})` : ''} | ${markdownText(f.message)} |`,
      );
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
    out.push(`| [${l.ruleId}](${ruleHelpUri(rules, l.ruleId)})${scope} | ${l.category} | ${l.passed} | ${l.failed} | ${l.waived} | ${l.notApplicable} | ${elsewhere.join(', ')} |`);
  }
  out.push('', '</details>', '');
  const baselined = report.waived.filter((f) => f.suppression?.kind === 'baseline');
  if (report.baseline) {
    const stale = report.baseline.stale.length;
    out.push(`<details><summary>Baselined (${baselined.length})${stale ? `; ${stale} stale baseline entr${stale === 1 ? 'y' : 'ies'}` : ''}</summary>`, '');
    for (const f of baselined.slice(0, MAX_MARKDOWN_FINDINGS))
      out.push(`- \`${markdownCodeSpan(`${f.file}:${f.range.start.line}:${f.range.start.column}`)}\` ${f.ruleId}: ${markdownText(f.message)}`);
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

/** Findings listed per section of the PR comment; the rest are counted. */
export const MAX_PR_FINDINGS = 50;

export interface PullRequestView {
  head: Report;
  /** Undefined when the base commit could not be linted (not fetched). */
  base?: Report;
  introduced: readonly Finding[];
  fixed: readonly Finding[];
  unchanged: readonly Finding[];
  /** Link to a line of the head commit. */
  headUrl?: (path: string, line: number) => string;
  /** Link to a line of the base commit (where a fixed finding was). */
  baseUrl?: (path: string, line: number) => string;
  /** Markdown placed under the headline, already escaped (the config changes). */
  preface?: string;
}

/**
 * The PR comment: what this change introduced (with links to the head), what it fixed, the score
 * and its change (per environment when several changed), then what was already there, folded.
 * One line per finding (icon, location link, message, rule id in a short code span) to fit the
 * comment column.
 */
export function formatPullRequestComment(view: PullRequestView): string {
  const { head, base } = view;
  const out: string[] = [];
  out.push(`## readiness-lint: ${scoreText(head.score)} for ${head.environment}`, '');
  if (view.preface) out.push(view.preface.trimEnd(), '');
  if (!base) {
    out.push(
      'The base commit could not be linted (not in the clone: check out with `fetch-depth: 2` or more), so new and fixed findings are unknown; every finding is listed below.',
      '',
      ...findingList(head.findings, head.environment, view.headUrl),
    );
  } else {
    const n = view.introduced.length;
    out.push(
      `**${n}** new finding${n === 1 ? '' : 's'}${n ? ` (${severityCounts(view.introduced)})` : ''}, **${view.fixed.length}** fixed, ${view.unchanged.length} already there.`,
      '',
    );
    out.push(`### New in this pull request (${n})`, '');
    out.push(...(n ? findingList(view.introduced, head.environment, view.headUrl) : ['None. ✅']), '');
    out.push(`### Fixed by this pull request (${view.fixed.length})`, '');
    out.push(...(view.fixed.length ? findingList(view.fixed, base.environment, view.baseUrl) : ['None.']), '');
    out.push('### Score', '', ...scoreDelta(head, base), '');
    if (view.unchanged.length) {
      out.push(`<details><summary>Already there before this pull request (${view.unchanged.length})</summary>`, '');
      out.push(...findingList(view.unchanged, head.environment, view.headUrl), '', '</details>');
    }
  }
  out.push('', `<sub>readiness-lint ${head.tool.version} · scoring v${head.scoring.version} · the job summary has the categories and the checklist</sub>`, '');
  return out.join('\n');
}

function severityCounts(findings: readonly Finding[]): string {
  const parts: string[] = [];
  for (const s of ['error', 'warning', 'note'] as const) {
    const n = findings.filter((f) => f.severity === s).length;
    if (n) parts.push(`${n} ${s}${n === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}

function findingList(findings: readonly Finding[], headline: Report['environment'], url?: (path: string, line: number) => string): string[] {
  const sorted = [...findings].sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line));
  const shown = sorted.slice(0, MAX_PR_FINDINGS);
  const lines = shown.map((f) => {
    const where = `${f.file}:${f.range.start.line}`;
    const link = url?.(f.file, f.range.start.line);
    const label = environmentLabel(f, headline);
    const location = link ? `[\`${markdownCodeSpan(where)}\`](${linkDestination(link)})` : `\`${markdownCodeSpan(where)}\``;
    return `- ${ICON[f.severity]} ${location}${label ? ` (${markdownText(label)})` : ''} ${markdownText(f.message)} \`${markdownCodeSpan(f.ruleId)}\``;
  });
  if (sorted.length > shown.length) lines.push(`- … and ${sorted.length - shown.length} more (see the job summary or the SARIF results)`);
  return lines;
}

/** The headline score against the base, and a row per environment when more than one changed. */
function scoreDelta(head: Report, base: Report): string[] {
  const lines = [`**${scoreText(head.score)}** for ${head.environment}: ${deltaText(head.score.score, base.score.score)} against the base commit (${scoreText(base.score)})`];
  const names = [...new Set([...Object.keys(head.environments), ...Object.keys(base.environments)])] as Report['environment'][];
  const changed = names.filter((e) => (head.environments[e]?.score ?? null) !== (base.environments[e]?.score ?? null));
  if (changed.length > 1) {
    lines.push('', '| environment | base | head | change |', '|---|---:|---:|---:|');
    for (const e of changed) {
      const before = base.environments[e];
      const now = head.environments[e];
      lines.push(`| ${e} | ${before ? scoreText(before) : 'n/a'} | ${now ? scoreText(now) : 'n/a'} | ${deltaText(now?.score ?? null, before?.score ?? null)} |`);
    }
  }
  return lines;
}

function deltaText(now: number | null, before: number | null): string {
  if (now === null || before === null) return 'change unknown';
  const delta = now - before;
  return delta > 0 ? `▲ +${delta}` : delta < 0 ? `▼ ${delta}` : '= no change';
}
