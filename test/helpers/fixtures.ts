// Reads rule fixture cases: each direct child of rules/<id>/fixtures/{pass,fail} is one case (a
// folder = a mini-project, a file = a one-file project). Expectations are comments in the files:
//   # expect-next-line: <rule-id>@<column>[, <rule-id>@<column>…]
// (also inside Helm template comments: {{/* expect-next-line: … */}}, and in JSON as a string value).
// A file whose first line is `# fixture-skipped: <reason>` stands for a file discovery skipped: it
// is handed to lint() as skipped with that reason, not as text; `# expect-file-finding: <rule-id>`
// announces a finding at its line 1, column 1 (a file that was never parsed has no other position).

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
  expected: string[]; // "file:line:col rule"
}

function walk(dir: string, base: string, out: { path: string; text: string }[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else if (entry.isFile()) out.push({ path: relative(base, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
  }
}

// JSON has no comments: its fixtures carry the marker in a string (`"//": "expect-next-line: …",`).
const MARKER = /expect-next-line:\s*([^*#"]*?)\s*(?:\*\/.*|"\s*\}?\s*,?)?$/;
const FILE_MARKER = /^# expect-file-finding:\s*(\S+)\s*$/;
const SKIPPED_MARKER = /^# fixture-skipped:\s*(.+?)\s*$/;

export function expectationsOf(files: { path: string; text: string }[]): string[] {
  const expected: string[] = [];
  for (const file of files) {
    const lines = file.text.split(/\r?\n/);
    lines.forEach((line, i) => {
      const whole = FILE_MARKER.exec(line);
      if (whole) expected.push(`${file.path}:1:1 ${whole[1]}`);
      const m = MARKER.exec(line);
      if (!m) return;
      for (const item of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [rule, column] = item.split('@');
        expected.push(`${file.path}:${i + 2}:${Number(column)} ${rule}`);
      }
    });
  }
  return expected.sort();
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
      const read = files.filter((f) => !skipped.some((s) => s.path === f.path));
      cases.push({ rule, expectation, name, files: read, skipped, expected: expectationsOf(files) });
    }
  }
  return cases;
}
