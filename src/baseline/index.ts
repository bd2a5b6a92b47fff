// The baseline file (.readiness-lint-baseline.json): today's findings recorded by fingerprint, so a
// legacy repository fails only on what is new. Written one entry per line, sorted, so a reviewed
// diff shows exactly the entries added or removed. The file lives in the scanned tree and is
// untrusted: size-capped, schema-validated, and nothing from it is printed but a rule id (checked
// against a pattern), a path (escaped by every formatter) and a hex fingerprint.

import type { Ajv } from 'ajv';
import type baselineSchemaType from '../../schemas/baseline.schema.json';
import type { Finding } from '../report/types.js';

// ajv (about 180 KB of code with its dependencies) is loaded on first use, so a run that needs
// no validation does not compile it; scripts/build.mjs ships it as a file of its own.
const ajv = (): typeof import('ajv') => require('ajv') as typeof import('ajv');
// the schema is read on first use too: its object literal is built only when something is validated
const baselineSchema = (): typeof baselineSchemaType => require('../../schemas/baseline.schema.json') as typeof baselineSchemaType;

export const BASELINE_FILE_NAME = '.readiness-lint-baseline.json';
export const BASELINE_VERSION = 1;
/** A baseline of 100,000 findings is ~20 MB; a larger file is refused before it is read. */
export const BASELINE_FILE_SIZE_LIMIT = 32 * 1024 * 1024;
/** Messages are a reviewer's hint only (matching is by fingerprint): short, and already redacted by the engine. */
const MESSAGE_LIMIT = 120;
const SCHEMA_URL = 'https://raw.githubusercontent.com/readiness-lint/readiness-lint/main/schemas/baseline.schema.json';

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  message: string;
}

export interface Baseline {
  /** How errors and the report name the file (POSIX, relative to the working folder). */
  file: string;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`);
    this.name = 'BaselineError';
  }
}

let validateBaseline: ReturnType<Ajv['compile']> | undefined;

export function parseBaseline(text: string, displayPath: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(displayPath, `invalid JSON: ${(error as Error).message.split('\n')[0]!.slice(0, 200)}`);
  }
  validateBaseline ??= new (ajv().Ajv)({ allErrors: false, strict: false }).compile(baselineSchema());
  if (!validateBaseline(data)) {
    const error = validateBaseline.errors![0]!;
    // The path and keyword only: the offending value is not echoed (it could be anything).
    throw new BaselineError(displayPath, `does not match schemas/baseline.schema.json: ${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  }
  const raw = data as { findings: BaselineEntry[] };
  return { file: displayPath, entries: raw.findings.map((e) => ({ ruleId: e.ruleId, file: e.file, fingerprint: e.fingerprint, message: e.message ?? '' })) };
}

/** Every finding, waived or not-yet-waived, that a baseline should hold (waived ones stay waived by their waiver). */
export function baselineEntries(findings: readonly Finding[]): BaselineEntry[] {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    const message = f.message.replace(/\s+/g, ' ').trim();
    entries.push({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint, message: message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT - 1)}…` : message });
  }
  return sortEntries(entries);
}

/** File, then rule, then fingerprint: the order the file is written in. */
export function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return entries.sort((a, b) => compare(a.file, b.file) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
}

/** The file's text: stable key order, one entry per line, a trailing newline. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const lines = entries.map((e) => `    ${JSON.stringify({ ruleId: e.ruleId, file: e.file, fingerprint: e.fingerprint, message: e.message })}`);
  return `{\n  "$schema": ${JSON.stringify(SCHEMA_URL)},\n  "version": ${BASELINE_VERSION},\n  "findings": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
