// Shared check for property tests: a range lies inside the text it points into.
import type { Range } from '../../src/model/types.js';

/**
 * The lines of a text as the model counts them (model/types.ts): a line ends at \n or \r\n (the
 * \r of a \r\n is not part of the line; a lone \r is a character), a byte-order mark is not counted.
 */
export function linesOf(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  return lines.map((l, i) => (i < lines.length - 1 && l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Why the range is not inside the lines (line within the line count, column within the line + 1, start ≤ end), or undefined. */
export function rangeProblem(r: Range, lines: readonly string[]): string | undefined {
  const { start, end } = r;
  for (const p of [start, end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.column)) return 'non-integer position';
    if (p.line < 1 || p.line > lines.length) return `line ${p.line} outside 1..${lines.length}`;
    const max = lines[p.line - 1]!.length + 1;
    if (p.column < 1 || p.column > max) return `column ${p.column} outside 1..${max} on line ${p.line}`;
  }
  if (end.line < start.line || (end.line === start.line && end.column < start.column)) return 'end before start';
  return undefined;
}
