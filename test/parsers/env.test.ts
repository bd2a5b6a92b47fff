import { describe, expect, it } from 'vitest';
import type { EnvData } from '../../src/model/types.js';
import { parseFile } from '../../src/parsers/index.js';
import { at, file, fmt, textAt } from './helpers.js';

describe('env parser', () => {
  const text = [
    '# database',
    'export DB_HOST=db.internal',
    'DB_PASS = "s3cr\\"et\\nline2" # quoted',
    "MULTI='first",
    "second'",
    'EMPTY=',
    'INLINE=value # comment',
    'HASH=a#b',
    'BACK=`x y`',
    '  SPACED  =  padded  ',
    'EMPTY_QUOTED=""',
    'DB_HOST=override',
    '',
  ].join('\n');
  const p = parseFile(file('env', text, '.env'));
  const doc = p.documents[0]!;
  const data = doc.data as EnvData;

  it('parses entries, quotes, escapes and export', () => {
    expect(p.diagnostics).toEqual([]);
    expect(doc.kind).toBe('env');
    expect(data.template).toBe(false);
    expect(data.entries).toEqual([
      { key: 'DB_HOST', value: 'db.internal', exported: true },
      { key: 'DB_PASS', value: 's3cr"et\nline2', quote: '"' },
      { key: 'MULTI', value: 'first\nsecond', quote: "'" },
      { key: 'EMPTY', value: '' },
      { key: 'INLINE', value: 'value' },
      { key: 'HASH', value: 'a#b' },
      { key: 'BACK', value: 'x y', quote: '`' },
      { key: 'SPACED', value: 'padded' },
      { key: 'EMPTY_QUOTED', value: '', quote: '"' },
      { key: 'DB_HOST', value: 'override' },
    ]);
    expect(data.values.DB_HOST).toBe('override');
  });

  it('locates keys, values and whole entries', () => {
    expect(at(doc, ['entries', 0, 'key'])).toBe('2:8-2:15');
    expect(at(doc, ['entries', 0, 'value'])).toBe('2:16-2:27');
    expect(at(doc, ['entries', 0])).toBe('2:1-2:27');
    expect(at(doc, ['entries', 0], { key: true })).toBe('2:8-2:15');
    // Quoted: inside the quotes.
    expect(at(doc, ['entries', 1, 'value'])).toBe('3:12-3:27');
    expect(textAt(text, doc.locate(['entries', 1, 'value']).range)).toBe('s3cr\\"et\\nline2');
    // Multi-line.
    expect(at(doc, ['entries', 2, 'value'])).toBe('4:8-5:7');
    expect(at(doc, ['entries', 2])).toBe('4:1-5:8');
    // Empty value: at the `=`.
    expect(at(doc, ['entries', 3, 'value'])).toBe('6:6-6:7');
    expect(at(doc, ['entries', 4, 'value'])).toBe('7:8-7:13');
    expect(at(doc, ['entries', 7, 'key'])).toBe('10:3-10:9');
    expect(at(doc, ['entries', 7, 'value'])).toBe('10:14-10:20');
    // Empty quoted value: the quotes.
    expect(at(doc, ['entries', 8, 'value'])).toBe('11:14-11:16');
  });

  it('locates values by key (the last assignment wins)', () => {
    expect(at(doc, ['values', 'DB_HOST'])).toBe('12:9-12:17');
    expect(at(doc, ['values', 'DB_HOST'], { key: true })).toBe('12:1-12:8');
    expect(doc.has(['values', 'DB_PASS'])).toBe(true);
    expect(doc.has(['values', 'NOPE'])).toBe(false);
    expect(at(doc, ['values', 'NOPE'])).toBe('1:1-1:11');
  });

  it('collects full-line and inline comments', () => {
    expect(p.comments.map((c) => [c.text, fmt(c.range)])).toEqual([
      ['database', '1:1-1:11'],
      ['quoted', '3:29-3:37'],
      ['comment', '7:14-7:23'],
    ]);
  });

  it('handles CRLF and a BOM', () => {
    const crlf = parseFile(file('env', '\uFEFFA=1\r\nB="x\r\ny"\r\n# c\r\nC=3\r\n'));
    const d = crlf.documents[0]!;
    expect((d.data as EnvData).entries).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: 'x\ny', quote: '"' },
      { key: 'C', value: '3' },
    ]);
    expect(at(d, ['entries', 0, 'key'])).toBe('1:1-1:2');
    expect(at(d, ['entries', 0, 'value'])).toBe('1:3-1:4');
    expect(at(d, ['entries', 1, 'value'])).toBe('2:4-3:2');
    expect(at(d, ['entries', 2, 'value'])).toBe('5:3-5:4');
    expect(crlf.comments.map((c) => [c.text, fmt(c.range)])).toEqual([['c', '4:1-4:4']]);
  });

  it('reports lines that are not assignments and keeps going', () => {
    const r = parseFile(file('env', 'A=1\nthis is not valid\nB=2\nKEY: value\n'));
    expect((r.documents[0]!.data as EnvData).entries.map((e) => e.key)).toEqual(['A', 'B']);
    expect(r.diagnostics.map((d) => [d.ruleId, fmt(d.range)])).toEqual([
      ['invalid-env', '2:1-2:18'],
      ['invalid-env', '4:1-4:11'],
    ]);
  });

  it('reports an unterminated quote and reads the rest of the line', () => {
    const r = parseFile(file('env', 'A="open\nB=2\n'));
    expect(r.diagnostics.map((d) => [d.ruleId, fmt(d.range)])).toEqual([['invalid-env', '1:3-1:4']]);
    expect((r.documents[0]!.data as EnvData).values).toEqual({ A: '"open', B: '2' });
  });

  it('marks env templates', () => {
    const r = parseFile(file('env-template', 'API_KEY=\n', '.env.example'));
    expect((r.documents[0]!.data as EnvData).template).toBe(true);
    expect(r.documents[0]!.kind).toBe('env');
  });

  it('gives one document for an empty file', () => {
    const r = parseFile(file('env', ''));
    expect(r.documents).toHaveLength(1);
    expect((r.documents[0]!.data as EnvData).entries).toEqual([]);
    // Nothing to cover: an empty range (ranges never reach past their line's end).
    expect(at(r.documents[0]!, ['entries', 0])).toBe('1:1-1:1');
  });
});
