// Property-based tests (issue 6, item 2): parseFile on arbitrary text of every parsed kind never
// throws, and every range it reports (diagnostics, comments, locate() of any path) lies inside
// the file: line within the line count, column within the line + 1, start ≤ end.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileKind, ParsedFile } from '../../src/model/types.js';
import { parseFile } from '../../src/parsers/index.js';
import { linesOf, rangeProblem } from './ranges.js';

const PATHS: (string | number)[][] = [
  [],
  ['metadata', 'name'],
  ['spec', 'template', 'spec', 'containers', 0, 'image'],
  ['services', 'web', 'ports', 0],
  ['items', 0, 'kind'],
  ['image', 'tag'],
  ['a', 'b', 'c'],
  ['instructions', 0],
  ['instructions', 1, 'arguments', 0],
  ['stages', 0, 'image'],
  ['entries', 0, 'key'],
  ['entries', 2, 'value'],
  ['values', 'PASSWORD'],
  [99, 'x'],
];

function check(kind: FileKind, text: string): void {
  let parsed: ParsedFile | undefined;
  expect(() => (parsed = parseFile({ path: 'f', text, kind, environment: 'unknown' }))).not.toThrow();
  const lines = linesOf(text);
  const where = (what: string, problem: string | undefined) => `${kind} ${what}: ${problem} in ${JSON.stringify(text)}`;
  for (const d of parsed!.diagnostics) {
    const p = rangeProblem(d.range, lines);
    expect(p, where('diagnostic', p)).toBeUndefined();
  }
  for (const c of parsed!.comments) {
    const p = rangeProblem(c.range, lines);
    expect(p, where('comment', p)).toBeUndefined();
  }
  for (const doc of parsed!.documents) {
    for (const path of PATHS) {
      for (const key of [false, true]) {
        const loc = doc.locate(path, { key });
        expect(loc.file).toBe('f');
        const p = rangeProblem(loc.range, lines);
        expect(p, where(`locate(${JSON.stringify(path)}, key ${key})`, p)).toBeUndefined();
        expect(typeof doc.has(path)).toBe('boolean');
      }
    }
  }
}

// Text built from the tokens that matter to each syntax, so the parsers' interesting paths run.
const token = (tokens: string[]) =>
  fc.array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 60 }).map((parts) => parts.join(''));

const YAML_TOKENS = [
  'apiVersion: apps/v1\n',
  'kind: Deployment\n',
  'kind: List\n',
  'items:\n',
  'metadata:\n',
  '  name: x\n',
  'spec:\n',
  '  containers:\n',
  '  - name: c\n',
  '    image: nginx\n',
  'services:\n',
  '  web:\n',
  '    image: redis\n',
  '---\n',
  '...\n',
  '- ',
  ': ',
  '&a ',
  '*a',
  '<<: *a\n',
  '? ',
  '!!str ',
  '!tag ',
  '|\n',
  '>-\n',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '#',
  ' # c\n',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '  ',
  '%YAML 1.2\n',
  '\uFEFF',
  '😀',
  '\u0085',
  '\u2028',
];
const DOCKER_TOKENS = [
  'FROM node:20 AS build\n',
  'FROM ${BASE}\n',
  'ARG BASE=alpine\n',
  'RUN ',
  'RUN <<EOF\n',
  'EOF\n',
  'COPY --from=build ',
  'USER root\n',
  'ENV A=1 B="2"\n',
  'HEALTHCHECK CMD true\n',
  'EXPOSE 80\n',
  'CMD ["a", "b"]\n',
  '# syntax=docker/dockerfile:1\n',
  '# escape=`\n',
  '\\\n',
  '`\n',
  '$',
  '{',
  '}',
  '"',
  "'",
  '[',
  ']',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '#',
  '😀',
];
const ENV_TOKENS = [
  'KEY=value\n',
  'export ',
  'PASSWORD=',
  'A="b\nc"\n',
  "B='x'\n",
  'C=`y`\n',
  '=',
  '#',
  ' # c',
  '"',
  "'",
  '`',
  '\\',
  '$',
  '${A}',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '😀',
  '\uFEFF',
];

const CASES: [FileKind, fc.Arbitrary<string>][] = [
  ['kubernetes', token(YAML_TOKENS)],
  ['compose', token(YAML_TOKENS)],
  ['helm-values', token(YAML_TOKENS)],
  ['helm-chart', token(YAML_TOKENS)],
  ['dockerfile', token(DOCKER_TOKENS)],
  ['env', token(ENV_TOKENS)],
  ['env-template', token(ENV_TOKENS)],
  ['helm-template', token([...YAML_TOKENS, '{{ .Values.x }}', '{{- if .Values.y }}', '{{ end }}'])],
];

describe('parseFile on arbitrary input', () => {
  for (const [kind, text] of CASES) {
    it(`${kind}: never throws, every range lies inside the file (syntax-shaped text)`, () => {
      fc.assert(
        fc.property(text, (t) => check(kind, t)),
        { numRuns: 300 },
      );
    }, 120_000);
    it(`${kind}: never throws, every range lies inside the file (any string)`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (t) => check(kind, t)),
        { numRuns: 150 },
      );
    }, 120_000);
  }
});
