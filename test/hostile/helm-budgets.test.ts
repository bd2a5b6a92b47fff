// Hostile Helm charts: templates that ask for unbounded work. Before the per-chart work budget,
// `repeat 200000000`, 300 documents of 1 MB, an include fan-out of 2^25 calls and three nested
// `range until 1000` loops made V8 abort out of memory (exit 134) or hang, and a backtracking regex
// (`regexReplaceAll "(a+)+$"` on 40 characters) never returned. Each chart below must end in
// seconds with a helm-render-error naming the budget that ran out, and the same run must still judge
// an ordinary manifest next to it. Go's own bounds are kept: printf widths over 1e6 are Go's %!(NOVERB).
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { DEPLOYMENT } from './helpers.js';

const CHART_YAML = 'apiVersion: v2\nname: bomb\nversion: 0.1.0\n';

function lintChart(template: string) {
  const files = [
    { path: 'chart/Chart.yaml', text: CHART_YAML },
    { path: 'chart/values.yaml', text: 'replicaCount: 1\n' },
    { path: 'chart/templates/bomb.yaml', text: template },
    // an ordinary manifest beside the chart: its privileged container must still be reported
    { path: 'k8s/web.yaml', text: DEPLOYMENT },
  ];
  const started = performance.now();
  const { report } = lint({ files });
  const seconds = (performance.now() - started) / 1000;
  const renderErrors = report.findings.filter((f) => f.ruleId === 'helm-render-error');
  const otherFile = report.findings.filter((f) => f.file === 'k8s/web.yaml');
  return { report, seconds, renderErrors, otherFile };
}

function expectBudgetFinding(result: ReturnType<typeof lintChart>, budget: RegExp): void {
  expect(result.renderErrors.map((f) => f.message)).toEqual([expect.stringMatching(budget)]);
  expect(result.renderErrors[0]!.message).toMatch(/^rendering stopped: the chart's budget of \d+ .* was exceeded/);
  expect(result.renderErrors[0]!.file).toBe('chart/templates/bomb.yaml');
  // generous: these used to hang or abort; on a loaded 2-core machine they take a few seconds
  expect(result.seconds).toBeLessThan(60);
  expect(result.otherFile.some((f) => f.ruleId === 'no-privileged-containers' || /privileged/i.test(f.message))).toBe(true);
}

/** A chain of 25 templates, each including the next one twice: 2^25 calls when executed. */
function fanOut(levels: number, body: (callee: string) => string): string {
  const lines = ['{{ define "f0" }}x{{ end }}'];
  for (let i = 1; i <= levels; i++) lines.push(`{{ define "f${i}" }}${body(`f${i - 1}`)}{{ end }}`);
  return lines.join('\n') + `\n{{ include "f${levels}" . }}\n`;
}

describe('a Helm chart that asks for unbounded work ends with a budget finding; the rest of the run goes on', () => {
  it('repeat 200000000: the string is refused before it is built', () => {
    const r = lintChart('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: {{ repeat 200000000 "ab" | quote }}\n');
    expectBudgetFinding(r, /characters in one string/);
  }, 120_000);

  it('300 rendered documents of 1 MB: the output budget ends the chart', () => {
    const r = lintChart('{{- range $i := until 300 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{ $i }}\ndata:\n  x: {{ repeat 1000000 "a" }}\n{{- end }}\n');
    expectBudgetFinding(r, /characters of output/);
  }, 120_000);

  it('an include fan-out of 2^25 calls printed: the carried output positions run out', () => {
    const r = lintChart(fanOut(25, (f) => `{{ include "${f}" . }}{{ include "${f}" . }}`));
    expectBudgetFinding(r, /output positions carried through includes/);
  }, 120_000);

  it('an include fan-out of 2^25 calls kept in variables: the call budget runs out', () => {
    const r = lintChart(fanOut(25, (f) => `{{ $a := include "${f}" . }}{{ $b := include "${f}" . }}{{ len $a }}{{ len $b }}`));
    expectBudgetFinding(r, /template and function calls/);
  }, 120_000);

  it('three nested range until 1000 loops: the iteration budget runs out, reported at the running action', () => {
    const r = lintChart('# loops\n{{ range until 1000 }}{{ range until 1000 }}{{ range until 1000 }}a{{ end }}{{ end }}{{ end }}\n');
    expectBudgetFinding(r, /range iterations/);
    expect(r.renderErrors[0]!.range.start.line).toBe(2);
    expect(r.renderErrors[0]!.range.start.column).toBeGreaterThan(1);
  }, 120_000);

  it('until 100000000000: the list is refused before it is built', () => {
    const r = lintChart('{{ range until 100000000000 }}a{{ end }}\n');
    expectBudgetFinding(r, /elements in one list/);
  }, 120_000);

  it('a string or a list doubled in a loop is stopped at the size limit, not at the heap limit', () => {
    const strings = lintChart('{{ $s := "ab" }}{{ range until 40 }}{{ $s = printf "%s%s" $s $s }}{{ end }}{{ len $s }}\n');
    expectBudgetFinding(strings, /characters in one string/);
    const lists = lintChart('{{ $l := list 1 }}{{ range until 40 }}{{ $l = concat $l $l }}{{ end }}{{ len $l }}\n');
    expectBudgetFinding(lists, /elements in one list/);
  }, 120_000);

  it("printf with a width of 1e9 is Go's %!(NOVERB), not a 1 GB string; wide printfs in a loop hit the output budget", () => {
    const ok = lintChart('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: {{ printf "%1000000000d" 1 | quote }}\n');
    expect(ok.renderErrors).toEqual([]);
    const loop = lintChart('{{ range until 1000 }}{{ printf "%9999999d" 1 }}{{ end }}\n');
    expectBudgetFinding(loop, /characters of output/);
  }, 120_000);

  it('regexReplaceAll "(a+)+$" on 40 characters returns at once (RE2 semantics, no backtracking)', () => {
    const subject = 'a'.repeat(40) + 'b';
    const r = lintChart(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: {{ regexReplaceAll "(a+)+$" "${subject}" "x" | quote }}\n  y: {{ regexMatch "^(a|aa)+$" "${subject}" | quote }}\n  z: {{ regexFindAll "(a*)*b" "${subject}" -1 | join "," | quote }}\n`,
    );
    expect(r.renderErrors).toEqual([]);
    expect(r.seconds).toBeLessThan(60);
    expect(r.otherFile.length).toBeGreaterThan(0);
  }, 120_000);
});
