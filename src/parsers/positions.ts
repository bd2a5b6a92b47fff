// The one place where parser coordinates become model coordinates (types.ts: 1-based line and
// column, column in UTF-16 code units, end exclusive). Every parser converts through here.

import type { Position, Range } from '../model/types.js';

/** Offsets (UTF-16 code units into the text) → 1-based positions, by binary search over line starts. */
export class LineIndex {
  /** Offsets at which each line starts; lineStarts[0] === 0. */
  readonly lineStarts: readonly number[];

  /** The text, when known: lets range() keep a widened empty span inside its line. */
  private readonly text: string | undefined;

  constructor(lineStarts: readonly number[], text?: string) {
    this.lineStarts = lineStarts.length > 0 && lineStarts[0] === 0 ? lineStarts : [0, ...lineStarts];
    this.text = text;
  }

  /** Line starts of a text, computed in one pass (a line ends at `\n`; `\r\n` counts once). */
  static fromText(text: string): LineIndex {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    return new LineIndex(starts, text);
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

  /** Offset just after the last character of a 0-based line (before its \r\n or \n). */
  private contentEnd(line: number, text: string): number {
    const ls = this.lineStarts[line]!;
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! - 1 : text.length;
    if (end > ls && text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /**
   * Range of [start, end) offsets. When the text is known, a range never reaches past its line's
   * end (a parser may include the line break or point after the end of the file), and an empty
   * span is widened to one column so editors show it: the character at it, or at the end of a
   * line the one before it; an empty line keeps an empty range.
   */
  range(start: number, end: number): Range {
    const text = this.text;
    if (text === undefined) {
      const s = this.position(start);
      return { start: s, end: end > start ? this.position(end) : { line: s.line, column: s.column + 1 } };
    }
    let s0 = Math.min(Math.max(0, start), text.length);
    const sEnd = this.contentEnd(this.lineOf(s0), text);
    if (s0 > sEnd) s0 = sEnd;
    let e0 = Math.min(Math.max(s0, end), text.length);
    const eLine = this.lineOf(e0);
    if (e0 > this.contentEnd(eLine, text) && e0 !== this.lineStarts[eLine]) e0 = this.contentEnd(eLine, text);
    if (e0 < s0) e0 = s0;
    const s = this.position(s0);
    if (e0 > s0) return { start: s, end: this.position(e0) };
    if (s0 < sEnd) return { start: s, end: { line: s.line, column: s.column + 1 } };
    if (s.column > 1) return { start: { line: s.line, column: s.column - 1 }, end: s };
    return { start: s, end: { ...s } };
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
  // An empty first line keeps an empty range (a range never reaches past its line's end).
  return { start: { line: 1, column: 1 }, end: { line: 1, column: end + 1 } };
}

export const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
