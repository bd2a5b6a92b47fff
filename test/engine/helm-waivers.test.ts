// Waivers written as Go template comments in Helm templates: they never reach the rendered output,
// yet apply to the findings that point at the next template line (or at the whole template file).
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const RULES = ['require-probes', 'require-resource-limits', 'no-root-containers', 'invalid-suppression'];

function chart(template: string[]): { path: string; text: string }[] {
  return [
    { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 1.0.0\n' },
    { path: 'chart/values.yaml', text: 'image: nginx:1.27.0\n' },
    { path: 'chart/templates/deployment.yaml', text: template.join('\n') + '\n' },
  ];
}

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ .Release.Name }}',
  'spec:',
  '  selector:',
  '    matchLabels: { app: x }',
  '  template:',
  '    metadata:',
  '      labels: { app: x }',
  '    spec:',
  '      containers:',
];

const summary = (findings: readonly { ruleId: string; file: string; range: { start: { line: number; column: number } }; suppression?: { kind: string; reason: string } }[]) =>
  findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}${f.suppression ? ` ${f.suppression.kind}: ${f.suppression.reason}` : ''}`).sort();

describe('waivers in Helm template comments', () => {
  it('applies a next-line waiver in {{/* */}} and a file waiver in {{- /* */ -}} to rendered findings', () => {
    const { report } = lint({
      onlyRules: RULES,
      files: chart([
        '{{- /* readiness-lint-disable-file require-resource-limits -- sized by the vertical autoscaler */ -}}',
        ...DEPLOYMENT,
        '        {{/* readiness-lint-disable-next-line require-probes -- a batch worker */}}',
        '        - name: app',
        '          image: {{ .Values.image }}',
      ]),
    });
    expect(summary(report.findings)).toEqual(['no-root-containers@15:11']);
    expect(summary(report.waived)).toEqual(['require-probes@15:11 inline: a batch worker', 'require-resource-limits@15:11 file: sized by the vertical autoscaler']);
  });

  it('waives the line after a comment that spans lines, not the line after it opens', () => {
    const waiver = ['        {{- /*', '        readiness-lint-disable-next-line require-probes', '          -- a batch worker', '        */}}'];
    const { report } = lint({ onlyRules: RULES, files: chart([...DEPLOYMENT, ...waiver, '        - name: app', '          image: {{ .Values.image }}']) });
    expect(summary(report.waived)).toEqual(['require-probes@17:11 inline: a batch worker']);
    expect(summary(report.findings)).toEqual(['no-root-containers@17:11', 'require-resource-limits@17:11']);
  });

  it('does not waive a finding two lines below the comment', () => {
    const { report } = lint({
      onlyRules: RULES,
      files: chart([
        ...DEPLOYMENT,
        '        {{/* readiness-lint-disable-next-line require-probes -- too far up */}}',
        '',
        '        - name: app',
        '          image: {{ .Values.image }}',
      ]),
    });
    expect(report.waived).toEqual([]);
    expect(summary(report.findings)).toContain('require-probes@15:11');
  });

  it('reports an invalid waiver in a template comment as invalid-suppression, at the comment', () => {
    const { report } = lint({
      onlyRules: RULES,
      files: chart([
        '{{/* readiness-lint-disable-file require-probez -- typo */}}',
        ...DEPLOYMENT,
        '        {{- /* readiness-lint-disable-next-line require-probes */}}',
        '        - name: app',
        '          image: {{ .Values.image }}',
      ]),
    });
    const invalid = report.findings.filter((f) => f.ruleId === 'invalid-suppression');
    expect(invalid.map((f) => [f.file, `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`, f.message])).toEqual([
      ['chart/templates/deployment.yaml', '1:3-1:59', "readiness-lint-disable-file names unknown rule 'require-probez' (did you mean 'require-probes'?)"],
      ['chart/templates/deployment.yaml', '14:13-14:66', "readiness-lint-disable-next-line require-probes has no reason; add ' -- <why this is acceptable>'"],
    ]);
    expect(report.waived).toEqual([]);
    expect(summary(report.findings)).toContain('require-probes@15:11');
  });
});
