// --from: a JSON report saved by an earlier run, read back to be rendered in other formats. The
// report is self-describing (its rules' metadata and each finding's redacted code frame are in it),
// so rendering needs neither the scanned files nor the linter's registry, and cannot show more of a
// secret than the saved report already does. The file is checked before anything is rendered: JSON,
// our report version, then the report schema.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Ajv, ErrorObject } from 'ajv';
import type reportSchemaType from '../../schemas/report.schema.json';
import { TOOL_VERSION } from '../report/build.js';
import { REPORT_VERSION, type Report } from '../report/types.js';

// ajv (about 180 KB of code with its dependencies) is loaded on first use, so a run that needs
// no validation does not compile it; scripts/build.mjs ships it as a file of its own.
const ajv = (): typeof import('ajv') => require('ajv') as typeof import('ajv');
// the schema is read on first use too: its object literal is built only when something is validated
const reportSchema = (): typeof reportSchemaType => require('../../schemas/report.schema.json') as typeof reportSchemaType;

/** The saved report cannot be read or is not one this version renders. Exit code 2. */
export class SavedReportError extends Error {}

let validateReport: ReturnType<Ajv['compile']> | undefined;

export function readSavedReport(path: string, cwd: string): Report {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new SavedReportError(`--from ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseSavedReport(text, path);
}

export function parseSavedReport(text: string, name: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new SavedReportError(`--from ${name}: not JSON (${(error as Error).message}); give a report written with --format json`);
  }
  const version = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { reportVersion?: unknown }).reportVersion : undefined;
  if (typeof version !== 'string')
    throw new SavedReportError(`--from ${name}: not a readiness-lint JSON report (it has no reportVersion); give a report written with --format json`);
  if (version !== REPORT_VERSION) {
    throw new SavedReportError(
      `--from ${name}: report version ${JSON.stringify(version).slice(0, 40)} cannot be rendered by readiness-lint ${TOOL_VERSION}, which renders report version ${REPORT_VERSION}: write the JSON report again with this version`,
    );
  }
  validateReport ??= new (ajv().Ajv)({ allErrors: false, strict: false, validateFormats: false }).compile(reportSchema());
  if (!validateReport(data)) throw new SavedReportError(`--from ${name}: not a valid report: ${schemaError(validateReport.errors?.[0])}`);
  // Since 1.4 the report describes its rules: without them it cannot be rendered as it was written.
  if (!Array.isArray((data as { rules?: unknown }).rules)) throw new SavedReportError(`--from ${name}: not a valid report: it has no rules (required since report version 1.4)`);
  return data as Report;
}

function schemaError(error: ErrorObject | undefined): string {
  if (!error) return 'it does not match the report schema';
  const where = error.instancePath || '/';
  const extra = error.keyword === 'additionalProperties' ? ` '${String(error.params.additionalProperty)}'` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}`;
}
