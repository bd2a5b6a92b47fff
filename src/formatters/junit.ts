// JUnit XML for CI test views (GitLab `artifacts:reports:junit`, Jenkins' JUnit plugin, Azure
// DevOps' PublishTestResults).
//
// Grouping: one <testsuite> per file, one failing <testcase> per finding. A file is what a
// developer opens to fix things, and it is how lint reports are laid out in these views already
// (ESLint's and Checkstyle's JUnit output). The testcase's classname is the file path as well,
// because GitLab shows the classname as the "Suite" column and merges all suites of a job into one
// list, and Azure DevOps prefixes it to the test name; Jenkins splits it at the last dot into
// package and class, which keeps files of one folder together. The testcase name is
// `rule-id: message`, without line numbers, so Jenkins' "failing since" history survives edits
// above a finding. Waived findings and skipped files are <skipped>; a file that rules judged without
// findings gets one passing testcase, so clean files count as passed tests rather than vanishing.
// Deterministic: no timestamps, hostnames or durations (time="0").

import { ruleHelpUri, rulesOf } from '../report/view.js';
import type { Finding, Report, ReportFile } from '../report/types.js';
import { findingFrames, frameText } from './frame.js';
import type { FormatOptions } from './index.js';
import { escapeAttribute as attr, escapeText as esc } from './markup.js';
import { chunksToString } from './stream.js';

interface TestCase {
  name: string;
  file: string;
  line?: number;
  /** XML of the result element, if not passed. */
  result?: string;
}

/** JUnit XML as chunks (a test case at a time): no size limit. */
export function* junitChunks(report: Report, options: Pick<FormatOptions, 'sources' | 'secretSpans'> = {}): Generator<string> {
  const frameOf = findingFrames(report, options);
  const rules = rulesOf(report);
  const byFile = new Map<string, TestCase[]>();
  const add = (file: string, test: TestCase) => {
    let tests = byFile.get(file);
    if (!tests) byFile.set(file, (tests = []));
    tests.push(test);
  };
  for (const f of report.findings) {
    const frame = frameOf(f);
    const body = [...failureText(f, ruleHelpUri(rules, f.ruleId)), ...(frame ? ['', ...frameText(frame)] : [])].join('\n');
    add(f.file, {
      name: `${f.ruleId}: ${f.message}`,
      file: f.file,
      line: f.range.start.line,
      result: `<failure message="${attr(f.message)}" type="${attr(f.severity)}">${esc(body)}</failure>`,
    });
  }
  // Expired and unused waivers: a skipped case at the waiver's line (they never fail the run).
  for (const w of report.waiverProblems ?? []) {
    add(w.file, { name: `${w.problem} waiver: ${w.message}`, file: w.file, line: w.line, result: `<skipped message="${attr(w.message)}"/>` });
  }
  for (const f of report.waived) {
    const reason = `waived (${f.suppression?.kind ?? 'config'}): ${f.suppression?.reason ?? ''}`;
    add(f.file, { name: `${f.ruleId}: ${f.message}`, file: f.file, line: f.range.start.line, result: `<skipped message="${attr(reason)}"/>` });
  }

  const suites: { name: string; tests: TestCase[] }[] = [];
  const seen = new Set<string>();
  for (const file of report.files) {
    seen.add(file.path);
    const tests = byFile.get(file.path) ?? fileCase(file);
    if (tests.length) suites.push({ name: file.path, tests });
  }
  // Findings may point into a file the report does not list (a related Helm values file).
  for (const [path, tests] of byFile) if (!seen.has(path)) suites.push({ name: path, tests });
  suites.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const count = (tests: TestCase[], kind: string) => tests.filter((t) => t.result?.startsWith(`<${kind}`)).length;
  const all = suites.flatMap((s) => s.tests);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="readiness-lint" tests="${all.length}" failures="${count(all, 'failure')}" errors="0" skipped="${count(all, 'skipped')}" time="0">\n`;
  for (const suite of suites) {
    yield `  <testsuite name="${attr(suite.name)}" tests="${suite.tests.length}" failures="${count(suite.tests, 'failure')}" errors="0" skipped="${count(suite.tests, 'skipped')}" time="0">\n`;
    for (const t of uniqueNames(suite.tests)) {
      const open = `    <testcase name="${attr(t.name)}" classname="${attr(suite.name)}" file="${attr(t.file)}"${t.line !== undefined ? ` line="${t.line}"` : ''} time="0"`;
      yield t.result ? `${open}>\n      ${t.result}\n    </testcase>\n` : `${open}/>\n`;
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

/** The same text in one string. */
export function formatJunit(report: Report, options: Pick<FormatOptions, 'sources' | 'secretSpans'> = {}): string {
  return chunksToString(junitChunks(report, options));
}

/** A file without findings: passed if some rule judged it, nothing if none did (.gitignore). */
function fileCase(file: ReportFile): TestCase[] {
  if (file.skipped) return [{ name: 'not linted', file: file.path, result: `<skipped message="${attr(file.skipped)}"/>` }];
  return file.score ? [{ name: 'no findings', file: file.path }] : [];
}

function failureText(f: Finding, helpUri: string): string[] {
  return [
    `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.severity} ${f.ruleId}`,
    f.message,
    `target: ${f.target}`,
    `environment: ${f.environment}`,
    ...(f.related ?? []).map((r) => `related: ${r.file}:${r.range.start.line}:${r.range.start.column} ${r.message}`),
    `rule: ${helpUri}`,
  ];
}

/** Repeated names in one suite (the same rule and message twice in a file) get an ordinal. */
function uniqueNames(tests: TestCase[]): TestCase[] {
  const seen = new Map<string, number>();
  return tests.map((t) => {
    const n = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, n);
    return n === 1 ? t : { ...t, name: `${t.name} (${n})` };
  });
}
