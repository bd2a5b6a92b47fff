// Human output: findings grouped by file as `path:line:col severity rule-id message`, the findings on
// one node sharing one short code frame, then the checklist, the costliest fixes and the score with
// its breakdown.

import { createColors } from 'picocolors';
import type { ChecklistLine, Report, Score, Finding } from '../report/types.js';
import { costliestFixes, environmentLabel, failuresElsewhere, filesLine, headlineBreakdown } from '../report/view.js';
import type { FormatOptions } from './index.js';
import { findingFrames, frameText, type CodeFrame } from './frame.js';
import { inertCommandLine, terminalPath, visibleControls } from './escape.js';

export function formatText(report: Report, options: FormatOptions): string {
  const c = createColors(options.color);
  const sev = (s: Finding['severity']) => (s === 'error' ? c.red('error') : s === 'warning' ? c.yellow('warning') : c.blue('note'));
  const out: string[] = [];
  const frameOf = findingFrames(report, options);
  const breakdown = headlineBreakdown(report);

  if (!options.quiet || report.findings.length) {
    const shown = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
    let currentFile: string | undefined;
    for (const group of sameNodeGroups(shown)) {
      const first = group[0]!;
      if (first.file !== currentFile) {
        if (currentFile !== undefined) out.push('');
        out.push(c.underline(terminalPath(first.file)));
        currentFile = first.file;
      }
      // Every finding on one node, then its code frame once.
      for (const f of group) {
        // A finding of another environment than the headline says which (`(staging)`).
        const label = environmentLabel(f, report.environment);
        out.push(
          `${terminalPath(f.file)}:${f.range.start.line}:${f.range.start.column}${label ? ` ${c.cyan(`(${label})`)}` : ''} ${sev(f.severity)} ${c.dim(f.ruleId)} ${visibleControls(f.message)}`,
        );
        if (!options.quiet)
          for (const r of f.related ?? []) out.push(c.dim(`    ↳ ${visibleControls(r.file)}:${r.range.start.line}:${r.range.start.column} ${visibleControls(r.message)}`));
      }
      // -q is for a glance: the lines, no frames.
      const frame = options.quiet ? undefined : frameOf(first);
      if (frame) out.push(...frameText(visibleFrame(frame), c.dim, c.red));
    }
    if (shown.length) out.push('');
  }

  if (!options.quiet) {
    out.push(c.bold(`Checklist for ${report.environment} (${breakdown.checklist.length} rules)`));
    let category = '';
    for (const line of breakdown.checklist) {
      if (line.category !== category) {
        category = line.category;
        out.push(`  ${c.bold(category)}`);
      }
      const mark = line.failed ? c.red('✗') : line.passed || line.waived ? c.green('✓') : c.dim('–');
      const counts = [
        line.failed ? c.red(`${line.failed} fail`) : '',
        line.passed ? `${line.passed} pass` : '',
        line.waived ? c.yellow(`${line.waived} waived`) : '',
        !line.notApplicable ? (!line.failed && !line.passed && !line.waived ? c.dim('n/a') : '') : c.dim(`n/a: ${line.notApplicable}${notApplicableWhy(line)}`),
      ].filter(Boolean);
      const elsewhere = failuresElsewhere(report, line);
      const notes = [line.scope === 'repository' ? 'repository-wide' : '', elsewhere.length ? `also ${elsewhere.join(', ')}` : ''].filter(Boolean);
      out.push(`    ${mark} ${line.ruleId.padEnd(32)} ${counts.join(', ')}${notes.length ? c.dim(` (${notes.join('; ')})`) : ''}`);
    }
    out.push('');
    if (report.waived.length) {
      out.push(c.bold(`Waived (${report.waived.length})`));
      for (const f of report.waived) {
        const label = environmentLabel(f, report.environment);
        out.push(
          `  ${visibleControls(f.file)}:${f.range.start.line}:${f.range.start.column}${label ? ` (${label})` : ''} ${f.ruleId} — ${visibleControls(f.suppression?.reason ?? '')} ${c.dim(`(${f.suppression?.kind})`)}`,
        );
      }
      out.push('');
    }
  }

  if (!options.quiet) {
    const costliest = costliestFixes(report, FIX_FIRST_LIMIT);
    if (costliest.length) {
      out.push(c.bold(`Fix these first (points the ${report.environment} score gains once a rule's failures are fixed)`));
      for (const { category, fixes } of costliest) {
        out.push(`  ${c.bold(category)}`);
        for (const { ruleId, first, targets, findings, points } of fixes) {
          const count = `${targets} target${targets === 1 ? '' : 's'}${findings > targets ? `, ${findings} findings` : ''}`;
          out.push(
            `    ${c.green(`+${points.toFixed(1)}`.padStart(5))} ${ruleId.padEnd(32)} ${count}, first at ${visibleControls(first.file)}:${first.range.start.line}:${first.range.start.column}`,
          );
        }
      }
      out.push('');
    }
  }

  const s = report.score;
  out.push(`${c.bold('Score')} ${scoreText(s, c)} for ${report.environment}${report.overall.score !== s.score ? c.dim(` (overall ${plain(report.overall)})`) : ''}`);
  if (!options.quiet) {
    const cats = Object.entries(breakdown.categories).map(([k, v]) => `${k} ${plain(v!)}`);
    if (cats.length) out.push(`  categories: ${cats.join(' · ')}`);
    const envs = Object.entries(report.environments).map(([k, v]) => `${k} ${plain(v!)}`);
    if (envs.length) out.push(`  environments: ${envs.join(' · ')}`);
    const repositoryWide = breakdown.checklist.filter((l) => l.scope === 'repository' && l.failed > 0);
    if (repositoryWide.length) {
      out.push(`  repository-wide (failures count in every environment): ${repositoryWide.map((l) => `${l.ruleId} ${l.failed} fail`).join(' · ')}`);
    }
    const worst = report.files
      .filter((f) => f.score && f.score.score !== null && f.score.failed > 0)
      .sort((a, b) => a.score!.score! - b.score!.score! || (a.path < b.path ? -1 : 1))
      .slice(0, 5);
    if (worst.length) out.push(`  lowest files: ${worst.map((f) => `${visibleControls(f.path)} ${plain(f.score!)}`).join(' · ')}`);
    // The formula is one long sentence in the report; on a terminal, one clause per line, wrapped.
    out.push(c.dim(`  scoring v${report.scoring.version}:`));
    for (const clause of report.scoring.formula.split('; ')) for (const line of wrapWords(clause, 96)) out.push(c.dim(`    ${line}`));
  }
  const { errors, warnings, notes } = report.summary;
  out.push(
    `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}; ${filesLine(report)}${report.waived.length ? `; ${report.waived.length} waived` : ''}${report.baseline ? ` (${report.baseline.matched} by the baseline ${visibleControls(report.baseline.file)}; ${report.baseline.stale.length} stale entr${report.baseline.stale.length === 1 ? 'y' : 'ies'})` : ''}`,
  );
  for (const n of report.notices) out.push(c.yellow(`notice: ${visibleControls(n)}`));
  // Names and messages are single lines by now; no line may still read as a workflow command.
  return out.map(inertCommandLine).join('\n') + '\n';
}

