import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileKind, ParsedFile, Range } from '../../src/model/types.js';
import { parseFile } from '../../src/parsers/index.js';
import { file } from './helpers.js';

const KINDS: FileKind[] = ['kubernetes', 'compose', 'helm-values', 'helm-chart', 'dockerfile', 'env', 'env-template', 'helm-template'];

/**
 * 1-based, ordered, inside the text, never past the end of its line (an empty range only where
 * there is nothing to cover, e.g. an empty line).
 */
function validRange(r: Range, lineLengths: number[]): boolean {
  const { start, end } = r;
  const lineCount = lineLengths.length;
  const ok =
    Number.isInteger(start.line) &&
    Number.isInteger(start.column) &&
    start.line >= 1 &&
    start.column >= 1 &&
    start.line <= lineCount &&
    end.line <= lineCount &&
    start.column <= lineLengths[start.line - 1]! + 1 &&
    end.column <= lineLengths[end.line - 1]! + 1 &&
    (end.line > start.line || (end.line === start.line && end.column >= start.column));
  if (!ok) return false;
  return end.line > start.line || end.column > start.column || lineLengths[start.line - 1] === 0;
}

function checkParsed(p: ParsedFile, text: string, paths: (string | number)[][]): void {
  const lineCount = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.length - 1 : l.length));
  for (const d of p.diagnostics) expect(validRange(d.range, lineCount), JSON.stringify(d)).toBe(true);
  for (const c of p.comments) expect(validRange(c.range, lineCount), JSON.stringify(c)).toBe(true);
  for (const doc of p.documents) {
    for (const path of paths) {
      for (const key of [false, true]) {
        const loc = doc.locate(path, { key });
        expect(validRange(loc.range, lineCount), JSON.stringify({ path, range: loc.range })).toBe(true);
        expect(typeof doc.has(path)).toBe('boolean');
      }
    }
  }
}

// Characters that matter to the three syntaxes.
const SYNTAX = [...'abAZ_09 \t\n\r:-#&*!|>\'"`[]{},.=$\\<<EOF\uFEFF😀'].map((c) => fc.constant(c));
const syntaxText = fc
  .array(fc.oneof(...SYNTAX, fc.constantFrom('FROM ', 'RUN ', 'export ', 'apiVersion: v1\n', 'kind: List\n', 'items:\n', '---\n', '<<: *a\n', '&a ', '- ')), {
    maxLength: 200,
  })
  .map((parts) => parts.join(''));
const pathArb = fc.array(
  fc.oneof(fc.string({ maxLength: 5 }), fc.nat(5), fc.constantFrom('items', 'entries', 'instructions', 'stages', 'arguments', 'key', 'value', 'image', 'a', 'kind')),
  {
    maxLength: 5,
  },
);

describe('parseFile never throws', () => {
  it('on arbitrary text of every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.string({ unit: 'binary', maxLength: 300 }), fc.array(pathArb, { maxLength: 4 }), (kind, text, paths) => {
        checkParsed(parseFile(file(kind, text)), text, paths);
      }),
      { numRuns: 400 },
    );
  });

  it('on syntax-heavy text of every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), syntaxText, fc.array(pathArb, { maxLength: 4 }), (kind, text, paths) => {
        checkParsed(parseFile(file(kind, text)), text, paths);
      }),
      { numRuns: 1500 },
    );
  });

  it('on mutations of a valid manifest', () => {
    const base = `apiVersion: v1
kind: List
items:
  - &pod
    apiVersion: v1
    kind: Pod
    metadata: {name: a, labels: {app: x}}
    spec:
      containers:
        - name: c # comment
          image: "nginx"
          env: [{name: A, value: "1"}]
  - <<: *pod
    kind: Pod
`;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length), fc.nat(3), fc.constantFrom('', ' ', '\t', '\n', ':', '-', '[', '{', '*pod', '&x', '"', "'", '#', '\r\n')), { maxLength: 6 }),
        (edits) => {
          let text = base;
          for (const [at, del, ins] of edits) {
            const i = Math.min(at, text.length);
            text = text.slice(0, i) + ins + text.slice(i + del);
          }
          const p = parseFile(file('kubernetes', text));
          checkParsed(p, text, [[], ['spec', 'containers', 0, 'image'], ['metadata', 'name'], ['x', 1, 'y']]);
        },
      ),
      { numRuns: 800 },
    );
  });
});
