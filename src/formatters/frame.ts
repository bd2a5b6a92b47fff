// The code frame shown next to a finding, computed once for every format that shows one (text,
// html, junit): the finding's line and the one before it, redacted, and the span to underline.
// Formats only render it, so masking and column handling cannot drift between them.

import { ruleById } from '../engine/lint.js';
import type { Finding } from '../report/types.js';
import { maskRange, redactLine } from './redact.js';

export interface FrameLine {
  number: number;
  /** Redacted, tabs shown as single spaces. */
  text: string;
  isFindingLine: boolean;
}

export interface CodeFrame {
  /** The finding's line. */
  line: number;
  lines: FrameLine[];
  /** Where the finding is on its line as shown: 0-based offset and length, within `text`. */
  underline?: { offset: number; length: number };
}

/** Findings whose evidence is itself a secret: their underlined text is masked in code frames. */
function isSecretFinding(f: Finding): boolean {
  return ruleById(f.ruleId)?.meta.tags.includes('secrets') ?? false;
}

/** Splits file texts into lines once per file, for all the frames of a report. */
export function sourceLines(sources: ReadonlyMap<string, string> | undefined): (path: string) => string[] | undefined {
  const cache = new Map<string, string[]>();
  return (path) => {
    const text = sources?.get(path);
    if (text === undefined) return undefined;
    let lines = cache.get(path);
    if (!lines) cache.set(path, (lines = text.split(/\r?\n/)));
    return lines;
  };
}

export function codeFrame(source: readonly string[], f: Finding): CodeFrame {
  const line = f.range.start.line;
  let lines = source;
  if (isSecretFinding(f) && source[line - 1] !== undefined) {
    const copy = [...source];
    const endColumn = f.range.end.line === line ? f.range.end.column : source[line - 1]!.length + 1;
    copy[line - 1] = maskRange(source[line - 1]!, f.range.start.column, endColumn);
    lines = copy;
  }
  const shown = (n: number) => redactLine(lines[n - 1]!.replace(/\t/g, ' '));
  const frame: CodeFrame = { line, lines: [] };
  for (let n = Math.max(1, line - 1); n <= line; n++) {
    if (lines[n - 1] === undefined) continue;
    frame.lines.push({ number: n, text: shown(n), isFindingLine: n === line });
  }
  if (lines[line - 1] !== undefined) {
    // within the line as shown (a masked secret is shorter than the original)
    const text = shown(line);
    const start = f.range.start.column;
    const end = f.range.end.line === line ? Math.max(f.range.end.column, start + 1) : text.length + 1;
    frame.underline = { offset: Math.max(0, start - 1), length: Math.max(1, Math.min(end, text.length + 1) - start) };
  }
  return frame;
}

/** The plain-text rendering (text and junit), with optional styling of the gutter and the marks. */
export function frameText(frame: CodeFrame, dim: (s: string) => string = (s) => s, mark: (s: string) => string = (s) => s): string[] {
  const width = String(frame.line).length;
  const out = frame.lines.map((l) => dim(`  ${l.isFindingLine ? '>' : ' '} ${String(l.number).padStart(width)} | `) + l.text);
  if (frame.underline) {
    out.push(dim(`    ${' '.repeat(width)} | `) + ' '.repeat(frame.underline.offset) + mark('^'.repeat(frame.underline.length)));
  }
  return out;
}
