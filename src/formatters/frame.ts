// The code frame shown next to a finding, computed once for every format that shows one (text,
// html, junit): the finding's line and the one before it, redacted, and the span to underline.
// Formats only render it, so masking, clipping and column handling cannot drift between them.
// Redaction is a property of the file: every secret span the engine found in it is masked in every
// frame, whatever the finding; lineSecretSpans() adds what each shown line reveals by itself.
// A report that carries its frames (findings[].frame, the CLI's JSON) is rendered from them, so a
// saved report renders again (--from) exactly as the run that wrote it, without the files.

import { maskSpans, type TextSpan } from '../knowledge/secrets/secrets.js';
import type { Range } from '../model/types.js';
import { sharedString } from '../model/shared-string.js';
import type { CodeFrame, Finding, Report } from '../report/types.js';
import { lineSecretSpans } from './redact.js';
import { memoByString } from '../knowledge/data/values.js';

export type { CodeFrame, FrameLine } from '../report/types.js';

/** A file's lines and the secret spans on each (0-based offsets within the line). */
export interface FrameSource {
  lines: readonly string[];
  /** Undefined when the caller knows no spans for the file: frames then mask a secret finding's own range. */
  secretsOn?: (line: number) => readonly TextSpan[];
}

/** Lines longer than this are shown as a window of this many characters around the finding. */
export const FRAME_WIDTH = 160;
/** How much of the window lies before the finding's column. */
const FRAME_LEAD = 40;
const CUT = '…';

/** Where code frames come from: the file texts and the secret spans the engine found in each. */
export interface FrameSources {
  sources?: Pick<ReadonlyMap<string, string>, 'get'>;
  secretSpans?: (path: string) => readonly Range[];
}

/**
 * The frame of each finding: the one the report carries, else one computed from the sources
 * (undefined when the report has none and the file's text is not given).
 */
export function findingFrames(report: Pick<Report, 'rules'>, options: FrameSources): (f: Finding) => CodeFrame | undefined {
  const fromSources = sourceFrames(report, options);
  return (f) => f.frame ?? fromSources(f);
}

/** The frame of each finding computed from the sources, whatever the finding carries. */
function sourceFrames(report: Pick<Report, 'rules'>, options: FrameSources): (f: Omit<Finding, 'frame'>) => CodeFrame | undefined {
  const linesOf = sourceLines(options.sources, options.secretSpans);
  const secretEvidence = new Set((report.rules ?? []).filter((r) => r.secretEvidence).map((r) => r.id));
  return (f) => {
    const lines = linesOf(f.file);
    return lines ? codeFrame(lines, f, secretEvidence.has(f.ruleId)) : undefined;
  };
}

/**
 * The report with each finding's frame in it (redacted as every format shows it): what the JSON
 * carries. Each frame is made when it is read, not kept: a formatter reads a finding's frame as it
 * writes the finding (the JSON writes `{ ...finding, frame }`, through toJSON), so a large run never
 * holds every frame at once. Made up front, frames were most of the report phase's live heap (about
 * 900 bytes a finding: 160 MB on a 50,000-file monorepo). A frame made twice is the same frame.
 */
export function withCodeFrames(report: Report, options: FrameSources): Report {
  const made = sourceFrames(report, options);
  // one class per report: its prototype reads the frame from this report's sources
  class FramedFinding {
    get frame(): CodeFrame | undefined {
      // the finding's own fields, without the frame (the getter would ask for itself)
      return made(this as unknown as Finding);
    }

    toJSON(): Finding {
      const frame = this.frame;
      return frame ? { ...(this as unknown as Finding), frame } : (this as unknown as Finding);
    }
  }
  const framed = (copy: FramedFinding): Finding => {
    // an own `frame: undefined` would hide the getter
    if (Object.hasOwn(copy, 'frame')) delete (copy as { frame?: unknown }).frame;
    return copy as unknown as Finding;
  };
  return {
    ...report,
    // a finding that carries its frame (a saved report) is kept as it is
    findings: report.findings.map((f) => (f.frame ? f : framed(Object.assign(new FramedFinding(), f)))),
  };
}

/**
 * Splits file texts into lines once per file, for all the frames of a report, with the secret
 * spans the engine found in each file (LintResult.secretSpans).
 */
