// One line per finding, `path:line:col severity rule-id message`, nothing else: for grep, editors'
// quickfix lists and problem matchers (ESLint's unix/compact formats), and for large repositories
// where code frames and the checklist are too much. A finding of another environment than the
// headline ends with it in brackets (`[staging]`).

import type { Report } from '../report/types.js';
import { environmentLabel } from '../report/view.js';
import { inertCommandLine, terminalPath, visibleControls } from './escape.js';

export function formatCompact(report: Report): string {
  const lines = report.findings.map((f) => {
    const label = environmentLabel(f, report.environment);
    const where = `${terminalPath(f.file)}:${f.range.start.line}:${f.range.start.column}`;
    return inertCommandLine(`${where} ${f.severity} ${f.ruleId} ${visibleControls(f.message)}${label ? ` [${label}]` : ''}`);
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}
