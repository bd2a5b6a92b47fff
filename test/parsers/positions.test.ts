// LineIndex (src/parsers/positions.ts) keeps line starts, the text's length and which lines end in
// \r\n, not the text: ranges and line ends must be what they were when it kept the text.
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/parsers/positions.js';

describe('LineIndex', () => {
  const text = 'a: 1\r\nbb: 22\n\r\nlast\r';

  it('keeps no text (so a locator does not keep its file text alive), only its line starts', () => {
    const lines = LineIndex.fromText(text);
    // the line starts packed one code unit each (packWords), and nothing else as a string
    expect(Object.values(lines).filter((v) => typeof v === 'string')).toEqual([String.fromCharCode(0, 6, 13, 15)]);
    expect([...lines.lineStarts]).toEqual([0, 6, 13, 15]);
  });

  it('keeps line starts past 16 bits', () => {
    const long = `${'x'.repeat(70000)}\nb\r\n${'y'.repeat(70000)}\nend`;
    const lines = LineIndex.fromText(long);
    expect([...lines.lineStarts]).toEqual([0, 70001, 70004, 140005]);
    expect(lines.range(70004, 70006)).toEqual({ start: { line: 3, column: 1 }, end: { line: 3, column: 3 } });
    expect(lines.lineEnd(70001)).toBe(70002); // before the \r
    expect(lines.position(140007)).toEqual({ line: 4, column: 3 });
  });

  it('keeps ranges inside their line, before a \\r\\n, a \\n or a final \\r', () => {
    const lines = LineIndex.fromText(text);
    expect(lines.range(3, 5)).toEqual({ start: { line: 1, column: 4 }, end: { line: 1, column: 5 } }); // `1\r` → `1`
    expect(lines.range(10, 13)).toEqual({ start: { line: 2, column: 5 }, end: { line: 3, column: 1 } }); // `22\n`: an end at the next line's start stays
    expect(lines.range(13, 14)).toEqual({ start: { line: 3, column: 1 }, end: { line: 3, column: 1 } }); // empty CRLF line
    expect(lines.range(15, 99)).toEqual({ start: { line: 4, column: 1 }, end: { line: 4, column: 5 } }); // `last\r` to the end
    expect(lines.range(19, 19)).toEqual({ start: { line: 4, column: 4 }, end: { line: 4, column: 5 } }); // empty span at the \r
  });

  it('finds a line end before its \\r unless the offset is at or past it', () => {
    const lines = LineIndex.fromText(text);
    expect(lines.lineEnd(0)).toBe(4);
    expect(lines.lineEnd(4)).toBe(4);
    expect(lines.lineEnd(5)).toBe(5);
    expect(lines.lineEnd(7)).toBe(12);
    expect(lines.lineEnd(15)).toBe(19);
    expect(lines.lineEnd(20)).toBe(20);
  });

  it('without a text, still widens empty spans and accepts line starts without the leading 0', () => {
    const lines = new LineIndex([5, 9]);
    expect([...lines.lineStarts]).toEqual([0, 5, 9]);
    expect(lines.range(6, 6)).toEqual({ start: { line: 2, column: 2 }, end: { line: 2, column: 3 } });
    expect(lines.position(9)).toEqual({ line: 3, column: 1 });
  });
});
