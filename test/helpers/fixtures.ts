// Reads rule fixture cases: each direct child of rules/<id>/fixtures/{pass,fail} is one case (a
// folder = a mini-project, a file = a one-file project). Expectations are comments in the files:
//   # expect-next-line: <rule-id>@<column> <messageId>[, <rule-id>@<column> <messageId>…]
// (also inside Helm template comments: {{/* expect-next-line: … */}}, and in JSON as a string value).
// The messageId is the key of the message in the rule's rule.yaml, as ESLint's RuleTester asserts
// it: a fail fixture must name it (`unnamed` lists the expectations that do not).
// A `.readiness-lint.yaml` at the root of a folder case is its config (rule options, as ESLint's
// RuleTester gives a case its `options`): handed to lint() as config, not linted as a file.
// A file whose first line is `# fixture-skipped: <reason>` stands for a file discovery skipped: it
// is handed to lint() as skipped with that reason, not as text; `# expect-file-finding: <rule-id>
// <messageId>` announces a finding at its line 1, column 1 (a file that was never parsed has no
// other position).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');
export const RULES_DIR = join(REPO, 'rules');

export interface FixtureCase {
  rule: string;
  expectation: 'pass' | 'fail';
  name: string;
  files: { path: string; text: string }[];
  skipped: { path: string; reason: string }[];
  expected: string[]; // "file:line:col rule messageId"
  /** Expectations that name no messageId ("file:line:col rule"). */
  unnamed: string[];
  /** The case's `.readiness-lint.yaml`, if it has one (folder cases only); its globs are relative to the case. */
  config?: { text: string };
}

export const FIXTURE_CONFIG = '.readiness-lint.yaml';

function walk(dir: string, base: string, out: { path: string; text: string }[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else if (entry.isFile()) out.push({ path: relative(base, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
  }
}

// JSON has no comments: its fixtures carry the marker in a string (`"//": "expect-next-line: …",`).
const MARKER = /expect-next-line:\s*([^*#"]*?)\s*(?:\*\/.*|"\s*\}?\s*,?)?$/;
const FILE_MARKER = /^# expect-file-finding:\s*(\S+)(?:\s+(\S+))?\s*$/;
// `<rule-id>@<column>` then, after a space, the messageId
const ITEM = /^([a-z][a-z0-9-]*)@(\d+)(?:\s+([A-Za-z][A-Za-z0-9-]*))?$/;
const SKIPPED_MARKER = /^# fixture-skipped:\s*(.+?)\s*$/;

export function expectationsOf(files: { path: string; text: string }[]): { expected: string[]; unnamed: string[] } {
  const expected: string[] = [];
  const unnamed: string[] = [];
  const add = (at: string, messageId: string | undefined) => {
    expected.push(messageId ? `${at} ${messageId}` : at);
    if (!messageId) unnamed.push(at);
  };
  for (const file of files) {
    const lines = file.text.split(/\r?\n/);
    lines.forEach((line, i) => {
      const whole = FILE_MARKER.exec(line);
      if (whole) add(`${file.path}:1:1 ${whole[1]}`, whole[2]);
      const m = MARKER.exec(line);
      if (!m) return;
      for (const item of m[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const parsed = ITEM.exec(item);
        // a malformed item is kept verbatim, so the comparison with the findings shows it
        if (!parsed) expected.push(`${file.path}:${i + 2} malformed expectation '${item}'`);
        else add(`${file.path}:${i + 2}:${Number(parsed[2])} ${parsed[1]}`, parsed[3]);
      }
    });
  }
  return { expected: expected.sort(), unnamed: unnamed.sort() };
}

export function ruleIds(): string[] {
  return readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function fixtureCases(rule: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const expectation of ['pass', 'fail'] as const) {
    const dir = join(RULES_DIR, rule, 'fixtures', expectation);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of entries) {
      const full = join(dir, name);
      const files: { path: string; text: string }[] = [];
      if (statSync(full).isDirectory()) walk(full, full, files);
      else files.push({ path: name, text: readFileSync(full, 'utf8') });
      const skipped = files.flatMap((f) => {
        const reason = SKIPPED_MARKER.exec(f.text.split('\n', 1)[0]!)?.[1];
        return reason ? [{ path: f.path, reason }] : [];
      });
      const config = files.find((f) => f.path === FIXTURE_CONFIG);
      const read = files.filter((f) => f !== config && !skipped.some((s) => s.path === f.path));
      cases.push({ rule, expectation, name, files: read, skipped, ...expectationsOf(files), ...(config ? { config: { text: config.text } } : {}) });
    }
  }
  return cases;
}
