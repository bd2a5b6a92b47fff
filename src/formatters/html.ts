// One self-contained HTML page: inline CSS, no script, no external asset (a Content-Security-Policy
// forbids all of them, so even a missed escape could not run code or call home). It reads top
// down at any size: the score, counts by severity and an index of the files with findings come
// first; each file's findings fold under a <details>; checkboxes filter findings by severity,
// category and environment through CSS alone (`:has()`), so filtering needs no script either.
// Then the score tables, every file read, the checklist, waived findings and notices. Code frames
// are redacted as in the text format. Byte-identical for the same report.

import type { ChecklistLine, Finding, Report, ReportFile, RuleDescriptor, Score } from '../report/types.js';
import { failuresElsewhere, headlineBreakdown, ruleHelpUri, rulesOf } from '../report/view.js';
import { findingFrames, type CodeFrame } from './frame.js';
import type { FormatOptions } from './index.js';
import { escapeAttribute as attr, escapeText as esc } from './markup.js';

/** Up to this many findings every file is shown unfolded (a small project reads as one page). */
const UNFOLDED_FINDINGS = 30;
/** Up to this many files the table of every file read is shown unfolded. */
const UNFOLDED_FILES = 50;

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;--error:#cf222e;--warning:#9a6700;--note:#0969da;--mark:#ffebe9}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;--line:#3d444d;--error:#ff7b72;--warning:#d29922;--note:#58a6ff;--mark:#5a1e1e}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}h3{font-size:1rem;margin:1rem 0 .5rem}
header p{margin:.25rem 0}
a{color:var(--note)}
code,pre,.loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
p code,li code,td code{background:var(--panel);border-radius:.2rem;padding:0 .2em}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:var(--panel)}
td{overflow-wrap:anywhere}td.n{text-align:right;font-variant-numeric:tabular-nums}td.grade-cell{white-space:nowrap}
.muted{color:var(--muted)}
.grade{display:inline-block;min-width:2.2em;padding:0 .4em;border-radius:.3em;color:#fff;font-weight:600;text-align:center}
.grade-A{background:#1a7f37}.grade-B{background:#4d8b1f}.grade-C{background:#9a6700}.grade-D{background:#bc4c00}.grade-F{background:#cf222e}.grade-na{background:#6e7781}
#overview{border:1px solid var(--line);border-radius:.4rem;padding:.5rem 1rem;margin:1rem 0;background:var(--panel)}
#overview h2{margin:.75rem 0 .25rem;font-size:1.05rem}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.25rem 0}.count{border:1px solid var(--line);border-radius:1rem;padding:0 .75rem;background:var(--bg);font-weight:600}
.count.error{color:var(--error)}.count.warning{color:var(--warning)}.count.note{color:var(--note)}
.filters{margin:.25rem 0}.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.1rem .75rem;align-items:center}
.filters legend{float:left;min-width:7.5rem;color:var(--muted)}.filters label{white-space:nowrap;cursor:pointer}
.index{max-height:22rem;overflow:auto;border:1px solid var(--line);background:var(--bg)}.index table{margin:0;border:0}.index th{position:sticky;top:0}
details.file{border:1px solid var(--line);border-radius:.4rem;margin:.5rem 0;padding:0 .75rem}
.findings{scroll-margin-top:3rem}
details.file>summary{cursor:pointer;padding:.4rem 0;word-break:break-all}details.file[open]>summary{border-bottom:1px solid var(--line)}
.tally{font-size:.85rem;margin-left:.5rem}.tally .error{color:var(--error)}.tally .warning{color:var(--warning)}.tally .note{color:var(--note)}
.finding{border:1px solid var(--line);border-left:4px solid var(--note);border-radius:.3rem;padding:.5rem .75rem;margin:.5rem 0;background:var(--panel)}
.finding.error{border-left-color:var(--error)}.finding.warning{border-left-color:var(--warning)}
.sev{font-weight:600;text-transform:uppercase;font-size:.75rem}.sev.error{color:var(--error)}.sev.warning{color:var(--warning)}.sev.note{color:var(--note)}
.finding p{margin:.25rem 0}
pre{margin:.5rem 0 0;padding:.5rem;background:var(--bg);border:1px solid var(--line);border-radius:.3rem;overflow-x:auto}
pre .ln{color:var(--muted);user-select:none}pre .hit{font-weight:600}mark{background:var(--mark);color:inherit;text-decoration:underline wavy var(--error)}
`;

const SEVERITIES = ['error', 'warning', 'note'] as const;

/**
 * One row of filter checkboxes: an unchecked box hides (CSS only) the findings carrying its class.
 * Class names and ids are made from the group's letter and an index, never from report text.
 */
interface FilterGroup {
  legend: string;
  prefix: 's' | 'c' | 'e';
  values: string[];
}

export function formatHtml(report: Report, options: Pick<FormatOptions, 'sources' | 'secretSpans' | 'fileUrl'> = {}): string {
  const out: string[] = [];
  const s = report.score;
  const { errors, warnings, notes, files } = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

  // Findings are sorted by file, so each file's findings are consecutive.
  const sectionIds = new Map<string, string>();
  const tallies = new Map<string, Record<(typeof SEVERITIES)[number], number>>();
  for (const f of report.findings) {
    if (!sectionIds.has(f.file)) sectionIds.set(f.file, `file-${sectionIds.size + 1}`);
    let tally = tallies.get(f.file);
    if (!tally) tallies.set(f.file, (tally = { error: 0, warning: 0, note: 0 }));
    tally[f.severity]++;
  }
  const groups: FilterGroup[] = [
    { legend: 'severity', prefix: 's', values: SEVERITIES.filter((v) => report.findings.some((f) => f.severity === v)) },
    { legend: 'category', prefix: 'c', values: distinct(report.findings.map((f) => f.category)) },
    { legend: 'environment', prefix: 'e', values: distinct(report.findings.map((f) => f.environment)) },
  ];
  const filterClass = (group: FilterGroup, value: string) => `f-${group.prefix}${group.values.indexOf(value)}`;
  const findingClasses = (f: Finding) => [filterClass(groups[0]!, f.severity), filterClass(groups[1]!, f.category), filterClass(groups[2]!, f.environment)].join(' ');
  const filterCss = groups.flatMap((g) => g.values.map((v) => `body:has(#show-${filterClass(g, v)}:not(:checked)) .${filterClass(g, v)}{display:none}`));

  out.push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${attr(`${report.tool.name} ${report.tool.version}`)}">`,
    `<title>${esc(`readiness-lint: ${scoreText(s)}${s.grade ? ` (${s.grade})` : ''} for ${report.environment}`)}</title>`,
    `<style>${STYLE}${filterCss.join('\n')}\n</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>readiness-lint ${grade(s)} ${esc(scoreText(s))}</h1>`,
    `<p>for <strong>${esc(report.environment)}</strong> · ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')} in ${plural(sectionIds.size, 'file')} with findings of ${plural(files, 'file')} read${report.waived.length ? `; ${report.waived.length} waived` : ''} · overall ${grade(report.overall)} ${esc(scoreText(report.overall))}</p>`,
    '</header>',
  );

  const breakdown = headlineBreakdown(report);
  // The overview: what a reader needs before scrolling, at any report size.
  out.push('<nav id="overview" aria-label="Overview">');
  out.push(
    '<p class="counts">' +
      SEVERITIES.map((v) => `<a class="count ${v}" href="#findings">${plural(v === 'error' ? errors : v === 'warning' ? warnings : notes, v)}</a>`).join(' ') +
      ` <span class="muted">categories:</span> ${Object.entries(breakdown.categories)
        .filter((e): e is [string, Score] => e[1] !== undefined)
        .map(([name, c]) => `${esc(name)} ${grade(c)}`)
        .join(' ')}</p>`,
  );
  if (report.findings.length) {
    out.push('<div class="filters">');
    for (const g of groups) {
      out.push(`<fieldset><legend>show ${esc(g.legend)}</legend>`);
      for (const v of g.values) {
        const count = report.findings.filter((f) => (g.prefix === 's' ? f.severity : g.prefix === 'c' ? f.category : f.environment) === v).length;
        out.push(`<label><input type="checkbox" id="show-${filterClass(g, v)}" checked> ${esc(v)} <span class="muted">(${count})</span></label>`);
      }
      out.push('</fieldset>');
    }
    out.push('</div>');
  }
  out.push(`<h2>Files with findings (${sectionIds.size} of ${files})</h2>`);
  const fileScores = new Map(report.files.map((f) => [f.path, f.score]));
  if (sectionIds.size) {
    // most errors first, then most warnings: where to start fixing
    const ranked = [...tallies].sort(([a, x], [b, y]) => y.error - x.error || y.warning - x.warning || y.note - x.note || (a < b ? -1 : a > b ? 1 : 0));
    out.push('<div class="index">', '<table>', '<thead><tr><th>file</th><th>errors</th><th>warnings</th><th>notes</th><th>score</th></tr></thead>', '<tbody>');
    for (const [path, t] of ranked) {
      const fileScore = fileScores.get(path);
      out.push(
        `<tr><td><a href="#${attr(sectionIds.get(path)!)}-findings"><code>${esc(path)}</code></a></td><td class="n">${t.error}</td><td class="n">${t.warning}</td><td class="n">${t.note}</td>` +
          `<td class="grade-cell">${fileScore ? `${grade(fileScore)} ${esc(scoreText(fileScore))}` : '<span class="muted">n/a</span>'}</td></tr>`,
      );
    }
    out.push('</tbody>', '</table>', '</div>');
  } else {
    out.push('<p>No findings.</p>');
  }
  const jump = [
    ['findings', 'Findings'],
    ['score', 'Score'],
    ['files', 'All files'],
    ['checklist', 'Checklist'],
  ];
  if (report.waived.length) jump.push(['waived', 'Waived']);
  if (report.notices.length) jump.push(['notices', 'Notices']);
  out.push(`<p class="jump">${jump.map(([id, label]) => `<a href="#${id}">${label}</a>`).join(' · ')}</p>`, '</nav>', '<main>');

  const frameOf = findingFrames(report, options);
  const rules = rulesOf(report);
  const open = report.findings.length <= UNFOLDED_FINDINGS ? ' open' : '';
  out.push('<section id="findings">', `<h2>Findings (${report.findings.length})</h2>`);
  if (!report.findings.length) out.push('<p>No findings.</p>');
  let current: string | undefined;
  for (const f of report.findings) {
    if (f.file !== current) {
      if (current !== undefined) out.push('</div>', '</details>');
      current = f.file;
      const fileScore = fileScores.get(f.file);
      const t = tallies.get(f.file)!;
      const tally = SEVERITIES.filter((v) => t[v])
        .map((v) => `<span class="${v}">${plural(t[v], v)}</span>`)
        .join(', ');
      out.push(
        `<details class="file" id="${sectionIds.get(f.file)}"${open}>`,
        `<summary><code>${esc(f.file)}</code>${fileScore ? ` ${grade(fileScore)} <span class="muted">${esc(scoreText(fileScore))}</span>` : ''}<span class="tally">${tally}</span></summary>`,
        // links point inside the fold: following one unfolds the file (the browser opens a closed
        // <details> around a link's target), no script needed
        `<div class="findings" id="${sectionIds.get(f.file)}-findings">`,
      );
    }
    out.push(...finding(f, frameOf(f), options.fileUrl, findingClasses(f), rules));
  }
  if (current !== undefined) out.push('</div>', '</details>');
  out.push('</section>');

  out.push('<section id="score">', '<h2>Score</h2>');
  out.push(`<p>Categories for <strong>${esc(report.environment)}</strong> (the headline); each environment is scored on its own outcomes plus every repository-wide failure.</p>`);
  out.push(...scoreTable('category', Object.entries(breakdown.categories)));
  out.push(...scoreTable('environment', Object.entries(report.environments)));
  out.push(`<p class="muted">${esc(report.scoring.formula)} (scoring v${esc(String(report.scoring.version))})</p>`, '</section>');

  out.push('<section id="files">', `<h2>Files (${report.files.length})</h2>`);
  // thousands of rows (a charts repository) fold away: the overview's index lists the files with findings
  const foldFiles = report.files.length > UNFOLDED_FILES;
  if (foldFiles) out.push(`<details><summary>All ${report.files.length} files read, with the environment each is judged as</summary>`);
  out.push('<table>', '<thead><tr><th>file</th><th>kind</th><th>environment</th><th>score</th><th>passed</th><th>failed</th><th>waived</th><th>n/a</th></tr></thead>', '<tbody>');
  for (const file of report.files) out.push(fileRow(file, sectionIds.get(file.path)));
  out.push('</tbody>', '</table>');
  if (foldFiles) out.push('</details>');
  out.push('</section>');

  out.push('<section id="checklist">', `<h2>Checklist for ${esc(report.environment)} (${breakdown.checklist.length} rules)</h2>`);
  out.push(...checklistTable(rules, breakdown.checklist, (l) => failuresElsewhere(report, l).join(', ')));
  // Each other environment's own checklist, folded away.
  for (const [environment, verdict] of Object.entries(report.environments)) {
    if (environment === report.environment || !verdict?.checklist) continue;
    out.push(
      `<details><summary>Checklist for ${esc(environment)} ${grade(verdict)} ${esc(scoreText(verdict))}</summary>`,
      ...checklistTable(rules, verdict.checklist),
      '</details>',
    );
  }
  out.push('</section>');

  if (report.waived.length) {
    out.push(
      '<section id="waived">',
      `<h2>Waived (${report.waived.length})</h2>`,
      '<table>',
      '<thead><tr><th>rule</th><th>where</th><th>message</th><th>reason</th></tr></thead>',
      '<tbody>',
    );
    for (const f of report.waived) {
      out.push(
        `<tr><td>${ruleLink(rules, f.ruleId)}</td><td class="loc">${esc(where(f.file, f))}</td><td>${messageHtml(f.message)}</td>` +
          `<td>${esc(f.suppression?.reason ?? '')} <span class="muted">(${esc(f.suppression?.kind ?? '')})</span></td></tr>`,
      );
    }
    out.push('</tbody>', '</table>', '</section>');
  }

  if (report.notices.length) {
    out.push('<section id="notices">', '<h2>Notices</h2>', '<ul>', ...report.notices.map((n) => `<li>${messageHtml(n)}</li>`), '</ul>', '</section>');
  }

  out.push(
    '</main>',
    `<footer><p class="muted">${esc(`${report.tool.name} ${report.tool.version} · report v${report.reportVersion} · scoring v${report.scoring.version}`)} · <a href="${attr(report.tool.informationUri)}">${esc(report.tool.informationUri)}</a></p></footer>`,
    '</body>',
    '</html>',
    '',
  );
  return out.join('\n');
}

