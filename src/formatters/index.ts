// Formatters are pure functions of the Report. Adding a format = one entry here.

import type { Report } from '../report/types.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export interface FormatOptions {
  cwd: string;
  color: boolean;
  quiet?: boolean;
  /** File texts by report path, for code frames (text format only). */
  sources?: ReadonlyMap<string, string>;
  /** Link for a file line (markdown), e.g. a blob URL at the commit under review. */
  fileUrl?: (path: string, line: number) => string;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

export const FORMATTERS: Record<string, Formatter> = {
  text: formatText,
  json: (report) => formatJson(report),
  sarif: (report) => formatSarif(report),
  markdown: (report, options) => formatMarkdown(report, options),
  github: (report) => formatGithub(report),
};

export function getFormatter(name: string): Formatter {
  const formatter = FORMATTERS[name];
  if (!formatter) throw new UnknownFormatError(name);
  return formatter;
}

export class UnknownFormatError extends Error {
  constructor(readonly format: string) {
    super(`unknown format '${format}'; valid formats: ${Object.keys(FORMATTERS).join(', ')}`);
  }
}
