import { describe, expect, it } from 'vitest';
import { parseDocument, isMap, isScalar, type Scalar } from 'yaml';
import { offsetInScalar } from '../../src/parsers/scalar-offset.js';

/** The scalar under key `k` of a one-mapping YAML text, with its start offset and parsed value. */
function scalarOf(text: string): { start: number; value: string } {
  const doc = parseDocument(text);
  const node = isMap(doc.contents) ? (doc.contents.items[0]!.value as Scalar) : undefined;
  if (!isScalar(node) || typeof node.value !== 'string') throw new Error('no string scalar');
  return { start: node.range![0], value: node.value };
}

/** The text at the mapped offset, up to the end of its line. */
function at(text: string, line: number, column: number): string | undefined {
  const { start, value } = scalarOf(text);
  const off = offsetInScalar(text, start, value, line, column);
  return off === undefined ? undefined : text.slice(off).split(/\r?\n/)[0];
}

describe('offsetInScalar', () => {
  it('maps each line of a literal block scalar to its source line at the block indentation', () => {
    const text = 'k: |-\n  [cors]\n    nested = 1\n\n  values = "*"\n';
    expect(at(text, 0, 0)).toBe('[cors]');
    expect(at(text, 1, 2)).toBe('nested = 1');
    expect(at(text, 3, 9)).toBe('"*"');
  });

  it('handles CRLF line ends and a comment after the header', () => {
    expect(at('k: | # config\r\n  a = 1\r\n  b = "*"\r\n', 1, 4)).toBe('"*"');
  });

  it('maps single-line plain and quoted scalars without escapes', () => {
    expect(at(`k: '{"a": ["*"]}'\n`, 0, 7)).toBe(`"*"]}'`);
    expect(at('k: plain text\n', 0, 6)).toBe('text');
  });

  it('answers undefined where the value does not map character for character', () => {
    expect(at('k: >\n  folded\n  text\n', 0, 0)).toBeUndefined();
    expect(at('k: "a\\tb*"\n', 0, 3)).toBeUndefined();
    expect(at('k: |2\n   indented\n', 0, 0)).toBeUndefined();
    expect(at('k: |\n  short\n', 0, 9)).toBeUndefined();
    expect(at('k: |\n  short\n', 5, 0)).toBeUndefined();
  });
});