function distinct<T extends string>(values: T[]): T[] {
  return [...new Set(values)].sort();
}

/**
 * A message's markup, as the text format shows it: text between backticks (names, values, keys)
 * as <code>. Every part is escaped; a backtick without a partner stays a backtick.
 */
export function messageHtml(message: string): string {
  const parts = message.split('`');
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const inCode = i % 2 === 1 && i < parts.length - 1;
    if (i % 2 === 1 && !inCode) out += '`';
    out += inCode ? `<code>${esc(parts[i]!)}</code>` : esc(parts[i]!);
  }
  return out;
}

function finding(f: Finding, frame: CodeFrame | undefined, fileUrl: FormatOptions['fileUrl'], classes: string, rules: ReadonlyMap<string, RuleDescriptor>): string[] {
  const location = where(f.file, f);
  const url = fileUrl?.(f.file, f.range.start.line);
  const out = [
    `<article class="finding ${attr(f.severity)} ${classes}">`,
    `<p><span class="sev ${attr(f.severity)}">${esc(f.severity)}</span> ${ruleLink(rules, f.ruleId)} ` +
      (url ? `<a class="loc" href="${attr(url)}">${esc(location)}</a>` : `<span class="loc">${esc(location)}</span>`) +
      ` <span class="muted">${esc(f.category)} · ${esc(f.environment)}${f.scope === 'repository' ? ' · repository-wide' : ''}</span></p>`,
    `<p>${messageHtml(f.message)}</p>`,
    `<p class="muted">${esc(f.target)}</p>`,
  ];
  if (f.related?.length) {
    out.push('<ul>', ...f.related.map((r) => `<li><span class="loc">${esc(where(r.file, r))}</span> ${messageHtml(r.message)}</li>`), '</ul>');
  }
  if (frame?.lines.length) out.push(frameHtml(frame));
  out.push('</article>');
  return out;
}

