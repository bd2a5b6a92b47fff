import type { Report } from '../report/types.js';

/** The Report itself, stable key order (as built), two-space indented. */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
