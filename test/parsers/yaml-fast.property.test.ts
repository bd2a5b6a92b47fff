// Property tests of parseYaml's fast path (src/parsers/yaml-fast.ts): on generated plain documents
// (written by the `yaml` package in varied styles, with comments) and on texts pieced together
// from lines (often broken, odd or ambiguous), parseYaml's result equals the Composer's path's,
// and where the fast path takes a text, its flattened positions equal flatten() of the Composer's.
import fc from 'fast-check';
import { Document, Scalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/parsers/yaml.js';
import { composerParse, firstDifference, firstFlatDifference, NOT_TAKEN } from './yaml-fast-equality.js';

// Scalars whose resolution is easy to get wrong: the core schema's null, bool, int (decimal, octal,
// hex), float, .inf and .nan forms, near misses of each, and strings that need quoting.
const TRICKY = [
  '0',
  '-0',
  '+1',
  '010',
  '0o17',
  '0o19',
  '0x1F',
  '0xg',
  '1_000',
  '1e3',
  '1E-3',
  '.5',
  '5.',
  '-.5',
  '1.0',
  '12:30',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '.nan',
  'NaN',
  'inf',
  'null',
  'Null',
  'NULL',
  '~',
  'nul',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  '2001-12-14',
  '',
  ' ',
  ' lead',
  'trail ',
  'a: b',
  'a #b',
  '#x',
  '-',
  '- x',
  '?',
  '? x',
  ':',
  '[',
  ']',
  '{',
  '}',
  ',',
  '*a',
  '&a',
  '!t',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '\\',
  'é',
  'line\nbreak',
  'tab\there',
  'toString',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '9007199254740993',
];

const scalar = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const key = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 5 }), fc.boolean());

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
  map: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }),
  seq: fc.array(tie('value'), { maxLength: 5 }),
}));

const styles = fc.record({
  flow: fc.boolean(),
  stringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  indent: fc.integer({ min: 1, max: 4 }),
  indentSeq: fc.boolean(),
  comment: fc.option(fc.string({ maxLength: 10 }).map((s) => s.replace(/[\r\n]/g, ' '))),
  lineWidth: fc.constantFrom(0, 20, 80),
});

/** Build a `yaml` node from a generated tree (pairs kept as generated, so repeated keys occur). */
function toNode(doc: Document, v: unknown, flow: boolean, comment: string | null): unknown {
  if (Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && !Array.isArray(e[0]))) {
    const map = doc.createNode({}) as ReturnType<Document['createNode']> & { items: unknown[]; flow: boolean };
    map.flow = flow;
    for (const [k, val] of v as [unknown, unknown][]) map.items.push(doc.createPair(k, toNode(doc, val, flow, comment)));
    return map;
  }
  if (Array.isArray(v)) {
    const seq = doc.createNode([]) as ReturnType<Document['createNode']> & { items: unknown[]; flow: boolean };
    seq.flow = flow;
    for (const item of v) seq.items.push(toNode(doc, item, flow, comment));
    return seq;
  }
  const s = new Scalar(v);
  if (comment !== null && !flow) s.comment = comment;
  return s;
}

type Style = typeof styles extends fc.Arbitrary<infer T> ? T : never;

function written(v: unknown, style: Style): string {
  const doc = new Document();
  doc.contents = toNode(doc, v, style.flow, style.comment) as Document['contents'];
  if (style.comment !== null) doc.commentBefore = style.comment;
  return doc.toString({ defaultStringType: style.stringType, indent: style.indent, indentSeq: style.indentSeq, lineWidth: style.lineWidth });
}

// Lines and fragments of plain and not-so-plain YAML, pieced together at random.
const LINES = [
  'a: 1',
  'b:',
  '  c: x',
  '  - y',
  '- z',
  '-',
  'd: [1, "two", {e: 3}]',
  'f: {g: h, i: [j]}',
  'k: |',
  '  text',
  '  more',
  'l: >-',
  '  folded',
  'm: "quo\\"ted"',
  "n: 'it''s'",
  'o: # comment',
  '# own line',
  '',
  '   ',
  '---',
  '...',
  'p: &q 1',
  'r: *q',
  '<<: {s: 1}',
  '? t',
  ': u',
  'v: !!str 5',
  '%YAML 1.2',
  'w:\t1',
  '\tx: 1',
  'y:  z  ',
  'a: 2',
  '  - - nested',
  '{ "json": [1, 2.5, true, null] }',
  '[a, b, ]',
  'key with spaces: value with: colon',
  'q: "multi',
  '  line"',
  'r:    # c',
  '    s: 1',
  'x: 0x1F',
  'y: 1e3',
  'z: .inf',
  'n: ~',
  'k: -.5',
  '__proto__: 1',
  '1: one',
  'true: yes',
];
const pieced = fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 12 }).map((ls) => ls.join('\n') + '\n');

const file = (text: string) => ({ path: 'f.yaml', text, kind: 'kubernetes' as const, environment: 'unknown' as const });

function check(text: string): boolean {
  const flat = firstFlatDifference(text);
  if (flat !== NOT_TAKEN) expect(flat, JSON.stringify(text)).toBeUndefined();
  expect(firstDifference(parseYaml(file(text), text), composerParse(file(text), text)), JSON.stringify(text)).toBeUndefined();
  return flat !== NOT_TAKEN;
}

describe('the YAML fast path on generated documents', () => {
  it('equals the Composer on plain documents in varied styles (and takes most of them)', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(value, styles, (v, style) => {
        runs++;
        if (check(written(v, style))) taken++;
      }),
      { numRuns: 600 },
    );
    expect(taken).toBeGreaterThan(runs / 2);
  });

  it('equals the Composer on texts pieced together from lines (taking some, leaving others)', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(pieced, (text) => {
        runs++;
        if (check(text)) taken++;
      }),
      { numRuns: 1500 },
    );
    expect(taken).toBeGreaterThan(runs / 20);
    expect(taken).toBeLessThan(runs);
  });
});
