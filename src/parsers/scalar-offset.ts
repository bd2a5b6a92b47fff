// Positions inside a YAML string scalar: where a character of the parsed value sits in the source.
// Used for configuration files carried inside YAML (a TOML or JSON file in a ConfigMap's `data`),
// whose own parser gives positions relative to the value.
//
// Decision: only styles whose value maps onto the source character for character are mapped — a
// literal block scalar (`|`, `|-`, `|+`, without an explicit indentation indicator), where value
// line k is source line k after the header at the block's indentation, and a single-line plain or
// quoted scalar without escapes. Each mapped line is checked against the parsed value; anything
// else (folded `>`, escapes, multi-line flow scalars) answers undefined and callers point at the
// scalar itself.

import { linearRegExp } from './linear-regex.js';

// A literal block scalar's header line (RE2: `\s+#.*` then `\s*$` was quadratic on a long blank run).
const BLOCK_HEADER = linearRegExp(/^\|[+-]?(\s+#.*)?\s*$/);

/**
 * Offset in `text` of the character at 0-based `line` / `column` of the parsed string `value` of
 * the scalar node starting at offset `start`, or undefined when it cannot be mapped exactly.
 */
export function offsetInScalar(text: string, start: number, value: string, line: number, column: number): number | undefined {
  const valueLines = value.split('\n');
  const wanted = valueLines[line];
  if (wanted === undefined || column < 0 || column > wanted.length) return undefined;
  const first = text[start];
  if (first === '|') {
    const headerEnd = text.indexOf('\n', start);
    if (headerEnd < 0 || !BLOCK_HEADER.test(text.slice(start, headerEnd).replace(/\r$/, ''))) return undefined;
    // The block's indentation is that of its first non-empty line.
    let lineStart = headerEnd + 1;
    let indent = -1;
    for (let at = lineStart; at < text.length && indent < 0;) {
      const end = lineEnd(text, at);
      const spaces = /^ */.exec(text.slice(at, end))![0].length;
      if (spaces < end - at) indent = spaces;
      at = nextLine(text, at);
    }
    if (indent < 0) return undefined;
    for (let k = 0; k < line; k++) {
      lineStart = nextLine(text, lineStart);
      if (lineStart > text.length) return undefined;
    }
    const source = text.slice(lineStart, lineEnd(text, lineStart));
    if (wanted === '' || source.slice(indent) === wanted) return lineStart + indent + column;
    return undefined;
  }
  if (valueLines.length !== 1) return undefined;
  const quoted = first === '"' || first === "'";
  const from = start + (quoted ? 1 : 0);
  return text.slice(from, from + value.length) === value ? from + column : undefined;
}

/** Offset of the start of the line after the one holding `at` (past the text when there is none). */
function nextLine(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length + 1 : nl + 1;
}

/** Offset of the end of the line starting at `at` (before `\r\n` or `\n`). */
function lineEnd(text: string, at: number): number {
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  return end > at && text[end - 1] === '\r' ? end - 1 : end;
}