export function sourceLines(
  sources: Pick<ReadonlyMap<string, string>, 'get'> | undefined,
  secretSpans?: (path: string) => readonly Range[],
): (path: string) => FrameSource | undefined {
  // Findings come sorted by file: the last file's lines are all a run of frames needs at a time
  // (keeping every file's lines would hold the whole tree's text until the report is written).
  let last: { path: string; source: FrameSource } | undefined;
  return (path) => {
    if (last?.path === path) return last.source;
    const text = sources?.get(path);
    if (text === undefined) return undefined;
    const lines = text.split(/\r?\n/);
    const source: FrameSource = { lines };
    if (secretSpans) source.secretsOn = spansByLine(lines, secretSpans(path));
    last = { path, source };
    return source;
  };
}

function spansByLine(lines: readonly string[], ranges: readonly Range[]): (line: number) => readonly TextSpan[] {
  const byLine = new Map<number, TextSpan[]>();
  for (const r of ranges) {
    for (let n = Math.max(1, r.start.line); n <= Math.min(r.end.line, lines.length); n++) {
      const start = n === r.start.line ? r.start.column - 1 : 0;
      const end = n === r.end.line ? r.end.column - 1 : lines[n - 1]!.length;
      if (end <= start) continue;
      let list = byLine.get(n);
      if (!list) byLine.set(n, (list = []));
      list.push([start, end]);
    }
  }
  return (line) => byLine.get(line) ?? [];
}

/**
 * lineSecretSpans of a shown line's text, once per text: a large run's frames show the same lines
 * again and again (every finding on a container's line, and the line before it, in every copy of
 * a manifest).
 */
const shownLineSecretSpans: (window: string) => readonly TextSpan[] = memoByString((window) => Object.freeze(lineSecretSpans(window)));

interface ShownLine {
  text: string;
  /** The offset in `text` where a 1-based column of the source line is shown. */
  at: (column: number) => number;
}

/**
 * One line as shown: clipped to a window around `focusColumn` (so a 100 KB line costs what a short
 * one does), every known secret span masked, then the line heuristics over what is left.
 */
function showLine(line: string, secrets: readonly TextSpan[], focusColumn: number): ShownLine {
  const text = line.replace(/\t/g, ' ');
  let from = 0;
  let to = text.length;
  if (text.length > FRAME_WIDTH) {
    from = Math.min(Math.max(0, focusColumn - 1 - FRAME_LEAD), text.length - FRAME_WIDTH);
    to = from + FRAME_WIDTH;
  }
  const window = text.slice(from, to);
  const spans: TextSpan[] = [];
  for (const [s, e] of secrets) if (e > from && s < to) spans.push([Math.max(0, s - from), Math.min(to, e) - from]);
  // the cache keeps its key: a flat copy, not a view into the file's whole text
  spans.push(...shownLineSecretSpans(sharedString(window)));
  const masked = maskSpans(window, spans);
  const prefix = from > 0 ? CUT : '';
  return {
    text: prefix + masked.text + (to < text.length ? CUT : ''),
    at: (column) => prefix.length + masked.map(Math.min(Math.max(0, column - 1 - from), window.length)),
  };
}

/** `secretEvidence`: the finding's rule points at a secret (masked even when the caller knows no spans). */
export function codeFrame(source: FrameSource, f: Omit<Finding, 'frame'>, secretEvidence = false): CodeFrame {
  const line = f.range.start.line;
  const { lines } = source;
  const secretsOn = (n: number): readonly TextSpan[] => {
    if (source.secretsOn) return source.secretsOn(n);
    // no spans from the engine: at least the finding's own evidence
    if (n !== line || !secretEvidence || lines[n - 1] === undefined) return [];
    const end = f.range.end.line === line ? f.range.end.column : lines[n - 1]!.length + 1;
    return [[f.range.start.column - 1, end - 1]];
  };
  const frame: CodeFrame = { line, lines: [] };
  let findingLine: ShownLine | undefined;
  for (let n = Math.max(1, line - 1); n <= line; n++) {
    if (lines[n - 1] === undefined) continue;
    const shown = showLine(lines[n - 1]!, secretsOn(n), f.range.start.column);
    if (n === line) findingLine = shown;
    // flat: a frame outlives the file's text (a slice of it would keep the whole text alive)
    frame.lines.push({ number: n, text: sharedString(shown.text), isFindingLine: n === line });
  }
  if (findingLine) {
    const offset = findingLine.at(f.range.start.column);
    const end = f.range.end.line === line ? findingLine.at(Math.max(f.range.end.column, f.range.start.column + 1)) : findingLine.text.length;
    frame.underline = { offset, length: Math.max(1, end - offset) };
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