/** ` (reason)` for the most frequent not-applicable reason, with the count when others exist (`n/a: 3 (2 Job runs to completion; …)`). */
function notApplicableWhy(line: ChecklistLine): string {
  const reasons = line.notApplicableReasons ?? [];
  if (reasons.length === 0) return '';
  const top = reasons[0]!;
  if (top.count === line.notApplicable) return ` (${visibleControls(top.reason)})`;
  return ` (${top.count} ${visibleControls(top.reason)}${line.notApplicable > top.count ? '; …' : ''})`;
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own); later lines indented. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** How many rules the "fix these first" list shows. */
const FIX_FIRST_LIMIT = 10;

/**
 * Findings grouped by the node they point at (same file and range), in report order: several
 * rules on one container line share one code frame instead of repeating it.
 */
function sameNodeGroups(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const { start, end } = f.range;
    const key = `${f.file}\u0000${start.line}:${start.column}-${end.line}:${end.column}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(f);
  }
  return [...groups.values()];
}

/** The frame with control characters in the code shown as `\uXXXX`, the underline moved to match. */
function visibleFrame(frame: CodeFrame): CodeFrame {
  const lines = frame.lines.map((l) => ({ ...l, text: visibleControls(l.text) }));
  const findingLine = frame.lines.find((l) => l.isFindingLine);
  if (!frame.underline || !findingLine) return { ...frame, lines };
  const { offset, length } = frame.underline;
  const start = visibleControls(findingLine.text.slice(0, offset)).length;
  const end = visibleControls(findingLine.text.slice(0, offset + length)).length;
  return { ...frame, lines, underline: { offset: start, length: Math.max(1, end - start) } };
}

function plain(s: Score): string {
  return s.score === null ? 'n/a' : `${s.score} (${s.grade})`;
}

function scoreText(s: Score, c: ReturnType<typeof createColors>): string {
  if (s.score === null) return c.dim('n/a (nothing applicable)');
  const text = `${s.score}/100 (${s.grade})`;
  return s.score >= 90 ? c.green(text) : s.score >= 70 ? c.yellow(text) : c.red(text);
}
