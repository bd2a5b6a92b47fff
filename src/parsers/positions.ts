// The one place where parser coordinates become model coordinates (types.ts: 1-based line and
// column, column in UTF-16 code units, end exclusive). Every parser converts through here.

import type { Position, Range } from '../model/types.js';

/** Offsets (UTF-16 code units into the text) → 1-based positions, by binary search over line starts. */
export class LineIndex {
  /** Offsets at which each line starts; lineStarts[0] === 0. */
  readonly lineStarts: readonly number[];

  constructor(lineStarts: readonly number[]) {
    this.lineStarts = lineStarts.length > 0 && lineStarts[0] === 0 ? lineStarts : [0, ...lineStarts];
  }

  /** Line starts of a text, computed in one pass (a line ends at `\n`; `\r\n` counts once). */
  static fromText(text: string): LineIndex {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    return new LineIndex(starts);
  }

  /** 0-based line index containing the offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const off = Math.max(0, offset);
    const line = this.lineOf(off);
    return { line: line + 1, column: off - this.lineStarts[line]! + 1 };
  }

  /** Range of [start, end) offsets. An empty span is widened to one column so editors show it. */
  range(start: number, end: number): Range {
    const s = this.position(start);
    const e = end > start ? this.position(end) : { line: s.line, column: s.column + 1 };
    return { start: s, end: e };
  }
}

/** A 0-based `{ line, character }` (LSP style, as dockerfile-ast reports) → 1-based Position. */
export function fromZeroBased(p: { line: number; character: number }): Position {
  return { line: p.line + 1, column: p.character + 1 };
}

export function rangeFromZeroBased(r: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): Range {
  const start = fromZeroBased(r.start);
  let end = fromZeroBased(r.end);
  if (end.line < start.line || (end.line === start.line && end.column <= start.column)) {
    end = { line: start.line, column: start.column + 1 };
  }
  return { start, end };
}

/** Range covering the first line of a text up to its end of line (the "whole document" fallback). */
export function firstLineRange(text: string): Range {
  let end = text.indexOf('\n');
  if (end === -1) end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  return { start: { line: 1, column: 1 }, end: { line: 1, column: Math.max(end, 1) + 1 } };
}

export const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
