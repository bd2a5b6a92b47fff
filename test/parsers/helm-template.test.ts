// Waiver candidates in Helm templates: Go template comments found by the template lexer, with
// their exact positions, next to the `#` line comments.
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/parsers/index.js';
import { templateComments } from '../../src/parsers/helm-template.js';
import { file, fmt } from './helpers.js';

const comments = (text: string) => parseFile(file('helm-template', text)).comments.map((c) => [c.text, fmt(c.range)]);

describe('Helm template comments', () => {
  it('positions plain and trimmed comments from the opening to the closing marker', () => {
    const text = [
      '{{/* readiness-lint-disable-file require-probes -- batch */}}',
      'kind: Deployment',
      '  {{- /* readiness-lint-disable-next-line no-root-containers -- legacy */ -}}',
      '  x: 1',
    ].join('\n');
    expect(comments(text)).toEqual([
      ['readiness-lint-disable-file require-probes -- batch', '1:3-1:60'],
      ['readiness-lint-disable-next-line no-root-containers -- legacy', '3:7-3:74'],
    ]);
  });

  it('reads a comment spread over lines as one line and ends it where it closes', () => {
    const text = 'a: 1\n{{- /*\n  readiness-lint-disable-next-line require-probes\n    -- a sidecar\n*/}}\nb: 2\n';
    expect(comments(text)).toEqual([['readiness-lint-disable-next-line require-probes -- a sidecar', '2:5-5:3']]);
  });

  it('does not count a `#` line inside a template comment twice', () => {
    const text = '{{/*\n# readiness-lint-disable-next-line require-probes -- x\n*/}}\n# readiness-lint-disable-file require-probes -- y\n';
    expect(comments(text)).toEqual([
      ['# readiness-lint-disable-next-line require-probes -- x', '1:3-3:3'],
      ['readiness-lint-disable-file require-probes -- y', '4:1-4:50'],
    ]);
  });

  it('takes no comment marker inside a string or plain YAML for a comment', () => {
    const text = 'note: "/* readiness-lint-disable-file a -- b */"\nv: {{ "/* readiness-lint-disable-file a -- b */" }}\n';
    expect(templateComments(text)).toEqual([]);
    expect(comments(text)).toEqual([]);
  });

  it('keeps the comments before a lexing error and never throws', () => {
    const text = '{{/* readiness-lint-disable-file require-probes -- ok */}}\n{{ "unterminated }}\n{{/* readiness-lint-disable-file x -- y */}}\n';
    expect(comments(text).map(([t]) => t)).toEqual(['readiness-lint-disable-file require-probes -- ok']);
    expect(comments('{{/* readiness-lint-disable-file a -- unclosed\n')).toEqual([]);
  });

  it('leaves templates that do not mention readiness-lint to the `#` scan', () => {
    expect(comments('{{/* just a note */}}\n# plain\n')).toEqual([['plain', '2:1-2:8']]);
    expect(templateComments('{{/* just a note */}}')).toEqual([{ text: 'just a note', range: { start: { line: 1, column: 3 }, end: { line: 1, column: 20 } } }]);
  });
});
