// Very deep nesting (10,000 levels of flow brackets, block mappings, block sequences, flow
// mappings; Helm templates with 10,000 nested parentheses): no stack overflow, no throw; the
// YAML is reported as an invalid-yaml finding where the nesting becomes excessive.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const N = 10_000;
const SHAPES: Record<string, string> = {
  brackets: '['.repeat(N) + ']'.repeat(N) + '\n',
  mappings: Array.from({ length: N }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n',
  sequences: 'a:\n' + Array.from({ length: N }, (_, i) => `${' '.repeat(i + 1)}-`).join('\n') + ' x\n',
  'flow mappings': '{a: '.repeat(N) + '1' + '}'.repeat(N) + '\n',
};

describe('very deep nesting', () => {
  for (const [shape, text] of Object.entries(SHAPES)) {
    it(`${shape}: no stack overflow; an invalid-yaml finding in every YAML kind`, () => {
      const files = [
        { path: 'k8s/deep.yaml', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: ${text}` },
        { path: 'docker-compose.yml', text },
        { path: 'charts/app/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 1.0.0\n' },
        { path: 'charts/app/values.yaml', text },
        { path: 'charts/app/templates/cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  x: {{ toYaml .Values | quote }}\n' },
      ];
      const { report } = lint({ files });
      expect(report.notices.filter((n) => /internal error/i.test(n))).toEqual([]);
      for (const path of ['k8s/deep.yaml', 'docker-compose.yml', 'charts/app/values.yaml']) {
        const found = report.findings.filter((f) => f.file === path && f.ruleId === 'invalid-yaml');
        expect(found.length, path).toBeGreaterThan(0);
        expect(found[0]!.range.start.line + found[0]!.range.start.column, path).toBeGreaterThan(2); // where it gets deep, not 1:1
      }
    }, 60_000);
  }

  it('Helm templates with 10,000 nested parentheses or blocks: no stack overflow, no internal error', () => {
    const files = [
      { path: 'charts/app/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 1.0.0\n' },
      { path: 'charts/app/values.yaml', text: 'x: 1\n' },
      { path: 'charts/app/templates/parens.yaml', text: `a: {{ ${'('.repeat(N)}1${')'.repeat(N)} }}\n` },
      { path: 'charts/app/templates/ifs.yaml', text: `${'{{ if .Values.x }}'.repeat(N)}a: 1\n${'{{ end }}'.repeat(N)}\n` },
    ];
    let result: ReturnType<typeof lint> | undefined;
    expect(() => (result = lint({ files }))).not.toThrow();
    expect(result!.report.notices.filter((n) => /internal error/i.test(n))).toEqual([]);
  }, 60_000);
});
