// Formatters are pure functions of the Report. Adding a format = one entry here.
// A formatter returns its text as one string or as chunks (an iterable of strings): reports can be
// larger than V8's longest string, so the large ones (json, sarif, gitlab, junit) stream, and the
// CLI writes chunks as they come. `formatToString` is for callers that want the whole text.

import type { Range } from '../model/types.js';
import type { Report } from '../report/types.js';
import { didYouMean } from '../model/nearest.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { gitlabChunks } from './gitlab.js';
import { formatHtml } from './html.js';
import { jsonReportChunks } from './json.js';
import { junitChunks } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { sarifChunks } from './sarif.js';
import { chunksToString, toChunks, type FormatOutput } from './stream.js';
import { formatText } from './text.js';

export interface FormatOptions {
  cwd: string;
  color: boolean;
  quiet?: boolean;
  /** File texts by report path, for code frames (text, html, junit); a Map, or a lookup that reads each text when asked. */
  sources?: Pick<ReadonlyMap<string, string>, 'get'>;
  /** Every secret span the engine found in a file (LintResult.secretSpans): masked in every code frame of the file. */
  secretSpans?: (path: string) => readonly Range[];
  /** Link for a file line (markdown), e.g. a blob URL at the commit under review. */
  fileUrl?: (path: string, line: number) => string;
  /** Absolute repository root when it may differ from cwd (gitlab: paths relative to the repository). */
  repoRoot?: string;
  /** The repository the run is in (the folder holding `.git`), for SARIF URIs; default cwd. */
  repositoryRoot?: string;
}

export type { FormatOutput } from './stream.js';
export type Formatter = (report: Report, options: FormatOptions) => FormatOutput;

// `satisfies`, not a type annotation: a formatter that returns a string keeps its string type.
export const FORMATTERS = {
  text: formatText,
  compact: (report) => formatCompact(report),
  json: (report) => jsonReportChunks(report),
  sarif: (report, options) => sarifChunks(report, { cwd: options.cwd, repoRoot: options.repoRoot ?? options.repositoryRoot }),
  markdown: (report, options) => formatMarkdown(report, options),
  github: (report) => formatGithub(report),
  html: (report, options) => formatHtml(report, options),
  junit: (report, options) => junitChunks(report, options),
  gitlab: (report, options) => gitlabChunks(report, options),
} satisfies Record<string, Formatter>;

/** A format's output as chunks, whichever way its formatter returns it. */
export function formatChunks(format: string | Formatter, report: Report, options: FormatOptions): Iterable<string> {
  return toChunks((typeof format === 'string' ? getFormatter(format) : format)(report, options));
}

/** A format's whole output in one string (a report within V8's string length). */
export function formatToString(format: string | Formatter, report: Report, options: FormatOptions): string {
  return chunksToString((typeof format === 'string' ? getFormatter(format) : format)(report, options));
}

export function getFormatter(name: string): Formatter {
  const formatter = (FORMATTERS as Record<string, Formatter | undefined>)[name];
  if (!formatter) throw new UnknownFormatError(name);
  return formatter;
}

export class UnknownFormatError extends Error {
  constructor(readonly format: string) {
    super(`unknown format '${format}'${didYouMean(format, Object.keys(FORMATTERS))}; valid formats: ${Object.keys(FORMATTERS).join(', ')}`);
  }
}
