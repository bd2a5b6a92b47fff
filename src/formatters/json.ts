import type { Report } from '../report/types.js';
import { chunksToString, jsonChunks } from './stream.js';

/** The Report itself, stable key order (as built), two-space indented, as chunks (no size limit). */
export function* jsonReportChunks(report: Report): Generator<string> {
  // A report of a few thousand elements is far below V8's longest string: one native stringify
  // (the same text) costs less than the chunked walk, which is most of a one-file lint's formatting.
  const elements = Object.values(report).reduce((n: number, v) => n + (Array.isArray(v) ? v.length : 0), 0);
  if (elements <= SMALL_REPORT_ELEMENTS) yield JSON.stringify(report, null, 2);
  else yield* jsonChunks(report);
  yield '\n';
}

/** Top-level array elements (rules, findings, files…) up to which a report is stringified whole. */
const SMALL_REPORT_ELEMENTS = 2_000;

/** The same text in one string (a report within V8's string length). */
export function formatJson(report: Report): string {
  return chunksToString(jsonReportChunks(report));
}
