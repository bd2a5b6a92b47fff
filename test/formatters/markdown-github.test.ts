import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { formatMarkdown } from '../../src/formatters/markdown.js';
import { annotation, escapeProperty, formatGithub, MAX_ANNOTATIONS_PER_LEVEL } from '../../src/formatters/github.js';

const manyBroken = Array.from({ length: 13 }, (_, i) => ({ path: `k8s/broken-${String(i).padStart(2, '0')}.yaml`, text: 'apiVersion: v1\nkind: Service\nmetadata: [\n' }));

describe('markdown', () => {
  it('shows score, categories, top findings with rule links, and the checklist', () => {
    const { report } = lint({ files: manyBroken });
    const md = formatMarkdown(report, { fileUrl: (p, l) => `https://example.test/blob/abc/${p}#L${l}` });
    expect(md).toMatch(/^## readiness-lint: \d+\/100 \([A-F]\) for production/);
    expect(md).toContain('| validity |');
    expect(md).toContain('### Findings');
    expect(md).toContain('[invalid-yaml](https://github.com/readiness-lint/readiness-lint/blob/v');
    expect(md).toContain('(https://example.test/blob/abc/k8s/broken-00.yaml#L4)');
    expect(md).toContain('<details><summary>Checklist</summary>');
  });

  it('escapes table-breaking characters in messages', () => {
    const { report } = lint({ files: [{ path: '.env', text: 'A|B <x>\n' }] });
    const md = formatMarkdown(report);
    const row = md.split('\n').find((l) => l.includes('invalid-env') && l.includes('.env:1'))!;
    expect(row).not.toMatch(/<x>/);
  });
});

describe('github annotations', () => {
  it('emits at most 10 per level and one notice counting the rest', () => {
    const { report } = lint({ files: manyBroken });
    const lines = formatGithub(report).trim().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(MAX_ANNOTATIONS_PER_LEVEL);
    expect(lines.at(-1)).toBe('::notice title=readiness-lint::3 more findings not annotated (3 errors, 0 warnings, 0 notes); see the job summary or the SARIF results');
    expect(lines[0]).toMatch(/^::error file=k8s\/broken-00\.yaml,line=4,col=\d+,endLine=\d+,endColumn=\d+,title=readiness-lint invalid-yaml::/);
  });

  it('escapes data and properties as the runner expects', () => {
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const line = annotation({
      ruleId: 'r',
      severity: 'note',
      category: 'validity',
      messageId: 'm',
      message: '50% done\nnext',
      file: 'a,b.yaml',
      range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
      environment: 'production',
      target: 't',
      fingerprint: '0'.repeat(32),
    });
    expect(line).toBe('::notice file=a%2Cb.yaml,line=1,col=1,endLine=1,endColumn=2,title=readiness-lint r::50%25 done%0Anext');
  });
});