function frameHtml(frame: CodeFrame): string {
  const width = String(frame.line).length;
  const rows = frame.lines.map((l) => {
    const gutter = `<span class="ln">${l.isFindingLine ? '&gt;' : ' '} ${String(l.number).padStart(width)} | </span>`;
    if (!l.isFindingLine || !frame.underline) return gutter + esc(l.text);
    const { offset, length } = frame.underline;
    const marked = l.text.slice(offset, offset + length);
    // A finding at the end of its line marks the (empty) end so it stays visible.
    return `<span class="hit">${gutter}${esc(l.text.slice(0, offset))}<mark>${marked ? esc(marked) : ' '}</mark>${esc(l.text.slice(offset + length))}</span>`;
  });
  return `<pre>${rows.join('\n')}</pre>`;
}

function checklistTable(rules: ReadonlyMap<string, RuleDescriptor>, lines: readonly ChecklistLine[], elsewhere?: (line: ChecklistLine) => string): string[] {
  const out = [
    '<table>',
    `<thead><tr><th>rule</th><th>title</th><th>category</th><th>severity</th><th>passed</th><th>failed</th><th>waived</th><th>n/a</th>${elsewhere ? '<th>fails in other environments</th>' : ''}</tr></thead>`,
    '<tbody>',
  ];
  for (const l of lines) {
    const scope = l.scope === 'repository' ? ' <span class="muted">(repository-wide)</span>' : '';
    out.push(
      `<tr><td>${ruleLink(rules, l.ruleId)}</td><td>${esc(l.title)}${scope}</td><td>${esc(l.category)}</td><td><span class="sev ${attr(l.severity)}">${esc(l.severity)}</span></td>` +
        `<td class="n">${l.passed}</td><td class="n">${l.failed}</td><td class="n">${l.waived}</td><td class="n">${l.notApplicable}</td>${elsewhere ? `<td>${esc(elsewhere(l))}</td>` : ''}</tr>`,
    );
  }
  out.push('</tbody>', '</table>');
  return out;
}

