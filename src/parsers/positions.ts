// The one place where parser coordinates become model coordinates (types.ts: 1-based line and
// column, column in UTF-16 code units, end exclusive). Every parser converts through here.

import type { Position, Range } from '../model/types.js';

/**
 * Offsets (UTF-16 code units into the text) → 1-based positions, by binary search over line starts.
 * Built from a text, it keeps what range() needs to stay inside a line (line starts, the text's
 * length, which lines end in \r\n) but not the text itself: locators live as long as the run, and
 * holding every file's text through them is most of a run's memory.
 */
export class LineIndex {
  /** Offsets at which each line starts (the first is 0), as packWords() stores them. */
  private readonly starts: string;

  /** Each start takes two code units of `starts`. */
  private readonly wide: boolean;

  /** Number of lines. */
  readonly lineCount: number;

  /** Length of the text, when known (range() then keeps a widened empty span inside its line). */
  private readonly textLength: number | undefined;

  /** 1 for each line whose content is followed by a \r (absent when no line is). */
  private readonly crBeforeEnd: Uint8Array | undefined;

  constructor(lineStarts: ArrayLike<number>, text?: string) {
    const withZero = lineStarts.length > 0 && lineStarts[0] === 0;
    let starts: readonly number[];
    if (withZero && Array.isArray(lineStarts)) starts = lineStarts as readonly number[];
    else {
      const copy = withZero ? [] : [0];
      for (let i = 0; i < lineStarts.length; i++) copy.push(lineStarts[i]!);
      starts = copy;
    }
    const packed = packWords(starts, starts[starts.length - 1]); // line starts ascend
    this.starts = packed.words;
    this.wide = packed.wide;
    this.lineCount = starts.length;
    this.textLength = text?.length;
    this.crBeforeEnd = text === undefined ? undefined : crFlags(starts, text);
  }

  /** Offset at which the 0-based line starts. */
  lineStart(line: number): number {
    return wordAt(this.starts, this.wide, line);
  }

  /** Offsets at which each line starts, as a new array (lineStarts[0] === 0). */
  get lineStarts(): Int32Array {
    const out = new Int32Array(this.lineCount);
    for (let i = 0; i < out.length; i++) out[i] = this.lineStart(i);
    return out;
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
    let lo = 0;
    let hi = this.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStart(mid) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const off = Math.max(0, offset);
    const line = this.lineOf(off);
    return { line: line + 1, column: off - this.lineStart(line) + 1 };
  }

  /** Offset of the 0-based line's \n (or the text's length for the last line). */
  private rawEnd(line: number, textLength: number): number {
    return line + 1 < this.lineCount ? this.lineStart(line + 1) - 1 : textLength;
  }

  /** Offset just after the last character of a 0-based line (before its \r\n or \n). */
  private contentEnd(line: number, textLength: number): number {
    const end = this.rawEnd(line, textLength);
    return this.crBeforeEnd?.[line] && end > this.lineStart(line) ? end - 1 : end;
  }

  /**
   * End of the line holding `offset`, before its \r\n or \n; a \r at or after the offset is not
   * cut off (needs a LineIndex built from a text).
   */
  lineEnd(offset: number): number {
    const line = this.lineOf(offset);
    const end = this.rawEnd(line, this.textLength ?? 0);
    return this.crBeforeEnd?.[line] && end > offset ? end - 1 : end;
  }

  /**
   * Range of [start, end) offsets. When built from a text, a range never reaches past its line's
   * end (a parser may include the line break or point after the end of the file), and an empty
   * span is widened to one column so editors show it: the character at it, or at the end of a
   * line the one before it; an empty line keeps an empty range.
   */
  range(start: number, end: number): Range {
    const length = this.textLength;
    if (length === undefined) {
      const s = this.position(start);
      return { start: s, end: end > start ? this.position(end) : { line: s.line, column: s.column + 1 } };
    }
    let s0 = Math.min(Math.max(0, start), length);
    const sEnd = this.contentEnd(this.lineOf(s0), length);
    if (s0 > sEnd) s0 = sEnd;
    let e0 = Math.min(Math.max(s0, end), length);
    const eLine = this.lineOf(e0);
    if (e0 > this.contentEnd(eLine, length) && e0 !== this.lineStart(eLine)) e0 = this.contentEnd(eLine, length);
    if (e0 < s0) e0 = s0;
    const s = this.position(s0);
    if (e0 > s0) return { start: s, end: this.position(e0) };
    if (s0 < sEnd) return { start: s, end: { line: s.line, column: s.column + 1 } };
    if (s.column > 1) return { start: { line: s.line, column: s.column - 1 }, end: s };
    return { start: s, end: { ...s } };
  }
}

/** Per line, 1 when the character before its end (its \n, or the end of the text) is a \r. */
function crFlags(starts: readonly number[], text: string): Uint8Array | undefined {
  if (!text.includes('\r')) return undefined;
  const flags = new Uint8Array(starts.length);
  for (let line = 0; line < starts.length; line++) {
    const end = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
    if (end > 0 && text.charCodeAt(end - 1) === 13) flags[line] = 1;
  }
  return flags;
}

/**
 * Non-negative integers (offsets, counts) kept as the UTF-16 code units of a string: one code
 * unit each when all fit 16 bits, else two (low half first). Positions live as long as the run,
 * one set per file and per document, and a typed array costs about 200 bytes besides its
 * elements (its object, its ArrayBuffer and the buffer's backing store), as much as a small
 * document's positions; a string's header is 16 bytes and charCodeAt reads as fast.
 */
export function packWords(values: readonly number[], knownMax?: number): { words: string; wide: boolean } {
  let max = knownMax ?? 0;
  if (knownMax === undefined) for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  const wide = max > 0xffff;
  let codes = values;
  if (wide) {
    const split = new Array<number>(values.length * 2);
    for (let i = 0; i < values.length; i++) {
      split[2 * i] = values[i]! & 0xffff;
      split[2 * i + 1] = values[i]! >>> 16;
    }
    codes = split;
  }
  // fromCharCode takes its codes as arguments (apply: the fastest way measured), a few thousand at a time
  if (codes.length <= CODES_PER_CALL) return { words: String.fromCharCode.apply(null, codes as number[]), wide };
  let words = '';
  for (let i = 0; i < codes.length; i += CODES_PER_CALL) words += String.fromCharCode.apply(null, codes.slice(i, i + CODES_PER_CALL));
  return { words, wide };
}

const CODES_PER_CALL = 4096;

/** Value `i` of packWords()' string. */
export function wordAt(words: string, wide: boolean, i: number): number {
  return wide ? words.charCodeAt(2 * i) | (words.charCodeAt(2 * i + 1) << 16) : words.charCodeAt(i);
}

/** A 0-based `{ line, character }` (LSP style, as dockerfile-ast reports) → 1-based Position. */
export function fromZeroBased(p: { line: number; character: number }): Position {
  return { line: p.line + 1, column: p.character + 1 };
}

export function rangeFromZeroBased(r: { start: { line: number; character: number }; end: { line: number; character: number } }): Range {
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
