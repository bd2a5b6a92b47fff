import type { Report } from '../report/types.js';
import { chunksToString, jsonChunks } from './stream.js';

/** The Report itself, stable key order (as built), two-space indented, as chunks (no size limit). */
export function* jsonReportChunks(report: Report): Generator<string> {
  yield* jsonChunks(report);
  yield '\n';
}

/** The same text in one string (a report within V8's string length). */
export function formatJson(report: Report): string {
  return chunksToString(jsonReportChunks(report));
}