/** The environment a file is judged as (a file naming none is judged as the headline), with why on hover. */
function environmentCell(file: ReportFile): string {
  const evidence = file.environmentEvidence;
  if (!evidence) return `<td>${esc(file.environment)}</td>`;
  return `<td title="${attr(evidence.detail)}">${esc(evidence.environment)}</td>`;
}

function fileRow(file: ReportFile, sectionId: string | undefined): string {
  const name = sectionId ? `<a href="#${attr(sectionId)}-findings"><code>${esc(file.path)}</code></a>` : `<code>${esc(file.path)}</code>`;
  if (file.skipped) return `<tr><td>${name}</td><td>${esc(file.kind)}</td>${environmentCell(file)}<td colspan="5" class="muted">skipped: ${esc(file.skipped)}</td></tr>`;
  const s = file.score;
  const counts = s ? [s.passed, s.failed, s.waived, s.notApplicable].map((n) => `<td class="n">${n}</td>`).join('') : '<td class="n">0</td>'.repeat(4);
  return `<tr><td>${name}</td><td>${esc(file.kind)}</td>${environmentCell(file)}<td>${s ? `${grade(s)} ${esc(scoreText(s))}` : '<span class="muted">n/a</span>'}</td>${counts}</tr>`;
}

function scoreTable(label: string, rows: [string, Score | undefined][]): string[] {
  if (!rows.length) return [];
  const out = ['<table>', `<thead><tr><th>${esc(label)}</th><th>score</th><th>passed</th><th>failed</th><th>waived</th><th>n/a</th></tr></thead>`, '<tbody>'];
  for (const [name, s] of rows) {
    if (!s) continue;
    out.push(
      `<tr><td>${esc(name)}</td><td>${grade(s)} ${esc(scoreText(s))}</td><td class="n">${s.passed}</td><td class="n">${s.failed}</td><td class="n">${s.waived}</td><td class="n">${s.notApplicable}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>');
  return out;
}

function ruleLink(rules: ReadonlyMap<string, RuleDescriptor>, ruleId: string): string {
  return `<a href="${attr(ruleHelpUri(rules, ruleId))}"><code>${esc(ruleId)}</code></a>`;
}

function where(file: string, at: Pick<Finding, 'range'>): string {
  return `${file}:${at.range.start.line}:${at.range.start.column}`;
}

function grade(s: Score): string {
  return s.grade ? `<span class="grade grade-${attr(s.grade)}">${esc(s.grade)}</span>` : '<span class="grade grade-na">–</span>';
}

function scoreText(s: Score): string {
  return s.score === null ? 'n/a' : `${s.score}/100`;
}
