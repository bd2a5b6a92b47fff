// Formatters are pure functions of the Report. Adding a format = one entry here.

import type { Range } from '../model/types.js';
import type { Report } from '../report/types.js';
import { didYouMean } from '../model/nearest.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export interface FormatOptions {
  cwd: string;
  color: boolean;
  quiet?: boolean;
  /** File texts by report path, for code frames (text, html, junit). */
  sources?: ReadonlyMap<string, string>;
  /** Every secret span the engine found in a file (LintResult.secretSpans): masked in every code frame of the file. */
  secretSpans?: (path: string) => readonly Range[];
  /** Link for a file line (markdown), e.g. a blob URL at the commit under review. */
  fileUrl?: (path: string, line: number) => string;
  /** Absolute repository root when it may differ from cwd (gitlab: paths relative to the repository). */
  repoRoot?: string;
  /** The repository the run is in (the folder holding `.git`), for SARIF URIs; default cwd. */
  repositoryRoot?: string;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

export const FORMATTERS: Record<string, Formatter> = {
  text: formatText,
  compact: (report) => formatCompact(report),
  json: (report) => formatJson(report),
  sarif: (report, options) => formatSarif(report, { cwd: options.cwd, repoRoot: options.repoRoot ?? options.repositoryRoot }),
  markdown: (report, options) => formatMarkdown(report, options),
  github: (report) => formatGithub(report),
  html: (report, options) => formatHtml(report, options),
  junit: (report, options) => formatJunit(report, options),
  gitlab: (report, options) => formatGitlab(report, options),
};

export function getFormatter(name: string): Formatter {
  const formatter = FORMATTERS[name];
  if (!formatter) throw new UnknownFormatError(name);
  return formatter;
}

export class UnknownFormatError extends Error {
  constructor(readonly format: string) {
    super(`unknown format '${format}'${didYouMean(format, Object.keys(FORMATTERS))}; valid formats: ${Object.keys(FORMATTERS).join(', ')}`);
  }
}
